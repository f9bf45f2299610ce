import RESP

/// One argument of a command as COMMAND DOCS describes it (Redis 7's `redisCommandArg`).
public struct CommandArgument: Sendable {
    public var name: String
    /// "key", "string", "integer", "double", "pattern", "unix-time", "pure-token", "oneof", "block".
    public var type: String
    public var keySpecIndex: Int?
    public var token: String?
    public var summary: String?
    public var since: String?
    public var deprecatedSince: String?
    /// "optional", "multiple", "multiple_token".
    public var flags: [String]
    /// The alternatives of a "oneof", the parts of a "block".
    public var arguments: [CommandArgument]

    public init(
        _ name: String, _ type: String, key keySpecIndex: Int? = nil, token: String? = nil, summary: String? = nil,
        since: String? = nil, deprecatedSince: String? = nil, flags: [String] = [], arguments: [CommandArgument] = []
    ) {
        self.name = name
        self.type = type
        self.keySpecIndex = keySpecIndex
        self.token = token
        self.summary = summary
        self.since = since
        self.deprecatedSince = deprecatedSince
        self.flags = flags
        self.arguments = arguments
    }
}

/// The parts of COMMAND DOCS beyond summary/since/group/complexity, as Redis 7.0.15 has
/// them (generated from its COMMAND DOCS into the CommandDocs+*.swift tables).
public struct CommandDocs: Sendable {
    public var docFlags: [String]
    public var deprecatedSince: String?
    public var replacedBy: String?
    /// (version, change) pairs.
    public var history: [(String, String)]
    public var arguments: [CommandArgument]

    public init(
        docFlags: [String] = [], deprecatedSince: String? = nil, replacedBy: String? = nil,
        history: [(String, String)] = [], arguments: [CommandArgument] = []
    ) {
        self.docFlags = docFlags
        self.deprecatedSince = deprecatedSince
        self.replacedBy = replacedBy
        self.history = history
        self.arguments = arguments
    }

    /// Every table, by full command name ("set", "object|encoding").
    static let all: [String: CommandDocs] = {
        var all: [String: CommandDocs] = [:]
        for table in [strings, keys, hashesAndLists, sets, sortedSets, pubSub, server, blockingAndTransactions, acl, memory] {
            all.merge(table) { first, _ in first }
        }
        return all
    }()
}

extension CommandSpec {
    /// The COMMAND DOCS details of this command, when Redis documents it.
    public var docs: CommandDocs? { CommandDocs.all[name] }
}

extension Commands {
    /// Writes COMMAND DOCS's reply for `specs` exactly as Redis 7.0 does: a map from each
    /// name to its docs (summary, since, group, complexity, doc_flags, deprecated_since,
    /// replaced_by, history, arguments, subcommands — each only when present).
    public static func writeDocs(for specs: [CommandSpec], into reply: inout ReplyWriter) {
        reply.mapHeader(specs.count)
        for spec in specs {
            reply.bulk(spec.name)
            writeDocs(spec, into: &reply)
        }
    }

    static func writeDocs(_ spec: CommandSpec, into reply: inout ReplyWriter) {
        let docs = spec.docs ?? CommandDocs()
        var fields = 1  // group is always there
        for present in [!spec.summary.isEmpty, !spec.since.isEmpty, !spec.complexity.isEmpty, !docs.docFlags.isEmpty,
                        docs.deprecatedSince != nil, docs.replacedBy != nil, !docs.history.isEmpty,
                        !docs.arguments.isEmpty, !spec.subcommands.isEmpty] where present {
            fields += 1
        }
        reply.mapHeader(fields)
        if !spec.summary.isEmpty { field("summary", spec.summary, &reply) }
        if !spec.since.isEmpty { field("since", spec.since, &reply) }
        field("group", spec.group, &reply)
        if !spec.complexity.isEmpty { field("complexity", spec.complexity, &reply) }
        if !docs.docFlags.isEmpty {
            reply.bulk("doc_flags")
            reply.setHeader(docs.docFlags.count)
            for flag in docs.docFlags { reply.simpleString(flag) }
        }
        if let since = docs.deprecatedSince { field("deprecated_since", since, &reply) }
        if let replacement = docs.replacedBy { field("replaced_by", replacement, &reply) }
        if !docs.history.isEmpty {
            reply.bulk("history")
            reply.setHeader(docs.history.count)
            for (version, change) in docs.history {
                reply.arrayHeader(2)
                reply.bulk(version)
                reply.bulk(change)
            }
        }
        if !docs.arguments.isEmpty {
            reply.bulk("arguments")
            writeArguments(docs.arguments, into: &reply)
        }
        if !spec.subcommands.isEmpty {
            reply.bulk("subcommands")
            writeDocs(for: spec.subcommands, into: &reply)
        }
    }

    static func field(_ name: String, _ value: String, _ reply: inout ReplyWriter) {
        reply.bulk(name)
        reply.bulk(value)
    }

    /// Redis's `addReplyCommandArgList`.
    static func writeArguments(_ arguments: [CommandArgument], into reply: inout ReplyWriter) {
        reply.arrayHeader(arguments.count)
        for argument in arguments {
            let nested = argument.type == "oneof" || argument.type == "block"
            var fields = 2
            for present in [argument.keySpecIndex != nil, argument.token != nil, argument.summary != nil,
                            argument.since != nil, argument.deprecatedSince != nil, !argument.flags.isEmpty, nested]
            where present {
                fields += 1
            }
            reply.mapHeader(fields)
            field("name", argument.name, &reply)
            field("type", argument.type, &reply)
            if let index = argument.keySpecIndex {
                reply.bulk("key_spec_index")
                reply.integer(index)
            }
            if let token = argument.token { field("token", token, &reply) }
            if let summary = argument.summary { field("summary", summary, &reply) }
            if let since = argument.since { field("since", since, &reply) }
            if let since = argument.deprecatedSince { field("deprecated_since", since, &reply) }
            if !argument.flags.isEmpty {
                reply.bulk("flags")
                reply.setHeader(argument.flags.count)
                for flag in argument.flags { reply.simpleString(flag) }
            }
            if nested {
                reply.bulk("arguments")
                writeArguments(argument.arguments, into: &reply)
            }
        }
    }
}
