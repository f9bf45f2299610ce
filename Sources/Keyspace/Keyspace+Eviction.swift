// Memory accounting and victim selection for `maxmemory` (Redis's evict.c), as pure
// functions of the keyspace and a seeded generator. Choosing is the leader's business
// (DESIGN §7): it calls `nextEvictionVictim` and proposes the deletions through the log;
// every node applies them with `evict(database:key:)`. A standalone node does both at once.

/// A key chosen for eviction.
public struct EvictionVictim: Sendable, Equatable {
    public var database: Int
    public var key: [UInt8]
    /// Its estimated cost when chosen (what deleting it should free).
    public var bytes: Int

    public init(database: Int, key: [UInt8], bytes: Int) {
        self.database = database
        self.key = key
        self.bytes = bytes
    }
}

/// The chooser's state: leader-local, never part of a snapshot.
struct EvictionState {
    var pool = EvictionPool()
    var generator = SplitMix64(seed: 0xE71C_7000)
    /// Keys chosen but not yet deleted (their entry is still in the log), by database and
    /// key hash (slots move when a table is compacted), with the cost counted for them;
    /// never chosen twice. Two keys with one 64-bit hash would only shield each other.
    var pending: [PendingKey: UInt32] = [:]
    var pendingBytes = 0
    /// Where the random policies look first (Redis's `next_db`).
    var nextRandomDatabase = 0
    /// Pool refills per victim before giving up (all sampled keys pending or vanished).
    static let maxRefillsPerVictim = 8
    /// Keys a random policy looks at in one database before trying the next.
    static let randomTriesPerDatabase = 16
    /// Buckets walked per requested sample before a sparse table stops the walk.
    static let bucketsPerSample = 10

    struct PendingKey: Hashable {
        var database: Int
        var hash: UInt64
    }
}

extension Database {
    /// What the table's own arrays cost: buckets, the slot array's header, the expiry
    /// index, plus the database object. Live slots are in their entries' cost; free-list
    /// holes are free room, as freed memory is in Redis's `used_memory`; and the slot
    /// array's capacity past its count is never written, so never resident: counting it
    /// made `used_memory` jump by half the array at each doubling (and eviction keep a
    /// sixth fewer keys than fit).
    var tableBytes: Int {
        MemoryCost.object(fieldBytes: 96)
            + MemoryCost.array(capacity: buckets.capacity, stride: 4)
            + (entries.isEmpty ? 0 : MemoryCost.arrayHeaderBytes)
            + MemoryCost.array(capacity: expiring.capacity, stride: 4)
    }

    /// MEMORY STATS's `overhead.hashtable.main` and `overhead.hashtable.expires`.
    public var tableOverheadBytes: (main: Int, expires: Int) {
        let expires = MemoryCost.array(capacity: expiring.capacity, stride: 4)
        return (tableBytes - expires, expires)
    }

    /// The keyspace's bytes in this database: entries plus the table.
    public var usedBytes: Int { entryBytes + tableBytes }

    /// The estimated cost of `handle`: its slot, key and value (MEMORY USAGE, eviction).
    public func cost(_ handle: EntryHandle) -> Int { Int(entries[Int(handle.slot)].cost) }

    /// MEMORY USAGE key SAMPLES n: the slot, key and value of `handle`, aggregates
    /// measured from `samples` elements (0: all of them; nil: Redis's default 5) and
    /// scaled to their count.
    public func memoryUsage(_ handle: EntryHandle, samples: Int? = nil) -> Int {
        let entry = entries[Int(handle.slot)]
        return MemoryCost.usage(key: entry.key, value: entry.value, samples: samples ?? MemoryCost.sampledElements)
    }
}

extension Keyspace {
    /// The estimated bytes the data takes: every database's entries and tables (the
    /// `used_memory` share of the keyspace; see `MemoryCost`).
    public var usedBytes: Int {
        databases.reduce(MemoryCost.array(capacity: databases.capacity, stride: 8)) { $0 + $1.usedBytes }
    }

    /// Bytes of keys chosen for eviction whose deletion has not been applied yet.
    public var pendingEvictionBytes: Int { evictionState.pendingBytes }

    /// Keys deleted by eviction (INFO `evicted_keys`).
    public var evictedKeys: UInt64 { counters.evictedKeys }

