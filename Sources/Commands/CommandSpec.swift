import Keyspace
import RESP

/// Command flags with Redis 7's names, as COMMAND INFO lists them.
public struct CommandFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let write = CommandFlags(rawValue: 1 << 0)
    public static let readonly = CommandFlags(rawValue: 1 << 1)
    public static let denyOOM = CommandFlags(rawValue: 1 << 2)
    public static let module = CommandFlags(rawValue: 1 << 3)
    public static let admin = CommandFlags(rawValue: 1 << 4)
    public static let pubsub = CommandFlags(rawValue: 1 << 5)
    public static let noscript = CommandFlags(rawValue: 1 << 6)
    public static let blocking = CommandFlags(rawValue: 1 << 7)
    public static let loading = CommandFlags(rawValue: 1 << 8)
    public static let stale = CommandFlags(rawValue: 1 << 9)
    public static let skipMonitor = CommandFlags(rawValue: 1 << 10)
    public static let skipSlowlog = CommandFlags(rawValue: 1 << 11)
    public static let asking = CommandFlags(rawValue: 1 << 12)
    public static let fast = CommandFlags(rawValue: 1 << 13)
    public static let noAuth = CommandFlags(rawValue: 1 << 14)
    /// Hidden from COMMAND INFO, as in Redis.
    public static let mayReplicate = CommandFlags(rawValue: 1 << 15)
    public static let noMandatoryKeys = CommandFlags(rawValue: 1 << 16)
    /// Hidden from COMMAND INFO (DEBUG and the like, gated by configuration).
    public static let protected = CommandFlags(rawValue: 1 << 17)
    public static let noAsyncLoading = CommandFlags(rawValue: 1 << 18)
    public static let noMulti = CommandFlags(rawValue: 1 << 19)
    public static let movableKeys = CommandFlags(rawValue: 1 << 20)
    public static let allowBusy = CommandFlags(rawValue: 1 << 21)

    /// The flags COMMAND INFO shows, in the order Redis 7.0's `addReplyCommandFlags` writes them.
    public static let replyNames: [(CommandFlags, String)] = [
        (.write, "write"), (.readonly, "readonly"), (.denyOOM, "denyoom"), (.module, "module"),
        (.admin, "admin"), (.pubsub, "pubsub"), (.noscript, "noscript"), (.blocking, "blocking"),
        (.loading, "loading"), (.stale, "stale"), (.skipMonitor, "skip_monitor"),
        (.skipSlowlog, "skip_slowlog"), (.asking, "asking"), (.fast, "fast"), (.noAuth, "no_auth"),
        (.noMandatoryKeys, "no_mandatory_keys"), (.noAsyncLoading, "no_async_loading"),
        (.noMulti, "no_multi"), (.movableKeys, "movablekeys"), (.allowBusy, "allow_busy"),
    ]

    /// The names COMMAND INFO lists for these flags, in Redis's order.
    public var replyNames: [String] {
        CommandFlags.replyNames.compactMap { contains($0.0) ? $0.1 : nil }
    }
}

/// A Redis 7 key specification (COMMAND INFO's eighth field), for key extraction and docs.
public struct KeySpec: Sendable {
    /// Where the search for keys starts.
    public enum BeginSearch: Sendable {
        case index(Int)
        case keyword(String, startFrom: Int)
        case unknown
    }

    /// How keys are found from the start.
    public enum FindKeys: Sendable {
        case range(lastKey: Int, keyStep: Int, limit: Int)
        case keyNumber(index: Int, firstKey: Int, keyStep: Int)
        case unknown
    }

    /// Redis's key-spec flags ("RW", "access", "update", ...).
    public var flags: [String]
    public var beginSearch: BeginSearch
    public var findKeys: FindKeys
    public var notes: String?

    public init(flags: [String], beginSearch: BeginSearch, findKeys: FindKeys, notes: String? = nil) {
        self.flags = flags
        self.beginSearch = beginSearch
        self.findKeys = findKeys
        self.notes = notes
    }
}

/// Runs one command against the context: reads `arguments`, writes `reply`.
public typealias CommandHandler = @Sendable (inout CommandContext) -> Void

/// One entry of the command table: everything COMMAND INFO/DOCS report, plus the handler.
public struct CommandSpec: Sendable {
    /// Lowercase name; subcommands are "container|sub" (e.g. "object|encoding").
    public var name: String
    /// Redis's convention: exactly `arity` arguments (name included), or at least `-arity`.
    public var arity: Int
    public var flags: CommandFlags
    public var firstKey: Int
    public var lastKey: Int
    public var keyStep: Int
    /// ACL categories as Redis 7.0 reports them ("@write", "@string", "@slow", ...).
    public var aclCategories: [String]
    public var group: String
    public var since: String
    public var summary: String
    public var complexity: String
    /// Redis 7 command tips ("nondeterministic_output", "request_policy:...").
    public var tips: [String]
    public var keySpecs: [KeySpec]
    public var subcommands: [CommandSpec]
    /// nil for commands the server implements itself.
    public var handler: CommandHandler?

    public init(
        name: String, arity: Int, flags: CommandFlags, firstKey: Int, lastKey: Int, keyStep: Int,
        aclCategories: [String], group: String, since: String, summary: String, complexity: String,
        tips: [String] = [], keySpecs: [KeySpec] = [], subcommands: [CommandSpec] = [],
        handler: CommandHandler?
    ) {
        self.name = name
        self.arity = arity
        self.flags = flags
        self.firstKey = firstKey
        self.lastKey = lastKey
        self.keyStep = keyStep
        self.aclCategories = aclCategories
        self.group = group
        self.since = since
        self.summary = summary
        self.complexity = complexity
        self.tips = tips
        self.keySpecs = keySpecs
        self.subcommands = subcommands
        self.handler = handler
    }

    /// Whether `count` arguments (the name included) satisfy the arity.
    @inlinable public func acceptsArgumentCount(_ count: Int) -> Bool {
        arity >= 0 ? count == arity : count >= -arity
    }
}

/// What a command handler works with: the keyspace, the entry's time and seed, the
/// arguments, and the reply buffer.
public struct CommandContext {
    /// All databases.
    public let keyspace: Keyspace
    /// The selected database index.
    public var database: Int
    /// argv; `arguments[0]` is the command name.
    public var arguments: Arguments
    /// Where the reply is written, in the connection's protocol.
    public var reply: ReplyWriter
    /// The entry's time (Unix ms): relative TTLs resolve against it, expiry compares to it.
    public var nowMs: Int64
    /// The only source of randomness (RANDOMKEY, SPOP, ...).
    public var seed: UInt64

    public init(keyspace: Keyspace, database: Int, arguments: Arguments, reply: ReplyWriter, nowMs: Int64, seed: UInt64) {
        self.keyspace = keyspace
        self.database = database
        self.arguments = arguments
        self.reply = reply
        self.nowMs = nowMs
        self.seed = seed
    }

    /// The selected database.
    @inlinable public var db: Database { keyspace[database] }

    /// Announces a keyspace event for `key` of the selected database (Redis's
    /// `notifyKeyspaceEvent`); one bit test when notifications are off.
    @inlinable public func notify(_ type: NotifyClasses, _ event: StaticString, _ key: ArraySlice<UInt8>) {
        keyspace.notifier.notify(type, event, key: key, database: database)
    }
}
