// The Raft log on disk: RaftStorage's write-ahead log behind the `LogStore` protocol.
//
// The loop hands each Ready's entries and hard state to the WAL's writer thread, which
// group-commits them (one writev, one fdatasync for everything queued) and reports back.
// Reports cross to the loop through a mutex-protected inbox and the loop's eventfd; the
// completions then run on the loop, in submission order. A batch the disk refused
// (ENOSPC, EIO) is never reported durable: it is submitted again, with everything after
// it, until the disk takes it — meanwhile Raft waits and clients get -TRYAGAIN, and
// nothing already acknowledged is lost.

import EventLoop
import Raft
import RaftStorage
import Synchronization
import SystemCalls

/// A `LogStore` on RaftStorage's WAL.
public final class DurableLogStore: LogStore {
    private let wal: WriteAheadLog
    private let recovered: Recovered
    private let loop: EventLoop
    private let log: (String) -> Void
    private let inbox: Inbox
    /// Batches handed to the writer and not yet reported, oldest first.
    private var inFlight: [(sequence: UInt64, batch: WriteBatch, completion: () -> Void)] = []
    /// Batches the disk refused, to submit again (in order) once the retry timer fires.
    private var refused: [(batch: WriteBatch, completion: () -> Void)] = []
    private var retryScheduled = false
    /// How long to wait before offering refused batches to the disk again.
    public var retryDelayMs: Int64 = 1000

    /// Reports from storage threads, drained on the loop.
    final class Inbox: Sendable {
        let reports = Mutex<[Report]>([])
        let waker: EventFD

        init(waker: EventFD) { self.waker = waker }

        func post(_ report: Report) {
            reports.withLock { $0.append(report) }
            waker.signal()
        }
    }

    enum Report: Sendable {
        case wal(WALCompletion)
        case snapshot(Result<SavedSnapshot, StorageError>, token: UInt64)
    }

    private var snapshotCompletions: [UInt64: (Bool) -> Void] = [:]
    private var nextSnapshotToken: UInt64 = 1

    /// Opens (and recovers) the log in `directory` for this node of this cluster.
    public init(directory: String, clusterID: UInt64, nodeID: NodeID, options: StorageOptions = StorageOptions(),
                loop: EventLoop,
                log: @escaping (String) -> Void) throws(StorageError) {
        let inbox = Inbox(waker: loop.waker)
        self.inbox = inbox
        self.loop = loop
        self.log = log
        (wal, recovered) = try WriteAheadLog.open(directory: directory, clusterID: clusterID, nodeID: nodeID,
                                                  options: options) { inbox.post(.wal($0)) }
        for line in recovered.logLines { log(line) }
        let previous = loop.onWake
        loop.onWake = { [weak self] in
            previous()
            self?.drainInbox()
        }
    }

    /// Write counters (fsyncs, batches per fsync) for INFO and the benchmark.
    public var statistics: WALStatistics { wal.statistics }

    /// Flushes and closes the log (shutdown).
    public func close() {
        wal.close()
    }

    public func recoveredState() -> RecoveredState? {
        guard recovered.snapshot != nil || !recovered.entries.isEmpty || recovered.hardState != .initial else {
            return nil
        }
        var snapshot = Snapshot(metadata: SnapshotMetadata(index: 0, term: 0, configuration: Configuration()), data: [])
        if let saved = recovered.snapshot {
            // Starting without the membership would be worse than stopping: the checksum
            // passed, so this is a bug or an incompatible build, not a torn write.
            guard let configuration = Configuration(encoded: saved.metadata.configuration) else {
                fatalError("snapshot \(saved.path): unreadable cluster configuration")
            }
            snapshot = Snapshot(
                metadata: SnapshotMetadata(index: saved.metadata.index, term: saved.metadata.term,
                                           configuration: configuration),
                data: saved.data)
        }
        let hard = recovered.hardState
        return RecoveredState(
            hardState: HardState(term: hard.term, vote: hard.vote, commit: hard.commit), snapshot: snapshot,
            entries: recovered.entries.map { stored -> Entry in
                guard let kind = EntryKind(rawValue: stored.kind) else {
                    fatalError("WAL entry \(stored.index) has unknown kind \(stored.kind)")
                }
                return Entry(term: stored.term, index: stored.index, kind: kind, data: stored.data)
            })
    }

