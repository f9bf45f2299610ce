import Commands
import Keyspace
import RESP
import Testing

@testable import Cluster

@Suite struct KeyspaceStateMachineTests {
    private func apply(_ words: [String], to machine: KeyspaceStateMachine) -> String {
        var reply = ReplyWriter()
        machine.apply(arguments: Arguments(strings: words), database: 0, nowMs: 1_000, seed: 1, reply: &reply)
        return String(decoding: reply.bytes, as: UTF8.self)
    }

    @Test func configSetIsRecordedAndReported() {
        let machine = KeyspaceStateMachine(keyspace: Keyspace(databaseCount: 1))
        var told: [[String]] = []
        machine.onConfigSet = { pairs in told.append(pairs.flatMap { [$0.name, $0.value] }) }
        #expect(apply(["CONFIG", "SET", "MaxMemory", "1048576", "maxmemory-policy", "allkeys-lru"], to: machine) == "+OK\r\n")
        #expect(apply(["config", "set", "maxmemory", "2097152"], to: machine) == "+OK\r\n")
        #expect(told == [["maxmemory", "1048576", "maxmemory-policy", "allkeys-lru"], ["maxmemory", "2097152"]])
        #expect(machine.replicatedConfig.map(\.name) == ["maxmemory", "maxmemory-policy"])
        #expect(machine.replicatedConfig.first?.value == "2097152")
        #expect(apply(["CONFIG", "SET", "maxmemory"], to: machine).hasPrefix("-ERR wrong number of arguments"),
                "an odd CONFIG SET is not a config entry")
    }

    @Test func snapshotsCarryTheReplicatedConfigAndOldImagesStillRestore() throws {
        let source = KeyspaceStateMachine(keyspace: Keyspace(databaseCount: 1))
        _ = apply(["SET", "k", "v"], to: source)
        // What a build before ACL users wrote: the plain keyspace image.
        let plain = source.keyspace.encodeSnapshot()
        #expect(plain.starts(with: Array("SKKS".utf8)))
        _ = apply(["CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"], to: source)
        let image = source.snapshot()
        #expect(image.first == KeyspaceStateMachine.usersSnapshotMarker)

        let restored = KeyspaceStateMachine(keyspace: Keyspace(databaseCount: 1))
        var told: [String] = []
        restored.onConfigSet = { pairs in told += pairs.map { "\($0.name)=\($0.value)" } }
        try restored.restore(from: image)
        #expect(told == ["maxmemory-policy=allkeys-lfu"])
        #expect(restored.keyspace[0].count == 1)
        try restored.restore(from: plain)
        #expect(restored.keyspace[0].count == 1)
        #expect(throws: (any Error).self) { try restored.restore(from: Array(image.prefix(5))) }
    }

    @Test func aclChangesApplyAndSnapshotsCarryTheUsers() throws {
        let source = KeyspaceStateMachine(keyspace: Keyspace(databaseCount: 1))
        var changes = 0
        source.onUsersChanged = { changes += 1 }
        #expect(apply(["ACL", "SETUSER", "alice", "on", ">pw", "%R~r*", "&ch*", "+@read", "-get"], to: source) == "+OK\r\n")
        #expect(apply(["ACL", "SETUSER", "bob", "+frob"], to: source).hasPrefix("-ERR Error in ACL SETUSER modifier '+frob'"))
        #expect(apply(["ACL", "SETUSER", "carol", "on"], to: source) == "+OK\r\n")
        #expect(apply(["ACL", "DELUSER", "carol", "nobody"], to: source) == ":1\r\n")
        #expect(changes == 3, "a refused SETUSER changes nothing")
        _ = apply(["SET", "k", "v"], to: source)

        let restored = KeyspaceStateMachine(keyspace: Keyspace(databaseCount: 1))
        try restored.restore(from: source.snapshot())
        #expect(restored.users.sorted == source.users.sorted)
        #expect(restored.users["alice"]!.accepts(password: Array("pw".utf8)))
        #expect(restored.keyspace[0].count == 1)
        // An older build's snapshot (no users section) leaves this node's users alone.
        try restored.restore(from: source.keyspace.encodeSnapshot())
        #expect(restored.users["alice"] != nil)
    }

    @Test func evictionDeletesOnlyWhatExists() {
        let machine = KeyspaceStateMachine(keyspace: Keyspace(databaseCount: 2))
        _ = apply(["SET", "k", "v"], to: machine)
        machine.evict(database: 0, key: Array("k".utf8))
        machine.evict(database: 0, key: Array("missing".utf8))
        machine.evict(database: 7, key: Array("k".utf8))  // out of range: ignored
        #expect(machine.keyspace[0].count == 0)
        #expect(machine.keyspace.evictedKeys == 1)
    }
}
