// Redis 7.0.15's COMMAND DOCS details for strings (generated; do not edit by hand).
extension CommandDocs {
    static let strings: [String: CommandDocs] = [
        "get": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
        ]),
        "set": CommandDocs(history: [
            ("2.6.12", "Added the `EX`, `PX`, `NX` and `XX` options."),
            ("6.0.0", "Added the `KEEPTTL` option."),
            ("6.2.0", "Added the `GET`, `EXAT` and `PXAT` option."),
            ("7.0.0", "Allowed the `NX` and `GET` options to be used together."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("value", "string"),
            CommandArgument("condition", "oneof", since: "2.6.12", flags: ["optional"], arguments: [
                CommandArgument("nx", "pure-token", token: "NX"),
                CommandArgument("xx", "pure-token", token: "XX"),
            ]),
            CommandArgument("get", "pure-token", token: "GET", since: "6.2.0", flags: ["optional"]),
            CommandArgument("expiration", "oneof", flags: ["optional"], arguments: [
                CommandArgument("seconds", "integer", token: "EX", since: "2.6.12"),
                CommandArgument("milliseconds", "integer", token: "PX", since: "2.6.12"),
                CommandArgument("unix-time-seconds", "unix-time", token: "EXAT", since: "6.2.0"),
                CommandArgument("unix-time-milliseconds", "unix-time", token: "PXAT", since: "6.2.0"),
                CommandArgument("keepttl", "pure-token", token: "KEEPTTL", since: "6.0.0"),
            ]),
        ]),
        "setnx": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("value", "string"),
        ]),
        "setex": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("seconds", "integer"),
            CommandArgument("value", "string"),
        ]),
        "psetex": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("milliseconds", "integer"),
            CommandArgument("value", "string"),
        ]),
        "mget": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0, flags: ["multiple"]),
        ]),
        "mset": CommandDocs(arguments: [
            CommandArgument("key_value", "block", flags: ["multiple"], arguments: [
                CommandArgument("key", "key", key: 0),
                CommandArgument("value", "string"),
            ]),
        ]),
        "msetnx": CommandDocs(arguments: [
            CommandArgument("key_value", "block", flags: ["multiple"], arguments: [
                CommandArgument("key", "key", key: 0),
                CommandArgument("value", "string"),
            ]),
        ]),
        "getset": CommandDocs(docFlags: ["deprecated"], deprecatedSince: "6.2.0", replacedBy: "`SET` with the `!GET` argument", arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("value", "string"),
        ]),
        "getdel": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
        ]),
        "getex": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("expiration", "oneof", flags: ["optional"], arguments: [
                CommandArgument("seconds", "integer", token: "EX"),
                CommandArgument("milliseconds", "integer", token: "PX"),
                CommandArgument("unix-time-seconds", "unix-time", token: "EXAT"),
                CommandArgument("unix-time-milliseconds", "unix-time", token: "PXAT"),
                CommandArgument("persist", "pure-token", token: "PERSIST"),
            ]),
        ]),
        "append": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("value", "string"),
        ]),
        "strlen": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
        ]),
        "incr": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
        ]),
        "decr": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
        ]),
        "incrby": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("increment", "integer"),
        ]),
        "decrby": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("decrement", "integer"),
        ]),
        "incrbyfloat": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("increment", "double"),
        ]),
        "getrange": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("start", "integer"),
            CommandArgument("end", "integer"),
        ]),
        "setrange": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("offset", "integer"),
            CommandArgument("value", "string"),
        ]),
        "substr": CommandDocs(docFlags: ["deprecated"], deprecatedSince: "2.0.0", replacedBy: "`GETRANGE`", arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("start", "integer"),
            CommandArgument("end", "integer"),
        ]),
        "lcs": CommandDocs(arguments: [
            CommandArgument("key1", "key", key: 0),
            CommandArgument("key2", "key", key: 0),
            CommandArgument("len", "pure-token", token: "LEN", flags: ["optional"]),
            CommandArgument("idx", "pure-token", token: "IDX", flags: ["optional"]),
            CommandArgument("len", "integer", token: "MINMATCHLEN", flags: ["optional"]),
            CommandArgument("withmatchlen", "pure-token", token: "WITHMATCHLEN", flags: ["optional"]),
        ]),
    ]
}
