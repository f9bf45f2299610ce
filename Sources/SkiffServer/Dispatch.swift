import Cluster
import Commands
import Keyspace
import RESP
import SystemCalls

/// How the server carries out commands that change the keyspace, and reads that
/// must observe every acknowledged write. A standalone in-memory node has none and
/// runs every command at once; a Raft node commits writes through the log.
protocol Replication: AnyObject {
    /// Proposes a write: `progress` hears `.applying` just before its entry applies
    /// here, then `.finished` with its reply once it applied (or an error reply alone).
    func submitWrite(
        _ arguments: Arguments, database: Int, protocolVersion: ProtocolVersion,
        progress: @escaping (WriteProgress) -> Void)
    /// Whether reads must pass `readBarrier` first (linearizable mode).
    var readsNeedBarrier: Bool { get }
    /// Calls `completion(nil)` once a read may run, or with an error reply.
    func readBarrier(_ completion: @escaping ([UInt8]?) -> Void)
}

extension Server {
    /// Runs the command in `client.arguments` and appends its reply (DESIGN §3 steps 3–7).
    ///
    /// `client.arguments` is read in place, never copied on the inline path: a copy of
    /// the argument vector costs two retain/release pairs per command.
    func dispatch(_ client: Client) {
        let resolved = registry.resolve(client.arguments)
        if !client.slots.isEmpty {
            // Earlier replies are still owed. A write may join writes (the log keeps their
            // order); anything else — and a write behind a read that still waits for its
            // barrier, which must not see it — waits until they are all ready.
            guard replication != nil, client.readsOwed == 0, case .success(let entry) = resolved, entry.isWrite else {
                client.blockedCommand = client.arguments
                return
            }
        }
        let replyStart = client.output.bytes.count
        defer {
            countErrorReply(client, from: replyStart)
            scheduleFlush(client)
            if replication == nil { serveBlockedClients() }
        }
        let entry: CommandEntry
        switch resolved {
        case .success(let found):
            entry = found
        case .failure(let rejection):
            rejection.command?.rejectedCalls += 1
            reject(client, rejection.message)
            return
        }
        if !client.authenticated && !entry.allowedWithoutAuth {
            entry.rejectedCalls += 1
            reject(client, Array("NOAUTH Authentication required.".utf8))
            return
        }
        if deniedByACL(client, entry) { return }
        if client.transaction != nil && !admitInTransaction(entry, client) { return }
        if client.subscriptions > 0 && client.protocolVersion == .resp2 && !Self.allowedWhileSubscribed(entry) {
            client.output.error(Self.subscribedModeError(entry))
            return
        }
        if queueIfInTransaction(client, entry) { return }
        client.lastCommand = entry
        stats.commandsProcessed += 1
        // A tracking client's read remembers its keys once it ran, as in Redis: a write
        // applied while it waits for its barrier must not invalidate it.
        let remembersKeys = client.tracking != nil && trackCommand(client, entry)
        entry.calls += 1
        let startUs = Clock.monotonicUs()
        defer {
            let durationUs = Clock.monotonicUs() - startUs
            entry.microseconds += durationUs
            recordSlowCommand(client, entry, client.arguments, durationUs: durationUs)
            if client.output.bytes.count > replyStart && client.output.bytes[replyStart] == UInt8(ascii: "-") {
                entry.failedCalls += 1
            }
        }
        guard let handler = entry.handler else {
            runServerCommand(entry, client)
            return
        }
        if entry.isWrite && !admitWrite(entry, client) { return }
        if entry.isBlocking {
            startBlockingPop(handler, client)
            return
        }
        if let replication {
            if entry.isWrite {
                // `submitWrite(_:_:database:of:completion:)` unrolled: one closure per write
                // instead of two, on the path every replicated write takes.
                let slot = client.reserveSlot()
                replication.submitWrite(client.arguments, database: client.database,
                                        protocolVersion: client.protocolVersion) { [unowned self] progress in
                    follow(progress, of: client) { reply in
                        if reply.first == UInt8(ascii: "-") { entry.failedCalls += 1 }
                        client.fill(slot, with: reply, then: finishExecuting)
                    }
                }
                return
            }
            if replication.readsNeedBarrier {
                let slot = client.reserveSlot()
                client.readsOwed += 1
                let database = client.database
                var arguments = client.arguments
                replication.readBarrier { [unowned self] error in
                    guard !client.isClosing else { return }
                    client.readsOwed -= 1
                    if let error { return client.fill(slot, with: error) }
                    var reply = ReplyWriter(protocolVersion: client.protocolVersion)
                    let startUs = Clock.monotonicUs()
                    run(handler, &arguments, database: database, into: &reply)
                    if remembersKeys { rememberKeys(client, arguments, entry.spec) }
                    let durationUs = Clock.monotonicUs() - startUs
                    entry.microseconds += durationUs
                    recordSlowCommand(client, entry, arguments, durationUs: durationUs)
                    if reply.bytes.first == UInt8(ascii: "-") { entry.failedCalls += 1 }
                    client.fill(slot, with: reply.bytes)
                }
                return
            }
        }
        execute(client) { run(handler, &client.arguments, database: client.database, into: &client.output) }
        if remembersKeys { rememberKeys(client, client.arguments, entry.spec) }
    }

