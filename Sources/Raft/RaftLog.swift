// The core's in-memory view of the log: everything after the compaction point, plus the
// cursors that say what has been handed to the application for persistence and for
// applying. The application's storage holds the same entries durably; the core keeps its
// own copy so that it never has to call out (a pure state machine, STYLE.md rule 1).
//
//   snapshotIndex   persisted      unstableFrom-1     lastIndex
//        |-------------|-------------------|---------------|
//        compacted     durable (advance)   handed out in   not yet handed out
//                                          a Ready         (next Ready)
//   applied <= committed <= lastIndex; committed entries are handed out for applying.

struct RaftLog {
    /// Last index covered by the latest snapshot (the compaction point).
    private(set) var snapshotIndex: UInt64
    /// Term of the entry at `snapshotIndex`.
    private(set) var snapshotTerm: UInt64
    /// Entries `snapshotIndex+1 ... lastIndex`, contiguous.
    private(set) var entries: [Entry]
    /// Highest index known committed (§5.3).
    private(set) var committed: UInt64
    /// Highest index handed to the application for applying.
    var applied: UInt64
    /// First index not yet handed to the application for persistence.
    var unstableFrom: UInt64
    /// Highest index the application has confirmed durable (through `advance`).
    var persisted: UInt64

    init(snapshotIndex: UInt64, snapshotTerm: UInt64, entries: [Entry], committed: UInt64) {
        self.snapshotIndex = snapshotIndex
        self.snapshotTerm = snapshotTerm
        self.entries = entries
        for (offset, entry) in entries.enumerated() {
            precondition(entry.index == snapshotIndex + 1 + UInt64(offset), "recovered log has a gap")
        }
        let last = snapshotIndex + UInt64(entries.count)
        self.committed = min(max(committed, snapshotIndex), last)
        self.applied = snapshotIndex
        self.unstableFrom = last + 1
        self.persisted = last
    }

    @inline(__always) var firstIndex: UInt64 { snapshotIndex + 1 }
    @inline(__always) var lastIndex: UInt64 { snapshotIndex + UInt64(entries.count) }
    @inline(__always) var lastTerm: UInt64 { entries.last?.term ?? snapshotTerm }

    /// Term of the entry at `index`; nil if compacted away or beyond the end.
    @inline(__always)
    func term(at index: UInt64) -> UInt64? {
        if index == snapshotIndex { return snapshotTerm }
        guard index > snapshotIndex, index <= lastIndex else { return nil }
        return entries[Int(index - snapshotIndex - 1)].term
    }

    @inline(__always)
    func matchTerm(_ index: UInt64, _ term: UInt64) -> Bool { self.term(at: index) == term }

    func entry(at index: UInt64) -> Entry? {
        guard index > snapshotIndex, index <= lastIndex else { return nil }
        return entries[Int(index - snapshotIndex - 1)]
    }

    /// §5.4.1: a candidate's log is at least as up-to-date as ours.
    func isUpToDate(lastIndex candidateIndex: UInt64, lastTerm candidateTerm: UInt64) -> Bool {
        candidateTerm > lastTerm || (candidateTerm == lastTerm && candidateIndex >= lastIndex)
    }

    /// Entries `from...` up to `maxBytes` (always at least one if any exist), at most to `through`.
    func slice(from: UInt64, through: UInt64, maxBytes: Int) -> [Entry] {
        guard from <= through, from > snapshotIndex, through <= lastIndex else { return [] }
        let lower = Int(from - snapshotIndex - 1)
        var upper = lower
        var bytes = 0
        let end = Int(through - snapshotIndex)
        while upper < end {
            bytes += entries[upper].approximateBytes
            if bytes > maxBytes && upper > lower { break }
            upper += 1
        }
        return Array(entries[lower..<upper])
    }

    /// Leader append: entries follow `lastIndex` directly.
    mutating func append(_ entry: Entry) {
        precondition(entry.index == lastIndex + 1)
        entries.append(entry)
    }

    /// Follower append (§5.3 step 3-4): skips entries already present, truncates at the first
    /// conflict and appends the rest. Returns the first truncated index, if any.
    @discardableResult
    mutating func appendFollowing(prevIndex: UInt64, _ incoming: [Entry]) -> UInt64? {
        var position = 0
        while position < incoming.count {
            let entry = incoming[position]
            guard let existing = term(at: entry.index) else { break }
            if existing != entry.term { break }
            position += 1
        }
        if position == incoming.count { return nil }
        let first = incoming[position].index
        var truncatedAt: UInt64? = nil
        if first <= lastIndex {
            // A committed entry must never be overwritten (Leader Completeness, §5.4).
            precondition(first > committed, "conflict at \(first) at or below commit \(committed)")
            entries.removeLast(Int(lastIndex - first + 1))
            truncatedAt = first
            unstableFrom = min(unstableFrom, first)
            persisted = min(persisted, first - 1)
        }
        precondition(first == lastIndex + 1)
        entries.append(contentsOf: incoming[position...])
        return truncatedAt
    }

    /// The follower side of the fast back-off: largest `i <= index` with `term(i) <= term`.
    func findConflictByTerm(index: UInt64, term: UInt64) -> (index: UInt64, term: UInt64) {
        var i = min(index, lastIndex)
        while i > snapshotIndex {
            let t = entries[Int(i - snapshotIndex - 1)].term
            if t <= term { return (i, t) }
            i -= 1
        }
        return (snapshotIndex, snapshotTerm)
    }

    mutating func commit(to index: UInt64) {
        guard index > committed else { return }
        precondition(index <= lastIndex, "commit \(index) beyond last index \(lastIndex)")
        committed = index
    }

    /// Entries handed out for persistence now; advances `unstableFrom`.
    mutating func takeUnstable() -> [Entry] {
        guard unstableFrom <= lastIndex else { return [] }
        let lower = Int(unstableFrom - snapshotIndex - 1)
        unstableFrom = lastIndex + 1
        return Array(entries[lower...])
    }

    /// Committed entries not yet handed out for applying; advances `applied`.
    mutating func takeCommitted(maxCount: Int) -> [Entry] {
        guard committed > applied else { return [] }
        let lower = Int(applied - snapshotIndex)
        let upper = min(Int(committed - snapshotIndex), lower + maxCount)
        applied = snapshotIndex + UInt64(upper)
        return Array(entries[lower..<upper])
    }

    /// Drops entries through `index` (already in a snapshot the application saved).
    mutating func compact(through index: UInt64) {
        guard index > snapshotIndex else { return }
        precondition(index <= applied && index <= persisted, "compaction beyond applied/persisted index")
        let term = term(at: index)!
        entries.removeFirst(Int(index - snapshotIndex))
        snapshotIndex = index
        snapshotTerm = term
    }

    /// Replaces the whole log by a snapshot received from the leader (§7).
    mutating func restore(index: UInt64, term: UInt64) {
        entries = []
        snapshotIndex = index
        snapshotTerm = term
        committed = index
        applied = index
        unstableFrom = index + 1
        persisted = min(persisted, index)
    }
}
