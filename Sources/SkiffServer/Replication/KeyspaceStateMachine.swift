import Cluster
import Commands
import Keyspace
import RESP

/// The keyspace and the command table as the cluster's replicated state machine
/// (DESIGN §3 step 6): `Commands.apply` with the entry's time and index as seed.
final class KeyspaceStateMachine: StateMachine {
    let keyspace: Keyspace

    init(keyspace: Keyspace) {
        self.keyspace = keyspace
    }

    func apply(arguments: Arguments, database: Int, nowMs: Int64, seed: UInt64, reply: inout ReplyWriter) {
        guard database >= 0 && database < keyspace.databaseCount else {
            reply.error("ERR DB index is out of range")
            return
        }
        var context = CommandContext(
            keyspace: keyspace, database: database, arguments: arguments,
            reply: ReplyWriter(protocolVersion: reply.protocolVersion), nowMs: nowMs, seed: seed)
        swap(&context.reply, &reply)
        Commands.apply(&context)
        swap(&context.reply, &reply)
    }

    func deleteIfExpired(database: Int, key: [UInt8], nowMs: Int64) {
        guard database >= 0 && database < keyspace.databaseCount else { return }
        keyspace.deleteIfExpired(database: database, key: key, nowMs: nowMs)
    }

    func snapshot() -> [UInt8] {
        keyspace.encodeSnapshot()
    }

    func restore(from snapshot: [UInt8]) throws {
        try keyspace.restoreSnapshot(snapshot)
    }
}

/// A Raft node is how a replicated server carries out writes and safe reads.
extension ClusterNode: Replication {
    var readsNeedBarrier: Bool { configuration.readConsistency != .stale }
}
