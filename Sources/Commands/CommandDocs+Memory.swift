// Redis 7.0.15's COMMAND DOCS details for MEMORY (the other subcommands take no arguments).
extension CommandDocs {
    static let memory: [String: CommandDocs] = [
        "memory|usage": CommandDocs(arguments: [
            CommandArgument("key", "key", key: 0),
            CommandArgument("count", "integer", token: "SAMPLES", flags: ["optional"]),
        ]),
    ]
}
