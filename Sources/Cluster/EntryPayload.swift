// What a `.normal` Raft entry carries (DESIGN §3 step 5, §7):
//
//     [u8 version = 1][u8 kind][fields]
//
// A new kind needs a new code; a node that meets a code it does not know cannot apply the
// entry deterministically and stops applying (see `ClusterNode`), so a rolling upgrade must
// not propose a new kind before every node understands it.

#if canImport(RESP)
import RESP
import RaftStorage
#endif

/// A key the leader found past its deadline; its deletion is conditional (DESIGN §7).
public struct ExpiryCandidate: Sendable, Equatable {
    /// Database index.
    public var database: Int
    /// The key.
    public var key: [UInt8]
    /// The deadline the leader saw (Unix ms); informational, the apply re-checks the key.
    public var deadlineMs: Int64

    /// Creates a candidate.
    public init(database: Int, key: [UInt8], deadlineMs: Int64) {
        self.database = database
        self.key = key
        self.deadlineMs = deadlineMs
    }
}

/// A key the leader chose for eviction; every node deletes it unconditionally (DESIGN §7).
public struct EvictionCandidate: Sendable, Equatable {
    /// Database index.
    public var database: Int
    /// The key.
    public var key: [UInt8]

    /// Creates a candidate.
    public init(database: Int, key: [UInt8]) {
        self.database = database
        self.key = key
    }
}

/// A client write in the log.
public struct CommandPayload: Sendable, Equatable {
    /// The command's argv.
    public var arguments: Arguments
    /// The client's selected database.
    public var database: Int
    /// The leader's wall clock when it proposed (Unix ms): the apply's "now", made monotonic.
    public var leaderTimeMs: Int64
    /// The node holding the waiting client, which routes the reply.
    public var origin: UInt64
    /// Unique per origin; a duplicate is skipped at apply (at-most-once).
    public var requestID: UInt64

    /// Creates a command payload.
    public init(arguments: Arguments, database: Int, leaderTimeMs: Int64, origin: UInt64, requestID: UInt64) {
        self.arguments = arguments
        self.database = database
        self.leaderTimeMs = leaderTimeMs
        self.origin = origin
        self.requestID = requestID
    }
}

/// The payload of a `.normal` entry.
public enum EntryPayload: Sendable, Equatable {
    /// A client write.
    case command(CommandPayload)
    /// Conditional deletions of expired keys: each key is removed only if its deadline is
    /// still ≤ the entry time when applied (a later write may have extended it).
    case expire(leaderTimeMs: Int64, keys: [ExpiryCandidate])
    /// Where a member is reached, replicated so every node (any future leader) can dial a
    /// server added after bootstrap. Proposed before the configuration change adding it.
    case memberAddress(id: UInt64, host: String, clientPort: Int, peerPort: Int)
    /// Deletions the leader chose to stay under `maxmemory`. Unconditional: a write to the
    /// key between the choice and this entry is evicted with it, which a cache may do
    /// (the key was the coldest when chosen), and every replica does the same.
    case evict(leaderTimeMs: Int64, keys: [EvictionCandidate])

    /// Payload format version.
    public static let version: UInt8 = 1
    /// Largest database index accepted when decoding.
    public static let maxDatabase = 1 << 16

    enum Code: UInt8 {
        case command = 1, expire = 2, memberAddress = 3, evict = 4
    }

    /// The leader time the entry was stamped with.
    public var leaderTimeMs: Int64 {
        switch self {
        case .command(let command): return command.leaderTimeMs
        case .expire(let time, _), .evict(let time, _): return time
        case .memberAddress: return 0
        }
    }

