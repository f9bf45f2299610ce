// The production state machine: the keyspace plus the command table (DESIGN §3 step 6).

import Commands
import EventLoop
import Keyspace
import RESP

/// Applies log entries to a `Keyspace` through `Commands.apply`.
///
/// Every replica must create its keyspace with the same `hashSeed` and database count
/// (derive the seed from the cluster id), or snapshots are refused and SCAN cursors differ.
public final class KeyspaceStateMachine: StateMachine {
    /// The replicated data.
    public let keyspace: Keyspace

    /// Wraps `keyspace`.
    public init(keyspace: Keyspace) {
        self.keyspace = keyspace
    }

    public func apply(arguments: Arguments, database: Int, nowMs: Int64, seed: UInt64, reply: inout ReplyWriter) {
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

    public func deleteIfExpired(database: Int, key: [UInt8], nowMs: Int64) {
        guard database >= 0 && database < keyspace.databaseCount else { return }
        keyspace.deleteIfExpired(database: database, key: key, nowMs: nowMs)
    }

    public func snapshot() -> [UInt8] {
        keyspace.encodeSnapshot()
    }

    public func restore(from snapshot: [UInt8]) throws {
        try keyspace.restoreSnapshot(snapshot)
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
}
