import Cluster
import Commands
import EventLoop
import Glibc
import Keyspace
import RESP
import SystemCalls

/// Counters reported by INFO `stats`.
struct ServerStats {
    var connectionsReceived = 0
    var commandsProcessed = 0
    var rejectedConnections = 0
    var netInputBytes = 0
    var netOutputBytes = 0
    var readsProcessed = 0
    var writesProcessed = 0
    var errorReplies = 0
    var errorCounts: [String: Int] = [:]
}

/// The single-node server: listeners, client sessions, the keyspace, the cron.
///
/// Everything here runs on the loop thread (DESIGN §8): no locks.
final class Server {
    let loop: EventLoop
    var config: ServerConfig
    let logger: Logger
    let keyspace: Keyspace
    let registry: CommandRegistry
    /// Set when the node replicates (Raft); nil runs every command at once.
    var replication: Replication?
    /// The Raft node, when this server is a member of a cluster (one member or more).
    var cluster: ClusterNode?
    /// The write-ahead log under `cluster`, for INFO persistence and shutdown.
    var logStore: DurableLogStore?
    /// Set once RAFT.CLUSTER INIT or JOIN made this node a member (kept in `dir`).
    var clusterIdentity: ClusterIdentity?
    /// A RAFT.CLUSTER JOIN under way.
    var clusterJoin: ClusterJoin?

    var clients: [Int: Client] = [:]
    /// Every client's channel, pattern and shard channel subscriptions.
    var pubSub = PubSubRegistry()
    /// Client-side caching: who must hear when a key changes.
    var trackingTable = TrackingTable()
    /// The client whose command runs on its own output buffer right now (set and cleared
    /// around that one call, so the reference need not be counted on every command).
    unowned(unsafe) var executingClient: Client?
    /// Invalidations for `executingClient`, sent after its reply.
    var pendingInvalidations: [(target: Client, keys: [[UInt8]]?, redirected: Bool)] = []
    private var listeners: [Listener] = []
    private var clientsToFlush: [Client] = []
    private var clientsToClose: [Client] = []
    private var nextClientID = 1
    var stats = ServerStats()
    /// Clients waiting in blocking pops (Blocking.swift).
    var blocking = BlockingRegistry()
    var slowLog = SlowLog()
    /// ACL users: replicated through the log on a cluster node (the state machine applies
    /// ACL changes to this same object).
    let aclUsers = ACLUsers()
    /// ACL LOG, per node as in Redis.
    var aclLog = ACLLog()

    // Hot configuration, cached from `config` whenever it changes.
    private(set) var protocolLimits = ProtocolLimits()
    private(set) var queryBufferLimit = 1 << 30
    private(set) var requirePassword = ""
    /// `slowlog-log-slower-than` in microseconds (negative: the slow log is off).
    private(set) var slowLogThresholdUs: Int64 = 10_000
    /// Output a client may have waiting before the server stops reading its requests.
    let outputBackpressureBytes = 64 * 1024 * 1024
    /// `client-output-buffer-limit normal <hard> <soft> <seconds>` (0 = no limit): past
    /// the hard limit, or past the soft one for longer than the seconds, the client is
    /// closed, as Redis does.
    private(set) var outputLimit = (hardBytes: 0, softBytes: 0, softSeconds: 0)
    /// `client-output-buffer-limit pubsub ...`, for clients with subscriptions.
    private(set) var pubSubOutputLimit = (hardBytes: 0, softBytes: 0, softSeconds: 0)

    let startWallMs: Int64
    let startMonotonicMs: Int64
    /// The wall-clock time commands run at: read once per batch of commands parsed
    /// from one read, as Redis reads it once per command execution unit.
    var commandTimeMs: Int64 = 0
    /// Seeds the randomness of commands (RANDOMKEY, SPOP): the next "entry index".
    private var commandSequence: UInt64 = 0
    private(set) var shuttingDown = false
    let runID: String
    private var signals: SignalFD?
    private var cronTicks = 0
    /// Bytes malloc had handed out once the server was set up, before any data: Redis's
    /// `used_memory_startup`, part of `used_memory` and so of what `maxmemory` bounds.
    let usedMemoryStartup: Int
    /// The largest `used_memory` seen by the cron or INFO.
    var usedMemoryPeak = 0
    /// The Raft term the pending eviction choices were made in (see `performEvictions`).
    var evictionTerm: UInt64 = 0
    var evictionContinuationScheduled = false

