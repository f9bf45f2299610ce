import Keyspace
import RESP

extension SortedSetCommands {
    enum RangeKind {
        case rank, score, lex
    }

    /// Writes `entries` as Redis does: members, plus scores when asked (RESP2 flat,
    /// RESP3 one [member, score] pair per element).
    static func replyEntries(_ context: inout CommandContext, _ entries: [(score: Double, member: StoredBytes)], withScores: Bool) {
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

    /// ZRANGESTORE dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count]
    @Sendable static func zrangestore(_ context: inout CommandContext) {
        rangeGeneric(&context, kind: nil, reverse: nil, keyIndex: 2, destinationIndex: 1)
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

    /// ZRANGEBYLEX key min max [LIMIT offset count]
    @Sendable static func zrangebylex(_ context: inout CommandContext) {
        rangeGeneric(&context, kind: .lex, reverse: false)
    }

    /// ZREVRANGEBYLEX key max min [LIMIT offset count]
    @Sendable static func zrevrangebylex(_ context: inout CommandContext) {
        rangeGeneric(&context, kind: .lex, reverse: true)
    }

    struct RangeOptions {
        var kind: RangeKind?
        var reverse: Bool?
        var withScores = false
        var offset: Int64 = 0
        var limit: Int64 = -1
        var hasLimit = false
    }

    /// The options after `start` (Redis's step 1 of `zrangeGenericCommand`); nil after an error.
    static func parseRangeOptions(_ context: inout CommandContext, from start: Int, kind: RangeKind?, reverse: Bool?, store: Bool) -> RangeOptions? {
        var options = RangeOptions(kind: kind, reverse: reverse)
        var index = start
        while index < context.arguments.count {
            let left = context.arguments.count - index - 1
            if !store && context.argument(index, is: "withscores") {
                options.withScores = true
            } else if context.argument(index, is: "limit") && left >= 2 {
                guard let first = context.integerArgument(index + 1), let second = context.integerArgument(index + 2) else { return nil }
                (options.offset, options.limit, options.hasLimit) = (first, second, true)
                index += 2
            } else if reverse == nil && options.reverse == nil && context.argument(index, is: "rev") {
                options.reverse = true
            } else if kind == nil && options.kind == nil && context.argument(index, is: "byscore") {
                options.kind = .score
            } else if kind == nil && options.kind == nil && context.argument(index, is: "bylex") {
                options.kind = .lex
            } else {
                context.replySyntaxError()
                return nil
            }
            index += 1
        }
        if options.hasLimit && (options.kind ?? .rank) == .rank {
            context.reply.error("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX")
            return nil
        }
        if options.withScores && options.kind == .lex {
            context.reply.error("ERR syntax error, WITHSCORES not supported in combination with BYLEX")
            return nil
        }
        return options
    }

    /// Redis's `zrangeGenericCommand`: options, then the range (parse errors before the
    /// key lookup), then the key; replies the entries or stores them at `destinationIndex`.
    static func rangeGeneric(
        _ context: inout CommandContext, kind fixedKind: RangeKind?, reverse fixedReverse: Bool?,
        keyIndex: Int = 1, destinationIndex: Int? = nil
    ) {
        guard let options = parseRangeOptions(&context, from: keyIndex + 3, kind: fixedKind, reverse: fixedReverse,
                                              store: destinationIndex != nil) else { return }
        let kind = options.kind ?? .rank
        let isReverse = options.reverse ?? false
        var startIndex = keyIndex + 1, stopIndex = keyIndex + 2
        if isReverse && kind != .rank { swap(&startIndex, &stopIndex) }
        var rankBounds: (Int64, Int64) = (0, 0)
        var scoreBounds: ((value: Double, exclusive: Bool), (value: Double, exclusive: Bool)) = ((0, false), (0, false))
        var lexBounds: (LexBound, LexBound) = (.minimum, .maximum)
        switch kind {
        case .rank:
            guard let start = context.integerArgument(startIndex), let stop = context.integerArgument(stopIndex) else { return }
            rankBounds = (start, stop)
        case .score:
            guard let minimum = parseBound(context.arguments[startIndex]), let maximum = parseBound(context.arguments[stopIndex]) else {
                return context.reply.error("ERR min or max is not a float")
            }
            scoreBounds = (minimum, maximum)
        case .lex:
            guard let minimum = LexBound(parsing: context.arguments[startIndex]),
                  let maximum = LexBound(parsing: context.arguments[stopIndex]) else {
                return context.reply.error("ERR min or max not valid string range item")
            }
            lexBounds = (minimum, maximum)
        }
        let (found, ok) = readZset(&context, context.arguments[keyIndex])
        guard ok else { return }
        var selected: [(score: Double, member: StoredBytes)] = []
        if let zset = found {
            switch kind {
            case .rank:
                if let range = ListCommands.clampRange(rankBounds.0, rankBounds.1, count: zset.count) {
                    let ranks = isReverse ? (zset.count - range.upperBound)..<(zset.count - range.lowerBound) : range
                    selected = zset.entries.entries(in: ranks)
                    if isReverse { selected.reverse() }
                }
            case .score, .lex:
                let ranks = kind == .score
                    ? zset.ranks(minimum: scoreBounds.0.value, minimumExclusive: scoreBounds.0.exclusive,
                                 maximum: scoreBounds.1.value, maximumExclusive: scoreBounds.1.exclusive)
                    : zset.ranks(lexMinimum: lexBounds.0, lexMaximum: lexBounds.1)
                var ordered = zset.entries.entries(in: ranks)
                if isReverse { ordered.reverse() }
                // Redis walks `offset` elements then emits `limit` (negative: all); a negative
                // offset walks off the end and returns nothing.
                ordered = options.offset < 0 ? [] : Array(ordered.dropFirst(Int(clamping: options.offset)))
                if options.limit >= 0 { ordered = Array(ordered.prefix(Int(clamping: options.limit))) }
                selected = ordered
            }
        }
        if let destinationIndex {
            let result = SortedSetValue(seed: context.keyspace.hashSeed)
            for entry in selected { result.set(entry.member, score: entry.score) }
            return storeResult(&context, result, at: destinationIndex, event: "zrangestore")
        }
        if found == nil { return context.reply.arrayHeader(0) }
        replyEntries(&context, selected, withScores: options.withScores)
    }

    /// Replaces the key at `index` with `zset` (deleting it when empty), announces `event`
    /// (or `del` when an existing key went) and replies the size.
    static func storeResult(_ context: inout CommandContext, _ zset: SortedSetValue, at index: Int, event: StaticString) {
        let db = context.db
        let key = context.arguments[index]
        let existing = db.lookupWrite(key, nowMs: context.nowMs)
        if zset.count > 0 {
            // Redis's setKey: an existing key is overwritten (no `new` event), its TTL dropped.
            if let existing { db.setValue(existing, .sortedSet(zset), keepExpiry: false) } else {
                db.insert(Array(key), value: .sortedSet(zset), nowMs: context.nowMs)
            }
            context.notify(.zset, event, key)
        } else if let existing {
            db.remove(existing)
            context.notify(.generic, "del", key)
        }
        context.reply.integer(zset.count)
    }

    /// ZLEXCOUNT key min max
    @Sendable static func zlexcount(_ context: inout CommandContext) {
        guard let minimum = LexBound(parsing: context.arguments[2]), let maximum = LexBound(parsing: context.arguments[3]) else {
            return context.reply.error("ERR min or max not valid string range item")
        }
        let (found, ok) = readZset(&context, context.arguments[1])
        guard ok else { return }
        context.reply.integer(found?.ranks(lexMinimum: minimum, lexMaximum: maximum).count ?? 0)
    }

    /// ZREMRANGEBYLEX key min max
    @Sendable static func zremrangebylex(_ context: inout CommandContext) {
        guard let minimum = LexBound(parsing: context.arguments[2]), let maximum = LexBound(parsing: context.arguments[3]) else {
            return context.reply.error("ERR min or max not valid string range item")
        }
        let (found, handle, ok) = writeZset(&context, context.arguments[1])
        guard ok else { return }
        guard let zset = found, let handle else { return context.reply.integer(0) }
        let range = zset.ranks(lexMinimum: minimum, lexMaximum: maximum)
        if !range.isEmpty {
            zset.removeRanks(range)
            finishChange(&context, zset, handle, event: "zremrangebylex")
        }
        context.reply.integer(range.count)
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
        var popped = zset.entries.entries(in: ranks)
        if maximum { popped.reverse() }
        zset.removeRanks(ranks)
        finishChange(&context, zset, handle, event: maximum ? "zpopmax" : "zpopmin")
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
        finishChange(&context, zset, handle, event: "zremrangebyrank")
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
            finishChange(&context, zset, handle, event: "zremrangebyscore")
        }
        context.reply.integer(range.count)
    }
}
