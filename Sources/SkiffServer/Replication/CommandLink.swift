import EventLoop
import RESP
import SystemCalls

/// A short-lived client connection to another server on the event loop: connects, sends a
/// pipeline of commands, collects one reply per command and calls back once, then closes.
/// RAFT.CLUSTER JOIN talks to the cluster through it, as RedisRaft's join does over the
/// Redis protocol. Never blocks the loop; every outcome (refused, closed, timed out,
/// garbled) ends in the completion.
final class CommandLink: IOHandler {
    /// What the other server answered, with the address this side used (the joining node
    /// announces it when its `bind` is a wildcard).
    struct Answer {
        var replies: [ReplyValue]
        var localHost: String
    }

    private let loop: EventLoop
    private let fd: FileDescriptor
    private let target: String
    private var output: [UInt8]
    private var outputOffset = 0
    private var input: [UInt8] = []
    private let expectedReplies: Int
    private var replies: [ReplyValue] = []
    private var timer: UInt64?
    /// Set until the single outcome is delivered. The loop holds the link (as the
    /// descriptor's handler) until `finish` unregisters it.
    private var completion: ((Result<Answer, CommandLinkFailure>) -> Void)?

    /// Most bytes of replies accepted: admin replies are small.
    static let maxReplyBytes = 1 << 20

    /// Sends `commands` to `host:port`; `completion` runs on the loop exactly once.
    static func send(_ commands: [[String]], to host: String, port: Int, loop: EventLoop, timeoutMs: Int64,
                     completion: @escaping (Result<Answer, CommandLinkFailure>) -> Void) {
        let fd: FileDescriptor
        do {
            fd = try Socket.connect(host: host, port: port)
        } catch {
            return completion(.failure(CommandLinkFailure(message: "cannot connect to \(host):\(port): \(error)")))
        }
        let link = CommandLink(loop: loop, fd: fd, target: "\(host):\(port)", commands: commands,
                               completion: completion)
        do {
            try loop.register(fd, [.writable, .readable], link)
        } catch {
            fd.close()
            return completion(.failure(CommandLinkFailure(message: "cannot connect to \(host):\(port): \(error)")))
        }
        link.timer = loop.addTimer(afterMs: timeoutMs) { [weak link] in
            link?.finish(.failure(CommandLinkFailure(message: "\(host):\(port) did not answer within \(timeoutMs) ms")))
        }
    }

    private init(loop: EventLoop, fd: FileDescriptor, target: String, commands: [[String]],
                 completion: @escaping (Result<Answer, CommandLinkFailure>) -> Void) {
        self.loop = loop
        self.fd = fd
        self.target = target
        self.completion = completion
        expectedReplies = commands.count
        var writer = ReplyWriter(protocolVersion: .resp2)
        for command in commands {
            writer.arrayHeader(command.count)
            for argument in command { writer.bulk(argument) }
        }
        output = writer.bytes
    }

    func handle(_ events: IOEvents) {
        guard completion != nil else { return }
        let error = Socket.pendingError(fd)
        if error != 0 { return fail("\(SystemError(error, "connect"))") }
        if events.contains(.writable) { writeOutput() }
        if events.contains(.readable) || events.contains(.hangUp) { readReplies() }
    }

    private func writeOutput() {
        while outputOffset < output.count {
            let result = output.withUnsafeBytes { raw -> Result<Int, SystemError> in
                do throws(SystemError) {
                    return .success(try fd.write(UnsafeRawBufferPointer(rebasing: raw[outputOffset...])))
                } catch {
                    return .failure(error)
                }
            }
            switch result {
            case .success(let count): outputOffset += count
            case .failure(let error) where error.wouldBlock: return
            case .failure(let error): return fail("\(error)")
            }
        }
        try? loop.modify(fd, .readable)
    }

    private func readReplies() {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while completion != nil {
            let result = chunk.withUnsafeMutableBytes { raw -> Result<Int, SystemError> in
                do throws(SystemError) { return .success(try fd.read(into: raw)) } catch { return .failure(error) }
            }
            switch result {
            case .success(0): return fail("connection closed before the reply")
            case .success(let count): input.append(contentsOf: chunk[0..<count])
            case .failure(let error) where error.wouldBlock: return
            case .failure(let error): return fail("\(error)")
            }
            guard input.count <= Self.maxReplyBytes else { return fail("reply too large") }
            parsing: while replies.count < expectedReplies {
                switch ReplyParser.parse(input) {
                case .reply(let value, let consumed):
                    replies.append(value)
                    input.removeFirst(consumed)
                case .needMoreData:
                    break parsing
                case .protocolError(let message):
                    return fail("protocol error: \(message)")
                }
            }
            if replies.count == expectedReplies {
                let host = Socket.localAddress(fd)
                let localHost = host.lastIndex(of: ":").map { String(host[..<$0]) } ?? host
                return finish(.success(Answer(replies: replies, localHost: localHost)))
            }
        }
    }

    private func fail(_ reason: String) {
        finish(.failure(CommandLinkFailure(message: "\(target): \(reason)")))
    }

    private func finish(_ result: Result<Answer, CommandLinkFailure>) {
        guard let completion else { return }
        self.completion = nil
        if let timer { loop.cancelTimer(timer) }
        loop.unregister(fd)
        fd.close()
        completion(result)
    }
}

/// Why a `CommandLink` got no answer.
struct CommandLinkFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
