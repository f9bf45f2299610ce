import Commands
import RESP

/// COMMAND and its subcommands: the command table as Redis 7.0 describes it, which
/// redis-cli (hints), redis-py and cluster-aware clients read.
extension Server {
    func commandCommand(_ spec: CommandSpec, _ client: Client) {
        let arguments = client.arguments
        switch spec.name {
        case "command":
            let all = registry.specs
            client.output.arrayHeader(all.count)
            for command in all { writeInfo(command, client) }
        case "command|count":
            client.output.integer(registry.specs.count)
        case "command|info":
            if arguments.count == 2 {
                client.output.arrayHeader(registry.specs.count)
                for command in registry.specs { writeInfo(command, client) }
                return
            }
            client.output.arrayHeader(arguments.count - 2)
            for index in 2..<arguments.count {
                if let command = lookup(arguments[index]) { writeInfo(command, client) } else { client.output.null() }
            }
        case "command|docs":
            var selected: [CommandSpec] = []
            if arguments.count == 2 {
                selected = registry.specs
            } else {
                for index in 2..<arguments.count {
                    if let command = lookup(arguments[index]) { selected.append(command) }
                }
            }
            Commands.writeDocs(for: selected, into: &client.output)
        case "command|list":
            commandList(client)
        case "command|getkeys":
            commandGetKeys(client)
        case "command|help":
            help(client, [
                "(no subcommand)", "    Return details about all Redis commands.",
                "COUNT", "    Return the total number of commands in this Redis server.",
                "LIST", "    Return a list of all commands in this Redis server.",
                "INFO [<command-name> ...]", "    Return details about multiple Redis commands.",
                "    If no command names are given, documentation details for all", "    commands are returned.",
                "DOCS [<command-name> ...]", "    Return documentation details about multiple Redis commands.",
                "    If no command names are given, documentation details for all", "    commands are returned.",
                "GETKEYS <full-command>", "    Return the keys from a full Redis command.",
                "GETKEYSANDFLAGS <full-command>", "    Return the keys and the access flags from a full Redis command.",
            ])
        default:
            client.output.error("ERR unknown subcommand '\(arguments.string(1))'. Try COMMAND HELP.")
        }
    }

    /// A command by name, or a subcommand by `container|sub`.
    private func lookup(_ name: ArraySlice<UInt8>) -> CommandSpec? {
        let lowered = String(decoding: name.map(ASCII.lowercased), as: UTF8.self)
        let parts = lowered.split(separator: "|", maxSplits: 1).map(String.init)
        guard let base = Commands.spec(named: Array(parts[0].utf8)[...]) else { return nil }
        guard parts.count == 2 else { return base }
        return base.subcommands.first { $0.name == lowered }
    }

    /// The ten fields of Redis 7.0's COMMAND INFO entry; in RESP3 the flag, category,
    /// tip, key-spec and subcommand lists are sets, as Redis sends them.
    private func writeInfo(_ spec: CommandSpec, _ client: Client) {
        client.output.arrayHeader(10)
        client.output.bulk(spec.name)
        client.output.integer(spec.arity)
        let flags = spec.flags.replyNames
        client.output.setHeader(flags.count)
        for flag in flags { client.output.simpleString(flag) }
        client.output.integer(spec.firstKey)
        client.output.integer(spec.lastKey)
        client.output.integer(spec.keyStep)
        client.output.setHeader(spec.aclCategories.count)
        for category in spec.aclCategories { client.output.simpleString(category) }
        client.output.setHeader(spec.tips.count)
        for tip in spec.tips { client.output.bulk(tip) }
        client.output.setHeader(spec.keySpecs.count)
        for keySpec in spec.keySpecs { writeKeySpec(keySpec, client) }
        client.output.setHeader(spec.subcommands.count)
        for sub in spec.subcommands { writeInfo(sub, client) }
    }

