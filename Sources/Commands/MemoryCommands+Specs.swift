// MEMORY as Redis 7.0.15 reports it in COMMAND INFO and COMMAND DOCS.

extension MemoryCommands {
    public static let specs: [CommandSpec] = [
        CommandSpec(
            name: "memory", arity: -2,
            flags: [], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@slow"],
            group: "server", since: "4.0.0",
            summary: "A container for memory diagnostics commands",
            complexity: "Depends on subcommand.",
            subcommands: [
                serverSubcommand("memory|malloc-stats", summary: "Show allocator internal stats",
                                 complexity: "Depends on how much memory is allocated, could be slow", tips: reportTips),
                serverSubcommand("memory|purge", summary: "Ask the allocator to release memory",
                                 complexity: "Depends on how much memory is allocated, could be slow",
                                 tips: ["request_policy:all_shards", "response_policy:all_succeeded"]),
                serverSubcommand("memory|stats", summary: "Show memory usage details", complexity: "O(1)", tips: reportTips),
                CommandSpec(
                    name: "memory|help", arity: 2,
                    flags: [.loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow"], group: "server", since: "4.0.0",
                    summary: "Show helpful text about the different subcommands", complexity: "O(1)",
                    handler: nil),
                CommandSpec(
                    name: "memory|usage", arity: -3,
                    flags: [.readonly], firstKey: 2, lastKey: 2, keyStep: 1,
                    aclCategories: ["@read", "@slow"],
                    group: "server", since: "4.0.0",
                    summary: "Estimate the memory usage of a key",
                    complexity: "O(N) where N is the number of samples.",
                    keySpecs: [
                        KeySpec(flags: ["RO"], beginSearch: .index(2), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
                    ],
                    handler: MemoryCommands.usage),
                serverSubcommand("memory|doctor", summary: "Outputs memory problems report", complexity: "O(1)",
                                 tips: reportTips),
            ],
            handler: nil  // the server's; USAGE, which reads the keyspace, has its own
        ),
    ]

    private static let reportTips = ["nondeterministic_output", "request_policy:all_shards", "response_policy:special"]

    /// A subcommand the server answers itself (it reports on the process, not the keyspace).
    private static func serverSubcommand(_ name: String, summary: String, complexity: String, tips: [String]) -> CommandSpec {
        CommandSpec(
            name: name, arity: 2, flags: [], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@slow"], group: "server", since: "4.0.0", summary: summary, complexity: complexity,
            tips: tips, handler: nil)
    }

}
