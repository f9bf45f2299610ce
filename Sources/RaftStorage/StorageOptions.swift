import Glibc
import SystemCalls

/// When the WAL calls `fdatasync`, and so what a crash can lose (the `appendfsync`
/// directive; names follow Redis).
public enum FsyncPolicy: String, Sendable, CaseIterable {
    /// `fdatasync` before any batch is reported durable (the default). Loses nothing that
    /// was reported durable, on `kill -9` or power loss, provided the disk honours flushes.
    /// Batches queued during one fsync share the next one (group commit), so throughput
    /// does not fall to one write per fsync.
    case always
    /// Report durable once the data is written to the kernel; `fdatasync` at most once a
    /// second on the writer thread. `kill -9` loses nothing reported durable (the page
    /// cache survives the process); power loss or a kernel crash loses up to about the
    /// last second (two when an fsync is slow), which Raft sees as a node that forgot
    /// acknowledged entries and votes: safe only while a majority does not lose power at
    /// once.
    case everysec
    /// Report durable once written; never `fdatasync` except at rollover and close; the
    /// kernel writes back when it likes (typically within 30 s). `kill -9` loses nothing
    /// reported durable; power loss loses whatever the kernel had not written back.
    case no
}

/// The directives that shape storage, with their defaults.
public struct StorageOptions: Sendable {
    /// `wal-segment-size`: bytes after which the WAL starts a new segment file (default
    /// 64 MiB). Smaller segments let a snapshot free disk sooner; each rollover costs one
    /// extra fsync. A single batch larger than this gets a segment of its own.
    public var segmentSizeBytes: Int64 = 64 << 20
    /// `appendfsync` (default `always`).
    public var fsyncPolicy: FsyncPolicy = .always
    /// `snapshot-entries`: snapshot once this many entries were applied since the last
    /// snapshot (default 100 000, etcd's `snapshot-count`).
    public var snapshotEntriesThreshold: UInt64 = 100_000
    /// `snapshot-bytes`: snapshot once this many WAL bytes were written since the last
    /// snapshot (default 128 MiB, two segments), so large values compact sooner.
    public var snapshotBytesThreshold: UInt64 = 128 << 20
    /// How many snapshot files to keep (default 1, the newest; older ones are deleted once
    /// a newer one is durable).
    public var snapshotsRetained: Int = 1
    /// How far ahead of the writes the open segment is zero-filled (default 4 MiB; 0 turns
    /// it off). Appends into zeros already on disk leave the file's size and extents alone,
    /// so each `fdatasync` flushes data only, without a file-system journal commit; the
    /// journal is committed once per step instead (see `SegmentWriter.preallocate`).
    public var preallocationStepBytes: Int64 = 4 << 20
    /// The system calls of the write path; tests replace them to inject faults (ENOSPC).
    public var diskCalls: DiskCalls = .system

    /// The defaults above.
    public init() {}

    /// Whether the server should take a snapshot now, by the two thresholds above.
    public func shouldSnapshot(entriesSinceSnapshot: UInt64, bytesSinceSnapshot: UInt64) -> Bool {
        entriesSinceSnapshot >= snapshotEntriesThreshold || bytesSinceSnapshot >= snapshotBytesThreshold
    }
}

/// The write-path system calls, as one replaceable value: every WAL append goes through
/// `writev` here and every flush through `synchronizeData`, so a test can make the disk
/// "full" at an exact byte (FoundationDB-style fault injection, without a real full disk).
public struct DiskCalls: Sendable {
    /// The signature of `writev`: descriptor, buffers, file offset; returns bytes taken.
    public typealias GatherWrite = @Sendable (FileDescriptor, UnsafeBufferPointer<iovec>, Int64) throws(SystemError) -> Int
    /// Gathers the buffers into one write at the given offset (`pwritev`); may write part.
    public var writev: GatherWrite
    /// `fdatasync`.
    public var synchronizeData: @Sendable (FileDescriptor) throws(SystemError) -> Void

    /// Calls of your own, for fault injection.
    public init(
        writev: @escaping GatherWrite,
        synchronizeData: @escaping @Sendable (FileDescriptor) throws(SystemError) -> Void
    ) {
        self.writev = writev
        self.synchronizeData = synchronizeData
    }

    /// The real calls.
    public static let system = DiskCalls(
        writev: { (descriptor, vectors, offset) throws(SystemError) in try descriptor.write(vectors: vectors, at: offset) },
        synchronizeData: { (descriptor) throws(SystemError) in try descriptor.synchronizeData() }
    )
}
