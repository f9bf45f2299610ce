/// A snapshot saved by `WriteAheadLog.saveSnapshot`.
public struct SavedSnapshot: Equatable, Sendable {
    /// What was saved.
    public var metadata: SnapshotMetadata
    /// The final file, `snap/<term>-<index>.snap`.
    public var path: String
    /// Bytes of keyspace data (the chunks' total), headers not counted.
    public var dataBytes: UInt64
}

extension WriteAheadLog {
    /// Writes a snapshot on a background thread, then compacts the log.
    ///
    /// `chunks` is called on that thread until it returns `nil`; each call returns the
    /// next piece of the serialized keyspace (any size; 64 KiB to 1 MiB keeps memory flat).
    /// Throwing `StorageError.cancelled` abandons the snapshot. The file is written to a
    /// temporary name, fsynced, renamed to `snap/<term>-<index>.snap` and the directory
    /// fsynced; then a marker goes through the WAL queue (after every batch submitted
    /// before the file was complete), is flushed, and older snapshots and segments whose
    /// entries all lie at or below `metadata.index` are deleted. `completion` runs on a
    /// storage thread once all that is durable.
    ///
    /// For a snapshot installed from the leader, submit entries after `metadata.index`
    /// only once `completion` reported success: until then the log still ends below it,
    /// and such a batch would be refused as a gap.
    ///
    /// Returns false, doing nothing, while another snapshot is being saved or after `close`.
    @discardableResult
    public func saveSnapshot(
        _ metadata: SnapshotMetadata,
        chunks: sending @escaping () throws(StorageError) -> [UInt8]?,
        completion: @escaping @Sendable (Result<SavedSnapshot, StorageError>) -> Void
    ) -> Bool {
        let previous = queue.withLock { queue -> WorkerThread?? in
            guard !queue.snapshotInProgress, !queue.snapshotsRefused else { return .none }
            queue.snapshotInProgress = true
            return .some(queue.snapshotThread.take())
        }
        guard let previous else { return false }
        // The previous snapshot thread has finished (the flag was clear); reap it.
        previous?.join()
        let directory = directory + "/" + StorageLayout.snapshotDirectory
        let thread = WorkerThread { [self] in
            lowerCurrentThreadPriority()
            let finish: @Sendable (Result<SavedSnapshot, StorageError>) -> Void = { [self] result in
                queue.withLock { $0.snapshotInProgress = false }
                completion(result)
            }
            let written: (path: String, dataBytes: UInt64)
            do throws(StorageError) {
                written = try SnapshotFile.write(directory: directory, metadata: metadata, chunks: chunks)
            } catch {
                finish(.failure(error))
                return
            }
            enqueue(.snapshotMarker(metadata) { result in
                finish(result.map { SavedSnapshot(metadata: metadata, path: written.path, dataBytes: written.dataBytes) })
            })
        }
        queue.withLock { $0.snapshotThread = thread }
        return true
    }
}
