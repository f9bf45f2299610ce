import Commands
import Keyspace
import RESP

// Pub/sub (Redis's pubsub.c) and keyspace notifications (notify.c) on the server side.
//
// PUBLISH is applied like a write (`PubSubCommands`): in a cluster it travels through the
// log and each node delivers it here, to its own subscribers, as it applies the entry, so
// every subscriber on every node sees messages — and keyspace events, announced the same
// way — in log order. (Un)subscriptions are per connection and never replicated.

extension Server: KeyspaceObserver {
    /// Delivers a published message to this node's subscribers; returns how many got it.
    func publish(channel: ArraySlice<UInt8>, message: ArraySlice<UInt8>, sharded: Bool) -> Int {
        var receivers = 0
        let kind: SubscriptionKind = sharded ? .shardChannel : .channel
        for id in pubSub.subscribers(of: channel, kind) {
            guard let client = clients[id] else { continue }
            deliver(to: client) { output in
                output.pushHeader(3)
                output.bulk(sharded ? "smessage" : "message")
                output.bulk(channel)
                output.bulk(message)
            }
            receivers += 1
        }
        guard !sharded else { return receivers }
        for (pattern, ids) in pubSub.patterns(matching: channel) {
            for id in ids {
                guard let client = clients[id] else { continue }
                deliver(to: client) { output in
                    output.pushHeader(4)
                    output.bulk("pmessage")
                    output.bulk(pattern)
                    output.bulk(channel)
                    output.bulk(message)
                }
                receivers += 1
            }
        }
        return receivers
    }

    /// A key changed: invalidates it for tracking clients, then publishes `event` on
    /// `__keyspace@<db>__:<key>` and/or `key` on `__keyevent@<db>__:<event>`, as
    /// `notify-keyspace-events` asks (K and E).
    func keyspaceEvent(_ type: NotifyClasses, _ event: StaticString, key: ArraySlice<UInt8>, database: Int) {
        if keyspace.notifier.tracksKeys { invalidate(key) }
        let classes = keyspace.notifier.classes
        guard classes.contains(type) && !classes.isDisjoint(with: [.keyspace, .keyevent]) else { return }
        let eventBytes = event.utf8Buffer
        if classes.contains(.keyspace) {
            let channel = Array("__keyspace@\(database)__:".utf8) + key
            _ = publish(channel: channel[...], message: Array(eventBytes)[...], sharded: false)
        }
        if classes.contains(.keyevent) {
            let channel = Array("__keyevent@\(database)__:".utf8) + eventBytes
            _ = publish(channel: channel[...], message: key, sharded: false)
        }
    }

    /// Appends a push to `client`'s output and schedules the write; a client that lets
    /// pushes pile up past the pubsub output limit is closed, as in Redis.
    func deliver(to client: Client, _ write: (inout ReplyWriter) -> Void) {
        guard !client.isClosing else { return }
        write(&client.output)
        scheduleFlush(client)
        _ = enforceOutputLimit(client)
    }

    // MARK: - Commands

    /// SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE, their UNSUBSCRIBEs, and PUBSUB.
    func pubSubCommand(_ root: String, _ client: Client) {
        switch root {
        case "subscribe": subscribe(client, .channel, reply: "subscribe")
        case "psubscribe": subscribe(client, .pattern, reply: "psubscribe")
        case "ssubscribe": subscribe(client, .shardChannel, reply: "ssubscribe")
        case "unsubscribe": unsubscribe(client, .channel, reply: "unsubscribe")
        case "punsubscribe": unsubscribe(client, .pattern, reply: "punsubscribe")
        case "sunsubscribe": unsubscribe(client, .shardChannel, reply: "sunsubscribe")
        default: pubSubIntrospection(client)
        }
    }

    /// The count a (un)subscribe reply carries: shard subscriptions are counted apart
    /// from channels and patterns together, as in Redis 7.0.
    private func replyCount(_ client: Client, _ kind: SubscriptionKind) -> Int {
        kind == .shardChannel
            ? pubSub.count(of: client.id, .shardChannel)
            : pubSub.count(of: client.id, .channel) + pubSub.count(of: client.id, .pattern)
    }

