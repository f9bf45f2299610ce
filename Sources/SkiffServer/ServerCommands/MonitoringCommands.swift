import RESP

/// SLOWLOG and LATENCY, the introspection commands monitoring tools (Prometheus's
/// redis_exporter, redis-cli) send.
extension Server {
    /// Logs the command that just ran if it took at least `slowlog-log-slower-than`
    /// microseconds (negative: never), as Redis's `slowlogPushCurrentCommand` does.
    /// `arguments` is only evaluated for a command that is logged: copying the vector
    /// for every command cost two retain/release pairs.
    func recordSlowCommand(_ client: Client, _ entry: CommandEntry, _ arguments: @autoclosure () -> Arguments,
                           durationUs: Int64) {
        guard slowLogThresholdUs >= 0, durationUs >= slowLogThresholdUs, !entry.spec.flags.contains(.skipSlowlog) else {
            return
        }
        slowLog.push(Self.redactedForSlowLog(arguments()), durationUs: durationUs, timestampSeconds: commandTimeMs / 1000,
                     peerAddress: client.address, clientName: client.name, maxLength: config.integer("slowlog-max-len"))
    }

    /// Passwords never reach the slow log: Redis writes "(redacted)" for AUTH's arguments,
    /// the username and password of HELLO's AUTH option, and ACL SETUSER's arguments.
    static func redactedForSlowLog(_ arguments: Arguments) -> [ArraySlice<UInt8>] {
        var kept = (0..<arguments.count).map { arguments[$0] }
        let redacted = ArraySlice("(redacted)".utf8)
        if arguments.matches(0, "auth") {
            for index in 1..<kept.count { kept[index] = redacted }
        } else if arguments.matches(0, "acl") && kept.count > 2 && arguments.matches(1, "setuser") {
            // Redis 7.0 hides the user name and every rule of ACL SETUSER.
            for index in 2..<kept.count { kept[index] = redacted }
        } else if arguments.matches(0, "hello") {
            var index = 2
            while index < kept.count {
                if arguments.matches(index, "auth") && index + 2 < kept.count {
                    kept[index + 1] = redacted
                    kept[index + 2] = redacted
                    index += 2
                }
                index += 1
            }
        }
        return kept
    }

    /// `SLOWLOG GET [count] | LEN | RESET | HELP`.
    func slowlogCommand(_ client: Client) {
        let arguments = client.arguments
        if arguments.matches(1, "get") {
            guard arguments.count <= 3 else {
                // Redis checks SLOWLOG GET's arity itself (the table says "at least 2").
                client.output.error("ERR unknown subcommand or wrong number of arguments for '\(arguments.string(1))'. Try SLOWLOG HELP.")
                return
            }
            var limit: Int? = 10
            if arguments.count == 3 {
                guard let count = Int(arguments.string(2)), count >= -1 else {
                    client.output.error("ERR count should be greater than or equal to -1")
                    return
                }
                limit = count == -1 ? nil : count
            }
            writeSlowLogEntries(slowLog.newest(limit), to: client)
        } else if arguments.matches(1, "len") {
            client.output.integer(slowLog.count)
        } else if arguments.matches(1, "reset") {
            slowLog.reset()
            client.output.ok()
        } else {
            help(client, [
                "GET [<count>]",
                "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
                "    Entries are made of:",
                "    id, timestamp, time in microseconds, arguments array, client IP and port,",
                "    client name",
                "LEN", "    Return the length of the slowlog.",
                "RESET", "    Reset the slowlog.",
            ])
        }
    }

    private func writeSlowLogEntries(_ entries: [SlowLog.Entry], to client: Client) {
        client.output.arrayHeader(entries.count)
        for entry in entries {
            client.output.arrayHeader(6)
            client.output.integer(entry.id)
            client.output.integer(Int(entry.timestampSeconds))
            client.output.integer(Int(entry.durationUs))
            client.output.arrayHeader(entry.arguments.count)
            for argument in entry.arguments { client.output.bulk(argument) }
            client.output.bulk(entry.peerAddress)
            client.output.bulk(entry.clientName)
        }
    }

    /// `LATENCY LATEST | HISTORY event | RESET [event ...] | HELP`. Skiff keeps no
    /// latency events (its latency monitor is not built), so it answers as Redis does
    /// with `latency-monitor-threshold 0`, the default: nothing recorded.
    func latencyCommand(_ client: Client) {
        let arguments = client.arguments
        if arguments.matches(1, "latest") || arguments.matches(1, "history") {
            client.output.arrayHeader(0)
        } else if arguments.matches(1, "reset") {
            client.output.integer(0)
        } else {
            help(client, [
                "HISTORY <event>", "    Return time-latency samples for the <event> class.",
                "LATEST", "    Return the latest latency samples for all events.",
                "RESET [<event> ...]", "    Reset latency data of one or more <event> classes.",
                "    (default: reset all data for all event classes)",
            ])
        }
    }
}