    init(config: ServerConfig, logger: Logger) throws(SystemError) {
        self.config = config
        self.logger = logger
        self.loop = try EventLoop()
        self.keyspace = Keyspace(databaseCount: config.integer("databases"), hashSeed: 0x5EED_5C1F_F000_0001)
        self.registry = CommandRegistry()
        self.startWallMs = Clock.wallMs()
        self.startMonotonicMs = Clock.monotonicMs()
        self.runID = Self.makeRunID()
        self.usedMemoryStartup = ProcessMemory.allocatedBytes()
        configurationChanged()
        keyspace.notifier.observer = self
    }

    /// Re-reads the hot values after the configuration changed.
    func configurationChanged() {
        protocolLimits.maxBulkLength = config.integer("proto-max-bulk-len")
        queryBufferLimit = config.integer("client-query-buffer-limit")
        if config["requirepass"] != requirePassword {
            // As Redis's `ACLUpdateDefaultUserPassword`: requirepass is the default user's password.
            requirePassword = config["requirepass"]
            aclUsers.setDefaultPassword(Array(requirePassword.utf8))
        }
        applyEvictionConfig()
        slowLogThresholdUs = Int64(config.integer("slowlog-log-slower-than"))
        outputLimit = Self.outputLimit(of: "normal", config["client-output-buffer-limit"])
        pubSubOutputLimit = Self.outputLimit(of: "pubsub", config["client-output-buffer-limit"])
        keyspace.notifier.classes = NotifyClasses(letters: config["notify-keyspace-events"]) ?? []
        keyspace.maxStringLength = config.integer("proto-max-bulk-len")
        keyspace.hashLimits = HashValue.Limits(
            maxListpackEntries: config.integer("hash-max-listpack-entries"),
            maxListpackValue: config.integer("hash-max-listpack-value"))
        keyspace.maxIntsetEntries = config.integer("set-max-intset-entries")
        if let level = LogLevel(name: config["loglevel"]) { logger.level = level }
        for client in clients.values { client.parser.limits = protocolLimits }
    }

    // MARK: - Start and stop

    /// Binds the listeners, installs signal handling and the cron.
    func start() throws(SystemError) {
        listeners = try listen(port: config.integer("port"))
        let signals = try SignalFD(signals: [SIGTERM, SIGINT])
        self.signals = signals
        try loop.register(signals.descriptor, .readable, SignalHandler(server: self))
        Glibc.signal(SIGPIPE, SIG_IGN)
        let hz = max(1, config.integer("hz"))
        loop.addTimer(afterMs: Int64(1000 / hz), repeatMs: Int64(1000 / hz)) { [unowned self] in cron() }
        loop.beforeSleep.append { [unowned self] in beforeSleep() }
    }

    /// Opens a listener on `port` for every `bind` address (a leading '-' marks an
    /// address that may be unavailable, as in Redis).
    func listen(port: Int) throws(SystemError) -> [Listener] {
        var opened: [Listener] = []
        for address in config["bind"].split(separator: " ").map(String.init) {
            let optional = address.hasPrefix("-")
            let host = optional ? String(address.dropFirst()) : address
            do {
                let fd = try Socket.listen(host: host, port: port, backlog: Int32(config.integer("tcp-backlog")))
                let listener = Listener(server: self, descriptor: fd)
                try loop.register(fd, .readable, listener)
                opened.append(listener)
            } catch {
                if optional { continue }
                logger.warning("Warning: Could not create server TCP listening socket \(host):\(port): \(error)")
                for listener in opened { closeListener(listener) }
                throw error
            }
        }
        return opened
    }

    private func closeListener(_ listener: Listener) {
        loop.unregister(listener.descriptor)
        listener.descriptor.close()
    }

    /// CONFIG SET port: listen on the new port first, then close the old listeners.
    func changePort(to port: Int) -> Bool {
        guard let opened = try? listen(port: port) else { return false }
        for listener in listeners { closeListener(listener) }
        listeners = opened
        return true
    }

    func run() throws(SystemError) {
        try loop.run()
    }

    /// Joins the cluster (or starts the one-member log) the configuration asks for.
    func startCluster() throws {
        guard let node = try ClusterSetup.start(self) else {
            // Standalone: this node alone decides expiry, so reads may delete, as in Redis.
            keyspace.counters.deletesExpiredOnRead = true
            return
        }
        cluster = node
        replication = node
        node.afterApply = { [unowned self] in serveBlockedClients() }
        node.beforeProposingWrite = { [unowned self] in performEvictions() }
    }

    /// Stops accepting, hands leadership over (DESIGN §9), writes the replies already
    /// produced, flushes the log, and ends the loop.
    func shutdown(reason: String) {
        guard !shuttingDown else { return }
        shuttingDown = true
        logger.warning("\(reason): scheduling shutdown...")
        SystemdNotifier.send("STOPPING=1")
        for listener in listeners { closeListener(listener) }
        listeners.removeAll()
        guard let cluster, cluster.isLeader, cluster.members.voters.count > 1 else { return finishShutdown() }
        cluster.transferLeadership { [unowned self] in finishShutdown() }
    }

