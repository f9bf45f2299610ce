import Glibc
import Synchronization
import SystemCalls
import Testing

@testable import RaftStorage

/// A disk that can be made "full": the next write takes half its bytes, then fails with
/// ENOSPC, as a real file system does when it runs out mid-write.
final class FillableDisk: Sendable {
    let full = Atomic<Bool>(false)

    var calls: DiskCalls {
        DiskCalls(
            writev: { [self] (descriptor, vectors, offset) throws(SystemError) -> Int in
                guard full.load(ordering: .relaxed) else { return try DiskCalls.system.writev(descriptor, vectors, offset) }
                let half = vectors[0].iov_len / 2
                if half > 0 {
                    _ = try descriptor.write(UnsafeRawBufferPointer(start: vectors[0].iov_base, count: half), at: offset)
                }
                throw SystemError(ENOSPC, "pwritev")
            },
            synchronizeData: DiskCalls.system.synchronizeData)
    }
}

@Suite struct DiskFullTests {
    @Test func fullDiskFailsTheBatchKeepsTheLogAndLaterWritesSucceed() throws {
        let directory = TemporaryDirectory()
        let log = CompletionLog()
        let disk = FillableDisk()
        var options = StorageOptions()
        options.diskCalls = disk.calls
        // File sizes are compared exactly below; zero-filling ahead is tested on its own.
        options.preallocationStepBytes = 0
        let (wal, _) = try openWAL(directory, log, options: options)
        submitAndWait(wal, log, WriteBatch(entries: entries(1...5), hardState: StoredHardState(term: 1, vote: 1, commit: 2)))
        let segment = directory.segmentPaths()[0]
        let goodSize = readFile(segment).count

        disk.full.store(true, ordering: .relaxed)
        let failed = submitAndWait(wal, log, WriteBatch(entries: entries(6...8, bytes: 200)))
        #expect(log.all.last == .failed(first: failed, last: failed, error: .system(SystemError(ENOSPC, "pwritev"))))
        #expect(readFile(segment).count == goodSize, "the partial write was cut back")

        // The loop has not resubmitted 6...8 yet: a batch after them would leave a hole.
        let gap = submitAndWait(wal, log, WriteBatch(entries: entries(9...9)))
        #expect(log.all.last == .failed(first: gap, last: gap, error: .gap(expectedAtMost: 6, got: 9)))
        // Hard state alone does not depend on the log's end and still fails while full.
        let stateOnly = submitAndWait(wal, log, WriteBatch(hardState: StoredHardState(term: 2, vote: 0, commit: 2)))
        #expect(log.all.last == .failed(first: stateOnly, last: stateOnly, error: .system(SystemError(ENOSPC, "pwritev"))))

        disk.full.store(false, ordering: .relaxed)
        let retried = submitAndWait(wal, log, WriteBatch(entries: entries(6...9, bytes: 200)))
        #expect(log.all.last == .durable(through: retried))
        #expect(wal.statistics.batchesFailed == 3)
        wal.close()

        let (again, recovered) = try openWAL(directory)
        again.close()
        #expect(recovered.logLines.isEmpty, "no torn tail left behind")
        #expect(recovered.entries == entries(1...5) + entries(6...9, bytes: 200))
        #expect(recovered.hardState == StoredHardState(term: 1, vote: 1, commit: 2))
    }

    /// After a failed fdatasync the kernel may have dropped the pages: nothing later can
    /// be trusted, so every later batch fails until a restart.
    @Test func failedFlushBreaksTheLogUntilRestart() throws {
        let directory = TemporaryDirectory()
        let log = CompletionLog()
        let failing = Atomic<Bool>(false)
        var options = StorageOptions()
        options.diskCalls = DiskCalls(
            writev: DiskCalls.system.writev,
            synchronizeData: { (descriptor) throws(SystemError) in
                if failing.load(ordering: .relaxed) { throw SystemError(EIO, "fdatasync") }
                try descriptor.synchronizeData()
            })
        let (wal, _) = try openWAL(directory, log, options: options)
        submitAndWait(wal, log, WriteBatch(entries: entries(1...2)))
        failing.store(true, ordering: .relaxed)
        let first = submitAndWait(wal, log, WriteBatch(entries: entries(3...3)))
        failing.store(false, ordering: .relaxed)
        let second = submitAndWait(wal, log, WriteBatch(entries: entries(3...3)))
        let error = StorageError.system(SystemError(EIO, "fdatasync"))
        #expect(log.all.suffix(2) == [.failed(first: first, last: first, error: error), .failed(first: second, last: second, error: error)])
        wal.close()
        let (again, recovered) = try openWAL(directory)
        again.close()
        #expect(recovered.entries.prefix(2) == entries(1...2)[...])
    }
}
