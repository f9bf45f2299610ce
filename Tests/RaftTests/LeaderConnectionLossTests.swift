import Testing
@testable import Raft

/// `peerConnectionLost`: followers that saw the leader's connection end (its process died)
/// elect a successor within a few ticks instead of an election timeout, and never at the
/// expense of a lease or of a live leader.
@Suite("Leader connection loss")
struct LeaderConnectionLossTests {
    /// Crashes leader 1 of a 3-voter cluster and tells the others; returns the cluster.
    private func crashLeaderAndTell(_ survivors: [NodeID], readOnlyMode: ReadOnlyMode = .safe) -> TestCluster {
        var cluster = TestCluster(voters: [1, 2, 3]) { $0.readOnlyMode = readOnlyMode }
        if readOnlyMode == .leaseBased { cluster.tickAll(times: 10) }  // past the boot-time lease
        cluster.elect(1)
        cluster.tickAll()
        cluster.nodes[1] = nil
        for id in survivors { cluster.nodes[id]!.peerConnectionLost(1) }
        return cluster
    }

    @Test("both survivors notice: the lower id campaigns after one tick and wins (thesis §4.2.3 lease dropped)")
    func survivorsElectAfterOneTick() {
        var cluster = crashLeaderAndTell([2, 3])
        #expect(cluster.node(2).leaderID == 0 && cluster.node(3).leaderID == 0)
        let term = cluster.node(2).term
        for id in [2, 3] as [NodeID] { cluster.nodes[id]!.tick() }
        cluster.deliverAll()
        #expect(cluster.leaders == [2])
        #expect(cluster.node(3).leaderID == 2)
        #expect(cluster.node(2).term == term + 1)
    }

    @Test("a survivor that did not notice defends the leader until its own election timeout")
    func aSurvivorInLeaseRefusesUntilItsOwnTimeout() {
        var cluster = crashLeaderAndTell([3])
        cluster.tickAll()
        #expect(cluster.leaders.isEmpty, "node 2 still defends the leader it heard from")
        cluster.tickAll(times: 2)
        #expect(cluster.leaders.isEmpty)
        cluster.tickAll(times: 20)
        #expect(cluster.leaders.count == 1, "the normal election timeout still elects a leader")
    }

    @Test("a live leader's next heartbeat cancels the early election")
    func liveLeaderHeartbeatRestoresTheTimeout() {
        var cluster = TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        cluster.nodes[2]!.peerConnectionLost(1)
        #expect(cluster.node(2).leaderID == 0)
        cluster.tick(1)  // heartbeat
        #expect(cluster.node(2).leaderID == 1)
        #expect(cluster.node(2).randomizedElectionTimeoutTicks >= cluster.node(2).config.electionTimeoutTicks)
        cluster.tickAll(times: 5)
        #expect(cluster.leaders == [1])
    }

    @Test("§6.4.1 with lease reads the loss is ignored: the lease outlives any connection")
    func ignoredWithLeaseReads() {
        let cluster = crashLeaderAndTell([2, 3], readOnlyMode: .leaseBased)
        #expect(cluster.node(2).leaderID == 1 && cluster.node(3).leaderID == 1)
    }

    @Test("losing a follower's connection changes nothing")
    func followerConnectionLossIsIgnored() {
        var cluster = TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        cluster.nodes[2]!.peerConnectionLost(3)
        cluster.nodes[1]!.peerConnectionLost(2)
        #expect(cluster.node(2).leaderID == 1)
        #expect(cluster.leaders == [1])
    }
}
