import Raft
import RESP
import Testing

@testable import Cluster

@Suite(.serialized) struct ClusterNodeTests {
    @Test func singleNodeIsAOneMemberClusterThatCommitsAtOnce() throws {
        let cluster = try TestCluster(size: 1)
        let node = try #require(cluster.awaitLeader())
        #expect(cluster.write(["SET", "a", "1"], on: node) == "+OK\r\n")
        #expect(cluster.write(["INCR", "a"], on: node) == ":2\r\n")
        #expect(cluster.barrier(on: node) == nil)
        #expect(cluster.machines[0].value("a") == "2")
        #expect(node.lastAppliedIndex == node.commitIndex)
    }

    @Test func threeNodesElectALeaderAndReplicateWritesFromLeaderAndFollower() throws {
        let cluster = try TestCluster(size: 3)
        let leader = try #require(cluster.awaitLeader())
        let follower = try #require(cluster.nodes.first { $0 !== leader })
        #expect(cluster.run(timeoutMs: 3000) { cluster.nodes.allSatisfy { $0.leaderID == leader.configuration.nodeID } })
        #expect(cluster.write(["SET", "k", "from-leader"], on: leader) == "+OK\r\n")
        #expect(cluster.write(["SET", "j", "from-follower"], on: follower) == "+OK\r\n")
        #expect(cluster.write(["INCR", "n"], on: follower) == ":1\r\n")
        #expect(cluster.write(["BOGUS"], on: follower) == "-ERR unknown command 'BOGUS'\r\n")
        for (i, node) in cluster.nodes.enumerated() {
            #expect(cluster.barrier(on: node) == nil)
            #expect(cluster.machines[i].value("k") == "from-leader", "node \(i + 1)")
            #expect(cluster.machines[i].value("j") == "from-follower", "node \(i + 1)")
            #expect(cluster.machines[i].value("n") == "1", "node \(i + 1)")
        }
        #expect(cluster.nodes.allSatisfy { $0.pendingWriteCount == 0 })
    }

    @Test func asynchronousLogStoreTakesTheSamePath() throws {
        let cluster = try TestCluster(size: 3, storeDelayMs: 3)
        let leader = try #require(cluster.awaitLeader())
        let follower = try #require(cluster.nodes.first { $0 !== leader })
        for i in 0..<20 {
            #expect(cluster.write(["INCR", "c"], on: i % 2 == 0 ? leader : follower) == ":\(i + 1)\r\n")
        }
        for (i, node) in cluster.nodes.enumerated() {
            #expect(cluster.barrier(on: node) == nil)
            #expect(cluster.machines[i].value("c") == "20")
        }
    }

    @Test func isolatedLeaderIsReplacedAndTheNewLeaderTakesWrites() throws {
        let cluster = try TestCluster(size: 3)
        let old = try #require(cluster.awaitLeader())
        #expect(cluster.write(["SET", "before", "1"], on: old) == "+OK\r\n")
        old.isIsolated = true
        let replaced = cluster.run(timeoutMs: 8000) {
            cluster.nodes.contains { $0 !== old && $0.isLeader }
        }
        #expect(replaced)
        let fresh = try #require(cluster.nodes.first { $0 !== old && $0.isLeader })
        let follower = try #require(cluster.nodes.first { $0 !== old && $0 !== fresh })
        #expect(cluster.write(["SET", "after", "2"], on: fresh) == "+OK\r\n")
        #expect(cluster.write(["INCR", "after-follower"], on: follower) == ":1\r\n")
        // Check-quorum: the isolated leader steps down rather than serve stale reads.
        #expect(cluster.run(timeoutMs: 3000) { !old.isLeader })
        old.isIsolated = false
        let oldIndex = cluster.index(of: old)
        #expect(cluster.barrier(on: old) == nil)
        #expect(cluster.machines[oldIndex].value("after") == "2")
        #expect(cluster.machines[oldIndex].value("before") == "1")
        #expect(cluster.machines[oldIndex].dump == cluster.machines[cluster.index(of: fresh)].dump)
    }

