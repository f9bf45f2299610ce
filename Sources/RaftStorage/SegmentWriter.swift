import Glibc
import SystemCalls

/// The writer thread's side of the WAL: owns the open segment and every decision about
/// writing, flushing and rolling over. Only the writer thread touches it.
final class SegmentWriter {
    let options: StorageOptions
    let counters: WriteAheadLog.Counters
    let walDirectory: String
    let snapshotDirectory: String
    let clusterID: UInt64
    let nodeID: UInt64

    var file: FileDescriptor
    private let directoryLock: FileDescriptor?
    private var segmentBytes: Int64
    /// The open segment's size on disk: `segmentBytes` plus the zeros written ahead.
    private var allocatedBytes: Int64
    var segments: [SegmentInfo]
    /// The last entry index on disk; a batch may not start beyond `lastIndex + 1`.
    var lastIndex: UInt64
    /// Re-written after each snapshot marker, so deleting old segments never loses it.
    var lastHardState: StoredHardState?
    /// Set when a flush failed: after a failed `fdatasync` the kernel may have dropped the
    /// dirty pages, so nothing written later can be trusted (PostgreSQL's "fsyncgate").
    /// Every later batch fails until a restart recovers from what is really on disk.
    var broken: StorageError?
    private var dirty = false
    private var lastSyncMs: Int64
    /// Reused across groups so steady-state writing allocates nothing.
    private var buffer: [UInt8] = []
    /// Pending batches of the current group: where their outcome is, their highest entry
    /// index and record count.
    private var pending: [(outcome: Int, maxIndex: UInt64?, records: Int)] = []
    /// Whether some pending batch must be flushed before it is reported (`mustSync`).
    private var groupMustSync = false
    /// One per batch in submission order; a pending batch's outcome starts as success and
    /// is overwritten if its group fails, so reports never leave submission order.
    private var outcomes: [(sequence: UInt64, error: StorageError?)] = []
    /// The log's end before the pending group, restored if the group fails.
    private var groupStart: (lastIndex: UInt64, hardState: StoredHardState?) = (0, nil)

    init(recovery: Recovery, recovered: Recovered, options: StorageOptions, counters: WriteAheadLog.Counters)
        throws(StorageError)
    {
        self.options = options
        self.counters = counters
        walDirectory = recovery.walDirectory
        snapshotDirectory = recovery.snapshotDirectory
        clusterID = recovery.clusterID
        nodeID = recovery.nodeID
        lastIndex = recovered.entries.last?.index ?? recovered.snapshot?.metadata.index ?? 0
        lastHardState = recovered.hardState
        lastSyncMs = monotonicMilliseconds()
        directoryLock = recovery.lock
        segments = recovery.segments
        if let last = segments.last {
            do {
                file = try FileDescriptor.open(last.path, .writeOnly)
            } catch {
                throw .system(error)
            }
            // Recovery cut the zeros after the last record off: the file ends here.
            segmentBytes = recovery.lastSegmentBytes
        } else {
            let path = walDirectory + "/" + StorageLayout.segmentName(1)
            file = try SegmentWriter.createSegment(
                path: path, directory: walDirectory,
                header: SegmentHeader(clusterID: clusterID, nodeID: nodeID, sequence: 1))
            segments = [SegmentInfo(sequence: 1, path: path, maxEntryIndex: 0)]
            segmentBytes = Int64(SegmentHeader.byteCount)
        }
        allocatedBytes = segmentBytes
    }

    /// When the `everysec` flush is due, if data awaits one.
    var syncDeadlineMs: Int64? {
        options.fsyncPolicy == .everysec && dirty ? lastSyncMs + 1000 : nil
    }

    func syncIfDue() {
        if let deadline = syncDeadlineMs, monotonicMilliseconds() >= deadline { _ = synchronize() }
    }

    /// Writes the jobs taken from the queue, then reports every batch in order.
    func process(_ jobs: [WriteAheadLog.Job], onCompletion: (WALCompletion) -> Void) {
        for job in jobs {
            switch job {
            case .batch(let batch, let sequence):
                add(batch, sequence: sequence)
            case .snapshotMarker(let metadata, let completion):
                writeGroup()
                completion(writeSnapshotMarker(metadata))
            }
        }
        writeGroup()
        report(onCompletion)
    }

