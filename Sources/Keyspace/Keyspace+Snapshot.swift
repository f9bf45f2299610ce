/// Why a snapshot image could not be loaded.
public struct SnapshotDecodingError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// The keyspace as bytes, for Raft snapshots (DESIGN §5, §7).
///
/// The image is the table itself — buckets, entry slots with their chain links, the
/// free list and the expiry index — not a list of keys to re-insert. A node restored
/// from it therefore iterates exactly like the nodes that applied the log, so SCAN
/// cursors stay valid across a failover to a node that caught up from a snapshot.
///
/// Format (little-endian): magic "SKKS", version, hash seed, revision counter,
/// expired-keys counter, database count; per database its table; per entry the key,
/// hash, deadline, revision, access, next, expiry slot and the value; then (version 3) per
/// database its WATCH ledger: swap revision, bucket count, (u32 bucket, u64 revision)...
extension Keyspace {
    static let snapshotMagic: [UInt8] = Array("SKKS".utf8)
    /// 2: sets and sorted sets carry their content. 3: WATCH ledgers follow the databases.
    static let snapshotVersion: UInt8 = 3

    /// Replaces every database with the content of `image`. The image must come from a
    /// keyspace with the same hash seed and number of databases.
    public func restoreSnapshot(_ image: [UInt8]) throws(SnapshotDecodingError) {
        var input = SnapshotReader(image)
        guard try input.bytes(4) == Self.snapshotMagic else { throw SnapshotDecodingError("not a keyspace snapshot") }
        let version = try input.u8()
        // A version 2 image has no ledgers: restoring them empty is safe (see DeletionLedger).
        guard version == Self.snapshotVersion || version == 2 else { throw SnapshotDecodingError("unknown snapshot version \(version)") }
        guard try input.u64() == hashSeed else { throw SnapshotDecodingError("snapshot was taken with another hash seed") }
        let revision = try input.u64()
        let expired = try input.u64()
        let count = Int(try input.u32())
        guard count == databases.count else {
            throw SnapshotDecodingError("snapshot has \(count) databases, this node \(databases.count)")
        }
        var restored: [Database] = []
        for index in 0..<count {
            let database = Database(index: index, seed: hashSeed, counters: counters)
            try database.decode(from: &input)
            restored.append(database)
        }
        if version >= 3 {
            for database in restored { try database.ledger.decode(from: &input) }
        }
        guard input.isAtEnd else { throw SnapshotDecodingError("trailing bytes after the last database") }
        databases = restored
        counters.storedRevision = revision
        counters.storedExpiredKeys = expired
        counters.databasesReplaced = true
        // Every key may have changed: client-side caches drop everything, as on a
        // replica's full resynchronisation in Redis.
        notifier.flushed()
    }
}

extension DeletionLedger {
    func encode(into out: inout SnapshotWriter) {
        out.u64(swappedRevision)
        let buckets = nonZeroBuckets
        out.u32(UInt32(buckets.count))
        for (bucket, revision) in buckets {
            out.u32(UInt32(bucket))
            out.u64(revision)
        }
    }

    mutating func decode(from input: inout SnapshotReader) throws(SnapshotDecodingError) {
        swappedRevision = try input.u64()
        let count = Int(try input.u32())
        guard count <= Self.bucketCount else { throw SnapshotDecodingError("WATCH ledger has \(count) buckets") }
        for _ in 0..<count {
            let bucket = Int(try input.u32())
            guard bucket < Self.bucketCount else { throw SnapshotDecodingError("WATCH ledger bucket \(bucket)") }
            restore(bucket: bucket, revision: try input.u64())
        }
    }
}

extension DatabaseImage {
    func encode(into out: inout SnapshotWriter) {
        out.u64(mask)
        out.u32(UInt32(buckets.count))
        for bucket in buckets { out.i32(bucket) }
        out.i32(freeSlot)
        out.u64(UInt64(storedCount))
        out.u32(UInt32(expiring.count))
        for slot in expiring { out.i32(slot) }
        out.u32(UInt32(entries.count))
        for entry in entries {
            out.blob(entry.key)
            out.u64(ByteHash.hash(entry.key, seed: seed))  // the format keeps it; entries no longer do
            out.i64(entry.expiresAtMs)
            out.u64(entry.revision)
            out.u32(entry.access)
            out.i32(entry.next)
            out.i32(entry.expirySlot)
            encode(entry.value, into: &out)
        }
    }

