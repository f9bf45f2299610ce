import Glibc
import Testing

@testable import RaftStorage

/// SplitMix64: small, seedable, the same sequence on every machine.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The seed from `SKIFF_SEED` when set (to replay a failure), else a fresh one.
func testSeed() -> UInt64 {
    if let text = getenv("SKIFF_SEED"), let seed = UInt64(String(cString: text)) { return seed }
    var generator = SystemRandomNumberGenerator()
    return generator.next()
}

@Suite struct RandomizedLogTests {
    /// Random appends, Raft overwrites, snapshots, rollovers and restarts against an
    /// in-memory model of the log. A failure prints its seed; `SKIFF_SEED=<seed>` replays it.
    @Test(arguments: 0..<4)
    func logMatchesTheModelAcrossRestarts(round: Int) throws {
        let seed = testSeed() &+ UInt64(round)
        var random = SeededGenerator(state: seed)
        let directory = TemporaryDirectory()
        var options = StorageOptions()
        options.segmentSizeBytes = 700
        var log = CompletionLog()
        var (wal, _) = try openWAL(directory, log, options: options)
        var model: [StoredEntry] = []  // the log after the snapshot
        var snapshotIndex: UInt64 = 0
        var hardState = StoredHardState.initial
        var term: UInt64 = 1
        var sequence: UInt64 = 0

        for step in 0..<150 {
            let lastIndex = model.last?.index ?? snapshotIndex
            switch Int.random(in: 0..<20, using: &random) {
            case 0:
                // Restart: everything reported durable must come back.
                wal.close()
                log = CompletionLog()
                let recovered: Recovered
                (wal, recovered) = try openWAL(directory, log, options: options)
                sequence = 0
                #expect(recovered.entries == model, "seed \(seed) step \(step)")
                #expect(recovered.hardState == hardState, "seed \(seed) step \(step)")
                #expect((recovered.snapshot?.metadata.index ?? 0) == snapshotIndex, "seed \(seed) step \(step)")
                if recovered.entries != model { return }
            case 1 where lastIndex > snapshotIndex:
                let index = UInt64.random(in: snapshotIndex + 1...lastIndex, using: &random)
                let entryTerm = model[Int(index - model[0].index)].term
                let metadata = SnapshotMetadata(index: index, term: entryTerm)
                #expect(try saveAndWait(wal, metadata, chunks: chunkProducer(count: 2, size: 50))?.get() != nil)
                model.removeFirst(Int(index - model[0].index + 1))
                snapshotIndex = index
            default:
                // Append, or overwrite a suffix as a follower does after a conflict (§5.3).
                let overwrite = Int.random(in: 0..<4, using: &random) == 0 && lastIndex > snapshotIndex
                let start = overwrite ? UInt64.random(in: snapshotIndex + 1...lastIndex, using: &random) : lastIndex + 1
                if overwrite { term += 1 }
                let count = UInt64.random(in: 1...4, using: &random)
                let batch = entries(start...start + count - 1, term: term, bytes: Int.random(in: 0...120, using: &random))
                if let last = model.last, start <= last.index { model.removeLast(Int(last.index - start + 1)) }
                model += batch
                var state: StoredHardState?
                if Bool.random(using: &random) {
                    hardState = StoredHardState(term: term, vote: UInt64.random(in: 0...3, using: &random), commit: snapshotIndex)
                    state = hardState
                }
                sequence = submitAndWait(wal, log, WriteBatch(entries: batch, hardState: state))
                #expect(log.all.last == .durable(through: sequence), "seed \(seed) step \(step)")
            }
        }
        wal.close()
        let (final, recovered) = try openWAL(directory, options: options)
        final.close()
        #expect(recovered.entries == model, "seed \(seed)")
        #expect(recovered.hardState == hardState, "seed \(seed)")
    }
}
