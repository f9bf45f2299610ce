import Keyspace
import RESP

extension SortedSetCommands {
    enum Operation {
        case union, intersection, difference
    }

    enum Aggregate {
        case sum, min, max
    }

    /// One input of ZUNION/ZINTER/ZDIFF: a sorted set, a plain set (every score 1), or nothing.
    enum Source {
        case missing
        case zset(SortedSetValue)
        case set(SetValue)

        var count: Int {
            switch self {
            case .missing: return 0
            case .zset(let zset): return zset.count
            case .set(let set): return set.count
            }
        }

        func score(of member: StoredBytes) -> Double? {
            switch self {
            case .missing: return nil
            case .zset(let zset): return zset.score(of: member)
            case .set(let set): return set.contains(member) ? 1 : nil
            }
        }

        func forEach(_ body: (StoredBytes, Double) -> Void) {
            switch self {
            case .missing: return
            case .zset(let zset): for entry in zset.entries { body(entry.member, entry.score) }
            case .set(let set): set.forEach { body($0, 1) }
            }
        }
    }

    /// ZUNION numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
    @Sendable static func zunion(_ context: inout CommandContext) { combine(&context, .union, name: "zunion") }
    /// ZINTER numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
    @Sendable static func zinter(_ context: inout CommandContext) { combine(&context, .intersection, name: "zinter") }
    /// ZDIFF numkeys key [key ...] [WITHSCORES]
    @Sendable static func zdiff(_ context: inout CommandContext) { combine(&context, .difference, name: "zdiff") }
    /// ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS ...] [AGGREGATE ...]
    @Sendable static func zunionstore(_ context: inout CommandContext) {
        combine(&context, .union, name: "zunionstore", destinationIndex: 1)
    }
    /// ZINTERSTORE destination numkeys key [key ...] [WEIGHTS ...] [AGGREGATE ...]
    @Sendable static func zinterstore(_ context: inout CommandContext) {
        combine(&context, .intersection, name: "zinterstore", destinationIndex: 1)
    }
    /// ZDIFFSTORE destination numkeys key [key ...]
    @Sendable static func zdiffstore(_ context: inout CommandContext) {
        combine(&context, .difference, name: "zdiffstore", destinationIndex: 1)
    }
    /// ZINTERCARD numkeys key [key ...] [LIMIT limit]
    @Sendable static func zintercard(_ context: inout CommandContext) {
        combine(&context, .intersection, name: "zintercard", cardinalityOnly: true)
    }

    /// Redis's `zunionInterDiffGenericCommand`: numkeys, the keys' types (before any option
    /// error), then WEIGHTS/AGGREGATE/WITHSCORES/LIMIT as the command allows them.
    static func combine(
        _ context: inout CommandContext, _ operation: Operation, name: StaticString,
        destinationIndex: Int? = nil, cardinalityOnly: Bool = false
    ) {
        let numkeysIndex = destinationIndex == nil ? 1 : 2
        guard let keyCount = context.integerArgument(numkeysIndex) else { return }
        guard keyCount >= 1 else { return context.reply.error("ERR at least 1 input key is needed for '\(name)' command") }
        guard keyCount <= Int64(context.arguments.count - numkeysIndex - 1) else { return context.replySyntaxError() }
        let keys = (numkeysIndex + 1)..<(numkeysIndex + 1 + Int(keyCount))
        var sources: [Source] = []
        for index in keys {
            guard let handle = context.db.lookupRead(context.arguments[index], nowMs: context.nowMs) else {
                sources.append(.missing)
                continue
            }
            switch context.db.value(handle) {
            case .sortedSet(let zset): sources.append(.zset(zset))
            case .set(let set): sources.append(.set(set))
            default: return context.replyWrongType()
            }
        }
        var weights = [Double](repeating: 1, count: sources.count)
        var aggregate = Aggregate.sum
        var withScores = false
        var limit: Int64 = 0
        var index = keys.upperBound
        while index < context.arguments.count {
            let remaining = context.arguments.count - index
            let weighted = operation != .difference && !cardinalityOnly
            if weighted && remaining >= sources.count + 1 && context.argument(index, is: "weights") {
                for offset in 0..<sources.count {
                    guard let weight = FloatParsing.parseDouble(context.arguments[index + 1 + offset]) else {
                        return context.reply.error("ERR weight value is not a float")
                    }
                    weights[offset] = weight
                }
                index += 1 + sources.count
            } else if weighted && remaining >= 2 && context.argument(index, is: "aggregate") {
                if context.argument(index + 1, is: "sum") { aggregate = .sum }
                else if context.argument(index + 1, is: "min") { aggregate = .min }
                else if context.argument(index + 1, is: "max") { aggregate = .max }
                else { return context.replySyntaxError() }
                index += 2
            } else if destinationIndex == nil && !cardinalityOnly && context.argument(index, is: "withscores") {
                withScores = true
                index += 1
            } else if cardinalityOnly && remaining >= 2 && context.argument(index, is: "limit") {
                guard let value = context.integerArgument(index + 1, in: 0...Int64.max, message: "ERR LIMIT can't be negative") else { return }
                limit = value
                index += 2
            } else {
                return context.replySyntaxError()
            }
        }
        let result = compute(operation, sources, weights: weights, aggregate: aggregate, seed: context.keyspace.hashSeed)
        if cardinalityOnly {
            return context.reply.integer(limit > 0 ? min(Int(clamping: limit), result.count) : result.count)
        }
        if let destinationIndex { return storeResult(&context, result, at: destinationIndex, event: name) }
        replyEntries(&context, Array(result.entries), withScores: withScores)
    }

    /// The combined set. NaN (inf - inf) becomes 0, as Redis's `zunionInterAggregate` does.
    static func compute(_ operation: Operation, _ sources: [Source], weights: [Double], aggregate: Aggregate, seed: UInt64) -> SortedSetValue {
        func combineScores(_ a: Double, _ b: Double) -> Double {
            switch aggregate {
            case .sum:
                let sum = a + b
                return sum.isNaN ? 0 : sum
            case .min: return Swift.min(a, b)
            case .max: return Swift.max(a, b)
            }
        }
        func weighted(_ score: Double, _ weight: Double) -> Double {
            let value = score * weight
            return value.isNaN ? 0 : value
        }
        let result = SortedSetValue(seed: seed)
        // Redis sorts the inputs by size (smallest first) before combining; the order of
        // floating-point sums follows it.
        let bySize = sources.indices.sorted { (sources[$0].count, $0) < (sources[$1].count, $1) }
        switch operation {
        case .union:
            // A temporary map; the result's order comes from the sorted set, not from it.
            var scores: [StoredBytes: Double] = [:]
            for position in bySize {
                sources[position].forEach { member, score in
                    let value = weighted(score, weights[position])
                    scores[member] = scores[member].map { combineScores($0, value) } ?? value
                }
            }
            for (member, score) in scores { result.set(member, score: score) }
        case .intersection:
            if sources.contains(where: { if case .missing = $0 { return true } else { return false } }) { return result }
            let smallest = bySize[0]
            sources[smallest].forEach { member, score in
                var value = weighted(score, weights[smallest])
                for position in bySize.dropFirst() {
                    guard let otherScore = sources[position].score(of: member) else { return }
                    value = combineScores(value, weighted(otherScore, weights[position]))
                }
                result.set(member, score: value)
            }
        case .difference:
            sources[0].forEach { member, score in
                if !sources.dropFirst().contains(where: { $0.score(of: member) != nil }) { result.set(member, score: score) }
            }
        }
        return result
    }
}
