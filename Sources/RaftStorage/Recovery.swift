import SystemCalls

/// What the writer needs to know about a segment it did not write itself.
struct SegmentInfo: Equatable {
    var sequence: UInt64
    var path: String
    /// The highest entry index in the segment (0 if none): once a durable snapshot covers
    /// it, the segment can go.
    var maxEntryIndex: UInt64
}

/// Reading a data directory back: the newest valid snapshot, then every WAL segment in
/// order, checksums verified.
struct Recovery {
    let directory: String
    let clusterID: UInt64
    let nodeID: UInt64
    var logLines: [String] = []
    var segments: [SegmentInfo] = []
    /// Bytes in the last segment after any torn tail is cut off: where appends resume.
    var lastSegmentBytes: Int64 = 0

    var walDirectory: String { directory + "/" + StorageLayout.walDirectory }
    var snapshotDirectory: String { directory + "/" + StorageLayout.snapshotDirectory }

    init(directory: String, clusterID: UInt64, nodeID: UInt64) {
        self.directory = directory
        self.clusterID = clusterID
        self.nodeID = nodeID
    }

    /// Held from recovery until the WAL closes, so two servers never write one log.
    private(set) var lock: FileDescriptor?

    mutating func run() throws(StorageError) -> Recovered {
        let lock: FileDescriptor
        let acquired: Bool
        do throws(SystemError) {
            for path in [directory, walDirectory, snapshotDirectory] { try FileSystem.makeDirectory(path) }
            // New subdirectories are entries of the data directory: make them durable too.
            try FileSystem.synchronizeDirectory(directory)
            lock = try FileDescriptor.open(directory + "/LOCK", [.readWrite, .create])
            do {
                acquired = try lock.tryLockExclusive()
            } catch {
                lock.close()
                throw error
            }
        } catch {
            throw .system(error)
        }
        guard acquired else {
            lock.close()
            throw .locked(directory: directory)
        }
        self.lock = lock
        do {
            return try recover()
        } catch {
            lock.close()
            self.lock = nil
            throw error
        }
    }

    private mutating func recover() throws(StorageError) -> Recovered {
        let snapshot = try newestSnapshot()
        var replay = Replay()
        try replaySegments(into: &replay)
        if snapshot == nil, let marker = replay.snapshotIndex {
            throw .corrupt(file: snapshotDirectory, offset: 0,
                reason: "the WAL marks a snapshot at index \(marker) but no snapshot file exists")
        }
        if let snapshot {
            let metadata = snapshot.metadata
            if let marker = replay.snapshotIndex, marker > metadata.index {
                throw .corrupt(file: walDirectory, offset: 0,
                    reason: "the WAL marks a snapshot at index \(marker) but the newest snapshot file is at \(metadata.index)")
            }
            // The marker may be missing (crash between rename and marker); the file rules.
            replay.applySnapshotBoundary(index: metadata.index, term: metadata.term)
        }
        if let snapshot, let first = replay.entries.first, first.index != snapshot.metadata.index + 1 {
            throw .corrupt(file: snapshot.path, offset: 0,
                reason: "the log starts at \(first.index), not right after snapshot index \(snapshot.metadata.index)")
        }
        return Recovered(
            hardState: replay.hardState ?? .initial, snapshot: snapshot, entries: replay.entries, logLines: logLines)
    }

    /// The snapshot with the highest index; a damaged newest snapshot is an error, not a
    /// reason to fall back, since the WAL before it may already be deleted.
    private mutating func newestSnapshot() throws(StorageError) -> RecoveredSnapshot? {
        let names = try listRemovingTemporaries(snapshotDirectory)
        let newest = names.compactMap { name in StorageLayout.snapshotPosition(name).map { (name, $0) } }
            .max { ($0.1.index, $0.1.term) < ($1.1.index, $1.1.term) }
        guard let (name, position) = newest else { return nil }
        let snapshot = try SnapshotFile.read(path: snapshotDirectory + "/" + name)
        guard snapshot.metadata.index == position.index, snapshot.metadata.term == position.term else {
            throw .corrupt(file: snapshot.path, offset: 0, reason: "header does not match the file name")
        }
        logLines.append("loaded snapshot \(name) (index \(position.index), term \(position.term), \(snapshot.data.count) bytes)")
        return snapshot
    }

    private mutating func listRemovingTemporaries(_ path: String) throws(StorageError) -> [String] {
        do {
            var names: [String] = []
            for name in try FileSystem.listDirectory(path) {
                if name.hasSuffix(StorageLayout.temporarySuffix) {
                    // An unfinished write from before a crash; never renamed, so never used.
                    try FileSystem.unlink(path + "/" + name)
                    logLines.append("removed unfinished file \(path)/\(name)")
                } else {
                    names.append(name)
                }
            }
            return names
        } catch {
            throw .system(error)
        }
    }

