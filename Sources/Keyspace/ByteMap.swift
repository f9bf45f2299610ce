/// A deterministic hash map from byte strings to `V`: the dictionary of the aggregate
/// types once they outgrow their compact form (Redis's "hashtable" encoding).
///
/// Same design as `Database`'s table: power-of-two buckets with chains, a fixed-seed
/// hash, resizes at once, reverse-binary scan cursors that survive resizes, and an
/// iteration order that depends only on the operations applied.
public struct ByteMap<V> {
    @usableFromInline struct Slot {
        @usableFromInline var key: StoredBytes
        /// nil marks a free slot.
        @usableFromInline var value: V?
        @usableFromInline var hash: UInt64
        @usableFromInline var next: Int32
    }

    @usableFromInline var buckets: [Int32]
    @usableFromInline var mask: UInt64
    @usableFromInline var slots: [Slot] = []
    @usableFromInline var freeSlot: Int32 = -1
    @usableFromInline let seed: UInt64
    /// The number of keys.
    public internal(set) var count = 0

    /// An empty map hashing with `seed`.
    public init(seed: UInt64, capacity: Int = 4) {
        var size = 4
        while size < capacity { size *= 2 }
        self.seed = seed
        buckets = Array(repeating: -1, count: size)
        mask = UInt64(size - 1)
    }

    /// The number of buckets.
    public var bucketCount: Int { buckets.count }

    @inlinable func slot<C: Collection>(of key: C) -> (slot: Int32, hash: UInt64) where C.Element == UInt8 {
        key.withContiguousStorageIfAvailable { slot(ofBytes: UnsafeRawBufferPointer($0)) }
            ?? Array(key).withUnsafeBytes { slot(ofBytes: $0) }
    }

    /// The lookup proper, on raw bytes. Inlinable so that callers in other modules
    /// (ZADD's score lookup) get a copy specialized for their `V`: the generic one asked
    /// the runtime for `Slot<V>`'s metadata on every call, about 650 instructions.
    /// Chains are walked in place (no copy of a slot, so no retain).
    @inlinable func slot(ofBytes key: UnsafeRawBufferPointer) -> (slot: Int32, hash: UInt64) {
        let hash = ByteHash.hash(key, seed: seed)
        var slot = buckets[Int(truncatingIfNeeded: hash & mask)]
        return slots.withUnsafeBufferPointer { slots in
            while slot >= 0 {
                let index = Int(slot)
                if slots[index].hash == hash && slots[index].key.withUnsafeBytes({ ByteHash.equal($0, key) }) {
                    return (slot, hash)
                }
                slot = slots[index].next
            }
            return (-1, hash)
        }
    }

    /// The value of `key`, if present.
    @inlinable public func value<C: Collection>(for key: C) -> V? where C.Element == UInt8 {
        let (slot, _) = slot(of: key)
        return slot >= 0 ? slots[Int(slot)].value : nil
    }

    /// Sets `key` to `value`; returns true when the key is new.
    @discardableResult
    public mutating func set(_ key: [UInt8], _ value: V) -> Bool {
        set(key[...], value)
    }

    /// Sets `key` to `value`, copying `key` only when it is new (a request's argument is
    /// stored without an intermediate array); returns true when the key is new.
    @discardableResult
    public mutating func set(_ key: ArraySlice<UInt8>, _ value: V) -> Bool {
        let (found, hash) = key.withUnsafeBytes { slot(ofBytes: $0) }
        if found >= 0 {
            slots[Int(found)].value = value
            return false
        }
        insertNew(StoredBytes(key), value, hash: hash)
        return true
    }

    /// Sets `key` to `value`, sharing `key`'s buffer; returns true when the key is new.
    @discardableResult
    public mutating func set(_ key: StoredBytes, _ value: V) -> Bool {
        let (found, hash) = key.withUnsafeBytes { slot(ofBytes: $0) }
        if found >= 0 {
            slots[Int(found)].value = value
            return false
        }
        insertNew(key, value, hash: hash)
        return true
    }

    mutating func insertNew(_ key: StoredBytes, _ value: V, hash: UInt64) {
        if count >= buckets.count { resize(to: buckets.count * 2) }
        let bucket = Int(truncatingIfNeeded: hash & mask)
        let entry = Slot(key: key, value: value, hash: hash, next: buckets[bucket])
        let slot: Int32
        if freeSlot >= 0 {
            slot = freeSlot
            freeSlot = slots[Int(slot)].next
            slots[Int(slot)] = entry
        } else {
            slot = Int32(slots.count)
            slots.append(entry)
        }
        buckets[bucket] = slot
        count += 1
    }

    /// Removes `key`; returns whether it was present.
    @discardableResult
    public mutating func remove<C: Collection>(_ key: C) -> Bool where C.Element == UInt8 {
        let (slot, hash) = slot(of: key)
        guard slot >= 0 else { return false }
        let bucket = Int(truncatingIfNeeded: hash & mask)
        var previous: Int32 = -1
        var current = buckets[bucket]
        while current != slot {
            previous = current
            current = slots[Int(current)].next
        }
        let next = slots[Int(slot)].next
        if previous < 0 { buckets[bucket] = next } else { slots[Int(previous)].next = next }
        slots[Int(slot)] = Slot(key: StoredBytes(), value: nil, hash: 0, next: freeSlot)
        freeSlot = slot
        count -= 1
        if buckets.count > 4 && count * 10 < buckets.count {
            var target = 4
            while target < count { target *= 2 }
            resize(to: target)
        }
        return true
    }

    mutating func resize(to size: Int) {
        var newBuckets = [Int32](repeating: -1, count: size)
        let newMask = UInt64(size - 1)
        for index in slots.indices where slots[index].value != nil {
            let bucket = Int(truncatingIfNeeded: slots[index].hash & newMask)
            slots[index].next = newBuckets[bucket]
            newBuckets[bucket] = Int32(index)
        }
        buckets = newBuckets
        mask = newMask
    }

    /// Every key and value in bucket order.
    public func forEach(_ body: (StoredBytes, V) -> Void) {
        for bucket in buckets.indices {
            var slot = buckets[bucket]
            while slot >= 0 {
                body(slots[Int(slot)].key, slots[Int(slot)].value!)
                slot = slots[Int(slot)].next
            }
        }
    }

    /// Visits the bucket at `cursor`; returns the next cursor, 0 at the end (see `Database.scan`).
    public func scan(cursor: UInt64, _ visit: (StoredBytes, V) -> Void) -> UInt64 {
        var slot = buckets[Int(truncatingIfNeeded: cursor & mask)]
        while slot >= 0 {
            visit(slots[Int(slot)].key, slots[Int(slot)].value!)
            slot = slots[Int(slot)].next
        }
        var v = cursor | ~mask
        v = Database.reverseBits(v)
        v &+= 1
        return Database.reverseBits(v)
    }

    /// A key and value chosen with `generator` (random bucket, then random chain entry).
    public func randomElement<G: RandomNumberGenerator>(using generator: inout G) -> (StoredBytes, V)? {
        guard count > 0 else { return nil }
        var slot: Int32 = -1
        while slot < 0 { slot = buckets[Int(generator.next() & mask)] }
        var length = 0
        var walk = slot
        while walk >= 0 {
            length += 1
            walk = slots[Int(walk)].next
        }
        for _ in 0..<Int(generator.next() % UInt64(length)) { slot = slots[Int(slot)].next }
        return (slots[Int(slot)].key, slots[Int(slot)].value!)
    }
}
