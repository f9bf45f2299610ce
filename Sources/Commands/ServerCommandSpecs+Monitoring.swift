// SLOWLOG and LATENCY as Redis 7.0.15 reports them in COMMAND INFO and COMMAND DOCS.
// LATENCY lists only the subcommands Skiff answers (LATEST, HISTORY, RESET, HELP); its
// DOCTOR, GRAPH and HISTOGRAM get Redis's unknown-subcommand error.

extension ServerCommandSpecs {
    /// Monitoring commands the server answers itself (no handler); part of `specs`.
    static let monitoring: [CommandSpec] = [
        CommandSpec(
            name: "slowlog", arity: -2,
            flags: [], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@slow"],
            group: "server", since: "2.2.12",
            summary: "A container for slow log commands",
            complexity: "Depends on subcommand.",
            subcommands: [
                adminSubcommand("slowlog|get", arity: -2, since: "2.2.12", summary: "Get the slow log's entries",
                                complexity: "O(N) where N is the number of entries returned",
                                tips: ["request_policy:all_nodes", "nondeterministic_output"]),
                adminSubcommand("slowlog|len", arity: 2, since: "2.2.12", summary: "Get the slow log's length",
                                complexity: "O(1)",
                                tips: ["request_policy:all_nodes", "response_policy:agg_sum", "nondeterministic_output"]),
                adminSubcommand("slowlog|reset", arity: 2, since: "2.2.12", summary: "Clear all entries from the slow log",
                                complexity: "O(N) where N is the number of entries in the slowlog",
                                tips: ["request_policy:all_nodes", "response_policy:all_succeeded"]),
                helpSubcommand("slowlog|help", flags: [.loading, .stale], since: "6.2.0"),
            ],
            handler: nil
        ),
        CommandSpec(
            name: "latency", arity: -2,
            flags: [], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@slow"],
            group: "server", since: "2.8.13",
            summary: "A container for latency diagnostics commands",
            complexity: "Depends on subcommand.",
            subcommands: [
                adminSubcommand("latency|latest", arity: 2, since: "2.8.13",
                                summary: "Return the latest latency samples for all events.", complexity: "O(1)",
                                flags: [.noscript], tips: latencyTips),
                adminSubcommand("latency|history", arity: 3, since: "2.8.13",
                                summary: "Return timestamp-latency samples for the event.", complexity: "O(1)",
                                flags: [.noscript], tips: latencyTips),
                adminSubcommand("latency|reset", arity: -2, since: "2.8.13",
                                summary: "Reset latency data for one or more events.", complexity: "O(1)",
                                flags: [.noscript],
                                tips: ["request_policy:all_nodes", "response_policy:all_succeeded"]),
                helpSubcommand("latency|help", flags: [.loading, .stale], since: "2.8.13",
                               summary: "Show helpful text about the different subcommands."),
            ],
            handler: nil
        ),
    ]

    private static let latencyTips = ["nondeterministic_output", "request_policy:all_nodes", "response_policy:special"]

    /// An `@admin @slow @dangerous` subcommand that runs while loading and on a stale replica.
    private static func adminSubcommand(
        _ name: String, arity: Int, since: String, summary: String, complexity: String,
        flags: CommandFlags = [], tips: [String]
    ) -> CommandSpec {
        CommandSpec(
            name: name, arity: arity,
            flags: CommandFlags([.admin, .loading, .stale]).union(flags), firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@admin", "@slow", "@dangerous"],
            group: "server", since: since, summary: summary, complexity: complexity, tips: tips,
            handler: nil)
    }

    /// A container's HELP subcommand.
    private static func helpSubcommand(
        _ name: String, flags: CommandFlags, since: String,
        summary: String = "Show helpful text about the different subcommands"
    ) -> CommandSpec {
        CommandSpec(
            name: name, arity: 2, flags: flags, firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@slow"], group: "server", since: since, summary: summary, complexity: "O(1)",
            handler: nil)
    }
}
