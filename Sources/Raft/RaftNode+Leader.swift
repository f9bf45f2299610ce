// The leader's side of log replication (§5.3), commitment (§5.4.2), flow control
// (thesis §10.2.1 pipelining with a bounded window) and snapshot sending (§7).

extension RaftNode {
    /// Appends `data` to the leader's log and returns its index. The entry is sent with the
    /// next `ready()`, batched with every other proposal made since (DESIGN §11).
    public mutating func propose(_ data: [UInt8]) throws(ProposalError) -> UInt64 {
        guard role == .leader else { throw .notLeader(leaderHint: leaderID) }
        guard leadTransferee == 0 else { throw .transferInProgress }
        let index = log.lastIndex + 1
        log.append(Entry(term: term, index: index, kind: .normal, data: data))
        needsBroadcast = true
        return index
    }

    /// Creates or drops progress entries so that they match the configuration's members.
    mutating func syncProgress() {
        var next: [Progress] = []
        for member in configuration.members where member != config.id {
            if let i = progressIndex(of: member) {
                var existing = progress[i]
                existing.isLearner = configuration.isLearner(member)
                next.append(existing)
            } else {
                var fresh = Progress(next: log.lastIndex + 1, isLearner: configuration.isLearner(member),
                                     maxInflight: config.maxInflightMessages)
                fresh.id = member
                fresh.recentActive = true
                next.append(fresh)
            }
        }
        progress = next
    }

    mutating func broadcastAppend() {
        for i in progress.indices { sendAppends(to: i) }
    }

    /// Sends as many appends as flow control allows (one in probe state, up to the window in
    /// replicate state).
    mutating func sendAppends(to i: Int) {
        while sendAppend(to: i, sendIfEmpty: false) && progress[i].state == .replicate {}
    }

    /// Sends one append (or starts a snapshot when the entries are compacted away).
    @discardableResult
    mutating func sendAppend(to i: Int, sendIfEmpty: Bool) -> Bool {
        var pr = progress[i]
        if pr.isPaused { return false }
        let prevIndex = pr.next - 1
        guard let prevTerm = log.term(at: prevIndex) else {
            startSnapshot(to: i)
            return false
        }
        let entries = log.slice(from: pr.next, through: log.lastIndex, maxBytes: config.maxMessageBytes)
        if entries.isEmpty && !sendIfEmpty { return false }
        if let last = entries.last, pr.state == .replicate {
            pr.next = last.index + 1
            pr.inflight.add(last.index)
        } else if pr.state == .probe {
            pr.probeSent = true
        }
        progress[i] = pr
        send(to: pr.id, .append(prevIndex: prevIndex, prevTerm: prevTerm, entries: entries, commit: log.committed))
        return true
    }

    mutating func handleAppendResponse(from: NodeID, _ response: AppendResponse) {
        guard let i = progressIndex(of: from) else { return }
        progress[i].recentActive = true
        if response.reject {
            handleRejection(at: i, response)
            return
        }
        if progress[i].state == .probe { progress[i].probeSent = false }
        guard progress[i].maybeUpdate(response.index) else {
            sendAppends(to: i)
            return
        }
        switch progress[i].state {
        case .probe:
            progress[i].becomeReplicate()
        case .snapshot:
            if progress[i].match >= progress[i].pendingSnapshotIndex { progress[i].becomeReplicate() }
        case .replicate:
            progress[i].inflight.free(through: response.index)
        }
        if maybeCommit() { commitAdvanced() }
        guard role == .leader, let j = progressIndex(of: from) else { return }
        if from == leadTransferee && progress[j].match == log.lastIndex {
            send(to: from, .timeoutNow)
        }
        sendAppends(to: j)
    }

    /// Fast back-off (thesis §5.3 end, etcd/raft): jump over whole terms using the hint.
    mutating func handleRejection(at i: Int, _ response: AppendResponse) {
        var pr = progress[i]
        let stale: Bool
        switch pr.state {
        case .replicate: stale = response.index <= pr.match
        case .probe: stale = response.index != pr.next - 1
        case .snapshot: stale = true
        }
        if stale { return }
        var next: UInt64
        if response.hintIndex < log.snapshotIndex {
            next = response.hintIndex + 1
        } else {
            next = log.findConflictByTerm(index: response.hintIndex, term: response.hintTerm).index + 1
        }
        next = max(min(next, response.index), pr.match + 1)
        pr.becomeProbe()
        pr.next = next
        progress[i] = pr
        sendAppend(to: i, sendIfEmpty: true)
    }

