import Keyspace
import RESP

/// What one EXEC becomes on a replicated node: one log entry, applied atomically on every
/// replica, its WATCH checked there at apply time against the keys' revisions.
///
/// It travels as an ordinary command entry whose argv is
///
///     EXEC <watches> <layout> <argument>...
///
/// so forwarding, retries and at-most-once delivery treat it like any write. A client
/// cannot send this form: EXEC's arity is 1, so the server refuses it before it reaches a
/// log. `<watches>` holds per watched key `[u32 db][u64 revision][u64 keyspace revision]
/// [u32 length][key]`, `<layout>` per queued command `[u32 db][u32 argument count]`; the
/// commands' arguments follow, flattened. Integers are little-endian.
public struct Transaction: Sendable, Equatable {
    /// One queued keyspace command and the database it runs in (SELECT inside MULTI
    /// changes it for the commands after it).
    public struct Command: Sendable, Equatable {
        public var database: Int
        public var arguments: Arguments

        public init(database: Int, arguments: Arguments) {
            self.database = database
            self.arguments = arguments
        }
    }

    /// Keys whose change since WATCH makes EXEC answer a null array.
    public var watches: [WatchedKey]
    /// The commands, in order.
    public var commands: [Command]

    /// Most commands one transaction entry may carry, and most watched keys (decoding limits).
    public static let maxCommands = 1 << 20
    public static let maxWatches = 1 << 20

    public init(watches: [WatchedKey], commands: [Command]) {
        self.watches = watches
        self.commands = commands
    }

    /// Whether `arguments` is an encoded transaction (EXEC with arguments).
    public static func isEncoded(_ arguments: Arguments) -> Bool {
        arguments.count >= 3 && arguments.matches(0, "exec")
    }

    /// The log form (see the type's documentation).
    public func encoded() -> Arguments {
        var watchBytes = ByteEncoder()
        for watched in watches {
            watchBytes.u32(UInt32(watched.database))
            watchBytes.u64(watched.revision)
            watchBytes.u64(watched.keyspaceRevision)
            watchBytes.u32(UInt32(watched.key.count))
            watchBytes.bytes.append(contentsOf: watched.key)
        }
        var layout = ByteEncoder()
        for command in commands {
            layout.u32(UInt32(command.database))
            layout.u32(UInt32(command.arguments.count))
        }
        var arguments = Arguments()
        arguments.append("EXEC".utf8)
        arguments.append(watchBytes.bytes)
        arguments.append(layout.bytes)
        for command in commands {
            for index in 0..<command.arguments.count { arguments.append(command.arguments[index]) }
        }
        return arguments
    }

    /// Decodes `encoded()`; nil for anything malformed.
    public init?(decoding arguments: Arguments) {
        guard Self.isEncoded(arguments) else { return nil }
        var watchBytes = ByteDecoder(arguments.array(1))
        var watches: [WatchedKey] = []
        while !watchBytes.isAtEnd {
            guard watches.count < Self.maxWatches, let database = watchBytes.u32(), let revision = watchBytes.u64(),
                  let keyspaceRevision = watchBytes.u64(), let length = watchBytes.u32(),
                  let key = watchBytes.take(Int(length)) else { return nil }
            watches.append(WatchedKey(database: Int(database), key: key, revision: revision,
                                      keyspaceRevision: keyspaceRevision))
        }
        var layout = ByteDecoder(arguments.array(2))
        var commands: [Command] = []
        var next = 3
        while !layout.isAtEnd {
            guard commands.count < Self.maxCommands, let database = layout.u32(), let count = layout.u32(),
                  count > 0, Int(count) <= arguments.count - next else { return nil }
            var command = Arguments()
            for index in next..<next + Int(count) { command.append(arguments[index]) }
            next += Int(count)
            commands.append(Command(database: Int(database), arguments: command))
        }
        guard next == arguments.count else { return nil }
        self.init(watches: watches, commands: commands)
    }

    /// Applies the transaction: a null array if a watched key changed, else an array of
    /// each command's reply (runtime errors stay per command, as in Redis). Every command
    /// runs at the entry's `nowMs`; each gets its own seed derived from the entry's.
    public func apply(to keyspace: Keyspace, nowMs: Int64, seed: UInt64, reply: inout ReplyWriter) {
        for watched in watches where !keyspace.isUnchanged(watched, nowMs: nowMs) {
            return reply.nullArray()
        }
        reply.arrayHeader(commands.count)
        for (position, command) in commands.enumerated() {
            guard command.database >= 0 && command.database < keyspace.databaseCount else {
                reply.error(CommandError.databaseOutOfRange)
                continue
            }
            var context = CommandContext(
                keyspace: keyspace, database: command.database, arguments: command.arguments,
                reply: ReplyWriter(protocolVersion: reply.protocolVersion), nowMs: nowMs,
                seed: seed &+ UInt64(position) &* 0x9E37_79B9_7F4A_7C15)
            swap(&context.reply, &reply)
            Commands.apply(&context)
            swap(&context.reply, &reply)
        }
    }
}

/// Little-endian fields into bytes (the transaction's two header arguments).
struct ByteEncoder {
    var bytes: [UInt8] = []

    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
}

/// Reads `ByteEncoder` output; every read is nil past the end.
struct ByteDecoder {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func take(_ count: Int) -> [UInt8]? {
        guard count >= 0 && count <= bytes.count - offset else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func u32() -> UInt32? {
        guard let raw = take(4) else { return nil }
        return raw.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func u64() -> UInt64? {
        guard let raw = take(8) else { return nil }
        return raw.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
}