    private func encode(_ value: Value, into out: inout SnapshotWriter) {
        out.u8(value.kind.rawValue)
        switch value {
        case .string(let string):
            out.u8(string.encoding.rawValue)
            out.blob(string.bytes)
        case .hash(let hash):
            if let table = hash.table {
                out.u8(1)
                table.encode(into: &out) { value, out in out.blob(value) }
            } else {
                out.u8(0)
                out.u32(UInt32(hash.pairs.count))
                for (field, value) in hash.pairs {
                    out.blob(field)
                    out.blob(value)
                }
            }
        case .list(let list):
            out.u32(UInt32(list.count))
            for index in 0..<list.count { out.blob(list[index]) }
        case .set(let set):
            if let table = set.table {
                out.u8(1)
                table.encode(into: &out) { _, _ in }
            } else {
                out.u8(0)
                out.u32(UInt32(set.integers.count))
                for number in set.integers { out.i64(number) }
            }
        case .sortedSet(let zset):
            // The sorted entries and the member table as they are, so ZSCAN's order and
            // cursors survive a restore like the keyspace's own.
            out.u8(zset.isSkiplist ? 1 : 0)
            out.u32(UInt32(zset.entries.count))
            for entry in zset.entries {
                out.u64(entry.score.bitPattern)
                out.blob(entry.member)
            }
            zset.scores.encode(into: &out) { score, out in out.u64(score.bitPattern) }
        }
    }

}

extension Database {
    func decode(from input: inout SnapshotReader) throws(SnapshotDecodingError) {
        mask = try input.u64()
        let bucketCount = Int(try input.u32())
        guard bucketCount.nonzeroBitCount == 1, UInt64(bucketCount - 1) == mask else {
            throw SnapshotDecodingError("database \(index): bucket count \(bucketCount) does not match its mask")
        }
        buckets = try (0..<bucketCount).map { _ throws(SnapshotDecodingError) in try input.i32() }
        freeSlot = try input.i32()
        storedCount = Int(try input.u64())
        let expiringCount = Int(try input.u32())
        expiring = try (0..<expiringCount).map { _ throws(SnapshotDecodingError) in try input.i32() }
        let entryCount = Int(try input.u32())
        var decoded = PagedArray<Entry>()
        for _ in 0..<entryCount {
            let key = try input.storedBlob()
            _ = try input.u64()  // the key's hash: recomputed when needed
            var entry = Entry(key: key, value: .empty)
            entry.expiresAtMs = try input.i64()
            entry.revision = try input.u64()
            entry.access = try input.u32()
            entry.next = try input.i32()
            entry.expirySlot = try input.i32()
            entry.value = try decodeValue(from: &input)
            if isLive(entry) {
                entry.cost = UInt32(clamping: MemoryCost.entry(key: entry.key, value: entry.value))
                entryBytes += Int(entry.cost)
            }
            decoded.append(entry)
        }
        entries = decoded
        try validateLinks()
    }

    private func decodeValue(from input: inout SnapshotReader) throws(SnapshotDecodingError) -> Value {
        let kind = try input.u8()
        switch ValueKind(rawValue: kind) {
        case .string:
            guard let encoding = StringEncoding(rawValue: try input.u8()) else {
                throw SnapshotDecodingError("database \(index): unknown string encoding")
            }
            return .string(StringValue(bytes: try input.storedBlob(), encoding: encoding))
        case .list:
            let count = Int(try input.u32())
            let list = ListValue()
            for _ in 0..<count { list.pushBack(try input.blob()) }
            return .list(list)
        case .set:
            let set = SetValue(seed: seed)
            if try input.u8() == 1 {
                set.table = try ByteMap<Bool>.decode(seed: seed, from: &input) { _ throws(SnapshotDecodingError) in true }
            } else {
                let count = Int(try input.u32())
                set.integers = try (0..<count).map { _ throws(SnapshotDecodingError) in try input.i64() }
            }
            return .set(set)
        case .sortedSet:
            let zset = SortedSetValue(seed: seed)
            zset.isSkiplist = try input.u8() == 1
            let count = Int(try input.u32())
            zset.entries = SortedEntries(sorted: try (0..<count).map { _ throws(SnapshotDecodingError) in
                let score = Double(bitPattern: try input.u64())
                return (score, try input.storedBlob())
            })
            zset.scores = try ByteMap<Double>.decode(seed: seed, from: &input) { input throws(SnapshotDecodingError) in
                Double(bitPattern: try input.u64())
            }
            return .sortedSet(zset)
        case .hash:
            let hash = HashValue(seed: seed)
            if try input.u8() == 1 {
                hash.table = try ByteMap<StoredBytes>.decode(seed: seed, from: &input) { input throws(SnapshotDecodingError) in
                    try input.storedBlob()
                }
            } else {
                let count = Int(try input.u32())
                for _ in 0..<count {
                    let field = try input.storedBlob()
                    hash.pairs.append((field, try input.storedBlob()))
                }
            }
            return .hash(hash)
        case nil: throw SnapshotDecodingError("database \(index): unknown value kind \(kind)")
        }
    }

    /// A damaged image must fail here, not trap later inside a lookup.
    private func validateLinks() throws(SnapshotDecodingError) {
        let limit = Int32(entries.count)
        func valid(_ link: Int32) -> Bool { link >= -1 && link < limit }
        guard buckets.allSatisfy(valid), valid(freeSlot), entries.allSatisfy({ valid($0.next) }),
            expiring.allSatisfy({ $0 >= 0 && $0 < limit })
        else {
            throw SnapshotDecodingError("database \(index): a table link points outside the entries")
        }
    }
}