    /// Whether memory is over `maxmemory` once the pending evictions are applied.
    public var needsEviction: Bool {
        eviction.maxmemoryBytes > 0 && usedBytes - evictionState.pendingBytes > eviction.maxmemoryBytes
    }

    /// Whether the policy has anything it may evict (volatile-* needs keys with deadlines).
    public var hasEvictionCandidates: Bool {
        guard eviction.policy != .noeviction else { return false }
        let volatileOnly = eviction.policy.volatileOnly
        return databases.contains { (volatileOnly ? $0.expiringCount : $0.count) > 0 }
    }

    /// Picks the next victim under the configured policy, or nil when none qualifies
    /// (noeviction, or volatile-* with no key carrying a deadline). The key counts as
    /// pending until `evict` deletes it or `forgetPendingEvictions` gives it up.
    public func nextEvictionVictim(nowMs: Int64) -> EvictionVictim? {
        guard let (index, slot) = chooseVictim(nowMs: nowMs) else { return nil }
        let entry = databases[index].entries[Int(slot)]
        evictionState.pending[.init(database: index, hash: databases[index].keyHash(Int(slot)))] = entry.cost
        evictionState.pendingBytes += Int(entry.cost)
        return EvictionVictim(database: index, key: entry.key.array, bytes: Int(entry.cost))
    }

    /// Chooses a victim and deletes it at once (a standalone node, which answers to no
    /// log). Returns false when none qualifies.
    public func evictNext(nowMs: Int64) -> Bool {
        guard let (index, slot) = chooseVictim(nowMs: nowMs) else { return false }
        let key = databases[index].entries[Int(slot)].key.array
        databases[index].remove(EntryHandle(slot))
        counters.notifier.notify(.evicted, "evicted", key: key[...], database: index)
        databases[index].compactIfSparse()
        counters.evictedKeys &+= 1
        return true
    }

    /// The slot of the best victim that is live, qualifies and is not pending.
    private func chooseVictim(nowMs: Int64) -> (database: Int, slot: Int32)? {
        let policy = eviction.policy
        guard policy != .noeviction else { return nil }
        if policy.isRandom { return randomVictim() }
        for _ in 0..<EvictionState.maxRefillsPerVictim {
            var sampledAny = false
            for database in databases where database.count > 0 {
                sampledAny = sample(database, policy: policy, nowMs: nowMs) || sampledAny
            }
            while let candidate = evictionState.pool.popBest() {
                if qualifies(database: candidate.database, slot: candidate.slot, hash: candidate.hash) {
                    return (candidate.database, candidate.slot)
                }
            }
            if !sampledAny { return nil }
        }
        return nil
    }

    /// Deletes an evicted key (applied from the log on every node). Returns whether it existed.
    @discardableResult
    public func evict(database: Int, key: [UInt8]) -> Bool {
        let db = databases[database]
        let hash = db.hash(key[...])
        // The choice is settled even when the key is already gone (expired, or deleted by a
        // client while its eviction was in the log): a choice left pending would count as
        // room being freed for good, and writes would pass the limit unrefused.
        let id = EvictionState.PendingKey(database: database, hash: hash)
        if let bytes = evictionState.pending.removeValue(forKey: id) { evictionState.pendingBytes -= Int(bytes) }
        guard let handle = db.find(key[...], hash: hash) else { return false }
        db.remove(handle)
        counters.notifier.notify(.evicted, "evicted", key: key[...], database: database)
        // Applying a log entry holds no handles, so slots may move here (on every node alike).
        db.compactIfSparse()
        counters.evictedKeys &+= 1
        return true
    }

    /// Gives up every pending choice (its log entry was lost, or never proposed).
    public func forgetPendingEvictions() {
        evictionState.pending.removeAll(keepingCapacity: true)
        evictionState.pendingBytes = 0
    }

    /// The number of keys chosen and not yet deleted.
    public var pendingEvictionCount: Int { evictionState.pending.count }

    // MARK: - Choosing

