import Foundation
import Keyspace
import Testing

/// Seeds of the randomized tests: fixed defaults so CI is repeatable, or the single seed
/// in `SKIFF_SEED` to replay a failure. Every failure message includes its seed.
func testSeeds(_ defaults: [UInt64]) -> [UInt64] {
    if let text = ProcessInfo.processInfo.environment["SKIFF_SEED"], let seed = UInt64(text) { return [seed] }
    return defaults
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

func stringValue(_ text: String) -> Value { .string(StringValue(storing: bytes(text))) }

@Suite struct DatabaseTests {
    @Test func insertFindRemove() {
        let keyspace = Keyspace(databaseCount: 2)
        let db = keyspace[0]
        #expect(db.find(bytes("a")[...]) == nil)
        let handle = db.insert(bytes("a"), value: stringValue("1"))
        #expect(db.find(bytes("a")[...]) == handle)
        #expect(db.count == 1)
        #expect(keyspace[1].find(bytes("a")[...]) == nil)
        db.remove(handle)
        #expect(db.find(bytes("a")[...]) == nil)
        #expect(db.count == 0)
    }

    @Test func growsAndShrinksKeepingEveryKey() {
        let db = Keyspace()[0]
        var handles: [EntryHandle] = []
        for i in 0..<10_000 { handles.append(db.insert(bytes("key:\(i)"), value: stringValue("\(i)"))) }
        #expect(db.count == 10_000)
        #expect(db.bucketCount == 16_384)
        for i in 0..<10_000 {
            let handle = db.find(bytes("key:\(i)")[...])
            #expect(handle == handles[i])
        }
        for i in 0..<9_990 { db.remove(handles[i]) }
        #expect(db.count == 10)
        // Shrinks step by step below 10% fill (Redis's HASHTABLE_MIN_FILL): 10 keys in 32 is 31%.
        #expect(db.bucketCount == 32)
        for i in 9_990..<10_000 {
            guard let handle = db.find(bytes("key:\(i)")[...]),
                  case .string(let value) = db.value(handle) else {
                Issue.record("key:\(i) lost by the shrink")
                continue
            }
            #expect(value.bytes.array == bytes("\(i)"))
        }
    }

    @Test func revisionsGrowWithEveryChange() {
        let keyspace = Keyspace()
        let db = keyspace[0]
        let handle = db.insert(bytes("k"), value: stringValue("v"))
        let first = db.revision(handle)
        db.setValue(handle, stringValue("w"), keepExpiry: true)
        #expect(db.revision(handle) > first)
        let second = db.revision(handle)
        db.setExpiry(handle, 5)
        #expect(db.revision(handle) > second)
        #expect(keyspace.counters.revision >= db.revision(handle))
    }

    @Test func expiredKeysAreHiddenOnReadAndDeletedOnWrite() {
        let keyspace = Keyspace()
        let db = keyspace[0]
        let handle = db.insert(bytes("k"), value: stringValue("v"), expiresAtMs: 1_000)
        #expect(db.lookupRead(bytes("k")[...], nowMs: 999) == handle)
        #expect(db.lookupRead(bytes("k")[...], nowMs: 1_000) == nil, "a deadline equal to now has passed")
        #expect(db.count == 1, "reads never delete")
        #expect(db.lookupWrite(bytes("k")[...], nowMs: 1_000) == nil)
        #expect(db.count == 0)
        #expect(keyspace.expiredKeys == 1)
    }

    @Test func expiryIndexTracksDeadlines() {
        let db = Keyspace()[0]
        let a = db.insert(bytes("a"), value: stringValue("1"), expiresAtMs: 10)
        let b = db.insert(bytes("b"), value: stringValue("2"), expiresAtMs: 20)
        _ = db.insert(bytes("c"), value: stringValue("3"))
        #expect(db.expiringCount == 2)
        db.setExpiry(a, nil)
        #expect(db.expiringCount == 1)
        #expect(db.expiringEntry(at: 0) == b)
        db.remove(b)
        #expect(db.expiringCount == 0)
    }

    @Test func modifyStringChangesInPlace() {
        let db = Keyspace()[0]
        let handle = db.insert(bytes("k"), value: stringValue("ab"))
        db.modifyString(handle) { string in bytes("c").withUnsafeBytes { string.bytes.append(contentsOf: $0) } }
        guard case .string(let value) = db.value(handle) else {
            Issue.record("not a string")
            return
        }
        #expect(value.bytes.array == bytes("abc"))
    }
}
