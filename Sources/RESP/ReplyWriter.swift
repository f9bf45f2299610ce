/// The protocol a connection speaks: RESP2 by default, RESP3 after `HELLO 3`.
public enum ProtocolVersion: Int, Sendable {
    case resp2 = 2
    case resp3 = 3
}

/// Encodes replies into a reusable byte buffer, in the connection's protocol.
///
/// Commands call the typed methods (`integer`, `bulk`, `mapHeader`, …) and never
/// build wire bytes themselves, so one handler answers RESP2 and RESP3 clients
/// alike: a RESP3 map becomes a flat RESP2 array, a RESP3 null becomes `$-1`
/// or `*-1`, exactly as Redis 7 downgrades them.
public struct ReplyWriter: Sendable {
    /// The encoded replies, ready to be written to the socket.
    public var bytes: [UInt8]
    public var protocolVersion: ProtocolVersion

    public init(protocolVersion: ProtocolVersion = .resp2, capacity: Int = 0) {
        self.protocolVersion = protocolVersion
        bytes = []
        // Reserving 0 would still allocate (the shared empty buffer is not unique), and a
        // writer is made per command as a stand-in (Dispatch.run): that cost a malloc each.
        if capacity > 0 { bytes.reserveCapacity(capacity) }
    }

    @inlinable public var isRESP3: Bool { protocolVersion == .resp3 }

    /// `+OK`.
    public mutating func ok() {
        append("+OK\r\n")
    }

    /// A status reply such as `+PONG`; `text` must not contain CR or LF.
    public mutating func simpleString(_ text: StaticString) {
        bytes.append(0x2B)  // "+"
        append(text)
        crlf()
    }

    public mutating func simpleString(_ text: String) {
        bytes.append(0x2B)
        bytes.append(contentsOf: text.utf8)
        crlf()
    }

    /// An error reply. `message` starts with its code (`ERR ...`, `WRONGTYPE ...`);
    /// like Redis's `addReplyError`, CR and LF inside it become spaces.
    public mutating func error(_ message: String) {
        bytes.append(0x2D)  // "-"
        for byte in message.utf8 {
            bytes.append(byte == 0x0D || byte == 0x0A ? 0x20 : byte)
        }
        crlf()
    }

    @inlinable public mutating func integer(_ value: Int) {
        DecimalDigits.appendLine(0x3A, Int64(value), to: &bytes)  // ":"
    }

    /// A bulk string.
    @inlinable public mutating func bulk<C: Collection>(_ value: C) where C.Element == UInt8 {
        DecimalDigits.appendLine(0x24, Int64(value.count), to: &bytes)  // "$"
        bytes.append(contentsOf: value)
        crlf()
    }

    public mutating func bulk(_ value: String) {
        bulk(value.utf8)
    }

    /// A bulk string holding the decimal form of `value` (e.g. `INCRBYFLOAT`-style replies).
    public mutating func bulk(decimal value: Int) {
        var digits = ReplyWriter(protocolVersion: protocolVersion)
        digits.appendDecimal(value)
        bulk(digits.bytes)
    }

    /// The null reply where Redis 2 used a null bulk string (`$-1`; RESP3 `_`).
    public mutating func null() {
        append(isRESP3 ? "_\r\n" : "$-1\r\n")
    }

    /// The null reply where Redis 2 used a null array (`*-1`; RESP3 `_`).
    public mutating func nullArray() {
        append(isRESP3 ? "_\r\n" : "*-1\r\n")
    }

    public mutating func arrayHeader(_ count: Int) {
        aggregateHeader(0x2A, count)  // "*"
    }

    /// A map of `count` pairs (RESP3 `%`; RESP2 a flat array of 2×count).
    public mutating func mapHeader(_ count: Int) {
        if isRESP3 { aggregateHeader(0x25, count) } else { aggregateHeader(0x2A, count * 2) }
    }

    /// A set (RESP3 `~`; RESP2 an array).
    public mutating func setHeader(_ count: Int) {
        aggregateHeader(isRESP3 ? 0x7E : 0x2A, count)
    }

