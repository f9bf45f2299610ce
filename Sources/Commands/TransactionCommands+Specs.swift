// The command table entries of MULTI, EXEC, DISCARD, WATCH and UNWATCH, as Redis 7.0.15
// reports them in COMMAND INFO and COMMAND DOCS. The server runs them (they act on the
// session, not the keyspace); `Transaction` is what an EXEC becomes in the log.

/// Specs of the transaction commands (no handler: SkiffServer runs them).
public enum TransactionCommandSpecs {
    /// This family's entries of `Commands.all`.
    public static let specs: [CommandSpec] = [
        CommandSpec(
            name: "multi", arity: 1,
            flags: [.noscript, .loading, .stale, .fast, .allowBusy], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@fast", "@transaction"],
            group: "transactions", since: "1.2.0",
            summary: "Mark the start of a transaction block",
            complexity: "O(1)",
            handler: nil
        ),
        CommandSpec(
            name: "exec", arity: 1,
            flags: [.noscript, .loading, .stale, .skipSlowlog], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@slow", "@transaction"],
            group: "transactions", since: "1.2.0",
            summary: "Execute all commands issued after MULTI",
            complexity: "Depends on commands in the transaction",
            handler: nil
        ),
        CommandSpec(
            name: "discard", arity: 1,
            flags: [.noscript, .loading, .stale, .fast, .allowBusy], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@fast", "@transaction"],
            group: "transactions", since: "2.0.0",
            summary: "Discard all commands issued after MULTI",
            complexity: "O(N), when N is the number of queued commands",
            handler: nil
        ),
        CommandSpec(
            name: "watch", arity: -2,
            flags: [.noscript, .loading, .stale, .fast, .allowBusy], firstKey: 1, lastKey: -1, keyStep: 1,
            aclCategories: ["@fast", "@transaction"],
            group: "transactions", since: "2.2.0",
            summary: "Watch the given keys to determine execution of the MULTI/EXEC block",
            complexity: "O(1) for every key.",
            keySpecs: [
                KeySpec(flags: ["RO"], beginSearch: .index(1), findKeys: .range(lastKey: -1, keyStep: 1, limit: 0)),
            ],
            handler: nil
        ),
        CommandSpec(
            name: "unwatch", arity: 1,
            flags: [.noscript, .loading, .stale, .fast, .allowBusy], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@fast", "@transaction"],
            group: "transactions", since: "2.2.0",
            summary: "Forget about all watched keys",
            complexity: "O(1)",
            handler: nil
        ),
    ]
}
