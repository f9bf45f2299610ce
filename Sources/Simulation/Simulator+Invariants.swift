import Raft

extension Simulator {
    /// Checks a Ready as it leaves a node: Log Matching on new entries (§5.3) and State
    /// Machine Safety on committed ones (§5.4.3).
    mutating func inspect(_ rd: Ready, at i: Int) {
        let raft = nodes[i].raft!
        for entry in rd.entriesToPersist {
            let key = IndexTerm(index: entry.index, term: entry.term)
            let prevTerm = entry.index > 1 ? raft.term(at: entry.index - 1) : 0
            let digest = Self.digest(entry)
            if let known = entryRegistry[key] {
                if known.digest != digest {
                    violation("log matching: two different entries at index \(entry.index) term \(entry.term)")
                } else if let a = known.prevTerm, let b = prevTerm, a != b {
                    violation("log matching: entry \(entry.index)/\(entry.term) follows term \(a) and term \(b)")
                }
            } else {
                entryRegistry[key] = (digest, prevTerm)
            }
        }
        for entry in rd.committedEntries { registerCommitted(entry, at: i) }
        if let snap = rd.snapshotToPersist, snap.metadata.index >= committedTerms.count {
            violation("n\(i + 1) installed a snapshot at \(snap.metadata.index) beyond anything committed")
        }
    }

    mutating func registerCommitted(_ entry: Entry, at i: Int) {
        let index = Int(entry.index)
        while committedDigests.count <= index {
            committedDigests.append(0)
            committedTerms.append(0)
        }
        let digest = Self.digest(entry)
        if committedDigests[index] == 0 {
            committedDigests[index] = digest
            committedTerms[index] = entry.term
        } else if committedDigests[index] != digest || committedTerms[index] != entry.term {
            violation("state machine safety: n\(i + 1) applies term \(entry.term) at \(index), another node term \(committedTerms[index])")
        }
    }

    static func digest(_ entry: Entry) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(entry.kind.rawValue)
        for byte in entry.data { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash | 1
    }

    /// After every event: one leader per term (§5.2), Leader Completeness for new leaders
    /// (§5.4), and no committed entry lost.
    mutating func checkAfterEvent() {
        // Scalars only, read in one borrowing pass: touching `nodes[i]` in the loop below
        // copied whole nodes, 40% of the simulator's time in retains and releases.
        let states = nodes.map { $0.raft?.checkedState }
        let lastSoftStates = nodes.map(\.lastSoftState)
        for i in nodes.indices {
            guard let state = states[i] else { continue }
            if let what = state.violation {
                violation("n\(i + 1) core: \(what)")
                return
            }
            maxCommitSeen = max(maxCommitSeen, state.commit)
            if state.soft.role == .leader && state.commit > commitAtLastCheck[i, default: 0] {
                attributeCommits(through: state.commit, term: state.term)
            }
            commitAtLastCheck[i] = state.commit
            let soft = state.soft
            guard soft != lastSoftStates[i] else { continue }
            nodes[i].lastSoftState = soft
            trace("n\(i + 1) \(soft.role) term=\(state.term) leader=\(soft.leader) last=\(state.last) commit=\(state.commit)")
            guard soft.role == .leader else { continue }
            if let other = leaderOfTerm[state.term], other != nodes[i].id {
                violation("election safety: n\(other) and n\(i + 1) both lead term \(state.term)")
                return
            }
            leaderOfTerm[state.term] = nodes[i].id
            checkHoldsCommitted(i, what: "leader completeness")
            if faultsActive && rng.chance(percent: leaderChurnPercent) {
                // Either before the new term's first entry can replicate, or a little later.
                let delayUs = rng.chance(percent: 50) ? rng.int(in: 0..<3_000) : rng.int(in: 3_000..<60_000)
                queue.push(.isolate(nodes[i].id), atUs: nowUs + Int64(delayUs))
            }
        }
    }

    /// Records `term` as the commit term of the indices a leader just committed.
    mutating func attributeCommits(through index: UInt64, term: UInt64) {
        while commitTermOf.count <= Int(index) { commitTermOf.append(term) }
    }

    /// Every entry committed in a term before node i's own is in its log, or covered by
    /// its snapshot (§5.4).
    mutating func checkHoldsCommitted(_ i: Int, what: String) {
        let raft = nodes[i].raft!
        let last = UInt64(min(committedTerms.count, commitTermOf.count) - 1)
        guard raft.snapshotIndex < last else { return }
        for index in (raft.snapshotIndex + 1)...last
        where committedTerms[Int(index)] != 0 && commitTermOf[Int(index)] < raft.term {
            if raft.term(at: index) != committedTerms[Int(index)] {
                violation("\(what): n\(i + 1) (term \(raft.term)) lacks committed entry \(index)/\(committedTerms[Int(index)])")
                return
            }
        }
    }

    /// At the end: after faults healed, a leader leads every member, everything proposed
    /// committed, every member applied it, and no committed entry was lost.
    mutating func checkRecovered() {
        guard let l = currentLeader() else {
            violation("liveness: no leader \(options.healDurationMs) ms after faults healed")
            return
        }
        let leader = nodes[l].raft!
        if leader.commitIndex != leader.lastIndex {
            violation("liveness: leader n\(l + 1) has uncommitted entries \(leader.commitIndex)..<\(leader.lastIndex) at the end")
            return
        }
        if UInt64(committedTerms.count - 1) > leader.commitIndex {
            violation("committed entry lost: \(committedTerms.count - 1) was committed, leader commit is \(leader.commitIndex)")
            return
        }
        for member in leader.configuration.members {
            let i = Int(member - 1)
            guard let raft = nodes[i].raft else { continue }
            if raft.leaderID != leader.config.id || nodes[i].appliedIndex != leader.commitIndex {
                violation("liveness: member n\(member) follows n\(raft.leaderID) in term \(raft.term), applied \(nodes[i].appliedIndex) of \(leader.commitIndex)")
                return
            }
            checkHoldsCommitted(i, what: "committed entry lost")
        }
        for c in clients.indices where clients[c].busy {
            violation("liveness: client \(c) still waits for \(clients[c].operation)")
            return
        }
    }

    /// Linearizability of the client history, key by key.
    mutating func checkLinearizable() {
        var byKey: [UInt8: [HistoryRecord]] = [:]
        for record in history where !record.discarded { byKey[record.operation.key, default: []].append(record) }
        for key in byKey.keys.sorted() {
            switch LinearizabilityChecker.check(byKey[key]!) {
            case .linearizable: break
            case .unknown: result.linearizabilityUnknownKeys += 1
            case .notLinearizable:
                violation("history of key \(key) (\(byKey[key]!.count) operations) is not linearizable")
                for record in byKey[key]! {
                    let end = record.responseUs == Int64.max ? "?" : formatTime(record.responseUs)
                    trace("  client \(record.client) \(record.operation) [\(formatTime(record.invokeUs)), \(end)] -> \(record.result.map { "\($0)" } ?? "?")")
                }
                return
            }
        }
    }
}

extension RaftNode {
    /// What `checkAfterEvent` reads of a node after every event.
    var checkedState: (violation: String?, commit: UInt64, term: UInt64, soft: SoftState, last: UInt64) {
        (internalViolation, commitIndex, term, softState, lastIndex)
    }
}