    private mutating func replaySegments(into replay: inout Replay) throws(StorageError) {
        let sequences = try listRemovingTemporaries(walDirectory).compactMap(StorageLayout.segmentSequence).sorted()
        for (position, sequence) in sequences.enumerated() {
            if position > 0, sequence != sequences[position - 1] + 1 {
                throw .corrupt(file: walDirectory, offset: 0,
                    reason: "segment \(StorageLayout.segmentName(sequences[position - 1] + 1)) is missing")
            }
            let path = walDirectory + "/" + StorageLayout.segmentName(sequence)
            let isLast = position == sequences.count - 1
            let maxIndex = try replaySegment(path: path, sequence: sequence, isLast: isLast, into: &replay)
            segments.append(SegmentInfo(sequence: sequence, path: path, maxEntryIndex: maxIndex))
        }
    }

    /// Replays one segment; returns its highest entry index.
    private mutating func replaySegment(
        path: String, sequence: UInt64, isLast: Bool, into replay: inout Replay
    ) throws(StorageError) -> UInt64 {
        let bytes: [UInt8]
        do {
            let file = try FileDescriptor.open(path, .readOnly)
            defer { file.close() }
            bytes = try file.readBytes(count: Int(try file.size()), at: 0)
        } catch {
            throw .system(error)
        }
        var scan = SegmentScan(path: path, isLast: isLast, clusterID: clusterID, nodeID: nodeID)
        let result = bytes.withUnsafeBytes { all in
            Result { () throws(StorageError) in try scan.run(all, sequence: sequence, replay: &replay) }
        }
        let goodBytes = try result.get()
        if goodBytes < bytes.count {
            // Only reached for the last segment: a write cut short by the crash.
            do {
                let file = try FileDescriptor.open(path, .writeOnly)
                defer { file.close() }
                try file.truncate(to: Int64(goodBytes))
                try file.synchronize()
            } catch {
                throw .system(error)
            }
            if scan.endsInZeros {
                // The normal end of a preallocated segment: nothing was lost.
                logLines.append("log of \(path) ends at offset \(goodBytes); released \(bytes.count - goodBytes) zero bytes after it")
            } else {
                logLines.append("truncated torn tail of \(path) at offset \(goodBytes) (\(bytes.count - goodBytes) bytes: \(scan.tornReason))")
            }
        }
        if isLast { lastSegmentBytes = Int64(goodBytes) }
        return scan.maxEntryIndex
    }
}

/// The record-by-record walk over one segment's bytes.
struct SegmentScan {
    let path: String
    let isLast: Bool
    let clusterID: UInt64
    let nodeID: UInt64
    var maxEntryIndex: UInt64 = 0
    var tornReason = ""
    /// Whether the log ended at zeros (the writer's preallocation), not at a damaged record.
    var endsInZeros = false

    static func onlyZeros(_ bytes: UnsafeRawBufferPointer, from offset: Int) -> Bool {
        offset >= bytes.count || !bytes[offset...].contains { $0 != 0 }
    }

    /// Whether everything after the record at `offset`, as far as its length field claims
    /// it reaches, is zero.
    static func onlyZerosAfterRecord(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        guard bytes.count - offset >= 4 else { return true }
        let length = (0..<4).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
        return onlyZeros(bytes, from: offset + RecordFormat.headerBytes + length)
    }

    /// Returns how many leading bytes are good; fewer than all only for a torn last segment.
    mutating func run(
        _ bytes: UnsafeRawBufferPointer, sequence: UInt64, replay: inout Replay
    ) throws(StorageError) -> Int {
        let header = try SegmentHeader.decode(bytes, file: path, clusterID: clusterID, nodeID: nodeID)
        guard header.sequence == sequence else {
            throw .corrupt(file: path, offset: 0, reason: "header names segment \(header.sequence)")
        }
        var offset = SegmentHeader.byteCount
        while offset < bytes.count {
            switch RecordFormat.decode(bytes, at: offset) {
            case .record(let record, let next):
                try replay.apply(record, file: path, offset: Int64(offset))
                if case .entries(let entries) = record, let last = entries.last {
                    maxEntryIndex = max(maxEntryIndex, last.index)
                }
                offset = next
            case .damaged(let reason, let reachesEnd):
                // A crash can only cut the newest write short, and the writer zero-fills the
                // last segment ahead of its writes: in the last segment, damage that runs
                // to the end, a record header of zeros (no record has one: the checksum of
                // a type byte 0 is not 0; the writes stopped here, whatever a torn write
                // left further on), or a damaged record followed only by zeros, is torn.
                // Anything else means the disk lost data we had already synced.
                let zeroTail = Self.onlyZeros(bytes, from: offset)
                let zeroHeader = !bytes[offset..<min(bytes.count, offset + RecordFormat.headerBytes)].contains { $0 != 0 }
                guard isLast, reachesEnd || zeroHeader || Self.onlyZerosAfterRecord(bytes, at: offset) else {
                    throw .corrupt(file: path, offset: Int64(offset), reason: reason)
                }
                endsInZeros = zeroTail
                tornReason = zeroTail ? "zero-filled tail" : zeroHeader ? "zeros, then \(reason)" : reason
                return offset
            }
        }
        return offset
    }
}
