import Cluster
import Commands
import RESP

// Client-side caching (Redis's tracking.c): CLIENT TRACKING / CACHING / GETREDIR /
// TRACKINGINFO and the invalidation messages.
//
// Changes are heard through the keyspace's announcements (`keyspaceEvent`), which every
// node makes as it applies an entry, so a client connected to a follower is invalidated
// when the follower applies the write. The guarantee that gives: the invalidation is
// queued on the client's connection before the reply to any later read of that client
// on that node (a read after the write's acknowledgement waits, under linearizable reads,
// for the follower to apply the write first); it may reach the client after the writer
// got its acknowledgement from the leader.

extension Server {
    /// CLIENT TRACKING, CACHING, GETREDIR, TRACKINGINFO.
    func trackingCommand(_ name: String, _ client: Client) {
        switch name {
        case "client|tracking": clientTracking(client)
        case "client|caching": clientCaching(client)
        case "client|getredir": client.output.integer(client.tracking.map(\.redirect) ?? -1)
        default: trackingInfo(client)
        }
    }

    /// `CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX p]... [BCAST] [OPTIN] [OPTOUT] [NOLOOP]`,
    /// with Redis 7.0's checks in its order.
    private func clientTracking(_ client: Client) {
        let arguments = client.arguments
        var options = ClientTracking()
        var index = 3
        while index < arguments.count {
            let more = index + 1 < arguments.count
            if arguments.matches(index, "redirect") && more {
                index += 1
                if options.redirect != 0 {
                    return client.output.error("ERR A client can only redirect to a single other client")
                }
                guard let id = Int(arguments.string(index)) else {
                    return client.output.error("ERR value is not an integer or out of range")
                }
                guard clients[id] != nil else {
                    return client.output.error("ERR The client ID you want redirect to does not exist")
                }
                options.redirect = id
            } else if arguments.matches(index, "bcast") {
                options.broadcast = true
            } else if arguments.matches(index, "optin") {
                options.optIn = true
            } else if arguments.matches(index, "optout") {
                options.optOut = true
            } else if arguments.matches(index, "noloop") {
                options.noLoop = true
            } else if arguments.matches(index, "prefix") && more {
                index += 1
                options.prefixes.append(Array(arguments[index]))
            } else {
                return client.output.error("ERR syntax error")
            }
            index += 1
        }
        if arguments.matches(2, "off") {
            disableTracking(client)
            return client.output.ok()
        }
        guard arguments.matches(2, "on") else { return client.output.error("ERR syntax error") }
        if let error = trackingOptionsError(options, current: client.tracking) { return client.output.error(error) }
        enableTracking(client, options)
        client.output.ok()
    }

    /// Why `options` cannot turn tracking on for a client whose tracking is `current`.
    private func trackingOptionsError(_ options: ClientTracking, current: ClientTracking?) -> String? {
        if !options.broadcast && !options.prefixes.isEmpty { return "ERR PREFIX option requires BCAST mode to be enabled" }
        if let current, current.broadcast != options.broadcast {
            return "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode."
        }
        if options.broadcast && (options.optIn || options.optOut) {
            return "ERR OPTIN and OPTOUT are not compatible with BCAST"
        }
        if options.optIn && options.optOut { return "ERR You can't specify both OPTIN mode and OPTOUT mode" }
        if let current, (options.optIn && current.optOut) || (options.optOut && current.optIn) {
            return "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode."
        }
        guard options.broadcast else { return nil }
        let prefixes = options.prefixes
        for (position, prefix) in prefixes.enumerated() {
            for existing in current?.prefixes ?? [] where Self.overlap(prefix, existing) {
                return "ERR Prefix '\(Self.text(prefix))' overlaps with an existing prefix '\(Self.text(existing))'. Prefixes for a single client must not overlap."
            }
            for other in prefixes[(position + 1)...] where Self.overlap(prefix, other) {
                return "ERR Prefix '\(Self.text(prefix))' overlaps with another provided prefix '\(Self.text(other))'. Prefixes for a single client must not overlap."
            }
        }
        return nil
    }

    private static func overlap(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.starts(with: b) || b.starts(with: a)
    }