    private func add(_ batch: WriteBatch, sequence: UInt64) {
        let size = Int64(RecordFormat.encodedBytes(batch))
        let used = segmentBytes + Int64(buffer.count)
        if broken == nil, used + size > options.segmentSizeBytes, used > Int64(SegmentHeader.byteCount) {
            // A batch never straddles segments: it starts the next one.
            writeGroup()
            if broken == nil, let error = rollover() {
                outcomes.append((sequence, error))
                return
            }
        }
        // Checked after any flush above, which may have failed and moved the log's end back.
        if let broken {
            outcomes.append((sequence, broken))
            return
        }
        if let first = batch.entries.first, first.index > lastIndex + 1 {
            outcomes.append((sequence, .gap(expectedAtMost: lastIndex + 1, got: first.index)))
            return
        }
        if pending.isEmpty { groupStart = (lastIndex, lastHardState) }
        groupMustSync = groupMustSync || batch.mustSync
        let records = RecordFormat.encode(batch, into: &buffer)
        pending.append((outcomes.count, batch.entries.last?.index, records))
        outcomes.append((sequence, nil))
        if let last = batch.entries.last { lastIndex = last.index }
        if let state = batch.hardState { lastHardState = state }
    }

    /// Writes the pending group with one `writev`, flushes it under `always`, and records
    /// the outcome of each of its batches.
    func writeGroup() {
        guard !pending.isEmpty else { return }
        defer {
            pending.removeAll(keepingCapacity: true)
            buffer.removeAll(keepingCapacity: true)
            groupMustSync = false
        }
        var error = append(buffer)
        // A group of commit-index hints alone is not flushed (WriteBatch.mustSync): under
        // group commit, a flush per hint doubled the fsyncs and halved the batch size.
        if error == nil, (options.fsyncPolicy == .always && groupMustSync) || shouldSyncEverySecond {
            error = synchronize()
        }
        if let error {
            for batch in pending { outcomes[batch.outcome].error = error }
            // The failed entries are not on disk: the log ends where it ended before the
            // group, and a batch starting beyond that is refused as a gap until Raft resends.
            lastIndex = groupStart.lastIndex
            lastHardState = groupStart.hardState
            return
        }
        for batch in pending {
            counters.records.add(UInt64(batch.records), ordering: .relaxed)
            if let maxIndex = batch.maxIndex {
                segments[segments.count - 1].maxEntryIndex = max(segments[segments.count - 1].maxEntryIndex, maxIndex)
            }
        }
        counters.batches.add(UInt64(pending.count), ordering: .relaxed)
        counters.groups.add(1, ordering: .relaxed)
    }

    private var shouldSyncEverySecond: Bool {
        options.fsyncPolicy == .everysec && monotonicMilliseconds() >= lastSyncMs + 1000
    }

    /// Appends `bytes` at the end of the segment; on failure cuts the file back to the
    /// last whole record, so the log never holds a partial record followed by good ones.
    func append(_ bytes: [UInt8]) -> StorageError? {
        let start = segmentBytes
        preallocate(through: start + Int64(bytes.count))
        let result = bytes.withUnsafeBytes { raw -> Result<Void, SystemError> in
            var written = 0
            while written < raw.count {
                var vector = iovec(iov_base: UnsafeMutableRawPointer(mutating: raw.baseAddress! + written),
                    iov_len: raw.count - written)
                let step = withUnsafePointer(to: &vector) { pointer in
                    Result { () throws(SystemError) -> Int in
                        try options.diskCalls.writev(file, UnsafeBufferPointer(start: pointer, count: 1), start + Int64(written))
                    }
                }
                switch step {
                // A regular file that takes nothing is as good as full; looping would spin.
                case .success(0): return .failure(SystemError(ENOSPC, "pwritev"))
                case .success(let count): written += count
                case .failure(let error): return .failure(error)
                }
            }
            return .success(())
        }
        switch result {
        case .success:
            segmentBytes += Int64(bytes.count)
            dirty = dirty || !bytes.isEmpty
            counters.bytes.add(UInt64(bytes.count), ordering: .relaxed)
            return nil
        case .failure(let error):
            allocatedBytes = start
            do {
                try file.truncate(to: start)
            } catch {
                // Garbage may remain after the last good record: appending after it would
                // turn a torn tail into corruption in the middle.
                broken = .system(error)
            }
            return .system(error)
        }
    }

