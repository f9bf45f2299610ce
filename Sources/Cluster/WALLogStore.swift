// The disk-backed LogStore: RaftStorage's WAL (group commit on its writer thread) behind
// the cluster's interface, mapping Raft's types to storage's own.
//
// Threads (DESIGN §8): `persist` and `saveSnapshot` run on the loop and only queue work.
// The WAL reports on its threads; those reports go into a mutex-guarded inbox and the
// loop's eventfd is signalled; the loop drains the inbox in `onWake` and runs the
// completions there, in submission order. Nothing loop-owned crosses threads.
//
// Failure: a batch the WAL reports `failed` (disk full, I/O error) is as if never
// submitted, so it — and every later one, which the WAL refuses as a gap — is submitted
// again after `retryDelayMs`, in order. The Ready stays in flight meanwhile: writes stall
// and time out with TRYAGAIN until the disk recovers, and nothing is acknowledged that is
// not durable.

import EventLoop
import Raft
import RaftStorage
import Synchronization
import SystemCalls

/// A `LogStore` over `RaftStorage.WriteAheadLog`.
public final class WALLogStore: LogStore {
    /// Reports from storage threads, waiting for the loop.
    final class Inbox: Sendable {
        enum Event: Sendable {
            case wal(WALCompletion)
            case snapshot(token: UInt64, Result<SavedSnapshot, StorageError>)
        }

        let events = Mutex<[Event]>([])
        let waker: EventFD

        init(waker: EventFD) {
            self.waker = waker
        }

        func post(_ event: Event) {
            events.withLock { $0.append(event) }
            waker.signal()
        }

        func take() -> [Event] {
            events.withLock { events in
                defer { events.removeAll() }
                return events
            }
        }
    }

    struct Submitted {
        var sequence: UInt64
        var batch: WriteBatch
        var completion: () -> Void
        /// Reported failed: waits for its re-submission, and so does everything after it.
        var failed = false
    }

    /// The WAL (for statistics and `close`).
    public let wal: WriteAheadLog
    private let recovered: Recovered
    private let loop: EventLoop
    private let inbox: Inbox
    private let log: (String) -> Void
    private var submitted: [Submitted] = []
    private var snapshotCompletions: [UInt64: (Bool) -> Void] = [:]
    private var nextSnapshotToken: UInt64 = 1
    private var retryScheduled = false
    /// Pause before re-submitting batches the WAL failed to write.
    public var retryDelayMs: Int64 = 100

    /// Opens (recovering) the data directory and hooks WAL completions into `loop`.
    /// `loop.onWake` is chained, not replaced.
    public static func open(directory: String, clusterID: UInt64, nodeID: UInt64, loop: EventLoop,
                            options: StorageOptions = StorageOptions(),
                            log: @escaping (String) -> Void) throws -> WALLogStore {
        let inbox = Inbox(waker: loop.waker)
        let (wal, recovered) = try WriteAheadLog.open(directory: directory, clusterID: clusterID, nodeID: nodeID,
                                                      options: options) { inbox.post(.wal($0)) }
        for line in recovered.logLines { log(line) }
        let store = WALLogStore(wal: wal, recovered: recovered, loop: loop, inbox: inbox, log: log)
        let previous = loop.onWake
        loop.onWake = { [weak store] in
            previous()
            store?.drainInbox()
        }
        return store
    }

    private init(wal: WriteAheadLog, recovered: Recovered, loop: EventLoop, inbox: Inbox, log: @escaping (String) -> Void) {
        self.wal = wal
        self.recovered = recovered
        self.loop = loop
        self.inbox = inbox
        self.log = log
    }

    /// Flushes and stops the WAL (shutdown). Blocks until the writer thread is done.
    public func close() {
        wal.close()
    }

    // MARK: LogStore

