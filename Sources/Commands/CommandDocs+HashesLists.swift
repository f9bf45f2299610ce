// Redis 7.0.15's COMMAND DOCS details for hashesAndLists (generated; do not edit by hand).
extension CommandDocs {
    static let hashesAndLists: [String: CommandDocs] = [
        "hset": CommandDocs(history: [
            ("4.0.0", "Accepts multiple `field` and `value` arguments."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("field_value", "block", flags: ["multiple"], arguments: [
                CommandArgument("field", "string"),
                CommandArgument("value", "string"),
            ]),
        ]),
        "hsetnx": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("field", "string"),
            CommandArgument("value", "string"),
        ]),
        "hget": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("field", "string"),
        ]),
        "hmget": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("field", "string", flags: ["multiple"]),
        ]),
        "hmset": CommandDocs(docFlags: ["deprecated"], deprecatedSince: "4.0.0", replacedBy: "`HSET` with multiple field-value pairs", arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("field_value", "block", flags: ["multiple"], arguments: [
                CommandArgument("field", "string"),
                CommandArgument("value", "string"),
            ]),
        ]),
        "hdel": CommandDocs(history: [
            ("2.4.0", "Accepts multiple `field` arguments."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("field", "string", flags: ["multiple"]),
        ]),
        "hlen": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
        ]),
        "hstrlen": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("field", "string"),
        ]),
        "hexists": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("field", "string"),
        ]),
        "hkeys": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
        ]),
        "hvals": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
        ]),
        "hgetall": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
        ]),
        "hincrby": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("field", "string"),
            CommandArgument("increment", "integer"),
        ]),
        "hincrbyfloat": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("field", "string"),
            CommandArgument("increment", "double"),
        ]),
        "hrandfield": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("options", "block", flags: ["optional"], arguments: [
                CommandArgument("count", "integer"),
                CommandArgument("withvalues", "pure-token", token: "WITHVALUES", flags: ["optional"]),
            ]),
        ]),
        "hscan": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("cursor", "integer"),
            CommandArgument("pattern", "pattern", token: "MATCH", flags: ["optional"]),
            CommandArgument("count", "integer", token: "COUNT", flags: ["optional"]),
        ]),
        "lpush": CommandDocs(history: [
            ("2.4.0", "Accepts multiple `element` arguments."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("element", "string", flags: ["multiple"]),
        ]),
        "rpush": CommandDocs(history: [
            ("2.4.0", "Accepts multiple `element` arguments."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("element", "string", flags: ["multiple"]),
        ]),
        "lpushx": CommandDocs(history: [
            ("4.0.0", "Accepts multiple `element` arguments."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("element", "string", flags: ["multiple"]),
        ]),
        "rpushx": CommandDocs(history: [
            ("4.0.0", "Accepts multiple `element` arguments."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("element", "string", flags: ["multiple"]),
        ]),
        "lpop": CommandDocs(history: [
            ("6.2.0", "Added the `count` argument."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("count", "integer", since: "6.2.0", flags: ["optional"]),
        ]),
        "rpop": CommandDocs(history: [
            ("6.2.0", "Added the `count` argument."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("count", "integer", since: "6.2.0", flags: ["optional"]),
        ]),
        "llen": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
        ]),
        "lindex": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("index", "integer"),
        ]),
        "lrange": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("start", "integer"),
            CommandArgument("stop", "integer"),
        ]),
        "lpos": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("element", "string"),
            CommandArgument("rank", "integer", token: "RANK", flags: ["optional"]),
            CommandArgument("num-matches", "integer", token: "COUNT", flags: ["optional"]),
            CommandArgument("len", "integer", token: "MAXLEN", flags: ["optional"]),
        ]),
        "lset": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("index", "integer"),
            CommandArgument("element", "string"),
        ]),
        "linsert": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("where", "oneof", arguments: [
                CommandArgument("before", "pure-token", token: "BEFORE"),
                CommandArgument("after", "pure-token", token: "AFTER"),
            ]),
            CommandArgument("pivot", "string"),
            CommandArgument("element", "string"),
        ]),
        "lrem": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("count", "integer"),
            CommandArgument("element", "string"),
        ]),
        "ltrim": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("start", "integer"),
            CommandArgument("stop", "integer"),
        ]),
        "rpoplpush": CommandDocs(docFlags: ["deprecated"], deprecatedSince: "6.2.0", replacedBy: "`LMOVE` with the `RIGHT` and `LEFT` arguments", arguments: [
            CommandArgument("source", "key", key: 0),
            CommandArgument("destination", "key", key: 1),
        ]),
        "lmove": CommandDocs(arguments: [
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
        ]),
        "lmpop": CommandDocs(arguments: [
            CommandArgument("numkeys", "integer"),
            CommandArgument("key", "key", key: 0, flags: ["multiple"]),
            CommandArgument("where", "oneof", arguments: [
                CommandArgument("left", "pure-token", token: "LEFT"),
                CommandArgument("right", "pure-token", token: "RIGHT"),
            ]),
            CommandArgument("count", "integer", token: "COUNT", flags: ["optional"]),
        ]),
    ]
}
