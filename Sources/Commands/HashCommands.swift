import Keyspace
import RESP

/// Hash commands (Redis's t_hash.c).
enum HashCommands {
    /// The hash at argument 1 for reading: nil when absent (`found` true) or after a
    /// WRONGTYPE reply (`found` false).
    static func readHash(_ context: inout CommandContext) -> (hash: HashValue?, ok: Bool) {
        let db = context.db
        guard let handle = db.lookupRead(context.arguments[1], nowMs: context.nowMs) else { return (nil, true) }
        guard case .hash(let hash) = db.value(handle) else {
            context.replyWrongType()
            return (nil, false)
        }
        return (hash, true)
    }

    /// The hash at argument 1 for writing, created empty when absent (Redis's
    /// `hashTypeLookupWriteOrCreate`); nil after a WRONGTYPE reply.
    static func writeHash(_ context: inout CommandContext) -> (HashValue, EntryHandle)? {
        let db = context.db
        let key = context.arguments[1]
        let hash = db.hash(key)
        if let handle = db.lookupWrite(key, hash: hash, nowMs: context.nowMs) {
            guard case .hash(let value) = db.value(handle) else {
                context.replyWrongType()
                return nil
            }
            return (value, handle)
        }
        let value = HashValue(seed: context.keyspace.hashSeed)
        let handle = db.insert(Array(key), hash: hash, value: .hash(value), nowMs: context.nowMs)
        return (value, handle)
    }

    /// HSET key field value [field value ...]: the number of new fields.
    @Sendable static func hset(_ context: inout CommandContext) {
        guard let added = setPairs(&context, command: "hset") else { return }
        context.reply.integer(added)
    }

    /// HMSET key field value [field value ...]: the deprecated form, replying OK.
    @Sendable static func hmset(_ context: inout CommandContext) {
        guard setPairs(&context, command: "hmset") != nil else { return }
        context.reply.ok()
    }

    static func setPairs(_ context: inout CommandContext, command: StaticString) -> Int? {
        guard context.arguments.count % 2 == 0 else {
            context.reply.error("ERR wrong number of arguments for '\(command)' command")
            return nil
        }
        guard let (hash, handle) = writeHash(&context) else { return nil }
        let limits = context.keyspace.hashLimits
        // Redis converts before inserting when any argument is too long for a listpack.
        for index in 2..<context.arguments.count where context.arguments.length(of: index) > limits.maxListpackValue {
            hash.convertToTable()
            break
        }
        var added = 0
        var index = 2
        while index < context.arguments.count {
            if hash.set(context.arguments[index], context.arguments[index + 1], limits: limits) { added += 1 }
            index += 2
        }
        context.db.noteModified(handle)
        context.notify(.hash, "hset", context.arguments[1])
        return added
    }

    /// HSETNX key field value
    @Sendable static func hsetnx(_ context: inout CommandContext) {
        guard let (hash, handle) = writeHash(&context) else { return }
        if hash.value(for: context.arguments[2]) != nil { return context.reply.integer(0) }
        hash.set(context.arguments[2], context.arguments[3], limits: context.keyspace.hashLimits)
        context.db.noteModified(handle)
        context.notify(.hash, "hset", context.arguments[1])
        context.reply.integer(1)
    }

    /// HGET key field
    @Sendable static func hget(_ context: inout CommandContext) {
        let (hash, ok) = readHash(&context)
        guard ok else { return }
        guard let value = hash?.value(for: context.arguments[2]) else { return context.reply.null() }
        context.reply.bulk(value)
    }

    /// HMGET key field [field ...]
    @Sendable static func hmget(_ context: inout CommandContext) {
        let (hash, ok) = readHash(&context)
        guard ok else { return }
        context.reply.arrayHeader(context.arguments.count - 2)
        for index in 2..<context.arguments.count {
            if let value = hash?.value(for: context.arguments[index]) {
                context.reply.bulk(value)
            } else {
                context.reply.null()
            }
        }
    }

