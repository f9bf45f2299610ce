import Keyspace
import RESP

extension SortedSetCommands {
    enum RangeKind {
        case rank, score
    }

    /// Writes `entries` as Redis does: members, plus scores when asked (RESP2 flat,
    /// RESP3 one [member, score] pair per element).
    static func replyEntries(_ context: inout CommandContext, _ entries: [(score: Double, member: [UInt8])], withScores: Bool) {
        let nested = withScores && context.reply.isRESP3
        context.reply.arrayHeader(withScores && !nested ? entries.count * 2 : entries.count)
        for entry in entries {
            if nested { context.reply.arrayHeader(2) }
            context.reply.bulk(entry.member)
            if withScores { context.reply.double(entry.score) }
        }
    }

    /// ZRANGE key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES]
    @Sendable static func zrange(_ context: inout CommandContext) {
        rangeGeneric(&context, kind: nil, reverse: nil)
    }

    /// ZREVRANGE key start stop [WITHSCORES]
    @Sendable static func zrevrange(_ context: inout CommandContext) {
        rangeGeneric(&context, kind: .rank, reverse: true)
    }

    /// ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]
    @Sendable static func zrangebyscore(_ context: inout CommandContext) {
        rangeGeneric(&context, kind: .score, reverse: false)
    }

    /// ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]
    @Sendable static func zrevrangebyscore(_ context: inout CommandContext) {
        rangeGeneric(&context, kind: .score, reverse: true)
    }

    /// Redis's `zrangeGenericCommand` (ranks and scores; BYLEX is not implemented yet and
    /// answers a syntax-style error of its own).
    static func rangeGeneric(_ context: inout CommandContext, kind fixedKind: RangeKind?, reverse fixedReverse: Bool?) {
        var kind = fixedKind
        var reverse = fixedReverse
        var withScores = false
        var offset: Int64 = 0, limit: Int64 = -1, hasLimit = false
        var index = 4
        while index < context.arguments.count {
            let left = context.arguments.count - index - 1
            if context.argument(index, is: "withscores") {
                withScores = true
            } else if context.argument(index, is: "limit") && left >= 2 {
                guard let first = context.integerArgument(index + 1), let second = context.integerArgument(index + 2) else { return }
                (offset, limit, hasLimit) = (first, second, true)
                index += 2
            } else if fixedReverse == nil && reverse == nil && context.argument(index, is: "rev") {
                reverse = true
            } else if fixedKind == nil && kind == nil && context.argument(index, is: "byscore") {
                kind = .score
            } else if fixedKind == nil && kind == nil && context.argument(index, is: "bylex") {
                return context.reply.error("ERR BYLEX is not supported yet")
            } else {
                return context.replySyntaxError()
            }
            index += 1
        }
        let isReverse = reverse ?? false
        if hasLimit && (kind ?? .rank) == .rank {
            return context.reply.error("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX")
        }
        var startIndex = 2, stopIndex = 3
        if isReverse && kind == .score { swap(&startIndex, &stopIndex) }
        var selected: [(score: Double, member: [UInt8])] = []
        if (kind ?? .rank) == .rank {
            guard let start = context.integerArgument(startIndex), let stop = context.integerArgument(stopIndex) else { return }
            let (found, ok) = readZset(&context, context.arguments[1])
            guard ok else { return }
            guard let zset = found else { return context.reply.arrayHeader(0) }
            if let range = ListCommands.clampRange(start, stop, count: zset.count) {
                let ranks = isReverse ? (zset.count - range.upperBound)..<(zset.count - range.lowerBound) : range
                selected = Array(zset.entries[ranks])
                if isReverse { selected.reverse() }
            }
        } else {
            guard let minimum = parseBound(context.arguments[startIndex]), let maximum = parseBound(context.arguments[stopIndex]) else {
                return context.reply.error("ERR min or max is not a float")
            }
            let (found, ok) = readZset(&context, context.arguments[1])
            guard ok else { return }
            guard let zset = found else { return context.reply.arrayHeader(0) }
            let ranks = zset.ranks(minimum: minimum.value, minimumExclusive: minimum.exclusive,
                                   maximum: maximum.value, maximumExclusive: maximum.exclusive)
            var ordered = Array(zset.entries[ranks])
            if isReverse { ordered.reverse() }
            // Redis walks `offset` elements then emits `limit` (negative: all); a negative
            // offset walks off the end and returns nothing.
            if offset < 0 { ordered = [] } else { ordered = Array(ordered.dropFirst(Int(clamping: offset))) }
            if limit >= 0 { ordered = Array(ordered.prefix(Int(clamping: limit))) }
            selected = ordered
        }
        replyEntries(&context, selected, withScores: withScores)
    }

    /// ZPOPMIN key [count]
    @Sendable static func zpopmin(_ context: inout CommandContext) { pop(&context, maximum: false) }
    /// ZPOPMAX key [count]
    @Sendable static func zpopmax(_ context: inout CommandContext) { pop(&context, maximum: true) }

    /// Redis's `genericZpopCommand` for one key: a flat [member, score] list (RESP3 nests
    /// the pairs only when a count was given).
    static func pop(_ context: inout CommandContext, maximum: Bool) {
        guard context.arguments.count <= 3 else { return context.replySyntaxError() }
        let hasCount = context.arguments.count == 3
        var count = 1
        if hasCount {
            guard let value = context.integerArgument(2, in: 0...Int64.max, message: "ERR value is out of range, must be positive") else { return }
            if value == 0 { return context.reply.arrayHeader(0) }
            count = Int(clamping: value)
        }
        let (found, handle, ok) = writeZset(&context, context.arguments[1])
        guard ok else { return }
        guard let zset = found, let handle else { return context.reply.arrayHeader(0) }
        let taken = min(count, zset.count)
        let ranks = maximum ? (zset.count - taken)..<zset.count : 0..<taken
        var popped = Array(zset.entries[ranks])
        if maximum { popped.reverse() }
        zset.removeRanks(ranks)
        finishChange(&context, zset, handle)
        let nested = hasCount && context.reply.isRESP3
        context.reply.arrayHeader(nested ? popped.count : popped.count * 2)
        for entry in popped {
            if nested { context.reply.arrayHeader(2) }
            context.reply.bulk(entry.member)
            context.reply.double(entry.score)
        }
    }

    /// ZREMRANGEBYRANK key start stop
    @Sendable static func zremrangebyrank(_ context: inout CommandContext) {
        guard let start = context.integerArgument(2), let stop = context.integerArgument(3) else { return }
        let (found, handle, ok) = writeZset(&context, context.arguments[1])
        guard ok else { return }
        guard let zset = found, let handle, let range = ListCommands.clampRange(start, stop, count: zset.count) else {
            return context.reply.integer(0)
        }
        zset.removeRanks(range)
        finishChange(&context, zset, handle)
        context.reply.integer(range.count)
    }

    /// ZREMRANGEBYSCORE key min max
    @Sendable static func zremrangebyscore(_ context: inout CommandContext) {
        guard let minimum = parseBound(context.arguments[2]), let maximum = parseBound(context.arguments[3]) else {
            return context.reply.error("ERR min or max is not a float")
        }
        let (found, handle, ok) = writeZset(&context, context.arguments[1])
        guard ok else { return }
        guard let zset = found, let handle else { return context.reply.integer(0) }
        let range = zset.ranks(minimum: minimum.value, minimumExclusive: minimum.exclusive,
                               maximum: maximum.value, maximumExclusive: maximum.exclusive)
        if !range.isEmpty {
            zset.removeRanks(range)
            finishChange(&context, zset, handle)
        }
        context.reply.integer(range.count)
    }
}
