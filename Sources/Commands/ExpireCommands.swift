import Keyspace
import RESP

/// Expiry commands (Redis's expire.c).
enum ExpireCommands {
    /// EXPIRE key seconds [NX | XX | GT | LT]
    @Sendable static func expire(_ context: inout CommandContext) {
        expireGeneric(&context, base: context.nowMs, seconds: true, name: "expire")
    }

    /// PEXPIRE key milliseconds [NX | XX | GT | LT]
    @Sendable static func pexpire(_ context: inout CommandContext) {
        expireGeneric(&context, base: context.nowMs, seconds: false, name: "pexpire")
    }

    /// EXPIREAT key unix-seconds [NX | XX | GT | LT]
    @Sendable static func expireat(_ context: inout CommandContext) {
        expireGeneric(&context, base: 0, seconds: true, name: "expireat")
    }

    /// PEXPIREAT key unix-ms [NX | XX | GT | LT]
    @Sendable static func pexpireat(_ context: inout CommandContext) {
        expireGeneric(&context, base: 0, seconds: false, name: "pexpireat")
    }

    struct Conditions {
        var nx = false, xx = false, gt = false, lt = false
    }

    /// Redis's `parseExtendedExpireArgumentsOrReply`.
    static func parseConditions(_ context: inout CommandContext) -> Conditions? {
        var conditions = Conditions()
        for index in 3..<max(3, context.arguments.count) {
            if context.argument(index, is: "nx") {
                conditions.nx = true
            } else if context.argument(index, is: "xx") {
                conditions.xx = true
            } else if context.argument(index, is: "gt") {
                conditions.gt = true
            } else if context.argument(index, is: "lt") {
                conditions.lt = true
            } else {
                var message = Array("ERR Unsupported option ".utf8)
                message += Commands.cString(context.arguments[index], limit: Int.max)
                context.reply.error(bytes: message)
                return nil
            }
        }
        if conditions.nx && (conditions.xx || conditions.gt || conditions.lt) {
            context.reply.error("ERR NX and XX, GT or LT options at the same time are not compatible")
            return nil
        }
        if conditions.gt && conditions.lt {
            context.reply.error("ERR GT and LT options at the same time are not compatible")
            return nil
        }
        return conditions
    }

    /// Redis's `expireGenericCommand`. Negative times are allowed; overflow of the unit
    /// conversion or of adding `base` is "invalid expire time". A deadline already
    /// reached deletes the key at once (`checkAlreadyExpired`), on every replica alike
    /// since `nowMs` is the log entry's time.
    static func expireGeneric(_ context: inout CommandContext, base: Int64, seconds: Bool, name: StaticString) {
        guard let conditions = parseConditions(&context) else { return }
        guard var when = context.integerArgument(2) else { return }
        if seconds {
            guard when <= Int64.max / 1000 && when >= Int64.min / 1000 else {
                return context.reply.error(CommandError.invalidExpireTime(name))
            }
            when *= 1000
        }
        guard when <= Int64.max - base else { return context.reply.error(CommandError.invalidExpireTime(name)) }
        when += base
        let db = context.db
        guard let handle = db.lookupWrite(context.arguments[1], nowMs: context.nowMs) else {
            return context.reply.integer(0)
        }
        let current = db.expiry(handle)
        if conditions.nx && current != nil { return context.reply.integer(0) }
        if conditions.xx && current == nil { return context.reply.integer(0) }
        // No deadline counts as infinite: GT always fails, LT always succeeds.
        if conditions.gt, current == nil || when <= current! { return context.reply.integer(0) }
        if conditions.lt, let current, when >= current { return context.reply.integer(0) }
        if when <= context.nowMs {
            db.remove(handle)
            context.notify(.generic, "del", context.arguments[1])
        } else {
            // `when` can equal the no-expiry marker only below `nowMs`, handled above.
            db.setExpiry(handle, when)
            context.notify(.generic, "expire", context.arguments[1])
        }
        context.reply.integer(1)
    }

    /// TTL key: seconds left, rounded to nearest; -1 without deadline, -2 without key.
    @Sendable static func ttl(_ context: inout CommandContext) {
        ttlGeneric(&context, milliseconds: false, absolute: false)
    }

    /// PTTL key
    @Sendable static func pttl(_ context: inout CommandContext) {
        ttlGeneric(&context, milliseconds: true, absolute: false)
    }

    /// EXPIRETIME key: the deadline in Unix seconds (truncated).
    @Sendable static func expiretime(_ context: inout CommandContext) {
        ttlGeneric(&context, milliseconds: false, absolute: true)
    }

    /// PEXPIRETIME key
    @Sendable static func pexpiretime(_ context: inout CommandContext) {
        ttlGeneric(&context, milliseconds: true, absolute: true)
    }

    static func ttlGeneric(_ context: inout CommandContext, milliseconds: Bool, absolute: Bool) {
        let db = context.db
        guard let handle = db.peek(context.arguments[1], nowMs: context.nowMs) else {
            return context.reply.integer(-2)
        }
        guard let deadline = db.expiry(handle) else { return context.reply.integer(-1) }
        if absolute {
            // Redis 7.0 rounds EXPIRETIME to the nearest second, like TTL.
            return context.reply.integer(milliseconds ? deadline : (deadline + 500) / 1000)
        }
        let left = max(0, deadline - context.nowMs)
        context.reply.integer(milliseconds ? left : (left + 500) / 1000)
    }

    /// PERSIST key: 1 when a deadline was removed.
    @Sendable static func persist(_ context: inout CommandContext) {
        let db = context.db
        guard let handle = db.lookupWrite(context.arguments[1], nowMs: context.nowMs),
              db.expiry(handle) != nil else {
            return context.reply.integer(0)
        }
        db.setExpiry(handle, nil)
        context.notify(.generic, "persist", context.arguments[1])
        context.reply.integer(1)
    }
}
