import Commands
import RESP
import Testing
@testable import SkiffServer

/// Queuing inside MULTI and the log form of a queue (Transactions.swift).
@Suite struct TransactionQueueTests {
    let registry = CommandRegistry()

    func entry(_ words: String...) -> (Arguments, CommandEntry) { entry(words) }

    func entry(_ words: [String]) -> (Arguments, CommandEntry) {
        let arguments = Arguments(strings: words)
        guard case .success(let found) = registry.resolve(arguments) else { preconditionFailure("\(words)") }
        return (arguments, found)
    }

    @Test func whatRunsWhatQueuesWhatIsRefused() {
        #expect(QueuedTransaction.decision(for: entry("EXEC").1) == .run)
        #expect(QueuedTransaction.decision(for: entry("discard").1) == .run)
        #expect(QueuedTransaction.decision(for: entry("MULTI").1) == .run)
        #expect(QueuedTransaction.decision(for: entry("WATCH", "k").1) == .run)
        #expect(QueuedTransaction.decision(for: entry("QUIT").1) == .run)
        #expect(QueuedTransaction.decision(for: entry("RESET").1) == .run)
        #expect(QueuedTransaction.decision(for: entry("UNWATCH").1) == .queue, "UNWATCH is queued, as in Redis")
        #expect(QueuedTransaction.decision(for: entry("SET", "k", "v").1) == .queue)
        #expect(QueuedTransaction.decision(for: entry("BLPOP", "k", "0").1) == .queue)
        #expect(QueuedTransaction.decision(for: entry("PING").1) == .queue)
        #expect(QueuedTransaction.decision(for: entry("SHUTDOWN").1) == .reject("ERR Command not allowed inside a transaction"))
    }

    @Test func loggedFormFollowsSelectAndLeavesServerCommandsOut() {
        var queue = QueuedTransaction()
        for words in [["SET", "a", "1"], ["SELECT", "2"], ["PING"], ["SET", "a", "2"], ["SELECT", "16"], ["SELECT", "x"],
                      ["GET", "a"], ["SELECT", "0"], ["INCR", "n"]] {
            queue.commands.append(entry(words))
        }
        let logged = queue.logged(watches: [], database: 5, databaseCount: 16)
        #expect(logged.commands.map(\.database) == [5, 2, 2, 0])
        #expect(logged.commands.map { $0.arguments.string(0) } == ["SET", "SET", "GET", "INCR"])
        #expect(Transaction(decoding: logged.encoded()) == logged)
    }
}
