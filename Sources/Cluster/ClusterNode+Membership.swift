// Dynamic membership (DESIGN §6; Raft thesis §4.1–4.2): a new server joins as a learner,
// is promoted to voter once its log has caught up, and servers can be removed. One voter
// changes at a time; the Raft core enforces the rules and this file retries until they
// allow the next step.
//
// The new server's address is replicated first (an `EntryPayload.memberAddress` entry),
// so every node — any future leader — can dial it; the configuration entries themselves
// carry only ids.

import Raft

/// A membership operation waiting for its configuration to apply.
struct MembershipTask {
    enum Goal {
        /// Add the server (learner first, then voter).
        case voter(ClusterMember)
        case removed(NodeID)
    }

    var goal: Goal
    var deadlineMs: Int64
    /// Answered once the configuration that adds the server as a learner has applied,
    /// rather than when it becomes a voter (`RAFT.NODE ADD`: the new server learns the
    /// cluster id from the answer, and only then can it accept the leader's connection).
    var answerOnceLearner = false
    /// The first configuration entry is in the log. Until then the Raft core said "not
    /// yet": a leader elected a moment ago commits an entry of its term first (§4.1).
    var proposed = false
    /// The term the first entry was proposed in. Once a later term begins, only a leader
    /// of that term can finish the change (see `advanceMembershipTasks`).
    var proposedTerm: UInt64 = 0
    var completion: ((String?) -> Void)?

    /// Delivers the outcome, at most once.
    mutating func answer(_ error: String?) {
        completion?(error)
        completion = nil
    }
}

extension ClusterNode {
    /// Adds `member` to the cluster: as a learner, then, once caught up, as a voter.
    /// `completion(nil)` runs when this node has applied the configuration that makes it a
    /// voter; `completion(message)` with an error text (an `ERR ...` reply line without the
    /// dash) if this node is not the leader, a change is already in progress, or the
    /// learner did not catch up within `membershipTimeoutMs`. The new server must be started
    /// with `joinExisting` set and this cluster's id. With `answerOnceLearner`,
    /// `completion(nil)` runs as soon as the learner configuration has applied; the
    /// promotion still follows.
    public func addMember(_ member: ClusterMember, answerOnceLearner: Bool = false,
                          completion: @escaping (String?) -> Void) {
        guard raft.role == .leader else { return completion(notLeaderText) }
        guard member.id != 0, !raft.configuration.contains(member.id) else {
            return completion("ERR node \(member.id) is already a member")
        }
        start(MembershipTask(goal: .voter(member), deadlineMs: loop.nowMs + membershipTimeoutMs,
                             answerOnceLearner: answerOnceLearner, completion: completion))
    }

    /// Removes server `id` (voter or learner; the leader may remove itself and then steps
    /// down). `completion(nil)` once this node applied the configuration without it.
    public func removeMember(_ id: NodeID, completion: @escaping (String?) -> Void) {
        guard raft.role == .leader else { return completion(notLeaderText) }
        guard raft.configuration.contains(id) else { return completion("ERR node \(id) is not a member") }
        start(MembershipTask(goal: .removed(id), deadlineMs: loop.nowMs + membershipTimeoutMs, completion: completion))
    }

    /// Proposes `task` now, or at the next ticks while the Raft core says "not yet".
    private func start(_ task: MembershipTask) {
        var task = task
        advanceMembershipTasks(nowMs: loop.nowMs)  // finish those that applied since the last tick
        guard membershipTasks.isEmpty else { return task.answer(changeInProgressText) }
        guard proposeFirstStep(&task) else { return }
        membershipTasks.append(task)
    }

    /// Proposes the task's first configuration entry; false if it was refused for good
    /// (and answered). A refusal meaning "not yet" leaves the task unproposed.
    private func proposeFirstStep(_ task: inout MembershipTask) -> Bool {
        do {
            switch task.goal {
            case .voter(let member):
                _ = try raft.proposeMembershipChange(.addLearner(member.id))
                // The newcomer knows no address but those in the log: its own and every
                // member's go in (static members and a RAFT.CLUSTER INIT node have none
                // there yet). The leader dials it at once.
                for known in unreplicatedAddresses() + [member] {
                    _ = try raft.propose(EntryPayload.memberAddress(
                        id: known.id, host: known.host, clientPort: known.clientPort, peerPort: known.peerPort).encoded())
                }
                transport.setPeer(PeerAddress(id: member.id, host: member.host, port: member.peerPort))
                log("adding node \(member.id) (\(member.host):\(member.clientPort)) as a learner")
            case .removed(let id):
                _ = try raft.proposeMembershipChange(.remove(id))
                log("removing node \(id)")
            }
            task.proposed = true
            task.proposedTerm = raft.term
            return true
        } catch .configChangeInProgress where !task.proposed {
            return true
        } catch {
            task.answer(refusalText(error))
            return false
        }
    }