    private func finishShutdown() {
        cluster?.stop()
        for client in clients.values { flush(client) }
        logger.warning("Skiff is now ready to exit, bye bye...")
        loop.stop()
    }

    /// Flushes and closes the write-ahead log once the loop has stopped: the loop's last
    /// turn may still hand the log a batch, so closing earlier would lose or refuse it.
    func closeStorage() {
        logStore?.close()
    }

    // MARK: - Clients

    func accept(from listener: FileDescriptor) {
        // Like Redis's MAX_ACCEPTS_PER_CALL: a burst of connections does not starve the loop.
        for _ in 0..<1000 {
            let accepted: FileDescriptor?
            do {
                accepted = try Socket.accept(listener)
            } catch {
                logger.warning("Accepting client connection: \(error)")
                return
            }
            guard let fd = accepted else { return }
            stats.connectionsReceived += 1
            if clients.count >= config.integer("maxclients") {
                stats.rejectedConnections += 1
                _ = try? fd.writeAll(Array("-ERR max number of clients reached\r\n".utf8))
                fd.close()
                continue
            }
            Socket.setNoDelay(fd)
            let keepAlive = config.integer("tcp-keepalive")
            if keepAlive > 0 { Socket.setKeepAlive(fd, intervalSeconds: Int32(keepAlive)) }
            let client = Client(server: self, descriptor: fd, id: nextClientID, nowMs: loop.nowMs,
                                requiresPassword: !defaultUserNeedsNoPassword)
            nextClientID += 1
            if ProtectedMode.denies(peerAddress: client.address, enabled: config.flag("protected-mode"),
                                    passwordSet: !(aclUsers["default"]?.noPassword ?? false)) {
                stats.rejectedConnections += 1  // as Redis counts it (rejected_connections)
                _ = try? fd.writeAll(Array(ProtectedMode.denial.utf8))
                fd.close()
                continue
            }
            do {
                try loop.register(fd, .readable, client)
            } catch {
                logger.warning("Registering client: \(error)")
                fd.close()
                continue
            }
            clients[client.id] = client
            logger.verbose("Accepted \(client.address)")
        }
    }

    /// Queues `client` to have its output written before the loop sleeps.
    func scheduleFlush(_ client: Client) {
        if !client.pendingFlush {
            client.pendingFlush = true
            clientsToFlush.append(client)
        }
    }

    /// Writes as much pending output as the socket takes.
    func flush(_ client: Client) {
        guard !client.isClosing else { return }
        let total = client.output.bytes.count
        while client.outputSent < total {
            let sent = client.output.bytes.withUnsafeBytes { raw in
                Glibc.write(client.descriptor.rawValue, raw.baseAddress! + client.outputSent, total - client.outputSent)
            }
            if sent > 0 {
                client.outputSent += sent
                stats.netOutputBytes += sent
                continue
            }
            let error = SystemError.last("write")
            if error.interrupted { continue }
            if error.wouldBlock { break }
            logger.verbose("Error writing to client: \(error)")
            close(client)
            return
        }
        stats.writesProcessed += 1
        if client.outputSent == total {
            client.output.removeAll()
            client.outputSent = 0
            if client.closeAfterReply && client.slots.isEmpty {
                close(client)
                return
            }
        }
        updateInterest(client)
    }

    /// Watches for writability only while output waits; pauses reading while a
    /// client lets too much output pile up (it sends and never reads).
    private func updateInterest(_ client: Client) {
        if enforceOutputLimit(client) { return }
        let waiting = client.output.bytes.count - client.outputSent
        let wantsWritable = waiting > 0
        let pause = waiting > outputBackpressureBytes
        if wantsWritable != client.wantsWritable || pause != client.readingPaused {
            client.wantsWritable = wantsWritable
            let wasPaused = client.readingPaused
            client.readingPaused = pause
            var events: IOEvents = pause ? [] : .readable
            if wantsWritable { events.insert(.writable) }
            try? loop.modify(client.descriptor, events)
            if wasPaused && !pause { client.processInput() }
        }
    }

    /// One class of `client-output-buffer-limit` ("normal 4mb 2mb 60 pubsub ...").
    static func outputLimit(of kind: String, _ text: String) -> (hardBytes: Int, softBytes: Int, softSeconds: Int) {
        let words = text.split(separator: " ").map(String.init)
        var index = 0
        while index + 3 < words.count {
            if words[index].lowercased() == kind {
                return (Directive.parseMemory(words[index + 1]) ?? 0, Directive.parseMemory(words[index + 2]) ?? 0,
                        Int(words[index + 3]) ?? 0)
            }
            index += 4
        }
        return (0, 0, 0)
    }

