// Redis 7.0.15's COMMAND DOCS details for server (generated; do not edit by hand).
extension CommandDocs {
    static let server: [String: CommandDocs] = [
        "ping": CommandDocs(arguments: [
            CommandArgument("message", "string", flags: ["optional"]),
        ]),
        "echo": CommandDocs(arguments: [
            CommandArgument("message", "string"),
        ]),
        "hello": CommandDocs(history: [
            ("6.2.0", "`protover` made optional; when called without arguments the command reports the current connection's context."),
        ], arguments: [
            CommandArgument("arguments", "block", flags: ["optional"], arguments: [
                CommandArgument("protover", "integer"),
                CommandArgument("username_password", "block", token: "AUTH", flags: ["optional"], arguments: [
                    CommandArgument("username", "string"),
                    CommandArgument("password", "string"),
                ]),
                CommandArgument("clientname", "string", token: "SETNAME", flags: ["optional"]),
            ]),
        ]),
        "auth": CommandDocs(history: [
            ("6.0.0", "Added ACL style (username and password)."),
        ], arguments: [
            CommandArgument("username", "string", since: "6.0.0", flags: ["optional"]),
            CommandArgument("password", "string"),
        ]),
        "select": CommandDocs(arguments: [
            CommandArgument("index", "integer"),
        ]),
        "quit": CommandDocs(),
        "reset": CommandDocs(),
        "client": CommandDocs(),
        "client|trackinginfo": CommandDocs(),
        "client|getredir": CommandDocs(),
        "client|tracking": CommandDocs(arguments: [
            CommandArgument("status", "oneof", arguments: [
                CommandArgument("on", "pure-token", token: "ON"),
                CommandArgument("off", "pure-token", token: "OFF"),
            ]),
            CommandArgument("client-id", "integer", token: "REDIRECT", flags: ["optional"]),
            CommandArgument("prefix", "string", token: "PREFIX", flags: ["optional", "multiple", "multiple_token"]),
            CommandArgument("bcast", "pure-token", token: "BCAST", flags: ["optional"]),
            CommandArgument("optin", "pure-token", token: "OPTIN", flags: ["optional"]),
            CommandArgument("optout", "pure-token", token: "OPTOUT", flags: ["optional"]),
            CommandArgument("noloop", "pure-token", token: "NOLOOP", flags: ["optional"]),
        ]),
        "client|getname": CommandDocs(),
        "client|pause": CommandDocs(history: [
            ("6.2.0", "`CLIENT PAUSE WRITE` mode added along with the `mode` option."),
        ], arguments: [
            CommandArgument("timeout", "integer"),
            CommandArgument("mode", "oneof", since: "6.2.0", flags: ["optional"], arguments: [
                CommandArgument("write", "pure-token", token: "WRITE"),
                CommandArgument("all", "pure-token", token: "ALL"),
            ]),
        ]),
        "client|info": CommandDocs(),
        "client|list": CommandDocs(history: [
            ("2.8.12", "Added unique client `id` field."),
            ("5.0.0", "Added optional `TYPE` filter."),
            ("6.0.0", "Added `user` field."),
            ("6.2.0", "Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter."),
            ("7.0.0", "Added `resp`, `multi-mem`, `rbs` and `rbp` fields."),
            ("7.0.3", "Added `ssub` field."),
        ], arguments: [
            CommandArgument("normal_master_replica_pubsub", "oneof", token: "TYPE", since: "5.0.0", flags: ["optional"], arguments: [
                CommandArgument("normal", "pure-token", token: "NORMAL"),
                CommandArgument("master", "pure-token", token: "MASTER"),
                CommandArgument("replica", "pure-token", token: "REPLICA"),
                CommandArgument("pubsub", "pure-token", token: "PUBSUB"),
            ]),
            CommandArgument("id", "block", token: "ID", since: "6.2.0", flags: ["optional"], arguments: [
                CommandArgument("client-id", "integer", flags: ["multiple"]),
            ]),
        ]),
        "client|setname": CommandDocs(arguments: [
            CommandArgument("connection-name", "string"),
        ]),
        "client|id": CommandDocs(),
        "client|help": CommandDocs(),
        "client|caching": CommandDocs(arguments: [
            CommandArgument("mode", "oneof", arguments: [
                CommandArgument("yes", "pure-token", token: "YES"),
                CommandArgument("no", "pure-token", token: "NO"),
            ]),
        ]),
        "client|unpause": CommandDocs(),
        "client|reply": CommandDocs(arguments: [
            CommandArgument("on_off_skip", "oneof", arguments: [
                CommandArgument("on", "pure-token", token: "ON"),
                CommandArgument("off", "pure-token", token: "OFF"),
                CommandArgument("skip", "pure-token", token: "SKIP"),
            ]),
        ]),
        "client|no-evict": CommandDocs(arguments: [
            CommandArgument("enabled", "oneof", arguments: [
                CommandArgument("on", "pure-token", token: "ON"),
                CommandArgument("off", "pure-token", token: "OFF"),
            ]),
        ]),
        "client|unblock": CommandDocs(arguments: [
            CommandArgument("client-id", "integer"),
            CommandArgument("timeout_error", "oneof", flags: ["optional"], arguments: [
                CommandArgument("timeout", "pure-token", token: "TIMEOUT"),
                CommandArgument("error", "pure-token", token: "ERROR"),
            ]),
        ]),
        "client|kill": CommandDocs(history: [
            ("2.8.12", "Added new filter format."),
            ("2.8.12", "`ID` option."),
            ("3.2.0", "Added `master` type in for `TYPE` option."),
            ("5.0.0", "Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward compatibility."),
            ("6.2.0", "`LADDR` option."),
        ], arguments: [
            CommandArgument("filter", "oneof", arguments: [
                CommandArgument("ip:port", "string", deprecatedSince: "2.8.12"),
                CommandArgument("new-format", "oneof", flags: ["multiple"], arguments: [
                    CommandArgument("client-id", "integer", token: "ID", since: "2.8.12", flags: ["optional"]),
                    CommandArgument("normal_master_slave_pubsub", "oneof", token: "TYPE", since: "2.8.12", flags: ["optional"], arguments: [
                        CommandArgument("normal", "pure-token", token: "NORMAL"),
                        CommandArgument("master", "pure-token", token: "MASTER", since: "3.2.0"),
                        CommandArgument("slave", "pure-token", token: "SLAVE"),
                        CommandArgument("replica", "pure-token", token: "REPLICA", since: "5.0.0"),
                        CommandArgument("pubsub", "pure-token", token: "PUBSUB"),
                    ]),
                    CommandArgument("username", "string", token: "USER", flags: ["optional"]),
                    CommandArgument("ip:port", "string", token: "ADDR", flags: ["optional"]),
                    CommandArgument("ip:port", "string", token: "LADDR", since: "6.2.0", flags: ["optional"]),
                    CommandArgument("yes/no", "string", token: "SKIPME", flags: ["optional"]),
                ]),
            ]),
        ]),
        "info": CommandDocs(history: [
            ("7.0.0", "Added support for taking multiple section arguments."),
        ], arguments: [
            CommandArgument("section", "string", flags: ["optional", "multiple"]),
        ]),
        "config": CommandDocs(),
        "config|resetstat": CommandDocs(),
        "config|get": CommandDocs(history: [
            ("7.0.0", "Added the ability to pass multiple pattern parameters in one call"),
        ], arguments: [
            CommandArgument("parameter", "block", flags: ["multiple"], arguments: [
                CommandArgument("parameter", "string"),
            ]),
        ]),
        "config|help": CommandDocs(),
        "config|rewrite": CommandDocs(),
        "config|set": CommandDocs(history: [
            ("7.0.0", "Added the ability to set multiple parameters in one call."),
        ], arguments: [
            CommandArgument("parameter_value", "block", flags: ["multiple"], arguments: [
                CommandArgument("parameter", "string"),
                CommandArgument("value", "string"),
            ]),
        ]),
        "command": CommandDocs(),
        "command|getkeys": CommandDocs(),
        "command|help": CommandDocs(),
        "command|docs": CommandDocs(arguments: [
            CommandArgument("command-name", "string", flags: ["optional", "multiple"]),
        ]),
        "command|getkeysandflags": CommandDocs(),
        "command|count": CommandDocs(),
        "command|info": CommandDocs(history: [
            ("7.0.0", "Allowed to be called with no argument to get info on all commands."),
        ], arguments: [
            CommandArgument("command-name", "string", flags: ["optional", "multiple"]),
        ]),
        "command|list": CommandDocs(arguments: [
            CommandArgument("filterby", "oneof", token: "FILTERBY", flags: ["optional"], arguments: [
                CommandArgument("module-name", "string", token: "MODULE"),
                CommandArgument("category", "string", token: "ACLCAT"),
                CommandArgument("pattern", "pattern", token: "PATTERN"),
            ]),
        ]),
        "time": CommandDocs(),
        "lastsave": CommandDocs(),
        "shutdown": CommandDocs(history: [
            ("7.0.0", "Added the `NOW`, `FORCE` and `ABORT` modifiers."),
        ], arguments: [
            CommandArgument("nosave_save", "oneof", flags: ["optional"], arguments: [
                CommandArgument("nosave", "pure-token", token: "NOSAVE"),
                CommandArgument("save", "pure-token", token: "SAVE"),
            ]),
            CommandArgument("now", "pure-token", token: "NOW", since: "7.0.0", flags: ["optional"]),
            CommandArgument("force", "pure-token", token: "FORCE", since: "7.0.0", flags: ["optional"]),
            CommandArgument("abort", "pure-token", token: "ABORT", since: "7.0.0", flags: ["optional"]),
        ]),
        "debug": CommandDocs(docFlags: ["syscmd"]),
        "slowlog|get": CommandDocs(history: [
            ("4.0.0", "Added client IP address, port and name to the reply."),
        ], arguments: [
            CommandArgument("count", "integer", flags: ["optional"]),
        ]),
        "latency|history": CommandDocs(arguments: [
            CommandArgument("event", "string"),
        ]),
        "latency|reset": CommandDocs(arguments: [
            CommandArgument("event", "string", flags: ["optional", "multiple"]),
        ]),
    ]
}