    /// Members of the current configuration whose address is known here (static list)
    /// but not yet replicated.
    func unreplicatedAddresses() -> [ClusterMember] {
        raft.configuration.members.compactMap { id in
            state.addresses[id] == nil ? configuration.member(id) : nil
        }
    }

    var changeInProgressText: String { "ERR a membership change is already in progress; retry when it completes" }

    /// The reply text for a membership change the Raft core refused.
    func refusalText(_ error: ProposalError) -> String {
        switch error {
        case .notLeader: return notLeaderText
        case .configChangeInProgress, .learnerNotCaughtUp: return changeInProgressText
        case .transferInProgress: return "ERR leadership is being transferred; retry at the new leader"
        case .invalidConfigChange: return "ERR invalid membership change"
        default: return "ERR membership change refused: \(error)"
        }
    }

    /// How long a membership operation may take (learner catch-up included).
    var membershipTimeoutMs: Int64 { max(configuration.writeTimeoutMs, 30_000) }

    /// Redirect-style refusal on a follower: `-MOVED`-like, naming the leader's client
    /// address so a client (and RAFT.CLUSTER JOIN) can retry there.
    var notLeaderText: String {
        guard let address = leaderClientAddress else {
            return "CLUSTERDOWN No leader elected; membership changes go to the leader"
        }
        return "ERR membership changes go to the leader (\(address.host):\(address.port))"
    }

    /// Advances membership operations (each tick): propose the ones the Raft core deferred,
    /// promote caught-up learners, finish the operations whose configuration has applied,
    /// fail the late ones.
    func advanceMembershipTasks(nowMs: Int64) {
        guard !membershipTasks.isEmpty else { return }
        var remaining: [MembershipTask] = []
        for var task in membershipTasks {
            if !task.proposed {
                guard raft.role == .leader else {
                    task.answer(notLeaderText)
                    continue
                }
                guard proposeFirstStep(&task) else { continue }
            }
            switch task.goal {
            case .voter(let member) where appliedConfiguration.isVoter(member.id):
                task.answer(nil)
                continue
            case .removed(let id) where task.proposed && !appliedConfiguration.contains(id):
                task.answer(nil)
                continue
            case .voter(let member) where raft.role == .leader && raft.configuration.isLearner(member.id):
                // Refused until the learner caught up and the previous change committed.
                if (try? raft.proposeMembershipChange(.addVoter(member.id))) != nil {
                    log("promoting node \(member.id) to voter")
                }
                if task.answerOnceLearner && appliedConfiguration.isLearner(member.id) { task.answer(nil) }
            default:
                if task.proposed && raft.term != task.proposedTerm && !logHolds(task.goal) {
                    // Leadership changed and the change is not in this node's log (never
                    // replicated, or truncated): nothing here will finish it. Kept, it would
                    // refuse every other change on this node, once leader again, until its
                    // deadline (found by Tests/faults, membership nemesis: the "island").
                    task.answer(leadershipChangedText)
                    log("membership change \(task.goal) abandoned: term \(task.proposedTerm) ended")
                    continue
                }
            }
            if nowMs >= task.deadlineMs {
                task.answer("ERR membership change did not complete within \(membershipTimeoutMs) ms")
                log("membership change \(task.goal) did not complete within \(membershipTimeoutMs) ms")
            } else {
                remaining.append(task)
            }
        }
        membershipTasks = remaining
    }

    /// Whether the latest configuration in this node's log (committed or not) reaches `goal`.
    private func logHolds(_ goal: MembershipTask.Goal) -> Bool {
        switch goal {
        case .voter(let member): return raft.configuration.isVoter(member.id)
        case .removed(let id): return !raft.configuration.contains(id)
        }
    }

    var leadershipChangedText: String {
        "ERR leadership changed before the membership change completed; check INFO raft and retry at the leader"
    }

    /// Leader only, each tick: promotes a learner that no task here is promoting. Learners
    /// exist only as a step of RAFT.NODE ADD, and the leader that added one may have lost
    /// leadership before promoting it; without this the learner would stay one for good
    /// and ADD would answer that it is already a member.
    func promoteOrphanLearners() {
        guard raft.role == .leader, membershipTasks.isEmpty, let learner = raft.configuration.learners.first else {
            return
        }
        // Refused until it caught up and the previous change committed: tried again next tick.
        if (try? raft.proposeMembershipChange(.addVoter(learner))) != nil {
            log("promoting node \(learner) to voter (added under an earlier leader)")
        }
    }

    /// Records a replicated member address and dials it.
    func learnAddress(_ member: ClusterMember) {
        state.addresses[member.id] = member
        guard member.id != configuration.nodeID else { return }
        transport?.setPeer(PeerAddress(id: member.id, host: member.host, port: member.peerPort))
    }

    /// Dials every member whose address came from the log or a snapshot.
    func dialReplicatedAddresses() {
        for member in state.addresses.values where member.id != configuration.nodeID {
            transport?.setPeer(PeerAddress(id: member.id, host: member.host, port: member.peerPort))
        }
    }
}
