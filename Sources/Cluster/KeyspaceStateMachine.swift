// The production state machine: the keyspace plus the command table (DESIGN §3 step 6).

import Commands
import EventLoop
import Keyspace
import RESP

/// Applies log entries to a `Keyspace` through `Commands.apply`.
///
/// Every replica must create its keyspace with the same `hashSeed` and database count
/// (derive the seed from the cluster id), or snapshots are refused and SCAN cursors differ.
///
/// `CONFIG SET` of a replicated directive (the eviction settings, which must be the same
/// everywhere since only the leader decides, and the limits that applying commands reads)
/// is logged as that command: applying it records the values, hands them to `onConfigSet`
/// and replies +OK, on every node. ACL SETUSER/DELUSER/LOAD entries change `users` the
/// same way (`ACLUsers.apply`).
public final class KeyspaceStateMachine: StateMachine {
    /// The replicated data.
    public let keyspace: Keyspace
    /// Directive values set through the log, in the order first set; part of snapshots.
    public private(set) var replicatedConfig: [(name: String, value: String)] = []
    /// Told about every applied `CONFIG SET` (the server updates its configuration).
    public var onConfigSet: (([(name: String, value: String)]) -> Void)?
    /// ACL users: ACL SETUSER/DELUSER/LOAD entries change them on every node; part of snapshots.
    public let users: ACLUsers
    /// Told about every applied ACL change and snapshot restore (the server closes the
    /// connections of users that are gone).
    public var onUsersChanged: (() -> Void)?

    /// Marks a snapshot that carries `replicatedConfig` before the keyspace image (which
    /// itself starts with "SKKS", so images written without it still restore).
    static let configSnapshotMarker: UInt8 = 0xC0
    /// Marks the users section, which leads every snapshot written since ACL users exist;
    /// a snapshot without it (an older build's) restores with only the `default` user.
    static let usersSnapshotMarker: UInt8 = 0xC1

    /// Wraps `keyspace` and `users`.
    public init(keyspace: Keyspace, users: ACLUsers = ACLUsers()) {
        self.keyspace = keyspace
        self.users = users
    }

    public func apply(arguments: Arguments, database: Int, nowMs: Int64, seed: UInt64, reply: inout ReplyWriter) {
        if Self.isConfigSet(arguments) { return applyConfigSet(arguments, reply: &reply) }
        if ACLUsers.isChange(arguments) {
            if users.apply(arguments, reply: &reply) { onUsersChanged?() }
            return
        }
        // The origin checked the index at SELECT; a log written by another build may not have.
        guard database >= 0 && database < keyspace.databaseCount else {
            return reply.error("ERR DB index is out of range")
        }
        var context = CommandContext(keyspace: keyspace, database: database, arguments: arguments,
                                     reply: ReplyWriter(protocolVersion: reply.protocolVersion), nowMs: nowMs, seed: seed)
        // Lend the caller's buffer to the handler instead of copying the reply out.
        swap(&context.reply, &reply)
        if Transaction.isEncoded(arguments) {
            applyTransaction(&context)
        } else {
            Commands.apply(&context)
        }
        swap(&context.reply, &reply)
    }

    /// One EXEC: every queued command in one entry, its WATCH checked here (`Transaction`).
    private func applyTransaction(_ context: inout CommandContext) {
        guard let transaction = Transaction(decoding: context.arguments) else {
            return context.reply.error("ERR malformed transaction entry")
        }
        transaction.apply(to: keyspace, nowMs: context.nowMs, seed: context.seed, reply: &context.reply)
    }

    /// Whether `arguments` is `CONFIG SET name value [name value ...]`.
    public static func isConfigSet(_ arguments: Arguments) -> Bool {
        arguments.count >= 4 && arguments.count % 2 == 0
            && arguments.matches(0, "config") && arguments.matches(1, "set")
    }

    /// The origin validated the values before proposing; the server re-checks them.
    private func applyConfigSet(_ arguments: Arguments, reply: inout ReplyWriter) {
        var pairs: [(name: String, value: String)] = []
        for index in stride(from: 2, to: arguments.count, by: 2) {
            pairs.append((arguments.string(index).lowercased(), arguments.string(index + 1)))
        }
        record(pairs)
        onConfigSet?(pairs)
        reply.ok()
    }

    private func record(_ pairs: [(name: String, value: String)]) {
        for pair in pairs {
            if let index = replicatedConfig.firstIndex(where: { $0.name == pair.name }) {
                replicatedConfig[index].value = pair.value
            } else {
                replicatedConfig.append(pair)
            }
        }
    }

    public func deleteIfExpired(database: Int, key: [UInt8], nowMs: Int64) {
        guard database >= 0 && database < keyspace.databaseCount else { return }
        keyspace.deleteIfExpired(database: database, key: key, nowMs: nowMs)
    }

    public func evict(database: Int, key: [UInt8]) {
        guard database >= 0 && database < keyspace.databaseCount else { return }
        keyspace.evict(database: database, key: key)
    }

