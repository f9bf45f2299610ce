import Dispatch
import Glibc
import Synchronization
import Testing

@testable import RaftStorage

/// Hands a snapshot's completion back to the test thread.
final class SnapshotOutcome: Sendable {
    private let result = Mutex<Result<SavedSnapshot, StorageError>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    func record(_ outcome: Result<SavedSnapshot, StorageError>) {
        result.withLock { $0 = outcome }
        done.signal()
    }

    func wait() -> Result<SavedSnapshot, StorageError>? {
        guard done.wait(timeout: .now() + .seconds(10)) == .success else { return nil }
        return result.withLock { $0 }
    }
}

/// `count` chunks of `size` bytes, each byte naming its chunk: the producer side of the
/// scheme (a closure called on the snapshot thread until it returns nil).
func chunkProducer(count: Int, size: Int) -> () throws(StorageError) -> [UInt8]? {
    var produced = 0
    return { () throws(StorageError) -> [UInt8]? in
        guard produced < count else { return nil }
        produced += 1
        return [UInt8](repeating: UInt8(truncatingIfNeeded: produced), count: size)
    }
}

func expectedData(count: Int, size: Int) -> [UInt8] {
    (1...count).flatMap { [UInt8](repeating: UInt8(truncatingIfNeeded: $0), count: size) }
}

func saveAndWait(
    _ wal: WriteAheadLog, _ metadata: SnapshotMetadata, chunks: sending @escaping () throws(StorageError) -> [UInt8]?
) -> Result<SavedSnapshot, StorageError>? {
    let outcome = SnapshotOutcome()
    #expect(wal.saveSnapshot(metadata, chunks: chunks) { outcome.record($0) })
    return outcome.wait()
}

@Suite struct SnapshotTests {
    @Test func snapshotPlusLogReplay() throws {
        let directory = TemporaryDirectory()
        let log = CompletionLog()
        let (wal, _) = try openWAL(directory, log)
        submitAndWait(wal, log, WriteBatch(entries: entries(1...100), hardState: StoredHardState(term: 1, vote: 1, commit: 60)))
        let metadata = SnapshotMetadata(index: 50, term: 1, configuration: [1, 2, 3])
        let saved = try saveAndWait(wal, metadata, chunks: chunkProducer(count: 5, size: 70_000))?.get()
        #expect(saved?.dataBytes == 350_000)
        #expect(saved?.path == directory.snapshotDirectory + "/0000000000000001-0000000000000032.snap")
        submitAndWait(wal, log, WriteBatch(entries: entries(101...110), hardState: StoredHardState(term: 1, vote: 1, commit: 105)))
        wal.close()

        let (again, recovered) = try openWAL(directory)
        again.close()
        #expect(recovered.snapshot?.metadata == metadata)
        #expect(recovered.snapshot?.data == expectedData(count: 5, size: 70_000))
        #expect(recovered.entries == entries(51...110))
        #expect(recovered.hardState == StoredHardState(term: 1, vote: 1, commit: 105))
    }

    @Test func snapshotDeletesCoveredSegmentsAndOlderSnapshotsButKeepsTheHardState() throws {
        let directory = TemporaryDirectory()
        let log = CompletionLog()
        var options = StorageOptions()
        options.segmentSizeBytes = 1024
        let (wal, _) = try openWAL(directory, log, options: options)
        // The only hard state goes into the first segment, which the snapshot deletes.
        submitAndWait(wal, log, WriteBatch(entries: entries(1...5), hardState: StoredHardState(term: 3, vote: 2, commit: 5)))
        for start in stride(from: UInt64(6), through: 200, by: 5) {
            wal.submit(WriteBatch(entries: entries(start...start + 4, term: 3, bytes: 30)))
        }
        log.wait(for: 40)
        let segmentsBefore = directory.segmentPaths()
        #expect(try saveAndWait(wal, SnapshotMetadata(index: 100, term: 3), chunks: chunkProducer(count: 1, size: 10))?.get() != nil)
        #expect(try saveAndWait(wal, SnapshotMetadata(index: 180, term: 3), chunks: chunkProducer(count: 2, size: 10))?.get() != nil)
        wal.close()

        let segmentsAfter = directory.segmentPaths()
        #expect(segmentsAfter.count < segmentsBefore.count)
        #expect(segmentsAfter.first != segmentsBefore.first)
        #expect(directory.snapshotNames() == ["0000000000000003-00000000000000b4.snap"])
        let (again, recovered) = try openWAL(directory, options: options)
        again.close()
        #expect(recovered.snapshot?.metadata.index == 180)
        #expect(recovered.entries == entries(181...200, term: 3, bytes: 30))
        #expect(recovered.hardState == StoredHardState(term: 3, vote: 2, commit: 5))
    }

    /// A follower installing the leader's snapshot: the old log goes, the new one starts
    /// after the snapshot.
    @Test func installedSnapshotBeyondTheLogRestartsIt() throws {
        let directory = TemporaryDirectory()
        let log = CompletionLog()
        let (wal, _) = try openWAL(directory, log)
        submitAndWait(wal, log, WriteBatch(entries: entries(1...10)))
        let early = submitAndWait(wal, log, WriteBatch(entries: entries(51...51, term: 4)))
        #expect(log.all.last == .failed(first: early, last: early, error: .gap(expectedAtMost: 11, got: 51)))
        #expect(try saveAndWait(wal, SnapshotMetadata(index: 50, term: 4), chunks: chunkProducer(count: 1, size: 1))?.get() != nil)
        submitAndWait(wal, log, WriteBatch(entries: entries(51...52, term: 4)))
        wal.close()
        let (again, recovered) = try openWAL(directory)
        again.close()
        #expect(recovered.entries == entries(51...52, term: 4))
    }

