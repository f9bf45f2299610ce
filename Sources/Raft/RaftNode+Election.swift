// Leader election (§5.2, §5.4.1) with pre-vote (thesis §9.6) and TimeoutNow (§3.10).

extension RaftNode {
    /// Starts a (pre-)election. `transfer` marks one requested by the leader (TimeoutNow).
    mutating func campaign(preVote usePreVote: Bool, transfer: Bool) {
        guard isPromotable else { return }
        votesReceived = [:]
        leaderID = 0
        resetElectionTimer()
        let electionTerm: UInt64
        if usePreVote {
            role = .preCandidate
            electionTerm = term + 1
        } else {
            role = .candidate
            term += 1
            vote = config.id
            electionTerm = term
        }
        if recordVote(from: config.id, granted: true) { return }
        for voter in configuration.voters where voter != config.id {
            let kind: Message.Kind = usePreVote
                ? .preVote(lastIndex: log.lastIndex, lastTerm: log.lastTerm)
                : .vote(lastIndex: log.lastIndex, lastTerm: log.lastTerm, transfer: transfer)
            messages.append(Message(from: config.id, to: voter, term: electionTerm, kind: kind))
        }
    }

    /// Counts a vote of the current election; returns true if the election ended.
    @discardableResult
    mutating func recordVote(from: NodeID, granted: Bool) -> Bool {
        if votesReceived[from] == nil { votesReceived[from] = granted }
        var yes = 0
        var no = 0
        for voter in configuration.voters {
            switch votesReceived[voter] {
            case true?: yes += 1
            case false?: no += 1
            case nil: break
            }
        }
        let quorum = configuration.quorum
        if yes >= quorum {
            if role == .preCandidate {
                campaign(preVote: false, transfer: false)
            } else {
                becomeLeader()
            }
            return true
        }
        if no > configuration.voters.count - quorum {
            becomeFollower(term: term, leader: 0)
            return true
        }
        return false
    }

    /// RequestVote receiver (§5.2, §5.4.1). For a pre-vote nothing changes locally.
    mutating func handleVoteRequest(from: NodeID, term requestTerm: UInt64, lastIndex: UInt64,
                                    lastTerm: UInt64, preVote: Bool) {
        let bugs = config.testingBugs
        let canVote: Bool
        if preVote {
            canVote = requestTerm > term
        } else {
            // One vote per term, first come first served; and no vote once a leader is known.
            canVote = vote == from || (vote == 0 && leaderID == 0) || bugs.contains(.doubleVote)
        }
        let upToDate = log.isUpToDate(lastIndex: lastIndex, lastTerm: lastTerm) || bugs.contains(.voteIgnoresLog)
        let grant = canVote && upToDate
        if preVote {
            // A grant names the proposed term so the pre-candidate can match it to its round.
            let responseTerm = grant ? requestTerm : term
            messages.append(Message(from: config.id, to: from, term: responseTerm,
                                    kind: .preVoteResponse(reject: !grant)))
            return
        }
        if grant {
            vote = from
            electionElapsedTicks = 0
        }
        send(to: from, .voteResponse(reject: !grant))
    }

    /// Wins an election: appends the no-op of the new term (§5.4.2, thesis §6.4) and starts
    /// replicating it; every follower starts in the probe state.
    mutating func becomeLeader() {
        role = .leader
        leaderID = config.id
        leadTransferee = 0
        heartbeatElapsedTicks = 0
        electionElapsedTicks = 0
        reads.reset()
        progress = []
        syncProgress()
        log.append(Entry(term: term, index: log.lastIndex + 1, kind: .noop, data: []))
        needsBroadcast = true
        // A single-voter cluster commits as soon as the no-op is durable (see `advance`).
    }
}

extension RaftNode {
    /// The application lost its connection from `peer` (end of file or reset: on a loopback
    /// or LAN link this almost always means the process died). If `peer` is this follower's
    /// leader, the follower forgets it — so it grants pre-votes and votes at once instead of
    /// defending the dead leader for an election timeout (§4.2.3) — and campaigns after
    /// `1 + 2 × rank` ticks, its rank among the other voters: the remaining voters take
    /// turns rather than splitting the vote, and each turn leaves a tick for the others to
    /// notice the loss too. A live leader's next message restores it (`acceptLeader`) with
    /// a normal timeout, and a pre-vote still needs a majority that lost the leader as well.
    ///
    /// Ignored with lease reads: a leader serving reads from its lease relies on every
    /// follower refusing votes for a whole election timeout after it acknowledged a
    /// heartbeat, and a dropped connection is no proof that the leader stopped.
    public mutating func peerConnectionLost(_ peer: NodeID) {
        guard config.readOnlyMode == .safe, role == .follower, peer != 0, peer == leaderID, isPromotable else {
            return
        }
        leaderID = 0
        let rank = configuration.voters.filter { $0 != peer && $0 < config.id }.count
        electionElapsedTicks = 0
        randomizedElectionTimeoutTicks = min(1 + 2 * rank, config.electionTimeoutTicks)
    }
}
