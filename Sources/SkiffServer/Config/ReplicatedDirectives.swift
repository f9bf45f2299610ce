// Directives set through the log (DESIGN §7: apply depends only on the keyspace and the
// entry, so what apply reads from the configuration must change at one point of the log).

extension Server {
    /// Directives every node must agree on: CONFIG SET of them goes through the log and
    /// takes effect at the same point of it on every node. The eviction settings, since only
    /// the leader decides; and the limits that applying a command reads, which decide its
    /// reply or the representation it leaves (OBJECT ENCODING, memory): a hash converted to
    /// a hashtable on one node and kept a listpack on another would be told apart.
    static let replicatedDirectives: Set<String> = [
        "maxmemory", "maxmemory-policy", "maxmemory-samples", "maxmemory-eviction-tenacity",
        "lfu-log-factor", "lfu-decay-time",
        "hash-max-listpack-entries", "hash-max-listpack-value", "set-max-intset-entries", "proto-max-bulk-len",
    ]

    /// Applies directives set through the log (on every node, in log order).
    func replicatedConfigApplied(_ pairs: [(name: String, value: String)]) {
        var updated = config
        for pair in pairs where Self.replicatedDirectives.contains(pair.name) {
            if case .failure = updated.set(pair.name, [pair.value]) {
                logger.warning("Ignoring replicated '\(pair.name) \(pair.value)': not a valid value here")
            }
        }
        config = updated
        configurationChanged()
    }
}
