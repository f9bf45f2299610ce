import Keyspace
import RESP

/// The blocking pops (Redis's BLPOP family in t_list.c and t_zset.c) as they run against
/// the keyspace: each validates its arguments, then tries once and answers a null array
/// when every key is missing — what Redis does inside MULTI, and what a log entry does.
/// (BLMOVE and BRPOPLPUSH answer a null bulk there.)
/// Waiting is the server's part: it runs the command, and on that null reply blocks the
/// client until a key it waits on is created, then runs the command again (`BlockedPop`).
public enum BlockingCommands {
    /// Why a timeout argument was refused, in Redis's words.
    public static let timeoutNotFloat = "ERR timeout is not a float or out of range"
    public static let timeoutNegative = "ERR timeout is negative"

    /// Redis's `getTimeoutFromObjectOrReply` for seconds: `string2ld`, times 1000, rounded
    /// up (`ceill`: 0.1 ms waits 1 ms), cast to `long long` — a value beyond its range
    /// becomes negative on x86, hence Redis's "negative" for `inf` or 1e30. 0 means forever.
    public static func timeoutMs(_ bytes: ArraySlice<UInt8>) -> Result<Int64, TimeoutError> {
        guard let seconds = FloatParsing.parseLongDouble(bytes) else { return .failure(TimeoutError(message: timeoutNotFloat)) }
        let milliseconds = (seconds * 1000).rounded(.up)
        guard milliseconds >= 0 && milliseconds < 9.2e18 else { return .failure(TimeoutError(message: timeoutNegative)) }
        return .success(Int64(milliseconds))
    }

    /// A refused timeout argument.
    public struct TimeoutError: Error {
        public var message: String
    }

    /// What a client blocked by `arguments` waits on. Call only for arguments the command
    /// accepted (it answered the null array).
    public static func waitRequest(_ arguments: Arguments) -> (keys: [[UInt8]], kind: ValueKind, timeoutMs: Int64) {
        let name = arguments.string(0).lowercased()
        let kind: ValueKind = name.hasPrefix("bz") ? .sortedSet : .list
        let keys: [[UInt8]]
        let timeoutIndex: Int
        switch name {
        case "blmove", "brpoplpush":
            keys = [arguments.array(1)]
            timeoutIndex = arguments.count - 1
        case "blmpop", "bzmpop":
            let count = Int(NumberParsing.parseInt64(arguments[2]) ?? 0)
            keys = (0..<count).map { arguments.array(3 + $0) }
            timeoutIndex = 1
        default:
            keys = (1..<arguments.count - 1).map { arguments.array($0) }
            timeoutIndex = arguments.count - 1
        }
        let timeout = (try? timeoutMs(arguments[timeoutIndex]).get()) ?? 0
        return (keys, kind, timeout)
    }

    /// Replies the timeout error and returns false when argument `index` is not one.
    static func checkTimeout(_ context: inout CommandContext, _ index: Int) -> Bool {
        checkTimeout(&context, context.arguments[index])
    }

    static func checkTimeout(_ context: inout CommandContext, _ argument: ArraySlice<UInt8>) -> Bool {
        if case .failure(let error) = timeoutMs(argument) {
            context.reply.error(error.message)
            return false
        }
        return true
    }

    // MARK: - Lists

    /// BLPOP key [key ...] timeout
    @Sendable static func blpop(_ context: inout CommandContext) { popFirst(&context, .left) }
    /// BRPOP key [key ...] timeout
    @Sendable static func brpop(_ context: inout CommandContext) { popFirst(&context, .right) }

    /// Redis's `blockingPopGenericCommand`: the first non-empty list in argument order
    /// gives [key, element]; a key of another type answers WRONGTYPE before later keys.
    static func popFirst(_ context: inout CommandContext, _ end: ListCommands.End) {
        guard checkTimeout(&context, context.arguments.count - 1) else { return }
        for index in 1..<context.arguments.count - 1 {
            let (found, handle, ok) = ListCommands.writeList(&context, context.arguments[index])
            guard ok else { return }
            guard let list = found, let handle else { continue }
            context.reply.arrayHeader(2)
            context.reply.bulk(context.arguments[index])
            context.reply.bulk((end == .left ? list.popFront() : list.popBack())!)
            ListCommands.finishChange(&context, list, handle, event: end.popEvent, key: context.arguments[index])
            return
        }
        context.reply.nullArray()
    }

    /// BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout
    @Sendable static func blmove(_ context: inout CommandContext) {
        guard let from = ListCommands.end(&context, 3), let to = ListCommands.end(&context, 4),
              checkTimeout(&context, 5) else { return }
        ListCommands.move(&context, from: from, to: to)
    }

    /// BRPOPLPUSH source destination timeout
    @Sendable static func brpoplpush(_ context: inout CommandContext) {
        guard checkTimeout(&context, 3) else { return }
        ListCommands.move(&context, from: .right, to: .left)
    }

    /// BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]
    @Sendable static func blmpop(_ context: inout CommandContext) { withoutTimeout(&context, as: "lmpop", ListCommands.mpop) }

    /// Runs the many-key form `name` on the arguments after the timeout; the timeout is
    /// checked once the rest parsed (Redis's order).
    static func withoutTimeout(
        _ context: inout CommandContext, as name: String,
        _ mpop: (inout CommandContext, (inout CommandContext) -> Bool) -> Void
    ) {
        let original = context.arguments
        var arguments = Arguments()
        arguments.append(name.utf8)
        for index in 2..<original.count { arguments.append(original[index]) }
        context.arguments = arguments
        mpop(&context) { context in checkTimeout(&context, original[1]) }
        context.arguments = original
    }

    // MARK: - Sorted sets

    /// BZPOPMIN key [key ...] timeout
    @Sendable static func bzpopmin(_ context: inout CommandContext) { zpopFirst(&context, maximum: false) }
    /// BZPOPMAX key [key ...] timeout
    @Sendable static func bzpopmax(_ context: inout CommandContext) { zpopFirst(&context, maximum: true) }

    /// Redis's `blockingGenericZpopCommand`: [key, member, score] from the first non-empty key.
    static func zpopFirst(_ context: inout CommandContext, maximum: Bool) {
        guard checkTimeout(&context, context.arguments.count - 1) else { return }
        for index in 1..<context.arguments.count - 1 {
            let (found, handle, ok) = SortedSetCommands.writeZset(&context, context.arguments[index])
            guard ok else { return }
            guard let zset = found, let handle else { continue }
            let rank = maximum ? zset.count - 1 : 0
            let entry = zset.entries.entry(at: rank)
            zset.removeRanks(rank..<rank + 1)
            SortedSetCommands.finishChange(&context, zset, handle, event: maximum ? "zpopmax" : "zpopmin", keyIndex: index)
            context.reply.arrayHeader(3)
            context.reply.bulk(context.arguments[index])
            context.reply.bulk(entry.member)
            context.reply.double(entry.score)
            return
        }
        context.reply.nullArray()
    }

    /// BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]
    @Sendable static func bzmpop(_ context: inout CommandContext) { withoutTimeout(&context, as: "zmpop", SortedSetCommands.mpop) }
}
