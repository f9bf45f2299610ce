import Commands
import Keyspace
import RESP

/// A client waiting in BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN, BZPOPMAX or BZMPOP.
final class BlockedPop {
    let arguments: Arguments
    let database: Int
    let handler: CommandHandler
    /// The reply slot the result fills.
    let slot: Int
    /// What it waits on; set when it first finds nothing.
    var keys: [BlockKey] = []
    var kind: ValueKind = .list
    var timer: UInt64?
    /// An attempt is in the log (a replicated node): its result decides.
    var inFlight = false
    /// A key it waits on was created while an attempt was in flight: try again after it.
    var signaled = false
    /// The timeout passed (or CLIENT UNBLOCK came) while an attempt was in flight: the
    /// attempt's result is delivered if it got something, else this.
    var endReply: [UInt8]?

    init(arguments: Arguments, database: Int, handler: @escaping CommandHandler, slot: Int) {
        self.arguments = arguments
        self.database = database
        self.handler = handler
        self.slot = slot
    }
}

/// A key in a database.
struct BlockKey: Hashable {
    var database: Int
    var key: [UInt8]
}

/// Clients blocked per key, in the order they blocked (Redis serves them FIFO).
struct BlockingRegistry {
    var waiters: [BlockKey: [Client]] = [:]
    /// Clients in a blocking pop, waiting or with an attempt in flight (INFO `blocked_clients`).
    var blockedCount = 0
    /// Re-entrancy guard: serving runs commands, which may create more keys.
    var serving = false
}

/// Blocking pops (Redis's blocking.c). The command itself never waits: it runs like any
/// write — here on a standalone node, through the log on a replicated one — and answers a
/// null array when every key is missing. The server then blocks the client on its keys;
/// when an applied write creates one of them (the keyspace records created keys while
/// anyone is blocked), it runs the command again, for as many waiting clients as the key
/// has elements, oldest first. An attempt that finds nothing (another client won) keeps
/// the client blocked. So the pop itself is always a write in log order, and a client on
/// a follower is served as soon as the entry that creates its key applies there.
extension Server {
    /// The reply of an attempt that found nothing: a null (array, or bulk for BLMOVE).
    private func isNothing(_ reply: [UInt8]) -> Bool {
        reply == Array("*-1\r\n".utf8) || reply == Array("$-1\r\n".utf8) || reply == Array("_\r\n".utf8)
    }

    private func nullArray(_ client: Client) -> [UInt8] {
        var reply = ReplyWriter(protocolVersion: client.protocolVersion)
        reply.nullArray()
        return reply.bytes
    }

    /// A blocking pop outside MULTI: first attempt now.
    func startBlockingPop(_ handler: @escaping CommandHandler, _ client: Client) {
        let slot = client.reserveSlot()
        client.blockedPop = BlockedPop(arguments: client.arguments, database: client.database, handler: handler, slot: slot)
        blocking.blockedCount += 1
        attemptPop(client)
    }

    private func attemptPop(_ client: Client) {
        guard let pop = client.blockedPop else { return }
        guard let replication else {
            var reply = ReplyWriter(protocolVersion: client.protocolVersion)
            var arguments = pop.arguments
            run(pop.handler, &arguments, database: pop.database, into: &reply)
            return popAttempted(client, reply.bytes)
        }
        pop.inFlight = true
        submitWrite(replication, pop.arguments, database: pop.database, of: client) { [unowned self] client, reply in
            popAttempted(client, reply)
            finishExecuting()
        }
    }

    private func popAttempted(_ client: Client, _ reply: [UInt8]) {
        guard let pop = client.blockedPop, !client.isClosing else { return }
        pop.inFlight = false
        if !isNothing(reply) { return unblock(client, with: reply) }
        if let end = pop.endReply { return unblock(client, with: end) }
        if pop.keys.isEmpty { block(client, pop) }
        if pop.signaled {
            pop.signaled = false
            attemptPop(client)
        }
    }

    /// Registers the client on its keys and starts its timeout.
    private func block(_ client: Client, _ pop: BlockedPop) {
        let request = BlockingCommands.waitRequest(pop.arguments)
        pop.kind = request.kind
        for key in request.keys {
            let blockKey = BlockKey(database: pop.database, key: key)
            guard !pop.keys.contains(blockKey) else { continue }
            pop.keys.append(blockKey)
            blocking.waiters[blockKey, default: []].append(client)
        }
        keyspace.counters.recordsCreatedKeys = true
        if request.timeoutMs > 0 {
            pop.timer = loop.addTimer(afterMs: request.timeoutMs) { [weak client, unowned self] in
                guard let client, let pop = client.blockedPop else { return }
                pop.timer = nil
                endBlocking(client, with: nullArray(client))
            }
        }
    }

