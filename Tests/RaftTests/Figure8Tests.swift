import Testing
@testable import Raft

/// The scenario of Figure 8 of the Raft paper (§5.4.2), played step by step.
@Suite("Figure 8")
struct Figure8Tests {
    /// Returns (entry committed by node 1 at index 2, term of index 2 in the log of the
    /// leader elected afterwards).
    func play(bugs: TestingBugs) throws -> (committedByOldLeader: UInt64, newLeaderTermAt2: UInt64?, newLeader: NodeID?) {
        var cluster = TestCluster(voters: [1, 2, 3]) {
            $0.checkQuorum = false
            $0.preVote = false
            $0.maxMessageBytes = 1 // one entry per append, so acknowledgements split batches
            $0.testingBugs = bugs
        }
        cluster.elect(1)                                   // term 1: no-op at 1 everywhere
        cluster.isolate(1)
        _ = try cluster.nodes[1]!.propose([42])            // (a) e = index 2, term 1, only on node 1
        cluster.flush()
        cluster.queue = []
        cluster.heal()
        cluster.isolate(1)
        cluster.electWithoutReplication(2)                 // (b) node 2 leads term 2, no-op at 2 stays local
        cluster.heal()
        cluster.isolate(2)
        cluster.nodes[1]!.becomeFollower(term: 2, leader: 0) // node 1 hears of term 2
        cluster.electWithoutReplication(1)                 // (c) node 1 leads a later term with node 3's vote...
        // ...and replicates e to node 3 one entry per message. Stop right after node 3
        // acknowledged e, before the new term's no-op reaches it.
        cluster.heal()
        cluster.isolate(2)
        cluster.nodes[1]!.tick()
        var sawAckOfE = false
        cluster.deliver { m in
            if sawAckOfE { return false }
            if case .appendResponse(let r) = m.kind, m.from == 3, !r.reject, r.index == 2 { sawAckOfE = true }
            return true
        }
        cluster.queue = []
        let committed = cluster.node(1).commitIndex
        // (d) node 1 is cut off; node 2 (last term 2 > node 3's last term 1) wins with node 3.
        cluster.heal()
        cluster.isolate(1)
        cluster.tick(2, times: 100)
        cluster.tick(3, times: 1)
        let leader = cluster.leaders.first { $0 != 1 }
        return (committed, leader.flatMap { cluster.node($0).term(at: 2) }, leader)
    }

    @Test("§5.4.2 an old-term entry stored on a majority is not committed, so a later leader may replace it")
    func correctRule() throws {
        let outcome = try play(bugs: [])
        #expect(outcome.committedByOldLeader < 2)
    }

    @Test("§5.4.2 commitOldTermByCounting commits an entry that a later leader then overwrites")
    func injectedBug() throws {
        let outcome = try play(bugs: .commitOldTermByCounting)
        #expect(outcome.committedByOldLeader >= 2)
        #expect(outcome.newLeader == 2)
        #expect(outcome.newLeaderTermAt2 == 2) // the committed term-1 entry is gone: Figure 8 (d)
    }
}
