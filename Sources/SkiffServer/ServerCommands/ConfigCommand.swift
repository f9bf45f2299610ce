import Commands
import RESP

/// CONFIG GET / SET / RESETSTAT / HELP.
extension Server {
    func configCommand(_ spec: CommandSpec, _ client: Client) {
        switch spec.name {
        case "config|get": configGet(client)
        case "config|set": configSet(client)
        case "config|resetstat":
            stats = ServerStats()
            client.output.ok()
        case "config|rewrite":
            client.output.error("ERR The server is running without a config file")
        case "config|help":
            help(client, [
                "GET <pattern>", "    Return parameters matching the glob-like <pattern> and their values.",
                "SET <directive> <value>", "    Set the configuration <directive> to <value>.",
                "RESETSTAT", "    Reset statistics reported by the INFO command.",
                "REWRITE", "    Rewrite the configuration file.",
            ])
        default:
            client.output.error("ERR unknown subcommand '\(client.arguments.string(1))'. Try CONFIG HELP.")
        }
    }

    /// `CONFIG GET pattern [pattern ...]`: a map of every matching directive (aliases too).
    private func configGet(_ client: Client) {
        let arguments = client.arguments
        var matched: [(String, String)] = []
        var seen: Set<String> = []
        for index in 2..<arguments.count {
            let pattern = Array(arguments[index])
            // Like Redis 7: a name without glob characters is looked up directly and
            // answered under the name as the client wrote it.
            if !pattern.contains(where: { [UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "[")].contains($0) }) {
                let given = arguments.string(index)
                if let directive = DirectiveTable.byName[given.lowercased()], seen.insert(given.lowercased()).inserted {
                    matched.append((given, shownValue(of: directive.name)))
                }
                continue
            }
            for directive in DirectiveTable.all {
                for name in [directive.name] + directive.aliases where !seen.contains(name) {
                    if Glob.matches(pattern: pattern, Array(name.utf8), caseInsensitive: true) {
                        seen.insert(name)
                        matched.append((name, shownValue(of: directive.name)))
                    }
                }
            }
        }
        client.output.mapHeader(matched.count)
        for (name, value) in matched {
            client.output.bulk(name)
            client.output.bulk(value)
        }
    }

    /// Redis 7.0 shows `requirepass` and `masterauth` in clear to whoever may run CONFIG GET
    /// (an admin command ACL rules can deny). The cluster secret is worth more: it lets a
    /// process join the peer network and take part in Raft, so it is never shown.
    static let redactedSecret = "(redacted)"

    private func shownValue(of name: String) -> String {
        name == "cluster-secret" && !config[name].isEmpty ? Self.redactedSecret : config[name]
    }

    /// `CONFIG SET name value [name value ...]`: all or nothing, as in Redis 7.
    private func configSet(_ client: Client) {
        let arguments = client.arguments
        guard arguments.count % 2 == 0 else {
            client.output.error("ERR syntax error")
            return
        }
        var updated = config
        var names: Set<String> = []
        var index = 2
        while index < arguments.count {
            let name = arguments.string(index).lowercased()
            guard let directive = DirectiveTable.byName[name] else {
                client.output.error("ERR Unknown option or number of arguments for CONFIG SET - '\(arguments.string(index))'")
                return
            }
            func fail(_ reason: String) {
                client.output.error("ERR CONFIG SET failed (possibly related to argument '\(arguments.string(index))') - \(reason)")
            }
            guard names.insert(directive.name).inserted else { return fail("duplicate parameter") }
            switch directive.mutability {
            case .immutable: return fail("can't set immutable config")
            case .protected: return fail("can't set protected config")
            case .mutable: break
            }
            if case .failure(let error) = updated.set(name, [arguments.string(index + 1)]) {
                if case .invalid(let message) = error { return fail(message) }
                return fail("wrong number of arguments")
            }
            index += 2
        }
        if updated["port"] != config["port"] && !changePort(to: updated.integer("port")) {
            client.output.error("ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port")
            return
        }
        if updated["maxclients"] != config["maxclients"],
           case let fit = ClientCapacity.fit(maxclients: updated.integer("maxclients"), logger: logger), fit != .fits {
            let possible = if case .reduced(let count) = fit { count } else { 0 }
            client.output.error("ERR CONFIG SET failed (possibly related to argument 'maxclients') - The operating system "
                + "is not able to handle the specified number of clients, try with \(possible)")
            return
        }
        let replicated = names.filter { Self.replicatedDirectives.contains($0) && updated[$0] != config[$0] }
        guard let cluster, !replicated.isEmpty else {
            config = updated
            configurationChanged()
            return client.output.ok()
        }
        // Replicated directives change through the log, on every node at the same point
        // (`replicatedConfigApplied`); the reply waits for this node to apply the entry.
        var pairs: [String] = ["CONFIG", "SET"]
        for name in replicated.sorted() {
            pairs += [name, updated[name]]
            updated.restore(name, from: config)
        }
        config = updated
        configurationChanged()
        let slot = client.reserveSlot()
        cluster.submitWrite(Arguments(strings: pairs), database: 0, protocolVersion: client.protocolVersion) {
            [weak client] reply in client?.fill(slot, with: reply)
        }
    }
}
