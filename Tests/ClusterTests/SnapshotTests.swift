import EventLoop
import Raft
import RESP
import Testing

@testable import Cluster

@Suite(.serialized) struct SnapshotTests {
    @Test func leaderCompactsAndALaggingFollowerCatchesUpFromASnapshot() throws {
        let cluster = try TestCluster(size: 3) { $0.snapshotEveryEntries = 5 }
        let leader = try #require(cluster.awaitLeader())
        let lagging = try #require(cluster.nodes.first { $0 !== leader })
        #expect(cluster.write(["SET", "first", "1"], on: leader) == "+OK\r\n")
        lagging.isIsolated = true
        for i in 0..<30 {
            #expect(cluster.write(["SET", "k\(i % 7)", "\(i)"], on: leader) == "+OK\r\n")
        }
        #expect(cluster.run(timeoutMs: 2000) { leader.raft.snapshotIndex > 10 })
        let laggingIndex = cluster.index(of: lagging)
        #expect(cluster.machines[laggingIndex].value("k0") == nil)
        lagging.isIsolated = false
        #expect(cluster.barrier(on: lagging) == nil)
        #expect(cluster.machines[laggingIndex].dump == cluster.machines[cluster.index(of: leader)].dump)
        #expect(cluster.logs.contains { $0.hasPrefix("node \(laggingIndex + 1): installed snapshot") })
        // The at-most-once table travels in the snapshot: the same on every node.
        #expect(lagging.state.recent.mapValues { Array($0.ids) } == leader.state.recent.mapValues { Array($0.ids) })
    }

    @Test func aRestartedNodeRecoversFromItsStore() throws {
        let loop = try EventLoop()
        let port = freePorts(1)[0]
        let members = [ClusterMember(id: 1, host: "127.0.0.1", clientPort: 6379, peerPort: port)]
        let configuration = ClusterConfiguration(nodeID: 1, clusterID: 1, members: members, peerListenHost: "127.0.0.1",
                                                 tickIntervalMs: 10, snapshotEveryEntries: 4)
        let store = InMemoryLogStore()
        var lines: [String] = []
        func runUntil(_ condition: @escaping () -> Bool) {
            let poll = loop.addTimer(afterMs: 2, repeatMs: 2) { if condition() { loop.stop() } }
            let limit = loop.addTimer(afterMs: 5000) { loop.stop() }
            try? loop.run()
            loop.cancelTimer(poll)
            loop.cancelTimer(limit)
        }
        let first = KVMachine()
        var node: ClusterNode? = try ClusterNode(configuration: configuration, loop: loop, stateMachine: first,
                                                 store: store) { lines.append($0) }
        try node!.start()
        runUntil { node!.isLeader }
        var replies = 0
        for i in 0..<10 {
            node!.submitWrite(Arguments(strings: ["INCR", "n\(i % 3)"]), database: 0, protocolVersion: .resp2,
                              completion: { _ in replies += 1 })
        }
        runUntil { replies == 10 }
        let before = first.dump
        node!.stop()
        node = nil
        #expect(store.snapshot != nil)

        let second = KVMachine()
        let restarted = try ClusterNode(configuration: configuration, loop: loop, stateMachine: second, store: store) {
            lines.append($0)
        }
        try restarted.start()
        runUntil { restarted.isLeader && restarted.lastAppliedIndex == restarted.commitIndex }
        #expect(second.dump == before)
        var reply: [UInt8]?
        restarted.submitWrite(Arguments(strings: ["INCR", "n0"]), database: 0, protocolVersion: .resp3) { reply = $0 }
        runUntil { reply != nil }
        #expect(reply == Array(":5\r\n".utf8))
        restarted.stop()
    }

    @Test func readBarrierModes() throws {
        for mode in [ReadConsistency.linearizable, .lease, .stale] {
            let cluster = try TestCluster(size: 3) { $0.readConsistency = mode }
            let leader = try #require(cluster.awaitLeader())
            #expect(cluster.write(["SET", "r", "1"], on: leader) == "+OK\r\n")
            for node in cluster.nodes {
                #expect(cluster.barrier(on: node) == nil, "\(mode)")
            }
            if mode != .stale {
                for (i, machine) in cluster.machines.enumerated() { #expect(machine.value("r") == "1", "\(mode) node \(i + 1)") }
            }
        }
    }
}

@Suite(.serialized) struct SnapshotThresholdTests {
    @Test func largeWritesTriggerASnapshotByBytes() throws {
        let cluster = try TestCluster(size: 1) { $0.snapshotEveryBytes = 4096 }
        let node = try #require(cluster.awaitLeader())
        let big = String(repeating: "x", count: 1500)
        for i in 0..<4 { #expect(cluster.write(["SET", "k\(i)", big], on: node) == "+OK\r\n") }
        #expect(cluster.run(timeoutMs: 2000) { node.raft.snapshotIndex > 0 })
        #expect((cluster.stores[0] as! InMemoryLogStore).snapshot != nil)
    }
}

@Suite(.serialized) struct ReadBarrierTests {
    /// A session whose read completes runs its next command at once, which may need a
    /// barrier again: the nested request must not be lost.
    @Test func aBarrierRequestedFromABarrierCompletionCompletes() throws {
        let cluster = try TestCluster(size: 3)
        let leader = try #require(cluster.awaitLeader())
        let follower = try #require(cluster.nodes.first { $0 !== leader })
        cluster.run(timeoutMs: 2000) { follower.leaderID != 0 }
        var completed = 0
        func chain(_ remaining: Int) {
            follower.readBarrier { error in
                #expect(error == nil)
                completed += 1
                if remaining > 0 { chain(remaining - 1) }
            }
        }
        chain(9)
        #expect(cluster.run(timeoutMs: 5000) { completed == 10 })
    }

    @Test func barriersTimeOutWithTheDocumentedErrors() throws {
        let cluster = try TestCluster(size: 3) { $0.writeTimeoutMs = 200 }
        let leader = try #require(cluster.awaitLeader())
        leader.isIsolated = true
        var errors: [String] = []
        var nested = false
        leader.readBarrier { error in
            errors.append(error.map { String(decoding: $0, as: UTF8.self) } ?? "nil")
            if !nested {
                nested = true
                leader.readBarrier { errors.append($0.map { String(decoding: $0, as: UTF8.self) } ?? "nil") }
            }
        }
        #expect(cluster.run(timeoutMs: 3000) { errors.count == 2 })
        for error in errors { #expect(error.hasPrefix("-TRYAGAIN Read not confirmed") || error.hasPrefix("-CLUSTERDOWN No leader")) }
    }
}