    /// Closes `client` if its unsent output broke `client-output-buffer-limit`.
    /// Returns whether it did.
    func enforceOutputLimit(_ client: Client) -> Bool {
        let waiting = client.output.bytes.count - client.outputSent
        let limit = client.subscriptions > 0 ? pubSubOutputLimit : outputLimit
        var exceeded = limit.hardBytes > 0 && waiting >= limit.hardBytes
        if limit.softBytes > 0 && waiting >= limit.softBytes {
            if client.softLimitSinceMs == 0 { client.softLimitSinceMs = loop.nowMs }
            exceeded = exceeded || loop.nowMs - client.softLimitSinceMs >= Int64(limit.softSeconds) * 1000
        } else {
            client.softLimitSinceMs = 0
        }
        guard exceeded else { return false }
        logger.warning("Client id=\(client.id) addr=\(client.address) closed for overcoming of output buffer limits (\(waiting) bytes waiting).")
        close(client)
        return true
    }

    /// Closes a client at once (its unwritten output is dropped).
    func close(_ client: Client) {
        guard !client.isClosing else { return }
        client.isClosing = true
        forgetBlockedPop(client)
        unsubscribeAll(client)
        disableTracking(client)
        loop.unregister(client.descriptor)
        client.descriptor.close()
        clients[client.id] = nil
    }

    private func beforeSleep() {
        flushBroadcastInvalidations()
        let batch = clientsToFlush
        clientsToFlush.removeAll(keepingCapacity: true)
        for client in batch {
            client.pendingFlush = false
            flush(client)
        }
    }

    // MARK: - Cron

    /// Runs `hz` times a second: active expiry, idle client timeouts, the watchdog.
    private func cron() {
        cronTicks += 1
        expireKeys()
        performEvictions()
        usedMemoryPeak = max(usedMemoryPeak, usedMemoryStartup + keyspace.usedBytes)
        let timeoutSeconds = config.integer("timeout")
        if timeoutSeconds > 0 {
            let limitMs = Int64(timeoutSeconds) * 1000
            for client in clients.values where loop.nowMs - client.lastInteractionMs > limitMs {
                logger.verbose("Closing idle client")
                close(client)
            }
        }
        SystemdNotifier.watchdogTick(nowMs: loop.nowMs)
    }

    /// Redis's active expire cycle. A single node is its own leader, so it deletes
    /// directly; in a cluster these become conditional deletes proposed to the log.
    private func expireKeys() {
        let nowMs = keyTimeMs()
        if let cluster {
            // Only the leader expires, through the log; followers only hide (DESIGN §7).
            guard cluster.isLeader else { return }
            let found = keyspace.activeExpireCycle(nowMs: nowMs)
            cluster.proposeExpiry(found.map { ExpiryCandidate(database: $0.database, key: $0.key, deadlineMs: $0.deadlineMs) })
            return
        }
        for victim in keyspace.activeExpireCycle(nowMs: nowMs) {
            _ = keyspace.deleteIfExpired(database: victim.database, key: victim.key, nowMs: nowMs)
        }
    }

    // MARK: - Helpers

    /// The time TTLs are judged by: the cluster's entry clock, which a wall clock jumping
    /// ahead cannot rush (EntryClock), so reads hide and the leader deletes no key early.
    func keyTimeMs() -> Int64 {
        cluster?.entryTimeMs() ?? Clock.wallMs()
    }

    func nextSeed() -> UInt64 {
        commandSequence &+= 1
        return commandSequence
    }

    private static func makeRunID() -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = Array("0123456789abcdef")
        return String((0..<40).map { _ in hex[Int(generator.next() % 16)] })
    }
}

/// Accepts connections on one listening socket.
final class Listener: IOHandler {
    unowned let server: Server
    let descriptor: FileDescriptor

    init(server: Server, descriptor: FileDescriptor) {
        self.server = server
        self.descriptor = descriptor
    }

    func handle(_ events: IOEvents) {
        server.accept(from: descriptor)
    }
}

/// Turns SIGTERM and SIGINT into an orderly shutdown on the loop thread.
final class SignalHandler: IOHandler {
    unowned let server: Server

    init(server: Server) {
        self.server = server
    }

    func handle(_ events: IOEvents) {
        guard let signal = server.signalsDescriptorNext() else { return }
        server.shutdown(reason: signal == SIGINT ? "Received SIGINT" : "Received SIGTERM")
    }
}

extension Server {
    func signalsDescriptorNext() -> Int32? {
        signals?.next()
    }
}
