import Testing
@testable import SkiffServer

/// ACL LOG folds repeats within a minute into one entry (moved to the front), as Redis's
/// `addACLLogEntry` does, and keeps at most `acllog-max-len` entries.
@Suite struct ACLLogTests {
    private func entry(_ object: String, atMs: Int64, reason: String = "key") -> ACLLog.Entry {
        ACLLog.Entry(count: 1, reason: reason, context: "toplevel", object: Array(object.utf8), username: "alice",
                     createdMs: atMs, clientInfo: "id=\(atMs)")
    }

    @Test func repeatsFoldWithinAMinute() {
        var log = ACLLog()
        log.add(entry("x", atMs: 0), maxEntries: 128)
        log.add(entry("y", atMs: 10), maxEntries: 128)
        log.add(entry("x", atMs: 20), maxEntries: 128)
        #expect(log.entries.map { String(decoding: $0.object, as: UTF8.self) } == ["x", "y"])
        #expect(log.entries[0].count == 2)
        #expect(log.entries[0].clientInfo == "id=20", "the newest client-info is kept")
        log.add(entry("x", atMs: 20 + ACLLog.groupingWindowMs + 1), maxEntries: 128)
        #expect(log.entries.count == 3, "past the window a repeat is a new entry")
        log.add(entry("x", atMs: 30, reason: "command"), maxEntries: 128)
        #expect(log.entries.count == 4, "another reason is another entry")
    }

    @Test func keepsAtMostTheLimit() {
        var log = ACLLog()
        for index in 0..<10 { log.add(entry("k\(index)", atMs: Int64(index)), maxEntries: 3) }
        #expect(log.entries.map { String(decoding: $0.object, as: UTF8.self) } == ["k9", "k8", "k7"])
        log.add(entry("k10", atMs: 11), maxEntries: 0)
        #expect(log.entries.isEmpty)
        log.add(entry("k", atMs: 12), maxEntries: 128)
        log.reset()
        #expect(log.entries.isEmpty)
    }
}
