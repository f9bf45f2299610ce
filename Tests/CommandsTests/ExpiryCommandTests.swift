import Commands
import Keyspace
import RESP
import Testing

@Suite struct ExpiryCommandTests {
    @Test func keysDisappearWhenTheirTimeComes() {
        var harness = Harness()
        #expect(harness("SET k v PX 100") == "+OK\r\n")
        harness.nowMs += 99
        #expect(harness("GET k") == "$1\r\nv\r\n")
        #expect(harness("PTTL k") == ":1\r\n")
        harness.nowMs += 1
        #expect(harness("GET k") == "$-1\r\n")
        #expect(harness("TTL k") == ":-2\r\n")
        #expect(harness("EXISTS k") == ":0\r\n")
        #expect(harness("DBSIZE") == ":1\r\n", "reads hide, they do not delete")
        #expect(harness("SET k w NX") == "+OK\r\n", "a write treats the expired key as absent")
        #expect(harness.keyspace.expiredKeys == 1)
        #expect(harness("TTL k") == ":-1\r\n")
    }

    @Test func ttlRoundsToTheNearestSecond() {
        var harness = Harness()
        _ = harness("SET k v PX 1499")
        #expect(harness("TTL k") == ":1\r\n")
        _ = harness("SET k v PX 1500")
        #expect(harness("TTL k") == ":2\r\n")
    }

    @Test func writesKeepOrDropTheDeadlineLikeRedis() {
        var harness = Harness()
        _ = harness("SET k 1 EX 100")
        _ = harness("INCR k")
        _ = harness("APPEND k 0")
        _ = harness("SETRANGE k 0 5")
        _ = harness("INCRBYFLOAT k 1")
        #expect(harness("TTL k") == ":100\r\n")
        _ = harness("SET k 1")
        #expect(harness("TTL k") == ":-1\r\n")
        _ = harness("SET k 1 EX 100")
        _ = harness("GETSET k 2")
        #expect(harness("TTL k") == ":-1\r\n")
    }

    @Test func expireInThePastDeletesOnEveryReplica() {
        let keyspaces = [Keyspace(), Keyspace()]
        for keyspace in keyspaces {
            var harness = Harness(keyspace: keyspace)
            _ = harness("SET k v")
            #expect(harness("PEXPIREAT k \(Harness.defaultNowMs)") == ":1\r\n")
            #expect(keyspace[0].count == 0)
        }
    }

    @Test func expiryCycleFeedsConditionalDeletes() {
        var harness = Harness()
        for i in 0..<50 { _ = harness("SET k\(i) v PX \(i < 40 ? 10 : 100_000)") }
        let found = harness.keyspace.activeExpireCycle(nowMs: harness.nowMs + 20)
        #expect(found.count == 40)
        for key in found { harness.keyspace.deleteIfExpired(database: key.database, key: key.key, nowMs: harness.nowMs + 20) }
        #expect(harness("DBSIZE") == ":10\r\n")
    }
}

@Suite struct ScanCommandTests {
    /// SCAN through `apply` returns every key over a full iteration, in any COUNT.
    @Test(arguments: [1, 3, 10, 1000])
    func fullIterationReturnsEveryKey(count: Int) {
        var harness = Harness()
        for i in 0..<500 { _ = harness("SET key:\(i) v") }
        _ = harness("SET other v")
        var cursor = "0"
        var seen = Set<String>()
        var calls = 0
        repeat {
            let reply = harness("SCAN \(cursor) MATCH key:* COUNT \(count)")
            let parts = reply.split(separator: "\r\n").map(String.init)
            cursor = parts[2]
            var index = 5
            while index < parts.count {
                seen.insert(parts[index])
                index += 2
            }
            calls += 1
        } while cursor != "0" && calls < 10_000
        #expect(seen.count == 500)
        #expect(!seen.contains("other"))
    }

    @Test func typeFilterAndExpiredKeys() {
        var harness = Harness()
        _ = harness("SET s v")
        _ = harness("LPUSH l x")
        _ = harness("SET gone v PX 1")
        harness.nowMs += 5
        #expect(harness("SCAN 0 COUNT 100 TYPE list") == "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nl\r\n")
        #expect(harness("KEYS *").hasPrefix("*2\r\n"))
        #expect(harness("SCAN -1").hasPrefix("*2\r\n$1\r\n0\r\n"), "strtoul wraps -1 to the last cursor")
    }
}

@Suite struct LimitTests {
    @Test func stringLengthLimitIsAParameter() {
        let keyspace = Keyspace()
        keyspace.maxStringLength = 10
        var harness = Harness(keyspace: keyspace)
        #expect(harness("APPEND k 1234567890") == ":10\r\n")
        #expect(harness("APPEND k x") == "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n")
        #expect(harness("SETRANGE k 10 x") == "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n")
        #expect(harness("SETRANGE k 9 x") == ":10\r\n")
        #expect(harness("SETRANGE n 10 x") == "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n")
    }

    @Test func appendGrowsInPlace() {
        // A quadratic copy would make this take seconds; in place it is instant.
        var harness = Harness()
        for _ in 0..<20_000 { _ = harness.bytes("APPEND k 0123456789") }
        #expect(harness("STRLEN k") == ":200000\r\n")
        #expect(harness("OBJECT ENCODING k") == "$3\r\nraw\r\n")
    }
}
