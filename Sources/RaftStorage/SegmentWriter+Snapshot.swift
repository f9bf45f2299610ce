import SystemCalls

extension SegmentWriter {
    /// Records that the snapshot at `metadata` is durable, then deletes what it covers:
    /// older snapshot files and a prefix of segments whose entries all lie at or below its
    /// index. The marker is flushed under every policy before anything is deleted.
    func writeSnapshotMarker(_ metadata: SnapshotMetadata) -> Result<Void, StorageError> {
        if let broken { return .failure(broken) }
        var records: [UInt8] = []
        RecordFormat.append(.snapshotMarker(index: metadata.index, term: metadata.term), to: &records)
        var count: UInt64 = 1
        if let state = lastHardState {
            // Segments before this one may be deleted below; the hard state must survive.
            RecordFormat.append(.hardState(state), to: &records)
            count += 1
        }
        if let error = append(records) ?? synchronize() { return .failure(error) }
        counters.records.add(count, ordering: .relaxed)
        counters.groups.add(1, ordering: .relaxed)
        // Replay keeps the entries after a snapshot inside the log (local compaction) and
        // restarts the log after one beyond it (a snapshot installed from the leader).
        lastIndex = max(lastIndex, metadata.index)
        deleteCovered(by: metadata)
        return .success(())
    }

    /// Deletion is best effort: a file left behind costs disk space, never correctness,
    /// and the next snapshot tries again.
    private func deleteCovered(by metadata: SnapshotMetadata) {
        var deleted = false
        // Only segments before the one holding the marker; they go oldest first so the
        // remaining sequence numbers stay contiguous.
        while segments.count > 1, segments[0].maxEntryIndex <= metadata.index {
            if (try? FileSystem.unlink(segments[0].path)) == nil { break }
            segments.removeFirst()
            deleted = true
        }
        if deleted { try? FileSystem.synchronizeDirectory(walDirectory) }
        guard let names = try? FileSystem.listDirectory(snapshotDirectory) else { return }
        let older = names.compactMap { name in StorageLayout.snapshotPosition(name).map { (name, $0) } }
            .filter { $0.1.index < metadata.index || ($0.1.index == metadata.index && $0.1.term < metadata.term) }
            .sorted { ($0.1.index, $0.1.term) > ($1.1.index, $1.1.term) }
        let retainedOlder = max(0, options.snapshotsRetained - 1)
        for (name, _) in older.dropFirst(retainedOlder) {
            try? FileSystem.unlink(snapshotDirectory + "/" + name)
        }
        if older.count > retainedOlder { try? FileSystem.synchronizeDirectory(snapshotDirectory) }
    }
}
