import Dispatch
import Glibc
import Synchronization
import SystemCalls

/// What the writer thread reports back, always in submission order.
public enum WALCompletion: Equatable, Sendable {
    /// Every batch up to and including this sequence number that was not reported
    /// `failed` is durable (under the configured `FsyncPolicy`).
    case durable(through: UInt64)
    /// These batches were not written (disk full, I/O error, or a gap after an earlier
    /// failure); the log on disk is as if they had never been submitted. The server answers
    /// an error to their writes; the Raft adapter must submit the entries again, from the
    /// first failed index, before later entries can be stored.
    case failed(first: UInt64, last: UInt64, error: StorageError)
}

/// Counters for INFO and the benchmark (writes per fsync = batches / fsyncs).
public struct WALStatistics: Equatable, Sendable {
    /// Batches reported durable.
    public var batchesWritten: UInt64
    /// WAL records appended (entries, hard state, snapshot markers).
    public var recordsWritten: UInt64
    /// Bytes appended to segments, record headers included, segment headers not.
    public var bytesWritten: UInt64
    /// `writev` groups: one per wake-up of the writer, however many batches it carried.
    public var groupsWritten: UInt64
    /// Successful `fdatasync` calls on segments.
    public var fsyncs: UInt64
    /// Batches reported `failed`.
    public var batchesFailed: UInt64
}

/// The durable Raft log: WAL segments written by one writer thread with group commit,
/// plus snapshot files.
///
/// The event loop calls `submit` (never blocks on disk) and learns of durability through
/// `onCompletion`, called on the writer thread (wire it to an eventfd). Batches that queue
/// while an `fdatasync` runs are written together with one `writev` and one
/// `fdatasync` next: under load, many writes share each flush.
///
/// On disk, under the data directory:
/// - `LOCK`: held with `flock` while open.
/// - `wal/<sequence>.wal`: a 40-byte `SegmentHeader` (magic, version, cluster id, node id,
///   sequence), then records `[u32 length][u32 crc32c][u8 type][payload]`. Only the last
///   segment is ever appended to; a full one is flushed before the next is created.
/// - `snap/<term>-<index>.snap`: see `saveSnapshot`.
///
/// Contract with the Raft adapter:
/// - Count an entry as persisted (for the leader's own match index, or before a
///   follower acknowledges) only after `durable(through:)` covers its batch.
/// - After `failed`, resubmit Raft's unstable entries from the first failed index; until
///   then a batch that starts beyond the log's end is refused with `gap`, so the log on
///   disk never has a hole.
/// - Hard state is ordered after the batch's entries, so a crash never keeps a commit
///   index whose entries were lost.
public final class WriteAheadLog: Sendable {
    enum Job: Sendable {
        case batch(WriteBatch, sequence: UInt64)
        /// A snapshot file is durable: mark it in the log, then delete what it covers.
        case snapshotMarker(SnapshotMetadata, completion: @Sendable (Result<Void, StorageError>) -> Void)
    }

    struct Queue: ~Copyable {
        var jobs: [Job] = []
        var nextSequence: UInt64 = 1
        var writerWaiting = false
        var stopping = false
        var snapshotThread: WorkerThread?
        var snapshotInProgress = false
        /// Set by `close`: no new snapshot may start.
        var snapshotsRefused = false
    }

    let queue = Mutex(Queue())
    /// Wakes the writer; signalled only when it said it is waiting, so a busy writer costs
    /// the loop no system call per submit.
    let wakeUp = DispatchSemaphore(value: 0)
    let counters = Counters()
    let options: StorageOptions
    let directory: String
    private let writerThread: Mutex<WorkerThread?> = Mutex(nil)

    final class Counters: Sendable {
        let batches = Atomic<UInt64>(0)
        let records = Atomic<UInt64>(0)
        let bytes = Atomic<UInt64>(0)
        let groups = Atomic<UInt64>(0)
        let fsyncs = Atomic<UInt64>(0)
        let failed = Atomic<UInt64>(0)
    }

    private init(directory: String, options: StorageOptions) {
        self.directory = directory
        self.options = options
    }