    private static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// Redis's `enableTracking`: the mode flags are replaced, BCAST prefixes added (none: every key).
    private func enableTracking(_ client: Client, _ options: ClientTracking) {
        var tracking = client.tracking ?? ClientTracking()
        if client.tracking == nil { trackingTable.trackingClients += 1 }
        tracking.redirect = options.redirect
        tracking.broadcast = options.broadcast
        tracking.optIn = options.optIn
        tracking.optOut = options.optOut
        tracking.noLoop = options.noLoop
        if options.broadcast {
            let added = options.prefixes.isEmpty && tracking.prefixes.isEmpty ? [[]] : options.prefixes
            for prefix in added {
                tracking.prefixes.append(prefix)
                trackingTable.addPrefix(prefix, for: client.id)
            }
        }
        client.tracking = tracking
        keyspace.notifier.tracksKeys = true
    }

    /// Turns tracking off (CLIENT TRACKING OFF, RESET, a closing client). Keys it read stay
    /// in the table until they change; the invalidation then skips it.
    func disableTracking(_ client: Client) {
        guard let tracking = client.tracking else { return }
        for prefix in tracking.prefixes { trackingTable.removePrefix(prefix, for: client.id) }
        client.tracking = nil
        trackingTable.trackingClients -= 1
        keyspace.notifier.tracksKeys = trackingTable.trackingClients > 0
    }

    /// `CLIENT CACHING YES|NO`: whether the next command's keys are tracked (OPTIN/OPTOUT).
    private func clientCaching(_ client: Client) {
        guard let tracking = client.tracking else {
            return client.output.error("ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled")
        }
        if client.arguments.matches(2, "yes") {
            guard tracking.optIn else {
                return client.output.error("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.")
            }
        } else if client.arguments.matches(2, "no") {
            guard tracking.optOut else {
                return client.output.error("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.")
            }
        } else {
            return client.output.error("ERR syntax error")
        }
        client.tracking?.caching = true
        client.output.ok()
    }

    /// `CLIENT TRACKINGINFO`: flags (a set in RESP3), redirect, prefixes.
    private func trackingInfo(_ client: Client) {
        var flags: [String] = ["off"]
        if let tracking = client.tracking {
            flags = ["on"]
            if tracking.broadcast { flags.append("bcast") }
            if tracking.optIn { flags.append("optin") }
            if tracking.optOut { flags.append("optout") }
            if tracking.caching { flags.append(tracking.optIn ? "caching-yes" : "caching-no") }
            if tracking.noLoop { flags.append("noloop") }
            if tracking.redirect != 0 && clients[tracking.redirect] == nil { flags.append("broken_redirect") }
        }
        client.output.mapHeader(3)
        client.output.bulk("flags")
        client.output.setHeader(flags.count)
        for flag in flags { client.output.bulk(flag) }
        client.output.bulk("redirect")
        client.output.integer(client.tracking.map(\.redirect) ?? -1)
        client.output.bulk("prefixes")
        let prefixes = client.tracking?.prefixes.filter { !$0.isEmpty } ?? []
        client.output.arrayHeader(prefixes.count)
        for prefix in prefixes { client.output.bulk(prefix) }
    }

    // MARK: - Reads and invalidations

    /// Called for each command of a tracking client before it runs: whether its keys are
    /// to be remembered once it ran (a read-only command in default mode, as OPTIN/OPTOUT
    /// allow). CLIENT CACHING lasts for one command other than CLIENT.
    func trackCommand(_ client: Client, _ entry: CommandEntry) -> Bool {
        guard var tracking = client.tracking, entry.serverRoot != "client" else { return false }
        let cached = tracking.optIn ? tracking.caching : !(tracking.optOut && tracking.caching)
        tracking.caching = false
        client.tracking = tracking
        return !tracking.broadcast && cached && entry.spec.flags.contains(.readonly) && entry.spec.firstKey > 0
    }

    /// Remembers the keys of a read-only command (its spec's first/last key and step).
    func rememberKeys(_ client: Client, _ arguments: Arguments, _ spec: CommandSpec) {
        guard client.tracking != nil else { return }
        let count = arguments.count
        let last = spec.lastKey < 0 ? count + spec.lastKey : min(spec.lastKey, count - 1)
        var index = spec.firstKey
        while index <= last {
            trackingTable.remember(arguments[index], for: client.id)
            index += max(spec.keyStep, 1)
        }
    }

    /// A key changed: invalidates it for the clients that read it, and queues it for the
    /// BCAST clients of its prefixes (sent together before the loop sleeps, as Redis does).
    func invalidate(_ key: ArraySlice<UInt8>) {
        for id in trackingTable.takeReaders(of: key) {
            guard let tracker = clients[id], let tracking = tracker.tracking, !tracking.broadcast else { continue }
            if tracking.noLoop && tracker === executingClient { continue }
            sendInvalidation(tracker, keys: [Array(key)])
        }
        trackingTable.noteBroadcast(key)
    }

