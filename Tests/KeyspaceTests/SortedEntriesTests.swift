@testable import Keyspace
import Testing

@Suite struct SortedEntriesTests {
    /// The tree against a plain sorted array: random inserts, removals by rank and by
    /// range, rank searches and range reads, through splits, merges and depth changes.
    @Test(arguments: testSeeds([1, 7, 99, 2024, 0xFEED]))
    func matchesASortedArrayModel(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var tree = SortedEntries()
        var model: [SortedEntries.Entry] = []
        var members = Set<StoredBytes>()
        for step in 0..<30_000 {
            // Grow for a while, then shrink, twice: exercises splits, then merges.
            let growing = (step / 7_500) % 2 == 0
            let roll = random.next() % 10
            if roll < (growing ? 7 : 3) || model.isEmpty {
                // Few distinct scores, so ties ordered by member bytes are common.
                let entry = (score: Double(random.next() % 50), member: stored("m\(random.next() % 100_000)"))
                guard members.insert(entry.member).inserted else { continue }
                tree.insert(entry)
                let rank = model.firstIndex { !SortedEntries.precedes($0, entry) } ?? model.count
                model.insert(entry, at: rank)
            } else if roll < 9 {
                let rank = Int(random.next() % UInt64(model.count))
                let removed = tree.remove(at: rank)
                #expect(removed == model.remove(at: rank), "seed \(seed) step \(step)")
                members.remove(removed.member)
            } else {
                let start = Int(random.next() % UInt64(model.count))
                let end = min(model.count, start + Int(random.next() % 40))
                for entry in model[start..<end] { members.remove(entry.member) }
                tree.removeSubrange(start..<end)
                model.removeSubrange(start..<end)
            }
            guard step % 97 == 0 else { continue }
            #expect(tree.count == model.count, "seed \(seed) step \(step)")
            let score = Double(random.next() % 52)
            let expected = model.firstIndex { $0.score >= score } ?? model.count
            #expect(tree.rank { $0.score < score } == expected, "seed \(seed) step \(step)")
            if !model.isEmpty {
                let rank = Int(random.next() % UInt64(model.count))
                #expect(tree.entry(at: rank) == model[rank], "seed \(seed) step \(step)")
                let end = min(model.count, rank + 25)
                #expect(tree.entries(in: rank..<end).elementsEqual(model[rank..<end], by: ==), "seed \(seed) step \(step)")
            }
        }
        #expect(Array(tree).elementsEqual(model, by: ==), "seed \(seed)")
        #expect(SortedEntries(sorted: model).entries(in: 0..<model.count).elementsEqual(model, by: ==), "seed \(seed)")
    }

    /// A bulk-loaded tree of many entries accepts changes at both ends and in the middle.
    @Test func bulkLoadedTreeStaysOrdered() {
        let sorted = (0..<100_000).map { (score: Double($0), member: stored("k")) }
        var tree = SortedEntries(sorted: sorted)
        tree.insert((score: -1, member: stored("first")))
        tree.insert((score: 50_000.5, member: stored("middle")))
        tree.removeSubrange(0..<10)
        #expect(tree.count == 99_992)
        #expect(tree.entry(at: 0).score == 9)
        #expect(tree.rank { $0.score < 50_000.5 } == 49_992)  // scores 9 through 50000
        #expect(Array(tree).map(\.score) == Array(tree).map(\.score).sorted())
    }

    /// A copy is independent of the original (COPY of a sorted set).
    @Test func copiesDoNotShareChanges() {
        var original = SortedEntries(sorted: (0..<1_000).map { (score: Double($0), member: stored("m\($0)")) })
        var copy = original
        copy.remove(at: 0)
        original.insert((score: -5, member: stored("new")))
        #expect(copy.count == 999 && copy.entry(at: 0).score == 1)
        #expect(original.count == 1_001 && original.entry(at: 0).score == -5)
    }
}
