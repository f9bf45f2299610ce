// COMMAND DOCS of the ACL command and its subcommands, as Redis 7.0.15 has them.

extension CommandDocs {
    static let acl: [String: CommandDocs] = [
        "acl": CommandDocs(),
        "acl|cat": CommandDocs(arguments: [
            CommandArgument("categoryname", "string", flags: ["optional"]),
        ]),
        "acl|deluser": CommandDocs(arguments: [
            CommandArgument("username", "string", flags: ["multiple"]),
        ]),
        "acl|dryrun": CommandDocs(arguments: [
            CommandArgument("username", "string"),
            CommandArgument("command", "string"),
            CommandArgument("arg", "string", flags: ["optional", "multiple"]),
        ]),
        "acl|genpass": CommandDocs(arguments: [
            CommandArgument("bits", "integer", flags: ["optional"]),
        ]),
        "acl|getuser": CommandDocs(history: [
            ("6.2.0", "Added Pub/Sub channel patterns."),
            ("7.0.0", "Added selectors and changed the format of key and channel patterns from a list to their rule representation."),
        ], arguments: [
            CommandArgument("username", "string"),
        ]),
        "acl|help": CommandDocs(),
        "acl|list": CommandDocs(),
        "acl|load": CommandDocs(),
        "acl|log": CommandDocs(arguments: [
            CommandArgument("operation", "oneof", flags: ["optional"], arguments: [
                CommandArgument("count", "integer"),
                CommandArgument("reset", "pure-token", token: "RESET"),
            ]),
        ]),
        "acl|save": CommandDocs(),
        "acl|setuser": CommandDocs(history: [
            ("6.2.0", "Added Pub/Sub channel patterns."),
            ("7.0.0", "Added selectors and key based permissions."),
        ], arguments: [
            CommandArgument("username", "string"),
            CommandArgument("rule", "string", flags: ["optional", "multiple"]),
        ]),
        "acl|users": CommandDocs(),
        "acl|whoami": CommandDocs(),
    ]
}
