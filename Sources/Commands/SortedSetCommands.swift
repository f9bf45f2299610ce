import Keyspace
import RESP

/// Sorted-set commands (Redis's t_zset.c): the core by-rank and by-score family.
enum SortedSetCommands {
    static func readZset(_ context: inout CommandContext, _ key: ArraySlice<UInt8>) -> (zset: SortedSetValue?, ok: Bool) {
        let db = context.db
        guard let handle = db.lookupRead(key, nowMs: context.nowMs) else { return (nil, true) }
        guard case .sortedSet(let zset) = db.value(handle) else {
            context.replyWrongType()
            return (nil, false)
        }
        return (zset, true)
    }

    static func writeZset(_ context: inout CommandContext, _ key: ArraySlice<UInt8>) -> (zset: SortedSetValue?, handle: EntryHandle?, ok: Bool) {
        let db = context.db
        guard let handle = db.lookupWrite(key, nowMs: context.nowMs) else { return (nil, nil, true) }
        guard case .sortedSet(let zset) = db.value(handle) else {
            context.replyWrongType()
            return (nil, nil, false)
        }
        return (zset, handle, true)
    }

    /// Announces `event` (when given), then deletes the key (announcing `del`) when its
    /// sorted set became empty, else records the change.
    static func finishChange(
        _ context: inout CommandContext, _ zset: SortedSetValue, _ handle: EntryHandle, event: StaticString?,
        keyIndex: Int = 1
    ) {
        if zset.count == 0 { context.db.remove(handle) } else { context.db.noteModified(handle) }
        if let event { context.notify(.zset, event, context.arguments[keyIndex]) }
        if zset.count == 0 { context.notify(.generic, "del", context.arguments[keyIndex]) }
    }

    /// ZADD key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...]
    @Sendable static func zadd(_ context: inout CommandContext) {
        var nx = false, xx = false, gt = false, lt = false, ch = false, incr = false
        var scoreIndex = 2
        while scoreIndex < context.arguments.count {
            if context.argument(scoreIndex, is: "nx") { nx = true }
            else if context.argument(scoreIndex, is: "xx") { xx = true }
            else if context.argument(scoreIndex, is: "ch") { ch = true }
            else if context.argument(scoreIndex, is: "incr") { incr = true }
            else if context.argument(scoreIndex, is: "gt") { gt = true }
            else if context.argument(scoreIndex, is: "lt") { lt = true }
            else { break }
            scoreIndex += 1
        }
        addGeneric(&context, scoreIndex: scoreIndex, nx: nx, xx: xx, gt: gt, lt: lt, ch: ch, incr: incr)
    }

    /// ZINCRBY key increment member: ZADD INCR underneath, as in Redis.
    @Sendable static func zincrby(_ context: inout CommandContext) {
        addGeneric(&context, scoreIndex: 2, nx: false, xx: false, gt: false, lt: false, ch: false, incr: true)
    }

    /// Redis's `zaddGenericCommand`: options checked, every score parsed before any change.
    static func addGeneric(_ context: inout CommandContext, scoreIndex: Int, nx: Bool, xx: Bool, gt: Bool, lt: Bool, ch: Bool, incr: Bool) {
        let elements = context.arguments.count - scoreIndex
        guard elements > 0 && elements % 2 == 0 else { return context.replySyntaxError() }
        if nx && xx { return context.reply.error("ERR XX and NX options at the same time are not compatible") }
        if (gt && nx) || (lt && nx) || (gt && lt) {
            return context.reply.error("ERR GT, LT, and/or NX options at the same time are not compatible")
        }
        if incr && elements > 2 { return context.reply.error("ERR INCR option supports a single increment-element pair") }
        var scores: [Double] = []
        for pair in 0..<(elements / 2) {
            guard let score = FloatParsing.parseDouble(context.arguments[scoreIndex + pair * 2]) else {
                return context.reply.error(CommandError.notFloat)
            }
            scores.append(score)
        }
        let (found, foundHandle, ok) = writeZset(&context, context.arguments[1])
        guard ok else { return }
        var added = 0, updated = 0, processed = 0
        var lastScore = 0.0
        if found != nil || !xx {
            let zset: SortedSetValue
            let handle: EntryHandle
            if let found, let foundHandle {
                (zset, handle) = (found, foundHandle)
            } else {
                zset = SortedSetValue(seed: context.keyspace.hashSeed)
                handle = context.db.insert(context.arguments.array(1), value: .sortedSet(zset), nowMs: context.nowMs)
            }
            for (pair, given) in scores.enumerated() {
                let member = context.arguments[scoreIndex + pair * 2 + 1]
                var score = given
                if let current = zset.score(of: member) {
                    if nx { continue }
                    if incr {
                        score += current
                        if score.isNaN {
                            finishChange(&context, zset, handle, event: nil)
                            return context.reply.error("ERR resulting score is not a number (NaN)")
                        }
                    }
                    if (lt && score >= current) || (gt && score <= current) { continue }
                    if score != current {
                        zset.set(member, score: score)
                        updated += 1
                    }
                } else {
                    if xx { continue }
                    zset.set(member, score: score)
                    added += 1
                }
                processed += 1
                lastScore = score
            }
            // As in Redis, a ZADD that changed nothing does not touch the key (nor its WATCH).
            if added + updated > 0 { finishChange(&context, zset, handle, event: incr ? "zincr" : "zadd") }
        }
        if incr {
            processed > 0 ? context.reply.double(lastScore) : context.reply.null()
        } else {
            context.reply.integer(ch ? added + updated : added)
        }
    }

