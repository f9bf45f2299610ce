import Testing
@testable import SkiffServer

private func push(_ log: inout SlowLog, _ words: [String], maxLength: Int = 128) {
    log.push(words.map { ArraySlice($0.utf8) }, durationUs: 10, timestampSeconds: 1, peerAddress: "127.0.0.1:1",
             clientName: [], maxLength: maxLength)
}

@Test func slowLogKeepsTheNewestFirstWithinItsLength() {
    var log = SlowLog()
    for index in 0..<300 { push(&log, ["set", "k\(index)"], maxLength: 3) }
    #expect(log.count == 3)
    #expect(log.newest(nil).map(\.id) == [299, 298, 297])
    #expect(log.newest(2).map(\.id) == [299, 298])
    #expect(log.newest(0).isEmpty)
    push(&log, ["get", "k"], maxLength: 1)
    #expect(log.newest(nil).map(\.id) == [300])
    log.reset()
    #expect(log.count == 0)
    push(&log, ["get", "k"])
    #expect(log.newest(nil).map(\.id) == [301], "ids keep growing across RESET, as in Redis")
}

@Test func slowLogShortensLongCommandsLikeRedis() {
    let many = ["del"] + (0..<40).map(String.init)
    let kept = SlowLog.shortened(many.map { ArraySlice($0.utf8) })
    #expect(kept.count == 32)
    #expect(kept[30] == Array("29".utf8))
    #expect(kept[31] == Array("... (10 more arguments)".utf8))
    let long = SlowLog.shortened([ArraySlice("set".utf8), ArraySlice(String(repeating: "v", count: 200).utf8)])
    #expect(long[1] == Array(String(repeating: "v", count: 128).utf8) + Array("... (72 more bytes)".utf8))
    let exact = SlowLog.shortened([ArraySlice(String(repeating: "v", count: 128).utf8)])
    #expect(exact[0].count == 128)
}
