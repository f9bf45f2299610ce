import Commands
import RESP
import Testing

/// ACL rules, checks and descriptions; the expected texts are Redis 7.0.15's.
@Suite struct ACLUserTests {
    func user(_ rules: String...) throws -> ACLUser {
        var user = ACLUser(name: "alice")
        for rule in rules { try user.apply(rule.utf8) }
        return user
    }

    func check(_ user: ACLUser, _ words: String...) -> ACLDenial? {
        let arguments = Arguments(strings: words)
        var spec = Commands.spec(named: arguments[0])!
        if !spec.subcommands.isEmpty, let sub = spec.subcommands.first(where: { $0.name == "\(words[0])|\(words[1])" }) { spec = sub }
        return user.check(arguments, spec: spec, id: ACLCommandTable.shared.id(of: spec.name)!)
    }

    func line(_ user: ACLUser) -> String { String(decoding: user.description(), as: UTF8.self) }

    @Test func newUserIsOffWithNothing() {
        #expect(line(ACLUser(name: "carol")) == "carol off resetchannels -@all")
        #expect(line(ACLUser.makeDefault()) == "default on nopass ~* &* +@all")
    }

    @Test func passwords() throws {
        var alice = try user("on", ">pw")
        #expect(alice.accepts(password: Array("pw".utf8)))
        #expect(!alice.accepts(password: Array("other".utf8)))
        #expect(line(alice) == "alice on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 resetchannels -@all")
        try alice.apply("<pw".utf8)
        #expect(!alice.accepts(password: Array("pw".utf8)))
        #expect(throws: ACLRuleError.noSuchPassword) { try alice.apply("<pw".utf8) }
        #expect(throws: ACLRuleError.badPasswordHash) { try alice.apply("#abc".utf8) }
        try alice.apply("#30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4".utf8)
        #expect(alice.accepts(password: Array("pw".utf8)))
        try alice.apply("off".utf8)
        #expect(!alice.accepts(password: Array("pw".utf8)), "a disabled user cannot log in")
        try alice.apply("on".utf8)
        try alice.apply("nopass".utf8)
        #expect(alice.accepts(password: Array("anything".utf8)))
        try alice.apply("resetpass".utf8)
        #expect(!alice.accepts(password: Array("anything".utf8)))
    }

    @Test func commandRule() throws {
        let alice = try user("+get", "~*")
        #expect(check(alice, "get", "k") == nil)
        #expect(check(alice, "set", "k", "v") == .command)
        #expect(check(alice, "auth", "x") == nil, "AUTH is never denied")
        #expect(throws: ACLRuleError.unknownCommandOrCategory) { try user("+frob") }
        #expect(throws: ACLRuleError.unknownCommandOrCategory) { try user("+client|frob") }
        #expect(throws: ACLRuleError.syntax) { try user("+get|") }
    }

    @Test func subcommandAndFirstArgumentRules() throws {
        let alice = try user("+client", "-client|kill", "+select|0")
        #expect(check(alice, "client", "id") == nil)
        #expect(check(alice, "client", "kill", "1.2.3.4:5") == .command)
        #expect(check(alice, "select", "0") == nil)
        #expect(check(alice, "select", "1") == .command)
        // Single commands come in command-table order (Redis: its hash table's order).
        #expect(line(alice) == "alice off resetchannels -@all +select|0 +client -client|kill")
        #expect(throws: ACLRuleError.unknownCommandOrCategory) { try user("-select|0") }
    }

    @Test func categoryRule() throws {
        let reader = try user("+@read", "~*")
        #expect(check(reader, "get", "k") == nil)
        #expect(check(reader, "hgetall", "k") == nil)
        #expect(check(reader, "set", "k", "v") == .command)
        #expect(line(try user("+@read")) == "alice off resetchannels -@all +@read")
        #expect(line(try user("+@all", "-get", "-@hash")) == "alice off resetchannels +@all -@hash -get")
        #expect(line(try user("+@hash", "-hdel", "+get")) == "alice off resetchannels -@all +@hash +get -hdel")
        #expect(throws: ACLRuleError.unknownCommandOrCategory) { try user("+@nope") }
    }

    @Test func keyPatternRule() throws {
        let alice = try user("+@all", "~k*")
        #expect(check(alice, "get", "k1") == nil)
        #expect(check(alice, "get", "x") == .key(index: 1))
        #expect(check(alice, "mset", "k1", "v", "x", "v") == .key(index: 3))
        #expect(throws: ACLRuleError.keyPatternAfterAllKeys) { try user("allkeys", "~a") }
        #expect(throws: ACLRuleError.syntax) { try user("%X~a") }
        #expect(throws: ACLRuleError.syntax) { try user("%~a") }
    }

    @Test func readAndWriteKeyPatternRules() throws {
        let alice = try user("+@all", "%R~r*", "%W~w*")
        #expect(check(alice, "get", "r1") == nil)
        #expect(check(alice, "set", "r1", "v") == .key(index: 1))
        #expect(check(alice, "set", "w1", "v") == nil, "SET without GET only writes")
        #expect(check(alice, "set", "w1", "v", "GET") == .key(index: 1), "SET ... GET also reads")
        #expect(check(alice, "get", "w1") == .key(index: 1))
        #expect(check(alice, "lmove", "r1", "w1", "left", "right") == .key(index: 1), "LMOVE's source is written too")
        #expect(line(try user("%RW~a", "%R~b")) == "alice off ~a %R~b resetchannels -@all")
    }

    @Test func channelRule() throws {
        let alice = try user("+@all", "&ch*")
        #expect(check(alice, "publish", "ch1", "m") == nil)
        #expect(check(alice, "publish", "x", "m") == .channel(index: 1))
        #expect(check(alice, "subscribe", "ch1", "x") == .channel(index: 2))
        #expect(check(alice, "psubscribe", "ch*") == nil, "a pattern must equal an allowed pattern")
        #expect(check(alice, "psubscribe", "ch1*") == .channel(index: 1))
        #expect(check(alice, "unsubscribe", "x") == nil)
        #expect(throws: ACLRuleError.channelPatternAfterAllChannels) { try user("allchannels", "&b") }
    }

    @Test func resetClearsEverything() throws {
        #expect(line(try user("on", ">a", "~*", "&*", "+@all", "reset")) == "alice off sanitize-payload resetchannels -@all")
    }

    @Test func selectorsAreRefused() {
        #expect(throws: ACLRuleError.selectorsUnsupported) { try user("(~x +get)") }
    }
}