    private func subscribe(_ client: Client, _ kind: SubscriptionKind, reply: StaticString) {
        for index in 1..<client.arguments.count {
            let name = client.arguments[index]
            if pubSub.subscribe(client.id, kind, Array(name)) { client.subscriptions += 1 }
            confirm(client, reply, name, count: replyCount(client, kind))
        }
    }

    private func unsubscribe(_ client: Client, _ kind: SubscriptionKind, reply: StaticString) {
        let names = client.arguments.count > 1
            ? (1..<client.arguments.count).map { Array(client.arguments[$0]) } : pubSub.names(of: client.id, kind)
        if names.isEmpty {
            client.output.pushHeader(3)
            client.output.bulk(reply.utf8Buffer)
            client.output.null()
            client.output.integer(replyCount(client, kind))
            return
        }
        for name in names {
            if pubSub.unsubscribe(client.id, kind, name) { client.subscriptions -= 1 }
            confirm(client, reply, name[...], count: replyCount(client, kind))
        }
    }

    private func confirm(_ client: Client, _ reply: StaticString, _ name: ArraySlice<UInt8>, count: Int) {
        client.output.pushHeader(3)
        client.output.bulk(reply.utf8Buffer)
        client.output.bulk(name)
        client.output.integer(count)
    }

    /// Drops every subscription of a client that closes or RESETs.
    func unsubscribeAll(_ client: Client) {
        guard client.subscriptions > 0 else { return }
        for kind in SubscriptionKind.allCases {
            for name in pubSub.names(of: client.id, kind) { _ = pubSub.unsubscribe(client.id, kind, name) }
        }
        client.subscriptions = 0
    }

    /// PUBSUB CHANNELS / NUMSUB / NUMPAT / SHARDCHANNELS / SHARDNUMSUB / HELP.
    private func pubSubIntrospection(_ client: Client) {
        let arguments = client.arguments
        let count = arguments.count
        switch arguments.string(1).lowercased() {
        case "channels" where count <= 3, "shardchannels" where count <= 3:
            let kind: SubscriptionKind = arguments.string(1).lowercased() == "channels" ? .channel : .shardChannel
            let names = pubSub.activeNames(kind, matching: count == 3 ? arguments[2] : nil)
            client.output.arrayHeader(names.count)
            for name in names { client.output.bulk(name) }
        case "numsub", "shardnumsub":
            let kind: SubscriptionKind = arguments.string(1).lowercased() == "numsub" ? .channel : .shardChannel
            client.output.arrayHeader((count - 2) * 2)
            for index in 2..<count {
                let name = arguments[index]
                client.output.bulk(name)
                client.output.integer(pubSub.subscribers(of: name, kind).count)
            }
        case "numpat":
            client.output.integer(pubSub.activeCount(.pattern))
        case "help":
            help(client, Self.pubSubHelp)
        default:
            client.output.error("ERR unknown subcommand or wrong number of arguments for '\(arguments.string(1))'. Try PUBSUB HELP.")
        }
    }

    /// Whether a RESP2 client in subscribed mode may run `entry` (Redis's processCommand).
    static func allowedWhileSubscribed(_ entry: CommandEntry) -> Bool {
        switch entry.serverRoot {
        case "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe", "ping", "quit",
            "reset":
            return true
        default:
            return false
        }
    }

    /// The error a RESP2 subscriber gets for any other command.
    static func subscribedModeError(_ entry: CommandEntry) -> String {
        "ERR Can't execute '\(entry.name)': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"
    }

    /// Redis 7.0's PUBSUB HELP text, line for line.
    static let pubSubHelp = [
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT", "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
        "SHARDCHANNELS [<pattern>]",
        "    Return the currently active shard level channels matching a <pattern> (default: '*').",
        "SHARDNUMSUB [<shardchannel> ...]",
        "    Return the number of subscribers for the specified shard level channel(s)",
    ]
}

extension StaticString {
    /// The string's bytes, without copying.
    var utf8Buffer: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: utf8Start, count: utf8CodeUnitCount)
    }
}
