import Keyspace
import RESP

/// KEYS and SCAN (Redis's db.c `keysCommand` and `scanGenericCommand`).
enum ScanCommands {
    /// KEYS pattern: every live key matching, in table order.
    @Sendable static func keys(_ context: inout CommandContext) {
        let db = context.db
        let pattern = context.arguments[1]
        let everything = pattern.count == 1 && pattern.first == 0x2A
        var matched: [[UInt8]] = []
        db.forEach { handle in
            guard !db.isExpired(handle, nowMs: context.nowMs) else { return }
            let key = db.key(handle)
            if everything || Glob.matches(pattern: pattern, key) { matched.append(key) }
        }
        context.reply.arrayHeader(matched.count)
        for key in matched { context.reply.bulk(key) }
    }

    /// Redis's `parseScanCursorOrReply`: strtoul rules, so "-1" wraps to the largest
    /// cursor and the empty string is cursor 0.
    static func parseCursor(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        var rest = bytes
        if let first = rest.first, first == 0x20 || (first >= 0x09 && first <= 0x0D) { return nil }
        var negative = false
        if let first = rest.first, first == 0x2B || first == 0x2D {
            negative = first == 0x2D
            rest = rest.dropFirst()
            // strtoul without digits consumes nothing; a lone sign is then trailing garbage.
            if rest.isEmpty { return nil }
        }
        var value: UInt64 = 0
        for byte in rest {
            let digit = byte &- 0x30
            guard digit < 10 else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            if overflow1 || overflow2 { return nil }  // ERANGE
            value = sum
        }
        return negative ? 0 &- value : value
    }

    /// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
    ///
    /// As Redis: visits buckets until `count` keys were collected or 10×count buckets
    /// were visited, then filters by pattern, type, and expiry. Keys present for the whole
    /// iteration are returned at least once, even across table resizes.
    @Sendable static func scan(_ context: inout CommandContext) {
        guard var cursor = parseCursor(context.arguments[1]) else {
            return context.reply.error("ERR invalid cursor")
        }
        var count: Int64 = 10
        var pattern: ArraySlice<UInt8>?
        var typeFilter: ArraySlice<UInt8>?
        var index = 2
        while index < context.arguments.count {
            let hasValue = index + 1 < context.arguments.count
            if context.argument(index, is: "count") && hasValue {
                guard let value = context.integerArgument(index + 1) else { return }
                guard value >= 1 else { return context.replySyntaxError() }
                count = value
            } else if context.argument(index, is: "match") && hasValue {
                let value = context.arguments[index + 1]
                pattern = value.count == 1 && value.first == 0x2A ? nil : value
            } else if context.argument(index, is: "type") && hasValue {
                typeFilter = context.arguments[index + 1]
            } else {
                return context.replySyntaxError()
            }
            index += 2
        }
        let db = context.db
        var collected: [EntryHandle] = []
        var budget = count &* 10
        repeat {
            cursor = db.scan(cursor: cursor) { collected.append($0) }
            budget -= 1
        } while cursor != 0 && budget > 0 && collected.count < count
        var keys: [[UInt8]] = []
        keys.reserveCapacity(collected.count)
        for handle in collected {
            if let typeFilter, !typeMatches(typeFilter, db.kind(handle)) { continue }
            if db.isExpired(handle, nowMs: context.nowMs) { continue }
            let key = db.key(handle)
            if let pattern, !Glob.matches(pattern: pattern, key) { continue }
            keys.append(key)
        }
        context.reply.arrayHeader(2)
        var digits: [UInt8] = []
        var rest = cursor
        repeat {
            digits.append(0x30 + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        context.reply.bulk(digits.reversed())
        context.reply.arrayHeader(keys.count)
        for key in keys { context.reply.bulk(key) }
    }

    /// TYPE filter: Redis compares the type name case-insensitively (`strcasecmp`).
    static func typeMatches(_ filter: ArraySlice<UInt8>, _ kind: ValueKind) -> Bool {
        kind.typeName.withUTF8Buffer { name in
            filter.count == name.count && zip(filter, name).allSatisfy { ASCII.lowercased($0) == $1 }
        }
    }
}
