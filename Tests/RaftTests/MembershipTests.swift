import Testing
@testable import Raft

@Suite("Membership, snapshots")
struct MembershipTests {
    @Test("§4.1 a learner catches up, is promoted, and counts in the quorum")
    func learnerPromotion() throws {
        var cluster = TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        for value in 0..<10 { _ = try cluster.nodes[1]!.propose([UInt8(value)]) }
        cluster.deliverAll()
        cluster.add(4)
        _ = try cluster.nodes[1]!.proposeMembershipChange(.addLearner(4))
        cluster.deliverAll()
        cluster.tickAll(times: 2)
        #expect(cluster.node(4).configuration.learners == [4])
        #expect(cluster.node(4).commitIndex == cluster.node(1).commitIndex)
        _ = try cluster.nodes[1]!.proposeMembershipChange(.addVoter(4))
        cluster.deliverAll()
        cluster.tickAll(times: 2)
        #expect(cluster.node(1).configuration.voters == [1, 2, 3, 4])
        #expect(cluster.node(4).configuration.voters == [1, 2, 3, 4])
    }

    @Test("§4.1 a second change is refused while the first is uncommitted")
    func oneChangeAtATime() throws {
        var cluster = TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        cluster.isolate(1)
        _ = try cluster.nodes[1]!.proposeMembershipChange(.addLearner(4))
        #expect(throws: ProposalError.configChangeInProgress) { try cluster.nodes[1]!.proposeMembershipChange(.addLearner(5)) }
    }

    @Test("§4.1 a new leader proposes no change before committing an entry of its term")
    func noChangeBeforeNoopCommits() throws {
        var cluster = TestCluster(voters: [1, 2, 3])
        cluster.isolate(1)
        cluster.blocked.remove([1, 2])
        cluster.blocked.remove([2, 1])
        // Let votes through, then cut node 1 off before the no-op commits.
        for _ in 0..<60 where cluster.node(1).role != .leader {
            cluster.nodes[1]!.tick()
            cluster.flush()
            let batch = cluster.queue
            cluster.queue = []
            for m in batch where !cluster.blocked.contains([m.from, m.to]) {
                if case .append = m.kind { continue }
                cluster.nodes[m.to]!.step(m)
            }
            cluster.flush()
        }
        #expect(cluster.node(1).role == .leader)
        #expect(throws: ProposalError.configChangeInProgress) { try cluster.nodes[1]!.proposeMembershipChange(.addLearner(4)) }
    }

    @Test("§4.1 promotion of a learner that has not caught up is refused")
    func promotionNeedsCatchUp() throws {
        var cluster = TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        _ = try cluster.nodes[1]!.proposeMembershipChange(.addLearner(4)) // node 4 does not exist
        cluster.deliverAll()
        #expect(throws: ProposalError.learnerNotCaughtUp) { try cluster.nodes[1]!.proposeMembershipChange(.addVoter(4)) }
    }

    @Test("§4.2.2 the leader removes itself, steps down after commit, and the rest elect a leader")
    func leaderRemovesItself() throws {
        var cluster = TestCluster(voters: [1, 2, 3])
        cluster.elect(1)
        _ = try cluster.nodes[1]!.proposeMembershipChange(.remove(1))
        cluster.deliverAll()
        cluster.tickAll()
        #expect(cluster.node(1).role == .follower)
        #expect(cluster.node(2).configuration.voters == [2, 3])
        cluster.tickAll(times: 60)
        #expect(cluster.leaders.count == 1 && cluster.leaders[0] != 1)
    }

    @Test("§7 a follower behind the compaction point catches up from a chunked snapshot")
    func snapshotCatchUp() throws {
        var cluster = TestCluster(voters: [1, 2, 3]) { $0.maxSnapshotChunkBytes = 7 }
        cluster.elect(1)
        cluster.isolate(3)
        for value in 0..<30 { _ = try cluster.nodes[1]!.propose([UInt8(value)]) }
        cluster.deliverAll()
        let applied = cluster.node(1).appliedIndex
        cluster.nodes[1]!.compact(upTo: applied, snapshotData: Array(0..<50))
        #expect(cluster.node(1).snapshotIndex == applied)
        cluster.heal()
        cluster.tick(1, times: 5)
        #expect(cluster.node(3).snapshotIndex == applied)
        #expect(cluster.node(3).commitIndex == cluster.node(1).commitIndex)
        #expect(cluster.deliveredSnapshotChunks >= 8) // 50 bytes in chunks of 7
    }

    @Test("Configuration encoding round-trips")
    func configurationEncoding() {
        let c = Configuration(voters: [3, 1, 2], learners: [9])
        #expect(Configuration(encoded: c.encoded()) == c)
        #expect(Configuration(encoded: [1, 2]) == nil)
    }
}