    /// An out-of-band push (RESP3 `>`; RESP2 an array, as pub/sub messages are).
    public mutating func pushHeader(_ count: Int) {
        aggregateHeader(isRESP3 ? 0x3E : 0x2A, count)
    }

    /// A double as Redis 7.0 sends it: `%.17g` (RESP3 `,`; RESP2 a bulk string).
    public mutating func double(_ value: Double) {
        let text = DoubleFormat.redisDouble(value)
        if isRESP3 {
            bytes.append(0x2C)  // ","
            bytes.append(contentsOf: text)
            crlf()
        } else {
            bulk(text)
        }
    }

    /// A boolean (RESP3 `#t`/`#f`; RESP2 the integers 1 and 0).
    public mutating func boolean(_ value: Bool) {
        if isRESP3 { append(value ? "#t\r\n" : "#f\r\n") } else { integer(value ? 1 : 0) }
    }

    /// A verbatim string such as INFO's text (RESP3 `=`; RESP2 a bulk string).
    public mutating func verbatim<C: Collection>(_ text: C) where C.Element == UInt8 {
        guard isRESP3 else { return bulk(text) }
        DecimalDigits.appendLine(0x3D, Int64(text.count + 4), to: &bytes)  // "="
        append("txt:")
        bytes.append(contentsOf: text)
        crlf()
    }

    /// Bytes already in wire form (a reply relayed from another node).
    public mutating func raw<C: Collection>(_ encoded: C) where C.Element == UInt8 {
        bytes.append(contentsOf: encoded)
    }

    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    // MARK: - Pieces

    @inlinable @inline(__always) mutating func crlf() {
        bytes.append(0x0D)
        bytes.append(0x0A)
    }

    @inlinable mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func aggregateHeader(_ marker: UInt8, _ count: Int) {
        DecimalDigits.appendLine(marker, Int64(count), to: &bytes)
    }

    /// Appends `value` in decimal without going through `String` or a temporary array.
    @inlinable public mutating func appendDecimal(_ value: Int) {
        if value >= 0 && value < 10 {
            bytes.append(0x30 &+ UInt8(value))
            return
        }
        DecimalDigits.append(Int64(value), to: &bytes)
    }
}

/// Decimal digits of an integer, written straight into a byte array.
public enum DecimalDigits {
    /// Int64.min has 19 digits; with its sign, 20 bytes.
    @usableFromInline static let maxDigitsBytes = 20

    /// Appends `value` in decimal. The digits are formed back to front on the stack and
    /// appended with one copy: growing the array digit by digit, or by a repeated
    /// placeholder and then overwriting, cost several times as much (INCR's stored value).
    @inlinable public static func append(_ value: Int64, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxDigitsBytes) { buffer in
            let start = formDigits(value, endingAt: maxDigitsBytes, in: buffer)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<maxDigitsBytes]))
        }
    }

    /// Appends `<marker><value>\r\n` (an integer reply, a length or count header). A
    /// single digit goes byte by byte; longer lines are formed on the stack and appended
    /// with one copy, since each separate append checks the array's uniqueness and
    /// capacity again, while one `append(contentsOf:)` costs about as much as four bytes.
    @inlinable public static func appendLine(_ marker: UInt8, _ value: Int64, to bytes: inout [UInt8]) {
        if value >= 0 && value < 10 {
            bytes.append(marker)
            bytes.append(0x30 &+ UInt8(truncatingIfNeeded: value))
            bytes.append(0x0D)
            bytes.append(0x0A)
            return
        }
        let end = maxDigitsBytes + 3
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: end) { buffer in
            buffer[end - 2] = 0x0D
            buffer[end - 1] = 0x0A
            let start = formDigits(value, endingAt: end - 2, in: buffer) - 1
            buffer[start] = marker
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<end]))
        }
    }

    /// Writes `value`'s digits (and sign) to end just before `end`; returns where they start.
    @inlinable static func formDigits(_ value: Int64, endingAt end: Int, in buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var magnitude = value.magnitude
        var index = end
        repeat {
            index -= 1
            buffer[index] = 0x30 &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        if value < 0 {
            index -= 1
            buffer[index] = 0x2D
        }
        return index
    }
}
