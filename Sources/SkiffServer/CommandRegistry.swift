import Commands
import RESP

/// A command as the dispatcher needs it on the hot path: one shared object per command
/// (and subcommand), so resolving a request costs one lookup and no copy of the spec's
/// strings and arrays.
final class CommandEntry {
    let spec: CommandSpec
    let name: String
    let arity: Int
    let isWrite: Bool
    let allowedWithoutAuth: Bool
    let handler: CommandHandler?
    /// The command family the server runs itself ("client" for "client|list").
    let serverRoot: String
    /// Subcommands by lowercase name (after the '|').
    let subcommands: [(name: [UInt8], entry: CommandEntry)]

    init(_ spec: CommandSpec) {
        self.spec = spec
        name = spec.name
        arity = spec.arity
        isWrite = spec.flags.contains(.write)
        allowedWithoutAuth = spec.flags.contains(.noAuth)
        handler = spec.handler
        serverRoot = spec.name.split(separator: "|").first.map(String.init) ?? spec.name
        subcommands = spec.subcommands.map { sub in
            let full = Array(sub.name.utf8)
            let bar = full.firstIndex(of: UInt8(ascii: "|")).map { $0 + 1 } ?? 0
            return (Array(full[bar...]), CommandEntry(sub))
        }
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
            return .failure(.init(Self.unknownCommand(arguments)))
        }
        var entry = entries[index]
        if !entry.subcommands.isEmpty && arguments.count >= 2 {
            guard let sub = entry.subcommand(named: arguments[1]) else {
                let container = arguments.string(0).uppercased()
                return .failure(.init("ERR unknown subcommand '\(Self.clipped(arguments.string(1)))'. Try \(container) HELP."))
            }
            entry = sub
        }
        guard entry.acceptsArgumentCount(arguments.count) else {
            return .failure(.init("ERR wrong number of arguments for '\(entry.name)' command"))
        }
        return .success(entry)
    }

    /// `unknown command 'foo', with args beginning with: 'a' 'b' ` (each argument
    /// quoted, at most 128 bytes of them, as Redis's `commandCheckExistence`).
    static func unknownCommand(_ arguments: Arguments) -> String {
        var message = Array("ERR unknown command '".utf8) + cString(arguments[0], limit: 128)
        message += Array("', with args beginning with: ".utf8)
        var listed: [UInt8] = []
        var index = 1
        while index < arguments.count && listed.count < 128 {
            listed.append(UInt8(ascii: "'"))
            listed += cString(arguments[index], limit: 128 - listed.count + 1)
            listed += Array("' ".utf8)
            index += 1
        }
        return String(decoding: message + listed, as: UTF8.self)
    }

    /// What C's `%.*s` prints of `bytes`: at most `limit` bytes, stopping at a NUL.
    static func cString(_ bytes: ArraySlice<UInt8>, limit: Int) -> [UInt8] {
        var out: [UInt8] = []
        for byte in bytes.prefix(max(0, limit)) {
            if byte == 0 { break }
            out.append(byte)
        }
        return out
    }

    static func clipped(_ text: String) -> String {
        String(decoding: cString(Array(text.utf8)[...], limit: 128), as: UTF8.self)
    }
}

/// An error reply that stops a command before it runs.
struct CommandRejection: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
