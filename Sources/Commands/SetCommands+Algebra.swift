import Keyspace
import RESP

extension SetCommands {
    /// The sets at `keys` (nil for missing keys); nil after a WRONGTYPE reply. Redis checks
    /// every key's type before using any.
    static func loadSets(_ context: inout CommandContext, _ keys: Range<Int>) -> [SetValue?]? {
        var sets: [SetValue?] = []
        for index in keys {
            let (set, ok) = readSet(&context, context.arguments[index])
            guard ok else { return nil }
            sets.append(set)
        }
        return sets
    }

    /// Redis's `sinterGenericCommand`: walks the smallest set (stable order among equals),
    /// keeping members found in all the others.
    static func intersection(_ sets: [SetValue], limit: Int = 0) -> [StoredBytes] {
        let ordered = sets.enumerated().sorted { ($0.element.count, $0.offset) < ($1.element.count, $1.offset) }.map(\.element)
        var result: [StoredBytes] = []
        ordered[0].forEach { member in
            if limit > 0 && result.count >= limit { return }
            if ordered.dropFirst().allSatisfy({ $0.contains(member) }) { result.append(member) }
        }
        return result
    }

    /// Builds a new set from `members` as Redis does (starting as an intset).
    static func makeSet(_ context: inout CommandContext, _ members: [StoredBytes]) -> SetValue {
        let set = SetValue(seed: context.keyspace.hashSeed)
        for member in members { set.add(member, maxIntsetEntries: context.keyspace.maxIntsetEntries) }
        return set
    }

    /// Replaces `destination` with `set` (deleting it when empty), announces `event` (or
    /// `del` when an existing destination went) and replies the size.
    static func store(_ context: inout CommandContext, _ set: SetValue, at destinationIndex: Int, event: StaticString) {
        let db = context.db
        let key = context.arguments[destinationIndex]
        let existing = db.lookupWrite(key, nowMs: context.nowMs)
        if set.count > 0 {
            // Redis's setKey: an existing key is overwritten (no `new` event), its TTL dropped.
            if let existing { db.setValue(existing, .set(set), keepExpiry: false) } else {
                db.insert(Array(key), value: .set(set), nowMs: context.nowMs)
            }
            context.notify(.set, event, key)
        } else if let existing {
            db.remove(existing)
            context.notify(.generic, "del", key)
        }
        context.reply.integer(set.count)
    }

    /// SINTER key [key ...]
    @Sendable static func sinter(_ context: inout CommandContext) {
        guard let sets = loadSets(&context, 1..<context.arguments.count) else { return }
        let present = sets.compactMap { $0 }
        guard present.count == sets.count else { return context.reply.setHeader(0) }
        replyMembers(&context, intersection(present))
    }

    /// SINTERSTORE destination key [key ...]
    @Sendable static func sinterstore(_ context: inout CommandContext) {
        guard let sets = loadSets(&context, 2..<context.arguments.count) else { return }
        let present = sets.compactMap { $0 }
        let members = present.count == sets.count ? intersection(present) : []
        store(&context, makeSet(&context, members), at: 1, event: "sinterstore")
    }

    /// SINTERCARD numkeys key [key ...] [LIMIT limit]
    @Sendable static func sintercard(_ context: inout CommandContext) {
        guard let keyCount = context.integerArgument(1, in: 1...Int64.max, message: "ERR numkeys should be greater than 0") else { return }
        guard keyCount <= Int64(context.arguments.count - 2) else {
            return context.reply.error("ERR Number of keys can't be greater than number of args")
        }
        var limit: Int64 = 0
        var index = 2 + Int(keyCount)
        while index < context.arguments.count {
            if context.argument(index, is: "limit") && index + 1 < context.arguments.count {
                guard let value = context.integerArgument(index + 1, in: 0...Int64.max, message: "ERR LIMIT can't be negative") else { return }
                limit = value
                index += 2
            } else {
                return context.replySyntaxError()
            }
        }
        guard let sets = loadSets(&context, 2..<(2 + Int(keyCount))) else { return }
        let present = sets.compactMap { $0 }
        guard present.count == sets.count else { return context.reply.integer(0) }
        context.reply.integer(intersection(present, limit: Int(clamping: limit)).count)
    }

    /// Redis's `sunionDiffGenericCommand` result, built into a new set (so its order is
    /// the new set's: ascending while it is an intset).
    static func unionOrDifference(_ context: inout CommandContext, _ sets: [SetValue?], union: Bool) -> SetValue {
        let result = SetValue(seed: context.keyspace.hashSeed)
        let limit = context.keyspace.maxIntsetEntries
        if union {
            for set in sets { set?.forEach { result.add($0, maxIntsetEntries: limit) } }
        } else if let first = sets.first ?? nil {
            let others = sets.dropFirst()
            first.forEach { member in
                if !others.contains(where: { $0?.contains(member) == true }) { result.add(member, maxIntsetEntries: limit) }
            }
        }
        return result
    }

    /// SUNION key [key ...]
    @Sendable static func sunion(_ context: inout CommandContext) {
        guard let sets = loadSets(&context, 1..<context.arguments.count) else { return }
        replyMembers(&context, unionOrDifference(&context, sets, union: true).members)
    }

    /// SUNIONSTORE destination key [key ...]
    @Sendable static func sunionstore(_ context: inout CommandContext) {
        guard let sets = loadSets(&context, 2..<context.arguments.count) else { return }
        store(&context, unionOrDifference(&context, sets, union: true), at: 1, event: "sunionstore")
    }

    /// SDIFF key [key ...]
    @Sendable static func sdiff(_ context: inout CommandContext) {
        guard let sets = loadSets(&context, 1..<context.arguments.count) else { return }
        replyMembers(&context, unionOrDifference(&context, sets, union: false).members)
    }

    /// SDIFFSTORE destination key [key ...]
    @Sendable static func sdiffstore(_ context: inout CommandContext) {
        guard let sets = loadSets(&context, 2..<context.arguments.count) else { return }
        store(&context, unionOrDifference(&context, sets, union: false), at: 1, event: "sdiffstore")
    }

    /// SSCAN key cursor [MATCH pattern] [COUNT count]: an intset comes whole with cursor 0.
    @Sendable static func sscan(_ context: inout CommandContext) {
        guard var cursor = ScanCommands.parseCursor(context.arguments[2]) else {
            return context.reply.error("ERR invalid cursor")
        }
        let (found, ok) = readSet(&context, context.arguments[1])
        guard ok else { return }
        guard let set = found else {
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
        var collected: [StoredBytes] = []
        var budget = count &* 10
        repeat {
            cursor = set.scan(cursor: cursor) { collected.append($0) }
            budget -= 1
        } while cursor != 0 && budget > 0 && collected.count < count
        if let pattern { collected.removeAll { !Glob.matches(pattern: pattern, $0) } }
        context.reply.arrayHeader(2)
        context.reply.bulk(Array(String(cursor).utf8))
        context.reply.arrayHeader(collected.count)
        for member in collected { context.reply.bulk(member) }
    }
}