    /// One key specification, as Redis 7.0's `addReplyCommandKeySpecs`.
    private func writeKeySpec(_ keySpec: KeySpec, _ client: Client) {
        client.output.mapHeader(keySpec.notes == nil ? 3 : 4)
        if let notes = keySpec.notes {
            client.output.bulk("notes")
            client.output.bulk(notes)
        }
        client.output.bulk("flags")
        client.output.setHeader(keySpec.flags.count)
        for flag in keySpec.flags { client.output.simpleString(flag) }
        client.output.bulk("begin_search")
        client.output.mapHeader(2)
        client.output.bulk("type")
        switch keySpec.beginSearch {
        case .index(let index):
            client.output.bulk("index")
            client.output.bulk("spec")
            client.output.mapHeader(1)
            client.output.bulk("index")
            client.output.integer(index)
        case .keyword(let keyword, let startFrom):
            client.output.bulk("keyword")
            client.output.bulk("spec")
            client.output.mapHeader(2)
            client.output.bulk("keyword")
            client.output.bulk(keyword)
            client.output.bulk("startfrom")
            client.output.integer(startFrom)
        case .unknown:
            client.output.bulk("unknown")
            client.output.bulk("spec")
            client.output.mapHeader(0)
        }
        client.output.bulk("find_keys")
        client.output.mapHeader(2)
        client.output.bulk("type")
        switch keySpec.findKeys {
        case .range(let lastKey, let keyStep, let limit):
            client.output.bulk("range")
            client.output.bulk("spec")
            client.output.mapHeader(3)
            client.output.bulk("lastkey")
            client.output.integer(lastKey)
            client.output.bulk("keystep")
            client.output.integer(keyStep)
            client.output.bulk("limit")
            client.output.integer(limit)
        case .keyNumber(let index, let firstKey, let keyStep):
            client.output.bulk("keynum")
            client.output.bulk("spec")
            client.output.mapHeader(3)
            client.output.bulk("keynumidx")
            client.output.integer(index)
            client.output.bulk("firstkey")
            client.output.integer(firstKey)
            client.output.bulk("keystep")
            client.output.integer(keyStep)
        case .unknown:
            client.output.bulk("unknown")
            client.output.bulk("spec")
            client.output.mapHeader(0)
        }
    }

    /// `COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern]`: subcommands
    /// are listed too ("config|get"), as Redis 7.0 lists them.
    private func commandList(_ client: Client) {
        let arguments = client.arguments
        let table = aclUsers.table
        var names = table.commands.map(\.name)
        if arguments.count == 5 && arguments.matches(2, "filterby") {
            let value = arguments.string(4)
            if arguments.matches(3, "pattern") {
                names = names.filter { Glob.matches(pattern: Array(value.utf8), Array($0.utf8), caseInsensitive: true) }
            } else if arguments.matches(3, "aclcat") {
                let bit = ACLCommandTable.categoryBit(value.lowercased()) ?? 0
                names = table.ids(inCategory: bit).map { table.commands[$0].name }
            } else if arguments.matches(3, "module") {
                names = []
            } else {
                client.output.error("ERR syntax error")
                return
            }
        } else if arguments.count != 2 {
            client.output.error("ERR syntax error")
            return
        }
        client.output.arrayHeader(names.count)
        for name in names { client.output.bulk(name) }
    }

    /// `COMMAND GETKEYS cmd args...` from the first/last/step key positions.
    private func commandGetKeys(_ client: Client) {
        let arguments = client.arguments
        var inner = Arguments()
        for index in 2..<arguments.count { inner.append(arguments[index]) }
        guard case .success(let entry) = registry.resolve(inner) else {
            client.output.error("ERR Invalid command specified")
            return
        }
        let spec = entry.spec
        guard spec.firstKey > 0 else {
            client.output.error("ERR The command has no key arguments")
            return
        }
        let last = spec.lastKey < 0 ? inner.count + spec.lastKey : spec.lastKey
        let keys = stride(from: spec.firstKey, through: last, by: max(1, spec.keyStep)).filter { $0 < inner.count }
        client.output.arrayHeader(keys.count)
        for index in keys { client.output.bulk(inner[index]) }
    }
}
