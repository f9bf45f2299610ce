/// A key pattern of a user (`~pattern`, `%R~pattern`, `%W~pattern`).
public struct ACLKeyPattern: Sendable, Equatable {
    /// The glob, as bytes (keys need not be UTF-8).
    public var pattern: [UInt8]
    /// Allows commands that read keys matching it.
    public var read: Bool
    /// Allows commands that write keys matching it.
    public var write: Bool
}

/// One ACL user as Redis 7.0 keeps it (without selectors): flags, password hashes, key and
/// channel patterns, and a bit per command of `ACLCommandTable`.
public struct ACLUser: Sendable, Equatable {
    /// The user name (ACL SETUSER's first argument).
    public let name: String
    /// `on`/`off`: a disabled user cannot authenticate.
    public var enabled = false
    /// `nopass`: any password is accepted.
    public var noPassword = false
    /// `sanitize-payload` / `skip-sanitize-payload`: recorded and shown, as Redis does.
    public var sanitizePayload = false
    public var skipSanitizePayload = false
    /// SHA-256 hex digests of the accepted passwords, in the order they were added.
    public var passwordHashes: [String] = []
    /// `allkeys` / `~*`: every key, with or without patterns.
    public var allKeys = false
    public var keyPatterns: [ACLKeyPattern] = []
    /// `allchannels` / `&*`.
    public var allChannels = false
    public var channelPatterns: [[UInt8]] = []
    /// Indexed by `ACLCommandTable` number.
    public var allowedCommands: [Bool]
    /// Set only by `+@all`/`allcommands` (Redis's reserved command bit): ACL LIST then starts
    /// with `+@all` rather than `-@all`.
    public var allowsAllCommands = false
    /// `+cmd|arg` for a command without subcommands: allowed first arguments (lowercase).
    public var allowedFirstArguments: [Int: [String]] = [:]

    /// A new user as ACL SETUSER creates it: off, no passwords, no keys, channels or commands.
    public init(name: String, table: ACLCommandTable = .shared) {
        self.name = name
        allowedCommands = [Bool](repeating: false, count: table.commands.count)
    }

    /// The `default` user of a fresh server: `on nopass ~* &* +@all`.
    public static func makeDefault(table: ACLCommandTable = .shared) -> ACLUser {
        var user = ACLUser(name: "default", table: table)
        for rule in ["on", "nopass", "~*", "&*", "+@all"] {
            try! user.apply(rule.utf8, table: table)  // these rules are valid by construction
        }
        return user
    }

    /// Whether every command, key and channel is allowed: the dispatcher skips checks.
    public var isUnrestricted: Bool {
        allowsAllCommands && allKeys && allChannels && !allowedCommands.contains(false)
    }

    /// Whether `password` logs this user in (the user must also be enabled).
    public func accepts(password: [UInt8]) -> Bool {
        guard enabled else { return false }
        if noPassword { return true }
        let hash = SHA256.hexDigest(password)
        // Compare every stored hash fully: no early exit on the first differing byte.
        var matched = false
        for stored in passwordHashes where Self.constantTimeEquals(stored, hash) { matched = true }
        return matched
    }

    private static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
