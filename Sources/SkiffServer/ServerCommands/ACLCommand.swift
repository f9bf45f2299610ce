import Commands
import RESP

/// ACL SETUSER/GETUSER/DELUSER/LIST/USERS/WHOAMI/CAT/LOG/GENPASS/DRYRUN/LOAD/SAVE/HELP.
extension Server {
    func aclCommand(_ spec: CommandSpec, _ client: Client) {
        switch spec.name {
        case "acl|setuser":
            let rules = (3..<client.arguments.count).map { client.arguments[$0] }
            if case .failure(let error) = aclUsers.updated(client.arguments.string(2), rules: rules) {
                return client.output.error(error.text)
            }
            submitACLChange(Self.hashingPasswords(client.arguments), client)
        case "acl|deluser":
            let names = (2..<client.arguments.count).map { client.arguments.string($0) }
            if let error = ACLUsers.deletionError(names) { return client.output.error(error.text) }
            submitACLChange(client.arguments, client)
        case "acl|getuser": aclGetUser(client)
        case "acl|list":
            let users = aclUsers.sorted
            client.output.arrayHeader(users.count)
            for user in users { client.output.bulk(Array("user ".utf8) + user.description()) }
        case "acl|users":
            let users = aclUsers.sorted
            client.output.arrayHeader(users.count)
            for user in users { client.output.bulk(user.name) }
        case "acl|whoami": client.output.bulk(client.user)
        case "acl|cat": aclCat(client)
        case "acl|log": aclLogCommand(client)
        case "acl|genpass": aclGenPass(client)
        case "acl|dryrun": aclDryRun(client)
        case "acl|load": aclLoad(client)
        case "acl|save": aclSave(client)
        default: aclHelp(client)
        }
    }

    /// ACL SETUSER/DELUSER/LOAD, validated: through the log on a replicated node (every node
    /// applies it in order), at once otherwise. Either way `aclChanged` follows.
    func submitACLChange(_ arguments: Arguments, _ client: Client) {
        guard let cluster else {
            if aclUsers.apply(arguments, reply: &client.output) { aclChanged() }
            return
        }
        let slot = client.reserveSlot()
        cluster.submitWrite(arguments, database: 0, protocolVersion: client.protocolVersion) {
            [weak client] reply in client?.fill(slot, with: reply)
        }
    }

    /// ACL SETUSER with `>pass` and `<pass` turned into `#hash` and `!hash`: the same change,
    /// but the Raft log (and the WAL on disk) never holds a password in clear.
    static func hashingPasswords(_ arguments: Arguments) -> Arguments {
        var rewritten: [[UInt8]] = []
        for index in 0..<arguments.count {
            let rule = arguments[index]
            if index >= 3, let first = rule.first, first == UInt8(ascii: ">") || first == UInt8(ascii: "<") {
                let marker = first == UInt8(ascii: ">") ? UInt8(ascii: "#") : UInt8(ascii: "!")
                rewritten.append([marker] + Array(SHA256.hexDigest(rule.dropFirst()).utf8))
            } else {
                rewritten.append(Array(rule))
            }
        }
        return Arguments(rewritten)
    }

    /// After users changed: connections of users that no longer exist are closed, as Redis
    /// does, after the replies they are owed.
    func aclChanged() {
        for victim in clients.values where aclUsers[victim.user] == nil {
            victim.closeAfterReply = true
            scheduleFlush(victim)
        }
    }

    private func aclGetUser(_ client: Client) {
        guard let user = aclUsers[client.arguments.string(2)] else { return client.output.null() }
        client.output.mapHeader(6)
        client.output.bulk("flags")
        client.output.setHeader(user.flagNames.count)
        for flag in user.flagNames { client.output.bulk(flag) }
        client.output.bulk("passwords")
        client.output.arrayHeader(user.passwordHashes.count)
        for hash in user.passwordHashes { client.output.bulk(hash) }
        client.output.bulk("commands")
        client.output.bulk(user.commandRules())
        client.output.bulk("keys")
        client.output.bulk(user.keysDescription)
        client.output.bulk("channels")
        client.output.bulk(user.channelsDescription)
        client.output.bulk("selectors")
        client.output.arrayHeader(0)
    }

