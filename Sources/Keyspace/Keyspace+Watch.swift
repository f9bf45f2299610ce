/// A key as WATCH saw it: what EXEC compares against when it applies (on every replica,
/// with the entry's time), so a transaction is checked where it runs, not where it was sent.
public struct WatchedKey: Sendable, Equatable {
    /// Database index.
    public var database: Int
    /// The key.
    public var key: [UInt8]
    /// The revision of the key's entry when watched; 0 when it was missing or expired.
    public var revision: UInt64
    /// The keyspace revision counter when watched: anything written later carries more.
    public var keyspaceRevision: UInt64

    public init(database: Int, key: [UInt8], revision: UInt64, keyspaceRevision: UInt64) {
        self.database = database
        self.key = key
        self.revision = revision
        self.keyspaceRevision = keyspaceRevision
    }
}

extension Keyspace {
    /// Records how `key` looks now (WATCH). Reads only: a follower may watch.
    public func watch(database: Int, key: [UInt8], nowMs: Int64) -> WatchedKey {
        let db = databases[database]
        var revision: UInt64 = 0
        if let handle = db.find(key[...]), !db.isExpired(handle, nowMs: nowMs) { revision = db.revision(handle) }
        return WatchedKey(database: database, key: key, revision: revision, keyspaceRevision: counters.revision)
    }

    /// Whether `watched` is logically unchanged at `nowMs` — Redis 7.0's rules:
    /// - a key live when watched must still be live with the same revision (a write, a
    ///   deletion, or its deadline passing — `isWatchedKeyExpired` — all count);
    /// - a key missing (or already expired) when watched must not have been written since:
    ///   no entry newer than the watch, and no newer entry deleted meanwhile (the ledger).
    ///   Deleting an entry that was already expired at WATCH is no change, as in Redis;
    /// - SWAPDB of its database since the watch changes a key that was live on either side.
    public func isUnchanged(_ watched: WatchedKey, nowMs: Int64) -> Bool {
        guard watched.database >= 0 && watched.database < databases.count else { return false }
        let db = databases[watched.database]
        let hash = db.hash(watched.key[...])
        let handle = db.find(watched.key[...], hash: hash)
        let swapped = db.ledger.swappedRevision > watched.keyspaceRevision
        if watched.revision != 0 {
            guard let handle, !db.isExpired(handle, nowMs: nowMs), db.revision(handle) == watched.revision else {
                return false
            }
            return !swapped
        }
        if let handle {
            if db.revision(handle) > watched.keyspaceRevision { return false }
            if swapped && !db.isExpired(handle, nowMs: nowMs) { return false }
        }
        return db.ledger.deletedRevision(hash: hash) <= watched.keyspaceRevision
    }
}