    /// FLUSHDB/FLUSHALL: every tracking client drops its whole cache (a null key list).
    func keyspaceFlushed() {
        trackingTable.forgetAllReads()
        for client in clients.values.sorted(by: { $0.id < $1.id }) where client.tracking != nil {
            sendInvalidation(client, keys: nil)
        }
    }

    /// Sends the queued BCAST invalidations.
    func flushBroadcastInvalidations() {
        for (ids, keys) in trackingTable.takeBroadcasts() {
            for id in ids {
                guard let tracker = clients[id], tracker.tracking?.broadcast == true else { continue }
                sendInvalidation(tracker, keys: keys)
            }
        }
    }

    /// Sends one invalidation for `tracker` to it or to its redirect target. While the
    /// target's own command runs, the invalidation waits and follows the reply, where Redis
    /// puts it.
    func sendInvalidation(_ tracker: Client, keys: [[UInt8]]?) {
        guard let tracking = tracker.tracking else { return }
        var target = tracker
        if tracking.redirect != 0 {
            guard let redirected = clients[tracking.redirect] else { return }
            target = redirected
        }
        if target === executingClient {
            pendingInvalidations.append((target, keys, tracking.redirect != 0))
            return
        }
        writeInvalidation(target, keys: keys, redirected: tracking.redirect != 0)
    }

    /// A RESP3 push, or to a RESP2 redirect target in subscribed mode a
    /// `__redis__:invalidate` message; a RESP2 client without redirect cannot be told (as
    /// in Redis). `keys` nil: everything (FLUSHALL).
    private func writeInvalidation(_ target: Client, keys: [[UInt8]]?, redirected: Bool) {
        let resp3 = target.protocolVersion == .resp3
        guard resp3 || (redirected && target.subscriptions > 0) else { return }
        deliver(to: target) { output in
            if resp3 {
                output.pushHeader(2)
                output.bulk("invalidate")
            } else {
                output.arrayHeader(3)
                output.bulk("message")
                output.bulk("__redis__:invalidate")
            }
            guard let keys else { return output.null() }
            output.arrayHeader(keys.count)
            for key in keys { output.bulk(key) }
        }
    }

    /// Runs a command of `client` on its own buffer, then sends the invalidations its own
    /// writes caused, after its reply.
    func execute(_ client: Client, _ body: () -> Void) {
        executingClient = client
        body()
        finishExecuting()
    }

    /// Hands a write of `client` to the log. While its entry applies on this node the client
    /// is the executing one, as when a command runs locally (`execute`): NOLOOP skips it, and
    /// the invalidations its write causes wait for `finishExecuting`, which `completion`
    /// calls once the reply is in place. A client gone meanwhile gets no completion.
    /// Completions here and at read barriers hold the client strongly and test `isClosing`:
    /// a `weak` capture would give every client a side table, and every retain of it would
    /// take the runtime's slow path from then on.
    func submitWrite(_ replication: Replication, _ arguments: Arguments, database: Int, of client: Client,
                     completion: @escaping (Client, [UInt8]) -> Void) {
        // The closure holds the client: `executingClient` does not retain it, and a push of
        // the apply may close it before the reply comes.
        replication.submitWrite(arguments, database: database, protocolVersion: client.protocolVersion) {
            [unowned self] progress in
            follow(progress, of: client) { completion(client, $0) }
        }
    }

    /// What a write's progress means for its client (see `submitWrite`): the executing
    /// client while its entry applies, then `finished` gets the reply unless it has gone.
    func follow(_ progress: WriteProgress, of client: Client, finished: ([UInt8]) -> Void) {
        switch progress {
        case .applying:
            executingClient = client
        case .finished(let reply):
            guard !client.isClosing else { return finishExecuting() }
            finished(reply)
        }
    }

    /// The executing client's reply is in place: sends the invalidations its own writes
    /// caused, after it, as Redis does.
    func finishExecuting() {
        executingClient = nil
        guard !pendingInvalidations.isEmpty else { return }
        let pending = pendingInvalidations
        pendingInvalidations.removeAll()
        for (target, keys, redirected) in pending where !target.isClosing {
            writeInvalidation(target, keys: keys, redirected: redirected)
        }
    }
}
