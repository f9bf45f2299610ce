import Keyspace
import RESP

/// Set commands (Redis's t_set.c).
enum SetCommands {
    /// The set at `key` for reading; `ok` false after a WRONGTYPE reply.
    static func readSet(_ context: inout CommandContext, _ key: ArraySlice<UInt8>) -> (set: SetValue?, ok: Bool) {
        let db = context.db
        guard let handle = db.lookupRead(key, nowMs: context.nowMs) else { return (nil, true) }
        guard case .set(let set) = db.value(handle) else {
            context.replyWrongType()
            return (nil, false)
        }
        return (set, true)
    }

    /// The set at `key` for writing (expired keys deleted); `ok` false after WRONGTYPE.
    static func writeSet(_ context: inout CommandContext, _ key: ArraySlice<UInt8>) -> (set: SetValue?, handle: EntryHandle?, ok: Bool) {
        let db = context.db
        guard let handle = db.lookupWrite(key, nowMs: context.nowMs) else { return (nil, nil, true) }
        guard case .set(let set) = db.value(handle) else {
            context.replyWrongType()
            return (nil, nil, false)
        }
        return (set, handle, true)
    }

    /// Announces `event`, then deletes the key (announcing `del`) when its set became
    /// empty, else records the change.
    static func finishChange(
        _ context: inout CommandContext, _ set: SetValue, _ handle: EntryHandle, event: StaticString, keyIndex: Int = 1
    ) {
        if set.count == 0 { context.db.remove(handle) } else { context.db.noteModified(handle) }
        context.notify(.set, event, context.arguments[keyIndex])
        if set.count == 0 { context.notify(.generic, "del", context.arguments[keyIndex]) }
    }

    /// A set reply (RESP3 `~`) of `members`.
    static func replyMembers(_ context: inout CommandContext, _ members: [StoredBytes]) {
        context.reply.setHeader(members.count)
        for member in members { context.reply.bulk(member) }
    }

    /// SADD key member [member ...]
    @Sendable static func sadd(_ context: inout CommandContext) {
        let (found, handle, ok) = writeSet(&context, context.arguments[1])
        guard ok else { return }
        let set = found ?? SetValue(seed: context.keyspace.hashSeed)
        var added = 0
        for index in 2..<context.arguments.count
        where set.add(context.arguments[index], maxIntsetEntries: context.keyspace.maxIntsetEntries) {
            added += 1
        }
        // Recorded once the members are in, so the cost estimate sees them; as in Redis,
        // adding only members already present changes nothing (a WATCH stays valid).
        if let handle {
            if added > 0 { context.db.noteModified(handle) }
        } else {
            context.db.insert(context.arguments.array(1), value: .set(set), nowMs: context.nowMs)
        }
        if added > 0 { context.notify(.set, "sadd", context.arguments[1]) }
        context.reply.integer(added)
    }

    /// SREM key member [member ...]
    @Sendable static func srem(_ context: inout CommandContext) {
        let (found, handle, ok) = writeSet(&context, context.arguments[1])
        guard ok else { return }
        guard let set = found, let handle else { return context.reply.integer(0) }
        var removed = 0
        for index in 2..<context.arguments.count where set.remove(context.arguments[index]) {
            removed += 1
            if set.count == 0 { break }
        }
        if removed > 0 { finishChange(&context, set, handle, event: "srem") }
        context.reply.integer(removed)
    }

    /// SMEMBERS key
    @Sendable static func smembers(_ context: inout CommandContext) {
        let (set, ok) = readSet(&context, context.arguments[1])
        guard ok else { return }
        replyMembers(&context, set?.members ?? [])
    }

    /// SISMEMBER key member
    @Sendable static func sismember(_ context: inout CommandContext) {
        let (set, ok) = readSet(&context, context.arguments[1])
        guard ok else { return }
        context.reply.integer(set?.contains(context.arguments[2]) == true ? 1 : 0)
    }

    /// SMISMEMBER key member [member ...]
    @Sendable static func smismember(_ context: inout CommandContext) {
        let (set, ok) = readSet(&context, context.arguments[1])
        guard ok else { return }
        context.reply.arrayHeader(context.arguments.count - 2)
        for index in 2..<context.arguments.count {
            context.reply.integer(set?.contains(context.arguments[index]) == true ? 1 : 0)
        }
    }

    /// SCARD key
    @Sendable static func scard(_ context: inout CommandContext) {
        let (set, ok) = readSet(&context, context.arguments[1])
        guard ok else { return }
        context.reply.integer(set?.count ?? 0)
    }

