/// Why an ACL SETUSER rule was refused, with Redis 7.0's text for each
/// (`ACLSetUserStringError`).
public enum ACLRuleError: Error, Equatable, Sendable {
    case unknownCommandOrCategory
    case syntax
    case keyPatternAfterAllKeys
    case channelPatternAfterAllChannels
    case noSuchPassword
    case badPasswordHash
    case selectorsUnsupported

    /// The reason part of `ERR Error in ACL SETUSER modifier '<rule>': <reason>`.
    public var message: String {
        switch self {
        case .unknownCommandOrCategory: "Unknown command or category name in ACL"
        case .syntax: "Syntax error"
        case .keyPatternAfterAllKeys:
            "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns"
        case .channelPatternAfterAllChannels:
            "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels"
        case .noSuchPassword: "The password you are trying to remove from the user does not exist"
        case .badPasswordHash:
            "The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters"
        // Skiff leaves out Redis 7's selectors; saying so beats a silent misreading.
        case .selectorsUnsupported: "Selectors are not supported by Skiff"
        }
    }
}
