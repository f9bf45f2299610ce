import Testing
@testable import Raft

@Suite("Leader election")
struct ElectionTests {
    @Test("§5.2 a single-voter cluster elects itself and commits its no-op")
    func singleNodeElection() {
        var cluster = TestCluster(voters: [1])
        cluster.elect(1)
        #expect(cluster.node(1).commitIndex == 1)
        #expect(cluster.applied[1]?.first?.kind == .noop)
    }

    @Test("§5.2 three servers elect exactly one leader, and all learn it")
    func threeNodeElection() {
        var cluster = TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        #expect(cluster.leaders == [1])
        #expect(cluster.node(2).leaderID == 1 && cluster.node(3).leaderID == 1)
        #expect(cluster.node(2).term == cluster.node(1).term)
    }

    @Test("§5.2 election timeouts are randomized in [T, 2T) ticks")
    func randomizedTimeout() {
        var seen = Set<Int>()
        for seed in 0..<50 {
            var node = RaftNode(config: RaftConfig(id: 1, randomSeed: UInt64(seed)), recovered: .bootstrap(voters: [1, 2, 3]))
            #expect(node.randomizedElectionTimeoutTicks >= 10 && node.randomizedElectionTimeoutTicks < 20)
            seen.insert(node.randomizedElectionTimeoutTicks)
            node.tick()
        }
        #expect(seen.count > 3)
    }

    @Test("§5.2 a server grants at most one vote per term")
    func oneVotePerTerm() {
        var node = RaftNode(config: RaftConfig(id: 1, checkQuorum: false), recovered: .bootstrap(voters: [1, 2, 3]))
        node.step(Message(from: 2, to: 1, term: 5, kind: .vote(lastIndex: 0, lastTerm: 0, transfer: false)))
        node.step(Message(from: 3, to: 1, term: 5, kind: .vote(lastIndex: 0, lastTerm: 0, transfer: false)))
        let rd = node.ready()
        let grants = rd.messages.filter { if case .voteResponse(false) = $0.kind { return true } else { return false } }
        #expect(grants.map(\.to) == [2])
        #expect(rd.hardState == HardState(term: 5, vote: 2, commit: 0))
    }

    @Test("§5.4.1 a voter rejects a candidate whose log is less up-to-date")
    func upToDateCheck() {
        let entries = [Entry(term: 1, index: 1), Entry(term: 2, index: 2)]
        let recovered = RecoveredState(hardState: HardState(term: 2), snapshot: RecoveredState.bootstrap(voters: [1, 2, 3]).snapshot, entries: entries)
        var node = RaftNode(config: RaftConfig(id: 1, checkQuorum: false), recovered: recovered)
        node.step(Message(from: 2, to: 1, term: 3, kind: .vote(lastIndex: 5, lastTerm: 1, transfer: false)))
        node.step(Message(from: 3, to: 1, term: 3, kind: .vote(lastIndex: 2, lastTerm: 2, transfer: false)))
        let rd = node.ready()
        let replies = rd.messages.compactMap { m -> (NodeID, Bool)? in
            if case .voteResponse(let reject) = m.kind { return (m.to, reject) } else { return nil }
        }
        #expect(replies.count == 2)
        #expect(replies[0] == (2, true))
        #expect(replies[1] == (3, false))
    }

    @Test("§9.6 pre-vote: a partitioned server does not raise its term")
    func preVoteKeepsTerm() {
        var cluster = TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        let term = cluster.node(1).term
        cluster.isolate(3)
        cluster.tick(3, times: 100)
        #expect(cluster.node(3).term == term)
        cluster.heal()
        cluster.tickAll(times: 3)
        #expect(cluster.leaders == [1])
        #expect(cluster.node(1).term == term)
    }

    @Test("§4.2.3 a follower that heard from the leader ignores a disruptive vote request")
    func leaseIgnoresVotes() {
        var cluster = TestCluster(voters: [1, 2, 3])
        cluster.tickAll(times: 12) // past the boot quiet period
        cluster.elect(1)
        cluster.tick(1)
        let term = cluster.node(1).term
        cluster.nodes[2]!.step(Message(from: 3, to: 2, term: term + 5, kind: .vote(lastIndex: 99, lastTerm: 99, transfer: false)))
        #expect(cluster.node(2).term == term)
    }

    @Test("§6.2 check-quorum: a leader cut off from its majority steps down")
    func checkQuorumStepDown() {
        var cluster = TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        cluster.isolate(1)
        cluster.tick(1, times: 25)
        #expect(cluster.node(1).role == .follower)
    }

    @Test("§3.10 leader transfer: TimeoutNow makes the target leader at once")
    func leaderTransfer() throws {
        var cluster = TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        try cluster.nodes[1]!.transferLeadership(to: 3)
        cluster.deliverAll()
        #expect(cluster.leaders == [3])
        #expect(cluster.node(1).leaderID == 3)
    }

    @Test("§3.10 proposals are refused while a transfer is in progress")
    func transferBlocksProposals() throws {
        var cluster = TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        cluster.isolate(3)
        try cluster.nodes[1]!.transferLeadership(to: 3)
        #expect(throws: ProposalError.transferInProgress) { try cluster.nodes[1]!.propose([1]) }
        cluster.tick(1, times: 10)
        #expect(cluster.node(1).leadTransferee == 0)
    }
}
