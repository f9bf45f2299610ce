import RESP

/// Why a user may not run a command (Redis's `ACL_DENIED_*`), with the argument at fault.
public enum ACLDenial: Equatable, Sendable {
    case command
    /// `arguments[index]` is a key the user may not access as this command would.
    case key(index: Int)
    /// `arguments[index]` is a channel (or pattern) the user may not use.
    case channel(index: Int)
}

/// One key argument and how the command uses it (from its key specs).
public struct ACLKeyAccess: Equatable, Sendable {
    public var index: Int
    public var read: Bool
    public var write: Bool
}

/// Permission checks, as Redis 7.0's `ACLSelectorCheckCmd`.
extension ACLUser {
    /// Whether this user may run `arguments` (resolved to `spec`, number `id`); nil if so.
    public func check(_ arguments: Arguments, spec: CommandSpec, id: Int, table: ACLCommandTable = .shared) -> ACLDenial? {
        if !allowedCommands[id] && !table.commands[id].isNoAuth {
            guard arguments.count >= 2, let firstArguments = allowedFirstArguments[id],
                  firstArguments.contains(arguments.string(1).lowercased()) else { return .command }
        }
        if !allKeys {
            for access in Self.keyAccesses(arguments, spec: spec) where !mayAccess(arguments[access.index], access) {
                return .key(index: access.index)
            }
        }
        if !allChannels {
            let isPattern = spec.name == "psubscribe"
            for index in Self.channelIndices(arguments, spec: spec) where !mayUse(channel: arguments[index], isPattern: isPattern) {
                return .channel(index: index)
            }
        }
        return nil
    }

    /// `ACLSelectorCheckKey`: a pattern must grant every access the command needs.
    func mayAccess(_ key: ArraySlice<UInt8>, _ access: ACLKeyAccess) -> Bool {
        keyPatterns.contains { pattern in
            (pattern.read || !access.read) && (pattern.write || !access.write)
                && Glob.matches(pattern: pattern.pattern, key, caseInsensitive: false)
        }
    }

    /// A channel must match a pattern; a PSUBSCRIBE pattern must equal one literally.
    func mayUse(channel: ArraySlice<UInt8>, isPattern: Bool) -> Bool {
        channelPatterns.contains { pattern in
            isPattern ? pattern.elementsEqual(channel) : Glob.matches(pattern: pattern, channel, caseInsensitive: false)
        }
    }

    /// The key arguments of `arguments` with their access, from the key specs (Redis's
    /// `getKeysFromCommandWithSpecs`), else from first/last/step with the command's flags.
    public static func keyAccesses(_ arguments: Arguments, spec: CommandSpec) -> [ACLKeyAccess] {
        guard !spec.keySpecs.isEmpty else {
            guard spec.firstKey > 0 else { return [] }
            let write = spec.flags.contains(.write)
            return positions(first: spec.firstKey, last: spec.lastKey, step: spec.keyStep, count: arguments.count)
                .map { ACLKeyAccess(index: $0, read: !write, write: write) }
        }
        var accesses: [ACLKeyAccess] = []
        for keySpec in spec.keySpecs {
            guard case .index(let begin) = keySpec.beginSearch, begin < arguments.count else { continue }
            var read = keySpec.flags.contains("access")
            // SET's only variable flag: it reads its key only with GET (Redis's `setGetKeys`).
            if keySpec.flags.contains("variable_flags") {
                read = (3..<max(3, arguments.count)).contains { arguments.string($0).lowercased() == "get" }
            }
            let write = keySpec.flags.contains { ["insert", "delete", "update"].contains($0) }
            let indices: [Int]
            switch keySpec.findKeys {
            case .range(let last, let step, _):
                indices = positions(first: begin, last: last < 0 ? last : begin + last, step: step, count: arguments.count)
            case .keyNumber(let numberIndex, let firstKey, let step):
                guard begin + numberIndex < arguments.count,
                      let number = Int(arguments.string(begin + numberIndex)), number > 0 else { continue }
                let first = begin + firstKey
                indices = positions(first: first, last: first + (number - 1) * max(step, 1), step: step, count: arguments.count)
            case .unknown:
                continue
            }
            accesses += indices.map { ACLKeyAccess(index: $0, read: read, write: write) }
        }
        return accesses
    }

    /// Arguments `first...last` by `step` (a negative `last` counts from the end), within `count`.
    private static func positions(first: Int, last: Int, step: Int, count: Int) -> [Int] {
        let end = min(last < 0 ? count + last : last, count - 1)
        guard first <= end else { return [] }
        return Array(stride(from: first, through: end, by: max(step, 1)))
    }

    /// Channel arguments checked by ACL: PUBLISH/SPUBLISH's channel and every (S|P)SUBSCRIBE
    /// argument. Unsubscribing is never refused, as in Redis.
    public static func channelIndices(_ arguments: Arguments, spec: CommandSpec) -> Range<Int> {
        switch spec.name {
        case "publish", "spublish": 1..<min(2, arguments.count)
        case "subscribe", "psubscribe", "ssubscribe": 1..<arguments.count
        default: 0..<0
        }
    }
}
