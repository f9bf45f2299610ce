import Keyspace
import RESP

/// MEMORY USAGE: the part of Redis's `memoryCommand` that reads the keyspace. STATS,
/// DOCTOR, MALLOC-STATS, PURGE and HELP report on the process and are the server's.
public enum MemoryCommands {
    /// MEMORY USAGE key [SAMPLES count]: the key's slot, key bytes and value as
    /// `MemoryCost` estimates them (what eviction and `used_memory` count), aggregates
    /// measured from `count` elements (default 5, 0: all) and scaled to their size.
    @Sendable static func usage(_ context: inout CommandContext) {
        var samples: Int?  // nil: the default
        var index = 3
        while index < context.arguments.count {
            // Redis's order: an unknown word or a missing count is a syntax error, a
            // count that is not a number says so, a negative one is a syntax error.
            guard context.argument(index, is: "samples"), index + 1 < context.arguments.count else {
                return context.replySyntaxError()
            }
            guard let count = context.integerArgument(index + 1) else { return }
            guard count >= 0 else { return context.replySyntaxError() }
            samples = count == 0 ? 0 : Int(clamping: count)
            index += 2
        }
        // Like Redis's dictFind: no expiry check, no access recorded, no hit or miss counted.
        guard let handle = context.db.find(context.arguments[2]) else { return context.reply.null() }
        context.reply.integer(context.db.memoryUsage(handle, samples: samples))
    }
}
