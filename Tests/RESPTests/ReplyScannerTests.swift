import RESP
import Testing

@Suite struct ReplyScannerTests {
    /// Each reply, alone and concatenated, ends where it should; a cut one does not end.
    @Test func findsTheEndOfEveryKind() {
        let replies = ["+OK\r\n", "-ERR x\r\n", ":12\r\n", "$3\r\na\r\n\r\n", "$-1\r\n", "*-1\r\n", "_\r\n", ",1.5\r\n",
                       "#t\r\n", "(12\r\n", "=8\r\ntxt:abcd\r\n", "*2\r\n$1\r\na\r\n*1\r\n:1\r\n", "%1\r\n+k\r\n*0\r\n",
                       "~2\r\n+a\r\n+b\r\n", ">2\r\n+m\r\n+c\r\n", "|1\r\n+a\r\n+b\r\n:5\r\n", "*0\r\n"]
        let all = replies.flatMap { Array($0.utf8) }
        var position = 0
        for reply in replies {
            let bytes = Array(reply.utf8)
            #expect(ReplyScanner.end(of: bytes, from: 0) == bytes.count, "\(reply)")
            #expect(ReplyScanner.end(of: Array(bytes.dropLast()), from: 0) == nil, "\(reply) cut")
            let end = ReplyScanner.end(of: all, from: position)
            #expect(end == position + bytes.count, "\(reply) in a stream")
            position = end ?? all.count
        }
        #expect(ReplyScanner.end(of: Array("?x\r\n".utf8), from: 0) == nil)
        #expect(ReplyScanner.end(of: Array("$x\r\n".utf8), from: 0) == nil)
    }
}
