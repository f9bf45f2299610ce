import Keyspace
import RESP

/// The options of SET and GETEX, parsed as Redis's `parseExtendedStringArgumentsOrReply`.
struct SetOptions {
    /// Which command's option grammar applies.
    enum Command {
        case set
        case getex
    }

    /// The expiry option and the argument holding its number.
    enum Expiry: Equatable {
        case none
        case relativeSeconds(argument: Int)
        case relativeMilliseconds(argument: Int)
        case absoluteSeconds(argument: Int)
        case absoluteMilliseconds(argument: Int)

        var isAbsolute: Bool {
            switch self {
            case .absoluteSeconds, .absoluteMilliseconds: return true
            default: return false
            }
        }
    }

    var nx = false
    var xx = false
    var get = false
    var keepTTL = false
    var persist = false
    var expiry = Expiry.none

    /// Parses options from argument `start`; replies "ERR syntax error" and returns nil on
    /// any unknown or conflicting option. Redis quirk kept: a repeated EX (or PX, ...) is
    /// accepted and the last one wins, since each option only excludes the others.
    static func parse(_ context: inout CommandContext, from start: Int, command: Command) -> SetOptions? {
        var options = SetOptions()
        // Most SETs have no options: return before copying the argument vector (two
        // retain/release pairs).
        guard start < context.arguments.count else { return options }
        let arguments = context.arguments
        var index = start
        let isSet = command == .set
        while index < arguments.count {
            let hasNext = index + 1 < arguments.count
            let noExpiry = !options.keepTTL && !options.persist
            if isSet && arguments.matches(index, "nx") && !options.xx {
                options.nx = true
            } else if isSet && arguments.matches(index, "xx") && !options.nx {
                options.xx = true
            } else if isSet && arguments.matches(index, "get") {
                options.get = true
            } else if isSet && arguments.matches(index, "keepttl") && options.expiry == .none {
                options.keepTTL = true
            } else if !isSet && arguments.matches(index, "persist") && options.expiry == .none {
                options.persist = true
            } else if arguments.matches(index, "ex") && noExpiry && hasNext && options.expiry.allows(.ex) {
                options.expiry = .relativeSeconds(argument: index + 1)
                index += 1
            } else if arguments.matches(index, "px") && noExpiry && hasNext && options.expiry.allows(.px) {
                options.expiry = .relativeMilliseconds(argument: index + 1)
                index += 1
            } else if arguments.matches(index, "exat") && noExpiry && hasNext && options.expiry.allows(.exat) {
                options.expiry = .absoluteSeconds(argument: index + 1)
                index += 1
            } else if arguments.matches(index, "pxat") && noExpiry && hasNext && options.expiry.allows(.pxat) {
                options.expiry = .absoluteMilliseconds(argument: index + 1)
                index += 1
            } else {
                context.replySyntaxError()
                return nil
            }
            index += 1
        }
        return options
    }

    /// Redis's `getExpireMillisecondsOrReply`: the absolute deadline in ms, or nil after
    /// replying "ERR invalid expire time in '<command>' command" (non-positive numbers, and
    /// overflow of the unit conversion or of adding the entry's time).
    func deadline(_ context: inout CommandContext, commandName: StaticString) -> Int64? {
        let argument: Int
        let seconds: Bool
        let relative: Bool
        switch expiry {
        case .none: return nil
        case .relativeSeconds(let a): (argument, seconds, relative) = (a, true, true)
        case .relativeMilliseconds(let a): (argument, seconds, relative) = (a, false, true)
        case .absoluteSeconds(let a): (argument, seconds, relative) = (a, true, false)
        case .absoluteMilliseconds(let a): (argument, seconds, relative) = (a, false, false)
        }
        guard var milliseconds = context.integerArgument(argument) else { return nil }
        if milliseconds <= 0 || (seconds && milliseconds > Int64.max / 1000) {
            context.reply.error(CommandError.invalidExpireTime(commandName))
            return nil
        }
        if seconds { milliseconds *= 1000 }
        if relative { milliseconds = milliseconds &+ context.nowMs }
        if milliseconds <= 0 {
            context.reply.error(CommandError.invalidExpireTime(commandName))
            return nil
        }
        return milliseconds
    }
}

extension SetOptions.Expiry {
    enum Kind {
        case ex, px, exat, pxat
    }

    /// Redis lets an expiry option repeat itself but not follow a different one.
    func allows(_ kind: Kind) -> Bool {
        switch (self, kind) {
        case (.none, _): return true
        case (.relativeSeconds, .ex), (.relativeMilliseconds, .px),
             (.absoluteSeconds, .exat), (.absoluteMilliseconds, .pxat): return true
        default: return false
        }
    }
}
