// Message dispatch: the term rules common to every message (§5.1, thesis §9.6 for
// pre-vote, §4.2.3 for disruptive servers), then the handler of the message kind.

extension RaftNode {
    /// Processes one message from a peer.
    public mutating func step(_ m: Message) {
        guard m.to == config.id, m.from != config.id else { return }
        if m.term > term {
            switch m.kind {
            case .vote(_, _, let transfer):
                // §4.2.3: a server that heard from a leader recently ignores votes, unless
                // the election was started by the leader itself (TimeoutNow, §3.10).
                if !transfer && inLease { return }
                becomeFollower(term: m.term, leader: 0)
            case .preVote:
                if inLease { return }
                // A pre-vote never changes our term (thesis §9.6); answered below.
            case .preVoteResponse(let reject) where !reject:
                // Grants carry the term we would campaign in; not a newer term.
                break
            case .append, .heartbeat, .installSnapshot:
                becomeFollower(term: m.term, leader: m.from)
            default:
                becomeFollower(term: m.term, leader: 0)
            }
        } else if m.term < term {
            switch m.kind {
            case .append, .heartbeat, .installSnapshot:
                // A stale leader learns our term and steps down (needed with check-quorum
                // and pre-vote, where a partitioned node's term no longer disrupts).
                send(to: m.from, .appendResponse(AppendResponse(index: 0)))
            case .preVote:
                send(to: m.from, .preVoteResponse(reject: true))
            default:
                break
            }
            return
        }
        dispatch(m)
    }

    mutating func dispatch(_ m: Message) {
        switch m.kind {
        case .append(let prevIndex, let prevTerm, let entries, let commit):
            guard acceptLeader(m.from) else { return }
            handleAppend(from: m.from, prevIndex: prevIndex, prevTerm: prevTerm, entries: entries, commit: commit)
        case .heartbeat(let commit, let round):
            guard acceptLeader(m.from) else { return }
            handleHeartbeat(from: m.from, commit: commit, round: round)
        case .installSnapshot(let metadata, let offset, let chunk, let done):
            guard acceptLeader(m.from) else { return }
            handleSnapshotChunk(from: m.from, metadata: metadata, offset: offset, chunk: chunk, done: done)
        case .appendResponse(let response):
            if role == .leader { handleAppendResponse(from: m.from, response) }
        case .heartbeatResponse(let round):
            if role == .leader { handleHeartbeatResponse(from: m.from, round: round) }
        case .snapshotResponse(let index, let nextOffset):
            if role == .leader { handleSnapshotResponse(from: m.from, index: index, nextOffset: nextOffset) }
        case .vote(let lastIndex, let lastTerm, _):
            handleVoteRequest(from: m.from, term: m.term, lastIndex: lastIndex, lastTerm: lastTerm, preVote: false)
        case .preVote(let lastIndex, let lastTerm):
            handleVoteRequest(from: m.from, term: m.term, lastIndex: lastIndex, lastTerm: lastTerm, preVote: true)
        case .voteResponse(let reject):
            if role == .candidate { recordVote(from: m.from, granted: !reject) }
        case .preVoteResponse(let reject):
            if role == .preCandidate { recordVote(from: m.from, granted: !reject) }
        case .timeoutNow:
            // §3.10: the leader asks us to start an election now, skipping pre-vote.
            if isPromotable && role != .leader { campaign(preVote: false, transfer: true) }
        case .readIndex(let context):
            if role == .leader { handleReadRequest(context: context, from: m.from) }
        case .readIndexResponse(let context, let index):
            if role != .leader { readStates.append(ReadState(context: context, index: index)) }
        }
    }

    /// A message from the leader of our term: candidates give up (§5.2), everybody resets the
    /// election timer. Returns false for a second leader in one term (only with injected bugs).
    mutating func acceptLeader(_ from: NodeID) -> Bool {
        if role == .leader {
            if config.testingBugs.isEmpty { preconditionFailure("two leaders in term \(term)") }
            internalViolation = internalViolation ?? "two leaders in term \(term)"
            return false
        }
        if role != .follower || leaderID != from { becomeFollower(term: term, leader: from) }
        electionElapsedTicks = 0
        return true
    }

    mutating func becomeFollower(term newTerm: UInt64, leader: NodeID) {
        if newTerm > term {
            term = newTerm
            vote = 0
        }
        role = .follower
        leaderID = leader
        leadTransferee = 0
        progress = []
        reads.reset()
        resetElectionTimer()
    }
}