    /// ZREM key member [member ...]
    @Sendable static func zrem(_ context: inout CommandContext) {
        let (found, handle, ok) = writeZset(&context, context.arguments[1])
        guard ok else { return }
        guard let zset = found, let handle else { return context.reply.integer(0) }
        var removed = 0
        for index in 2..<context.arguments.count where zset.remove(context.arguments[index]) {
            removed += 1
            if zset.count == 0 { break }
        }
        if removed > 0 { finishChange(&context, zset, handle, event: "zrem") }
        context.reply.integer(removed)
    }

    /// ZCARD key
    @Sendable static func zcard(_ context: inout CommandContext) {
        let (zset, ok) = readZset(&context, context.arguments[1])
        guard ok else { return }
        context.reply.integer(zset?.count ?? 0)
    }

    /// ZSCORE key member: a double (`%.17g`, RESP3 `,`).
    @Sendable static func zscore(_ context: inout CommandContext) {
        let (zset, ok) = readZset(&context, context.arguments[1])
        guard ok else { return }
        guard let score = zset?.score(of: context.arguments[2]) else { return context.reply.null() }
        context.reply.double(score)
    }

    /// ZMSCORE key member [member ...]
    @Sendable static func zmscore(_ context: inout CommandContext) {
        let (zset, ok) = readZset(&context, context.arguments[1])
        guard ok else { return }
        context.reply.arrayHeader(context.arguments.count - 2)
        for index in 2..<context.arguments.count {
            if let score = zset?.score(of: context.arguments[index]) {
                context.reply.double(score)
            } else {
                context.reply.null()
            }
        }
    }

    /// ZRANK key member
    @Sendable static func zrank(_ context: inout CommandContext) { rank(&context, reverse: false) }
    /// ZREVRANK key member
    @Sendable static func zrevrank(_ context: inout CommandContext) { rank(&context, reverse: true) }

    static func rank(_ context: inout CommandContext, reverse: Bool) {
        let (found, ok) = readZset(&context, context.arguments[1])
        guard ok else { return }
        guard let zset = found, let rank = zset.rank(of: context.arguments[2]) else { return context.reply.null() }
        context.reply.integer(reverse ? zset.count - 1 - rank : rank)
    }

    /// A score bound: "(" makes it exclusive.
    static func parseBound(_ bytes: ArraySlice<UInt8>) -> (value: Double, exclusive: Bool)? {
        if bytes.first == 0x28 {
            return FloatParsing.parseRangeBound(bytes.dropFirst()).map { ($0, true) }
        }
        return FloatParsing.parseRangeBound(bytes).map { ($0, false) }
    }

    /// ZCOUNT key min max
    @Sendable static func zcount(_ context: inout CommandContext) {
        guard let minimum = parseBound(context.arguments[2]), let maximum = parseBound(context.arguments[3]) else {
            return context.reply.error("ERR min or max is not a float")
        }
        let (found, ok) = readZset(&context, context.arguments[1])
        guard ok else { return }
        guard let zset = found else { return context.reply.integer(0) }
        let range = zset.ranks(minimum: minimum.value, minimumExclusive: minimum.exclusive,
                               maximum: maximum.value, maximumExclusive: maximum.exclusive)
        context.reply.integer(range.count)
    }
}
