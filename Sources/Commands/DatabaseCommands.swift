import Keyspace
import RESP

/// Whole-database commands (DBSIZE, FLUSHDB, FLUSHALL, SWAPDB).
enum DatabaseCommands {
    /// DBSIZE: keys of the selected database, expired-but-not-deleted ones included (as Redis).
    @Sendable static func dbsize(_ context: inout CommandContext) {
        context.reply.integer(context.db.count)
    }

    /// Redis's `getFlushCommandFlags`: at most one argument, ASYNC or SYNC.
    static func flushModeIsValid(_ context: inout CommandContext) -> Bool {
        if context.arguments.count > 2
            || (context.arguments.count == 2 && !context.argument(1, is: "sync") && !context.argument(1, is: "async")) {
            context.replySyntaxError()
            return false
        }
        return true
    }

    /// FLUSHDB [ASYNC | SYNC]
    @Sendable static func flushdb(_ context: inout CommandContext) {
        guard flushModeIsValid(&context) else { return }
        context.db.removeAll()
        context.keyspace.notifier.flushed()
        context.reply.ok()
    }

    /// FLUSHALL [ASYNC | SYNC]
    @Sendable static func flushall(_ context: inout CommandContext) {
        guard flushModeIsValid(&context) else { return }
        context.keyspace.removeAll()
        context.keyspace.notifier.flushed()
        context.reply.ok()
    }

    /// SWAPDB index1 index2
    @Sendable static func swapdb(_ context: inout CommandContext) {
        guard let first = context.intArgument(1, message: "ERR invalid first DB index"),
              let second = context.intArgument(2, message: "ERR invalid second DB index") else { return }
        let count = context.keyspace.databaseCount
        guard first >= 0 && first < count && second >= 0 && second < count else {
            return context.reply.error(CommandError.databaseOutOfRange)
        }
        context.keyspace.swapDatabases(first, second)
        context.reply.ok()
    }
}
