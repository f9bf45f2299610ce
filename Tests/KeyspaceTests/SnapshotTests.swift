import Glibc
import Testing
@testable import Keyspace

/// Every key in `database` in iteration order, with its deadline.
private func listing(_ database: Database) -> [([UInt8], Int64?)] {
    var keys: [([UInt8], Int64?)] = []
    database.forEach { keys.append((database.key($0), database.expiry($0))) }
    return keys
}

@Test func snapshotRestoresKeysDeadlinesAndIterationOrder() throws {
    let seed = getenv("SKIFF_TEST_SEED").flatMap { UInt64(String(cString: $0)) } ?? UInt64.random(in: 0...UInt64.max)
    print("snapshot round-trip seed \(seed) (SKIFF_TEST_SEED replays)")
    var generator = SplitMix64(seed: seed)
    let original = Keyspace(databaseCount: 3, hashSeed: 42)
    for i in 0..<2000 {
        let database = original[Int(generator.next() % 3)]
        let key = Array("key:\(generator.next() % 1500)".utf8)
        if let handle = database.find(key[...]) {
            if generator.next() % 3 == 0 { database.remove(handle) }
            continue
        }
        let deadline: Int64? = generator.next() % 4 == 0 ? Int64(1_000_000 + i) : nil
        database.insert(key, value: .string(StringValue(storing: Array("v\(i)".utf8))), expiresAtMs: deadline)
    }
    let image = original.encodeSnapshot()
    let restored = Keyspace(databaseCount: 3, hashSeed: 42)
    try restored.restoreSnapshot(image)
    for index in 0..<3 {
        let before = listing(original[index])
        let after = listing(restored[index])
        #expect(before.map(\.0) == after.map(\.0), "iteration order of db \(index)")
        #expect(before.map(\.1) == after.map(\.1), "deadlines of db \(index)")
        #expect(original[index].expiringCount == restored[index].expiringCount)
        #expect(original[index].count == restored[index].count)
    }
    #expect(restored.encodeSnapshot() == image)
    // The restored table keeps working: inserts and lookups after the restore.
    restored[0].insert(Array("fresh".utf8), value: .string(StringValue(storing: [1])))
    #expect(restored[0].find(Array("fresh".utf8)[...]) != nil)
}

@Test func damagedSnapshotsAreRefusedNotTrapped() {
    let keyspace = Keyspace(databaseCount: 2, hashSeed: 7)
    keyspace[0].insert(Array("a".utf8), value: .string(StringValue(storing: Array("1".utf8))))
    let image = keyspace.encodeSnapshot()
    for cut in stride(from: 0, to: image.count, by: 3) {
        #expect(throws: SnapshotDecodingError.self) { try Keyspace(databaseCount: 2, hashSeed: 7).restoreSnapshot(Array(image[0..<cut])) }
    }
    #expect(throws: SnapshotDecodingError.self) { try Keyspace(databaseCount: 2, hashSeed: 8).restoreSnapshot(image) }
    #expect(throws: SnapshotDecodingError.self) { try Keyspace(databaseCount: 3, hashSeed: 7).restoreSnapshot(image) }
}
