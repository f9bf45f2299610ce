@testable import Keyspace
import Testing

@Suite struct StoredBytesTests {
    @Test func isSixteenBytesAndOptionalCostsNothing() {
        #expect(MemoryLayout<StoredBytes>.size == 16)
        #expect(MemoryLayout<StoredBytes>.stride == 16)
        #expect(MemoryLayout<StoredBytes?>.size == 16)
    }

    @Test func emptyIsInline() {
        let empty = StoredBytes()
        #expect(empty.isEmpty)
        #expect(empty.isInline)
        #expect(empty == StoredBytes([UInt8]()))
        #expect(empty.array == [])
        #expect(MemoryCost.bytes(empty) == 0)
    }

    /// The boundary: `inlineCapacity` bytes inline, one more on the heap.
    @Test func inlineUpToCapacityThenHeap() {
        let limit = StoredBytes.inlineCapacity
        #expect(limit == 14)
        for count in [1, limit - 1, limit, limit + 1, limit + 2, 100] {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 1) }
            let stored = StoredBytes(bytes)
            #expect(stored.isInline == (count <= limit), "count \(count)")
            #expect(stored.count == count)
            #expect(stored.array == bytes)
            #expect(Array(stored) == bytes)
            #expect(MemoryCost.bytes(stored) == (count <= limit ? 0 : MemoryCost.mallocChunk(16 + count)))
        }
    }

    @Test func binaryBytesWithZeros() {
        let bytes: [UInt8] = [0, 0, 1, 0, 255, 0]
        let stored = StoredBytes(bytes)
        #expect(stored.array == bytes)
        #expect(stored != StoredBytes([0, 0, 1, 0, 255]))
        #expect(stored != StoredBytes([0, 0, 1, 0, 255, 0, 0]))
        let long = [UInt8](repeating: 0, count: 40) + [7] + [UInt8](repeating: 0, count: 40)
        #expect(StoredBytes(long).array == long)
        #expect(StoredBytes(long) != StoredBytes([UInt8](repeating: 0, count: 81)))
    }

    @Test func hashMatchesByteHashOfTheSameBytes() {
        for count in [0, 3, 14, 15, 16, 17, 64] {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 13) }
            let stored = StoredBytes(bytes)
            let expected = bytes.withUnsafeBytes { ByteHash.hash($0, seed: 42) }
            #expect(ByteHash.hash(stored, seed: 42) == expected, "count \(count)")
            #expect(ByteHash.hash(bytes[...], seed: 42) == expected)
        }
    }

    @Test func appendGrowsInPlaceAndKeepsCopiesApart() {
        var stored = StoredBytes(bytes("0123456789"))
        let before = stored
        bytes("abcdef").withUnsafeBytes { stored.append(contentsOf: $0) }
        for _ in 0..<100 { bytes("xy").withUnsafeBytes { stored.append(contentsOf: $0) } }
        #expect(stored.array == bytes("0123456789abcdef") + Array(repeating: bytes("xy"), count: 100).flatMap { $0 })
        #expect(before.array == bytes("0123456789"), "a copy taken before the append is unchanged")
        var shared = stored
        bytes("!").withUnsafeBytes { shared.append(contentsOf: $0) }
        #expect(shared.count == stored.count + 1)
        #expect(stored.last == UInt8(ascii: "y"))
    }

    /// Random strings around the boundary against [UInt8]: equality, order, hashing,
    /// appends and in-place overwrites agree with the array model.
    @Test(arguments: testSeeds([3, 17, 4242]))
    func matchesAnArrayModel(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        func randomBytes() -> [UInt8] {
            let count = Int(random.next() % 40)
            return (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next() % 4) }  // few symbols: many ties
        }
        for step in 0..<5_000 {
            let a = randomBytes(), b = randomBytes()
            var storedA = StoredBytes(a)
            let storedB = StoredBytes(b)
            #expect(storedA.array == a, "seed \(seed) step \(step)")
            #expect((storedA == storedB) == (a == b), "seed \(seed) step \(step)")
            #expect((storedA < storedB) == a.lexicographicallyPrecedes(b), "seed \(seed) step \(step)")
            #expect(storedA.equals(b[...]) == (a == b), "seed \(seed) step \(step)")
            #expect((storedA.hashValue == StoredBytes(a).hashValue), "seed \(seed) step \(step)")
            b.withUnsafeBytes { storedA.append(contentsOf: $0) }
            #expect(storedA.array == a + b, "seed \(seed) step \(step)")
            let offset = Int(random.next() % UInt64(storedA.count + 1))
            let patch = randomBytes()
            var model = a + b
            if offset + patch.count > model.count { model += [UInt8](repeating: 0, count: offset + patch.count - model.count) }
            model.replaceSubrange(offset..<(offset + patch.count), with: patch)
            patch.withUnsafeBytes { storedA.replaceBytes(at: offset, with: $0) }
            #expect(storedA.array == model, "seed \(seed) step \(step)")
        }
    }
}
func stored(_ text: String) -> StoredBytes { StoredBytes(Array(text.utf8)) }
