// Redis 7.0.15's COMMAND DOCS details for sets (generated; do not edit by hand).
extension CommandDocs {
    static let sets: [String: CommandDocs] = [
        "sadd": CommandDocs(history: [
            ("2.4.0", "Accepts multiple `member` arguments."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("member", "string", flags: ["multiple"]),
        ]),
        "srem": CommandDocs(history: [
            ("2.4.0", "Accepts multiple `member` arguments."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("member", "string", flags: ["multiple"]),
        ]),
        "smembers": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
        ]),
        "sismember": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("member", "string"),
        ]),
        "smismember": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("member", "string", flags: ["multiple"]),
        ]),
        "scard": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
        ]),
        "smove": CommandDocs(arguments: [
            CommandArgument("source", "key", key: 0),
            CommandArgument("destination", "key", key: 1),
            CommandArgument("member", "string"),
        ]),
        "spop": CommandDocs(history: [
            ("3.2.0", "Added the `count` argument."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("count", "integer", since: "3.2.0", flags: ["optional"]),
        ]),
        "srandmember": CommandDocs(history: [
            ("2.6.0", "Added the optional `count` argument."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("count", "integer", since: "2.6.0", flags: ["optional"]),
        ]),
        "sinter": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0, flags: ["multiple"]),
        ]),
        "sinterstore": CommandDocs(arguments: [
            CommandArgument("destination", "key", key: 0),
            CommandArgument("key", "key", key: 1, flags: ["multiple"]),
        ]),
        "sintercard": CommandDocs(arguments: [
            CommandArgument("numkeys", "integer"),
            CommandArgument("key", "key", key: 0, flags: ["multiple"]),
            CommandArgument("limit", "integer", token: "LIMIT", flags: ["optional"]),
        ]),
        "sunion": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0, flags: ["multiple"]),
        ]),
        "sunionstore": CommandDocs(arguments: [
            CommandArgument("destination", "key", key: 0),
            CommandArgument("key", "key", key: 1, flags: ["multiple"]),
        ]),
        "sdiff": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0, flags: ["multiple"]),
        ]),
        "sdiffstore": CommandDocs(arguments: [
            CommandArgument("destination", "key", key: 0),
            CommandArgument("key", "key", key: 1, flags: ["multiple"]),
        ]),
        "sscan": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("cursor", "integer"),
            CommandArgument("pattern", "pattern", token: "MATCH", flags: ["optional"]),
            CommandArgument("count", "integer", token: "COUNT", flags: ["optional"]),
        ]),
    ]
}
