// Durable Raft state as the cluster node needs it (DESIGN §5). The real implementation
// is RaftStorage's WAL behind an adapter (its writer thread fsyncs a whole batch, then
// wakes the loop, which runs the completion); `InMemoryLogStore` serves tests and
// `appendfsync no`-style single nodes where a proposal commits at once.

import EventLoop
import Raft

/// What one Ready asks to persist, in this order: the snapshot (replacing the log and the
/// state machine), the entries (overwrite semantics: an entry at index i replaces the stored
/// entry at i and every one after it), then the hard state.
public struct LogBatch: Sendable {
    /// A snapshot received from the leader.
    public var snapshot: Snapshot?
    /// Entries to append or overwrite.
    public var entries: [Entry]
    /// Hard state, if it changed.
    public var hardState: HardState?
    /// False when nothing waits on this batch's durability (a new commit index alone):
    /// the store may write it without flushing (`WriteBatch.mustSync`).
    public var mustSync: Bool

    /// Creates a batch.
    public init(snapshot: Snapshot?, entries: [Entry], hardState: HardState?, mustSync: Bool = true) {
        self.snapshot = snapshot
        self.entries = entries
        self.hardState = hardState
        self.mustSync = mustSync
    }
}

/// Durable storage of the Raft log, hard state and snapshots.
///
/// Completions run on the loop thread, in submission order; the loop never waits for them.
public protocol LogStore: AnyObject {
    /// What was durable at start; nil for a fresh data directory (the node bootstraps).
    func recoveredState() -> RecoveredState?
    /// Persists `batch` durably, then calls `completion` on the loop.
    func persist(_ batch: LogBatch, completion: @escaping () -> Void)
    /// Saves a snapshot of applied state durably, then calls `completion(true)` on the loop;
    /// the store may then delete log entries the snapshot covers. `completion(false)` means
    /// it was not saved (busy or failed); the node tries again later.
    func saveSnapshot(_ snapshot: Snapshot, completion: @escaping (Bool) -> Void)
    /// Like `saveSnapshot(_:completion:)` for data that `encode` produces: a store with a
    /// thread of its own runs `encode` there, so a large state is serialized off the loop.
    /// `completion` gets the data once saved, nil if it was not.
    func saveSnapshot(_ metadata: SnapshotMetadata, encode: @escaping @Sendable () -> [UInt8],
                      completion: @escaping ([UInt8]?) -> Void)
}

extension LogStore {
    /// Encodes on the loop: for stores that complete on the loop anyway (memory, tests).
    public func saveSnapshot(_ metadata: SnapshotMetadata, encode: @escaping @Sendable () -> [UInt8],
                             completion: @escaping ([UInt8]?) -> Void) {
        let data = encode()
        saveSnapshot(Snapshot(metadata: metadata, data: data)) { saved in completion(saved ? data : nil) }
    }
}

/// A log store in memory: durable as long as the process lives.
///
/// By default completions run at once (inside `persist`), so a single node commits a
/// proposal in the same loop turn. With `completionDelayMs` they run from a loop timer,
/// which exercises the asynchronous path a disk store takes.
public final class InMemoryLogStore: LogStore {
    /// Hard state as last persisted.
    public private(set) var hardState = HardState()
    /// Latest snapshot persisted, if any.
    public private(set) var snapshot: Snapshot?
    /// Entries after the snapshot.
    public private(set) var entries: [Entry] = []
    /// Batches persisted (for tests).
    public private(set) var batchCount = 0
    private let loop: EventLoop?
    private let completionDelayMs: Int64

    /// Creates an empty store; `loop` is needed only with a delay.
    public init(loop: EventLoop? = nil, completionDelayMs: Int64 = 0) {
        precondition(completionDelayMs == 0 || loop != nil, "a delayed store needs the loop")
        self.loop = loop
        self.completionDelayMs = completionDelayMs
    }

    public func recoveredState() -> RecoveredState? {
        guard batchCount > 0 || snapshot != nil else { return nil }
        let base = snapshot ?? Snapshot(metadata: SnapshotMetadata(index: 0, term: 0, configuration: Configuration()),
                                        data: [])
        return RecoveredState(hardState: hardState, snapshot: base, entries: entries)
    }

    public func persist(_ batch: LogBatch, completion: @escaping () -> Void) {
        batchCount += 1
        if let snap = batch.snapshot {
            snapshot = snap
            entries.removeAll { $0.index <= snap.metadata.index }
        }
        if let first = batch.entries.first {
            // Entries are contiguous: the overwrite point is an offset, not a search.
            let base = entries.first?.index ?? first.index
            let keep = Int(max(0, min(Int64(entries.count), Int64(first.index) - Int64(base))))
            entries.removeSubrange(keep...)
            entries.append(contentsOf: batch.entries)
        }
        if let hard = batch.hardState { hardState = hard }
        complete(completion)
    }

    public func saveSnapshot(_ snapshot: Snapshot, completion: @escaping (Bool) -> Void) {
        if (self.snapshot?.metadata.index ?? 0) < snapshot.metadata.index {
            self.snapshot = snapshot
            entries.removeAll { $0.index <= snapshot.metadata.index }
        }
        complete { completion(true) }
    }

    private func complete(_ completion: @escaping () -> Void) {
        if completionDelayMs > 0, let loop {
            loop.addTimer(afterMs: completionDelayMs, completion)
        } else {
            completion()
        }
    }
}