    /// HDEL key field [field ...]: the key goes when its last field does.
    @Sendable static func hdel(_ context: inout CommandContext) {
        let db = context.db
        guard let handle = db.lookupWrite(context.arguments[1], nowMs: context.nowMs) else {
            return context.reply.integer(0)
        }
        guard case .hash(let hash) = db.value(handle) else { return context.replyWrongType() }
        var removed = 0
        for index in 2..<context.arguments.count where hash.remove(context.arguments[index]) {
            removed += 1
            if hash.count == 0 { break }
        }
        if hash.count == 0 {
            db.remove(handle)
        } else if removed > 0 {
            db.noteModified(handle)
        }
        if removed > 0 { context.notify(.hash, "hdel", context.arguments[1]) }
        if hash.count == 0 { context.notify(.generic, "del", context.arguments[1]) }
        context.reply.integer(removed)
    }

    /// HLEN key
    @Sendable static func hlen(_ context: inout CommandContext) {
        let (hash, ok) = readHash(&context)
        guard ok else { return }
        context.reply.integer(hash?.count ?? 0)
    }

    /// HSTRLEN key field
    @Sendable static func hstrlen(_ context: inout CommandContext) {
        let (hash, ok) = readHash(&context)
        guard ok else { return }
        context.reply.integer(hash?.value(for: context.arguments[2])?.count ?? 0)
    }

    /// HEXISTS key field
    @Sendable static func hexists(_ context: inout CommandContext) {
        let (hash, ok) = readHash(&context)
        guard ok else { return }
        context.reply.integer(hash?.value(for: context.arguments[2]) == nil ? 0 : 1)
    }

    /// HKEYS key
    @Sendable static func hkeys(_ context: inout CommandContext) {
        getAll(&context, fields: true, values: false)
    }

    /// HVALS key
    @Sendable static func hvals(_ context: inout CommandContext) {
        getAll(&context, fields: false, values: true)
    }

    /// HGETALL key: a map in RESP3.
    @Sendable static func hgetall(_ context: inout CommandContext) {
        getAll(&context, fields: true, values: true)
    }

    static func getAll(_ context: inout CommandContext, fields: Bool, values: Bool) {
        let (hash, ok) = readHash(&context)
        guard ok else { return }
        let count = hash?.count ?? 0
        if fields && values { context.reply.mapHeader(count) } else { context.reply.arrayHeader(count) }
        hash?.forEach { field, value in
            if fields { context.reply.bulk(field) }
            if values { context.reply.bulk(value) }
        }
    }

    /// HINCRBY key field increment
    @Sendable static func hincrby(_ context: inout CommandContext) {
        guard let increment = context.integerArgument(3) else { return }
        guard let (hash, handle) = writeHash(&context) else { return }
        var current: Int64 = 0
        if let value = hash.value(for: context.arguments[2]) {
            guard let parsed = NumberParsing.parseInt64(value) else {
                return context.reply.error("ERR hash value is not an integer")
            }
            current = parsed
        }
        let (result, overflow) = current.addingReportingOverflow(increment)
        guard !overflow else { return context.reply.error(CommandError.overflow) }
        hash.set(context.arguments.array(2), NumberParsing.decimalBytes(result), limits: context.keyspace.hashLimits)
        context.db.noteModified(handle)
        context.notify(.hash, "hincrby", context.arguments[1])
        context.reply.integer(result)
    }

    /// HINCRBYFLOAT key field increment: like INCRBYFLOAT, but an infinite increment is
    /// refused up front with Redis 7.0's "value is NaN or Infinity".
    @Sendable static func hincrbyfloat(_ context: inout CommandContext) {
        guard let increment = FloatParsing.parseLongDouble(context.arguments[3]) else {
            return context.reply.error(CommandError.notFloat)
        }
        guard increment.isFinite else { return context.reply.error("ERR value is NaN or Infinity") }
        guard let (hash, handle) = writeHash(&context) else { return }
        var current: LongDouble = 0
        if let value = hash.value(for: context.arguments[2]) {
            guard let parsed = FloatParsing.parseLongDouble(value.array[...]) else {
                return context.reply.error("ERR hash value is not a float")
            }
            current = parsed
        }
        let result = current + increment
        guard result.isFinite else { return context.reply.error(CommandError.nanOrInfinity) }
        let text = DoubleFormat.redisLongDouble(result)
        hash.set(context.arguments.array(2), text, limits: context.keyspace.hashLimits)
        context.db.noteModified(handle)
        context.notify(.hash, "hincrbyfloat", context.arguments[1])
        context.reply.bulk(text)
    }
}
