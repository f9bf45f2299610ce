import Commands
import EventLoop
import Keyspace
import RESP
import SystemCalls

/// One client connection: its buffers, protocol state and session settings.
///
/// The loop calls `handle` when the socket is readable; the client reads once,
/// parses every complete command and hands each to the server's dispatcher,
/// whose replies accumulate in `output`. The server writes `output` in its
/// `beforeSleep` hook, so a pipeline's replies leave together in one write.
final class Client: IOHandler {
    /// The server outlives every client. A strong `let` costs nothing per access: the
    /// compiler borrows it through `self`, where an `unowned(unsafe)` one had to be
    /// retained before each call on it (two retain/release pairs per command, measured).
    let server: Server
    let descriptor: FileDescriptor
    let id: Int
    let address: String
    let localAddress: String
    let createdMs: Int64

    var input = InputBuffer()
    var parser: RequestParser
    var arguments = Arguments()
    /// Replies not yet written; `outputSent` bytes of it already were.
    var output = ReplyWriter()
    var outputSent = 0

    // Session state
    var database = 0
    var name: [UInt8] = []
    var libraryName = ""
    var libraryVersion = ""
    var authenticated: Bool
    var user = "default"
    /// `ACLUsers.version` when `restrictedUser` was read (-1: read it again).
    var aclVersion = -1
    /// The user's permissions, or nil when it may run anything (no checks needed).
    var restrictedUser: ACLUser?
    var lastInteractionMs: Int64
    /// The last command run (CLIENT LIST's `cmd=`). The registry keeps every entry alive,
    /// so the reference need not be counted on each command.
    unowned(unsafe) var lastCommand: CommandEntry?
    var noEvict = false
    /// Channels, patterns and shard channels subscribed to: above 0, a RESP2 client is in
    /// subscribed mode and its output limit is the `pubsub` class.
    var subscriptions = 0
    /// CLIENT TRACKING settings; nil while tracking is off.
    var tracking: ClientTracking?
    /// Reply to what has been parsed, then close (QUIT, protocol errors, CLIENT KILL of self).
    var closeAfterReply = false
    /// Queued for closing by the server at the end of this turn.
    var isClosing = false
    /// Registered for writability because a write was partial.
    var wantsWritable = false
    /// When the unsent output first exceeded the soft output limit (0: it does not).
    var softLimitSinceMs: Int64 = 0
    /// Reading is paused while too much output waits for a client that does not read.
    var readingPaused = false
    /// In the server's list of clients with output to flush this turn.
    var pendingFlush = false
    /// Replies still owed, oldest first, for commands that wait on replication
    /// (DESIGN §3 step 7): a pipeline's replies leave in request order even when a
    /// write waits for its commit while the command after it is ready.
    var slots: [ReplySlot] = []
    /// Owed replies that are reads waiting for their barrier: a write may not be
    /// proposed past them.
    var readsOwed = 0
    /// Sequence number of `slots[0]`; a slot keeps its number while earlier ones drain.
    var firstSlotNumber = 0
    /// A parsed command that must wait until every earlier reply is ready (a read
    /// after a pending write). Parsing stops while it waits, so a deep pipeline
    /// stays in the input buffer, bounded by its limit, rather than in a queue.
    var blockedCommand: Arguments?
    /// Inside MULTI: the commands queued for EXEC (Transactions.swift).
    var transaction: QueuedTransaction?
    /// Keys under WATCH, as they were when watched (Transactions.swift).
    var watchedKeys: [WatchedKey] = []
    /// Waiting in a blocking pop (Blocking.swift): parsing stops until it is served.
    var blockedPop: BlockedPop?
    /// `processInput` is running for this client (an unblocked client resumes only if not).
    var isProcessingInput = false

    init(server: Server, descriptor: FileDescriptor, id: Int, nowMs: Int64, requiresPassword: Bool) {
        self.server = server
        self.descriptor = descriptor
        self.id = id
        self.address = Socket.peerAddress(descriptor)
        self.localAddress = Socket.localAddress(descriptor)
        self.createdMs = nowMs
        self.lastInteractionMs = nowMs
        self.authenticated = !requiresPassword
        self.parser = RequestParser(limits: server.protocolLimits)
    }

