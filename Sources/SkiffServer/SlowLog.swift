/// Redis's slow log: the latest commands that ran for at least `slowlog-log-slower-than`
/// microseconds, at most `slowlog-max-len` of them, newest first (SLOWLOG GET).
struct SlowLog {
    struct Entry {
        let id: Int
        let timestampSeconds: Int64
        let durationUs: Int64
        /// The command's arguments, shortened as `Self.shortened` does.
        let arguments: [[UInt8]]
        let peerAddress: String
        let clientName: [UInt8]
    }

    /// Redis's SLOWLOG_ENTRY_MAX_ARGC: arguments kept per entry (the last says how many more).
    static let maxArguments = 32
    /// Redis's SLOWLOG_ENTRY_MAX_STRING: bytes kept per argument.
    static let maxArgumentBytes = 128

    /// Oldest first from `head`; the slots before `head` are dropped entries not yet compacted
    /// (so trimming the oldest entry costs O(1) amortized, whatever `slowlog-max-len` is).
    private var storage: [Entry] = []
    private var head = 0
    /// Ids keep growing across SLOWLOG RESET, as in Redis.
    private var nextID = 0

    var count: Int { storage.count - head }

    /// The newest `limit` entries, newest first (`limit` nil: all of them).
    func newest(_ limit: Int?) -> [Entry] {
        Array(storage[head...].reversed().prefix(limit ?? count))
    }

    /// Adds an entry, then drops the oldest beyond `maxLength`.
    mutating func push(
        _ arguments: [ArraySlice<UInt8>], durationUs: Int64, timestampSeconds: Int64,
        peerAddress: String, clientName: [UInt8], maxLength: Int
    ) {
        storage.append(Entry(id: nextID, timestampSeconds: timestampSeconds, durationUs: durationUs,
                             arguments: Self.shortened(arguments), peerAddress: peerAddress, clientName: clientName))
        nextID += 1
        head += max(0, count - maxLength)
        if head > 64 && head * 2 > storage.count {
            storage.removeFirst(head)
            head = 0
        }
    }

    mutating func reset() {
        storage.removeAll()
        head = 0
    }

    /// Redis's `slowlogCreateEntry`: past 32 arguments the 32nd becomes "... (N more
    /// arguments)"; an argument past 128 bytes keeps 128 and "... (N more bytes)".
    static func shortened(_ arguments: [ArraySlice<UInt8>]) -> [[UInt8]] {
        let kept = min(arguments.count, maxArguments)
        return (0..<kept).map { index in
            if kept != arguments.count && index == kept - 1 {
                return Array("... (\(arguments.count - kept + 1) more arguments)".utf8)
            }
            let argument = arguments[index]
            guard argument.count > maxArgumentBytes else { return Array(argument) }
            return Array(argument.prefix(maxArgumentBytes)) + Array("... (\(argument.count - maxArgumentBytes) more bytes)".utf8)
        }
    }
}
