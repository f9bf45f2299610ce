import Keyspace
import RESP

/// String commands (Redis's t_string.c).
enum StringCommands {
    // MARK: - GET family

    /// GET key
    @Sendable static func get(_ context: inout CommandContext) {
        _ = getGeneric(&context, keyIndex: 1)
    }

    /// Redis's `getGenericCommand`: replies the value, null, or WRONGTYPE (returning false).
    static func getGeneric(_ context: inout CommandContext, keyIndex: Int) -> Bool {
        let db = context.db
        guard let handle = db.lookupRead(context.arguments[keyIndex], nowMs: context.nowMs) else {
            context.reply.null()
            return true
        }
        guard case .string(let string) = db.value(handle) else {
            context.replyWrongType()
            return false
        }
        context.reply.bulk(string.bytes)
        return true
    }

    /// MGET key [key ...]: null for missing keys and for non-strings alike.
    @Sendable static func mget(_ context: inout CommandContext) {
        let db = context.db
        context.reply.arrayHeader(context.arguments.count - 1)
        for index in 1..<context.arguments.count {
            if let handle = db.lookupRead(context.arguments[index], nowMs: context.nowMs),
               case .string(let string) = db.value(handle) {
                context.reply.bulk(string.bytes)
            } else {
                context.reply.null()
            }
        }
    }

    /// STRLEN key
    @Sendable static func strlen(_ context: inout CommandContext) {
        let db = context.db
        guard let handle = db.lookupRead(context.arguments[1], nowMs: context.nowMs) else {
            return context.reply.integer(0)
        }
        guard case .string(let string) = db.value(handle) else { return context.replyWrongType() }
        context.reply.integer(string.bytes.count)
    }

    /// GETDEL key
    @Sendable static func getdel(_ context: inout CommandContext) {
        let db = context.db
        guard let handle = db.lookupWrite(context.arguments[1], nowMs: context.nowMs) else {
            return context.reply.null()
        }
        guard case .string(let string) = db.value(handle) else { return context.replyWrongType() }
        context.reply.bulk(string.bytes)
        db.remove(handle)
        context.notify(.generic, "del", context.arguments[1])
    }

    /// GETSET key value: SET that replies the old value; the TTL is dropped.
    @Sendable static func getset(_ context: inout CommandContext) {
        guard getGeneric(&context, keyIndex: 1) else { return }
        store(&context, keyIndex: 1, valueIndex: 2, keepExpiry: false)
    }

    // MARK: - SET family

    /// Stores argument `valueIndex` under argument `keyIndex`, as Redis's `setKey`, and
    /// announces `set`.
    @discardableResult
    static func store(_ context: inout CommandContext, keyIndex: Int, valueIndex: Int, keepExpiry: Bool) -> EntryHandle {
        let db = context.db
        let key = context.arguments[keyIndex]
        let hash = db.hash(key)
        let value = Value.string(StringValue(storing: context.arguments[valueIndex]))
        defer { context.notify(.string, "set", key) }
        if let handle = db.lookupWrite(key, hash: hash, nowMs: context.nowMs) {
            db.setValue(handle, value, keepExpiry: keepExpiry)
            return handle
        }
        return db.insert(Array(key), hash: hash, value: value, nowMs: context.nowMs)
    }

    /// SET key value [NX | XX] [GET] [EX s | PX ms | EXAT s | PXAT ms | KEEPTTL]
    @Sendable static func set(_ context: inout CommandContext) {
        guard let options = SetOptions.parse(&context, from: 3, command: .set) else { return }
        setGeneric(&context, options: options, keyIndex: 1, valueIndex: 2, commandName: "set")
    }

    /// SETNX key value: 1 when set, 0 when the key existed.
    @Sendable static func setnx(_ context: inout CommandContext) {
        let db = context.db
        if db.lookupWrite(context.arguments[1], nowMs: context.nowMs) != nil {
            return context.reply.integer(0)
        }
        store(&context, keyIndex: 1, valueIndex: 2, keepExpiry: false)
        context.reply.integer(1)
    }

