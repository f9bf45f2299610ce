import Keyspace
import RESP

extension SortedSetCommands {
    /// ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]: [key, [[member, score], ...]]
    /// (pairs nested even in RESP2), or a null array when every key is missing.
    @Sendable static func zmpop(_ context: inout CommandContext) { mpop(&context) { _ in true } }

    /// Redis's `genericZpopCommand` over several keys; `validate` runs after the arguments
    /// parsed and before anything pops (BZMPOP checks its timeout there, as Redis does).
    static func mpop(_ context: inout CommandContext, validate: (inout CommandContext) -> Bool) {
        guard let keyCount = context.integerArgument(1, in: 1...Int64.max, message: "ERR numkeys should be greater than 0") else { return }
        let whereIndex = 2 + Int(clamping: keyCount)
        guard keyCount < Int64(context.arguments.count) && whereIndex < context.arguments.count else {
            return context.replySyntaxError()
        }
        let maximum: Bool
        if context.argument(whereIndex, is: "min") { maximum = false }
        else if context.argument(whereIndex, is: "max") { maximum = true }
        else { return context.replySyntaxError() }
        var count: Int64 = -1
        var index = whereIndex + 1
        while index < context.arguments.count {
            guard count == -1 && context.argument(index, is: "count") && index + 1 < context.arguments.count else {
                return context.replySyntaxError()
            }
            guard let value = context.integerArgument(index + 1, in: 1...Int64.max, message: "ERR count should be greater than 0") else { return }
            count = value
            index += 2
        }
        guard validate(&context) else { return }
        for keyIndex in 2..<whereIndex {
            let (found, handle, ok) = writeZset(&context, context.arguments[keyIndex])
            guard ok else { return }
            guard let zset = found, let handle else { continue }
            let taken = min(Int(clamping: max(count, 1)), zset.count)
            let ranks = maximum ? (zset.count - taken)..<zset.count : 0..<taken
            var popped = zset.entries.entries(in: ranks)
            if maximum { popped.reverse() }
            zset.removeRanks(ranks)
            finishChange(&context, zset, handle, event: maximum ? "zpopmax" : "zpopmin", keyIndex: keyIndex)
            context.reply.arrayHeader(2)
            context.reply.bulk(context.arguments[keyIndex])
            context.reply.arrayHeader(popped.count)
            for entry in popped {
                context.reply.arrayHeader(2)
                context.reply.bulk(entry.member)
                context.reply.double(entry.score)
            }
            return
        }
        context.reply.nullArray()
    }

    /// ZRANDMEMBER key [count [WITHSCORES]]: the HRANDFIELD rules, drawn from the seed.
    @Sendable static func zrandmember(_ context: inout CommandContext) {
        var generator = SplitMix64(seed: context.seed)
        guard context.arguments.count >= 3 else {
            let (found, ok) = readZset(&context, context.arguments[1])
            guard ok else { return }
            guard let zset = found, zset.count > 0 else { return context.reply.null() }
            return context.reply.bulk(zset.entries.entry(at: Int(generator.next() % UInt64(zset.count))).member)
        }
        guard let requested = context.integerArgument(2, in: -Int64.max...Int64.max) else { return }
        var withScores = false
        if context.arguments.count >= 4 {
            guard context.arguments.count == 4 && context.argument(3, is: "withscores") else { return context.replySyntaxError() }
            guard requested >= -Int64.max / 2 && requested <= Int64.max / 2 else {
                return context.reply.error("ERR value is out of range")
            }
            withScores = true
        }
        let (found, ok) = readZset(&context, context.arguments[1])
        guard ok else { return }
        guard let zset = found, requested != 0 else { return context.reply.arrayHeader(0) }
        var chosen: [(score: Double, member: StoredBytes)] = []
        if requested < 0 {
            for _ in 0..<Int(clamping: -requested) { chosen.append(zset.entries.entry(at: Int(generator.next() % UInt64(zset.count)))) }
        } else if requested >= zset.count {
            // Redis 7.0 answers this case with a reversed by-score range: highest first.
            chosen = zset.entries.reversed()
        } else {
            var all = Array(zset.entries)
            for index in 0..<Int(requested) {
                all.swapAt(index, index + Int(generator.next() % UInt64(all.count - index)))
            }
            chosen = Array(all[..<Int(requested)])
        }
        replyEntries(&context, chosen, withScores: withScores)
    }

    /// ZSCAN key cursor [MATCH pattern] [COUNT count]: members and scores (`%.17g`).
    @Sendable static func zscan(_ context: inout CommandContext) {
        guard var cursor = ScanCommands.parseCursor(context.arguments[2]) else {
            return context.reply.error("ERR invalid cursor")
        }
        let (found, ok) = readZset(&context, context.arguments[1])
        guard ok else { return }
        guard let zset = found else {
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
        var collected: [(StoredBytes, Double)] = []
        var budget = count &* 10
        repeat {
            cursor = zset.scan(cursor: cursor) { collected.append(($0, $1)) }
            budget -= 1
        } while cursor != 0 && budget > 0 && collected.count < count
        if let pattern { collected.removeAll { !Glob.matches(pattern: pattern, $0.0) } }
        context.reply.arrayHeader(2)
        context.reply.bulk(Array(String(cursor).utf8))
        context.reply.arrayHeader(collected.count * 2)
        for (member, score) in collected {
            context.reply.bulk(member)
            context.reply.bulk(DoubleFormat.redisDouble(score))
        }
    }
}
