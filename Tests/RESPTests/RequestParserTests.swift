import Testing
@testable import RESP

/// Feeds `input` to a parser in chunks of `chunk` bytes, as reads from a socket would
/// deliver it, and collects every command (as strings) and the final error, if any.
private func parseAll(_ input: [UInt8], chunk: Int = Int.max, limits: ProtocolLimits = ProtocolLimits())
    -> (commands: [[String]], error: String?)
{
    var parser = RequestParser(limits: limits)
    var arguments = Arguments()
    var buffer: [UInt8] = []
    var offset = 0
    var commands: [[String]] = []
    var start = 0
    while start < input.count {
        buffer.append(contentsOf: input[start..<min(input.count, start &+ chunk)])
        start = min(input.count, start &+ chunk)
        while true {
            let outcome = buffer.withUnsafeBytes { parser.next($0, offset: &offset, into: &arguments) }
            switch outcome {
            case .command:
                commands.append((0..<arguments.count).map { arguments.string($0) })
                arguments.removeAll()
                continue
            case .needMoreData:
                break
            case .protocolError(let message):
                return (commands, message)
            }
            break
        }
    }
    return (commands, nil)
}

private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

@Test func multibulkCommandsParseWholeAndByteByByte() {
    let input = bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n*1\r\n$4\r\nPING\r\n")
    for chunk in [Int.max, 1, 2, 3, 7] {
        let result = parseAll(input, chunk: chunk)
        #expect(result.error == nil)
        #expect(result.commands == [["SET", "k", "hello"], ["PING"]], "chunk \(chunk)")
    }
}

@Test func binarySafeBulkArguments() {
    var input = bytes("*2\r\n$3\r\nGET\r\n$4\r\n")
    input += [0, 0x0D, 0x0A, 0xFF] + bytes("\r\n")
    var parser = RequestParser()
    var arguments = Arguments()
    var offset = 0
    let outcome = input.withUnsafeBytes { parser.next($0, offset: &offset, into: &arguments) }
    #expect(outcome == .command)
    #expect(Array(arguments[1]) == [0, 0x0D, 0x0A, 0xFF])
    #expect(offset == input.count)
}

@Test func emptyAndNegativeMultibulksAreSkipped() {
    let result = parseAll(bytes("*0\r\n*-1\r\n\r\n*1\r\n$4\r\nPING\r\n"))
    #expect(result.commands == [["PING"]])
    #expect(result.error == nil)
}

@Test func inlineCommandsSplitLikeSdssplitargs() {
    let result = parseAll(bytes("SET k \"a b\\x41\\n\" 'it\\'s'\r\nPING\n  \r\n"), chunk: 1)
    #expect(result.commands == [["SET", "k", "a bA\n", "it's"], ["PING"]])
}

@Test func inlineUnbalancedQuotesIsAProtocolError() {
    #expect(parseAll(bytes("SET \"k v\r\n")).error == "Protocol error: unbalanced quotes in request")
    #expect(parseAll(bytes("SET \"k\"v\r\n")).error == "Protocol error: unbalanced quotes in request")
}

@Test func protocolErrorsUseRedisTexts() {
    #expect(parseAll(bytes("*abc\r\n")).error == "Protocol error: invalid multibulk length")
    #expect(parseAll(bytes("*1\r\n+PING\r\n")).error == "Protocol error: expected '$', got '+'")
    #expect(parseAll(bytes("*1\r\n$-5\r\n")).error == "Protocol error: invalid bulk length")
    #expect(parseAll(bytes("*1\r\n$01\r\n")).error == "Protocol error: invalid bulk length")
    #expect(parseAll(bytes("*3000000000\r\n")).error == "Protocol error: invalid multibulk length")
}

@Test func limitsAreEnforcedAtTheirBoundary() {
    var limits = ProtocolLimits()
    limits.maxBulkLength = 5
    #expect(parseAll(bytes("*1\r\n$5\r\nhello\r\n"), limits: limits).commands == [["hello"]])
    #expect(parseAll(bytes("*1\r\n$6\r\nhello!\r\n"), limits: limits).error == "Protocol error: invalid bulk length")

    let longInline = [UInt8](repeating: UInt8(ascii: "a"), count: 64 * 1024 + 1)
    #expect(parseAll(longInline).error == "Protocol error: too big inline request")
    let atLimit = [UInt8](repeating: UInt8(ascii: "a"), count: 64 * 1024) + bytes("\n")
    #expect(parseAll(atLimit).error == nil)

    let longCount = bytes("*") + [UInt8](repeating: UInt8(ascii: "1"), count: 64 * 1024 + 1)
    #expect(parseAll(longCount).error == "Protocol error: too big mbulk count string")
}

@Test func unauthenticatedClientsGetSmallerLimits() {
    var parser = RequestParser()
    var arguments = Arguments()
    var offset = 0
    let input = bytes("*11\r\n")
    let outcome = input.withUnsafeBytes { parser.next($0, offset: &offset, into: &arguments, authenticated: false) }
    #expect(outcome == .protocolError("Protocol error: unauthenticated multibulk length"))
}