    /// Ends the wait with `reply` (timeout, CLIENT UNBLOCK), or after the attempt in flight.
    func endBlocking(_ client: Client, with reply: [UInt8]) {
        guard let pop = client.blockedPop else { return }
        if pop.inFlight { pop.endReply = reply } else { unblock(client, with: reply) }
    }

    /// Delivers the result and lets the client's pipeline continue.
    private func unblock(_ client: Client, with reply: [UInt8]) {
        guard let pop = client.blockedPop else { return }
        forgetBlockedPop(client)
        client.fill(pop.slot, with: reply)
        if !client.isProcessingInput && !client.isClosing { client.processInput() }
    }

    /// Drops the client's wait (also when it is closed or killed).
    func forgetBlockedPop(_ client: Client) {
        guard let pop = client.blockedPop else { return }
        client.blockedPop = nil
        blocking.blockedCount -= 1
        if let timer = pop.timer { loop.cancelTimer(timer) }
        for key in pop.keys {
            blocking.waiters[key]?.removeAll { $0 === client }
            if blocking.waiters[key]?.isEmpty == true { blocking.waiters[key] = nil }
        }
        if blocking.waiters.isEmpty { keyspace.counters.recordsCreatedKeys = false }
    }

    /// Wakes clients blocked on keys the last writes created (after a command on a
    /// standalone node, after each applied batch on a replicated one).
    func serveBlockedClients() {
        let counters = keyspace.counters
        guard !blocking.serving, !counters.createdKeys.isEmpty || counters.databasesReplaced else { return }
        blocking.serving = true
        defer { blocking.serving = false }
        while !counters.createdKeys.isEmpty || counters.databasesReplaced {
            var ready: [BlockKey] = counters.createdKeys.map { BlockKey(database: $0.database, key: $0.key) }
            if counters.databasesReplaced { ready += blocking.waiters.keys }
            counters.createdKeys.removeAll()
            counters.databasesReplaced = false
            var seen = Set<BlockKey>()
            for key in ready where blocking.waiters[key] != nil && seen.insert(key).inserted { wake(key) }
        }
    }

    /// Runs the pops of the clients blocked on `key`, oldest first, while it has elements.
    /// On a replicated node the attempts go to the log at once, one per element seen here.
    private func wake(_ key: BlockKey) {
        var budget = elementCount(key)
        for client in blocking.waiters[key] ?? [] where budget > 0 {
            guard let pop = client.blockedPop, elementCount(key, of: pop.kind) > 0 else { continue }
            if pop.inFlight {
                pop.signaled = true
                continue
            }
            attemptPop(client)
            budget = replication == nil ? elementCount(key) : budget - 1
        }
    }

    /// Elements of the live list or sorted set at `key` (0 if missing or another type).
    private func elementCount(_ key: BlockKey, of kind: ValueKind? = nil) -> Int {
        let db = keyspace[key.database]
        guard let handle = db.peek(key.key[...], nowMs: commandTimeMs) else { return 0 }
        switch db.value(handle) {
        case .list(let list) where kind == nil || kind == .list: return list.count
        case .sortedSet(let zset) where kind == nil || kind == .sortedSet: return zset.count
        default: return 0
        }
    }

    /// CLIENT UNBLOCK id [TIMEOUT|ERROR]: 1 if the client was blocked and is now released.
    func clientUnblock(_ client: Client) {
        let arguments = client.arguments
        guard let id = Int(arguments.string(2)) else {
            return client.output.error("ERR value is not an integer or out of range")
        }
        var withError = false
        if arguments.count == 4 {
            if arguments.matches(3, "error") {
                withError = true
            } else if !arguments.matches(3, "timeout") {
                return client.output.error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR")
            }
        } else if arguments.count > 4 {
            return client.output.error("ERR syntax error")
        }
        guard let target = clients[id], target.blockedPop != nil else { return client.output.integer(0) }
        var reply = ReplyWriter(protocolVersion: target.protocolVersion)
        if withError { reply.error("UNBLOCKED client unblocked via CLIENT UNBLOCK") } else { reply.nullArray() }
        endBlocking(target, with: reply.bytes)
        client.output.integer(1)
    }
}
