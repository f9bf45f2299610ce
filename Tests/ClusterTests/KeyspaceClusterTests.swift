import Commands
import EventLoop
import Glibc
import Keyspace
import RESP
import Testing

@testable import Cluster

/// Runs a read command against a node's keyspace, as the server does after a barrier.
func read(_ words: [String], on machine: StateMachine, nowMs: Int64 = 1) -> String {
    let keyspace = (machine as! KeyspaceStateMachine).keyspace
    var context = CommandContext(keyspace: keyspace, database: 0, arguments: Arguments(strings: words),
                                 reply: ReplyWriter(), nowMs: nowMs, seed: 0)
    Commands.apply(&context)
    return String(decoding: context.reply.bytes, as: UTF8.self)
}

/// A fresh empty directory under /tmp.
func temporaryDirectory() -> String {
    var template = Array("/tmp/skiff-cluster-XXXXXX".utf8CString)
    let path = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    return String(cString: path!)
}

@Suite(.serialized) struct KeyspaceClusterTests {
    @Test func realCommandsReplicateAndRepliesFollowTheClientProtocol() throws {
        let cluster = try TestCluster(size: 3, machines: .keyspace)
        let leader = try #require(cluster.awaitLeader())
        let follower = try #require(cluster.nodes.first { $0 !== leader })
        #expect(cluster.write(["SET", "k", "v"], on: follower) == "+OK\r\n")
        #expect(cluster.write(["INCR", "n"], on: leader) == ":1\r\n")
        #expect(cluster.write(["INCR", "k"], on: follower) == "-ERR value is not an integer or out of range\r\n")
        var reply: [UInt8]?
        follower.submitWrite(Arguments(strings: ["SET", "k", "w", "GET"]), database: 0, protocolVersion: .resp3) { reply = $0 }
        cluster.run { reply != nil }
        #expect(reply == Array("$1\r\nv\r\n".utf8))
        #expect(cluster.write(["SET", "other-db", "1"], on: follower, database: 3) == "+OK\r\n")
        #expect(cluster.write(["SET", "bad-db", "1"], on: follower, database: 99) == "-ERR DB index is out of range\r\n")
        for (i, node) in cluster.nodes.enumerated() {
            #expect(cluster.barrier(on: node) == nil)
            #expect(read(["GET", "k"], on: cluster.stateMachines[i]) == "$1\r\nw\r\n", "node \(i + 1)")
            #expect(read(["GET", "n"], on: cluster.stateMachines[i]) == "$1\r\n1\r\n", "node \(i + 1)")
        }
    }

    /// The server tells a client's own write from others' by `willApply` (CLIENT TRACKING
    /// sends its own invalidations after its reply): it runs on the origin, before the entry
    /// changed anything, and the completion follows.
    @Test func applyingIsToldOnTheOriginJustBeforeItsEntryApplies() throws {
        let cluster = try TestCluster(size: 3, machines: .keyspace)
        let leader = try #require(cluster.awaitLeader())
        let follower = try #require(cluster.nodes.first { $0 !== leader })
        let machine = cluster.stateMachines[cluster.index(of: follower)]
        var events: [String] = []
        follower.submitWrite(Arguments(strings: ["SET", "k", "v"]), database: 0, protocolVersion: .resp2) { progress in
            switch progress {
            case .applying: events.append("will apply; EXISTS k " + read(["EXISTS", "k"], on: machine))
            case .finished(let reply): events.append("completion " + String(decoding: reply, as: UTF8.self))
            }
        }
        cluster.run { events.count == 2 }
        #expect(events == ["will apply; EXISTS k :0\r\n", "completion +OK\r\n"])
    }

    @Test func leaderExpiryCycleDeletesEverywhere() throws {
        let cluster = try TestCluster(size: 3, machines: .keyspace)
        let leader = try #require(cluster.awaitLeader())
        #expect(cluster.write(["SET", "short", "1", "PX", "1"], on: leader) == "+OK\r\n")
        #expect(cluster.write(["SET", "long", "1", "EX", "1000"], on: leader) == "+OK\r\n")
        cluster.run(timeoutMs: 20) { false }
        let keyspace = (cluster.stateMachines[cluster.index(of: leader)] as! KeyspaceStateMachine).keyspace
        let expired = keyspace.activeExpireCycle(nowMs: leader.wallClockMs())
        #expect(expired.map { String(decoding: $0.key, as: UTF8.self) } == ["short"])
        leader.proposeExpiry(expired)
        let last = leader.lastLogIndex
        #expect(cluster.run { cluster.nodes.allSatisfy { $0.lastAppliedIndex >= last } })
        for machine in cluster.stateMachines {
            // Read with a clock before the deadline: the key is gone, not merely hidden.
            #expect(read(["DBSIZE"], on: machine) == ":1\r\n")
        }
    }

    @Test func keyspaceSnapshotsInstallOnALaggingFollower() throws {
        let cluster = try TestCluster(size: 3, machines: .keyspace) {
            $0.snapshotEveryEntries = 4
        }
        let leader = try #require(cluster.awaitLeader())
        let lagging = try #require(cluster.nodes.first { $0 !== leader })
        lagging.isIsolated = true
        for i in 0..<20 { #expect(cluster.write(["INCR", "c\(i % 3)"], on: leader) == ":\(i / 3 + 1)\r\n") }
        lagging.isIsolated = false
        #expect(cluster.barrier(on: lagging) == nil)
        let machine = cluster.stateMachines[cluster.index(of: lagging)]
        #expect(read(["GET", "c0"], on: machine) == "$1\r\n7\r\n")
        #expect(read(["DBSIZE"], on: machine) == ":3\r\n")
    }
}

@Suite(.serialized) struct DurableLogStoreTests {
    @Test func aClusterOnTheWALSurvivesARestart() throws {
        let directories = (0..<3).map { _ in temporaryDirectory() }
        var stores: [DurableLogStore] = []
        var cluster: TestCluster? = try TestCluster(size: 3, machines: .keyspace,
                                                    stores: StoreFactory { i, loop in
            let store = try DurableLogStore(directory: directories[i], clusterID: 7, nodeID: UInt64(i + 1), loop: loop) { _ in }
            stores.append(store)
            return store
        }) { $0.snapshotEveryEntries = 8 }
        let leader = try #require(cluster!.awaitLeader())
        let follower = try #require(cluster!.nodes.first { $0 !== leader })
        for i in 0..<12 { #expect(cluster!.write(["INCR", "n"], on: i % 2 == 0 ? leader : follower) == ":\(i + 1)\r\n") }
        for node in cluster!.nodes { #expect(cluster!.barrier(on: node) == nil) }
        for node in cluster!.nodes { node.stop() }
        for store in stores { store.close() }
        cluster = nil
        stores = []

        let restarted = try TestCluster(size: 3, machines: .keyspace,
                                        stores: StoreFactory { i, loop in
            let store = try DurableLogStore(directory: directories[i], clusterID: 7, nodeID: UInt64(i + 1), loop: loop) { _ in }
            stores.append(store)
            return store
        })
        let newLeader = try #require(restarted.awaitLeader())
        #expect(restarted.write(["INCR", "n"], on: newLeader) == ":13\r\n")
        for (i, node) in restarted.nodes.enumerated() {
            #expect(restarted.barrier(on: node) == nil)
            #expect(read(["GET", "n"], on: restarted.stateMachines[i]) == "$2\r\n13\r\n")
        }
        for node in restarted.nodes { node.stop() }
        for store in stores { store.close() }
    }
}
