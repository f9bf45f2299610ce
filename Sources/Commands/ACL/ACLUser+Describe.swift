/// How ACL LIST, ACL GETUSER and the ACL file show a user (Redis 7.0's `ACLDescribeUser`).
extension ACLUser {
    /// The flag words GETUSER lists and ACL LIST starts with, in Redis's order.
    public var flagNames: [String] {
        var names = [enabled ? "on" : "off"]
        if noPassword { names.append("nopass") }
        if skipSanitizePayload { names.append("skip-sanitize-payload") }
        if sanitizePayload { names.append("sanitize-payload") }
        return names
    }

    /// GETUSER's `keys`: `~*`, or each pattern as `~p`, `%R~p` or `%W~p`.
    public var keysDescription: [UInt8] {
        joined(keyRules)
    }

    private var keyRules: [[UInt8]] {
        if allKeys { return [Array("~*".utf8)] }
        return keyPatterns.map { pattern in
            let prefix = pattern.read && pattern.write ? "~" : pattern.read ? "%R~" : "%W~"
            return Array(prefix.utf8) + pattern.pattern
        }
    }

    /// GETUSER's `channels`: `&*`, or each pattern as `&p`.
    public var channelsDescription: [UInt8] {
        if allChannels { return Array("&*".utf8) }
        return joined(channelPatterns.map { [UInt8(ascii: "&")] + $0 })
    }

    /// The rules that recreate this user, in ACL LIST's order: flags, `#hash`es, key
    /// patterns, channels, then the command rules.
    public func rules(table: ACLCommandTable = .shared) -> [[UInt8]] {
        var parts = flagNames.map { Array($0.utf8) }
        parts += passwordHashes.map { Array("#\($0)".utf8) }
        parts += keyRules
        if allChannels {
            parts.append(Array("&*".utf8))
        } else {
            parts.append(Array("resetchannels".utf8))
            parts += channelPatterns.map { [UInt8(ascii: "&")] + $0 }
        }
        parts += commandRules(table: table).split(separator: " ").map { Array($0.utf8) }
        return parts
    }

    /// The user as one ACL LIST / ACL file line, without the leading `user `.
    public func description(table: ACLCommandTable = .shared) -> [UInt8] {
        joined([Array(name.utf8)] + rules(table: table))
    }

    /// The command part: `+@all`/`-@all`, then the categories that fit best, then single
    /// commands, as Redis 7.0's `ACLDescribeSelectorCommandRules` derives them from the
    /// bits. (Redis walks single commands in its hash table's order, which changes between
    /// runs; Skiff walks its command table.)
    public func commandRules(table: ACLCommandTable = .shared) -> String {
        let additive = !allowsAllCommands
        var rules = [additive ? "-@all" : "+@all"]
        var fake = ACLUser(name: name, table: table)
        if !additive { fake.allowedCommands = [Bool](repeating: true, count: table.commands.count) }
        var remaining = allowedCommands
        var applied = Set<Int>()
        while let best = bestCategory(remaining, additive: additive, skipping: applied, table: table) {
            let ids = table.ids(inCategory: UInt32(1) << UInt32(best))
            for id in ids {
                fake.allowedCommands[id] = additive
                remaining[id] = !additive
            }
            rules.append((additive ? "+@" : "-@") + ACLCommandTable.categories[best])
            applied.insert(best)
        }
        for id in table.commands.indices where table.commands[id].parentID == nil {
            singleCommandRules(id, &fake, &rules, table: table)
        }
        return rules.joined(separator: " ")
    }

    /// The category with more commands agreeing with `remaining` than not, and fewest
    /// disagreeing (Redis's loop in `ACLDescribeSelectorCommandRules`).
    private func bestCategory(_ remaining: [Bool], additive: Bool, skipping applied: Set<Int>,
                              table: ACLCommandTable) -> Int? {
        var best: Int?
        var fewestDifferent = Int.max, mostSame = 0
        for index in ACLCommandTable.categories.indices where !applied.contains(index) {
            var on = 0, off = 0
            for id in table.ids(inCategory: UInt32(1) << UInt32(index)) {
                if remaining[id] { on += 1 } else { off += 1 }
            }
            let different = additive ? off : on
            let same = additive ? on : off
            if same > different && (different < fewestDifferent || (different == fewestDifferent && same > mostSame)) {
                best = index
                fewestDifferent = different
                mostSame = same
            }
        }
        return best
    }

    private func singleCommandRules(_ id: Int, _ fake: inout ACLUser, _ rules: inout [String], table: ACLCommandTable) {
        let command = table.commands[id]
        let allowed = allowedCommands[id]
        if allowed != fake.allowedCommands[id] {
            rules.append((allowed ? "+" : "-") + command.name)
            fake.setCommand(id, allowed, table: table)
        }
        for sub in command.subcommandIDs { singleCommandRules(sub, &fake, &rules, table: table) }
        if !allowed, let arguments = allowedFirstArguments[id] {
            rules += arguments.map { "+\(command.name)|\($0)" }
        }
    }

    private func joined(_ parts: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        for part in parts {
            if !out.isEmpty { out.append(UInt8(ascii: " ")) }
            out += part
        }
        return out
    }
}
