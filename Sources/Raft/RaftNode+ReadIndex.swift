// Linearizable reads without log entries (thesis §6.4):
//   1. the leader must have committed an entry of its term (so its commit index is the
//      cluster's), else the read waits for that;
//   2. the read's index is the commit index when the request arrives;
//   3. a heartbeat round *sent after* the request must be acknowledged by a quorum, proving
//      that no newer leader existed at that moment;
//   4. the caller serves the read once its state machine has applied the index.
// Batching: every request waits for the next round, and a round is started at once only
// when none is outstanding, so a burst of reads shares one round (DESIGN §11).
// Lease reads (§6.4.1) skip step 3 while a quorum acknowledged a round less than
// `leaseDurationTicks` ago; see `RaftConfig.leaseDurationTicks` for the clock assumption.
// Reads pending when leadership is lost are dropped: callers time out and retry.

/// Bookkeeping of heartbeat rounds and reads waiting for them.
struct ReadOnlyState: Sendable {
    struct PendingRead: Sendable {
        var context: UInt64
        var from: NodeID
        var index: UInt64
        var round: UInt64
    }

    static let roundHistory = 256
    var pending: [PendingRead] = []
    var pendingStart = 0
    var awaitingCommit: [(context: UInt64, from: NodeID)] = []
    var sentRound: UInt64 = 0
    var roundSentTick = [UInt64](repeating: 0, count: roundHistory)
    var leaseDisabled = false

    mutating func reset() {
        pending.removeAll(keepingCapacity: true)
        pendingStart = 0
        awaitingCommit.removeAll()
        sentRound = 0
        leaseDisabled = false
    }

    mutating func startRound(atTick tick: UInt64) -> UInt64 {
        sentRound += 1
        roundSentTick[Int(sentRound % UInt64(Self.roundHistory))] = tick
        return sentRound
    }

    var hasPending: Bool { pendingStart < pending.count }
}

extension RaftNode {
    /// Requests a linearizable read. The answer comes as a `ReadState` with the same
    /// `context` in a later `Ready` (on a follower, after a round trip to the leader).
    public mutating func readIndex(context: UInt64) throws(ProposalError) {
        if role == .leader {
            handleReadRequest(context: context, from: config.id)
            return
        }
        guard leaderID != 0 else { throw .noLeader }
        send(to: leaderID, .readIndex(context: context))
    }

    mutating func handleReadRequest(context: UInt64, from: NodeID) {
        guard log.term(at: log.committed) == term else {
            reads.awaitingCommit.append((context, from))
            return
        }
        if config.testingBugs.contains(.readIndexWithoutQuorum) {
            answerRead(context: context, from: from, index: log.committed)
            return
        }
        if config.readOnlyMode == .leaseBased && leaseIsValid() {
            answerRead(context: context, from: from, index: log.committed)
            return
        }
        let outstanding = quorumAckedRound() < reads.sentRound
        reads.pending.append(.init(context: context, from: from, index: log.committed, round: reads.sentRound + 1))
        if !outstanding { broadcastHeartbeat() }
    }

    mutating func releaseReadsAwaitingCommit() {
        guard !reads.awaitingCommit.isEmpty, log.term(at: log.committed) == term else { return }
        let waiting = reads.awaitingCommit
        reads.awaitingCommit = []
        for read in waiting { handleReadRequest(context: read.context, from: read.from) }
    }

    /// Answers every read whose round a quorum has acknowledged; starts the next round if
    /// reads wait for one and none is outstanding.
    mutating func releaseConfirmedReads() {
        guard reads.hasPending else { return }
        let acked = quorumAckedRound()
        while reads.hasPending && reads.pending[reads.pendingStart].round <= acked {
            let read = reads.pending[reads.pendingStart]
            reads.pendingStart += 1
            answerRead(context: read.context, from: read.from, index: read.index)
        }
        if !reads.hasPending {
            reads.pending.removeAll(keepingCapacity: true)
            reads.pendingStart = 0
        } else if acked == reads.sentRound {
            broadcastHeartbeat()
        }
    }

    mutating func answerRead(context: UInt64, from: NodeID, index: UInt64) {
        if from == config.id {
            readStates.append(ReadState(context: context, index: index))
        } else {
            send(to: from, .readIndexResponse(context: context, index: index))
        }
    }

    /// Highest heartbeat round acknowledged by a quorum of voters (the leader acknowledges
    /// its own rounds).
    mutating func quorumAckedRound() -> UInt64 {
        var values = takeScratch()
        for voter in configuration.voters {
            if voter == config.id {
                values.append(reads.sentRound)
            } else {
                values.append(progressIndex(of: voter).map { progress[$0].ackedRound } ?? 0)
            }
        }
        return quorumValue(&values)
    }

    /// §6.4.1: valid while a quorum acknowledged a round sent less than the lease ago.
    func leaseIsValid() -> Bool {
        guard role == .leader, leadTransferee == 0, !reads.leaseDisabled else { return false }
        var acked: [UInt64] = []
        for voter in configuration.voters {
            if voter == config.id {
                acked.append(reads.sentRound)
            } else {
                acked.append(progressIndex(of: voter).map { progress[$0].ackedRound } ?? 0)
            }
        }
        guard !acked.isEmpty else { return false }
        acked.sort(by: >)
        let round = acked[configuration.quorum - 1]
        guard round > 0 else { return false }
        if config.testingBugs.contains(.leaseReadAfterQuorumLoss) { return true }
        guard reads.sentRound - round < UInt64(ReadOnlyState.roundHistory) else { return false }
        let sentTick = reads.roundSentTick[Int(round % UInt64(ReadOnlyState.roundHistory))]
        return nowTicks < sentTick + UInt64(config.leaseDurationTicks)
    }
}
