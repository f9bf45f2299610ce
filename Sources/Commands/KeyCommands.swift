import Keyspace
import RESP

/// Generic key commands (Redis's db.c and object.c).
enum KeyCommands {
    /// DEL key [key ...]: the number of keys removed.
    @Sendable static func del(_ context: inout CommandContext) {
        let db = context.db
        var removed = 0
        for index in 1..<context.arguments.count {
            if let handle = db.lookupWrite(context.arguments[index], nowMs: context.nowMs) {
                db.remove(handle)
                context.notify(.generic, "del", context.arguments[index])
                removed += 1
            }
        }
        context.reply.integer(removed)
    }

    /// UNLINK key [key ...]: DEL without the blocking free (we free in place either way).
    @Sendable static func unlink(_ context: inout CommandContext) {
        del(&context)
    }

    /// EXISTS key [key ...]: a key named twice counts twice.
    @Sendable static func exists(_ context: inout CommandContext) {
        let db = context.db
        var found = 0
        for index in 1..<context.arguments.count where db.peek(context.arguments[index], nowMs: context.nowMs) != nil {
            found += 1
        }
        context.reply.integer(found)
    }

    /// TOUCH key [key ...]: refreshes the access clock of existing keys, counts them.
    @Sendable static func touch(_ context: inout CommandContext) {
        let db = context.db
        var found = 0
        for index in 1..<context.arguments.count where db.lookupRead(context.arguments[index], nowMs: context.nowMs) != nil {
            found += 1
        }
        context.reply.integer(found)
    }

    /// TYPE key: a status reply ("string", "list", ..., or "none").
    @Sendable static func type(_ context: inout CommandContext) {
        let db = context.db
        guard let handle = db.peek(context.arguments[1], nowMs: context.nowMs) else {
            return context.reply.simpleString("none")
        }
        context.reply.simpleString(db.kind(handle).typeName)
    }

    /// RENAME key newkey
    @Sendable static func rename(_ context: inout CommandContext) {
        renameGeneric(&context, onlyIfAbsent: false)
    }

    /// RENAMENX key newkey
    @Sendable static func renamenx(_ context: inout CommandContext) {
        renameGeneric(&context, onlyIfAbsent: true)
    }

    /// Redis's `renameGenericCommand`: the value and deadline move; renaming a key onto
    /// itself succeeds (RENAMENX: 0) but still needs the key to exist.
    static func renameGeneric(_ context: inout CommandContext, onlyIfAbsent: Bool) {
        let db = context.db
        let source = context.arguments[1]
        let target = context.arguments[2]
        guard let handle = db.lookupWrite(source, nowMs: context.nowMs) else {
            return context.reply.error(CommandError.noSuchKey)
        }
        if source.elementsEqual(target) {
            return onlyIfAbsent ? context.reply.integer(0) : context.reply.ok()
        }
        let value = db.value(handle)
        let deadline = db.expiry(handle)
        let targetHash = db.hash(target)
        if let existing = db.lookupWrite(target, hash: targetHash, nowMs: context.nowMs) {
            if onlyIfAbsent { return context.reply.integer(0) }
            db.remove(existing)
        }
        // Handles survive the shrink that removing the target may cause.
        db.remove(handle)
        db.insert(Array(target), hash: targetHash, value: value, expiresAtMs: deadline, nowMs: context.nowMs)
        context.notify(.generic, "rename_from", source)
        context.notify(.generic, "rename_to", target)
        onlyIfAbsent ? context.reply.integer(1) : context.reply.ok()
    }

    /// RANDOMKEY: a key chosen with the entry's seed; null when the database is empty.
    @Sendable static func randomkey(_ context: inout CommandContext) {
        let db = context.db
        var generator = SplitMix64(seed: context.seed)
        guard let handle = db.randomEntry(nowMs: context.nowMs, using: &generator) else {
            return context.reply.null()
        }
        context.reply.bulk(db.key(handle))
    }

    /// MOVE key db: 1 if moved, 0 if absent here or present there.
    @Sendable static func move(_ context: inout CommandContext) {
        guard let targetIndex = context.intArgument(2) else { return }
        guard targetIndex >= 0 && targetIndex < context.keyspace.databaseCount else {
            return context.reply.error(CommandError.databaseOutOfRange)
        }
        guard targetIndex != context.database else { return context.reply.error(CommandError.sameObject) }
        let source = context.db
        let target = context.keyspace[targetIndex]
        let key = context.arguments[1]
        guard let handle = source.lookupWrite(key, nowMs: context.nowMs) else { return context.reply.integer(0) }
        let hash = target.hash(key)
        if target.lookupWrite(key, hash: hash, nowMs: context.nowMs) != nil { return context.reply.integer(0) }
        target.insert(Array(key), hash: hash, value: source.value(handle), expiresAtMs: source.expiry(handle), nowMs: context.nowMs)
        source.remove(handle)
        context.notify(.generic, "move_from", key)
        context.keyspace.notifier.notify(.generic, "move_to", key: key, database: targetIndex)
        context.reply.integer(1)
    }

