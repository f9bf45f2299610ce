// Redis 7.0.15's COMMAND DOCS details for sortedSets (generated; do not edit by hand).
extension CommandDocs {
    static let sortedSets: [String: CommandDocs] = [
        "zadd": CommandDocs(history: [
            ("2.4.0", "Accepts multiple elements."),
            ("3.0.2", "Added the `XX`, `NX`, `CH` and `INCR` options."),
            ("6.2.0", "Added the `GT` and `LT` options."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("condition", "oneof", since: "3.0.2", flags: ["optional"], arguments: [
                CommandArgument("nx", "pure-token", token: "NX"),
                CommandArgument("xx", "pure-token", token: "XX"),
            ]),
            CommandArgument("comparison", "oneof", since: "6.2.0", flags: ["optional"], arguments: [
                CommandArgument("gt", "pure-token", token: "GT"),
                CommandArgument("lt", "pure-token", token: "LT"),
            ]),
            CommandArgument("change", "pure-token", token: "CH", since: "3.0.2", flags: ["optional"]),
            CommandArgument("increment", "pure-token", token: "INCR", since: "3.0.2", flags: ["optional"]),
            CommandArgument("score_member", "block", flags: ["multiple"], arguments: [
                CommandArgument("score", "double"),
                CommandArgument("member", "string"),
            ]),
        ]),
        "zincrby": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("increment", "integer"),
            CommandArgument("member", "string"),
        ]),
        "zrem": CommandDocs(history: [
            ("2.4.0", "Accepts multiple elements."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("member", "string", flags: ["multiple"]),
        ]),
        "zcard": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
        ]),
        "zscore": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("member", "string"),
        ]),
        "zmscore": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("member", "string", flags: ["multiple"]),
        ]),
        "zrank": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("member", "string"),
        ]),
        "zrevrank": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("member", "string"),
        ]),
        "zcount": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("min", "double"),
            CommandArgument("max", "double"),
        ]),
        "zlexcount": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("min", "string"),
            CommandArgument("max", "string"),
        ]),
        "zrange": CommandDocs(history: [
            ("6.2.0", "Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("start", "string"),
            CommandArgument("stop", "string"),
            CommandArgument("sortby", "oneof", since: "6.2.0", flags: ["optional"], arguments: [
                CommandArgument("byscore", "pure-token", token: "BYSCORE"),
                CommandArgument("bylex", "pure-token", token: "BYLEX"),
            ]),
            CommandArgument("rev", "pure-token", token: "REV", since: "6.2.0", flags: ["optional"]),
            CommandArgument("offset_count", "block", token: "LIMIT", since: "6.2.0", flags: ["optional"], arguments: [
                CommandArgument("offset", "integer"),
                CommandArgument("count", "integer"),
            ]),
            CommandArgument("withscores", "pure-token", token: "WITHSCORES", flags: ["optional"]),
        ]),
        "zrangestore": CommandDocs(arguments: [
            CommandArgument("dst", "key", key: 0),
            CommandArgument("src", "key", key: 1),
            CommandArgument("min", "string"),
            CommandArgument("max", "string"),
            CommandArgument("sortby", "oneof", flags: ["optional"], arguments: [
                CommandArgument("byscore", "pure-token", token: "BYSCORE"),
                CommandArgument("bylex", "pure-token", token: "BYLEX"),
            ]),
            CommandArgument("rev", "pure-token", token: "REV", flags: ["optional"]),
            CommandArgument("offset_count", "block", token: "LIMIT", flags: ["optional"], arguments: [
                CommandArgument("offset", "integer"),
                CommandArgument("count", "integer"),
            ]),
        ]),
        "zrevrange": CommandDocs(docFlags: ["deprecated"], deprecatedSince: "6.2.0", replacedBy: "`ZRANGE` with the `REV` argument", arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("start", "integer"),
            CommandArgument("stop", "integer"),
            CommandArgument("withscores", "pure-token", token: "WITHSCORES", flags: ["optional"]),
        ]),
        "zrangebyscore": CommandDocs(docFlags: ["deprecated"], deprecatedSince: "6.2.0", replacedBy: "`ZRANGE` with the `BYSCORE` argument", history: [
            ("2.0.0", "Added the `WITHSCORES` modifier."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("min", "double"),
            CommandArgument("max", "double"),
            CommandArgument("withscores", "pure-token", token: "WITHSCORES", since: "2.0.0", flags: ["optional"]),
            CommandArgument("offset_count", "block", token: "LIMIT", flags: ["optional"], arguments: [
                CommandArgument("offset", "integer"),
                CommandArgument("count", "integer"),
            ]),
        ]),
        "zrevrangebyscore": CommandDocs(docFlags: ["deprecated"], deprecatedSince: "6.2.0", replacedBy: "`ZRANGE` with the `REV` and `BYSCORE` arguments", history: [
            ("2.1.6", "`min` and `max` can be exclusive."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("max", "double"),
            CommandArgument("min", "double"),
            CommandArgument("withscores", "pure-token", token: "WITHSCORES", flags: ["optional"]),
            CommandArgument("offset_count", "block", token: "LIMIT", flags: ["optional"], arguments: [
                CommandArgument("offset", "integer"),
                CommandArgument("count", "integer"),
            ]),
        ]),
        "zrangebylex": CommandDocs(docFlags: ["deprecated"], deprecatedSince: "6.2.0", replacedBy: "`ZRANGE` with the `BYLEX` argument", arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("min", "string"),
            CommandArgument("max", "string"),
            CommandArgument("offset_count", "block", token: "LIMIT", flags: ["optional"], arguments: [
                CommandArgument("offset", "integer"),
                CommandArgument("count", "integer"),
            ]),
        ]),
        "zrevrangebylex": CommandDocs(docFlags: ["deprecated"], deprecatedSince: "6.2.0", replacedBy: "`ZRANGE` with the `REV` and `BYLEX` arguments", arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("max", "string"),
            CommandArgument("min", "string"),
            CommandArgument("offset_count", "block", token: "LIMIT", flags: ["optional"], arguments: [
                CommandArgument("offset", "integer"),
                CommandArgument("count", "integer"),
            ]),
        ]),
        "zpopmin": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("count", "integer", flags: ["optional"]),
        ]),
        "zpopmax": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("count", "integer", flags: ["optional"]),
        ]),
        "zmpop": CommandDocs(arguments: [
            CommandArgument("numkeys", "integer"),
            CommandArgument("key", "key", key: 0, flags: ["multiple"]),
            CommandArgument("where", "oneof", arguments: [
                CommandArgument("min", "pure-token", token: "MIN"),
                CommandArgument("max", "pure-token", token: "MAX"),
            ]),
            CommandArgument("count", "integer", token: "COUNT", flags: ["optional"]),
        ]),
        "zremrangebyrank": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("start", "integer"),
            CommandArgument("stop", "integer"),
        ]),
        "zremrangebyscore": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("min", "double"),
            CommandArgument("max", "double"),
        ]),
        "zremrangebylex": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("min", "string"),
            CommandArgument("max", "string"),
        ]),
        "zunion": CommandDocs(arguments: [
            CommandArgument("numkeys", "integer"),
            CommandArgument("key", "key", key: 0, flags: ["multiple"]),
            CommandArgument("weight", "integer", token: "WEIGHTS", flags: ["optional", "multiple"]),
            CommandArgument("aggregate", "oneof", token: "AGGREGATE", flags: ["optional"], arguments: [
                CommandArgument("sum", "pure-token", token: "SUM"),
                CommandArgument("min", "pure-token", token: "MIN"),
                CommandArgument("max", "pure-token", token: "MAX"),
            ]),
            CommandArgument("withscores", "pure-token", token: "WITHSCORES", flags: ["optional"]),
        ]),
        "zinter": CommandDocs(arguments: [
            CommandArgument("numkeys", "integer"),
            CommandArgument("key", "key", key: 0, flags: ["multiple"]),
            CommandArgument("weight", "integer", token: "WEIGHTS", flags: ["optional", "multiple"]),
            CommandArgument("aggregate", "oneof", token: "AGGREGATE", flags: ["optional"], arguments: [
                CommandArgument("sum", "pure-token", token: "SUM"),
                CommandArgument("min", "pure-token", token: "MIN"),
                CommandArgument("max", "pure-token", token: "MAX"),
            ]),
            CommandArgument("withscores", "pure-token", token: "WITHSCORES", flags: ["optional"]),
        ]),
        "zdiff": CommandDocs(arguments: [
            CommandArgument("numkeys", "integer"),
            CommandArgument("key", "key", key: 0, flags: ["multiple"]),
            CommandArgument("withscores", "pure-token", token: "WITHSCORES", flags: ["optional"]),
        ]),
        "zunionstore": CommandDocs(arguments: [
            CommandArgument("destination", "key", key: 0),
            CommandArgument("numkeys", "integer"),
            CommandArgument("key", "key", key: 1, flags: ["multiple"]),
            CommandArgument("weight", "integer", token: "WEIGHTS", flags: ["optional", "multiple"]),
            CommandArgument("aggregate", "oneof", token: "AGGREGATE", flags: ["optional"], arguments: [
                CommandArgument("sum", "pure-token", token: "SUM"),
                CommandArgument("min", "pure-token", token: "MIN"),
                CommandArgument("max", "pure-token", token: "MAX"),
            ]),
        ]),
        "zinterstore": CommandDocs(arguments: [
            CommandArgument("destination", "key", key: 0),
            CommandArgument("numkeys", "integer"),
            CommandArgument("key", "key", key: 1, flags: ["multiple"]),
            CommandArgument("weight", "integer", token: "WEIGHTS", flags: ["optional", "multiple"]),
            CommandArgument("aggregate", "oneof", token: "AGGREGATE", flags: ["optional"], arguments: [
                CommandArgument("sum", "pure-token", token: "SUM"),
                CommandArgument("min", "pure-token", token: "MIN"),
                CommandArgument("max", "pure-token", token: "MAX"),
            ]),
        ]),
        "zdiffstore": CommandDocs(arguments: [
            CommandArgument("destination", "key", key: 0),
            CommandArgument("numkeys", "integer"),
            CommandArgument("key", "key", key: 1, flags: ["multiple"]),
        ]),
        "zintercard": CommandDocs(arguments: [
            CommandArgument("numkeys", "integer"),
            CommandArgument("key", "key", key: 0, flags: ["multiple"]),
            CommandArgument("limit", "integer", token: "LIMIT", flags: ["optional"]),
        ]),
        "zrandmember": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("options", "block", flags: ["optional"], arguments: [
                CommandArgument("count", "integer"),
                CommandArgument("withscores", "pure-token", token: "WITHSCORES", flags: ["optional"]),
            ]),
        ]),
        "zscan": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("cursor", "integer"),
            CommandArgument("pattern", "pattern", token: "MATCH", flags: ["optional"]),
            CommandArgument("count", "integer", token: "COUNT", flags: ["optional"]),
        ]),
    ]
}
