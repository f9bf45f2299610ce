// The follower's side of replication: AppendEntries (§5.3), heartbeats, and InstallSnapshot
// received in chunks (§7).

extension RaftNode {
    /// AppendEntries receiver (Figure 2): log-matching check on `prevIndex`/`prevTerm`,
    /// truncation at the first conflict, commit up to the last new entry.
    mutating func handleAppend(from: NodeID, prevIndex: UInt64, prevTerm: UInt64, entries: [Entry], commit: UInt64) {
        if prevIndex < log.committed {
            // Everything through our commit index is identical to the leader's (§5.4.3).
            send(to: from, .appendResponse(AppendResponse(index: log.committed)))
            return
        }
        guard log.matchTerm(prevIndex, prevTerm) else {
            let hint = log.findConflictByTerm(index: min(prevIndex, log.lastIndex), term: prevTerm)
            send(to: from, .appendResponse(AppendResponse(index: prevIndex, reject: true,
                                                          hintIndex: hint.index, hintTerm: hint.term)))
            return
        }
        if let first = firstConflict(entries), first <= log.committed {
            // Overwriting a committed entry breaks State Machine Safety; only reachable with
            // injected bugs, where the simulator must see it rather than crash.
            let what = "conflict at \(first) at or below commit \(log.committed)"
            if config.testingBugs.isEmpty { preconditionFailure(what) }
            internalViolation = internalViolation ?? what
            return
        }
        if let truncatedAt = log.appendFollowing(prevIndex: prevIndex, entries) {
            configHistory.removeAll { $0.index >= truncatedAt }
        }
        noteConfigurations(in: entries)
        let lastNewIndex = prevIndex + UInt64(entries.count)
        log.commit(to: min(commit, lastNewIndex))
        send(to: from, .appendResponse(AppendResponse(index: lastNewIndex)))
    }

    /// Index of the first incoming entry whose term differs from ours, if any.
    func firstConflict(_ entries: [Entry]) -> UInt64? {
        for entry in entries {
            guard let existing = log.term(at: entry.index) else { return nil }
            if existing != entry.term { return entry.index }
        }
        return nil
    }

    mutating func handleHeartbeat(from: NodeID, commit: UInt64, round: UInt64) {
        // The leader sends min(match, commit), so our log holds that prefix already.
        log.commit(to: min(commit, log.lastIndex))
        send(to: from, .heartbeatResponse(round: round))
    }

    /// InstallSnapshot receiver: reassembles chunks in order; answers each chunk with the
    /// bytes held so far and the complete snapshot with an append response.
    mutating func handleSnapshotChunk(from: NodeID, metadata: SnapshotMetadata, offset: Int,
                                      chunk: [UInt8], done: Bool) {
        if metadata.index <= log.committed {
            incomingSnapshot = nil
            send(to: from, .appendResponse(AppendResponse(index: log.committed)))
            return
        }
        if offset == 0 {
            incomingSnapshot = Snapshot(metadata: metadata, data: chunk)
        } else if var partial = incomingSnapshot, partial.metadata == metadata, partial.data.count == offset {
            incomingSnapshot = nil
            partial.data.append(contentsOf: chunk)
            incomingSnapshot = partial
        } else {
            let held = incomingSnapshot?.metadata == metadata ? incomingSnapshot!.data.count : 0
            send(to: from, .snapshotResponse(index: metadata.index, nextOffset: held))
            return
        }
        guard done, let complete = incomingSnapshot else {
            send(to: from, .snapshotResponse(index: metadata.index, nextOffset: incomingSnapshot!.data.count))
            return
        }
        incomingSnapshot = nil
        restore(complete)
        // Entries after the snapshot index may still conflict with the leader's: claim only
        // the snapshot itself.
        send(to: from, .appendResponse(AppendResponse(index: metadata.index)))
    }

    /// Installs a snapshot newer than our commit index. If our log already holds the entry
    /// the snapshot ends at, only the commit index moves (§7: "retain the following entries").
    mutating func restore(_ snap: Snapshot) {
        let metadata = snap.metadata
        if log.matchTerm(metadata.index, metadata.term) {
            log.commit(to: metadata.index)
            return
        }
        log.restore(index: metadata.index, term: metadata.term)
        baseConfiguration = metadata.configuration
        configHistory = []
        configuration = metadata.configuration
        snapshot = snap
        snapshotToPersist = snap
    }
}
