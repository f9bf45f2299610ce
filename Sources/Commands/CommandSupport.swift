import Keyspace
import RESP

/// Redis's error replies, in their wire text (without the leading "-").
enum CommandError {
    static let wrongType = "WRONGTYPE Operation against a key holding the wrong kind of value"
    static let syntax = "ERR syntax error"
    static let notInteger = "ERR value is not an integer or out of range"
    static let notFloat = "ERR value is not a valid float"
    static let overflow = "ERR increment or decrement would overflow"
    static let noSuchKey = "ERR no such key"
    static let sameObject = "ERR source and destination objects are the same"
    static let databaseOutOfRange = "ERR DB index is out of range"
    static let stringTooLong = "ERR string exceeds maximum allowed size (proto-max-bulk-len)"
    static let offsetOutOfRange = "ERR offset is out of range"
    static let nanOrInfinity = "ERR increment would produce NaN or Infinity"

    /// addReplyErrorExpireTime: names the command (its full name for subcommands).
    static func invalidExpireTime(_ command: StaticString) -> String {
        "ERR invalid expire time in '\(command)' command"
    }
}

extension CommandContext {
    /// Argument `index` as an integer (Redis's `getLongLongFromObjectOrReply`);
    /// replies the error and returns nil when it is not one.
    mutating func integerArgument(_ index: Int) -> Int64? {
        if let value = NumberParsing.parseInt64(arguments[index]) { return value }
        reply.error(CommandError.notInteger)
        return nil
    }

    /// Argument `index` as an integer within `range` (Redis's `getRangeLongFromObjectOrReply`):
    /// `message`, when given, answers both a non-integer and an out-of-range value, as in Redis.
    mutating func integerArgument(_ index: Int, in range: ClosedRange<Int64>, message: String? = nil) -> Int64? {
        guard let value = NumberParsing.parseInt64(arguments[index]) else {
            reply.error(message ?? CommandError.notInteger)
            return nil
        }
        guard range.contains(value) else {
            reply.error(message ?? "ERR value is out of range, value must between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return value
    }

    /// Argument `index` as a C `int` (Redis's `getIntFromObjectOrReply`).
    mutating func intArgument(_ index: Int, message: String? = nil) -> Int? {
        integerArgument(index, in: Int64(Int32.min)...Int64(Int32.max), message: message).map { Int($0) }
    }

    /// Argument `index` as a database number, with Redis's two errors (not an int / out of range).
    mutating func databaseArgument(_ index: Int, message: String? = nil) -> Int? {
        guard let number = intArgument(index, message: message) else { return nil }
        guard number >= 0 && number < keyspace.databaseCount else {
            reply.error(message ?? CommandError.databaseOutOfRange)
            return nil
        }
        return number
    }

    /// Whether argument `index` equals `word` ignoring case (`word` lowercase).
    func argument(_ index: Int, is word: StaticString) -> Bool {
        arguments.matches(index, word)
    }

    /// Replies WRONGTYPE.
    mutating func replyWrongType() {
        reply.error(CommandError.wrongType)
    }

    /// Replies "ERR syntax error".
    mutating func replySyntaxError() {
        reply.error(CommandError.syntax)
    }

    /// Redis's `checkStringLength`: whether a string of `total` bytes may be built.
    mutating func checkStringLength(_ total: Int) -> Bool {
        if total > keyspace.maxStringLength {
            reply.error(CommandError.stringTooLong)
            return false
        }
        return true
    }
}

extension ReplyWriter {
    /// A StaticString as a bulk reply (TYPE-like names).
    mutating func bulk(static text: StaticString) {
        text.withUTF8Buffer { bulk($0) }
    }

    /// Redis's `addReplyHelp`: the header line, the subcommand lines, then "HELP" itself,
    /// all as status replies.
    mutating func help(_ lines: [StaticString]) {
        arrayHeader(lines.count)
        for line in lines { simpleString(line) }
    }
}
