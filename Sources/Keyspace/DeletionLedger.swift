/// What WATCH needs besides per-key revisions (`Entry.revision`) to decide at apply time
/// whether a key that was *missing* when watched has been written since.
///
/// A key created and deleted again after the WATCH leaves no entry behind, so its
/// revision is gone with it. The ledger keeps, per bucket of the key hash, the highest
/// revision any deleted entry of that bucket carried (a max-filter: fixed size, no keys
/// stored). A deleted entry whose revision is above the watch's keyspace revision was
/// written after the WATCH; another key of the same bucket can only make the answer
/// "changed" (a spurious EXEC abort, never a missed conflict), with probability about
/// one in `bucketCount` per such deletion.
///
/// Every replica applies the same deletions, so ledgers agree; they are part of the
/// snapshot (`Keyspace+Snapshot`). Entries at or below the revision a watcher saw never
/// matter to it, which is why a ledger restored empty from an old image is still safe.
public struct DeletionLedger: Sendable, Equatable {
    /// Buckets of the max-filter (32 KiB per database that ever deleted a key).
    public static let bucketCount = 4096

    /// Highest deleted revision per bucket; empty until the first deletion.
    @usableFromInline var deletedRevisions: [UInt64] = []
    /// The keyspace revision of the last SWAPDB involving this database index: contents
    /// replaced wholesale, which WATCH treats like Redis's `touchAllWatchedKeysInDb`.
    public internal(set) var swappedRevision: UInt64 = 0

    public init() {}

    @usableFromInline @inline(__always) static func bucket(_ hash: UInt64) -> Int {
        // The table uses the low bits; the high bits spread keys of one chain apart.
        Int(truncatingIfNeeded: hash >> 52) & (bucketCount - 1)
    }

    /// Records the deletion of an entry that carried `revision`.
    @usableFromInline mutating func noteDeleted(hash: UInt64, revision: UInt64) {
        if deletedRevisions.isEmpty { deletedRevisions = Array(repeating: 0, count: Self.bucketCount) }
        let bucket = Self.bucket(hash)
        if deletedRevisions[bucket] < revision { deletedRevisions[bucket] = revision }
    }

    /// The highest revision deleted among keys sharing `hash`'s bucket (0 if none).
    public func deletedRevision(hash: UInt64) -> UInt64 {
        deletedRevisions.isEmpty ? 0 : deletedRevisions[Self.bucket(hash)]
    }

    /// Non-zero buckets, for the snapshot.
    var nonZeroBuckets: [(bucket: Int, revision: UInt64)] {
        deletedRevisions.indices.compactMap { deletedRevisions[$0] == 0 ? nil : ($0, deletedRevisions[$0]) }
    }

    mutating func restore(bucket: Int, revision: UInt64) {
        if deletedRevisions.isEmpty { deletedRevisions = Array(repeating: 0, count: Self.bucketCount) }
        deletedRevisions[bucket] = revision
    }
}
