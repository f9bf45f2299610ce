// Redis 7.0.15's COMMAND DOCS details for pub/sub (generated; do not edit by hand).
extension CommandDocs {
    static let pubSub: [String: CommandDocs] = [
        "subscribe": CommandDocs(arguments: [
            CommandArgument("channel", "string", flags: ["multiple"]),
        ]),
        "unsubscribe": CommandDocs(arguments: [
            CommandArgument("channel", "string", flags: ["optional", "multiple"]),
        ]),
        "psubscribe": CommandDocs(arguments: [
            CommandArgument("pattern", "block", flags: ["multiple"], arguments: [
                CommandArgument("pattern", "pattern"),
            ]),
        ]),
        "punsubscribe": CommandDocs(arguments: [
            CommandArgument("pattern", "pattern", flags: ["optional", "multiple"]),
        ]),
        "publish": CommandDocs(arguments: [
            CommandArgument("channel", "string"),
            CommandArgument("message", "string"),
        ]),
        "pubsub": CommandDocs(),
        "pubsub|help": CommandDocs(),
        "pubsub|numsub": CommandDocs(arguments: [
            CommandArgument("channel", "string", flags: ["optional", "multiple"]),
        ]),
        "pubsub|shardnumsub": CommandDocs(arguments: [
            CommandArgument("shardchannel", "string", flags: ["optional", "multiple"]),
        ]),
        "pubsub|shardchannels": CommandDocs(arguments: [
            CommandArgument("pattern", "pattern", flags: ["optional"]),
        ]),
        "pubsub|channels": CommandDocs(arguments: [
            CommandArgument("pattern", "pattern", flags: ["optional"]),
        ]),
        "pubsub|numpat": CommandDocs(),
        "ssubscribe": CommandDocs(arguments: [
            CommandArgument("shardchannel", "string", flags: ["multiple"]),
        ]),
        "sunsubscribe": CommandDocs(arguments: [
            CommandArgument("shardchannel", "string", flags: ["optional", "multiple"]),
        ]),
        "spublish": CommandDocs(arguments: [
            CommandArgument("shardchannel", "string"),
            CommandArgument("message", "string"),
        ]),
    ]
}