    /// SETEX key seconds value
    @Sendable static func setex(_ context: inout CommandContext) {
        var options = SetOptions()
        options.expiry = .relativeSeconds(argument: 2)
        setGeneric(&context, options: options, keyIndex: 1, valueIndex: 3, commandName: "setex")
    }

    /// PSETEX key milliseconds value
    @Sendable static func psetex(_ context: inout CommandContext) {
        var options = SetOptions()
        options.expiry = .relativeMilliseconds(argument: 2)
        setGeneric(&context, options: options, keyIndex: 1, valueIndex: 3, commandName: "psetex")
    }

    /// Redis's `setGenericCommand`: expiry check, GET, NX/XX, store, expiry, reply.
    static func setGeneric(
        _ context: inout CommandContext, options: SetOptions, keyIndex: Int, valueIndex: Int, commandName: StaticString
    ) {
        var deadline: Int64?
        if options.expiry != .none {
            guard let milliseconds = options.deadline(&context, commandName: commandName) else { return }
            deadline = milliseconds
        }
        if options.get {
            guard getGeneric(&context, keyIndex: keyIndex) else { return }
        }
        let db = context.db
        let key = context.arguments[keyIndex]
        let hash = db.hash(key)
        let found = db.lookupWrite(key, hash: hash, nowMs: context.nowMs)
        if (options.nx && found != nil) || (options.xx && found == nil) {
            if !options.get { context.reply.null() }
            return
        }
        let value = Value.string(StringValue(storing: context.arguments[valueIndex]))
        let handle: EntryHandle
        if let found {
            db.setValue(found, value, keepExpiry: options.keepTTL)
            handle = found
        } else {
            handle = db.insert(Array(key), hash: hash, value: value, nowMs: context.nowMs)
        }
        // A deadline already past (EXAT/PXAT) is stored as is: the key is hidden at once and
        // deleted by the leader's expiry, as Redis 7.0 stores it and expires it lazily.
        if let deadline { db.setExpiry(handle, deadline) }
        context.notify(.string, "set", key)
        if deadline != nil { context.notify(.generic, "expire", key) }
        if !options.get { context.reply.ok() }
    }

    /// MSET key value [key value ...]
    @Sendable static func mset(_ context: inout CommandContext) {
        guard context.arguments.count % 2 == 1 else {
            return context.reply.error("ERR wrong number of arguments for 'mset' command")
        }
        var index = 1
        while index < context.arguments.count {
            store(&context, keyIndex: index, valueIndex: index + 1, keepExpiry: false)
            index += 2
        }
        context.reply.ok()
    }

    /// MSETNX key value [key value ...]: all or nothing.
    @Sendable static func msetnx(_ context: inout CommandContext) {
        guard context.arguments.count % 2 == 1 else {
            return context.reply.error("ERR wrong number of arguments for 'msetnx' command")
        }
        let db = context.db
        var index = 1
        while index < context.arguments.count {
            if db.lookupWrite(context.arguments[index], nowMs: context.nowMs) != nil {
                return context.reply.integer(0)
            }
            index += 2
        }
        index = 1
        while index < context.arguments.count {
            store(&context, keyIndex: index, valueIndex: index + 1, keepExpiry: false)
            index += 2
        }
        context.reply.integer(1)
    }

    /// GETEX key [EX s | PX ms | EXAT s | PXAT ms | PERSIST]
    @Sendable static func getex(_ context: inout CommandContext) {
        guard let options = SetOptions.parse(&context, from: 2, command: .getex) else { return }
        let db = context.db
        let key = context.arguments[1]
        guard let handle = db.lookupRead(key, nowMs: context.nowMs) else { return context.reply.null() }
        guard case .string(let string) = db.value(handle) else { return context.replyWrongType() }
        var deadline: Int64?
        if options.expiry != .none {
            guard let milliseconds = options.deadline(&context, commandName: "getex") else { return }
            deadline = milliseconds
        }
        context.reply.bulk(string.bytes)
        if let deadline {
            // Redis deletes at once when an absolute deadline is already past (checkAlreadyExpired).
            if options.expiry.isAbsolute && deadline <= context.nowMs {
                db.remove(handle)
                context.notify(.generic, "del", key)
            } else {
                db.setExpiry(handle, deadline)
                context.notify(.generic, "expire", key)
            }
        } else if options.persist && db.expiry(handle) != nil {
            db.setExpiry(handle, nil)
            context.notify(.generic, "persist", key)
        }
    }

