import Keyspace
import Testing

@Suite struct ExpiryCycleTests {
    @Test func reportsExpiredKeysWithoutDeletingThem() {
        let keyspace = Keyspace(databaseCount: 2)
        for i in 0..<100 {
            keyspace[0].insert(bytes("a\(i)"), value: stringValue("v"), expiresAtMs: 1_000)
            keyspace[1].insert(bytes("b\(i)"), value: stringValue("v"), expiresAtMs: 5_000)
        }
        #expect(keyspace.activeExpireCycle(nowMs: 500).isEmpty)
        let found = keyspace.activeExpireCycle(nowMs: 2_000)
        #expect(found.count == 100, "all of db 0, mostly expired, is examined in one call")
        #expect(found.allSatisfy { $0.database == 0 && $0.deadlineMs == 1_000 })
        #expect(Set(found.map(\.key)).count == found.count, "no key reported twice in one call")
        #expect(keyspace[0].count == 100, "the cycle only reports")
        for key in found {
            #expect(keyspace.deleteIfExpired(database: key.database, key: key.key, nowMs: 2_000))
        }
        #expect(keyspace[0].count == 0)
        #expect(keyspace.expiredKeys == 100)
    }

    @Test func stopsSamplingWhenFewKeysAreExpired() {
        let keyspace = Keyspace(databaseCount: 1)
        for i in 0..<1_000 {
            // One key in 20 expires: the first group of 20 keeps the cycle under 25%.
            keyspace[0].insert(bytes("k\(i)"), value: stringValue("v"), expiresAtMs: i % 20 == 0 ? 10 : 1_000_000)
        }
        let found = keyspace.activeExpireCycle(nowMs: 100, keysPerSample: 20, acceptableStalePercent: 25)
        #expect(found.count <= 2)
    }

    @Test func workPerCallIsBounded() {
        let keyspace = Keyspace(databaseCount: 1)
        for i in 0..<10_000 { keyspace[0].insert(bytes("k\(i)"), value: stringValue("v"), expiresAtMs: 1) }
        let found = keyspace.activeExpireCycle(nowMs: 100, maxSampledKeys: 400)
        #expect(found.count == 400)
    }

    @Test func conditionalDeleteKeepsARefreshedKey() {
        let keyspace = Keyspace()
        let handle = keyspace[0].insert(bytes("k"), value: stringValue("v"), expiresAtMs: 100)
        let found = keyspace.activeExpireCycle(nowMs: 200)
        #expect(found.count == 1)
        // Before the deletion is applied, a write gives the key a new deadline.
        keyspace[0].setExpiry(handle, 10_000)
        #expect(!keyspace.deleteIfExpired(database: 0, key: bytes("k"), nowMs: 200))
        #expect(keyspace[0].count == 1)
    }
}