    /// Crash after the snapshot file was renamed into place but before its marker reached
    /// the WAL: the file alone decides where the log starts.
    @Test func snapshotFileWithoutMarkerStillBoundsTheLog() throws {
        let directory = TemporaryDirectory()
        let log = CompletionLog()
        let (wal, _) = try openWAL(directory, log)
        submitAndWait(wal, log, WriteBatch(entries: entries(1...20)))
        wal.close()
        _ = try SnapshotFile.write(
            directory: directory.snapshotDirectory, metadata: SnapshotMetadata(index: 15, term: 1),
            chunks: chunkProducer(count: 1, size: 4))
        let (again, recovered) = try openWAL(directory)
        again.close()
        #expect(recovered.snapshot?.metadata.index == 15)
        #expect(recovered.entries == entries(16...20))
    }

    @Test func damagedSnapshotIsRefused() throws {
        let directory = TemporaryDirectory()
        let (wal, _) = try openWAL(directory)
        #expect(try saveAndWait(wal, SnapshotMetadata(index: 0, term: 0), chunks: chunkProducer(count: 3, size: 100))?.get() != nil)
        wal.close()
        let path = directory.snapshotDirectory + "/" + directory.snapshotNames()[0]
        var bytes = readFile(path)
        bytes[bytes.count - 7] ^= 0x40
        writeFile(path, bytes)
        do {
            _ = try openWAL(directory)
            Issue.record("opened with a damaged snapshot")
        } catch {
            #expect(error.description == "corrupt data in \(path) at offset \(bytes.count - 300): data checksum mismatch")
        }
    }

    @Test func cancelledSnapshotLeavesNothing() throws {
        let directory = TemporaryDirectory()
        let (wal, _) = try openWAL(directory)
        var calls = 0
        let result = saveAndWait(wal, SnapshotMetadata(index: 0, term: 0)) { () throws(StorageError) -> [UInt8]? in
            calls += 1
            if calls == 3 { throw .cancelled }
            return [1, 2, 3]
        }
        wal.close()
        guard case .failure(.cancelled) = result else {
            Issue.record("got \(String(describing: result))")
            return
        }
        #expect(directory.snapshotNames().isEmpty)
    }

    @Test func oneSnapshotAtATime() throws {
        let directory = TemporaryDirectory()
        let (wal, _) = try openWAL(directory)
        let gate = DispatchSemaphore(value: 0)
        let outcome = SnapshotOutcome()
        var first = true
        let started = wal.saveSnapshot(SnapshotMetadata(index: 0, term: 0), chunks: { () throws(StorageError) -> [UInt8]? in
            guard first else { return nil }
            first = false
            gate.wait()
            return [7]
        }, completion: { outcome.record($0) })
        #expect(started)
        let second = wal.saveSnapshot(SnapshotMetadata(index: 0, term: 0), chunks: { nil }, completion: { _ in })
        #expect(!second)
        gate.signal()
        #expect(try outcome.wait()?.get().dataBytes == 1)
        wal.close()
    }
}

@Suite struct SnapshotChunkChannelTests {
    /// The loop offers slices as room allows; the snapshot thread writes them in order.
    @Test func loopFedSnapshotArrivesWhole() throws {
        let directory = TemporaryDirectory()
        let (wal, _) = try openWAL(directory)
        let channel = SnapshotChunkChannel(capacityChunks: 2)
        let outcome = SnapshotOutcome()
        #expect(wal.saveSnapshot(SnapshotMetadata(index: 0, term: 0), chunks: channel.next) { outcome.record($0) })
        var offered = 0
        var rejected = 0
        while offered < 50 {
            if channel.offer([UInt8](repeating: UInt8(offered + 1), count: 1000)) {
                offered += 1
            } else {
                rejected += 1
                usleep(100)
            }
        }
        channel.finish()
        #expect(try outcome.wait()?.get().dataBytes == 50_000)
        wal.close()
        let (again, recovered) = try openWAL(directory)
        again.close()
        #expect(recovered.snapshot?.data == expectedData(count: 50, size: 1000))
    }

    @Test func fullChannelRefusesAndCancelAbandons() throws {
        let directory = TemporaryDirectory()
        let (wal, _) = try openWAL(directory)
        let channel = SnapshotChunkChannel(capacityChunks: 1)
        #expect(channel.offer([1]))
        #expect(!channel.hasRoom)
        let outcome = SnapshotOutcome()
        #expect(wal.saveSnapshot(SnapshotMetadata(index: 0, term: 0), chunks: channel.next) { outcome.record($0) })
        channel.cancel()
        guard case .failure(.cancelled) = outcome.wait() else {
            Issue.record("snapshot was not cancelled")
            return
        }
        wal.close()
        #expect(directory.snapshotNames().isEmpty)
    }
}

@Suite struct SnapshotLossTests {
    @Test func markerWithoutItsSnapshotFileIsRefused() throws {
        let directory = TemporaryDirectory()
        let log = CompletionLog()
        let (wal, _) = try openWAL(directory, log)
        submitAndWait(wal, log, WriteBatch(entries: entries(1...10)))
        #expect(try saveAndWait(wal, SnapshotMetadata(index: 5, term: 1), chunks: chunkProducer(count: 1, size: 8))?.get() != nil)
        wal.close()
        unlink(directory.snapshotDirectory + "/" + directory.snapshotNames()[0])
        do {
            _ = try openWAL(directory)
            Issue.record("opened without the snapshot the WAL depends on")
        } catch {
            #expect(error.description.contains("no snapshot file exists"))
        }
    }
}
