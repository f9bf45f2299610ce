import Testing

@testable import RaftStorage

@Suite struct ReplayTests {
    private func replay(_ records: [Record]) throws(StorageError) -> Replay {
        var replay = Replay()
        for (position, record) in records.enumerated() {
            try replay.apply(record, file: "test.wal", offset: Int64(position))
        }
        return replay
    }

    /// Raft §5.3: a later entry at index i replaces everything from i on.
    @Test func laterEntryAtAnIndexDiscardsEverythingFromIt() throws {
        let replayed = try replay([.entries(entries(1...10, term: 1)), .entries(entries(6...8, term: 2))])
        #expect(replayed.entries == entries(1...5, term: 1) + entries(6...8, term: 2))
    }

    @Test func overwriteFromTheFirstEntry() throws {
        let replayed = try replay([.entries(entries(3...5, term: 1)), .entries(entries(3...3, term: 2))])
        #expect(replayed.entries == entries(3...3, term: 2))
    }

    @Test func lastHardStateWins() throws {
        let replayed = try replay([
            .hardState(StoredHardState(term: 1, vote: 1, commit: 0)),
            .entries(entries(1...2)),
            .hardState(StoredHardState(term: 2, vote: 3, commit: 2)),
        ])
        #expect(replayed.hardState == StoredHardState(term: 2, vote: 3, commit: 2))
    }

    @Test func gapIsCorruption() {
        #expect(throws: StorageError.corrupt(file: "test.wal", offset: 1, reason: "entry 5 leaves a gap after 3")) {
            try replay([.entries(entries(1...3)), .entries(entries(5...6))])
        }
    }

    /// Local compaction: the log agrees with the snapshot, the entries after it stay.
    @Test func markerInsideTheLogKeepsWhatFollows() throws {
        let replayed = try replay([.entries(entries(1...10)), .snapshotMarker(index: 6, term: 1)])
        #expect(replayed.entries == entries(7...10))
        #expect(replayed.snapshotIndex == 6)
    }

    /// A snapshot from the leader whose term disagrees with the local log replaces it.
    @Test func markerDisagreeingWithTheLogDropsIt() throws {
        let replayed = try replay([
            .entries(entries(1...10, term: 1)), .snapshotMarker(index: 6, term: 2), .entries(entries(7...7, term: 2)),
        ])
        #expect(replayed.entries == entries(7...7, term: 2))
    }

    @Test func markerBeyondTheLogDropsItAndTheLogRestartsAfterIt() throws {
        let replayed = try replay([.entries(entries(1...3)), .snapshotMarker(index: 50, term: 4), .entries(entries(51...52, term: 4))])
        #expect(replayed.entries == entries(51...52, term: 4))
    }

    /// After compaction deleted the segments an old marker covered, the remaining log
    /// starts beyond it and stays.
    @Test func markerOlderThanTheRemainingLogKeepsIt() throws {
        let replayed = try replay([.entries(entries(176...200, term: 3)), .snapshotMarker(index: 100, term: 3)])
        #expect(replayed.entries == entries(176...200, term: 3))
    }

    @Test func entryBelowTheSnapshotIsCorruption() {
        #expect(throws: StorageError.self) {
            try replay([.snapshotMarker(index: 50, term: 4), .entries(entries(40...41))])
        }
    }
}
