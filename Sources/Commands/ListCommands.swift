import Keyspace
import RESP

/// List commands (Redis's t_list.c), without the blocking variants (the server's part).
enum ListCommands {
    enum End {
        case left, right

        /// The keyspace event of a pop at this end.
        var popEvent: StaticString { self == .left ? "lpop" : "rpop" }
    }

    /// The list at argument `index` for reading; `ok` false after a WRONGTYPE reply.
    static func readList(_ context: inout CommandContext, keyIndex: Int = 1) -> (list: ListValue?, ok: Bool) {
        let db = context.db
        guard let handle = db.lookupRead(context.arguments[keyIndex], nowMs: context.nowMs) else { return (nil, true) }
        guard case .list(let list) = db.value(handle) else {
            context.replyWrongType()
            return (nil, false)
        }
        return (list, true)
    }

    /// The list at `key` for writing (expired keys deleted); `ok` false after WRONGTYPE.
    static func writeList(_ context: inout CommandContext, _ key: ArraySlice<UInt8>) -> (list: ListValue?, handle: EntryHandle?, ok: Bool) {
        let db = context.db
        guard let handle = db.lookupWrite(key, nowMs: context.nowMs) else { return (nil, nil, true) }
        guard case .list(let list) = db.value(handle) else {
            context.replyWrongType()
            return (nil, nil, false)
        }
        return (list, handle, true)
    }

    /// Redis's `getListPositionFromObjectOrReply`: LEFT or RIGHT, else a syntax error.
    static func end(_ context: inout CommandContext, _ index: Int) -> End? {
        if context.argument(index, is: "left") { return .left }
        if context.argument(index, is: "right") { return .right }
        context.replySyntaxError()
        return nil
    }

    // MARK: - Push

    /// LPUSH key element [element ...]
    @Sendable static func lpush(_ context: inout CommandContext) { push(&context, .left, onlyIfExists: false) }
    /// RPUSH key element [element ...]
    @Sendable static func rpush(_ context: inout CommandContext) { push(&context, .right, onlyIfExists: false) }
    /// LPUSHX key element [element ...]
    @Sendable static func lpushx(_ context: inout CommandContext) { push(&context, .left, onlyIfExists: true) }
    /// RPUSHX key element [element ...]
    @Sendable static func rpushx(_ context: inout CommandContext) { push(&context, .right, onlyIfExists: true) }

    static func push(_ context: inout CommandContext, _ end: End, onlyIfExists: Bool) {
        // The key and the database are taken once: each slice of the arguments and each
        // `context.db` is a retain and a release.
        let key = context.arguments[1]
        let db = context.db
        let (found, handle, ok) = writeList(&context, key)
        guard ok else { return }
        if found == nil && onlyIfExists { return context.reply.integer(0) }
        let list = found ?? ListValue()
        for index in 2..<context.arguments.count {
            let element = context.arguments.array(index)
            if end == .left { list.pushFront(element) } else { list.pushBack(element) }
        }
        // Recorded once the elements are in, so the cost estimate sees them.
        if let handle {
            db.noteModified(handle)
        } else {
            db.insert(Array(key), value: .list(list), nowMs: context.nowMs)
        }
        context.notify(.list, end == .left ? "lpush" : "rpush", key)
        context.reply.integer(list.count)
    }

    // MARK: - Pop

    /// LPOP key [count]
    @Sendable static func lpop(_ context: inout CommandContext) { pop(&context, .left) }
    /// RPOP key [count]
    @Sendable static func rpop(_ context: inout CommandContext) { pop(&context, .right) }

    /// Redis's `popGenericCommand`: without a count one bulk (or null); with one an array
    /// (null array when the key is missing, empty array for a count of 0).
    static func pop(_ context: inout CommandContext, _ end: End) {
        guard context.arguments.count <= 3 else {
            return context.reply.error("ERR wrong number of arguments for '\(end == .left ? "lpop" : "rpop")' command")
        }
        let hasCount = context.arguments.count == 3
        var count = 1
        if hasCount {
            // getPositiveLongFromObjectOrReply: one message for non-integers and negatives alike.
            guard let value = context.integerArgument(2, in: 0...Int64.max, message: "ERR value is out of range, must be positive") else { return }
            count = Int(clamping: value)
        }
        let (found, handle, ok) = writeList(&context, context.arguments[1])
        guard ok else { return }
        guard let list = found, let handle else { return hasCount ? context.reply.nullArray() : context.reply.null() }
        if hasCount && count == 0 { return context.reply.arrayHeader(0) }
        let popped = min(count, list.count)
        if hasCount { context.reply.arrayHeader(popped) }
        for _ in 0..<popped {
            context.reply.bulk((end == .left ? list.popFront() : list.popBack())!)
        }
        finishChange(&context, list, handle, event: end.popEvent, key: context.arguments[1])
    }