    public func persist(_ batch: LogBatch, completion: @escaping () -> Void) {
        let stored = WriteBatch(
            entries: batch.entries.map { StoredEntry(term: $0.term, index: $0.index, kind: $0.kind.rawValue, data: $0.data) },
            hardState: batch.hardState.map { StoredHardState(term: $0.term, vote: $0.vote, commit: $0.commit) },
            mustSync: batch.mustSync)
        guard let snapshot = batch.snapshot else {
            return submit(stored, completion)
        }
        // A snapshot from the leader: its file must be durable before entries after it.
        saveSnapshot(snapshot) { [weak self] saved in
            guard let self else { return }
            if saved {
                self.submit(stored, completion)
            } else {
                self.loop.addTimer(afterMs: self.retryDelayMs) { [weak self] in self?.persist(batch, completion: completion) }
            }
        }
    }

    public func saveSnapshot(_ snapshot: Snapshot, completion: @escaping (Bool) -> Void) {
        let data = snapshot.data
        saveSnapshot(snapshot.metadata, encode: { data }) { completion($0 != nil) }
    }

    /// `encode` runs on the WAL's snapshot thread, so serializing a large image never
    /// stalls the loop; the bytes come back to the loop with the completion.
    public func saveSnapshot(_ metadata: Raft.SnapshotMetadata, encode: @escaping @Sendable () -> [UInt8],
                             completion: @escaping ([UInt8]?) -> Void) {
        let stored = RaftStorage.SnapshotMetadata(
            index: metadata.index, term: metadata.term, configuration: metadata.configuration.encoded())
        let token = nextSnapshotToken
        nextSnapshotToken += 1
        let encoded = EncodedSnapshot()
        snapshotCompletions[token] = { saved in completion(saved ? encoded.bytes.withLock { $0.take() } : nil) }
        var sent = false
        let inbox = self.inbox
        let started = wal.saveSnapshot(stored, chunks: { () throws(StorageError) -> [UInt8]? in
            guard !sent else { return nil }
            sent = true
            let data = encode()
            encoded.bytes.withLock { $0 = data }
            return data
        }, completion: { result in inbox.post(.snapshot(result, token: token)) })
        if !started {
            // Another snapshot is being written; offer this one again shortly.
            snapshotCompletions[token] = nil
            loop.addTimer(afterMs: 100) { [weak self] in
                self?.saveSnapshot(metadata, encode: encode, completion: completion)
            }
        }
    }

    /// The bytes the snapshot thread serialized, handed back to the loop.
    private final class EncodedSnapshot: Sendable {
        let bytes = Mutex<[UInt8]?>(nil)
    }

    private func submit(_ batch: WriteBatch, _ completion: @escaping () -> Void) {
        if !refused.isEmpty {
            // Order matters: nothing may overtake a batch waiting to be retried.
            refused.append((batch, completion))
            return
        }
        let sequence = wal.submit(batch)
        inFlight.append((sequence, batch, completion))
    }

    private func drainInbox() {
        let reports = inbox.reports.withLock { reports -> [Report] in
            defer { reports.removeAll() }
            return reports
        }
        for report in reports {
            switch report {
            case .wal(.durable(let through)):
                while let first = inFlight.first, first.sequence <= through {
                    inFlight.removeFirst()
                    first.completion()
                }
            case .wal(.failed(let first, let last, let error)):
                log("write-ahead log refused batches \(first)...\(last): \(error); retrying in \(retryDelayMs) ms")
                let failed = inFlight.filter { $0.sequence >= first && $0.sequence <= last }
                inFlight.removeAll { $0.sequence >= first && $0.sequence <= last }
                refused.append(contentsOf: failed.map { ($0.batch, $0.completion) })
                scheduleRetry()
            case .snapshot(let result, let token):
                guard let completion = snapshotCompletions.removeValue(forKey: token) else { continue }
                switch result {
                case .success:
                    completion(true)
                case .failure(let error):
                    log("saving a snapshot failed: \(error)")
                    completion(false)
                }
            }
        }
    }

    private func scheduleRetry() {
        guard !retryScheduled else { return }
        retryScheduled = true
        loop.addTimer(afterMs: retryDelayMs) { [weak self] in
            guard let self else { return }
            retryScheduled = false
            // Only once every batch after the refused ones has been reported (they fail
            // with `gap`), so the retry starts from the first missing index.
            guard inFlight.isEmpty else { return scheduleRetry() }
            let batches = refused
            refused.removeAll()
            for (batch, completion) in batches { submit(batch, completion) }
        }
    }
}
