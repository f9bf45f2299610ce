import Testing
import RESP

private func parse(_ text: String) -> ReplyParseOutcome {
    ReplyParser.parse(Array(text.utf8))
}

@Test func everyReplyTypeRAFTClusterJoinReads() {
    #expect(parse("+OK\r\n") == .reply(.simple("OK"), consumed: 5))
    #expect(parse("-ERR no\r\n") == .reply(.error("ERR no"), consumed: 9))
    #expect(parse(":-42\r\n") == .reply(.integer(-42), consumed: 6))
    #expect(parse("$3\r\nabc\r\n") == .reply(.bulk(Array("abc".utf8)), consumed: 9))
    #expect(parse("$-1\r\n") == .reply(.bulk(nil), consumed: 5))
    #expect(parse("_\r\n") == .reply(.bulk(nil), consumed: 3))
    #expect(parse("=6\r\ntxt:hi\r\n") == .reply(.bulk(Array("hi".utf8)), consumed: 12))
    #expect(parse("*2\r\n:7\r\n$2\r\nid\r\n") == .reply(.array([.integer(7), .bulk(Array("id".utf8))]), consumed: 16))
    #expect(parse("*-1\r\n") == .reply(.array(nil), consumed: 5))
}

@Test func aReplyArrivingByteByByteNeedsMoreDataUntilWhole() {
    let whole = Array("*2\r\n:7\r\n$16\r\n0123456789abcdef\r\n+OK\r\n".utf8)
    let firstLength = whole.count - 5
    for end in 0..<firstLength {
        #expect(ReplyParser.parse(Array(whole[0..<end])) == .needMoreData, "prefix of \(end) bytes")
    }
    guard case .reply(_, let consumed) = ReplyParser.parse(whole) else {
        Issue.record("no reply")
        return
    }
    #expect(consumed == firstLength)
    #expect(ReplyParser.parse(Array(whole[consumed...])) == .reply(.simple("OK"), consumed: 5))
}

@Test func garbledRepliesAreProtocolErrors() {
    #expect(parse("?\r\n") == .protocolError("unexpected reply type byte 63"))
    #expect(parse(":x\r\n") == .protocolError("bad integer reply 'x'"))
    #expect(parse("$-2\r\n") == .protocolError("bad length '-2'"))
    #expect(parse("$\(ReplyParser.maxLength + 1)\r\n") == .protocolError("bad length '\(ReplyParser.maxLength + 1)'"))
    let deep = String(repeating: "*1\r\n", count: ReplyParser.maxDepth + 1) + ":1\r\n"
    #expect(parse(deep) == .protocolError("reply nested too deeply"))
    let deepest = String(repeating: "*1\r\n", count: ReplyParser.maxDepth) + ":1\r\n"
    guard case .reply = parse(deepest) else {
        Issue.record("the deepest allowed nesting was refused")
        return
    }
}