    /// Zero-fills the segment from its end to at least `end`, a whole step at a time.
    ///
    /// `fdatasync` after an append that grew the file must also commit the file system's
    /// journal (new size, new extents): on ext4 that costs more than the data and queues
    /// behind every other journal user. Writing into zeros already on disk changes neither,
    /// so the flush after each group is data only (etcd preallocates its segments for the
    /// same reason). `fallocate` would not do: its unwritten extents are converted, in the
    /// journal, on first write. Recovery reads the zeros after the last record as the end
    /// of the log. A failure here (a full disk) only leaves the append to grow the file.
    private func preallocate(through end: Int64) {
        guard end > allocatedBytes, options.preallocationStepBytes > 0 else { return }
        let target = max(end, allocatedBytes + options.preallocationStepBytes)
        let zeros = [UInt8](repeating: 0, count: Int(min(target - allocatedBytes, Self.zeroChunkBytes)))
        while allocatedBytes < target {
            let count = Int(min(target - allocatedBytes, Int64(zeros.count)))
            do {
                try file.writeAll(count == zeros.count ? zeros : Array(zeros[..<count]), at: allocatedBytes)
            } catch {
                return
            }
            allocatedBytes += Int64(count)
        }
    }

    /// The largest zero buffer `preallocate` writes at once.
    static let zeroChunkBytes: Int64 = 1 << 20

    /// `fdatasync`s the open segment; a failure breaks the WAL (see `broken`).
    func synchronize() -> StorageError? {
        guard dirty else { return nil }
        do {
            try options.diskCalls.synchronizeData(file)
        } catch {
            broken = .system(error)
            return .system(error)
        }
        counters.fsyncs.add(1, ordering: .relaxed)
        dirty = false
        lastSyncMs = monotonicMilliseconds()
        return nil
    }

    /// Closes the full segment (flushed: recovery treats only the last segment's tail as
    /// possibly torn) and starts the next one.
    private func rollover() -> StorageError? {
        if let error = synchronize() { return error }
        // Only the last segment may end in zeros (recovery reads a zero tail as the end of
        // the log there; anywhere else it would be corruption): cut them off for good.
        if allocatedBytes > segmentBytes {
            do {
                try file.truncate(to: segmentBytes)
                try file.synchronize()
            } catch {
                return .system(error)
            }
        }
        let sequence = segments[segments.count - 1].sequence + 1
        let path = walDirectory + "/" + StorageLayout.segmentName(sequence)
        do {
            let next = try SegmentWriter.createSegment(
                path: path, directory: walDirectory,
                header: SegmentHeader(clusterID: clusterID, nodeID: nodeID, sequence: sequence))
            file.close()
            file = next
        } catch {
            return error
        }
        segments.append(SegmentInfo(sequence: sequence, path: path, maxEntryIndex: 0))
        segmentBytes = Int64(SegmentHeader.byteCount)
        allocatedBytes = segmentBytes
        return nil
    }

    /// A new segment appears whole or not at all: header written to a temporary file,
    /// flushed, renamed, directory flushed.
    static func createSegment(path: String, directory: String, header: SegmentHeader) throws(StorageError)
        -> FileDescriptor
    {
        let temporary = path + StorageLayout.temporarySuffix
        do throws(SystemError) {
            let file = try FileDescriptor.open(temporary, [.writeOnly, .create, .truncate])
            do {
                try file.writeAll(header.encoded(), at: 0)
                try file.synchronize()
                try FileSystem.rename(temporary, to: path)
                try FileSystem.synchronizeDirectory(directory)
            } catch {
                file.close()
                try? FileSystem.unlink(temporary)
                throw error
            }
            return file
        } catch {
            throw .system(error)
        }
    }

    /// Reports outcomes as runs: `durable(through:)` for consecutive successes,
    /// `failed` for consecutive failures with the same error.
    private func report(_ onCompletion: (WALCompletion) -> Void) {
        var start = 0
        while start < outcomes.count {
            var end = start
            while end + 1 < outcomes.count, outcomes[end + 1].error == outcomes[start].error { end += 1 }
            if let error = outcomes[start].error {
                counters.failed.add(UInt64(end - start + 1), ordering: .relaxed)
                onCompletion(.failed(first: outcomes[start].sequence, last: outcomes[end].sequence, error: error))
            } else {
                onCompletion(.durable(through: outcomes[end].sequence))
            }
            start = end + 1
        }
        outcomes.removeAll(keepingCapacity: true)
    }

    /// Final flush on a clean shutdown, whatever the policy; then the directory lock goes.
    func close() {
        _ = synchronize()
        // A clean shutdown leaves no zeros behind, so the next start has nothing to report.
        if broken == nil, allocatedBytes > segmentBytes {
            try? file.truncate(to: segmentBytes)
            try? file.synchronize()
        }
        file.close()
        directoryLock?.close()
    }
}
