// Redis 7.0.15's COMMAND DOCS details for the blocking pops and WATCH (generated from its
// COMMAND DOCS; do not edit by hand).
extension CommandDocs {
    static let blockingAndTransactions: [String: CommandDocs] = [
        "watch": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0, flags: ["multiple"]),
        ]),
        "blpop": CommandDocs(history: [
            ("6.0.0", "`timeout` is interpreted as a double instead of an integer."),
        ], arguments: [
            CommandArgument("key", "key", key: 0, flags: ["multiple"]),
            CommandArgument("timeout", "double"),
        ]),
        "brpop": CommandDocs(history: [
            ("6.0.0", "`timeout` is interpreted as a double instead of an integer."),
        ], arguments: [
            CommandArgument("key", "key", key: 0, flags: ["multiple"]),
            CommandArgument("timeout", "double"),
        ]),
        "brpoplpush": CommandDocs(docFlags: ["deprecated"], deprecatedSince: "6.2.0", replacedBy: "`BLMOVE` with the `RIGHT` and `LEFT` arguments", history: [
            ("6.0.0", "`timeout` is interpreted as a double instead of an integer."),
        ], arguments: [
            CommandArgument("source", "key", key: 0),
            CommandArgument("destination", "key", key: 1),
            CommandArgument("timeout", "double"),
        ]),
        "blmove": CommandDocs(arguments: [
            CommandArgument("source", "key", key: 0),
            CommandArgument("destination", "key", key: 1),
            CommandArgument("wherefrom", "oneof", arguments: [
                CommandArgument("left", "pure-token", token: "LEFT"),
                CommandArgument("right", "pure-token", token: "RIGHT"),
            ]),
            CommandArgument("whereto", "oneof", arguments: [
                CommandArgument("left", "pure-token", token: "LEFT"),
                CommandArgument("right", "pure-token", token: "RIGHT"),
            ]),
            CommandArgument("timeout", "double"),
        ]),
        "blmpop": CommandDocs(arguments: [
            CommandArgument("timeout", "double"),
            CommandArgument("numkeys", "integer"),
            CommandArgument("key", "key", key: 0, flags: ["multiple"]),
            CommandArgument("where", "oneof", arguments: [
                CommandArgument("left", "pure-token", token: "LEFT"),
                CommandArgument("right", "pure-token", token: "RIGHT"),
            ]),
            CommandArgument("count", "integer", token: "COUNT", flags: ["optional"]),
        ]),
        "bzpopmin": CommandDocs(history: [
            ("6.0.0", "`timeout` is interpreted as a double instead of an integer."),
        ], arguments: [
            CommandArgument("key", "key", key: 0, flags: ["multiple"]),
            CommandArgument("timeout", "double"),
        ]),
        "bzpopmax": CommandDocs(history: [
            ("6.0.0", "`timeout` is interpreted as a double instead of an integer."),
        ], arguments: [
            CommandArgument("key", "key", key: 0, flags: ["multiple"]),
            CommandArgument("timeout", "double"),
        ]),
        "bzmpop": CommandDocs(arguments: [
            CommandArgument("timeout", "double"),
            CommandArgument("numkeys", "integer"),
            CommandArgument("key", "key", key: 0, flags: ["multiple"]),
            CommandArgument("where", "oneof", arguments: [
                CommandArgument("min", "pure-token", token: "MIN"),
                CommandArgument("max", "pure-token", token: "MAX"),
            ]),
            CommandArgument("count", "integer", token: "COUNT", flags: ["optional"]),
        ]),
    ]
}
