// The command table entries of PubSubCommands, as Redis 7.0.15 reports them in COMMAND INFO and
// COMMAND DOCS (arity, flags, key positions, ACL categories, tips, key specs, docs).
// PUBLISH and SPUBLISH also carry Redis's hidden `may_replicate`: Skiff sends them through
// the log, so every node delivers them in one order.

extension PubSubCommands {
    /// This family's entries of `Commands.all` (the (un)subscriptions and PUBSUB, with no
    /// handler, are run by the server).
    public static let specs: [CommandSpec] = [
        CommandSpec(
            name: "subscribe", arity: -2,
            flags: [.pubsub, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@pubsub", "@slow"],
            group: "pubsub", since: "2.0.0",
            summary: "Listen for messages published to the given channels",
            complexity: "O(N) where N is the number of channels to subscribe to.",
            handler: nil
        ),
        CommandSpec(
            name: "unsubscribe", arity: -1,
            flags: [.pubsub, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@pubsub", "@slow"],
            group: "pubsub", since: "2.0.0",
            summary: "Stop listening for messages posted to the given channels",
            complexity: "O(N) where N is the number of clients already subscribed to a channel.",
            handler: nil
        ),
        CommandSpec(
            name: "psubscribe", arity: -2,
            flags: [.pubsub, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@pubsub", "@slow"],
            group: "pubsub", since: "2.0.0",
            summary: "Listen for messages published to channels matching the given patterns",
            complexity: "O(N) where N is the number of patterns the client is already subscribed to.",
            handler: nil
        ),
        CommandSpec(
            name: "punsubscribe", arity: -1,
            flags: [.pubsub, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@pubsub", "@slow"],
            group: "pubsub", since: "2.0.0",
            summary: "Stop listening for messages posted to channels matching the given patterns",
            complexity: "O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).",
            handler: nil
        ),
        CommandSpec(
            name: "publish", arity: 3,
            flags: [.pubsub, .loading, .stale, .fast, .mayReplicate], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@pubsub", "@fast"],
            group: "pubsub", since: "2.0.0",
            summary: "Post a message to a channel",
            complexity: "O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).",
            handler: PubSubCommands.publish
        ),
        CommandSpec(
            name: "pubsub", arity: -2,
            flags: [], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@slow"],
            group: "pubsub", since: "2.8.0",
            summary: "A container for Pub/Sub commands",
            complexity: "Depends on subcommand.",
            subcommands: [
                CommandSpec(
                    name: "pubsub|help", arity: 2,
                    flags: [.loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow"],
                    group: "pubsub", since: "6.2.0",
                    summary: "Show helpful text about the different subcommands",
                    complexity: "O(1)",
                    handler: nil
                ),
                CommandSpec(
                    name: "pubsub|numsub", arity: -2,
                    flags: [.pubsub, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@pubsub", "@slow"],
                    group: "pubsub", since: "2.8.0",
                    summary: "Get the count of subscribers for channels",
                    complexity: "O(N) for the NUMSUB subcommand, where N is the number of requested channels",
                    handler: nil
                ),
                CommandSpec(
                    name: "pubsub|shardnumsub", arity: -2,
                    flags: [.pubsub, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@pubsub", "@slow"],
                    group: "pubsub", since: "7.0.0",
                    summary: "Get the count of subscribers for shard channels",
                    complexity: "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels",
                    handler: nil
                ),
                CommandSpec(
                    name: "pubsub|shardchannels", arity: -2,
                    flags: [.pubsub, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@pubsub", "@slow"],
                    group: "pubsub", since: "7.0.0",
                    summary: "List active shard channels",
                    complexity: "O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).",
                    handler: nil
                ),
                CommandSpec(
                    name: "pubsub|channels", arity: -2,
                    flags: [.pubsub, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@pubsub", "@slow"],
                    group: "pubsub", since: "2.8.0",
                    summary: "List active channels",
                    complexity: "O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)",
                    handler: nil
                ),
                CommandSpec(
                    name: "pubsub|numpat", arity: 2,
                    flags: [.pubsub, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@pubsub", "@slow"],
                    group: "pubsub", since: "2.8.0",
                    summary: "Get the count of unique patterns pattern subscriptions",
                    complexity: "O(1)",
                    handler: nil
                ),
            ],
            handler: nil
        ),
        CommandSpec(
            name: "ssubscribe", arity: -2,
            flags: [.pubsub, .noscript, .loading, .stale], firstKey: 1, lastKey: -1, keyStep: 1,
            aclCategories: ["@pubsub", "@slow"],
            group: "pubsub", since: "7.0.0",
            summary: "Listen for messages published to the given shard channels",
            complexity: "O(N) where N is the number of shard channels to subscribe to.",
            keySpecs: [
                KeySpec(flags: ["not_key"], beginSearch: .index(1), findKeys: .range(lastKey: -1, keyStep: 1, limit: 0)),
            ],
            handler: nil
        ),
        CommandSpec(
            name: "sunsubscribe", arity: -1,
            flags: [.pubsub, .noscript, .loading, .stale], firstKey: 1, lastKey: -1, keyStep: 1,
            aclCategories: ["@pubsub", "@slow"],
            group: "pubsub", since: "7.0.0",
            summary: "Stop listening for messages posted to the given shard channels",
            complexity: "O(N) where N is the number of clients already subscribed to a shard channel.",
            keySpecs: [
                KeySpec(flags: ["not_key"], beginSearch: .index(1), findKeys: .range(lastKey: -1, keyStep: 1, limit: 0)),
            ],
            handler: nil
        ),
        CommandSpec(
            name: "spublish", arity: 3,
            flags: [.pubsub, .loading, .stale, .fast, .mayReplicate], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@pubsub", "@fast"],
            group: "pubsub", since: "7.0.0",
            summary: "Post a message to a shard channel",
            complexity: "O(N) where N is the number of clients subscribed to the receiving shard channel.",
            keySpecs: [
                KeySpec(flags: ["not_key"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: PubSubCommands.spublish
        ),
    ]
}
