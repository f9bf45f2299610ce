import Keyspace
import RESP

extension StringCommands {
    /// INCR key
    @Sendable static func incr(_ context: inout CommandContext) {
        incrementGeneric(&context, by: 1)
    }

    /// DECR key
    @Sendable static func decr(_ context: inout CommandContext) {
        incrementGeneric(&context, by: -1)
    }

    /// INCRBY key increment
    @Sendable static func incrby(_ context: inout CommandContext) {
        guard let increment = context.integerArgument(2) else { return }
        incrementGeneric(&context, by: increment)
    }

    /// DECRBY key decrement: Redis 7.0 refuses LLONG_MIN, whose negation overflows.
    @Sendable static func decrby(_ context: inout CommandContext) {
        guard let decrement = context.integerArgument(2) else { return }
        guard decrement != Int64.min else { return context.reply.error("ERR decrement would overflow") }
        incrementGeneric(&context, by: -decrement)
    }

    /// Redis's `incrDecrCommand`: the TTL is kept, the result is int-encoded, and the
    /// digits are rewritten in place so the steady state allocates nothing.
    static func incrementGeneric(_ context: inout CommandContext, by increment: Int64) {
        let db = context.db
        let key = context.arguments[1]
        let hash = db.hash(key)
        guard let handle = db.lookupWrite(key, hash: hash, nowMs: context.nowMs) else {
            let digits = NumberParsing.decimalBytes(increment)
            db.insert(Array(key), hash: hash, value: .string(StringValue(bytes: digits, encoding: .int)), nowMs: context.nowMs)
            context.notify(.string, "incrby", key)
            return context.reply.integer(increment)
        }
        guard db.kind(handle) == .string else { return context.replyWrongType() }
        // Parse and rewrite inside the in-place change: holding a copy of the value outside
        // would make its bytes shared and force a copy on write.
        let outcome = db.modifyString(handle) { string -> Result<Int64, IncrementError> in
            guard let current = NumberParsing.parseInt64(string.bytes) else { return .failure(.notInteger) }
            let (result, overflow) = current.addingReportingOverflow(increment)
            guard !overflow else { return .failure(.overflow) }
            string.bytes = StoredBytes(decimal: result)
            string.encoding = .int
            return .success(result)
        }
        let result: Int64
        switch outcome {
        case .success(let value): result = value
        case .failure(.notInteger): return context.reply.error(CommandError.notInteger)
        case .failure(.overflow): return context.reply.error(CommandError.overflow)
        }
        context.notify(.string, "incrby", key)
        context.reply.integer(result)
    }

    enum IncrementError: Error {
        case notInteger
        case overflow
    }

    /// INCRBYFLOAT key increment: computed in `long double` (Float80 on x86_64) and
    /// stored as Redis 7.0 prints it (`%.17Lf` with trailing zeros trimmed), embstr/raw
    /// encoded since Redis does not run `tryObjectEncoding` on the result. The TTL is kept.
    @Sendable static func incrbyfloat(_ context: inout CommandContext) {
        let db = context.db
        let key = context.arguments[1]
        let hash = db.hash(key)
        let handle = db.lookupWrite(key, hash: hash, nowMs: context.nowMs)
        var current: LongDouble = 0
        if let handle {
            guard case .string(let string) = db.value(handle) else { return context.replyWrongType() }
            guard let value = FloatParsing.parseLongDouble(string.bytes.array[...]) else {
                return context.reply.error(CommandError.notFloat)
            }
            current = value
        }
        guard let increment = FloatParsing.parseLongDouble(context.arguments[2]) else {
            return context.reply.error(CommandError.notFloat)
        }
        let result = current + increment
        guard result.isFinite else { return context.reply.error(CommandError.nanOrInfinity) }
        let text = DoubleFormat.redisLongDouble(result)
        let value = Value.string(StringValue(bytes: text, encoding: StringEncoding.forPlainValue(count: text.count)))
        if let handle {
            db.setValue(handle, value, keepExpiry: true)
        } else {
            db.insert(Array(key), hash: hash, value: value, nowMs: context.nowMs)
        }
        context.notify(.string, "incrbyfloat", key)
        context.reply.bulk(text)
    }
}