    // MARK: - APPEND and ranges

    /// APPEND key value: the result is always "raw" (Redis unshares it), except a new key,
    /// which is stored through `tryObjectEncoding` like SET.
    @Sendable static func append(_ context: inout CommandContext) {
        let db = context.db
        let key = context.arguments[1]
        let hash = db.hash(key)
        guard let handle = db.lookupWrite(key, hash: hash, nowMs: context.nowMs) else {
            let value = StringValue(storing: context.arguments[2])
            db.insert(Array(key), hash: hash, value: .string(value), nowMs: context.nowMs)
            context.notify(.string, "append", key)
            return context.reply.integer(value.bytes.count)
        }
        guard db.kind(handle) == .string else { return context.replyWrongType() }
        guard context.checkStringLength(db.stringLength(handle) + context.arguments.length(of: 2)) else { return }
        let suffix = context.arguments[2]
        let length = db.modifyString(handle) { string -> Int in
            suffix.withUnsafeBytes { string.bytes.append(contentsOf: $0) }
            string.encoding = .raw
            return string.bytes.count
        }
        context.notify(.string, "append", key)
        context.reply.integer(length)
    }

    /// GETRANGE key start end (and SUBSTR): Redis's index clamping, including its
    /// early "both negative and start > end" empty reply.
    @Sendable static func getrange(_ context: inout CommandContext) {
        guard let start = context.integerArgument(2), let end = context.integerArgument(3) else { return }
        let db = context.db
        guard let handle = db.lookupRead(context.arguments[1], nowMs: context.nowMs) else {
            return context.reply.emptyBulk()
        }
        guard case .string(let string) = db.value(handle) else { return context.replyWrongType() }
        let length = Int64(string.bytes.count)
        if start < 0 && end < 0 && start > end { return context.reply.emptyBulk() }
        var first = start < 0 ? length + start : start
        var last = end < 0 ? length + end : end
        if first < 0 { first = 0 }
        if last < 0 { last = 0 }
        if last >= length { last = length - 1 }
        if first > last || length == 0 { return context.reply.emptyBulk() }
        string.bytes.withUnsafeBytes { context.reply.bulk(UnsafeRawBufferPointer(rebasing: $0[Int(first)...Int(last)])) }
    }

    /// SUBSTR key start end: the old name of GETRANGE.
    @Sendable static func substr(_ context: inout CommandContext) {
        getrange(&context)
    }

    /// SETRANGE key offset value: zero-pads; an empty value only reports the length.
    @Sendable static func setrange(_ context: inout CommandContext) {
        guard let offset64 = context.integerArgument(2) else { return }
        guard offset64 >= 0 else { return context.reply.error(CommandError.offsetOutOfRange) }
        let db = context.db
        let key = context.arguments[1]
        let hash = db.hash(key)
        let patch = context.arguments[3]
        guard let handle = db.lookupWrite(key, hash: hash, nowMs: context.nowMs) else {
            if patch.isEmpty { return context.reply.integer(0) }
            guard context.checkStringLength(Int(clamping: offset64) &+ patch.count) else { return }
            var bytes = [UInt8](repeating: 0, count: Int(offset64))
            bytes.append(contentsOf: patch)
            db.insert(Array(key), hash: hash, value: .string(StringValue(bytes: bytes, encoding: .raw)), nowMs: context.nowMs)
            context.notify(.string, "setrange", key)
            return context.reply.integer(bytes.count)
        }
        guard db.kind(handle) == .string else { return context.replyWrongType() }
        if patch.isEmpty { return context.reply.integer(db.stringLength(handle)) }
        guard context.checkStringLength(Int(clamping: offset64) &+ patch.count) else { return }
        let offset = Int(offset64)
        let length = db.modifyString(handle) { string -> Int in
            patch.withUnsafeBytes { string.bytes.replaceBytes(at: offset, with: $0) }
            string.encoding = .raw
            return string.bytes.count
        }
        context.notify(.string, "setrange", key)
        context.reply.integer(length)
    }
}
