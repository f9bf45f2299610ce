/// What the keyspace's storage costs in bytes, estimated from the sizes glibc malloc
/// hands out (the process's real cost), without walking whole aggregates.
///
/// Each entry keeps its cost in `Entry.cost`, recomputed whenever its value changes
/// (`setValue`, `modifyString`, `noteModified`), so the database's sum stays exact with
/// respect to these estimates at O(1) per change. Aggregates are estimated like Redis's
/// `MEMORY USAGE`: the fixed parts exactly, the elements from the first
/// `sampledElements` scaled to the count.
@usableFromInline
enum MemoryCost {
    /// Elements measured per aggregate (Redis's OBJ_COMPUTE_SIZE_DEF_SAMPLES).
    static let sampledElements = 5
    /// glibc's chunk header (SIZE_SZ) and smallest chunk (MINSIZE) on 64-bit Linux.
    static let mallocHeaderBytes = 8
    static let mallocMinimumChunkBytes = 32
    /// A Swift array buffer's header: object header, count, capacity and flags.
    static let arrayHeaderBytes = 32
    /// A class instance's header (metadata pointer and reference counts).
    static let objectHeaderBytes = 16

    /// The chunk glibc malloc uses for a request of `bytes` (16-byte steps, header included).
    static func mallocChunk(_ bytes: Int) -> Int {
        max(mallocMinimumChunkBytes, (bytes + mallocHeaderBytes + 15) & ~15)
    }

    /// An array buffer of `capacity` elements of `stride` bytes; empty arrays share a static one.
    static func array(capacity: Int, stride: Int) -> Int {
        capacity == 0 ? 0 : mallocChunk(arrayHeaderBytes + capacity * stride)
    }

    /// A byte array's buffer.
    static func bytes(_ bytes: [UInt8]) -> Int {
        array(capacity: bytes.capacity, stride: 1)
    }

    /// Stored bytes' own allocation (nothing when inline; the value's 16 bytes are counted
    /// where it is held), from the count, never from what malloc says it handed out: that
    /// depends on each process's heap history, and replicas must reach the same estimate,
    /// or a follower would accept a write its leader refuses with -OOM. APPEND's spare
    /// room is not counted.
    @usableFromInline static func bytes(_ bytes: StoredBytes) -> Int {
        bytes.isInline ? 0 : mallocChunk(objectHeaderBytes + bytes.count)
    }

    /// A class instance with `fieldBytes` of stored properties.
    static func object(fieldBytes: Int) -> Int {
        mallocChunk(objectHeaderBytes + fieldBytes)
    }

    /// MEMORY USAGE: `entry`'s estimate with `samples` elements measured per aggregate.
    @usableFromInline static func usage(key: StoredBytes, value: Value, samples: Int) -> Int {
        let slot = MemoryLayout<Entry>.stride
        return slot + bytes(key) + aggregate(value, samples: samples)
    }

    /// The cost of one key: its slot in the table, the key's bytes and the value. The slot
    /// is counted here, not with the table's array, so that deleting a key whose key and
    /// value are both inline (no allocation of their own) still frees what it held: the
    /// slot joins the free list for the next insert, and eviction must see that.
    @usableFromInline static func entry(key: StoredBytes, value: Value) -> Int {
        usage(key: key, value: value, samples: sampledElements)
    }

    /// `count` elements whose first `sampledElements` cost `sampledBytes` in total.
    static func scaled(sampledBytes: Int, sampled: Int, count: Int) -> Int {
        sampled == 0 ? 0 : sampledBytes * count / sampled
    }

    /// `value`'s cost with `samples` elements measured per aggregate (0: every element,
    /// as MEMORY USAGE ... SAMPLES 0 asks).
    static func aggregate(_ value: Value, samples: Int = sampledElements) -> Int {
        let samples = samples == 0 ? Int.max : samples
        switch value {
        case .string(let string):
            return bytes(string.bytes)
        case .list(let list):
            var sampled = 0, sampledBytes = 0
            while sampled < min(samples, list.count) {
                sampledBytes += bytes(list[sampled])
                sampled += 1
            }
            return object(fieldBytes: 24) + array(capacity: list.storage.capacity, stride: 8)
                + scaled(sampledBytes: sampledBytes, sampled: sampled, count: list.count)
        case .set(let set):
            let fixed = object(fieldBytes: 24)
            guard let table = set.table else { return fixed + array(capacity: set.integers.capacity, stride: 8) }
            return fixed + map(table, samples: samples) { _ in 0 }
        case .hash(let hash):
            let fixed = object(fieldBytes: 24)
            if let table = hash.table { return fixed + map(table, samples: samples) { bytes($0) } }
            var sampledBytes = 0
            let sampled = min(samples, hash.pairs.count)
            for index in 0..<sampled { sampledBytes += bytes(hash.pairs[index].field) + bytes(hash.pairs[index].value) }
            return fixed + array(capacity: hash.pairs.capacity, stride: MemoryLayout<(StoredBytes, StoredBytes)>.stride)
                + scaled(sampledBytes: sampledBytes, sampled: sampled, count: hash.pairs.count)
        case .sortedSet(let zset):
            // Members are shared (copy-on-write) between the ordered tree and the score map.
            return object(fieldBytes: 16) + zset.entries.estimatedBytes
                + map(zset.scores, samples: samples) { _ in 0 }
        }
    }

    /// A `ByteMap`: its arrays exactly, its keys and values from the first live slots.
    static func map<V>(_ map: ByteMap<V>, samples: Int, valueBytes: (V) -> Int) -> Int {
        var sampled = 0, sampledBytes = 0, slot = 0
        // Free slots are skipped; a bounded walk keeps this O(1) on a mostly-deleted map.
        let walked = samples >= Int.max / 16 ? map.slots.count : min(map.slots.count, samples * 16)
        while sampled < samples && slot < walked {
            if let value = map.slots[slot].value {
                sampledBytes += bytes(map.slots[slot].key) + valueBytes(value)
                sampled += 1
            }
            slot += 1
        }
        return array(capacity: map.buckets.capacity, stride: 4)
            // Written slots only: capacity past the count is never touched (see `tableBytes`).
            + array(capacity: map.slots.count, stride: MemoryLayout<ByteMap<V>.Slot>.stride)
            + scaled(sampledBytes: sampledBytes, sampled: sampled, count: map.count)
    }
}