    @Test func aDuplicatedForwardAppliesOnce() throws {
        let cluster = try TestCluster(size: 3)
        let leader = try #require(cluster.awaitLeader())
        let follower = try #require(cluster.nodes.first { $0 !== leader })
        // The follower's write, then its forward delivered twice more (a retry racing the
        // original, a duplicated frame): three log entries, one effect, one reply.
        var replies: [String] = []
        follower.submitWrite(Arguments(strings: ["INCR", "once"]), database: 0, protocolVersion: .resp2) {
            replies.append(String(decoding: $0, as: UTF8.self))
        }
        let id = try #require(follower.pendingWrites.keys.first)
        let request = ForwardRequest(origin: follower.configuration.nodeID, requestID: id, database: 0,
                                     arguments: Arguments(strings: ["INCR", "once"]))
        leader.acceptForward(request)
        leader.acceptForward(request)
        cluster.run(timeoutMs: 3000) { replies.count == 1 && cluster.nodes.allSatisfy { $0.lastAppliedIndex == leader.lastLogIndex } }
        cluster.run(timeoutMs: 200) { false }
        #expect(replies == [":1\r\n"])
        for (i, node) in cluster.nodes.enumerated() {
            #expect(cluster.barrier(on: node) == nil)
            #expect(cluster.machines[i].value("once") == "1", "node \(i + 1)")
            #expect(cluster.machines[i].appliedCommands == 1, "node \(i + 1)")
        }
        // The follower itself re-sends a forward (as after a timeout or a leader change).
        replies = []
        follower.submitWrite(Arguments(strings: ["INCR", "twice"]), database: 0, protocolVersion: .resp2) {
            replies.append(String(decoding: $0, as: UTF8.self))
        }
        follower.routePendingWrites(nowMs: cluster.loop.nowMs, force: true)
        follower.routePendingWrites(nowMs: cluster.loop.nowMs, force: true)
        cluster.run(timeoutMs: 3000) { replies.count == 1 }
        cluster.run(timeoutMs: 200) { false }
        #expect(replies == [":1\r\n"])
        for (i, node) in cluster.nodes.enumerated() {
            #expect(cluster.barrier(on: node) == nil)
            #expect(cluster.machines[i].value("twice") == "1", "node \(i + 1)")
        }
    }

    @Test func writeWithoutLeaderFailsWithClusterDown() throws {
        let cluster = try TestCluster(size: 3) { $0.writeTimeoutMs = 300 }
        let node = cluster.nodes[0]
        node.isIsolated = true
        // Isolated from the start: no leader can be known.
        let reply = cluster.write(["SET", "x", "1"], on: node)
        #expect(reply?.hasPrefix("-CLUSTERDOWN ") == true || reply?.hasPrefix("-TRYAGAIN ") == true, "\(reply ?? "nil")")
        #expect(cluster.barrier(on: node)?.hasPrefix("-") == true)
    }

