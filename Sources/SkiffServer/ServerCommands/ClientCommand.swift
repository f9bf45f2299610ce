import Commands
import RESP

/// CLIENT and its subcommands.
extension Server {
    func clientCommand(_ spec: CommandSpec, _ client: Client) {
        let arguments = client.arguments
        switch spec.name {
        case "client|id":
            client.output.integer(client.id)
        case "client|setname":
            if setName(client, arguments[2]) { client.output.ok() }
        case "client|getname":
            if client.name.isEmpty { client.output.null() } else { client.output.bulk(client.name) }
        case "client|list":
            clientList(client)
        case "client|info":
            client.output.verbatim(Array((describe(client) + "\n").utf8))
        case "client|kill":
            clientKill(client)
        case "client|unblock":
            clientUnblock(client)
        case "client|no-evict":
            onOff(client, 2) { client.noEvict = $0 }
        case "client|setinfo":
            clientSetInfo(client)
        case "client|help":
            help(client, Self.clientHelp)
        case "client|tracking", "client|caching", "client|getredir", "client|trackinginfo":
            trackingCommand(spec.name, client)
        default:
            client.output.error("ERR unknown subcommand '\(arguments.string(1))'. Try CLIENT HELP.")
        }
    }

    /// `CLIENT SETINFO LIB-NAME|LIB-VER value` (Redis 7.2; redis-py sends it on connect).
    private func clientSetInfo(_ client: Client) {
        let arguments = client.arguments
        let value = arguments.string(3)
        guard value.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
            client.output.error("ERR \(arguments.string(2).uppercased()) cannot contain spaces, newlines or special characters.")
            return
        }
        if arguments.matches(2, "lib-name") {
            client.libraryName = value
        } else if arguments.matches(2, "lib-ver") {
            client.libraryVersion = value
        } else {
            client.output.error("ERR Unrecognized option '\(arguments.string(2))'")
            return
        }
        client.output.ok()
    }

    private func clientList(_ client: Client) {
        let arguments = client.arguments
        var selected = clients.values.sorted { $0.id < $1.id }
        if arguments.count == 4 && arguments.matches(2, "type") {
            let kind = arguments.string(3).lowercased()
            guard ["normal", "master", "replica", "slave", "pubsub"].contains(kind) else {
                client.output.error("ERR Unknown client type '\(arguments.string(3))'")
                return
            }
            selected = selected.filter { clientType($0) == kind }
        } else if arguments.count >= 4 && arguments.matches(2, "id") {
            var ids: Set<Int> = []
            for index in 3..<arguments.count {
                guard let id = Int(arguments.string(index)), id > 0 else {
                    client.output.error("ERR Invalid client ID")
                    return
                }
                ids.insert(id)
            }
            selected = selected.filter { ids.contains($0.id) }
        } else if arguments.count != 2 {
            client.output.error("ERR syntax error")
            return
        }
        let text = selected.map { describe($0) + "\n" }.joined()
        client.output.verbatim(Array(text.utf8))
    }

    /// One CLIENT LIST line, with Redis 7.0's fields in Redis's order.
    /// Redis's client type for TYPE filters: `pubsub` while subscribed, else `normal`.
    func clientType(_ c: Client) -> String {
        c.subscriptions > 0 ? "pubsub" : "normal"
    }

    func describe(_ c: Client) -> String {
        let ageSeconds = (loop.nowMs - c.createdMs) / 1000
        let idleSeconds = (loop.nowMs - c.lastInteractionMs) / 1000
        let queryBuffer = c.input.unconsumedCount
        let outputBytes = c.output.bytes.count - c.outputSent
        // Redis 7.0's getClientFlags order: P x b t R B e, else N.
        var flags = c.subscriptions > 0 ? "P" : ""
        if c.transaction != nil { flags += "x" }
        if c.blockedPop != nil { flags += "b" }
        if let tracking = c.tracking {
            flags += "t"
            if tracking.redirect != 0 && clients[tracking.redirect] == nil { flags += "R" }
            if tracking.broadcast { flags += "B" }
        }
        if c.noEvict { flags += "e" }
        if flags.isEmpty { flags = "N" }
        let queued = c.transaction.map { String($0.commands.count) } ?? "-1"
        let events = c.wantsWritable ? "rw" : "r"
        return "id=\(c.id) addr=\(c.address) laddr=\(c.localAddress) fd=\(c.descriptor.rawValue) "
            + "name=\(String(decoding: c.name, as: UTF8.self)) age=\(ageSeconds) idle=\(idleSeconds) flags=\(flags) "
            + "db=\(c.database) sub=\(pubSub.count(of: c.id, .channel)) psub=\(pubSub.count(of: c.id, .pattern)) ssub=\(pubSub.count(of: c.id, .shardChannel)) multi=\(queued) qbuf=\(queryBuffer) qbuf-free=0 "
            + "argv-mem=\(c.arguments.bytes.count) multi-mem=0 rbs=16384 rbp=0 obl=0 oll=0 omem=\(outputBytes) "
            + "tot-mem=\(16384 + outputBytes + queryBuffer) events=\(events) cmd=\(c.lastCommand?.name ?? "NULL") "
            + "user=\(c.user) redir=\(c.tracking.map(\.redirect) ?? -1) resp=\(c.protocolVersion.rawValue)"
            + (c.libraryName.isEmpty && c.libraryVersion.isEmpty ? "" : " lib-name=\(c.libraryName) lib-ver=\(c.libraryVersion)")
    }

    /// `CLIENT KILL addr` (old form: replies OK) or `CLIENT KILL <filter> <value> ...`
    /// (new form: replies the number killed).
    private func clientKill(_ client: Client) {
        let arguments = client.arguments
        if arguments.count == 3 {
            let address = arguments.string(2)
            guard let victim = clients.values.first(where: { $0.address == address }) else {
                client.output.error("ERR No such client")
                return
            }
            client.output.ok()
            kill(victim, requestedBy: client)
            return
        }
        guard arguments.count % 2 == 0 else {
            client.output.error("ERR syntax error")
            return
        }
        var filters: [(Client) -> Bool] = []
        var skipMe = true
        var index = 2
        while index + 1 < arguments.count {
            let value = arguments.string(index + 1)
            switch arguments.string(index).lowercased() {
            case "id":
                guard let id = Int(value), id > 0 else {
                    client.output.error("ERR client-id should be greater than 0")
                    return
                }
                filters.append { $0.id == id }
            case "addr":
                filters.append { $0.address == value }
            case "laddr":
                filters.append { $0.localAddress == value }
            case "user":
                guard value == "default" else {
                    client.output.error("ERR No such user '\(value)'")
                    return
                }
                filters.append { $0.user == value }
            case "type":
                let kind = value.lowercased()
                guard ["normal", "master", "replica", "slave", "pubsub"].contains(kind) else {
                    client.output.error("ERR Unknown client type '\(value)'")
                    return
                }
                filters.append { [unowned self] in clientType($0) == kind }
            case "skipme":
                switch value.lowercased() {
                case "yes": skipMe = true
                case "no": skipMe = false
                default:
                    client.output.error("ERR syntax error")
                    return
                }
            default:
                client.output.error("ERR syntax error")
                return
            }
            index += 2
        }
        let victims = clients.values.filter { candidate in
            !(skipMe && candidate === client) && filters.allSatisfy { $0(candidate) }
        }
        client.output.integer(victims.count)
        for victim in victims { kill(victim, requestedBy: client) }
    }

    /// A client killing itself still gets its reply, as in Redis.
    private func kill(_ victim: Client, requestedBy client: Client) {
        if victim === client {
            client.closeAfterReply = true
        } else {
            close(victim)
        }
    }

    /// Parses an ON/OFF argument and calls `set`, or answers a syntax error.
    func onOff(_ client: Client, _ index: Int, _ set: (Bool) -> Void) {
        if client.arguments.matches(index, "on") {
            set(true)
        } else if client.arguments.matches(index, "off") {
            set(false)
        } else {
            client.output.error("ERR syntax error")
            return
        }
        client.output.ok()
    }

    /// A HELP reply: the lines as status strings, like Redis's `addReplyHelp`.
    func help(_ client: Client, _ lines: [String]) {
        let name = client.arguments.string(0).uppercased()
        client.output.arrayHeader(lines.count + 3)
        client.output.simpleString("\(name) <subcommand> [<arg> [value] [opt] ...]. Subcommands are:")
        for line in lines { client.output.simpleString(line) }
        client.output.simpleString("HELP")
        client.output.simpleString("    Prints this help.")
    }

    /// Redis 7.0's CLIENT HELP text, line for line.
    static let clientHelp = [
        "CACHING (YES|NO)", "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
        "GETREDIR", "    Return the client ID we are redirecting to when tracking is enabled.",
        "GETNAME", "    Return the name of the current connection.",
        "ID", "    Return the ID of the current connection.",
        "INFO", "    Return information about the current client connection.",
        "KILL <ip:port>", "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]", "    Kill connections. Options are:",
        "    * ADDR (<ip:port>|<unixsocket>:0)", "      Kill connections made from the specified address",
        "    * LADDR (<ip:port>|<unixsocket>:0)", "      Kill connections made to specified local address",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)", "      Kill connections by type.",
        "    * USER <username>", "      Kill connections authenticated by <username>.",
        "    * SKIPME (YES|NO)", "      Skip killing current connection (default: yes).",
        "LIST [options ...]", "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)", "      Return clients of specified type.",
        "UNPAUSE", "    Stop the current client pause, resuming traffic.",
        "PAUSE <timeout> [WRITE|ALL]", "    Suspend all, or just write, clients for <timeout> milliseconds.",
        "REPLY (ON|OFF|SKIP)", "    Control the replies sent to the current connection.",
        "SETNAME <name>", "    Assign the name <name> to the current connection.",
        "UNBLOCK <clientid> [TIMEOUT|ERROR]", "    Unblock the specified blocked client.",
        "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
        "         [OPTIN] [OPTOUT] [NOLOOP]", "    Control server assisted client side caching.",
        "TRACKINGINFO", "    Report tracking status for the current connection.",
        "NO-EVICT (ON|OFF)", "    Protect current client connection from eviction.",
    ]
}