    var protocolVersion: ProtocolVersion {
        get { output.protocolVersion }
        set { output.protocolVersion = newValue }
    }

    func handle(_ events: IOEvents) {
        if events.contains(.writable) { server.flush(self) }
        if !events.isDisjoint(with: [.readable, .hangUp]) && !readingPaused && !isClosing { readAndProcess() }
    }

    /// Reads once and runs every complete command in the buffer.
    func readAndProcess() {
        let count: Int?
        do {
            count = try input.read(from: descriptor)
        } catch {
            server.logger.verbose("Reading from client: \(error)")
            server.close(self)
            return
        }
        guard let count else { return }
        if count == 0 {
            server.logger.verbose("Client closed connection id=\(id) addr=\(address)")
            server.close(self)
            return
        }
        server.stats.netInputBytes += count
        server.stats.readsProcessed += 1
        lastInteractionMs = server.loop.nowMs
        processInput()
    }

    /// Parses and dispatches commands until the buffer runs out or the client must stop.
    func processInput() {
        server.commandTimeMs = server.keyTimeMs()
        let wasProcessing = isProcessingInput
        isProcessingInput = true
        defer { isProcessingInput = wasProcessing }
        while !closeAfterReply && !isClosing && !readingPaused && blockedCommand == nil && blockedPop == nil {
            var offset = input.readOffset
            let outcome = input.withReceivedBytes { bytes in
                parser.next(bytes, offset: &offset, into: &arguments, authenticated: authenticated)
            }
            input.readOffset = offset
            switch outcome {
            case .command:
                server.dispatch(self)
                arguments.removeAll()
                if server.enforceOutputLimit(self) { return }
            case .needMoreData:
                checkQueryBufferLimit()
                input.shrinkIfIdle()
                return
            case .protocolError(let message):
                server.logger.verbose("Protocol error (\(message)) from client: id=\(id) addr=\(address)")
                closeAfterReply = true
                if slots.isEmpty {
                    output.error("ERR \(message)")
                } else {
                    // The replies of the commands before it are still owed: the error follows them.
                    var error = ReplyWriter(protocolVersion: protocolVersion)
                    error.error("ERR \(message)")
                    fill(reserveSlot(), with: error.bytes)
                }
                server.scheduleFlush(self)
                return
            }
        }
    }

    /// Redis closes a client whose unparsed input exceeds `client-query-buffer-limit`.
    private func checkQueryBufferLimit() {
        if input.unconsumedCount + arguments.bytes.count > server.queryBufferLimit {
            server.logger.warning("Closing client that reached max query buffer length: id=\(id) addr=\(address) qbuf=\(input.unconsumedCount)")
            server.close(self)
        }
    }

    /// Reserves the next reply slot and returns its number.
    func reserveSlot() -> Int {
        slots.append(.waiting)
        return firstSlotNumber + slots.count - 1
    }

    /// Fills slot `number` with its reply, then writes every ready reply at the
    /// head of the queue, runs `then` (what must follow the reply: the invalidations of
    /// the client's own write) and runs a blocked command once nothing is owed before it.
    func fill(_ number: Int, with reply: [UInt8], then: () -> Void = {}) {
        guard !isClosing else { return then() }
        slots[number - firstSlotNumber] = .ready(reply)
        while case .ready(let bytes)? = slots.first {
            output.raw(bytes)
            slots.removeFirst()
            firstSlotNumber += 1
        }
        then()
        server.scheduleFlush(self)
        if slots.isEmpty, let blocked = blockedCommand {
            blockedCommand = nil
            arguments = blocked
            server.dispatch(self)
            arguments.removeAll()
            if blockedCommand == nil { processInput() }
        }
    }

    /// The command name argument as a lowercase string (for logs and CLIENT LIST).
    var commandName: String {
        arguments.isEmpty ? "NULL" : arguments.string(0).lowercased()
    }
}

/// A reply owed to a client: still waiting for replication, or ready to send.
enum ReplySlot {
    case waiting
    case ready([UInt8])
}