    /// Runs a data command against the local keyspace with this node's clock. The
    /// arguments and the reply buffer are lent to the handler (swapped in and back), not
    /// copied; `arguments` is unchanged afterwards.
    func run(_ handler: CommandHandler, _ arguments: inout Arguments, database: Int, into output: inout ReplyWriter) {
        var context = CommandContext(
            keyspace: keyspace, database: database, arguments: Arguments(),
            reply: ReplyWriter(protocolVersion: output.protocolVersion), nowMs: commandTimeMs, seed: nextSeed())
        let replyStart = output.bytes.count
        swap(&context.arguments, &arguments)
        swap(&context.reply, &output)
        handler(&context)
        swap(&context.reply, &output)
        swap(&context.arguments, &arguments)
        // While its buffer was lent to the handler, pushes to this same client (a RESP3
        // subscriber publishing, a keyspace event of its own write) went to the stand-in;
        // they go before the reply, where Redis writes them.
        if !context.reply.bytes.isEmpty { output.bytes.insert(contentsOf: context.reply.bytes, at: replyStart) }
    }

    /// Counts error replies by their code, for INFO `errorstats`.
    private func countErrorReply(_ client: Client, from start: Int) {
        let bytes = client.output.bytes
        guard start < bytes.count, bytes[start] == UInt8(ascii: "-") else { return }
        stats.errorReplies += 1
        var end = start + 1
        while end < bytes.count && bytes[end] != UInt8(ascii: " ") && bytes[end] != 0x0D { end += 1 }
        let code = String(decoding: bytes[(start + 1)..<end], as: UTF8.self)
        stats.errorCounts[code, default: 0] += 1
    }

    /// Commands that need the session or the server rather than the keyspace.
    func runServerCommand(_ entry: CommandEntry, _ client: Client) {
        let spec = entry.spec
        let root = entry.serverRoot
        switch root {
        case "ping": ping(client)
        case "echo": client.output.bulk(client.arguments[1])
        case "hello": hello(client)
        case "auth": auth(client)
        case "select": select(client)
        case "quit": quit(client)
        case "reset": reset(client)
        case "client": clientCommand(spec, client)
        case "info": info(client)
        case "config": configCommand(spec, client)
        case "acl": aclCommand(spec, client)
        case "command": commandCommand(spec, client)
        case "time": time(client)
        case "lastsave": client.output.integer(Int(startWallMs / 1000))
        case "shutdown": shutdownCommand(client)
        case "debug": debug(client)
        case "role": role(client)
        case "multi", "exec", "discard", "watch", "unwatch": transactionCommand(root, client)
        case "slowlog": slowlogCommand(client)
        case "latency": latencyCommand(client)
        case "memory": memoryCommand(client)
        case "raft.info", "raft.transfer_leader": raftCommand(root, client)
        case "raft.cluster", "raft.node": membershipCommand(spec.name, client)
        case "subscribe", "psubscribe", "ssubscribe", "unsubscribe", "punsubscribe", "sunsubscribe", "pubsub":
            pubSubCommand(root, client)
        default:
            client.output.error("ERR command '\(spec.name)' is not available in Skiff yet")
        }
    }
}
