import Commands
import RESP

/// A command as the dispatcher needs it on the hot path: one shared object per command
/// (and subcommand), so resolving a request costs one lookup and no copy of the spec's
/// strings and arrays.
final class CommandEntry {
    let spec: CommandSpec
    let name: String
    let arity: Int
    /// Goes through the log in a cluster: writes, and PUBLISH/SPUBLISH (Redis's hidden
    /// `may_replicate`), so every node delivers messages in one order.
    let isWrite: Bool
    /// A blocking pop (BLPOP ...): outside MULTI it may wait for a key (Blocking.swift).
    let isBlocking: Bool
    let allowedWithoutAuth: Bool
    /// This command's number in `ACLCommandTable` (its bit in a user's permissions).
    let aclID: Int
    let handler: CommandHandler?
    /// The command family the server runs itself ("client" for "client|list").
    let serverRoot: String
    /// Subcommands by lowercase name (after the '|').
    let subcommands: [(name: [UInt8], entry: CommandEntry)]

    // INFO commandstats counters, kept on the entry as Redis keeps them on its command.
    /// Times the command ran on this node.
    var calls = 0
    /// Time spent running it on this node's loop (for a write: proposing it, not applying it).
    var microseconds: Int64 = 0
    /// Refused before running (authentication).
    var rejectedCalls = 0
    /// Ran and answered an error.
    var failedCalls = 0

    init(_ spec: CommandSpec) {
        self.spec = spec
        name = spec.name
        arity = spec.arity
        isWrite = !spec.flags.isDisjoint(with: [.write, .mayReplicate])
        isBlocking = spec.flags.contains(.blocking) && spec.handler != nil
        allowedWithoutAuth = spec.flags.contains(.noAuth)
        aclID = ACLCommandTable.shared.id(of: spec.name)!  // the table numbers every command of `Commands.all`
        handler = spec.handler
        serverRoot = spec.name.split(separator: "|").first.map(String.init) ?? spec.name
        subcommands = spec.subcommands.map { sub in
            let full = Array(sub.name.utf8)
            let bar = full.firstIndex(of: UInt8(ascii: "|")).map { $0 + 1 } ?? 0
            return (Array(full[bar...]), CommandEntry(sub))
        }
    }

    /// The entry and its subcommands, for INFO commandstats.
    var withSubcommands: [CommandEntry] {
        [self] + subcommands.map(\.entry)
    }

    func acceptsArgumentCount(_ count: Int) -> Bool {
        arity >= 0 ? count == arity : count >= -arity
    }

    func subcommand(named name: ArraySlice<UInt8>) -> CommandEntry? {
        for (subName, entry) in subcommands where subName.count == name.count {
            if zip(subName, name).allSatisfy({ $0 == ASCII.lowercased($1) }) { return entry }
        }
        return nil
    }
}

/// Finds the entry for an argument vector, subcommands included, with Redis 7.0's
/// errors for unknown commands and subcommands and for wrong arity.
struct CommandRegistry {
    /// Parallel to `Commands.all`.
    let entries: [CommandEntry]

    init() {
        entries = Commands.all.map(CommandEntry.init)
    }

    var specs: [CommandSpec] { entries.map(\.spec) }

    func resolve(_ arguments: Arguments) -> Result<CommandEntry, CommandRejection> {
        guard let index = Commands.index(named: arguments[0]) else {
            return .failure(CommandRejection(Commands.unknownCommandMessage(arguments)))
        }
        var entry = entries[index]
        if !entry.subcommands.isEmpty && arguments.count >= 2 {
            guard let sub = entry.subcommand(named: arguments[1]) else {
                return .failure(CommandRejection(Commands.unknownSubcommandMessage(arguments, container: arguments.string(0))))
            }
            entry = sub
        }
        guard entry.acceptsArgumentCount(arguments.count) else {
            return .failure(CommandRejection(Array("ERR wrong number of arguments for '\(entry.name)' command".utf8),
                                             command: entry))
        }
        return .success(entry)
    }
}

/// An error reply that stops a command before it runs.
/// Raw bytes: the text quotes the client's arguments, which need not be UTF-8.
struct CommandRejection: Error {
    var message: [UInt8]
    /// The command refused, when it was found (wrong arity): its `rejectedCalls` counts it.
    var command: CommandEntry?
    init(_ message: [UInt8], command: CommandEntry? = nil) {
        self.message = message
        self.command = command
    }
}