    /// Offers up to `samples` keys of `database` to the pool; false when it has no candidate.
    private func sample(_ database: Database, policy: EvictionPolicy, nowMs: Int64) -> Bool {
        let samples = max(1, eviction.samples)
        if policy.volatileOnly {
            let total = database.expiringCount
            guard total > 0 else { return false }
            var position = Int(evictionState.generator.next() % UInt64(total))
            for _ in 0..<min(samples, total) {
                offer(database, slot: database.expiring[position], policy: policy, nowMs: nowMs)
                position = position + 1 == total ? 0 : position + 1
            }
            return true
        }
        guard database.count > 0 else { return false }
        walkBuckets(database, wanted: samples) { offer(database, slot: $0, policy: policy, nowMs: nowMs) }
        return true
    }

    /// Visits live slots of the chains from a random bucket onwards (Redis's
    /// `dictGetSomeKeys`), at most `wanted` of them, walking a bounded number of buckets.
    private func walkBuckets(_ database: Database, wanted: Int, _ visit: (Int32) -> Void) {
        let bucketCount = database.buckets.count
        var bucket = Int(evictionState.generator.next() & database.mask)
        var found = 0
        for _ in 0..<min(bucketCount, wanted * EvictionState.bucketsPerSample) where found < wanted {
            var slot = database.buckets[bucket]
            while slot >= 0 && found < wanted {
                visit(slot)
                found += 1
                slot = database.entries[Int(slot)].next
            }
            bucket = (bucket + 1) & (bucketCount - 1)
        }
    }

    private func offer(_ database: Database, slot: Int32, policy: EvictionPolicy, nowMs: Int64) {
        let entry = database.entries[Int(slot)]
        let hash = database.keyHash(Int(slot))
        guard evictionState.pending[.init(database: database.index, hash: hash)] == nil else { return }
        let score: UInt64
        switch policy {
        case .volatileTTL:
            score = UInt64.max - UInt64(max(0, entry.expiresAtMs))
        case .allkeysLFU, .volatileLFU:
            let counter = LFUCounter.decayed(entry.access, nowMs: nowMs, decayMinutes: counters.accessTracking.lfuDecayMinutes)
            score = 255 - UInt64(counter)
        default:
            score = LRUClock.idleMs(entry.access, nowMs: nowMs)
        }
        evictionState.pool.offer(.init(database: database.index, slot: slot, hash: hash, score: score))
    }

    /// allkeys-random / volatile-random: a random key of the next database that has one,
    /// passing over keys already pending (a leader may have many in flight).
    private func randomVictim() -> (database: Int, slot: Int32)? {
        let volatileOnly = eviction.policy.volatileOnly
        // Random tries first; when they all met pending keys, one full walk (rare: only
        // while most keys are chosen and in flight) so a qualifying key is never missed.
        for round in 0...EvictionState.maxRefillsPerVictim {
            let exhaustive = round == EvictionState.maxRefillsPerVictim
            for step in 0..<databases.count {
                let database = databases[(evictionState.nextRandomDatabase + step) % databases.count]
                var chosen: Int32 = -1
                func consider(_ slot: Int32) {
                    if chosen < 0 && qualifies(database: database.index, slot: slot,
                                               hash: database.keyHash(Int(slot))) { chosen = slot }
                }
                if volatileOnly {
                    let total = database.expiringCount
                    guard total > 0 else { continue }
                    if exhaustive {
                        for position in 0..<total where chosen < 0 { consider(database.expiring[position]) }
                    }
                    for _ in 0..<min(total, EvictionState.randomTriesPerDatabase) where chosen < 0 {
                        consider(database.expiring[Int(evictionState.generator.next() % UInt64(total))])
                    }
                } else {
                    guard database.count > 0 else { continue }
                    walkBuckets(database, wanted: exhaustive ? database.count : EvictionState.randomTriesPerDatabase,
                                consider)
                }
                evictionState.nextRandomDatabase = (database.index + 1) % databases.count
                if chosen >= 0 { return (database.index, chosen) }
            }
        }
        return nil
    }

    /// Whether `slot` still holds the sampled key, which qualifies and is not pending.
    private func qualifies(database index: Int, slot: Int32, hash: UInt64) -> Bool {
        let database = databases[index]
        guard Int(slot) < database.entries.count else { return false }
        let entry = database.entries[Int(slot)]
        guard database.isLive(entry), database.keyHash(Int(slot)) == hash else { return false }
        guard !eviction.policy.volatileOnly || entry.expirySlot >= 0 else { return false }
        return evictionState.pending[.init(database: index, hash: hash)] == nil
    }
}
