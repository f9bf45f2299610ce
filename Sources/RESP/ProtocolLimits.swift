/// The named limits of the request protocol, with Redis 7.0's defaults.
public struct ProtocolLimits: Sendable, Equatable {
    /// `proto-max-bulk-len`: the largest bulk argument accepted (512 MB).
    public var maxBulkLength: Int = 512 * 1024 * 1024
    /// The largest multibulk count: Redis 7.0 accepts up to `INT_MAX`.
    public var maxMultibulkCount: Int = Int(Int32.max)
    /// `PROTO_INLINE_MAX_SIZE`: the longest inline command line, and the longest
    /// `*<count>` or `$<length>` header line (64 KiB).
    public var maxInlineLength: Int = 64 * 1024
    /// Before authentication Redis caps requests lower, so that an unauthenticated
    /// client cannot make the server buffer much: 10 arguments of 16 KiB each.
    public var maxUnauthenticatedMultibulkCount: Int = 10
    public var maxUnauthenticatedBulkLength: Int = 16 * 1024

    public init() {}
}
