import Keyspace
import RESP

extension HashCommands {
    /// HRANDFIELD key [count [WITHVALUES]], drawing only from the entry's seed.
    ///
    /// Redis 7.0's argument rules: count in ±LONG_MAX, WITHVALUES limits it to ±LONG_MAX/2
    /// ("ERR value is out of range"), errors come before the key lookup; a negative count
    /// allows repeats, a count at least the size returns the whole hash in its order.
    @Sendable static func hrandfield(_ context: inout CommandContext) {
        var generator = SplitMix64(seed: context.seed)
        guard context.arguments.count >= 3 else {
            let (hash, ok) = readHash(&context)
            guard ok else { return }
            guard let hash, let (field, _) = hash.randomPair(using: &generator) else { return context.reply.null() }
            return context.reply.bulk(field)
        }
        guard let requested = context.integerArgument(2, in: -Int64.max...Int64.max) else { return }
        var withValues = false
        if context.arguments.count >= 4 {
            guard context.arguments.count == 4 && context.argument(3, is: "withvalues") else {
                return context.replySyntaxError()
            }
            guard requested >= -Int64.max / 2 && requested <= Int64.max / 2 else {
                return context.reply.error("ERR value is out of range")
            }
            withValues = true
        }
        let (found, ok) = readHash(&context)
        guard ok else { return }
        guard let hash = found, requested != 0 else { return context.reply.arrayHeader(0) }
        let pairReplies = withValues && context.reply.isRESP3
        func emit(_ field: StoredBytes, _ value: StoredBytes, into reply: inout ReplyWriter) {
            if pairReplies { reply.arrayHeader(2) }
            reply.bulk(field)
            if withValues { reply.bulk(value) }
        }
        let perElement = withValues && !pairReplies ? 2 : 1
        if requested < 0 {
            let count = Int(-requested)
            context.reply.arrayHeader(count * perElement)
            for _ in 0..<count {
                let (field, value) = hash.pair(at: Int(generator.next() % UInt64(hash.count)))
                emit(field, value, into: &context.reply)
            }
            return
        }
        var pairs: [(StoredBytes, StoredBytes)] = []
        hash.forEach { pairs.append(($0, $1)) }
        if requested < pairs.count {
            // A partial Fisher-Yates shuffle picks `requested` distinct fields.
            for index in 0..<Int(requested) {
                let other = index + Int(generator.next() % UInt64(pairs.count - index))
                pairs.swapAt(index, other)
            }
            pairs.removeLast(pairs.count - Int(requested))
        }
        context.reply.arrayHeader(pairs.count * perElement)
        for (field, value) in pairs { emit(field, value, into: &context.reply) }
    }

    /// HSCAN key cursor [MATCH pattern] [COUNT count]: fields and values; a compact hash
    /// is returned whole with cursor 0, as Redis does for listpacks.
    @Sendable static func hscan(_ context: inout CommandContext) {
        guard var cursor = ScanCommands.parseCursor(context.arguments[2]) else {
            return context.reply.error("ERR invalid cursor")
        }
        // Redis looks the key up before parsing options: a missing key is an empty scan
        // whatever the options say.
        let (found, ok) = readHash(&context)
        guard ok else { return }
        guard let hash = found else {
            context.reply.arrayHeader(2)
            context.reply.bulk(static: "0")
            return context.reply.arrayHeader(0)
        }
        var count: Int64 = 10
        var pattern: ArraySlice<UInt8>?
        var index = 3
        while index < context.arguments.count {
            let hasValue = index + 1 < context.arguments.count
            if context.argument(index, is: "count") && hasValue {
                guard let value = context.integerArgument(index + 1) else { return }
                guard value >= 1 else { return context.replySyntaxError() }
                count = value
            } else if context.argument(index, is: "match") && hasValue {
                let value = context.arguments[index + 1]
                pattern = value.count == 1 && value.first == 0x2A ? nil : value
            } else {
                return context.replySyntaxError()
            }
            index += 2
        }
        var collected: [(StoredBytes, StoredBytes)] = []
        var budget = count &* 10
        repeat {
            cursor = hash.scan(cursor: cursor) { collected.append(($0, $1)) }
            budget -= 1
        } while cursor != 0 && budget > 0 && collected.count < count
        if let pattern { collected.removeAll { !Glob.matches(pattern: pattern, $0.0) } }
        context.reply.arrayHeader(2)
        context.reply.bulk(Array(String(cursor).utf8))
        context.reply.arrayHeader(collected.count * 2)
        for (field, value) in collected {
            context.reply.bulk(field)
            context.reply.bulk(value)
        }
    }
}
