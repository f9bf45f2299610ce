/// A key whose deadline had passed when the active expiry cycle sampled it.
public struct ExpiredKey: Sendable, Equatable {
    public var database: Int
    public var key: [UInt8]
    public var deadlineMs: Int64

    public init(database: Int, key: [UInt8], deadlineMs: Int64) {
        self.database = database
        self.key = key
        self.deadlineMs = deadlineMs
    }
}

/// Every database of a node: the state the Raft log's commands are applied to.
///
/// The keyspace never reads a clock and draws randomness only from seeds it is
/// given, so two keyspaces that apply the same operations with the same times end
/// up identical, iteration order included.
public final class Keyspace {
    /// The numbered databases (SELECT 0 ... databaseCount-1).
    public internal(set) var databases: [Database]
    /// Revision and statistics counters shared by the databases.
    public let counters: KeyspaceCounters
    /// The hash seed, fixed per cluster so every replica lays keys out identically.
    public let hashSeed: UInt64
    /// Whether an LFU eviction policy is configured (OBJECT FREQ vs IDLETIME).
    public var usesLFU: Bool { counters.accessTracking.usesLFU }
    /// `maxmemory` and its policy; the policy also decides how accesses are recorded.
    public var eviction = EvictionSettings() {
        didSet {
            counters.accessTracking.usesLFU = eviction.policy.usesLFU
            if eviction.policy != oldValue.policy { evictionState.pool.removeAll() }
        }
    }
    /// The eviction chooser's pool, generator and pending choices (leader-local).
    var evictionState = EvictionState()
    /// The largest string APPEND/SETRANGE may build (Redis's `proto-max-bulk-len`).
    public var maxStringLength = 512 * 1024 * 1024
    /// When hashes leave the compact encoding (`hash-max-listpack-*`).
    public var hashLimits = HashValue.Limits()
    /// When sets leave the intset encoding (`set-max-intset-entries`).
    public var maxIntsetEntries = SetValue.defaultMaxIntsetEntries

    /// Where the next expiry cycle starts and the generator it samples with (leader-local).
    var expireCycleDatabase = 0
    var expireGenerator: SplitMix64

    /// Creates `databaseCount` empty databases hashing with `hashSeed`.
    public init(databaseCount: Int = 16, hashSeed: UInt64 = 0x5EED_5EED_5EED_5EED) {
        precondition(databaseCount > 0, "a keyspace needs at least one database")
        let counters = KeyspaceCounters()
        self.counters = counters
        self.hashSeed = hashSeed
        databases = (0..<databaseCount).map { Database(index: $0, seed: hashSeed, counters: counters) }
        expireGenerator = SplitMix64(seed: hashSeed ^ 0xE4_9A_1E)
    }

    /// The number of databases.
    @inlinable public var databaseCount: Int { databases.count }

    /// Database `index` (the caller has range-checked it).
    @inlinable public subscript(index: Int) -> Database { databases[index] }

    /// Keyspace notifications: the configured classes and the observer.
    @inlinable public var notifier: KeyspaceNotifier { counters.notifier }

    /// Keys deleted because their deadline passed.
    public var expiredKeys: UInt64 { counters.expiredKeys }

    /// Empties every database (FLUSHALL).
    public func removeAll() {
        for database in databases { database.removeAll() }
    }

    /// Exchanges the contents of two databases (SWAPDB); the indexes stay put.
    public func swapDatabases(_ first: Int, _ second: Int) {
        guard first != second else { return }
        let a = databases[first]
        let b = databases[second]
        databases[first] = Database(moving: b, toIndex: first, ledger: a.ledger)
        databases[second] = Database(moving: a, toIndex: second, ledger: b.ledger)
        let revision = counters.nextRevision()
        databases[first].ledger.swappedRevision = revision
        databases[second].ledger.swappedRevision = revision
        counters.databasesReplaced = true
    }

    /// Deletes `key` from `database` only if its deadline is ≤ `nowMs`: the conditional
    /// delete the leader proposes through the log after `activeExpireCycle` found it.
    /// Returns whether the key was deleted.
    @discardableResult
    public func deleteIfExpired(database: Int, key: [UInt8], nowMs: Int64) -> Bool {
        let db = databases[database]
        guard let handle = db.find(key[...]), db.isExpired(handle, nowMs: nowMs) else { return false }
        db.removeExpired(handle)
        return true
    }

    /// Redis's active expiry cycle, except that it reports instead of deleting.
    ///
    /// Databases are visited round-robin. In each, groups of `keysPerSample` keys with
    /// deadlines are examined, starting at a random position of the expiry index and
    /// moving forward, so one call never reports a key twice; another group follows
    /// while more than `acceptableStalePercent` of the last group had expired. At most
    /// `maxSampledKeys` keys are examined per call. Keys are returned in the order
    /// found; until their deletion is applied, later calls may report them again.
    public func activeExpireCycle(
        nowMs: Int64, keysPerSample: Int = 20, acceptableStalePercent: Int = 25, maxSampledKeys: Int = 400
    ) -> [ExpiredKey] {
        var found: [ExpiredKey] = []
        var budget = maxSampledKeys
        for _ in 0..<databases.count where budget > 0 {
            let db = databases[expireCycleDatabase]
            expireCycleDatabase = (expireCycleDatabase + 1) % databases.count
            let total = db.expiringCount
            guard total > 0 else { continue }
            var position = Int(expireGenerator.next() % UInt64(total))
            var examined = 0
            while examined < total && budget > 0 {
                let group = min(keysPerSample, total - examined, budget)
                var expiredInGroup = 0
                for _ in 0..<group {
                    let handle = db.expiringEntry(at: position)
                    position = position + 1 == total ? 0 : position + 1
                    if db.isExpired(handle, nowMs: nowMs) {
                        expiredInGroup += 1
                        found.append(ExpiredKey(database: db.index, key: db.key(handle), deadlineMs: db.expiry(handle)!))
                    }
                }
                examined += group
                budget -= group
                if expiredInGroup * 100 <= group * acceptableStalePercent { break }
            }
        }
        return found
    }
}

extension Database {
    /// A database at `index` taking over `other`'s table (SWAPDB keeps numbers, moves data;
    /// the WATCH ledger belongs to the index, so the caller passes the one it had).
    convenience init(moving other: Database, toIndex index: Int, ledger: DeletionLedger) {
        self.init(index: index, seed: other.seed, counters: other.counters)
        self.ledger = ledger
        buckets = other.buckets
        mask = other.mask
        entries = other.entries
        freeSlot = other.freeSlot
        expiring = other.expiring
        storedCount = other.storedCount
        entryBytes = other.entryBytes
    }
}
