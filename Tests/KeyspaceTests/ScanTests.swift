import Keyspace
import Testing

@Suite struct ScanTests {
    /// Redis's guarantee: a key present from the start to the end of a full iteration is
    /// returned at least once, even when the table grows and shrinks between calls.
    @Test(arguments: testSeeds([1, 2, 3, 42, 0xDEAD_BEEF]))
    func everyStableKeyIsReturnedAcrossResizes(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let db = Keyspace(hashSeed: seed)[0]
        // Stable keys stay for the whole scan; churn keys come and go, forcing resizes.
        let stable = (0..<300).map { bytes("stable:\($0)") }
        for key in stable { db.insert(key, value: stringValue("s")) }
        var churn: [[UInt8]] = []
        var seen = Set<[UInt8]>()
        var cursor: UInt64 = 0
        var steps = 0
        repeat {
            cursor = db.scan(cursor: cursor) { seen.insert(db.key($0)) }
            steps += 1
            // Grow to thousands of keys, then delete most of them, then grow again.
            let phase = (steps / 40) % 2
            for _ in 0..<Int(random.next() % 60) {
                if phase == 0 || churn.isEmpty {
                    let key = bytes("churn:\(random.next())")
                    if db.find(key[...]) == nil {
                        db.insert(key, value: stringValue("c"))
                        churn.append(key)
                    }
                } else {
                    let index = Int(random.next() % UInt64(churn.count))
                    db.remove(db.find(churn[index][...])!)
                    churn.swapAt(index, churn.count - 1)
                    churn.removeLast()
                }
            }
            #expect(steps < 1_000_000, "scan did not terminate (seed \(seed))")
        } while cursor != 0 && steps < 1_000_000
        let missing = stable.filter { !seen.contains($0) }
        #expect(missing.isEmpty, "seed \(seed): \(missing.count) stable keys never returned")
    }

    @Test func fullScanWithoutChangesReturnsEachKeyOnce() {
        let db = Keyspace()[0]
        for i in 0..<1_000 { db.insert(bytes("k\(i)"), value: stringValue("v")) }
        var seen: [[UInt8]] = []
        var cursor: UInt64 = 0
        repeat { cursor = db.scan(cursor: cursor) { seen.append(db.key($0)) } } while cursor != 0
        #expect(seen.count == 1_000)
        #expect(Set(seen).count == 1_000)
    }

    @Test func iterationOrderIsAFunctionOfTheOperations() {
        func build() -> [[UInt8]] {
            let db = Keyspace(hashSeed: 7)[0]
            var random = SplitMix64(seed: 99)
            var keys: [[UInt8]] = []
            for _ in 0..<5_000 {
                if random.next() % 3 == 0, !keys.isEmpty {
                    let key = keys.removeLast()
                    db.remove(db.find(key[...])!)
                } else {
                    let key = bytes("k\(random.next() % 10_000)")
                    if db.find(key[...]) == nil {
                        db.insert(key, value: stringValue("v"))
                        keys.append(key)
                    }
                }
            }
            var order: [[UInt8]] = []
            db.forEach { order.append(db.key($0)) }
            return order
        }
        #expect(build() == build())
    }

    @Test func randomEntrySkipsExpiredKeysAndIsSeeded() {
        let db = Keyspace()[0]
        for i in 0..<50 { db.insert(bytes("dead\(i)"), value: stringValue("v"), expiresAtMs: 10) }
        db.insert(bytes("alive"), value: stringValue("v"))
        var generator = SplitMix64(seed: 5)
        let handle = db.randomEntry(nowMs: 100, using: &generator)
        #expect(handle.map { db.key($0) } == bytes("alive"))
        var g1 = SplitMix64(seed: 9)
        var g2 = SplitMix64(seed: 9)
        #expect(db.randomEntry(nowMs: 0, using: &g1) == db.randomEntry(nowMs: 0, using: &g2))
    }
}
