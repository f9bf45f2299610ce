// A parser of server replies, for the few places where Skiff is itself a client of another
// Skiff (RAFT.CLUSTER JOIN asks a member for the cluster's id and to be added). It reads
// the RESP2 types plus RESP3's verbatim strings and nulls, which is what those commands
// answer; anything else is a protocol error. Like `RequestParser` it never touches a socket
// and says "need more data" until a whole reply is in the buffer.

/// One reply from a server.
public indirect enum ReplyValue: Equatable, Sendable {
    /// `+text`
    case simple(String)
    /// `-CODE message`
    case error(String)
    /// `:n`
    case integer(Int64)
    /// `$n` or `=n` (verbatim, without its `txt:` prefix); nil for `$-1` and `_`.
    case bulk([UInt8]?)
    /// `*n`; nil for `*-1`.
    case array([ReplyValue]?)

    /// The text of a simple, error, verbatim or bulk reply.
    public var text: String? {
        switch self {
        case .simple(let text), .error(let text): return text
        case .bulk(let bytes?): return String(decoding: bytes, as: UTF8.self)
        default: return nil
        }
    }
}

/// What `ReplyParser.parse` found.
public enum ReplyParseOutcome: Equatable, Sendable {
    /// A whole reply and the number of bytes it took.
    case reply(ReplyValue, consumed: Int)
    /// The buffer ends inside a reply.
    case needMoreData
    /// Not a reply this parser understands.
    case protocolError(String)
}

/// Parses one whole reply at a time from the start of a buffer.
public enum ReplyParser {
    /// Largest bulk string or array accepted: replies to admin commands are small.
    public static let maxLength = 64 * 1024 * 1024
    /// Deepest nesting of arrays accepted.
    public static let maxDepth = 8

    /// Parses the reply at the start of `bytes`.
    public static func parse(_ bytes: [UInt8]) -> ReplyParseOutcome {
        var offset = 0
        do {
            guard let value = try value(bytes, &offset, depth: 0) else { return .needMoreData }
            return .reply(value, consumed: offset)
        } catch {
            return .protocolError(error.message)
        }
    }

    struct Failure: Error {
        var message: String
    }

    private static func value(_ bytes: [UInt8], _ offset: inout Int, depth: Int) throws(Failure) -> ReplyValue? {
        guard depth <= maxDepth else { throw Failure(message: "reply nested too deeply") }
        guard offset < bytes.count else { return nil }
        let kind = bytes[offset]
        guard let end = lineEnd(bytes, from: offset + 1) else { return nil }
        let line = String(decoding: bytes[(offset + 1)..<end], as: UTF8.self)
        let next = end + 2
        switch kind {
        case UInt8(ascii: "+"):
            offset = next
            return .simple(line)
        case UInt8(ascii: "-"):
            offset = next
            return .error(line)
        case UInt8(ascii: "_"):
            offset = next
            return .bulk(nil)
        case UInt8(ascii: ":"):
            guard let number = Int64(line) else { throw Failure(message: "bad integer reply '\(line)'") }
            offset = next
            return .integer(number)
        case UInt8(ascii: "$"), UInt8(ascii: "="):
            let length = try count(line)
            if length < 0 {
                offset = next
                return .bulk(nil)
            }
            guard next + length + 2 <= bytes.count else { return nil }
            var payload = Array(bytes[next..<(next + length)])
            // A verbatim string starts with its format: "txt:" or "mkd:".
            if kind == UInt8(ascii: "="), payload.count >= 4 { payload.removeFirst(4) }
            offset = next + length + 2
            return .bulk(payload)
        case UInt8(ascii: "*"):
            let length = try count(line)
            if length < 0 {
                offset = next
                return .array(nil)
            }
            var cursor = next
            var items: [ReplyValue] = []
            for _ in 0..<length {
                guard let item = try value(bytes, &cursor, depth: depth + 1) else { return nil }
                items.append(item)
            }
            offset = cursor
            return .array(items)
        default:
            throw Failure(message: "unexpected reply type byte \(kind)")
        }
    }

    private static func count(_ line: String) throws(Failure) -> Int {
        guard let length = Int(line), length >= -1, length <= maxLength else {
            throw Failure(message: "bad length '\(line)'")
        }
        return length
    }

    /// Index of the `\r` of the first CRLF at or after `start`.
    private static func lineEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == 0x0D && bytes[index + 1] == 0x0A { return index }
            index += 1
        }
        return nil
    }
}
