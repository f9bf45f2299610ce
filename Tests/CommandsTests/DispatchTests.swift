import Commands
import Keyspace
import RESP
import Testing

@Suite struct DispatchTests {
    @Test func lookupIgnoresCaseAndFindsSubcommands() {
        #expect(Commands.spec(named: Array("GeT".utf8)[...])?.name == "get")
        #expect(Commands.spec(named: Array("nosuch".utf8)[...]) == nil)
        let object = Commands.spec(named: Array("OBJECT".utf8)[...])
        #expect(object?.subcommands.map(\.name).contains("object|encoding") == true)
    }

    @Test func tableNamesAreUniqueLowercaseAndServerCommandsHaveNoHandler() {
        let names = Commands.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0 == $0.lowercased() })
        for name in ["ping", "echo", "hello", "auth", "select", "quit", "reset", "client", "config", "command",
                     "time", "lastsave", "shutdown", "debug", "info"] {
            let spec = Commands.spec(named: Array(name.utf8)[...])
            #expect(spec != nil && spec?.handler == nil, "\(name)")
        }
        for spec in Commands.all where spec.handler == nil {
            #expect(serverImplemented.contains { $0.name == spec.name }, "\(spec.name) lacks a handler")
        }
    }

    /// The commands SkiffServer runs itself (the table holds their specs without a handler).
    let serverImplemented = ServerCommandSpecs.specs + ClusterCommandSpecs.specs + TransactionCommandSpecs.specs
        + ACLCommandSpecs.specs
        + PubSubCommands.specs.filter { $0.handler == nil } + MemoryCommands.specs

    @Test func specsCarryRedisMetadata() {
        let set = Commands.spec(named: Array("set".utf8)[...])!
        #expect(set.arity == -3)
        #expect(set.flags == [.write, .denyOOM])
        #expect(set.aclCategories == ["@write", "@string", "@slow"])
        #expect((set.firstKey, set.lastKey, set.keyStep) == (1, 1, 1))
        let mset = Commands.spec(named: Array("mset".utf8)[...])!
        #expect((mset.firstKey, mset.lastKey, mset.keyStep) == (1, -1, 2))
        #expect(CommandFlags([.readonly, .fast, .mayReplicate]).replyNames == ["readonly", "fast"])
    }

    @Test func unknownCommandQuotesArgumentsLikeRedis() {
        var harness = Harness()
        let a = String(repeating: "a", count: 60), b = String(repeating: "b", count: 60)
        let c = String(repeating: "c", count: 60)
        #expect(harness("foo \(a) \(b) \(c) d")
            == "-ERR unknown command 'foo', with args beginning with: '\(a)' '\(b)' 'cc' \r\n")
        let long = String(repeating: "x", count: 140)
        #expect(harness("\(long) y")
            == "-ERR unknown command '\(long.prefix(128))', with args beginning with: 'y' \r\n")
        #expect(harness("foo a\\x00b \"x\\x0ay\"") == "-ERR unknown command 'foo', with args beginning with: 'a' 'x y' \r\n")
        #expect(harness("foo") == "-ERR unknown command 'foo', with args beginning with: \r\n")
    }

    @Test func serverCommandsAreNotRunHere() {
        var harness = Harness()
        #expect(harness("PING") == "-ERR unknown command 'PING', with args beginning with: \r\n")
    }

    @Test func applyWithoutAConnection() {
        let keyspace = Keyspace()
        let set = Commands.apply(Arguments(strings: ["SET", "k", "v", "PX", "100"]), nowMs: 1_000, seed: 1, to: keyspace)
        #expect(set == Array("+OK\r\n".utf8))
        #expect(Commands.apply(Arguments(strings: ["PTTL", "k"]), nowMs: 1_050, seed: 2, to: keyspace) == Array(":50\r\n".utf8))
        #expect(Commands.apply(Arguments(strings: ["GET", "k"]), nowMs: 1_100, seed: 3, to: keyspace) == Array("$-1\r\n".utf8))
    }

    @Test func everyDataCommandHasAHandlerAndSaneKeys() {
        for spec in Commands.all where !serverImplemented.contains(where: { $0.name == spec.name }) {
            #expect(spec.handler != nil, "\(spec.name)")
            for sub in spec.subcommands { #expect(sub.handler != nil, "\(sub.name)") }
            #expect(spec.arity != 0, "\(spec.name)")
            #expect(spec.flags.contains(.write) || spec.flags.contains(.readonly) || !spec.subcommands.isEmpty
                    || ["dbsize", "randomkey"].contains(spec.name) || spec.flags.contains(.admin)
                    || spec.flags.contains(.mayReplicate), "\(spec.name)")
        }
    }

    @Test func emptyArgumentVectorWritesNothing() {
        var harness = Harness()
        #expect(harness.run([]).isEmpty)
    }
}