/// Appends little-endian fields to a byte buffer.
struct SnapshotWriter {
    var buffer: [UInt8] = []

    mutating func u8(_ value: UInt8) { buffer.append(value) }
    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) } }
    mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) } }
    mutating func i32(_ value: Int32) { u32(UInt32(bitPattern: value)) }
    mutating func i64(_ value: Int64) { u64(UInt64(bitPattern: value)) }
    mutating func bytes(_ value: [UInt8]) { buffer.append(contentsOf: value) }
    mutating func blob(_ value: [UInt8]) {
        u32(UInt32(value.count))
        buffer.append(contentsOf: value)
    }

    /// The same bytes as `blob` of an array would write (the format does not know the type).
    mutating func blob(_ value: StoredBytes) {
        u32(UInt32(value.count))
        value.withUnsafeBytes { buffer.append(contentsOf: $0) }
    }
}

/// Reads what `SnapshotWriter` wrote, refusing to read past the end.
struct SnapshotReader {
    let buffer: [UInt8]
    var offset = 0

    init(_ buffer: [UInt8]) { self.buffer = buffer }

    var isAtEnd: Bool { offset == buffer.count }

    mutating func bytes(_ count: Int) throws(SnapshotDecodingError) -> [UInt8] {
        guard count >= 0, buffer.count - offset >= count else { throw SnapshotDecodingError("snapshot truncated") }
        defer { offset += count }
        return Array(buffer[offset..<(offset + count)])
    }

    mutating func u8() throws(SnapshotDecodingError) -> UInt8 { try bytes(1)[0] }

    mutating func u32() throws(SnapshotDecodingError) -> UInt32 {
        let raw = try bytes(4)
        return raw.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func u64() throws(SnapshotDecodingError) -> UInt64 {
        let raw = try bytes(8)
        return raw.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func i32() throws(SnapshotDecodingError) -> Int32 { Int32(bitPattern: try u32()) }
    mutating func i64() throws(SnapshotDecodingError) -> Int64 { Int64(bitPattern: try u64()) }
    mutating func blob() throws(SnapshotDecodingError) -> [UInt8] { try bytes(Int(try u32())) }

    /// A blob as stored bytes, copied straight out of the image.
    mutating func storedBlob() throws(SnapshotDecodingError) -> StoredBytes {
        let count = Int(try u32())
        guard count >= 0, buffer.count - offset >= count else { throw SnapshotDecodingError("snapshot truncated") }
        defer { offset += count }
        return buffer.withUnsafeBytes { StoredBytes(UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + count)])) }
    }
}

extension ByteMap {
    /// The map's table as it is (buckets, slots, chains, free list), like `Database`'s.
    func encode(into out: inout SnapshotWriter, value encodeValue: (V, inout SnapshotWriter) -> Void) {
        out.u64(mask)
        out.u32(UInt32(buckets.count))
        for bucket in buckets { out.i32(bucket) }
        out.i32(freeSlot)
        out.u64(UInt64(count))
        out.u32(UInt32(slots.count))
        for slot in slots {
            out.blob(slot.key)
            out.u64(slot.hash)
            out.i32(slot.next)
            if let value = slot.value {
                out.u8(1)
                encodeValue(value, &out)
            } else {
                out.u8(0)
            }
        }
    }

    static func decode(
        seed: UInt64, from input: inout SnapshotReader,
        value decodeValue: (inout SnapshotReader) throws(SnapshotDecodingError) -> V
    ) throws(SnapshotDecodingError) -> ByteMap<V> {
        var map = ByteMap<V>(seed: seed)
        map.mask = try input.u64()
        let bucketCount = Int(try input.u32())
        guard bucketCount.nonzeroBitCount == 1, UInt64(bucketCount - 1) == map.mask else {
            throw SnapshotDecodingError("a field table's bucket count does not match its mask")
        }
        map.buckets = try (0..<bucketCount).map { _ throws(SnapshotDecodingError) in try input.i32() }
        map.freeSlot = try input.i32()
        map.count = Int(try input.u64())
        let slotCount = Int(try input.u32())
        var slots: [Slot] = []
        for _ in 0..<slotCount {
            let key = try input.storedBlob()
            let hash = try input.u64()
            let next = try input.i32()
            let value: V? = try input.u8() == 1 ? try decodeValue(&input) : nil
            slots.append(Slot(key: key, value: value, hash: hash, next: next))
        }
        let limit = Int32(slots.count)
        guard (map.buckets + [map.freeSlot] + slots.map(\.next)).allSatisfy({ $0 >= -1 && $0 < limit }) else {
            throw SnapshotDecodingError("a field table link points outside its slots")
        }
        map.slots = slots
        return map
    }
}