    @Test func followerProxyOffRedirectsToTheLeader() throws {
        let cluster = try TestCluster(size: 3) { $0.followerProxy = false }
        let leader = try #require(cluster.awaitLeader())
        let follower = try #require(cluster.nodes.first { $0 !== leader })
        cluster.run(timeoutMs: 2000) { follower.leaderID != 0 }
        let port = 6379 + Int(leader.configuration.nodeID) - 1
        #expect(cluster.write(["SET", "x", "1"], on: follower)
            == "-READONLY You can't write against a read only replica. Leader is 127.0.0.1:\(port)\r\n")
        #expect(cluster.write(["SET", "x", "1"], on: leader) == "+OK\r\n")
    }

    @Test func expiryProposalsDeleteOnlyKeysStillExpired() throws {
        let cluster = try TestCluster(size: 3)
        let leader = try #require(cluster.awaitLeader())
        #expect(cluster.write(["SET", "gone", "1"], on: leader) == "+OK\r\n")
        #expect(cluster.write(["PEXPIREAT", "gone", "1000"], on: leader) == ":1\r\n")
        #expect(cluster.write(["SET", "kept", "1"], on: leader) == "+OK\r\n")
        #expect(cluster.write(["PEXPIREAT", "kept", "\(Int64.max)"], on: leader) == ":1\r\n")
        leader.proposeExpiry([ExpiryCandidate(database: 0, key: Array("gone".utf8), deadlineMs: 1000),
                              ExpiryCandidate(database: 0, key: Array("kept".utf8), deadlineMs: 1000)])
        let last = leader.lastLogIndex
        #expect(cluster.run(timeoutMs: 3000) { cluster.nodes.allSatisfy { $0.lastAppliedIndex >= last } })
        for machine in cluster.machines {
            #expect(machine.value("gone") == nil)
            #expect(machine.value("kept") == "1")
        }
    }

    @Test func applyClockIsMonotonicAcrossLeaderTimes() throws {
        let cluster = try TestCluster(size: 1)
        let node = try #require(cluster.awaitLeader())
        // A fresh entry clock stamps the wall clock as it is (EntryClock slews later readings).
        node.entryClock = EntryClock()
        node.wallClockMs = { 5000 }
        #expect(cluster.write(["SET", "a", "1"], on: node) == "+OK\r\n")
        node.entryClock = EntryClock()
        node.wallClockMs = { 4000 }  // a new leader whose clock is behind
        #expect(cluster.write(["SET", "b", "1"], on: node) == "+OK\r\n")
        #expect(cluster.machines[0].lastNowMs == 5000)
    }
}

@Suite(.serialized) struct ForwardingTests {
    @Test func aWriteForwardedToACutOffLeaderIsResentToItsSuccessor() throws {
        let cluster = try TestCluster(size: 3)
        let old = try #require(cluster.awaitLeader())
        let follower = try #require(cluster.nodes.first { $0 !== old })
        #expect(cluster.run(timeoutMs: 3000) { follower.leaderID == old.configuration.nodeID })
        old.isIsolated = true
        var replies: [String] = []
        for i in 0..<5 {
            follower.submitWrite(Arguments(strings: ["SET", "p", "\(i)"]), database: 0, protocolVersion: .resp2) {
                replies.append(String(decoding: $0, as: UTF8.self))
            }
        }
        #expect(cluster.run(timeoutMs: 8000) { replies.count == 5 })
        #expect(replies == Array(repeating: "+OK\r\n", count: 5))
        #expect(follower.leaderID != old.configuration.nodeID)
        // Pipelined writes re-sent in submission order: the last one wins everywhere.
        #expect(cluster.machines[cluster.index(of: follower)].value("p") == "4")
        old.isIsolated = false
        #expect(cluster.barrier(on: old) == nil)
        #expect(cluster.machines[cluster.index(of: old)].value("p") == "4")
    }

    @Test func infoFieldsNameRolesInRedisWords() throws {
        let cluster = try TestCluster(size: 3)
        let leader = try #require(cluster.awaitLeader())
        let follower = try #require(cluster.nodes.first { $0 !== leader })
        #expect(cluster.run(timeoutMs: 3000) { follower.leaderID != 0 && follower.transport.isConnected(to: follower.leaderID) })
        let leaderInfo = Dictionary(uniqueKeysWithValues: leader.replicationInfo().map { ($0.name, $0.value) })
        #expect(leaderInfo["role"] == "master")
        #expect(leaderInfo["connected_slaves"] == "2")
        let followerInfo = Dictionary(uniqueKeysWithValues: follower.replicationInfo().map { ($0.name, $0.value) })
        #expect(followerInfo["role"] == "slave")
        #expect(followerInfo["master_host"] == "127.0.0.1")
        #expect(followerInfo["master_port"] == "\(6379 + Int(leader.configuration.nodeID) - 1)")
        #expect(followerInfo["master_link_status"] == "up")
        let raft = Dictionary(uniqueKeysWithValues: leader.raftInfo().map { ($0.name, $0.value) })
        #expect(raft["raft_role"] == "leader")
        #expect(raft["raft_voters"] == "1,2,3")
    }

