/// One client's CLIENT TRACKING settings (Redis's CLIENT_TRACKING_* flags).
struct ClientTracking {
    /// The client that receives the invalidations (0: this one).
    var redirect = 0
    /// BCAST: invalidations for every key under `prefixes`, read or not.
    var broadcast = false
    /// OPTIN: only keys read right after CLIENT CACHING YES are tracked.
    var optIn = false
    /// OPTOUT: keys read right after CLIENT CACHING NO are not tracked.
    var optOut = false
    /// NOLOOP: no invalidation for this client's own writes.
    var noLoop = false
    /// BCAST prefixes; the empty prefix stands for every key.
    var prefixes: [[UInt8]] = []
    /// CLIENT CACHING was given for the next command.
    var caching = false
}

/// Who must hear when a key changes (Redis's tracking.c tables), over client ids.
///
/// Like Redis's, the table ignores the database: a key read in one database is
/// invalidated by a change to the same name in another.
struct TrackingTable {
    /// Default mode: key → ids of clients that read it since its last invalidation.
    private var readers: [[UInt8]: Set<Int>] = [:]
    /// BCAST mode: prefix → ids of clients that asked for it.
    private var subscribers: [[UInt8]: Set<Int>] = [:]
    /// BCAST keys changed since the last flush, per prefix, each once, in change order.
    private var pending: [[UInt8]: [[UInt8]]] = [:]
    /// How many clients have tracking on.
    var trackingClients = 0

    /// Keys some client read and will be told about (INFO `tracking_total_keys`).
    var trackedKeys: Int { readers.count }
    /// (key, client) pairs remembered (INFO `tracking_total_items`).
    var trackedItems: Int { readers.values.reduce(0) { $0 + $1.count } }
    /// BCAST prefixes in use (INFO `tracking_total_prefixes`).
    var prefixCount: Int { subscribers.count }

    /// Records that client `id` read `key`.
    mutating func remember(_ key: ArraySlice<UInt8>, for id: Int) {
        readers[Array(key), default: []].insert(id)
    }

    /// The clients that read `key`, forgotten now: a key is invalidated once per read.
    mutating func takeReaders(of key: ArraySlice<UInt8>) -> [Int] {
        guard !readers.isEmpty, let ids = readers.removeValue(forKey: Array(key)) else { return [] }
        return ids.sorted()
    }

    /// Forgets every read key (FLUSHALL: every tracking client is told to drop everything).
    mutating func forgetAllReads() {
        readers.removeAll()
    }

    mutating func addPrefix(_ prefix: [UInt8], for id: Int) {
        subscribers[prefix, default: []].insert(id)
    }

    mutating func removePrefix(_ prefix: [UInt8], for id: Int) {
        subscribers[prefix]?.remove(id)
        if subscribers[prefix]?.isEmpty == true {
            subscribers[prefix] = nil
            pending[prefix] = nil
        }
    }

    /// Queues `key` for the BCAST clients of every prefix it starts with.
    mutating func noteBroadcast(_ key: ArraySlice<UInt8>) {
        for prefix in subscribers.keys where key.starts(with: prefix) {
            if pending[prefix]?.contains(where: { $0.elementsEqual(key) }) != true {
                pending[prefix, default: []].append(Array(key))
            }
        }
    }

    /// The queued BCAST invalidations, by prefix with its clients, emptied now.
    mutating func takeBroadcasts() -> [(ids: [Int], keys: [[UInt8]])] {
        guard !pending.isEmpty else { return [] }
        defer { pending.removeAll() }
        return pending.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { prefix in
            ((subscribers[prefix] ?? []).sorted(), pending[prefix]!)
        }
    }
}