    /// §5.4.2: the leader commits the highest index stored on a quorum of voters, but only if
    /// that entry is of the current term; earlier entries are committed indirectly.
    mutating func maybeCommit() -> Bool {
        var values = takeScratch()
        for voter in configuration.voters {
            if voter == config.id {
                values.append(log.persisted)
            } else {
                values.append(progressIndex(of: voter).map { progress[$0].match } ?? 0)
            }
        }
        let quorumIndex = quorumValue(&values)
        guard quorumIndex > log.committed else { return false }
        if log.term(at: quorumIndex) != term && !config.testingBugs.contains(.commitOldTermByCounting) {
            return false
        }
        log.commit(to: quorumIndex)
        return true
    }

    /// The largest value reached by a quorum of voters (0 without voters); gives back the
    /// scratch buffer so the hot path allocates nothing.
    mutating func quorumValue(_ values: inout [UInt64]) -> UInt64 {
        defer { scratch = values }
        guard !values.isEmpty else { return 0 }
        values.sort(by: >)
        return values[configuration.quorum - 1]
    }

    mutating func takeScratch() -> [UInt64] {
        var values: [UInt64] = []
        swap(&values, &scratch)
        values.removeAll(keepingCapacity: true)
        return values
    }

    /// Follow-ups of a commit: tell followers, release reads waiting for the term's first
    /// commit, and step down once our own removal has committed (thesis §4.2.2).
    mutating func commitAdvanced() {
        for i in progress.indices where progress[i].match == log.lastIndex && progress[i].state == .replicate {
            sendAppend(to: i, sendIfEmpty: true)
        }
        releaseReadsAwaitingCommit()
        if !configuration.isVoter(config.id) && lastConfigurationIndex <= log.committed {
            becomeFollower(term: term, leader: 0)
        }
    }

    /// Check-quorum (§6.2): did a majority of voters answer during the last election timeout?
    func quorumActive() -> Bool {
        var active = 0
        for voter in configuration.voters {
            if voter == config.id {
                active += 1
            } else if let i = progressIndex(of: voter), progress[i].recentActive {
                active += 1
            }
        }
        return active >= configuration.quorum
    }

    mutating func broadcastHeartbeat() {
        let round = reads.startRound(atTick: nowTicks)
        for i in progress.indices {
            let commit = min(progress[i].match, log.committed)
            send(to: progress[i].id, .heartbeat(commit: commit, round: round))
        }
        releaseConfirmedReads()
    }

    mutating func handleHeartbeatResponse(from: NodeID, round: UInt64) {
        guard let i = progressIndex(of: from) else { return }
        progress[i].recentActive = true
        if progress[i].state == .probe { progress[i].probeSent = false }
        if round > progress[i].ackedRound {
            progress[i].ackedRound = round
            releaseConfirmedReads()
        }
        if progress[i].state == .snapshot {
            // Chunks or their answers were lost: resend the current chunk.
            if nowTicks >= progress[i].snapshotLastSentTick + 2 { sendSnapshotChunk(to: i) }
        } else if progress[i].match < log.lastIndex {
            // Appends may have been lost: probe (etcd frees one window slot for this).
            if progress[i].state == .replicate && progress[i].inflight.isFull { progress[i].inflight.freeFirst() }
            sendAppend(to: i, sendIfEmpty: true)
        }
    }

    // MARK: Snapshots (§7), sent in chunks of `maxSnapshotChunkBytes`

    mutating func startSnapshot(to i: Int) {
        guard let snap = snapshot else {
            preconditionFailure("entries compacted without a snapshot")
        }
        progress[i].becomeSnapshot(index: snap.metadata.index)
        sendSnapshotChunk(to: i)
    }

    mutating func sendSnapshotChunk(to i: Int) {
        guard let snap = snapshot else { return }
        if progress[i].pendingSnapshotIndex != snap.metadata.index {
            progress[i].becomeSnapshot(index: snap.metadata.index)
        }
        let offset = min(progress[i].snapshotNextOffset, snap.data.count)
        let end = min(offset + config.maxSnapshotChunkBytes, snap.data.count)
        progress[i].snapshotLastSentTick = nowTicks
        send(to: progress[i].id, .installSnapshot(metadata: snap.metadata, offset: offset,
                                                   chunk: Array(snap.data[offset..<end]),
                                                   done: end == snap.data.count))
    }

    mutating func handleSnapshotResponse(from: NodeID, index: UInt64, nextOffset: Int) {
        guard let i = progressIndex(of: from) else { return }
        progress[i].recentActive = true
        guard progress[i].state == .snapshot, index == progress[i].pendingSnapshotIndex,
              let snap = snapshot, snap.metadata.index == index else { return }
        // Only progress moves the transfer on, so duplicated answers do not multiply chunks;
        // a receiver that lost its partial copy (restart) is re-sent from its offset by the
        // heartbeat path.
        if nextOffset > progress[i].snapshotNextOffset {
            progress[i].snapshotNextOffset = nextOffset
            if nextOffset < snap.data.count { sendSnapshotChunk(to: i) }
        } else if nextOffset < progress[i].snapshotNextOffset {
            progress[i].snapshotNextOffset = nextOffset
        }
    }
}