    public func recoveredState() -> RecoveredState? {
        let hard = HardState(term: recovered.hardState.term, vote: recovered.hardState.vote,
                             commit: recovered.hardState.commit)
        var snapshot = Snapshot(metadata: Raft.SnapshotMetadata(index: 0, term: 0, configuration: Configuration()), data: [])
        if let saved = recovered.snapshot {
            // A configuration that does not decode means a damaged snapshot the checksum
            // missed; starting without the membership would be worse than stopping.
            guard let configuration = Configuration(encoded: saved.metadata.configuration) else {
                fatalError("snapshot \(saved.path): unreadable cluster configuration")
            }
            snapshot = Snapshot(metadata: Raft.SnapshotMetadata(index: saved.metadata.index, term: saved.metadata.term,
                                                                configuration: configuration),
                                data: saved.data)
        }
        let entries = recovered.entries.map { stored -> Entry in
            guard let kind = EntryKind(rawValue: stored.kind) else {
                fatalError("WAL entry \(stored.index) has unknown kind \(stored.kind)")
            }
            return Entry(term: stored.term, index: stored.index, kind: kind, data: stored.data)
        }
        if recovered.hardState == .initial && recovered.snapshot == nil && entries.isEmpty { return nil }
        return RecoveredState(hardState: hard, snapshot: snapshot, entries: entries)
    }

    public func persist(_ batch: LogBatch, completion: @escaping () -> Void) {
        let stored = WriteBatch(
            entries: batch.entries.map { StoredEntry(term: $0.term, index: $0.index, kind: $0.kind.rawValue, data: $0.data) },
            hardState: batch.hardState.map { StoredHardState(term: $0.term, vote: $0.vote, commit: $0.commit) })
        guard let snapshot = batch.snapshot else { return submit(stored, completion: completion) }
        // A snapshot from the leader: the WAL accepts entries after it only once it is saved.
        saveSnapshot(snapshot) { [weak self] saved in
            guard let self else { return }
            if saved {
                self.submit(stored, completion: completion)
            } else {
                self.loop.addTimer(afterMs: self.retryDelayMs) { [weak self] in self?.persist(batch, completion: completion) }
            }
        }
    }

    public func saveSnapshot(_ snapshot: Snapshot, completion: @escaping (Bool) -> Void) {
        let metadata = RaftStorage.SnapshotMetadata(index: snapshot.metadata.index, term: snapshot.metadata.term,
                                                    configuration: snapshot.metadata.configuration.encoded())
        let token = nextSnapshotToken
        nextSnapshotToken += 1
        let inbox = inbox
        var remaining: [UInt8]? = snapshot.data
        let started = wal.saveSnapshot(metadata, chunks: {
            defer { remaining = nil }
            return remaining
        }, completion: { result in
            inbox.post(.snapshot(token: token, result))
        })
        guard started else { return completion(false) }
        snapshotCompletions[token] = completion
    }

    // MARK: Completions

    private func submit(_ batch: WriteBatch, completion: @escaping () -> Void) {
        let sequence = wal.submit(batch)
        submitted.append(Submitted(sequence: sequence, batch: batch, completion: completion))
    }

    func drainInbox() {
        for event in inbox.take() {
            switch event {
            case .wal(.durable(let through)):
                while let first = submitted.first, first.sequence <= through, !first.failed {
                    submitted.removeFirst()
                    first.completion()
                }
            case .wal(.failed(let first, let last, let error)):
                log("WAL batches \(first)...\(last) not written: \(error); retrying in \(retryDelayMs) ms")
                for i in submitted.indices where submitted[i].sequence >= first && submitted[i].sequence <= last {
                    submitted[i].failed = true
                }
                scheduleResubmit()
            case .snapshot(let token, let result):
                guard let completion = snapshotCompletions.removeValue(forKey: token) else { continue }
                switch result {
                case .success:
                    completion(true)
                case .failure(let error):
                    log("snapshot not saved: \(error)")
                    completion(false)
                }
            }
        }
    }

    /// Re-submits, in order, every batch not yet reported durable: the failed ones and the
    /// later ones the WAL refuses after a failure. Reports for the old sequence numbers
    /// that still arrive are ignored, because only the new numbers are waited for.
    private func scheduleResubmit() {
        guard !retryScheduled else { return }
        retryScheduled = true
        loop.addTimer(afterMs: retryDelayMs) { [weak self] in
            guard let self else { return }
            self.retryScheduled = false
            let pending = self.submitted
            self.submitted.removeAll()
            for item in pending { self.submit(item.batch, completion: item.completion) }
        }
    }
}