    /// Announces `event`, then deletes the key (announcing `del`) when its list became
    /// empty, else records the change.
    static func finishChange(
        _ context: inout CommandContext, _ list: ListValue, _ handle: EntryHandle, event: StaticString,
        key: ArraySlice<UInt8>
    ) {
        if list.count == 0 { context.db.remove(handle) } else { context.db.noteModified(handle) }
        context.notify(.list, event, key)
        if list.count == 0 { context.notify(.generic, "del", key) }
    }

    // MARK: - Reading

    /// LLEN key
    @Sendable static func llen(_ context: inout CommandContext) {
        let (list, ok) = readList(&context)
        guard ok else { return }
        context.reply.integer(list?.count ?? 0)
    }

    /// Redis's index normalisation: negative counts from the end.
    static func resolve(_ index: Int64, count: Int) -> Int64 {
        index < 0 ? Int64(count) + index : index
    }

    /// LINDEX key index
    @Sendable static func lindex(_ context: inout CommandContext) {
        guard let index = context.integerArgument(2) else { return }
        let (found, ok) = readList(&context)
        guard ok else { return }
        guard let list = found else { return context.reply.null() }
        let position = resolve(index, count: list.count)
        guard position >= 0 && position < list.count else { return context.reply.null() }
        context.reply.bulk(list[Int(position)])
    }

    /// LRANGE key start stop
    @Sendable static func lrange(_ context: inout CommandContext) {
        guard let start = context.integerArgument(2), let stop = context.integerArgument(3) else { return }
        let (found, ok) = readList(&context)
        guard ok else { return }
        guard let list = found else { return context.reply.arrayHeader(0) }
        guard let range = clampRange(start, stop, count: list.count) else { return context.reply.arrayHeader(0) }
        context.reply.arrayHeader(range.count)
        for index in range { context.reply.bulk(list[index]) }
    }

    /// LRANGE/LTRIM's clamping; nil for an empty range.
    static func clampRange(_ start: Int64, _ stop: Int64, count: Int) -> Range<Int>? {
        var first = resolve(start, count: count)
        var last = resolve(stop, count: count)
        if first < 0 { first = 0 }
        if first > last || first >= count { return nil }
        if last >= count { last = Int64(count) - 1 }
        return Int(first)..<Int(last) + 1
    }

    /// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
    @Sendable static func lpos(_ context: inout CommandContext) {
        var rank: Int64 = 1, count: Int64 = -1, maxLength: Int64 = 0
        var index = 3
        while index < context.arguments.count {
            let more = index + 1 < context.arguments.count
            if context.argument(index, is: "rank") && more {
                guard let value = context.integerArgument(index + 1) else { return }
                guard value != 0 else {
                    return context.reply.error("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list")
                }
                rank = value
            } else if context.argument(index, is: "count") && more {
                guard let value = positive(&context, index + 1, message: "ERR COUNT can't be negative") else { return }
                count = value
            } else if context.argument(index, is: "maxlen") && more {
                guard let value = positive(&context, index + 1, message: "ERR MAXLEN can't be negative") else { return }
                maxLength = value
            } else {
                return context.replySyntaxError()
            }
            index += 2
        }
        let fromTail = rank < 0
        // Redis negates with C's wrap-around: RANK -2^63 stays negative, so every match
        // qualifies and LPOS returns the last one.
        if fromTail { rank = 0 &- rank }
        let (found, ok) = readList(&context)
        guard ok else { return }
        guard let list = found else { return count != -1 ? context.reply.arrayHeader(0) : context.reply.null() }
        let element = context.arguments[2]
        var matches: [Int] = []
        var seen: Int64 = 0
        var scanned: Int64 = 0
        var position = fromTail ? list.count - 1 : 0
        while position >= 0 && position < list.count && (maxLength == 0 || scanned < maxLength) {
            if list[position].elementsEqual(element) {
                seen += 1
                if seen >= rank {
                    matches.append(position)
                    if count == -1 || (count != 0 && Int64(matches.count) >= count) { break }
                }
            }
            scanned += 1
            position += fromTail ? -1 : 1
        }
        if count == -1 {
            guard let first = matches.first else { return context.reply.null() }
            return context.reply.integer(first)
        }
        context.reply.arrayHeader(matches.count)
        for match in matches { context.reply.integer(match) }
    }

    /// Redis's `getPositiveLongFromObjectOrReply` with a custom message.
    static func positive(_ context: inout CommandContext, _ index: Int, message: String) -> Int64? {
        context.integerArgument(index, in: 0...Int64.max, message: message)
    }
}
