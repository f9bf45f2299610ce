/// A point-in-time image of the keyspace, taken on the loop thread in O(pages) and encoded
/// on another thread while the loop keeps applying writes (DESIGN §5: "writing a snapshot
/// of a large keyspace must not stall the loop").
///
/// The scheme is copy-on-write at two levels, like a forked process's memory:
///
/// - **Tables.** Each database's arrays are value types. The image keeps them as they are
///   at capture: the bucket and expiry arrays (plain `Int32`s, one memcpy when the live
///   table first changes them) and the entry slots, which are a `PagedArray` so the live
///   table copies one page of 4096 entries at a time, not the whole table, when it first
///   writes into a page the image shares (a GET's access-clock update is such a write).
/// - **Aggregates.** Hashes, lists, sets and sorted sets are classes, changed in place by
///   the commands. Each carries `snapshotGeneration`: the capture generation in which the
///   live table last copied it. While an image is alive, `Database.value(_:)` — the only
///   way to get at a value from outside this module — clones an aggregate whose generation
///   is older than the newest capture before handing it out, and puts the clone in the
///   entry. So every aggregate the image references is never changed again, and each is
///   cloned at most once per snapshot (the clone shares its buffers until it is changed).
///   A generation stamp, not `isKnownUniquelyReferenced`: the commands hold references of
///   their own while they work, which would make every write clone.
///
/// The encoder thread therefore reads only memory the loop no longer writes: the arrays it
/// shares are copied before the loop changes them (Swift's uniqueness check sees the
/// image's reference), and the objects it shares are replaced before they are changed.
/// Retains and releases of shared buffers are atomic. `release()` on the loop ends the
/// cloning once the encoder is done; an image dropped without it only costs extra clones.
public struct KeyspaceImage: @unchecked Sendable {
    // @unchecked: the entries hold class references (aggregates) that are not Sendable;
    // the capture protocol above guarantees nothing mutates them while this image lives.
    let hashSeed: UInt64
    let revision: UInt64
    let expiredKeys: UInt64
    let databases: [DatabaseImage]

    /// The snapshot bytes (`Keyspace.restoreSnapshot`'s format) after `prefix` (saves
    /// copying a large image to put a header before it); runs on any thread.
    public func encode(after prefix: [UInt8] = []) -> [UInt8] {
        var out = SnapshotWriter(buffer: prefix)
        out.bytes(Keyspace.snapshotMagic)
        out.u8(Keyspace.snapshotVersion)
        out.u64(hashSeed)
        out.u64(revision)
        out.u64(expiredKeys)
        out.u32(UInt32(databases.count))
        for database in databases { database.encode(into: &out) }
        for database in databases { database.ledger.encode(into: &out) }
        return out.buffer
    }
}

/// One database's table as it was at capture.
struct DatabaseImage {
    let mask: UInt64
    let buckets: [Int32]
    let freeSlot: Int32
    let storedCount: Int
    let expiring: [Int32]
    let entries: PagedArray<Entry>
    let ledger: DeletionLedger
    /// The database's hash seed: the format stores each key's hash, which entries no
    /// longer keep.
    let seed: UInt64
}

extension Keyspace {
    /// Captures the keyspace as it is now, in O(databases × pages). Call `releaseImage()`
    /// on this thread once the image is encoded.
    public func captureImage() -> KeyspaceImage {
        counters.snapshotGeneration += 1
        counters.cloneBelowGeneration = counters.snapshotGeneration
        counters.liveImages += 1
        return KeyspaceImage(
            hashSeed: hashSeed, revision: counters.storedRevision, expiredKeys: counters.storedExpiredKeys,
            databases: databases.map {
                DatabaseImage(mask: $0.mask, buckets: $0.buckets, freeSlot: $0.freeSlot, storedCount: $0.storedCount,
                              expiring: $0.expiring, entries: $0.entries, ledger: $0.ledger, seed: $0.seed)
            })
    }

    /// An image taken by `captureImage()` is no longer read: once none is, aggregates are
    /// changed in place again without cloning.
    public func releaseImage() {
        precondition(counters.liveImages > 0, "releaseImage without a live image")
        counters.liveImages -= 1
        if counters.liveImages == 0 { counters.cloneBelowGeneration = 0 }
    }

    /// Serializes every database synchronously (tests, small states).
    public func encodeSnapshot() -> [UInt8] {
        let image = captureImage()
        defer { releaseImage() }
        return image.encode()
    }
}

/// An aggregate value the live table clones before changing while an image shares it.
protocol ImageShared: AnyObject {
    /// The capture generation in which the live table last cloned this value (0: never).
    var snapshotGeneration: UInt64 { get set }
    /// A copy sharing nothing that a change to it would alter in the original.
    func copy() -> Self
}

extension HashValue: ImageShared {}
extension ListValue: ImageShared {}
extension SetValue: ImageShared {}
extension SortedSetValue: ImageShared {}

extension Database {
    /// Replaces the aggregate in `slot` by a clone when a live image may still read it
    /// (see `KeyspaceImage`). Called only while an image is alive.
    @usableFromInline func unshareFromImage(_ slot: Int) {
        let fence = counters.cloneBelowGeneration
        func clone<T: ImageShared>(_ value: T) -> T? {
            guard value.snapshotGeneration < fence else { return nil }
            let copy = value.copy()
            copy.snapshotGeneration = fence
            return copy
        }
        switch entries[slot].value {
        case .string: return
        case .hash(let hash): if let copy = clone(hash) { entries[slot].value = .hash(copy) }
        case .list(let list): if let copy = clone(list) { entries[slot].value = .list(copy) }
        case .set(let set): if let copy = clone(set) { entries[slot].value = .set(copy) }
        case .sortedSet(let zset): if let copy = clone(zset) { entries[slot].value = .sortedSet(copy) }
        }
    }
}
