// Redis 7.0.15's COMMAND DOCS details for keys (generated; do not edit by hand).
extension CommandDocs {
    static let keys: [String: CommandDocs] = [
        "del": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0, flags: ["multiple"]),
        ]),
        "unlink": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0, flags: ["multiple"]),
        ]),
        "exists": CommandDocs(history: [
            ("3.0.3", "Accepts multiple `key` arguments."),
        ], arguments: [
            CommandArgument("key", "key", key: 0, flags: ["multiple"]),
        ]),
        "type": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
        ]),
        "touch": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0, flags: ["multiple"]),
        ]),
        "rename": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("newkey", "key", key: 1),
        ]),
        "renamenx": CommandDocs(history: [
            ("3.2.0", "The command no longer returns an error when source and destination names are the same."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("newkey", "key", key: 1),
        ]),
        "randomkey": CommandDocs(),
        "copy": CommandDocs(arguments: [
            CommandArgument("source", "key", key: 0),
            CommandArgument("destination", "key", key: 1),
            CommandArgument("destination-db", "integer", token: "DB", flags: ["optional"]),
            CommandArgument("replace", "pure-token", token: "REPLACE", flags: ["optional"]),
        ]),
        "move": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("db", "integer"),
        ]),
        "object": CommandDocs(),
        "object|help": CommandDocs(),
        "object|refcount": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
        ]),
        "object|encoding": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
        ]),
        "object|idletime": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
        ]),
        "object|freq": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
        ]),
        "expire": CommandDocs(history: [
            ("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("seconds", "integer"),
            CommandArgument("condition", "oneof", since: "7.0.0", flags: ["optional"], arguments: [
                CommandArgument("nx", "pure-token", token: "NX"),
                CommandArgument("xx", "pure-token", token: "XX"),
                CommandArgument("gt", "pure-token", token: "GT"),
                CommandArgument("lt", "pure-token", token: "LT"),
            ]),
        ]),
        "pexpire": CommandDocs(history: [
            ("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("milliseconds", "integer"),
            CommandArgument("condition", "oneof", since: "7.0.0", flags: ["optional"], arguments: [
                CommandArgument("nx", "pure-token", token: "NX"),
                CommandArgument("xx", "pure-token", token: "XX"),
                CommandArgument("gt", "pure-token", token: "GT"),
                CommandArgument("lt", "pure-token", token: "LT"),
            ]),
        ]),
        "expireat": CommandDocs(history: [
            ("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("unix-time-seconds", "unix-time"),
            CommandArgument("condition", "oneof", since: "7.0.0", flags: ["optional"], arguments: [
                CommandArgument("nx", "pure-token", token: "NX"),
                CommandArgument("xx", "pure-token", token: "XX"),
                CommandArgument("gt", "pure-token", token: "GT"),
                CommandArgument("lt", "pure-token", token: "LT"),
            ]),
        ]),
        "pexpireat": CommandDocs(history: [
            ("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("unix-time-milliseconds", "unix-time"),
            CommandArgument("condition", "oneof", since: "7.0.0", flags: ["optional"], arguments: [
                CommandArgument("nx", "pure-token", token: "NX"),
                CommandArgument("xx", "pure-token", token: "XX"),
                CommandArgument("gt", "pure-token", token: "GT"),
                CommandArgument("lt", "pure-token", token: "LT"),
            ]),
        ]),
        "ttl": CommandDocs(history: [
            ("2.8.0", "Added the -2 reply."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
        ]),
        "pttl": CommandDocs(history: [
            ("2.8.0", "Added the -2 reply."),
        ], arguments: [
            CommandArgument("key", "key", key: 0),
        ]),
        "expiretime": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
        ]),
        "pexpiretime": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
        ]),
        "persist": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
        ]),
        "keys": CommandDocs(arguments: [
            CommandArgument("pattern", "pattern"),
        ]),
        "scan": CommandDocs(history: [
            ("6.0.0", "Added the `TYPE` subcommand."),
        ], arguments: [
            CommandArgument("cursor", "integer"),
            CommandArgument("pattern", "pattern", token: "MATCH", flags: ["optional"]),
            CommandArgument("count", "integer", token: "COUNT", flags: ["optional"]),
            CommandArgument("type", "string", token: "TYPE", since: "6.0.0", flags: ["optional"]),
        ]),
        "dbsize": CommandDocs(),
        "flushdb": CommandDocs(history: [
            ("4.0.0", "Added the `ASYNC` flushing mode modifier."),
            ("6.2.0", "Added the `SYNC` flushing mode modifier."),
        ], arguments: [
            CommandArgument("async", "oneof", flags: ["optional"], arguments: [
                CommandArgument("async", "pure-token", token: "ASYNC", since: "4.0.0"),
                CommandArgument("sync", "pure-token", token: "SYNC", since: "6.2.0"),
            ]),
        ]),
        "flushall": CommandDocs(history: [
            ("4.0.0", "Added the `ASYNC` flushing mode modifier."),
            ("6.2.0", "Added the `SYNC` flushing mode modifier."),
        ], arguments: [
            CommandArgument("async", "oneof", flags: ["optional"], arguments: [
                CommandArgument("async", "pure-token", token: "ASYNC", since: "4.0.0"),
                CommandArgument("sync", "pure-token", token: "SYNC", since: "6.2.0"),
            ]),
        ]),
        "swapdb": CommandDocs(arguments: [
            CommandArgument("index1", "integer"),
            CommandArgument("index2", "integer"),
        ]),
    ]
}
