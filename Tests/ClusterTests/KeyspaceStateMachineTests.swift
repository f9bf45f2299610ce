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
        let plain = source.snapshot()
        #expect(plain.starts(with: Array("SKKS".utf8)), "no replicated config: the plain keyspace image")
        _ = apply(["CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"], to: source)
        let image = source.snapshot()
        #expect(image.first == KeyspaceStateMachine.configSnapshotMarker)

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
