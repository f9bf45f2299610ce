import Keyspace
import RESP

/// The command table and the dispatcher that `apply` is.
public enum Commands {
    /// Every command of the table: the data commands implemented here and, with
    /// `handler == nil`, the connection/server commands the server implements itself.
    public static let all: [CommandSpec] =
        StringCommands.specs + KeyCommands.specs + ExpireCommands.specs + ScanCommands.specs
        + DatabaseCommands.specs + HashCommands.specs + ListCommands.specs + SetCommands.specs
        + SortedSetCommands.specs + BlockingCommands.specs + PubSubCommands.specs
        + ServerCommandSpecs.specs + MemoryCommands.specs + TransactionCommandSpecs.specs + ClusterCommandSpecs.specs
        + ACLCommandSpecs.specs

    /// The table lookup structure, built once.
    static let table = CommandTable(all)

    /// The position in `all` of the command named `name` (any ASCII case), without
    /// building a String or copying a spec: the server indexes its own table with it.
    public static func index(named name: ArraySlice<UInt8>) -> Int? {
        table.index(of: name)
    }

    /// The spec of the command named `name` (any ASCII case), without building a String.
    public static func spec(named name: ArraySlice<UInt8>) -> CommandSpec? {
        guard let index = table.index(of: name) else { return nil }
        return all[index]
    }

    /// Runs one command: lookup (subcommands included), arity check, then the handler.
    ///
    /// Errors are Redis 7.0's own texts: an unknown name gives "ERR unknown command
    /// 'foo', with args beginning with: 'a' 'b' ", an unknown subcommand of a container
    /// "ERR unknown subcommand 'x'. Try OBJECT HELP.", a bad count "ERR wrong number of
    /// arguments for 'object|encoding' command". A server-implemented command (nil
    /// handler) reaching here is answered as unknown: the server must intercept it.
    public static func apply(_ context: inout CommandContext) {
        guard !context.arguments.isEmpty else { return }
        guard let index = table.index(of: context.arguments[0]) else {
            return unknownCommand(&context)
        }
        // The hot path reads the flat per-command fields, not a copy of the whole spec.
        var entry = table.dispatch[index]
        if entry.hasSubcommands && context.arguments.count >= 2 {
            guard let sub = table.subcommand(of: index, named: context.arguments[1]) else {
                return context.reply.error(bytes: unknownSubcommandMessage(context.arguments, container: all[index].name))
            }
            entry = CommandTable.Dispatch(sub)
        }
        guard entry.arity >= 0 ? context.arguments.count == entry.arity : context.arguments.count >= -entry.arity else {
            return context.reply.error("ERR wrong number of arguments for '\(entry.name)' command")
        }
        guard let handler = entry.handler else { return unknownCommand(&context) }
        handler(&context)
    }

    /// Applies one command outside a connection (a committed log entry, a test) and returns
    /// its reply: DESIGN §3's `apply(argv, now, seed)` for code that has no `ReplyWriter`.
    public static func apply(
        _ arguments: Arguments, database: Int = 0, nowMs: Int64, seed: UInt64,
        to keyspace: Keyspace, protocolVersion: ProtocolVersion = .resp2
    ) -> [UInt8] {
        var context = CommandContext(
            keyspace: keyspace, database: database, arguments: arguments,
            reply: ReplyWriter(protocolVersion: protocolVersion), nowMs: nowMs, seed: seed)
        apply(&context)
        return context.reply.bytes
    }

    static func unknownCommand(_ context: inout CommandContext) {
        context.reply.error(bytes: unknownCommandMessage(context.arguments))
    }

    /// Redis's "unknown command '%.128s', with args beginning with: " then "'%.*s' " per
    /// argument while the list is under 128 bytes; "%s" stops at a NUL byte.
    public static func unknownCommandMessage(_ arguments: Arguments) -> [UInt8] {
        var message = Array("ERR unknown command '".utf8)
        message += cString(arguments[0], limit: 128)
        message += Array("', with args beginning with: ".utf8)
        var listed: [UInt8] = []
        var index = 1
        while index < arguments.count && listed.count < 128 {
            let limit = 128 - listed.count
            listed.append(0x27)
            listed += cString(arguments[index], limit: limit)
            listed += [0x27, 0x20]
            index += 1
        }
        return message + listed
    }

