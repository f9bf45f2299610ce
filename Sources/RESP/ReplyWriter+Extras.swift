// Additions to the lead's ReplyWriter needed by the command handlers (owned by Commands work).

extension ReplyWriter {
    /// An error reply from raw bytes (messages that quote user input byte for byte);
    /// CR and LF become spaces as in Redis's `addReplyError`.
    public mutating func error(bytes message: [UInt8]) {
        bytes.append(0x2D)  // "-"
        for byte in message {
            bytes.append(byte == 0x0D || byte == 0x0A ? 0x20 : byte)
        }
        bytes.append(0x0D)
        bytes.append(0x0A)
    }

    /// An integer reply from an Int64 (counts, TTLs, INCR results).
    @inlinable public mutating func integer(_ value: Int64) {
        integer(Int(value))
    }

    /// An empty bulk string (`$0`), as Redis's `shared.emptybulk`.
    public mutating func emptyBulk() {
        bytes.append(contentsOf: [0x24, 0x30, 0x0D, 0x0A, 0x0D, 0x0A])
    }

    /// A bulk string holding the decimal form of `value` without an intermediate array
    /// (INCR replies use `integer`; this serves GET of an int-encoded value and alike).
    public mutating func bulk(decimal value: Int64) {
        bulk(decimal: Int(value))
    }
}
