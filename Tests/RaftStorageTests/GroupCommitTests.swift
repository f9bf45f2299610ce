import Dispatch
import Glibc
import Synchronization
import SystemCalls
import Testing

@testable import RaftStorage

@Suite struct GroupCommitTests {
    /// Real calls, but each `fdatasync` takes at least a millisecond more, so batches
    /// pile up behind it whatever this disk's speed (the test is about grouping, not
    /// about the disk).
    static func slowFlushes() -> DiskCalls {
        DiskCalls(
            writev: DiskCalls.system.writev,
            synchronizeData: { (descriptor) throws(SystemError) in
                try descriptor.synchronizeData()
                usleep(1000)
            })
    }

    @Test func concurrentSubmitsAreReportedOnceInOrderAndShareFsyncs() throws {
        let directory = TemporaryDirectory()
        let log = CompletionLog()
        var options = StorageOptions()
        options.diskCalls = Self.slowFlushes()
        let (wal, _) = try openWAL(directory, log, options: options)
        let entryBatches: UInt64 = 600
        let stateBatchesPerThread = 300
        let group = DispatchGroup()
        // One submitter owns the log (as the loop does); two more add hard-state-only
        // batches at the same time to stress the queue's hand-off.
        DispatchQueue.global().async(group: group) {
            for index in 1...entryBatches { wal.submit(WriteBatch(entries: entries(index...index))) }
        }
        for voter in UInt64(1)...2 {
            DispatchQueue.global().async(group: group) {
                for term in 1...stateBatchesPerThread {
                    wal.submit(WriteBatch(hardState: StoredHardState(term: UInt64(term), vote: voter, commit: 0)))
                }
            }
        }
        group.wait()
        let total = entryBatches + 2 * UInt64(stateBatchesPerThread)
        log.wait(for: total)
        let statistics = wal.statistics
        wal.close()

        var covered: UInt64 = 0
        for completion in log.all {
            guard case .durable(let through) = completion else {
                Issue.record("unexpected \(completion)")
                continue
            }
            #expect(through > covered, "notices must move forward")
            covered = through
        }
        #expect(covered == total)
        #expect(statistics.batchesWritten == total)
        #expect(statistics.fsyncs < total / 4, "\(statistics)")
        #expect(statistics.groupsWritten == statistics.fsyncs)

        let (again, recovered) = try openWAL(directory)
        again.close()
        #expect(recovered.entries == entries(1...entryBatches))
    }

    /// A commit-index hint (`mustSync: false`) is written but not flushed under `always`;
    /// the next batch that must be durable flushes it along with itself.
    @Test func aGroupOfHintsAloneIsNotFlushed() throws {
        let directory = TemporaryDirectory()
        let log = CompletionLog()
        let (wal, _) = try openWAL(directory, log)
        submitAndWait(wal, log, WriteBatch(entries: entries(1...2), hardState: StoredHardState(term: 1, vote: 1, commit: 0)))
        let flushed = wal.statistics.fsyncs
        submitAndWait(wal, log, WriteBatch(hardState: StoredHardState(term: 1, vote: 1, commit: 2), mustSync: false))
        #expect(wal.statistics.fsyncs == flushed, "a hint alone costs no fdatasync")
        submitAndWait(wal, log, WriteBatch(entries: entries(3...3)))
        #expect(wal.statistics.fsyncs == flushed + 1)
        wal.close()
        let (again, recovered) = try openWAL(directory)
        again.close()
        #expect(recovered.entries == entries(1...3))
        #expect(recovered.hardState == StoredHardState(term: 1, vote: 1, commit: 2))
    }

    @Test func everysecReportsAtOnceAndFlushesWithinASecond() throws {
        let directory = TemporaryDirectory()
        let log = CompletionLog()
        var options = StorageOptions()
        options.fsyncPolicy = .everysec
        let (wal, _) = try openWAL(directory, log, options: options)
        submitAndWait(wal, log, WriteBatch(entries: entries(1...1)))
        submitAndWait(wal, log, WriteBatch(entries: entries(2...2)))
        #expect(wal.statistics.fsyncs <= 1)
        usleep(1_300_000)
        #expect(wal.statistics.fsyncs >= 1)
        wal.close()
    }

    @Test func noPolicyNeverFlushesUntilClose() throws {
        let directory = TemporaryDirectory()
        let log = CompletionLog()
        var options = StorageOptions()
        options.fsyncPolicy = .no
        let (wal, _) = try openWAL(directory, log, options: options)
        for index in UInt64(1)...20 { submitAndWait(wal, log, WriteBatch(entries: entries(index...index))) }
        #expect(wal.statistics.fsyncs == 0)
        wal.close()
        #expect(wal.statistics.fsyncs == 1)
        let (again, recovered) = try openWAL(directory)
        again.close()
        #expect(recovered.entries == entries(1...20))
    }

    @Test func snapshotThresholds() {
        var options = StorageOptions()
        options.snapshotEntriesThreshold = 100
        options.snapshotBytesThreshold = 1000
        #expect(!options.shouldSnapshot(entriesSinceSnapshot: 99, bytesSinceSnapshot: 999))
        #expect(options.shouldSnapshot(entriesSinceSnapshot: 100, bytesSinceSnapshot: 0))
        #expect(options.shouldSnapshot(entriesSinceSnapshot: 1, bytesSinceSnapshot: 1000))
    }
}

@Suite struct CompletionOrderTests {
    /// A refused batch in the middle of a group is reported between its neighbours.
    @Test func refusedBatchInsideAGroupKeepsSubmissionOrder() throws {
        let directory = TemporaryDirectory()
        let log = CompletionLog()
        let flushesStarted = Atomic<Int>(0)
        var options = StorageOptions()
        options.diskCalls = DiskCalls(
            writev: DiskCalls.system.writev,
            synchronizeData: { (descriptor) throws(SystemError) in
                flushesStarted.add(1, ordering: .sequentiallyConsistent)
                try descriptor.synchronizeData()
                usleep(100_000)
            })
        let (wal, _) = try openWAL(directory, log, options: options)
        wal.submit(WriteBatch(entries: entries(1...1)))
        while flushesStarted.load(ordering: .sequentiallyConsistent) == 0 { usleep(100) }
        // Queued while the first flush sleeps: they form the next group.
        wal.submit(WriteBatch(entries: entries(2...2)))
        wal.submit(WriteBatch(entries: entries(5...5)))
        wal.submit(WriteBatch(entries: entries(3...3)))
        log.wait(for: 4)
        #expect(log.all == [
            .durable(through: 1), .durable(through: 2),
            .failed(first: 3, last: 3, error: .gap(expectedAtMost: 3, got: 5)), .durable(through: 4),
        ])
        #expect(wal.statistics.fsyncs == 2)
        wal.close()
    }
}