    @Test func gracefulTransferHandsLeadershipOver() throws {
        let cluster = try TestCluster(size: 3)
        let leader = try #require(cluster.awaitLeader())
        #expect(cluster.write(["SET", "t", "1"], on: leader) == "+OK\r\n")
        var done = false
        leader.transferLeadership { done = true }
        #expect(cluster.run(timeoutMs: 3000) { done })
        #expect(!leader.isLeader)
        #expect(cluster.run(timeoutMs: 3000) { cluster.nodes.contains { $0 !== leader && $0.isLeader } })
    }
}

@Suite(.serialized) struct ChaosTests {
    /// Random partitions while clients write everywhere: every acknowledged INCR is applied
    /// exactly once, unacknowledged ones at most once, and all replicas agree at the end.
    @Test func incrementsUnderRandomPartitionsApplyAtMostOnce() throws {
        let seed = testSeed()
        print("ChaosTests seed \(seed)")
        var rng = TestRandom(seed: seed)
        let cluster = try TestCluster(size: 3, seed: seed) {
            $0.writeTimeoutMs = 1500
            $0.forwardRetryMs = 40  // re-send eagerly: many duplicates reach the log
        }
        _ = cluster.awaitLeader()
        var replies: [String] = []
        var submitted = 0
        let endMs = cluster.loop.nowMs + 3000
        while cluster.loop.nowMs < endMs {
            // Flip one node's isolation now and then (never two at once: keep a majority).
            if rng.next() % 4 == 0 {
                let isolated = cluster.nodes.filter(\.isIsolated)
                if let node = isolated.first {
                    node.isIsolated = false
                } else {
                    cluster.nodes[Int(rng.next() % 3)].isIsolated = true
                }
            }
            for _ in 0..<(1 + rng.next() % 4) {
                let node = cluster.nodes[Int(rng.next() % 3)]
                submitted += 1
                node.submitWrite(Arguments(strings: ["INCR", "c"]), database: 0, protocolVersion: .resp2) {
                    replies.append(String(decoding: $0, as: UTF8.self))
                }
            }
            // Re-send every pending write of a node now and then: duplicates in the log.
            if rng.next() % 3 == 0 {
                cluster.nodes[Int(rng.next() % 3)].routePendingWrites(nowMs: cluster.loop.nowMs, force: true)
            }
            cluster.run(timeoutMs: Int64(20 + rng.next() % 150)) { false }
        }
        for node in cluster.nodes { node.isIsolated = false }
        #expect(cluster.run(timeoutMs: 5000) { replies.count == submitted }, "seed \(seed)")
        let acknowledged = replies.filter { $0.hasPrefix(":") }
        let ambiguous = replies.filter { $0.hasPrefix("-TRYAGAIN") }.count
        let refused = replies.filter { $0.hasPrefix("-CLUSTERDOWN") }.count
        #expect(acknowledged.count + ambiguous + refused == submitted, "\(replies.filter { !$0.hasPrefix(":") })")
        #expect(Set(acknowledged).count == acknowledged.count, "a value was returned twice: seed \(seed)")
        let leader = try #require(cluster.awaitLeader())
        #expect(cluster.barrier(on: leader) == nil)
        let final = Int(cluster.machines[cluster.index(of: leader)].value("c") ?? "0")!
        #expect(final >= acknowledged.count && final <= acknowledged.count + ambiguous, "seed \(seed)")
        for node in cluster.nodes { #expect(cluster.barrier(on: node) == nil) }
        let dumps = Set(cluster.machines.map(\.dump))
        #expect(dumps.count == 1, "replicas differ: seed \(seed)")
        print("ChaosTests: \(submitted) writes, \(acknowledged.count) acknowledged, \(ambiguous) ambiguous, \(refused) refused, final \(final), log \(leader.lastLogIndex) entries")
    }
}
