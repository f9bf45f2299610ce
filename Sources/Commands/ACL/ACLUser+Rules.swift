/// ACL SETUSER rules, as Redis 7.0's `ACLSetUser` and `ACLSetSelector` read them.
extension ACLUser {
    /// Applies one rule (`on`, `>pass`, `~pattern`, `+@read`, ...), or throws why not.
    /// The rule is bytes because patterns and passwords need not be UTF-8.
    public mutating func apply<Rule: Collection>(_ rule: Rule, table: ACLCommandTable = .shared) throws(ACLRuleError)
    where Rule.Element == UInt8 {
        let bytes = Array(rule)
        let word = String(decoding: bytes, as: UTF8.self).lowercased()
        switch word {
        case "on": enabled = true
        case "off": enabled = false
        case "skip-sanitize-payload": skipSanitizePayload = true; sanitizePayload = false
        case "sanitize-payload": sanitizePayload = true; skipSanitizePayload = false
        case "nopass": noPassword = true; passwordHashes = []
        case "resetpass": noPassword = false; passwordHashes = []
        case "clearselectors": break  // no selectors to clear
        case "reset": resetAll(table: table)
        default: try applyValueRule(bytes, word: word, table: table)
        }
    }

    /// `reset`: as Redis 7.0 with `acl-pubsub-default resetchannels`.
    private mutating func resetAll(table: ACLCommandTable) {
        noPassword = false
        passwordHashes = []
        allKeys = false
        keyPatterns = []
        allChannels = false
        channelPatterns = []
        enabled = false
        sanitizePayload = true
        skipSanitizePayload = false
        setAllCommands(false, table: table)
    }

    private mutating func applyValueRule(_ bytes: [UInt8], word: String, table: ACLCommandTable) throws(ACLRuleError) {
        guard let first = bytes.first else { throw .syntax }
        let rest = Array(bytes.dropFirst())
        switch first {
        case UInt8(ascii: ">"): addPasswordHash(SHA256.hexDigest(rest))
        case UInt8(ascii: "#"):
            guard Self.isPasswordHash(rest) else { throw .badPasswordHash }
            addPasswordHash(String(decoding: rest, as: UTF8.self))
        case UInt8(ascii: "<"): try removePasswordHash(SHA256.hexDigest(rest))
        case UInt8(ascii: "!"):
            guard Self.isPasswordHash(rest) else { throw .badPasswordHash }
            try removePasswordHash(String(decoding: rest, as: UTF8.self))
        case UInt8(ascii: "("): throw .selectorsUnsupported
        default: try applySelectorRule(bytes, word: word, table: table)
        }
    }

    /// The rules Redis 7.0 also accepts inside a selector (`ACLSetSelector`).
    private mutating func applySelectorRule(_ bytes: [UInt8], word: String, table: ACLCommandTable) throws(ACLRuleError) {
        switch word {
        case "allkeys", "~*": allKeys = true; keyPatterns = []
        case "resetkeys": allKeys = false; keyPatterns = []
        case "allchannels", "&*": allChannels = true; channelPatterns = []
        case "resetchannels": allChannels = false; channelPatterns = []
        case "allcommands", "+@all": setAllCommands(true, table: table)
        case "nocommands", "-@all": setAllCommands(false, table: table)
        default:
            switch bytes[0] {
            case UInt8(ascii: "~"), UInt8(ascii: "%"): try addKeyPattern(bytes)
            case UInt8(ascii: "&"):
                guard !allChannels else { throw .channelPatternAfterAllChannels }
                let pattern = Array(bytes.dropFirst())
                if !channelPatterns.contains(pattern) { channelPatterns.append(pattern) }
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                try applyCommandRule(allow: bytes[0] == UInt8(ascii: "+"), String(word.dropFirst()), table: table)
            default: throw .syntax
            }
        }
    }

    /// `~pattern` (read and write) or `%R~`, `%W~`, `%RW~pattern`.
    private mutating func addKeyPattern(_ bytes: [UInt8]) throws(ACLRuleError) {
        guard !allKeys else { throw .keyPatternAfterAllKeys }
        var read = true, write = true
        var offset = 1
        if bytes[0] == UInt8(ascii: "%") {
            read = false
            write = false
            var closed = false
            while offset < bytes.count {
                let byte = bytes[offset]
                offset += 1
                if (byte == UInt8(ascii: "R") || byte == UInt8(ascii: "r")) && !read {
                    read = true
                } else if (byte == UInt8(ascii: "W") || byte == UInt8(ascii: "w")) && !write {
                    write = true
                } else if byte == UInt8(ascii: "~") {
                    closed = true
                    break
                } else {
                    throw .syntax
                }
            }
            guard closed, read || write else { throw .syntax }
        }
        let pattern = Array(bytes[offset...])
        if read && write && pattern == [UInt8(ascii: "*")] {
            allKeys = true
            keyPatterns = []
        } else if let index = keyPatterns.firstIndex(where: { $0.pattern == pattern }) {
            keyPatterns[index].read = keyPatterns[index].read || read
            keyPatterns[index].write = keyPatterns[index].write || write
        } else {
            keyPatterns.append(ACLKeyPattern(pattern: pattern, read: read, write: write))
        }
    }

    /// `+cmd`, `-cmd`, `+cmd|sub`, `-cmd|sub`, `+cmd|firstarg`, `+@category`, `-@category`.
    private mutating func applyCommandRule(allow: Bool, _ name: String, table: ACLCommandTable) throws(ACLRuleError) {
        if name.hasPrefix("@") {
            guard let bit = ACLCommandTable.categoryBit(String(name.dropFirst())) else { throw .unknownCommandOrCategory }
            for id in table.ids(inCategory: bit) { allowedCommands[id] = allow }
            return
        }
        if let id = table.id(of: name) {
            setCommand(id, allow, table: table)
            return
        }
        guard allow, let bar = name.firstIndex(of: "|") else { throw .unknownCommandOrCategory }
        // Redis 7.0 still accepts a first argument for a command without subcommands
        // (`+select|0`), a form it deprecates.
        guard let id = table.id(of: String(name[..<bar])), table.commands[id].subcommandIDs.isEmpty else {
            throw .unknownCommandOrCategory
        }
        let argument = String(name[name.index(after: bar)...])
        guard !argument.isEmpty, !argument.contains("|") else { throw .syntax }
        if !allowedFirstArguments[id, default: []].contains(argument) { allowedFirstArguments[id, default: []].append(argument) }
    }

    /// Redis's `ACLChangeSelectorPerm`: a container's subcommands follow it.
    mutating func setCommand(_ id: Int, _ allow: Bool, table: ACLCommandTable) {
        allowedFirstArguments[id] = nil
        allowedCommands[id] = allow
        for sub in table.commands[id].subcommandIDs { allowedCommands[sub] = allow }
    }

    private mutating func setAllCommands(_ allow: Bool, table: ACLCommandTable) {
        allowsAllCommands = allow
        allowedFirstArguments = [:]
        allowedCommands = [Bool](repeating: allow, count: table.commands.count)
    }

    private mutating func addPasswordHash(_ hash: String) {
        noPassword = false
        if !passwordHashes.contains(hash) { passwordHashes.append(hash) }
    }

    private mutating func removePasswordHash(_ hash: String) throws(ACLRuleError) {
        guard let index = passwordHashes.firstIndex(of: hash) else { throw .noSuchPassword }
        passwordHashes.remove(at: index)
    }

    /// 64 lowercase hex digits.
    static func isPasswordHash(_ bytes: [UInt8]) -> Bool {
        bytes.count == 64 && bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