    /// "ERR unknown subcommand 'x'. Try CONTAINER HELP." as Redis words it.
    public static func unknownSubcommandMessage(_ arguments: Arguments, container: String) -> [UInt8] {
        var message = Array("ERR unknown subcommand '".utf8)
        message += cString(arguments[1], limit: 128)
        message += Array("'. Try \(container.uppercased()) HELP.".utf8)
        return message
    }

    /// The bytes C's "%.Ns" would print: up to `limit` bytes, stopping at a NUL.
    static func cString(_ bytes: ArraySlice<UInt8>, limit: Int) -> [UInt8] {
        var out: [UInt8] = []
        for byte in bytes.prefix(max(0, limit)) {
            if byte == 0 { break }
            out.append(byte)
        }
        return out
    }
}

/// Case-insensitive lookup of command names by their bytes: open addressing over a
/// hash of the lowercased name, so the hot path builds no String.
struct CommandTable: Sendable {
    /// What `apply` needs of a spec, kept flat.
    struct Dispatch: Sendable {
        let arity: Int
        let handler: CommandHandler?
        let hasSubcommands: Bool
        let name: String

        init(_ spec: CommandSpec) {
            arity = spec.arity
            handler = spec.handler
            hasSubcommands = !spec.subcommands.isEmpty
            name = spec.name
        }
    }

    let dispatch: [Dispatch]
    let names: [[UInt8]]
    let slots: [Int32]
    let mask: Int
    /// Per command: (lowercased subcommand name without the container prefix, spec).
    let subcommands: [[([UInt8], CommandSpec)]]

    init(_ specs: [CommandSpec]) {
        names = specs.map { Array($0.name.utf8) }
        dispatch = specs.map(Dispatch.init)
        var size = 64
        while size < specs.count * 4 { size *= 2 }
        var slots = [Int32](repeating: -1, count: size)
        for (index, name) in names.enumerated() {
            var slot = CommandTable.hash(name[...]) & (size - 1)
            while slots[slot] >= 0 {
                precondition(names[Int(slots[slot])] != name, "command \(specs[index].name) listed twice")
                slot = (slot + 1) & (size - 1)
            }
            slots[slot] = Int32(index)
        }
        self.slots = slots
        mask = size - 1
        subcommands = specs.map { spec in
            spec.subcommands.map { sub in
                let full = Array(sub.name.utf8)
                let bar = full.firstIndex(of: 0x7C).map { $0 + 1 } ?? 0
                return (Array(full[bar...]), sub)
            }
        }
    }

    /// FNV-1a over the lowercased bytes.
    @inline(__always)
    static func hash(_ name: ArraySlice<UInt8>) -> Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name {
            hash = (hash ^ UInt64(ASCII.lowercased(byte))) &* 0x100_0000_01B3
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }

    @inline(__always)
    static func equalIgnoringCase(_ name: ArraySlice<UInt8>, _ lowercased: [UInt8]) -> Bool {
        guard name.count == lowercased.count else { return false }
        var i = 0
        for byte in name {
            if ASCII.lowercased(byte) != lowercased[i] { return false }
            i += 1
        }
        return true
    }

    func index(of name: ArraySlice<UInt8>) -> Int? {
        var slot = CommandTable.hash(name) & mask
        while true {
            let index = slots[slot]
            if index < 0 { return nil }
            if CommandTable.equalIgnoringCase(name, names[Int(index)]) { return Int(index) }
            slot = (slot + 1) & mask
        }
    }

    func subcommand(of index: Int, named name: ArraySlice<UInt8>) -> CommandSpec? {
        for (subName, spec) in subcommands[index] where CommandTable.equalIgnoringCase(name, subName) {
            return spec
        }
        return nil
    }
}
