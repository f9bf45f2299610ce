import Dispatch
import Synchronization

/// A bounded hand-off of snapshot chunks from the event loop to the snapshot thread, for
/// a keyspace that serializes itself a slice at a time between other work.
///
/// The loop calls `offer` (never blocks; `false` when full: try again on a later tick),
/// then `finish`, or `cancel` to abandon; the snapshot thread pulls with `next`, so
/// `wal.saveSnapshot(metadata, chunks: channel.next, completion:)` wires the two. At
/// most `capacityChunks` chunks wait in memory, so a slow disk slows the serializer
/// instead of growing the heap.
public final class SnapshotChunkChannel: Sendable {
    private struct State {
        var chunks: [[UInt8]] = []
        var finished = false
        var cancelled = false
        var consumerWaiting = false
    }

    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)
    /// The most chunks held at once (default 16).
    public let capacityChunks: Int

    /// A channel holding at most `capacityChunks` chunks.
    public init(capacityChunks: Int = 16) {
        precondition(capacityChunks > 0)
        self.capacityChunks = capacityChunks
    }

    /// Whether `offer` would take a chunk now.
    public var hasRoom: Bool { state.withLock { $0.chunks.count < capacityChunks } }

    /// Queues a chunk; returns false, keeping nothing, when the channel is full.
    public func offer(_ chunk: [UInt8]) -> Bool {
        let (taken, wake) = state.withLock { state -> (Bool, Bool) in
            precondition(!state.finished && !state.cancelled, "offer after finish or cancel")
            guard state.chunks.count < capacityChunks else { return (false, false) }
            state.chunks.append(chunk)
            return (true, Self.takeWaiter(&state))
        }
        if wake { available.signal() }
        return taken
    }

    /// No more chunks: the snapshot completes once the queued ones are written.
    public func finish() {
        let wake = state.withLock { state -> Bool in
            state.finished = true
            return Self.takeWaiter(&state)
        }
        if wake { available.signal() }
    }

    /// Abandons the snapshot: its temporary file is removed and it reports `cancelled`.
    public func cancel() {
        let wake = state.withLock { state -> Bool in
            state.cancelled = true
            state.chunks.removeAll()
            return Self.takeWaiter(&state)
        }
        if wake { available.signal() }
    }

    /// The next chunk, waiting for the loop to offer one; `nil` after `finish`.
    public func next() throws(StorageError) -> [UInt8]? {
        while true {
            let outcome = state.withLock { state -> Result<[UInt8]?, StorageError>? in
                if state.cancelled { return .failure(.cancelled) }
                if !state.chunks.isEmpty { return .success(state.chunks.removeFirst()) }
                if state.finished { return .success(nil) }
                state.consumerWaiting = true
                return nil
            }
            if let outcome { return try outcome.get() }
            available.wait()
        }
    }

    private static func takeWaiter(_ state: inout State) -> Bool {
        guard state.consumerWaiting else { return false }
        state.consumerWaiting = false
        return true
    }
}