    /// SMOVE source destination member
    @Sendable static func smove(_ context: inout CommandContext) {
        let db = context.db
        let sourceHandle = db.lookupWrite(context.arguments[1], nowMs: context.nowMs)
        let destinationHandle = db.lookupWrite(context.arguments[2], nowMs: context.nowMs)
        guard let sourceHandle else { return context.reply.integer(0) }
        guard case .set(let source) = db.value(sourceHandle) else { return context.replyWrongType() }
        var destination: SetValue?
        if let destinationHandle {
            guard case .set(let value) = db.value(destinationHandle) else { return context.replyWrongType() }
            destination = value
        }
        let member = context.arguments[3]
        if source === destination { return context.reply.integer(source.contains(member) ? 1 : 0) }
        guard source.remove(member) else { return context.reply.integer(0) }
        finishChange(&context, source, sourceHandle, event: "srem")
        if let destination, let destinationHandle {
            destination.add(Array(member), maxIntsetEntries: context.keyspace.maxIntsetEntries)
            db.noteModified(destinationHandle)
        } else {
            let created = SetValue(seed: context.keyspace.hashSeed)
            created.add(Array(member), maxIntsetEntries: context.keyspace.maxIntsetEntries)
            db.insert(context.arguments.array(2), value: .set(created), nowMs: context.nowMs)
        }
        context.notify(.set, "sadd", context.arguments[2])
        context.reply.integer(1)
    }

    /// SPOP key [count]: members drawn with the entry's seed.
    @Sendable static func spop(_ context: inout CommandContext) {
        guard context.arguments.count <= 3 else { return context.replySyntaxError() }
        var generator = SplitMix64(seed: context.seed)
        guard context.arguments.count == 3 else {
            let (found, handle, ok) = writeSet(&context, context.arguments[1])
            guard ok else { return }
            guard let set = found, let handle, let member = set.randomMember(using: &generator) else {
                return context.reply.null()
            }
            set.remove(member)
            finishChange(&context, set, handle, event: "spop")
            return context.reply.bulk(member)
        }
        guard let requested = context.integerArgument(2, in: 0...Int64.max, message: "ERR value is out of range, must be positive") else { return }
        let (found, handle, ok) = writeSet(&context, context.arguments[1])
        guard ok else { return }
        guard let set = found, let handle, requested > 0 else { return context.reply.setHeader(0) }
        var members = set.members
        if requested < members.count {
            members = pick(members, count: Int(requested), using: &generator)
            for member in members { set.remove(member) }
            finishChange(&context, set, handle, event: "spop")
        } else {
            context.db.remove(handle)
            context.notify(.set, "spop", context.arguments[1])
            context.notify(.generic, "del", context.arguments[1])
        }
        replyMembers(&context, members)
    }

    /// `count` distinct elements chosen by a partial Fisher-Yates shuffle.
    static func pick(_ all: [StoredBytes], count: Int, using generator: inout SplitMix64) -> [StoredBytes] {
        var all = all
        for index in 0..<count {
            all.swapAt(index, index + Int(generator.next() % UInt64(all.count - index)))
        }
        return Array(all[..<count])
    }

    /// SRANDMEMBER key [count]: a negative count allows repeats; an array reply.
    @Sendable static func srandmember(_ context: inout CommandContext) {
        guard context.arguments.count <= 3 else { return context.replySyntaxError() }
        var generator = SplitMix64(seed: context.seed)
        guard context.arguments.count == 3 else {
            let (set, ok) = readSet(&context, context.arguments[1])
            guard ok else { return }
            guard let member = set?.randomMember(using: &generator) else { return context.reply.null() }
            return context.reply.bulk(member)
        }
        guard let requested = context.integerArgument(2, in: -Int64.max...Int64.max) else { return }
        let (found, ok) = readSet(&context, context.arguments[1])
        guard ok else { return }
        guard let set = found, requested != 0 else { return context.reply.arrayHeader(0) }
        let members = set.members
        if requested < 0 {
            let count = Int(clamping: -requested)
            context.reply.arrayHeader(count)
            for _ in 0..<count { context.reply.bulk(members[Int(generator.next() % UInt64(members.count))]) }
            return
        }
        let chosen = requested >= members.count ? members : pick(members, count: Int(requested), using: &generator)
        context.reply.arrayHeader(chosen.count)
        for member in chosen { context.reply.bulk(member) }
    }
}
