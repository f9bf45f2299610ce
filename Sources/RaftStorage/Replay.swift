/// Rebuilds the log from records in the order they were written, resolving Raft's
/// overwrites (§5.3: a follower's conflicting suffix is replaced by the leader's) and
/// snapshot boundaries. Pure: no I/O, so its rules are tested directly.
struct Replay {
    private(set) var hardState: StoredHardState?
    private(set) var entries: [StoredEntry] = []
    /// The newest snapshot boundary seen: the log continues right after it.
    private(set) var snapshotIndex: UInt64?

    /// The index the next entry must not exceed, when known.
    private var lastIndex: UInt64? { entries.last?.index ?? snapshotIndex }

    /// Applies one record; `file` and `offset` name it if it breaks the log's shape.
    mutating func apply(_ record: Record, file: String, offset: Int64) throws(StorageError) {
        switch record {
        case .hardState(let state):
            hardState = state
        case .entries(let batch):
            for entry in batch { try append(entry, file: file, offset: offset) }
        case .snapshotMarker(let index, let term):
            applySnapshotBoundary(index: index, term: term)
        }
    }

    private mutating func append(_ entry: StoredEntry, file: String, offset: Int64) throws(StorageError) {
        if let snapshotIndex, entry.index <= snapshotIndex {
            throw .corrupt(file: file, offset: offset,
                reason: "entry \(entry.index) rewrites the log below snapshot index \(snapshotIndex)")
        }
        if let lastIndex, entry.index > lastIndex + 1 {
            throw .corrupt(file: file, offset: offset, reason: "entry \(entry.index) leaves a gap after \(lastIndex)")
        }
        // A later record at index i replaces everything from i on.
        if let first = entries.first, entry.index <= entries.last!.index {
            if entry.index <= first.index {
                entries.removeAll(keepingCapacity: true)
            } else {
                entries.removeLast(Int(entries.last!.index - entry.index + 1))
            }
        }
        entries.append(entry)
    }

    /// A snapshot up to `index` is durable: keep the log after it when the log agrees with
    /// the snapshot at `index`, drop the whole log otherwise (as etcd's `ApplySnapshot`).
    /// A log that already starts after `index` is kept: the segments the snapshot covered
    /// were deleted, and this marker is older than what remains.
    mutating func applySnapshotBoundary(index: UInt64, term: UInt64) {
        if let first = entries.first, first.index > index {
            // Nothing at or below the boundary is left to drop.
        } else if let first = entries.first, index <= entries.last!.index,
            entries[Int(index - first.index)].term == term
        {
            entries.removeFirst(Int(index - first.index + 1))
        } else {
            entries.removeAll()
        }
        snapshotIndex = max(snapshotIndex ?? 0, index)
    }
}