    /// The keyspace image, preceded by the users (`[0xC1][u32 count]...`) and, when
    /// directives were set through the log, `[0xC0][u32 count]([blob name][blob value])...`.
    public func snapshot() -> [UInt8] {
        let encode = captureSnapshot()
        defer { releaseSnapshot() }
        return encode()
    }

    /// The users and replicated directives, then a `KeyspaceImage` (O(pages) here, encoded
    /// by the caller's thread later).
    public func captureSnapshot() -> @Sendable () -> [UInt8] {
        var writer = ByteWriter()
        writer.u8(Self.usersSnapshotMarker)
        let all = users.sorted
        writer.u32(UInt32(all.count))
        for user in all {
            writer.blob(user.name.utf8)
            let rules = user.rules(table: users.table)
            writer.u32(UInt32(rules.count))
            for rule in rules { writer.blob(rule) }
        }
        if !replicatedConfig.isEmpty {
            writer.u8(Self.configSnapshotMarker)
            writer.u32(UInt32(replicatedConfig.count))
            for pair in replicatedConfig {
                writer.blob(pair.name.utf8)
                writer.blob(pair.value.utf8)
            }
        }
        let header = writer.bytes
        let image = keyspace.captureImage()
        return { image.encode(after: header) }
    }

    public func releaseSnapshot() {
        keyspace.releaseImage()
    }

    public func restore(from snapshot: [UInt8]) throws {
        // An older build's snapshot has no users: keep the ones this node has.
        guard snapshot.first == Self.usersSnapshotMarker else { return try restoreConfigAndKeyspace(from: snapshot) }
        let (lines, rest) = try withReader(snapshot) {
            (reader: inout ByteReader) throws(PeerDecodingError) -> ([(String, [[UInt8]])], Int) in
            _ = try reader.u8("snapshot marker")
            let count = try reader.count("user count", minimumElementBytes: 8)
            var lines: [(String, [[UInt8]])] = []
            for _ in 0..<count {
                let name = String(decoding: try reader.blob("user name"), as: UTF8.self)
                let ruleCount = try reader.count("rule count", minimumElementBytes: 4)
                var rules: [[UInt8]] = []
                for _ in 0..<ruleCount { rules.append(Array(try reader.blob("user rule"))) }
                lines.append((name, rules))
            }
            return (lines, reader.offset)
        }
        var restored: [ACLUser] = []
        for (name, rules) in lines {
            var user = ACLUser(name: name, table: users.table)
            for rule in rules { try user.apply(rule, table: users.table) }
            restored.append(user)
        }
        try restoreConfigAndKeyspace(from: Array(snapshot[rest...]))
        users.replaceAll(with: restored)
        onUsersChanged?()
    }

    private func restoreConfigAndKeyspace(from snapshot: [UInt8]) throws {
        guard snapshot.first == Self.configSnapshotMarker else {
            try keyspace.restoreSnapshot(snapshot)
            return
        }
        let (pairs, imageStart) = try withReader(snapshot) {
            (reader: inout ByteReader) throws(PeerDecodingError) -> ([(name: String, value: String)], Int) in
            _ = try reader.u8("snapshot marker")
            let count = try reader.count("directive count", minimumElementBytes: 8)
            var pairs: [(name: String, value: String)] = []
            for _ in 0..<count {
                let name = String(decoding: try reader.blob("directive name"), as: UTF8.self)
                pairs.append((name, String(decoding: try reader.blob("directive value"), as: UTF8.self)))
            }
            return (pairs, reader.offset)
        }
        try keyspace.restoreSnapshot(Array(snapshot[imageStart...]))
        replicatedConfig = []
        record(pairs)
        onConfigSet?(pairs)
    }
}

extension ClusterNode {
    /// Creates a node over `keyspace` with the command table as its state machine.
    public convenience init(configuration: ClusterConfiguration, loop: EventLoop, keyspace: Keyspace, store: LogStore,
                            log: @escaping (String) -> Void) throws {
        try self.init(configuration: configuration, loop: loop, stateMachine: KeyspaceStateMachine(keyspace: keyspace),
                      store: store, log: log)
    }

    /// Leader only: proposes conditional deletions of what `Keyspace.activeExpireCycle`
    /// reported (DESIGN §7). See `proposeExpiry(_: [ExpiryCandidate])`.
    public func proposeExpiry(_ keys: [ExpiredKey]) {
        proposeExpiry(keys.map { ExpiryCandidate(database: $0.database, key: $0.key, deadlineMs: $0.deadlineMs) })
    }

    /// Leader only: proposes the deletion of `Keyspace.nextEvictionVictim` choices.
    public func proposeEviction(_ victims: [EvictionVictim]) -> UInt64? {
        proposeEviction(victims.map { EvictionCandidate(database: $0.database, key: $0.key) })
    }

    /// Bytes of Raft log entries held in memory (applied or not, since the last snapshot):
    /// part of `used_memory`, not counted against `maxmemory` (as Redis leaves out its
    /// replication and AOF buffers), since evicting only adds to it.
    public var logBytesInMemory: Int {
        var total = 0
        var index = raft.snapshotIndex + 1
        while index <= raft.lastIndex {
            total += raft.entry(at: index)?.approximateBytes ?? 0
            index += 1
        }
        return total
    }
}
