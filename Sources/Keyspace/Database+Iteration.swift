extension Database {
    /// Reverses the bits of a cursor (Redis's `rev` in dict.c).
    @inlinable static func reverseBits(_ value: UInt64) -> UInt64 {
        var v = value
        v = ((v >> 1) & 0x5555_5555_5555_5555) | ((v & 0x5555_5555_5555_5555) << 1)
        v = ((v >> 2) & 0x3333_3333_3333_3333) | ((v & 0x3333_3333_3333_3333) << 2)
        v = ((v >> 4) & 0x0F0F_0F0F_0F0F_0F0F) | ((v & 0x0F0F_0F0F_0F0F_0F0F) << 4)
        return v.byteSwapped
    }

    /// Visits the bucket at `cursor` and returns the next cursor (0 when the scan is done).
    ///
    /// This is Redis's `dictScan`: the cursor counts with its bits reversed, so the
    /// buckets a grown table splits one bucket into, and the bucket a shrunk table
    /// merges several into, are all visited after the same prefix. A key present for
    /// the whole scan is returned at least once, whatever resizes happen between calls.
    public func scan(cursor: UInt64, _ visit: (EntryHandle) -> Void) -> UInt64 {
        var slot = buckets[Int(truncatingIfNeeded: cursor & mask)]
        while slot >= 0 {
            let next = entries[Int(slot)].next
            visit(EntryHandle(slot))
            slot = next
        }
        var v = cursor | ~mask
        v = Database.reverseBits(v)
        v &+= 1
        return Database.reverseBits(v)
    }

    /// Every entry in bucket order (KEYS, snapshots); `body` must not change the table.
    public func forEach(_ body: (EntryHandle) -> Void) {
        for bucket in buckets.indices {
            var slot = buckets[bucket]
            while slot >= 0 {
                body(EntryHandle(slot))
                slot = entries[Int(slot)].next
            }
        }
    }

    /// A key chosen with `generator` among those whose deadline has not passed at `nowMs`
    /// (RANDOMKEY): a random non-empty bucket, then a random entry of its chain, as
    /// Redis's `dictGetFairRandomKey` roughly does. Deterministic for a given generator.
    public func randomEntry<G: RandomNumberGenerator>(nowMs: Int64, using generator: inout G) -> EntryHandle? {
        guard count > 0 else { return nil }
        // Redis gives up after 100 tries when every key is volatile; we then fall back
        // to a walk from a random bucket so a live key is found if one exists.
        for _ in 0..<100 {
            guard let handle = randomAnyEntry(using: &generator) else { return nil }
            if !isExpired(handle, nowMs: nowMs) { return handle }
        }
        let start = Int(generator.next() & mask)
        for offset in 0..<buckets.count {
            var slot = buckets[(start + offset) & Int(mask)]
            while slot >= 0 {
                if !isExpired(EntryHandle(slot), nowMs: nowMs) { return EntryHandle(slot) }
                slot = entries[Int(slot)].next
            }
        }
        return nil
    }

    func randomAnyEntry<G: RandomNumberGenerator>(using generator: inout G) -> EntryHandle? {
        guard count > 0 else { return nil }
        var slot: Int32 = -1
        while slot < 0 { slot = buckets[Int(generator.next() & mask)] }
        var length = 0
        var walk = slot
        while walk >= 0 {
            length += 1
            walk = entries[Int(walk)].next
        }
        var pick = Int(generator.next() % UInt64(length))
        while pick > 0 {
            slot = entries[Int(slot)].next
            pick -= 1
        }
        return EntryHandle(slot)
    }

    // MARK: - Expiry sampling

    /// A key with a deadline chosen uniformly with `generator` (O(1)), or nil when none has one.
    public func randomExpiringEntry<G: RandomNumberGenerator>(using generator: inout G) -> EntryHandle? {
        guard !expiring.isEmpty else { return nil }
        return EntryHandle(expiring[Int(generator.next() % UInt64(expiring.count))])
    }

    /// The entry at `position` of the expiry index (0..<expiringCount).
    public func expiringEntry(at position: Int) -> EntryHandle {
        EntryHandle(expiring[position])
    }
}