    private func aclCat(_ client: Client) {
        guard client.arguments.count == 3 else {
            client.output.arrayHeader(ACLCommandTable.categories.count)
            for name in ACLCommandTable.categories { client.output.bulk(name) }
            return
        }
        let name = client.arguments.string(2)
        guard let bit = ACLCommandTable.categoryBit(name.lowercased()) else {
            return client.output.error("ERR Unknown category '\(name)'")
        }
        let table = aclUsers.table
        let names = table.ids(inCategory: bit).map { table.commands[$0].name }
        client.output.arrayHeader(names.count)
        for name in names { client.output.bulk(name) }
    }

    private func aclGenPass(_ client: Client) {
        var bits = 256
        if client.arguments.count == 3 {
            guard let parsed = Int(client.arguments.string(2)) else {
                return client.output.error("ERR value is not an integer or out of range")
            }
            guard parsed > 0, parsed <= 4096 else {
                return client.output.error("ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096")
            }
            bits = parsed
        }
        var random = SystemRandomNumberGenerator()
        let bytes = (0..<((bits + 7) / 8)).map { _ in UInt8.random(in: .min ... .max, using: &random) }
        // Redis prints one hex digit per 4 bits, rounding up.
        client.output.bulk(String(SHA256.hex(bytes).prefix((bits + 3) / 4)))
    }

    /// `ACL DRYRUN user command [arg ...]`: would the user be allowed?
    private func aclDryRun(_ client: Client) {
        let arguments = client.arguments
        guard let user = aclUsers[arguments.string(2)] else {
            return client.output.error("ERR User '\(arguments.string(2))' not found")
        }
        var inner = Arguments()
        for index in 3..<arguments.count { inner.append(arguments[index]) }
        guard let spec = Commands.spec(named: inner[0]) else {
            return client.output.error("ERR Command '\(inner.string(0))' not found")
        }
        guard case .success(let entry) = registry.resolve(inner) else {
            return client.output.error("ERR wrong number of arguments for '\(spec.name)' command")
        }
        guard let id = aclUsers.table.id(of: entry.name), let denial = user.check(inner, spec: entry.spec, id: id) else {
            return client.output.ok()
        }
        switch denial {
        case .command: client.output.bulk("This user has no permissions to run the '\(entry.name)' command")
        case .key(let index): client.output.bulk(Array("This user has no permissions to access the '".utf8) + inner[index] + Array("' key".utf8))
        case .channel(let index): client.output.bulk(Array("This user has no permissions to access the '".utf8) + inner[index] + Array("' channel".utf8))
        }
    }

    private func aclHelp(_ client: Client) {
        help(client, [
            "CAT [<category>]", "    List all commands that belong to <category>, or all command categories",
            "    when no category is specified.",
            "DELUSER <username> [<username> ...]", "    Delete a list of users.",
            "DRYRUN <username> <command> [<arg> ...]",
            "    Returns whether the user can execute the given command without executing the command.",
            "GETUSER <username>", "    Get the user's details.",
            "GENPASS [<bits>]", "    Generate a secure 256-bit user password. The optional `bits` argument can",
            "    be used to specify a different size.",
            "LIST", "    Show users details in config file format.",
            "LOAD", "    Reload users from the ACL file.",
            "LOG [<count> | RESET]", "    Show the ACL log entries.",
            "SAVE", "    Save the current config to the ACL file.",
            "SETUSER <username> <attribute> [<attribute> ...]", "    Create or modify a user with the specified attributes.",
            "USERS", "    List all the registered usernames.",
            "WHOAMI", "    Return the current connection username.",
        ])
    }
}
