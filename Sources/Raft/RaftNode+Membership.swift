// Membership changes, one voter at a time (thesis §4.1).
//
// Safety argument. Every configuration entry adds or removes at most one voter, so any
// majority of the old voter set and any majority of the new one share a server: two leaders
// cannot be elected in one term by disjoint majorities, and an entry committed under either
// configuration is seen by every later leader. This holds only if at most one change is in
// flight, so:
//   1. a server uses the latest configuration in its log, committed or not (applied on
//      append; truncating the entry reverts it);
//   2. a leader proposes a change only when the previous one has committed;
//   3. a leader proposes a change only after committing an entry of its own term. Without
//      this rule (Ongaro, raft-dev 2015) a new leader could append a change while an
//      uncommitted change from an earlier term, which it does not know about, is held by
//      some servers: the two changes together alter two voters and majorities can be
//      disjoint. Committing the term's no-op first makes every earlier change either
//      committed or dead.
// New servers join as learners and are promoted only once their log caught up (§4.2.1), so
// a promotion never stalls commits. A leader may remove itself: it keeps replicating
// without counting itself and steps down once the change commits (§4.2.2).

extension RaftNode {
    /// Proposes one membership step; returns the index of the configuration entry.
    public mutating func proposeMembershipChange(_ change: ConfigChange) throws(ProposalError) -> UInt64 {
        guard role == .leader else { throw .notLeader(leaderHint: leaderID) }
        guard leadTransferee == 0 else { throw .transferInProgress }
        guard log.term(at: log.committed) == term, lastConfigurationIndex <= log.committed else {
            throw .configChangeInProgress
        }
        guard let next = configuration.applying(change) else { throw .invalidConfigChange }
        if case .addVoter(let id) = change, configuration.isLearner(id) {
            guard let i = progressIndex(of: id), progress[i].match >= log.committed else {
                throw .learnerNotCaughtUp
            }
        }
        let entry = Entry(term: term, index: log.lastIndex + 1, kind: .configChange, data: next.encoded())
        log.append(entry)
        noteConfigurations(in: [entry])
        needsBroadcast = true
        return entry.index
    }

    /// Hands leadership to `target` (thesis §3.10): stop accepting proposals, bring the
    /// target's log up to date, then send it TimeoutNow. Aborted after an election timeout.
    public mutating func transferLeadership(to target: NodeID) throws(ProposalError) {
        guard role == .leader else { throw .notLeader(leaderHint: leaderID) }
        guard target != config.id, configuration.isVoter(target), let i = progressIndex(of: target) else {
            throw .invalidConfigChange
        }
        leadTransferee = target
        transferElapsedTicks = 0
        // The target will win without waiting for leases to expire, so ours ends now.
        reads.leaseDisabled = true
        if progress[i].match == log.lastIndex {
            send(to: target, .timeoutNow)
        } else {
            sendAppends(to: i)
        }
    }

    /// Index of the latest configuration entry in the log (the snapshot index if none).
    var lastConfigurationIndex: UInt64 { configHistory.last?.index ?? log.snapshotIndex }

    /// Index of the entry that carried `configuration` (or the snapshot index); the
    /// configuration is committed once `commitIndex` reaches it.
    public var configurationIndex: UInt64 { lastConfigurationIndex }

    /// The configuration in force at `index` (latest entry at or before it).
    func configuration(at index: UInt64) -> Configuration {
        for record in configHistory.reversed() where record.index <= index { return record.configuration }
        return baseConfiguration
    }

    /// Records configuration entries just appended and switches to the latest one.
    mutating func noteConfigurations(in entries: [Entry]) {
        for entry in entries where entry.kind == .configChange {
            guard entry.index > lastConfigurationIndex, log.matchTerm(entry.index, entry.term) else { continue }
            guard let decoded = Configuration(encoded: entry.data) else {
                preconditionFailure("undecodable configuration entry at \(entry.index)")
            }
            configHistory.append((entry.index, decoded))
        }
        let latest = configHistory.last?.configuration ?? baseConfiguration
        if latest != configuration {
            configuration = latest
            configurationChanged()
        }
    }

    mutating func configurationChanged() {
        guard role == .leader else { return }
        syncProgress()
        if leadTransferee != 0 && !configuration.isVoter(leadTransferee) { leadTransferee = 0 }
        needsBroadcast = true
        // Removing a lagging voter can complete a quorum.
        if maybeCommit() { commitAdvanced() }
    }
}
