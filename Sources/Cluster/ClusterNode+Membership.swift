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
        case voter(NodeID)
        case removed(NodeID)
    }

    var goal: Goal
    var deadlineMs: Int64
    var completion: (String?) -> Void
}

extension ClusterNode {
    /// Adds `member` to the cluster: as a learner, then, once caught up, as a voter.
    /// `completion(nil)` runs when this node has applied the configuration that makes it a
    /// voter; `completion(message)` with an error text (an `ERR ...` reply line without the
    /// dash) if this node is not the leader, a change is already in progress, or the
    /// learner did not catch up within `membershipTimeoutMs`. The new server must be started
    /// with `joinExisting` set.
    public func addMember(_ member: ClusterMember, completion: @escaping (String?) -> Void) {
        guard raft.role == .leader else { return completion(notLeaderText) }
        guard member.id != 0, !raft.configuration.contains(member.id) else {
            return completion("ERR node \(member.id) is already a member")
        }
        let address = EntryPayload.memberAddress(id: member.id, host: member.host, clientPort: member.clientPort,
                                                 peerPort: member.peerPort)
        do {
            _ = try raft.propose(address.encoded())
            _ = try raft.proposeMembershipChange(.addLearner(member.id))
        } catch {
            return completion("ERR membership change refused: \(error)")
        }
        transport.setPeer(PeerAddress(id: member.id, host: member.host, port: member.peerPort))
        log("adding node \(member.id) (\(member.host):\(member.clientPort)) as a learner")
        membershipTasks.append(MembershipTask(goal: .voter(member.id), deadlineMs: loop.nowMs + membershipTimeoutMs,
                                              completion: completion))
    }

    /// Removes server `id` (voter or learner; the leader may remove itself and then steps
    /// down). `completion(nil)` once this node applied the configuration without it.
    public func removeMember(_ id: NodeID, completion: @escaping (String?) -> Void) {
        guard raft.role == .leader else { return completion(notLeaderText) }
        do {
            _ = try raft.proposeMembershipChange(.remove(id))
        } catch {
            return completion("ERR membership change refused: \(error)")
        }
        log("removing node \(id)")
        membershipTasks.append(MembershipTask(goal: .removed(id), deadlineMs: loop.nowMs + membershipTimeoutMs,
                                              completion: completion))
    }

    /// How long a membership operation may take (learner catch-up included).
    var membershipTimeoutMs: Int64 { max(configuration.writeTimeoutMs, 30_000) }

    var notLeaderText: String {
        let address = leaderClientAddress.map { "\($0.host):\($0.port)" } ?? "unknown"
        return "ERR membership changes go to the leader (\(address))"
    }

    /// Advances membership operations (each tick): promote caught-up learners, finish the
    /// operations whose configuration has applied, fail the late ones.
    func advanceMembershipTasks(nowMs: Int64) {
        guard !membershipTasks.isEmpty else { return }
        var remaining: [MembershipTask] = []
        for task in membershipTasks {
            switch task.goal {
            case .voter(let id) where appliedConfiguration.isVoter(id):
                task.completion(nil)
                continue
            case .removed(let id) where !appliedConfiguration.contains(id):
                task.completion(nil)
                continue
            case .voter(let id) where raft.role == .leader && raft.configuration.isLearner(id):
                // Refused until the learner caught up and the previous change committed.
                if (try? raft.proposeMembershipChange(.addVoter(id))) != nil {
                    log("promoting node \(id) to voter")
                }
            default:
                break
            }
            if nowMs >= task.deadlineMs {
                task.completion("ERR membership change did not complete within \(membershipTimeoutMs) ms")
            } else {
                remaining.append(task)
            }
        }
        membershipTasks = remaining
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
