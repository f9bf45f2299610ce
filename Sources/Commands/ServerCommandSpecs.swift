// The command table entries of ServerCommandSpecs, as Redis 7.0.15 reports them in COMMAND INFO and
// COMMAND DOCS (arity, flags, key positions, ACL categories, tips, key specs, docs).
import Keyspace
import RESP

/// Specs of the connection and server commands SkiffServer implements itself (no handler).
public enum ServerCommandSpecs {
    /// This family's entries of `Commands.all`.
    public static let specs: [CommandSpec] = [
        CommandSpec(
            name: "ping", arity: -1,
            flags: [.fast], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@fast", "@connection"],
            group: "connection", since: "1.0.0",
            summary: "Ping the server",
            complexity: "O(1)",
            tips: ["request_policy:all_shards", "response_policy:all_succeeded"],
            handler: nil
        ),
        CommandSpec(
            name: "echo", arity: 2,
            flags: [.loading, .stale, .fast], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@fast", "@connection"],
            group: "connection", since: "1.0.0",
            summary: "Echo the given string",
            complexity: "O(1)",
            handler: nil
        ),
        CommandSpec(
            name: "hello", arity: -1,
            flags: [.noscript, .loading, .stale, .fast, .noAuth, .allowBusy], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@fast", "@connection"],
            group: "connection", since: "6.0.0",
            summary: "Handshake with Redis",
            complexity: "O(1)",
            handler: nil
        ),
        CommandSpec(
            name: "auth", arity: -2,
            flags: [.noscript, .loading, .stale, .fast, .noAuth, .allowBusy], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@fast", "@connection"],
            group: "connection", since: "1.0.0",
            summary: "Authenticate to the server",
            complexity: "O(N) where N is the number of passwords defined for the user",
            handler: nil
        ),
        CommandSpec(
            name: "select", arity: 2,
            flags: [.loading, .stale, .fast], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@fast", "@connection"],
            group: "connection", since: "1.0.0",
            summary: "Change the selected database for the current connection",
            complexity: "O(1)",
            handler: nil
        ),
        CommandSpec(
            name: "quit", arity: -1,
            flags: [.noscript, .loading, .stale, .fast, .noAuth, .allowBusy], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@fast", "@connection"],
            group: "connection", since: "1.0.0",
            summary: "Close the connection",
            complexity: "O(1)",
            handler: nil
        ),
        CommandSpec(
            name: "reset", arity: 1,
            flags: [.noscript, .loading, .stale, .fast, .noAuth, .allowBusy], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@fast", "@connection"],
            group: "connection", since: "6.2.0",
            summary: "Reset the connection",
            complexity: "O(1)",
            handler: nil
        ),
        CommandSpec(
            name: "client", arity: -2,
            flags: [], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@slow"],
            group: "connection", since: "2.4.0",
            summary: "A container for client connection commands",
            complexity: "Depends on subcommand.",
            subcommands: [
                CommandSpec(
                    name: "client|caching", arity: 3,
                    flags: [.noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow", "@connection"],
                    group: "connection", since: "6.0.0",
                    summary: "Instruct the server about tracking or not keys in the next request",
                    complexity: "O(1)",
                    handler: nil
                ),
                CommandSpec(
                    name: "client|getname", arity: 2,
                    flags: [.noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow", "@connection"],
                    group: "connection", since: "2.6.9",
                    summary: "Get the current connection name",
                    complexity: "O(1)",
                    handler: nil
                ),
                CommandSpec(
                    name: "client|getredir", arity: 2,
                    flags: [.noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow", "@connection"],
                    group: "connection", since: "6.0.0",
                    summary: "Get tracking notifications redirection client ID if any",
                    complexity: "O(1)",
                    handler: nil
                ),
                CommandSpec(
                    name: "client|help", arity: 2,
                    flags: [.loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow", "@connection"],
                    group: "connection", since: "5.0.0",
                    summary: "Show helpful text about the different subcommands",
                    complexity: "O(1)",
                    handler: nil
                ),
                CommandSpec(
                    name: "client|id", arity: 2,
                    flags: [.noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow", "@connection"],
                    group: "connection", since: "5.0.0",
                    summary: "Returns the client ID for the current connection",
                    complexity: "O(1)",
                    handler: nil
                ),
                CommandSpec(
                    name: "client|info", arity: 2,
                    flags: [.noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow", "@connection"],
                    group: "connection", since: "6.2.0",
                    summary: "Returns information about the current client connection.",
                    complexity: "O(1)",
                    tips: ["nondeterministic_output"],
                    handler: nil
                ),
                CommandSpec(
                    name: "client|kill", arity: -3,
                    flags: [.admin, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@admin", "@slow", "@dangerous", "@connection"],
                    group: "connection", since: "2.4.0",
                    summary: "Kill the connection of a client",
                    complexity: "O(N) where N is the number of client connections",
                    handler: nil
                ),
                CommandSpec(
                    name: "client|list", arity: -2,
                    flags: [.admin, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@admin", "@slow", "@dangerous", "@connection"],
                    group: "connection", since: "2.4.0",
                    summary: "Get the list of client connections",
                    complexity: "O(N) where N is the number of client connections",
                    tips: ["nondeterministic_output"],
                    handler: nil
                ),
                CommandSpec(
                    name: "client|no-evict", arity: 3,
                    flags: [.admin, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@admin", "@slow", "@dangerous", "@connection"],
                    group: "connection", since: "7.0.0",
                    summary: "Set client eviction mode for the current connection",
                    complexity: "O(1)",
                    handler: nil
                ),
                CommandSpec(
                    name: "client|pause", arity: -3,
                    flags: [.admin, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@admin", "@slow", "@dangerous", "@connection"],
                    group: "connection", since: "2.9.50",
                    summary: "Stop processing commands from clients for some time",
                    complexity: "O(1)",
                    handler: nil
                ),
                CommandSpec(
                    name: "client|reply", arity: 3,
                    flags: [.noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow", "@connection"],
                    group: "connection", since: "3.2.0",
                    summary: "Instruct the server whether to reply to commands",
                    complexity: "O(1)",
                    handler: nil
                ),
                CommandSpec(
                    name: "client|setname", arity: 3,
                    flags: [.noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow", "@connection"],
                    group: "connection", since: "2.6.9",
                    summary: "Set the current connection name",
                    complexity: "O(1)",
                    handler: nil
                ),
                CommandSpec(
                    name: "client|tracking", arity: -3,
                    flags: [.noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow", "@connection"],
                    group: "connection", since: "6.0.0",
                    summary: "Enable or disable server assisted client side caching support",
                    complexity: "O(1). Some options may introduce additional complexity.",
                    handler: nil
                ),
                CommandSpec(
                    name: "client|trackinginfo", arity: 2,
                    flags: [.noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow", "@connection"],
                    group: "connection", since: "6.2.0",
                    summary: "Return information about server assisted client side caching for the current connection",
                    complexity: "O(1)",
                    handler: nil
                ),
                CommandSpec(
                    name: "client|unblock", arity: -3,
                    flags: [.admin, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@admin", "@slow", "@dangerous", "@connection"],
                    group: "connection", since: "5.0.0",
                    summary: "Unblock a client blocked in a blocking command from a different connection",
                    complexity: "O(log N) where N is the number of client connections",
                    handler: nil
                ),
                CommandSpec(
                    name: "client|unpause", arity: 2,
                    flags: [.admin, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@admin", "@slow", "@dangerous", "@connection"],
                    group: "connection", since: "6.2.0",
                    summary: "Resume processing of clients that were paused",
                    complexity: "O(N) Where N is the number of paused clients",
                    handler: nil
                ),
            ],
            handler: nil
        ),
        CommandSpec(
            name: "info", arity: -1,
            flags: [.loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@slow", "@dangerous"],
            group: "server", since: "1.0.0",
            summary: "Get information and statistics about the server",
            complexity: "O(1)",
            tips: ["nondeterministic_output", "request_policy:all_shards", "response_policy:special"],
            handler: nil
        ),
        CommandSpec(
            name: "config", arity: -2,
            flags: [], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@slow"],
            group: "server", since: "2.0.0",
            summary: "A container for server configuration commands",
            complexity: "Depends on subcommand.",
            subcommands: [
                CommandSpec(
                    name: "config|get", arity: -3,
                    flags: [.admin, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@admin", "@slow", "@dangerous"],
                    group: "server", since: "2.0.0",
                    summary: "Get the values of configuration parameters",
                    complexity: "O(N) when N is the number of configuration parameters provided",
                    handler: nil
                ),
                CommandSpec(
                    name: "config|help", arity: 2,
                    flags: [.loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow"],
                    group: "server", since: "5.0.0",
                    summary: "Show helpful text about the different subcommands",
                    complexity: "O(1)",
                    handler: nil
                ),
                CommandSpec(
                    name: "config|resetstat", arity: 2,
                    flags: [.admin, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@admin", "@slow", "@dangerous"],
                    group: "server", since: "2.0.0",
                    summary: "Reset the stats returned by INFO",
                    complexity: "O(1)",
                    handler: nil
                ),
                CommandSpec(
                    name: "config|rewrite", arity: 2,
                    flags: [.admin, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@admin", "@slow", "@dangerous"],
                    group: "server", since: "2.8.0",
                    summary: "Rewrite the configuration file with the in memory configuration",
                    complexity: "O(1)",
                    handler: nil
                ),
                CommandSpec(
                    name: "config|set", arity: -4,
                    flags: [.admin, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@admin", "@slow", "@dangerous"],
                    group: "server", since: "2.0.0",
                    summary: "Set configuration parameters to the given values",
                    complexity: "O(N) when N is the number of configuration parameters provided",
                    tips: ["request_policy:all_nodes", "response_policy:all_succeeded"],
                    handler: nil
                ),
            ],
            handler: nil
        ),
        CommandSpec(
            name: "command", arity: -1,
            flags: [.loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@slow", "@connection"],
            group: "server", since: "2.8.13",
            summary: "Get array of Redis command details",
            complexity: "O(N) where N is the total number of Redis commands",
            tips: ["nondeterministic_output_order"],
            subcommands: [
                CommandSpec(
                    name: "command|count", arity: 2,
                    flags: [.loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow", "@connection"],
                    group: "server", since: "2.8.13",
                    summary: "Get total number of Redis commands",
                    complexity: "O(1)",
                    handler: nil
                ),
                CommandSpec(
                    name: "command|docs", arity: -2,
                    flags: [.loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow", "@connection"],
                    group: "server", since: "7.0.0",
                    summary: "Get array of specific Redis command documentation",
                    complexity: "O(N) where N is the number of commands to look up",
                    tips: ["nondeterministic_output_order"],
                    handler: nil
                ),
                CommandSpec(
                    name: "command|getkeys", arity: -4,
                    flags: [.loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow", "@connection"],
                    group: "server", since: "2.8.13",
                    summary: "Extract keys given a full Redis command",
                    complexity: "O(N) where N is the number of arguments to the command",
                    handler: nil
                ),
                CommandSpec(
                    name: "command|getkeysandflags", arity: -4,
                    flags: [.loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow", "@connection"],
                    group: "server", since: "7.0.0",
                    summary: "Extract keys and access flags given a full Redis command",
                    complexity: "O(N) where N is the number of arguments to the command",
                    handler: nil
                ),
                CommandSpec(
                    name: "command|help", arity: 2,
                    flags: [.loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow", "@connection"],
                    group: "server", since: "5.0.0",
                    summary: "Show helpful text about the different subcommands",
                    complexity: "O(1)",
                    handler: nil
                ),
                CommandSpec(
                    name: "command|info", arity: -2,
                    flags: [.loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow", "@connection"],
                    group: "server", since: "2.8.13",
                    summary: "Get array of specific Redis command details, or all when no argument is given.",
                    complexity: "O(N) where N is the number of commands to look up",
                    tips: ["nondeterministic_output_order"],
                    handler: nil
                ),
                CommandSpec(
                    name: "command|list", arity: -2,
                    flags: [.loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow", "@connection"],
                    group: "server", since: "7.0.0",
                    summary: "Get an array of Redis command names",
                    complexity: "O(N) where N is the total number of Redis commands",
                    tips: ["nondeterministic_output_order"],
                    handler: nil
                ),
            ],
            handler: nil
        ),
        CommandSpec(
            name: "time", arity: 1,
            flags: [.loading, .stale, .fast], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@fast"],
            group: "server", since: "2.6.0",
            summary: "Return the current server time",
            complexity: "O(1)",
            tips: ["nondeterministic_output"],
            handler: nil
        ),
        CommandSpec(
            name: "lastsave", arity: 1,
            flags: [.loading, .stale, .fast], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@admin", "@fast", "@dangerous"],
            group: "server", since: "1.0.0",
            summary: "Get the UNIX time stamp of the last successful save to disk",
            complexity: "O(1)",
            tips: ["nondeterministic_output"],
            handler: nil
        ),
        CommandSpec(
            name: "shutdown", arity: -1,
            flags: [.admin, .noscript, .loading, .stale, .noMulti, .allowBusy], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@admin", "@slow", "@dangerous"],
            group: "server", since: "1.0.0",
            summary: "Synchronously save the dataset to disk and then shut down the server",
            complexity: "O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)",
            handler: nil
        ),
        CommandSpec(
            name: "debug", arity: -2,
            flags: [.admin, .noscript, .loading, .stale, .protected], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@admin", "@slow", "@dangerous"],
            group: "server", since: "1.0.0",
            summary: "A container for debugging commands",
            complexity: "Depends on subcommand.",
            handler: nil
        ),
    ] + monitoring
}
