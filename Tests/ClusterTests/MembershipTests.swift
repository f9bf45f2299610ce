import Raft
import RESP
import Testing

@testable import Cluster

@Suite(.serialized) struct MembershipTests {
    /// Nodes 1-3 bootstrap a cluster without node 4, which is made to join later.
    static func threeAndANewcomer() throws -> TestCluster {
        try TestCluster(size: 4, startNodes: false) { configuration in
            if configuration.nodeID == 4 {
                configuration.joinExisting = true
            } else {
                configuration.members.removeLast()
            }
        }
    }

    @Test func aFourthServerJoinsAsLearnerIsPromotedAndAVoterIsRemoved() throws {
        let cluster = try TestCluster(size: 4, startNodes: false) { configuration in
            if configuration.nodeID == 4 {
                configuration.joinExisting = true
            } else {
                configuration.members.removeLast()  // the first three bootstrap without it
            }
        }
        for i in 0..<3 { try cluster.nodes[i].start() }
        let leader = try #require(cluster.awaitLeader())
        #expect(cluster.write(["SET", "before-join", "1"], on: leader) == "+OK\r\n")
        let newcomer = cluster.nodes[3]
        try newcomer.start()
        var added: String?? = .none
        leader.addMember(cluster.members[3]) { added = .some($0) }
        #expect(cluster.run(timeoutMs: 8000) { added != nil })
        #expect(added == .some(nil), "\(String(describing: added))")
        #expect(leader.members.voters == [1, 2, 3, 4])
        #expect(cluster.barrier(on: newcomer) == nil)
        #expect(cluster.machines[3].value("before-join") == "1")
        #expect(cluster.write(["SET", "from-newcomer", "1"], on: newcomer) == "+OK\r\n")
        // Every node learned the newcomer's address from the log.
        for node in cluster.nodes.prefix(3) { #expect(node.member(4)?.peerPort == cluster.members[3].peerPort) }

        let victim = try #require(cluster.nodes.prefix(3).first { $0 !== leader })
        var removed: String?? = .none
        leader.removeMember(victim.configuration.nodeID) { removed = .some($0) }
        #expect(cluster.run(timeoutMs: 5000) { removed != nil })
        #expect(removed == .some(nil))
        victim.stop()
        #expect(leader.members.voters.count == 3)
        #expect(cluster.write(["SET", "after-remove", "1"], on: newcomer) == "+OK\r\n")
        #expect(cluster.barrier(on: leader) == nil)
        #expect(cluster.machines[cluster.index(of: leader)].value("after-remove") == "1")
    }

    @Test func membershipChangesGoToTheLeader() throws {
        let cluster = try TestCluster(size: 3)
        let leader = try #require(cluster.awaitLeader())
        let follower = try #require(cluster.nodes.first { $0 !== leader })
        cluster.run(timeoutMs: 2000) { follower.leaderID != 0 }
        var answer: String?
        follower.removeMember(leader.configuration.nodeID) { answer = $0 }
        #expect(answer?.hasPrefix("ERR membership changes go to the leader") == true)
        leader.addMember(cluster.members[1]) { answer = $0 }
        #expect(answer == "ERR node 2 is already a member")
    }
}

extension MembershipTests {
    @Test func aSecondChangeWhileOneIsUnderWayIsRefusedWithAClearError() throws {
        let cluster = try TestCluster(size: 5, startNodes: false) { configuration in
            if configuration.nodeID >= 4 {
                configuration.joinExisting = true
            } else {
                configuration.members.removeLast(2)
            }
        }
        for i in 0..<3 { try cluster.nodes[i].start() }
        let leader = try #require(cluster.awaitLeader())
        #expect(cluster.write(["SET", "k", "1"], on: leader) == "+OK\r\n")  // an entry of its term committed
        try cluster.nodes[3].start()
        var first: String?? = .none
        var second: String?? = .none
        leader.addMember(cluster.members[3]) { first = .some($0) }
        leader.addMember(cluster.members[4]) { second = .some($0) }
        #expect(second == .some("ERR a membership change is already in progress; retry when it completes"))
        var unknown: String?? = .none
        leader.removeMember(99) { unknown = .some($0) }
        #expect(unknown == .some("ERR node 99 is not a member"))
        #expect(cluster.run(timeoutMs: 8000) { first != nil })
        #expect(first == .some(nil))
    }

    @Test func addingAsALearnerAnswersBeforeThePromotionWhichStillFollows() throws {
        let cluster = try Self.threeAndANewcomer()
        for i in 0..<4 { try cluster.nodes[i].start() }
        let leader = try #require(cluster.awaitLeader())
        #expect(cluster.write(["SET", "k", "1"], on: leader) == "+OK\r\n")  // an entry of its term committed
        var added: String?? = .none
        var learnerWhenAnswered = false
        leader.addMember(cluster.members[3], answerOnceLearner: true) {
            added = .some($0)
            learnerWhenAnswered = leader.appliedMembers.isLearner(4)
        }
        #expect(cluster.run(timeoutMs: 8000) { added != nil })
        #expect(added == .some(nil))
        #expect(learnerWhenAnswered)
        #expect(cluster.run(timeoutMs: 8000) { leader.appliedMembers.isVoter(4) })
    }
}

extension MembershipTests {
    /// Found by Tests/faults (membership nemesis, the "island"): an isolated leader asked to
    /// remove a follower kept the task after it lost leadership. Its entry never commits,
    /// and the task refused every later change on that node, once leader again, for 30 s.
    @Test func anIsolatedLeaderDropsItsChangeOnceAnotherLeaderTruncatesIt() throws {
        let cluster = try TestCluster(size: 3)
        let first = try #require(cluster.awaitLeader())
        #expect(cluster.write(["SET", "k", "1"], on: first) == "+OK\r\n")  // an entry of its term committed
        first.isIsolated = true
        let follower = try #require(cluster.nodes.first { $0 !== first })
        var removed: String?? = .none
        first.removeMember(follower.configuration.nodeID) { removed = .some($0) }
        let second = try #require(cluster.awaitLeader(timeoutMs: 8000))
        #expect(cluster.write(["SET", "k", "2"], on: second) == "+OK\r\n")
        first.isIsolated = false
        #expect(cluster.run(timeoutMs: 8000) { removed != nil })
        #expect(removed == .some(first.leadershipChangedText))
        #expect(first.membershipTasks.isEmpty)
        #expect(first.members.voters == [1, 2, 3])
    }

    /// Also found by the membership nemesis: a learner whose leader lost leadership before
    /// promoting it stayed a learner for good (ADD then answers "already a member").
    @Test func theNextLeaderPromotesALearnerAnEarlierLeaderAdded() throws {
        let cluster = try Self.threeAndANewcomer()
        for i in 0..<3 { try cluster.nodes[i].start() }
        let first = try #require(cluster.awaitLeader())
        #expect(cluster.write(["SET", "k", "1"], on: first) == "+OK\r\n")
        // Node 4 is not running yet: it becomes a learner that cannot catch up.
        var added: String?? = .none
        first.addMember(cluster.members[3], answerOnceLearner: true) { added = .some($0) }
        #expect(cluster.run(timeoutMs: 8000) { added != nil })
        #expect(added == .some(nil))
        first.isIsolated = true
        _ = try #require(cluster.awaitLeader(timeoutMs: 8000))
        first.isIsolated = false
        #expect(cluster.run(timeoutMs: 8000) { first.membershipTasks.isEmpty })
        try cluster.nodes[3].start()
        #expect(cluster.run(timeoutMs: 8000) { cluster.nodes.prefix(3).allSatisfy { $0.members.isVoter(4) } })
    }
}
