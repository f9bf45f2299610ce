import Commands
import Keyspace
import RESP

/// Commands queued between MULTI and EXEC.
struct QueuedTransaction {
    var commands: [(arguments: Arguments, entry: CommandEntry)] = []
    /// A command was refused while queuing (unknown, wrong arity, not allowed): EXEC aborts.
    var aborted = false

    /// What a command does on a connection inside MULTI (Redis's `processCommand`).
    enum Decision: Equatable {
        /// Runs now: EXEC, DISCARD, MULTI, WATCH, QUIT, RESET (the last two end MULTI).
        case run
        /// Answers +QUEUED and waits for EXEC.
        case queue
        /// Refused with this error, which also dooms the transaction.
        case reject(String)
    }

    /// Names that run at once even inside MULTI.
    static let immediate: Set<String> = ["exec", "discard", "multi", "watch", "quit", "reset"]

    static func decision(for entry: CommandEntry) -> Decision {
        if immediate.contains(entry.serverRoot) { return .run }
        if entry.spec.flags.contains(.noMulti) { return .reject("ERR Command not allowed inside a transaction") }
        return .queue
    }

    /// The log form: the keyspace commands with the database each runs in, following the
    /// SELECTs queued before them (a SELECT that will fail changes nothing). The commands
    /// the server runs itself stay out; they run where the client is once it has applied.
    func logged(watches: [WatchedKey], database: Int, databaseCount: Int) -> Transaction {
        var current = database
        var logged: [Transaction.Command] = []
        for (arguments, entry) in commands {
            if entry.handler != nil {
                logged.append(Transaction.Command(database: current, arguments: arguments))
            } else if entry.serverRoot == "select", let index = Int(arguments.string(1)),
                      String(index) == arguments.string(1), index >= 0, index < databaseCount {
                current = index
            }
        }
        return Transaction(watches: watches, commands: logged)
    }
}

/// MULTI, EXEC, DISCARD, WATCH and UNWATCH with Redis 7.0's semantics (multi.c).
///
/// A standalone in-memory node runs the queue back to back, which is atomic on the loop
/// thread. A replicated node runs a queue without writes locally after one read barrier,
/// and sends any other as one log entry (`Transaction`): atomic on every replica, its
/// WATCH checked at apply time against the keys' revisions. The commands the server runs
/// itself (PING, SELECT, CLIENT ...) cannot go into the log; they run on this node when
/// the entry has applied, and their replies are put in their places.
extension Server {
    func transactionCommand(_ name: String, _ client: Client) {
        switch name {
        case "multi":
            guard client.transaction == nil else { return client.output.error("ERR MULTI calls can not be nested") }
            client.transaction = QueuedTransaction()
            client.output.ok()
        case "discard":
            guard client.transaction != nil else { return client.output.error("ERR DISCARD without MULTI") }
            endTransaction(client)
            client.output.ok()
        case "watch":
            watch(client)
        case "unwatch":
            client.watchedKeys.removeAll()
            client.output.ok()
        default:
            exec(client)
        }
    }

    /// Queues the command when the client is inside MULTI; false when it must run now.
    func queueIfInTransaction(_ client: Client, _ entry: CommandEntry) -> Bool {
        guard client.transaction != nil else { return false }
        switch QueuedTransaction.decision(for: entry) {
        case .run:
            return false
        case .reject(let message):
            reject(client, Array(message.utf8))
        case .queue:
            client.transaction!.commands.append((client.arguments, entry))
            client.output.simpleString("QUEUED")
        }
        return true
    }

    /// A command refused before it ran (unknown, wrong arity, NOAUTH): inside MULTI it
    /// dooms the transaction; a refused EXEC itself discards it with Redis's EXECABORT form.
    func reject(_ client: Client, _ message: [UInt8]) {
        guard client.arguments.matches(0, "exec") else {
            client.transaction?.aborted = true
            return client.output.error(bytes: message)
        }
        endTransaction(client)
        let text = message.starts(with: Array("ERR ".utf8)) ? Array(message.dropFirst(4)) : message
        client.output.error(bytes: Array("EXECABORT Transaction discarded because of: ".utf8) + text)
    }

    /// Leaves MULTI and forgets the watched keys (EXEC, DISCARD, an aborted EXEC).
    private func endTransaction(_ client: Client) {
        client.transaction = nil
        client.watchedKeys.removeAll()
    }

    // MARK: - WATCH