    /// COPY source destination [DB destination-db] [REPLACE]
    @Sendable static func copy(_ context: inout CommandContext) {
        var replace = false
        var targetIndex = context.database
        var index = 3
        while index < context.arguments.count {
            if context.argument(index, is: "replace") {
                replace = true
            } else if context.argument(index, is: "db") && index + 1 < context.arguments.count {
                guard let number = context.intArgument(index + 1) else { return }
                guard number >= 0 && number < context.keyspace.databaseCount else {
                    return context.reply.error(CommandError.databaseOutOfRange)
                }
                targetIndex = number
                index += 1
            } else {
                return context.replySyntaxError()
            }
            index += 1
        }
        let sourceKey = context.arguments[1]
        let targetKey = context.arguments[2]
        if targetIndex == context.database && sourceKey.elementsEqual(targetKey) {
            return context.reply.error(CommandError.sameObject)
        }
        let source = context.db
        let target = context.keyspace[targetIndex]
        guard let handle = source.lookupRead(sourceKey, nowMs: context.nowMs) else { return context.reply.integer(0) }
        let value = duplicate(source.value(handle))
        let deadline = source.expiry(handle)
        let hash = target.hash(targetKey)
        if let existing = target.lookupWrite(targetKey, hash: hash, nowMs: context.nowMs) {
            guard replace else { return context.reply.integer(0) }
            target.remove(existing)
        }
        target.insert(Array(targetKey), hash: hash, value: value, expiresAtMs: deadline, nowMs: context.nowMs)
        context.keyspace.notifier.notify(.generic, "copy_to", key: targetKey, database: targetIndex)
        context.reply.integer(1)
    }

    /// A deep copy of a value (strings are values already; aggregates are classes).
    static func duplicate(_ value: Value) -> Value {
        switch value {
        case .string:
            return value
        case .hash(let hash):
            return .hash(hash.copy())
        case .list(let list):
            return .list(list.copy())
        case .set(let set):
            return .set(set.copy())
        case .sortedSet(let zset):
            return .sortedSet(zset.copy())
        }
    }
}

/// OBJECT subcommands.
enum ObjectCommands {
    static let lfuNotSelected = "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."
    static let lfuSelected = "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."

    /// The value of argument 2 without touching its access clock; null reply when absent.
    static func lookup(_ context: inout CommandContext) -> EntryHandle? {
        guard let handle = context.db.peek(context.arguments[2], nowMs: context.nowMs) else {
            context.reply.null()
            return nil
        }
        return handle
    }

    /// OBJECT ENCODING key
    @Sendable static func encoding(_ context: inout CommandContext) {
        guard let handle = lookup(&context) else { return }
        switch context.db.value(handle) {
        case .string(let string): context.reply.bulk(static: string.encoding.name)
        case .list(let list): context.reply.bulk(static: list.encodingName)
        case .set(let set): context.reply.bulk(static: set.encodingName)
        case .sortedSet(let zset): context.reply.bulk(static: zset.encodingName)
        case .hash(let hash): context.reply.bulk(static: hash.encoding.name)
        }
    }

    /// OBJECT REFCOUNT key: Redis shares the integers 0...9999, which report INT_MAX.
    @Sendable static func refcount(_ context: inout CommandContext) {
        guard let handle = lookup(&context) else { return }
        if case .string(let string) = context.db.value(handle), string.encoding == .int,
           let number = NumberParsing.parseInt64(string.bytes), number >= 0 && number < 10000 {
            return context.reply.integer(Int(Int32.max))
        }
        context.reply.integer(1)
    }

    /// OBJECT IDLETIME key: seconds since the last access (LRU clock, one-second steps).
    @Sendable static func idletime(_ context: inout CommandContext) {
        guard let handle = lookup(&context) else { return }
        guard !context.keyspace.usesLFU else { return context.reply.error(lfuSelected) }
        context.reply.integer(Int(LRUClock.idleMs(context.db.access(handle), nowMs: context.nowMs) / 1000))
    }

    /// OBJECT FREQ key: the LFU counter after decay (Redis's `LFUDecrAndReturn`).
    @Sendable static func freq(_ context: inout CommandContext) {
        guard let handle = lookup(&context) else { return }
        guard context.keyspace.usesLFU else { return context.reply.error(lfuNotSelected) }
        let decayMinutes = context.keyspace.counters.accessTracking.lfuDecayMinutes
        context.reply.integer(Int(LFUCounter.decayed(context.db.access(handle), nowMs: context.nowMs,
                                                     decayMinutes: decayMinutes)))
    }

    /// OBJECT HELP
    @Sendable static func help(_ context: inout CommandContext) {
        context.reply.help([
            "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "ENCODING <key>",
            "    Return the kind of internal representation used in order to store the value",
            "    associated with a <key>.",
            "FREQ <key>",
            "    Return the access frequency index of the <key>. The returned integer is",
            "    proportional to the logarithm of the recent access frequency of the key.",
            "IDLETIME <key>",
            "    Return the idle time of the <key>, that is the approximated number of",
            "    seconds elapsed since the last access to the key.",
            "REFCOUNT <key>",
            "    Return the number of references of the value associated with the specified",
            "    <key>.",
            "HELP",
            "    Prints this help.",
        ])
    }
}

extension KeyCommands {
    /// OBJECT with no subcommand. `Commands.apply` dispatches to the subcommands and
    /// answers a bare OBJECT with the arity error, so this only runs if called directly.
    @Sendable static func object(_ context: inout CommandContext) {
        context.reply.error("ERR wrong number of arguments for 'object' command")
    }
}
