import Commands
import Keyspace
import RESP
import SystemCalls

/// Finds the spec for an argument vector, subcommands included, with Redis 7.0's
/// errors for unknown commands and subcommands and for wrong arity.
struct CommandRegistry {
    let specs: [CommandSpec]

    init(specs: [CommandSpec]) {
        self.specs = specs
    }

    func resolve(_ arguments: Arguments) -> Result<CommandSpec, CommandRejection> {
        guard let base = Commands.spec(named: arguments[0]) else {
            return .failure(.init(Self.unknownCommand(arguments)))
        }
        var spec = base
        if !base.subcommands.isEmpty && arguments.count >= 2 {
            guard let sub = Self.subcommand(of: base, named: arguments[1]) else {
                let container = arguments.string(0).uppercased()
                return .failure(.init("ERR unknown subcommand '\(Self.clipped(arguments.string(1)))'. Try \(container) HELP."))
            }
            spec = sub
        }
        let count = arguments.count
        if (spec.arity > 0 && count != spec.arity) || count < -spec.arity {
            return .failure(.init("ERR wrong number of arguments for '\(spec.name)' command"))
        }
        return .success(spec)
    }

    static func subcommand(of base: CommandSpec, named name: ArraySlice<UInt8>) -> CommandSpec? {
        let lowered = String(decoding: name.map(ASCII.lowercased), as: UTF8.self)
        return base.subcommands.first { $0.name == base.name + "|" + lowered }
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

/// How the server carries out commands that change the keyspace, and reads that
/// must observe every acknowledged write. A standalone in-memory node has none and
/// runs every command at once; a Raft node commits writes through the log.
protocol Replication: AnyObject {
    /// Proposes a write; `completion` gets its reply once the entry is applied here.
    func submitWrite(
        _ arguments: Arguments, database: Int, protocolVersion: ProtocolVersion,
        completion: @escaping ([UInt8]) -> Void)
    /// Whether reads must pass `readBarrier` first (linearizable mode).
    var readsNeedBarrier: Bool { get }
    /// Calls `completion(nil)` once a read may run, or with an error reply.
    func readBarrier(_ completion: @escaping ([UInt8]?) -> Void)
}

extension Server {
    /// Runs the command in `client.arguments` and appends its reply (DESIGN §3 steps 3–7).
    func dispatch(_ client: Client) {
        let arguments = client.arguments
        let resolved = registry.resolve(arguments)
        if !client.slots.isEmpty {
            // Earlier replies are still owed. A write may join them (the log keeps the
            // order); anything else waits until they are all ready.
            guard replication != nil, case .success(let spec) = resolved, spec.flags.contains(.write) else {
                client.blockedCommand = arguments
                return
            }
        }
        let replyStart = client.output.bytes.count
        defer {
            countErrorReply(client, from: replyStart)
            scheduleFlush(client)
        }
        let spec: CommandSpec
        switch resolved {
        case .success(let found):
            spec = found
        case .failure(let rejection):
            client.output.error(rejection.message)
            return
        }
        if !client.authenticated && !spec.flags.contains(.noAuth) {
            client.output.error("NOAUTH Authentication required.")
            return
        }
        client.lastCommand = spec.name
        stats.commandsProcessed += 1
        guard let handler = spec.handler else {
            runServerCommand(spec, client)
            return
        }
        if let replication {
            if spec.flags.contains(.write) {
                let slot = client.reserveSlot()
                replication.submitWrite(arguments, database: client.database, protocolVersion: client.protocolVersion) {
                    [weak client] reply in client?.fill(slot, with: reply)
                }
                return
            }
            if replication.readsNeedBarrier {
                let slot = client.reserveSlot()
                let database = client.database
                replication.readBarrier { [weak client, unowned self] error in
                    guard let client else { return }
                    if let error { return client.fill(slot, with: error) }
                    var reply = ReplyWriter(protocolVersion: client.protocolVersion)
                    run(handler, arguments, database: database, into: &reply)
                    client.fill(slot, with: reply.bytes)
                }
                return
            }
        }
        run(handler, arguments, database: client.database, into: &client.output)
    }

    /// Runs a data command against the local keyspace with this node's clock.
    private func run(_ handler: CommandHandler, _ arguments: Arguments, database: Int, into output: inout ReplyWriter) {
        var context = CommandContext(
            keyspace: keyspace, database: database, arguments: arguments,
            reply: ReplyWriter(protocolVersion: output.protocolVersion), nowMs: Clock.wallMs(), seed: nextSeed())
        swap(&context.reply, &output)
        handler(&context)
        swap(&context.reply, &output)
    }

    /// Counts error replies by their code, for INFO `errorstats`.
    private func countErrorReply(_ client: Client, from start: Int) {
        let bytes = client.output.bytes
        guard start < bytes.count, bytes[start] == UInt8(ascii: "-") else { return }
        stats.errorReplies += 1
        var end = start + 1
        while end < bytes.count && bytes[end] != UInt8(ascii: " ") && bytes[end] != 0x0D { end += 1 }
        let code = String(decoding: bytes[(start + 1)..<end], as: UTF8.self)
        stats.errorCounts[code, default: 0] += 1
    }

    /// Commands that need the session or the server rather than the keyspace.
    private func runServerCommand(_ spec: CommandSpec, _ client: Client) {
        let root = spec.name.split(separator: "|").first.map(String.init) ?? spec.name
        switch root {
        case "ping": ping(client)
        case "echo": client.output.bulk(client.arguments[1])
        case "hello": hello(client)
        case "auth": auth(client)
        case "select": select(client)
        case "quit": quit(client)
        case "reset": reset(client)
        case "client": clientCommand(spec, client)
        case "info": info(client)
        case "config": configCommand(spec, client)
        case "command": commandCommand(spec, client)
        case "time": time(client)
        case "lastsave": client.output.integer(Int(startWallMs / 1000))
        case "shutdown": shutdownCommand(client)
        case "debug": debug(client)
        case "role": role(client)
        case "raft.info", "raft.transfer_leader": raftCommand(root, client)
        default:
            client.output.error("ERR command '\(spec.name)' is not available in Skiff yet")
        }
    }
}