    /// WATCH key [key ...]: records each key's revision. On a replicated node the record is
    /// taken after a read barrier, so it reflects every write acknowledged before the WATCH.
    private func watch(_ client: Client) {
        guard client.transaction == nil else { return client.output.error("ERR WATCH inside MULTI is not allowed") }
        let keys = (1..<client.arguments.count).map { client.arguments.array($0) }
        let database = client.database
        guard let replication, replication.readsNeedBarrier else {
            recordWatches(client, keys, database: database)
            return client.output.ok()
        }
        let slot = client.reserveSlot()
        client.readsOwed += 1
        replication.readBarrier { [unowned self] error in
            guard !client.isClosing else { return }
            client.readsOwed -= 1
            if let error { return client.fill(slot, with: error) }
            recordWatches(client, keys, database: database)
            var reply = ReplyWriter(protocolVersion: client.protocolVersion)
            reply.ok()
            client.fill(slot, with: reply.bytes)
        }
    }

    private func recordWatches(_ client: Client, _ keys: [[UInt8]], database: Int) {
        for key in keys where !client.watchedKeys.contains(where: { $0.database == database && $0.key == key }) {
            client.watchedKeys.append(keyspace.watch(database: database, key: key, nowMs: commandTimeMs))
        }
    }

    // MARK: - EXEC

    private func exec(_ client: Client) {
        guard let transaction = client.transaction else { return client.output.error("ERR EXEC without MULTI") }
        let watches = client.watchedKeys
        endTransaction(client)
        if transaction.aborted {
            return client.output.error("EXECABORT Transaction discarded because of previous errors.")
        }
        guard let replication else {
            return client.output.raw(runLocally(transaction, watches: watches, client))
        }
        let slot = client.reserveSlot()
        guard transaction.commands.contains(where: { $0.entry.isWrite }) else {
            // Reads only: one barrier, then the whole queue here (linearizable, atomic).
            client.readsOwed += 1
            replication.readBarrier { [unowned self] error in
                guard !client.isClosing else { return }
                client.readsOwed -= 1
                client.fill(slot, with: error ?? runLocally(transaction, watches: watches, client))
            }
            return
        }
        let logged = transaction.logged(watches: watches, database: client.database, databaseCount: keyspace.databaseCount)
        submitWrite(replication, logged.encoded(), database: client.database, of: client) { [unowned self] client, reply in
            client.fill(slot, with: interleave(reply, transaction, client), then: finishExecuting)
        }
    }

    /// Runs the queue against the local keyspace with the watches checked first; returns
    /// EXEC's reply.
    private func runLocally(_ transaction: QueuedTransaction, watches: [WatchedKey], _ client: Client) -> [UInt8] {
        collectOutput(client) {
            for watched in watches where !keyspace.isUnchanged(watched, nowMs: commandTimeMs) {
                return client.output.nullArray()
            }
            client.output.arrayHeader(transaction.commands.count)
            for (arguments, entry) in transaction.commands {
                client.arguments = arguments
                execute(entry, client)
            }
        }
    }

    /// The reply bytes `body` writes. Server commands write into `client.output`, so a
    /// fresh one is lent for the duration; HELLO may change the protocol inside.
    private func collectOutput(_ client: Client, _ body: () -> Void) -> [UInt8] {
        var output = ReplyWriter(protocolVersion: client.protocolVersion)
        swap(&output, &client.output)
        let saved = client.arguments
        body()
        client.arguments = saved
        swap(&output, &client.output)
        client.protocolVersion = output.protocolVersion
        return output.bytes
    }

    /// Runs one command here and now (no queueing, no replication).
    private func execute(_ entry: CommandEntry, _ client: Client) {
        client.lastCommand = entry
        stats.commandsProcessed += 1
        if let handler = entry.handler {
            run(handler, &client.arguments, database: client.database, into: &client.output)
        } else {
            runServerCommand(entry, client)
        }
    }

    /// EXEC's reply from the applied entry's: as is when every command was in the log (or
    /// on a null or error), else with the server commands run now and put in their places.
    private func interleave(_ applied: [UInt8], _ transaction: QueuedTransaction, _ client: Client) -> [UInt8] {
        let keyspaceCount = transaction.commands.filter { $0.entry.handler != nil }.count
        guard keyspaceCount != transaction.commands.count, applied.first == UInt8(ascii: "*"),
              var position = ReplyScanner.lineEnd(applied, from: 1).map({ $0 + 2 }) else { return applied }
        return collectOutput(client) {
            client.output.arrayHeader(transaction.commands.count)
            for (arguments, entry) in transaction.commands {
                if entry.handler != nil {
                    guard let end = ReplyScanner.end(of: applied, from: position) else { break }
                    client.output.raw(applied[position..<end])
                    position = end
                } else {
                    client.arguments = arguments
                    execute(entry, client)
                }
            }
        }
    }
}
