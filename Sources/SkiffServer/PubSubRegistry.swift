import Commands

/// What a client subscribes to: a channel (SUBSCRIBE), a pattern (PSUBSCRIBE) or a shard
/// channel (SSUBSCRIBE).
enum SubscriptionKind: Int, CaseIterable {
    case channel = 0, pattern, shardChannel
}

/// Who listens to what, both ways: each name's subscribers and each client's names, in
/// subscription order. Pure bookkeeping over client ids; the server does the delivery.
///
/// Redis keeps both sides in hash tables, so UNSUBSCRIBE without arguments lists a
/// client's channels in its dict's order; Skiff lists them in subscription order.
struct PubSubRegistry {
    /// Per kind: name → subscriber ids, oldest first.
    private var subscribers: [[[UInt8]: [Int]]] = Array(repeating: [:], count: SubscriptionKind.allCases.count)
    /// Per client id: per kind, its names, oldest first.
    private var names: [Int: [[[UInt8]]]] = [:]

    /// Adds a subscription; false if the client already had it.
    mutating func subscribe(_ id: Int, _ kind: SubscriptionKind, _ name: [UInt8]) -> Bool {
        var own = names[id] ?? Array(repeating: [], count: SubscriptionKind.allCases.count)
        guard !own[kind.rawValue].contains(name) else { return false }
        own[kind.rawValue].append(name)
        names[id] = own
        subscribers[kind.rawValue][name, default: []].append(id)
        return true
    }

    /// Removes a subscription; false if the client did not have it.
    mutating func unsubscribe(_ id: Int, _ kind: SubscriptionKind, _ name: [UInt8]) -> Bool {
        guard var own = names[id], let position = own[kind.rawValue].firstIndex(of: name) else { return false }
        own[kind.rawValue].remove(at: position)
        names[id] = own.allSatisfy(\.isEmpty) ? nil : own
        var ids = subscribers[kind.rawValue][name] ?? []
        ids.removeAll { $0 == id }
        subscribers[kind.rawValue][name] = ids.isEmpty ? nil : ids
        return true
    }

    /// The client's names of one kind, oldest first.
    func names(of id: Int, _ kind: SubscriptionKind) -> [[UInt8]] {
        names[id]?[kind.rawValue] ?? []
    }

    /// How many subscriptions of one kind the client has.
    func count(of id: Int, _ kind: SubscriptionKind) -> Int {
        names[id]?[kind.rawValue].count ?? 0
    }

    /// The ids subscribed to exactly `name`.
    func subscribers(of name: ArraySlice<UInt8>, _ kind: SubscriptionKind) -> [Int] {
        subscribers[kind.rawValue][Array(name)] ?? []
    }

    /// Every subscribed pattern matching `channel`, with its subscribers, in byte order
    /// (Redis's order is its hash table's, which varies from run to run).
    func patterns(matching channel: ArraySlice<UInt8>) -> [(pattern: [UInt8], ids: [Int])] {
        subscribers[SubscriptionKind.pattern.rawValue].compactMap { pattern, ids in
            Glob.matches(pattern: pattern, channel) ? (pattern, ids) : nil
        }.sorted { $0.pattern.lexicographicallyPrecedes($1.pattern) }
    }

    /// Names with at least one subscriber, optionally only those matching a glob pattern
    /// (PUBSUB CHANNELS / SHARDCHANNELS).
    func activeNames(_ kind: SubscriptionKind, matching pattern: ArraySlice<UInt8>?) -> [[UInt8]] {
        subscribers[kind.rawValue].keys.filter { name in pattern.map { Glob.matches(pattern: $0, name) } ?? true }
            .sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// How many distinct names of one kind have subscribers (PUBSUB NUMPAT, INFO).
    func activeCount(_ kind: SubscriptionKind) -> Int {
        subscribers[kind.rawValue].count
    }
}