    /// Recovers the data directory and starts the writer thread.
    ///
    /// The directory is locked (`flock` on `LOCK`) until `close`, which must be called: the
    /// writer thread keeps the WAL alive until then.
    ///
    /// Creates `directory`, `directory/wal` and `directory/snap` when missing. Throws
    /// `wrongIdentity` when the segments belong to another cluster or node, and `corrupt`
    /// (naming file and offset) for damage other than a torn tail of the last segment,
    /// which is truncated and reported in `Recovered.logLines`.
    public static func open(
        directory: String, clusterID: UInt64, nodeID: UInt64, options: StorageOptions = StorageOptions(),
        onCompletion: @escaping @Sendable (WALCompletion) -> Void
    ) throws(StorageError) -> (wal: WriteAheadLog, recovered: Recovered) {
        var recovery = Recovery(directory: directory, clusterID: clusterID, nodeID: nodeID)
        let recovered = try recovery.run()
        let wal = WriteAheadLog(directory: directory, options: options)
        let writer: SegmentWriter
        do {
            writer = try SegmentWriter(recovery: recovery, recovered: recovered, options: options, counters: wal.counters)
        } catch {
            recovery.lock?.close()
            throw error
        }
        let thread = WorkerThread {
            wal.runWriter(writer, onCompletion: onCompletion)
        }
        wal.writerThread.withLock { $0 = thread }
        return (wal, recovered)
    }

    /// Queues a batch for the writer thread and returns its sequence number (1, 2, …).
    /// Never blocks on disk: the only wait is the queue's mutex.
    @discardableResult
    public func submit(_ batch: WriteBatch) -> UInt64 {
        let (sequence, wake) = queue.withLock { queue -> (UInt64, Bool) in
            precondition(!queue.stopping, "submit after close")
            let sequence = queue.nextSequence
            queue.nextSequence += 1
            queue.jobs.append(.batch(batch, sequence: sequence))
            return (sequence, wakeWriter(&queue))
        }
        if wake { wakeUp.signal() }
        return sequence
    }

    func enqueue(_ job: Job) {
        let wake = queue.withLock { queue -> Bool in
            queue.jobs.append(job)
            return wakeWriter(&queue)
        }
        if wake { wakeUp.signal() }
    }

    private func wakeWriter(_ queue: inout Queue) -> Bool {
        guard queue.writerWaiting else { return false }
        queue.writerWaiting = false
        return true
    }

    /// The counters so far.
    public var statistics: WALStatistics {
        WALStatistics(
            batchesWritten: counters.batches.load(ordering: .relaxed),
            recordsWritten: counters.records.load(ordering: .relaxed),
            bytesWritten: counters.bytes.load(ordering: .relaxed),
            groupsWritten: counters.groups.load(ordering: .relaxed),
            fsyncs: counters.fsyncs.load(ordering: .relaxed),
            batchesFailed: counters.failed.load(ordering: .relaxed))
    }

    /// Writes what is queued, waits for a snapshot being saved (finish or cancel a
    /// `SnapshotChunkChannel` first, or this waits for it forever), flushes the log
    /// (`fdatasync` under every policy: a clean shutdown loses nothing) and stops the
    /// writer thread. Submitting after `close` is a programming error.
    public func close() {
        queue.withLock { $0.snapshotsRefused = true }
        // A snapshot in progress finishes on the writer thread (its marker), so the writer
        // must keep running until then. Closing is rare: polling is simpler than a signal.
        while queue.withLock({ $0.snapshotInProgress }) { usleep(1000) }
        queue.withLock { queue in queue.snapshotThread.take() }?.join()
        let wake = queue.withLock { queue -> Bool in
            queue.stopping = true
            return wakeWriter(&queue)
        }
        if wake { wakeUp.signal() }
        writerThread.withLock { $0.take() }?.join()
    }

    /// The writer thread's loop: take every queued job, write, flush per policy, report.
    private func runWriter(_ writer: SegmentWriter, onCompletion: @Sendable (WALCompletion) -> Void) {
        // Two arrays trade places with the queue, so taking the jobs allocates nothing.
        var jobs: [Job] = []
        while true {
            let stopping = queue.withLock { queue -> Bool in
                swap(&queue.jobs, &jobs)
                if jobs.isEmpty && !queue.stopping { queue.writerWaiting = true }
                return queue.stopping
            }
            if !jobs.isEmpty {
                writer.process(jobs, onCompletion: onCompletion)
                jobs.removeAll(keepingCapacity: true)
                continue
            }
            if stopping {
                writer.close()
                return
            }
            if let deadlineMs = writer.syncDeadlineMs {
                // everysec: sleep no longer than the next flush is due.
                let waitMs = max(0, deadlineMs - monotonicMilliseconds())
                if wakeUp.wait(timeout: .now() + .milliseconds(Int(waitMs))) == .timedOut {
                    queue.withLock { $0.writerWaiting = false }
                    writer.syncIfDue()
                }
            } else {
                wakeUp.wait()
            }
        }
    }
}
