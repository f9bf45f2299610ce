/// What one call of `RequestParser.next` found.
public enum ParseOutcome: Equatable, Sendable {
    /// A whole command is in `arguments`.
    case command
    /// The buffer ends inside a command (or holds none); read more and call again.
    case needMoreData
    /// The client broke the protocol. The message is Redis's error text
    /// (`Protocol error: ...`); Redis replies with it and then closes the connection.
    case protocolError(String)
}

/// An incremental parser of client requests: RESP multibulk and inline (telnet) commands.
///
/// It is resumable at any byte boundary: the state of a half-read multibulk
/// (arguments still expected, the length of the bulk being read) survives
/// between calls, and completed arguments accumulate in the caller's
/// `Arguments`, so a large pipeline arriving in small reads is scanned once.
/// It follows Redis 7.0's `processMultibulkBuffer` and `processInlineBuffer`,
/// including their error texts and their quirks (see the comments).
public struct RequestParser: Sendable {
    public var limits: ProtocolLimits

    /// Arguments still to read of the current multibulk; 0 between commands.
    private var multibulkRemaining = 0
    /// Length of the bulk whose payload is awaited; -1 while its `$` header is awaited.
    private var bulkLength = -1

    public init(limits: ProtocolLimits = ProtocolLimits()) {
        self.limits = limits
    }

    /// Whether the parser is in the middle of a multibulk command.
    public var isMidCommand: Bool { multibulkRemaining > 0 }

    /// Parses the next command of `buffer` starting at `offset`, advancing `offset`
    /// past what it consumed. `arguments` must be empty when a new command starts;
    /// the caller clears it after handling each `.command`.
    public mutating func next(
        _ buffer: UnsafeRawBufferPointer,
        offset: inout Int,
        into arguments: inout Arguments,
        authenticated: Bool = true
    ) -> ParseOutcome {
        while offset < buffer.count {
            if multibulkRemaining == 0 {
                // A new request: its first byte decides multibulk or inline, as in Redis.
                let outcome: ParseOutcome
                if buffer[offset] == UInt8(ascii: "*") {
                    outcome = startMultibulk(buffer, &offset, authenticated)
                } else {
                    outcome = parseInline(buffer, &offset, &arguments)
                }
                switch outcome {
                case .command where arguments.isEmpty && multibulkRemaining == 0:
                    continue  // `*0`, `*-1` or an empty inline line: nothing to run
                case .command:
                    if multibulkRemaining == 0 { return .command }
                default:
                    return outcome
                }
            }
            let outcome = continueMultibulk(buffer, &offset, &arguments, authenticated)
            if outcome != .command || multibulkRemaining == 0 { return outcome }
        }
        return .needMoreData
    }

    /// Forgets a half-read command (after a protocol error the connection closes anyway).
    public mutating func reset() {
        multibulkRemaining = 0
        bulkLength = -1
    }

    // MARK: - Multibulk

    /// Reads `*<count>\r\n`. Returns `.command` once the header is consumed.
    private mutating func startMultibulk(
        _ buffer: UnsafeRawBufferPointer, _ offset: inout Int, _ authenticated: Bool
    ) -> ParseOutcome {
        guard let lineEnd = Self.findCR(buffer, from: offset) else {
            if buffer.count - offset > limits.maxInlineLength {
                return .protocolError("Protocol error: too big mbulk count string")
            }
            return .needMoreData
        }
        // Redis waits for the LF after the CR but does not check that it is one.
        guard lineEnd + 1 < buffer.count else { return .needMoreData }
        guard let count = Self.parseInteger(buffer, offset + 1, lineEnd), count <= limits.maxMultibulkCount else {
            return .protocolError("Protocol error: invalid multibulk length")
        }
        if count > limits.maxUnauthenticatedMultibulkCount && !authenticated {
            return .protocolError("Protocol error: unauthenticated multibulk length")
        }
        offset = lineEnd + 2
        if count > 0 {
            multibulkRemaining = count
            bulkLength = -1
        }
        return .command
    }

    /// Reads `$<length>\r\n<payload>\r\n` arguments until the multibulk is complete.
    private mutating func continueMultibulk(
        _ buffer: UnsafeRawBufferPointer, _ offset: inout Int,
        _ arguments: inout Arguments, _ authenticated: Bool
    ) -> ParseOutcome {
        while multibulkRemaining > 0 {
            if bulkLength == -1 {
                guard let lineEnd = Self.findCR(buffer, from: offset) else {
                    if buffer.count - offset > limits.maxInlineLength {
                        return .protocolError("Protocol error: too big bulk count string")
                    }
                    return .needMoreData
                }
                guard lineEnd + 1 < buffer.count else { return .needMoreData }
                let marker = buffer[offset]
                if marker != UInt8(ascii: "$") {
                    let shown = String(decoding: CollectionOfOne(marker), as: UTF8.self)
                    return .protocolError("Protocol error: expected '$', got '\(shown)'")
                }
                guard let length = Self.parseInteger(buffer, offset + 1, lineEnd),
                    length >= 0, length <= limits.maxBulkLength
                else {
                    return .protocolError("Protocol error: invalid bulk length")
                }
                if length > limits.maxUnauthenticatedBulkLength && !authenticated {
                    return .protocolError("Protocol error: unauthenticated bulk length")
                }
                offset = lineEnd + 2
                bulkLength = length
            }
            // Redis skips the two bytes after the payload without checking they are CRLF.
            guard buffer.count - offset >= bulkLength + 2 else { return .needMoreData }
            arguments.append(from: buffer, offset: offset, count: bulkLength)
            offset += bulkLength + 2
            bulkLength = -1
            multibulkRemaining -= 1
        }
        return .command
    }

    // MARK: - Inline

    /// Reads one inline line, split like Redis's `sdssplitargs`.
    private func parseInline(
        _ buffer: UnsafeRawBufferPointer, _ offset: inout Int, _ arguments: inout Arguments
    ) -> ParseOutcome {
        var newline = offset
        while newline < buffer.count && buffer[newline] != 0x0A { newline += 1 }
        guard newline < buffer.count else {
            if buffer.count - offset > limits.maxInlineLength {
                return .protocolError("Protocol error: too big inline request")
            }
            return .needMoreData
        }
        var lineEnd = newline
        if lineEnd > offset && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        let line = UnsafeRawBufferPointer(rebasing: buffer[offset..<lineEnd])
        guard InlineSplitter.split(line, into: &arguments) else {
            arguments.removeAll()
            return .protocolError("Protocol error: unbalanced quotes in request")
        }
        offset = newline + 1
        return .command
    }

    // MARK: - Lexing helpers

    @inline(__always)
    static func findCR(_ buffer: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var i = start
        while i < buffer.count {
            if buffer[i] == 0x0D { return i }
            i += 1
        }
        return nil
    }

    /// Redis's `string2ll` over `buffer[start..<end]`: optional '-', digits, no
    /// leading zeros, no '+', no spaces, no overflow.
    static func parseInteger(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int? {
        var i = start
        guard i < end else { return nil }
        if end - start == 1 && buffer[i] == UInt8(ascii: "0") { return 0 }
        var negative = false
        if buffer[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
            guard i < end else { return nil }
        }
        guard buffer[i] >= UInt8(ascii: "1") && buffer[i] <= UInt8(ascii: "9") else { return nil }
        var magnitude: UInt64 = 0
        while i < end {
            let digit = buffer[i] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            if overflow1 || overflow2 { return nil }
            magnitude = sum
            i += 1
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int.min : -Int(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int(magnitude)
    }
}
