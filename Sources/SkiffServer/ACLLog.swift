import Commands

/// ACL LOG: recent denials and failed logins, per node as in Redis (not replicated).
struct ACLLog {
    /// One entry, with Redis 7.0's fields.
    struct Entry {
        var count: Int
        /// "command", "key", "channel" or "auth".
        var reason: String
        /// "toplevel" or "multi".
        var context: String
        /// The command, key, channel, or "AUTH" ... as Redis names it.
        var object: [UInt8]
        var username: String
        var createdMs: Int64
        /// CLIENT LIST's line for the client at the time.
        var clientInfo: String
    }

    /// Redis's ACL_LOG_GROUPING_MAX_TIME_DELTA: a repeat within this folds into one entry.
    static let groupingWindowMs: Int64 = 60_000
    /// How many recent entries a new one is compared with, as Redis does.
    static let groupingScan = 10

    /// Newest first.
    private(set) var entries: [Entry] = []

    /// Adds `entry`, or counts it on a matching recent one (which moves to the front); keeps
    /// at most `maxEntries` (`acllog-max-len`).
    mutating func add(_ entry: Entry, maxEntries: Int) {
        for index in entries.indices.prefix(Self.groupingScan) {
            let old = entries[index]
            guard old.reason == entry.reason, old.context == entry.context, old.object == entry.object,
                  old.username == entry.username, entry.createdMs - old.createdMs <= Self.groupingWindowMs else { continue }
            var merged = entry
            merged.count = old.count + 1
            entries.remove(at: index)
            entries.insert(merged, at: 0)
            return
        }
        entries.insert(entry, at: 0)
        if entries.count > maxEntries { entries.removeLast(entries.count - maxEntries) }
    }

    mutating func reset() { entries = [] }
}