    /// The encoded payload.
    public func encoded() -> [UInt8] {
        switch self {
        case .command(let command):
            return Self.encoded(command)
        case .expire(let time, let keys):
            var writer = Self.writer(.expire)
            writer.i64(time)
            writer.u32(UInt32(keys.count))
            for candidate in keys {
                writer.u64(UInt64(candidate.database))
                writer.i64(candidate.deadlineMs)
                writer.blob(candidate.key)
            }
            return writer.bytes
        case .memberAddress(let id, let host, let clientPort, let peerPort):
            var writer = Self.writer(.memberAddress)
            writer.u64(id)
            writer.blob(host.utf8)
            writer.u64(UInt64(clientPort))
            writer.u64(UInt64(peerPort))
            return writer.bytes
        case .evict(let time, let keys):
            var writer = Self.writer(.evict)
            writer.i64(time)
            writer.u32(UInt32(keys.count))
            for candidate in keys {
                writer.u64(UInt64(candidate.database))
                writer.blob(candidate.key)
            }
            return writer.bytes
        }
    }

    /// A writer holding the payload's version and kind.
    private static func writer(_ code: Code) -> ByteWriter {
        var writer = ByteWriter()
        writer.u8(version)
        writer.u8(code.rawValue)
        return writer
    }

    /// A command's entry, the same fields as `ByteWriter` would write (arguments as in
    /// `ByteWriter.arguments`), stored in one allocation of the exact size: every write
    /// becomes one of these.
    static func encoded(_ command: CommandPayload) -> [UInt8] {
        let arguments = command.arguments
        let size = 2 + 4 * 8 + 4 + 4 * arguments.count + 4 + arguments.bytes.count
        return [UInt8](count: size) { out in
            out.integer(Self.version)
            out.integer(Code.command.rawValue)
            out.integer(UInt64(command.database))
            out.integer(command.leaderTimeMs)
            out.integer(command.origin)
            out.integer(command.requestID)
            out.integer(UInt32(arguments.count))
            for end in arguments.ends { out.integer(UInt32(end)) }
            out.integer(UInt32(arguments.bytes.count))
            out.bytes(arguments.bytes)
        }
    }

    /// Decodes `encoded()` output; throws on anything else.
    public static func decode(_ bytes: [UInt8]) throws(PeerDecodingError) -> EntryPayload {
        try withReader(bytes) { (reader: inout ByteReader) throws(PeerDecodingError) -> EntryPayload in
            let version = try reader.u8("payload version")
            guard version == Self.version else { throw .unsupportedVersion(version) }
            let code = try reader.u8("payload kind")
            guard let kind = Code(rawValue: code) else { throw .unknownType(what: "payload", value: code) }
            let payload: EntryPayload
            switch kind {
            case .command:
                let database = try reader.int("database", limit: maxDatabase)
                let time = try reader.i64("leader time")
                let origin = try reader.u64("origin")
                let requestID = try reader.u64("request id")
                let arguments = try reader.arguments()
                payload = .command(CommandPayload(arguments: arguments, database: database, leaderTimeMs: time,
                                                  origin: origin, requestID: requestID))
            case .expire:
                let time = try reader.i64("leader time")
                let count = try reader.count("expiry count", minimumElementBytes: 20)
                var keys: [ExpiryCandidate] = []
                keys.reserveCapacity(count)
                for _ in 0..<count {
                    let database = try reader.int("database", limit: maxDatabase)
                    let deadline = try reader.i64("deadline")
                    keys.append(ExpiryCandidate(database: database, key: try reader.blob("key"), deadlineMs: deadline))
                }
                payload = .expire(leaderTimeMs: time, keys: keys)
            case .memberAddress:
                let id = try reader.u64("member id")
                let host = String(decoding: try reader.blob("member host"), as: UTF8.self)
                let clientPort = try reader.int("client port", limit: 65535)
                let peerPort = try reader.int("peer port", limit: 65535)
                payload = .memberAddress(id: id, host: host, clientPort: clientPort, peerPort: peerPort)
            case .evict:
                let time = try reader.i64("leader time")
                let count = try reader.count("eviction count", minimumElementBytes: 12)
                var keys: [EvictionCandidate] = []
                keys.reserveCapacity(count)
                for _ in 0..<count {
                    let database = try reader.int("database", limit: maxDatabase)
                    keys.append(EvictionCandidate(database: database, key: try reader.blob("key")))
                }
                payload = .evict(leaderTimeMs: time, keys: keys)
            }
            try reader.expectEnd()
            return payload
        }
    }
}
