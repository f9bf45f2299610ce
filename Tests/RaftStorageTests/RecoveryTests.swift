import Glibc
import Testing

@testable import RaftStorage

@Suite struct RecoveryTests {
    @Test func freshDirectoryRecoversNothing() throws {
        let directory = TemporaryDirectory()
        let (wal, recovered) = try openWAL(directory)
        wal.close()
        #expect(recovered.hardState == .initial)
        #expect(recovered.entries.isEmpty)
        #expect(recovered.snapshot == nil)
        #expect(directory.segmentPaths().count == 1)
    }

    @Test func writtenBatchesComeBack() throws {
        let directory = TemporaryDirectory()
        let log = CompletionLog()
        let (wal, _) = try openWAL(directory, log)
        submitAndWait(wal, log, WriteBatch(entries: entries(1...3), hardState: StoredHardState(term: 1, vote: 2, commit: 0)))
        submitAndWait(wal, log, WriteBatch(entries: entries(4...9), hardState: StoredHardState(term: 1, vote: 2, commit: 3)))
        wal.close()
        #expect(log.all == [.durable(through: 1), .durable(through: 2)])

        let (again, recovered) = try openWAL(directory)
        again.close()
        #expect(recovered.entries == entries(1...9))
        #expect(recovered.hardState == StoredHardState(term: 1, vote: 2, commit: 3))
        #expect(recovered.logLines.isEmpty)
    }

    @Test func overwrittenEntriesAreResolvedOnReplay() throws {
        let directory = TemporaryDirectory()
        let log = CompletionLog()
        let (wal, _) = try openWAL(directory, log)
        submitAndWait(wal, log, WriteBatch(entries: entries(1...10, term: 1)))
        submitAndWait(wal, log, WriteBatch(entries: entries(6...8, term: 2)))
        wal.close()
        let (again, recovered) = try openWAL(directory)
        again.close()
        #expect(recovered.entries == entries(1...5, term: 1) + entries(6...8, term: 2))
    }

    @Test func wrongClusterOrNodeIsRefused() throws {
        let directory = TemporaryDirectory()
        let (wal, _) = try openWAL(directory)
        wal.close()
        let segment = directory.segmentPaths()[0]
        #expect(throws: StorageError.wrongIdentity(
            file: segment, expected: "cluster 193 node 3", found: "cluster 193 node 2")
        ) {
            try openWAL(directory, nodeID: 3)
        }
        #expect(throws: StorageError.wrongIdentity(
            file: segment, expected: "cluster 9 node 2", found: "cluster 193 node 2")
        ) {
            try openWAL(directory, clusterID: 9)
        }
    }

    @Test func segmentsRollOverAndReplayInOrder() throws {
        let directory = TemporaryDirectory()
        let log = CompletionLog()
        var options = StorageOptions()
        options.segmentSizeBytes = 2048
        let (wal, _) = try openWAL(directory, log, options: options)
        for start in stride(from: UInt64(1), through: 200, by: 10) {
            wal.submit(WriteBatch(entries: entries(start...start + 9, bytes: 40)))
        }
        log.wait(for: 20)
        wal.close()
        #expect(directory.segmentPaths().count > 5)
        for path in directory.segmentPaths() {
            // A batch never straddles segments, so each stays near the limit.
            #expect(readFile(path).count <= 2048)
        }
        let (again, recovered) = try openWAL(directory, options: options)
        again.close()
        #expect(recovered.entries == entries(1...200, bytes: 40))
    }

    /// A crash can cut the last write anywhere: truncating the file at every byte offset
    /// inside the last record must recover every earlier record and say what it cut.
    @Test func tornTailAtEveryByteOffsetOfTheLastRecord() throws {
        let directory = TemporaryDirectory()
        let log = CompletionLog()
        let (wal, _) = try openWAL(directory, log)
        submitAndWait(wal, log, WriteBatch(entries: entries(1...4), hardState: StoredHardState(term: 1, vote: 1, commit: 2)))
        submitAndWait(wal, log, WriteBatch(entries: entries(5...6)))
        let goodBytes = Int(wal.statistics.bytesWritten) - RecordFormat.encodedBytes(WriteBatch(entries: entries(5...6)))
        submitAndWait(wal, log, WriteBatch(entries: entries(7...9)))
        wal.close()
        let segment = directory.segmentPaths()[0]
        let whole = readFile(segment)
        let lastRecordStart = whole.count - RecordFormat.encodedBytes(WriteBatch(entries: entries(7...9)))
        #expect(lastRecordStart == SegmentHeader.byteCount + goodBytes + RecordFormat.encodedBytes(WriteBatch(entries: entries(5...6))))

        for cut in lastRecordStart..<whole.count {
            writeFile(segment, Array(whole[..<cut]))
            let (again, recovered) = try openWAL(directory)
            again.close()
            #expect(recovered.entries == entries(1...6), "cut at \(cut)")
            #expect(recovered.hardState == StoredHardState(term: 1, vote: 1, commit: 2))
            if cut == lastRecordStart {
                #expect(recovered.logLines.isEmpty)
            } else {
                #expect(recovered.logLines.count == 1, "cut at \(cut)")
                #expect(recovered.logLines.first?.contains("truncated torn tail of \(segment) at offset \(lastRecordStart)") == true)
            }
            #expect(readFile(segment).count == lastRecordStart)
        }
    }

    @Test func badChecksumInTheVeryLastRecordIsATornTail() throws {
        let directory = TemporaryDirectory()
        let log = CompletionLog()
        let (wal, _) = try openWAL(directory, log)
        submitAndWait(wal, log, WriteBatch(entries: entries(1...4)))
        submitAndWait(wal, log, WriteBatch(entries: entries(5...6)))
        wal.close()
        let segment = directory.segmentPaths()[0]
        var bytes = readFile(segment)
        bytes[bytes.count - 1] ^= 0xFF
        writeFile(segment, bytes)
        let (again, recovered) = try openWAL(directory)
        again.close()
        #expect(recovered.entries == entries(1...4))
        #expect(recovered.logLines.first?.contains("checksum mismatch") == true)
    }

    @Test func zeroFilledTailIsTruncated() throws {
        let directory = TemporaryDirectory()
        let log = CompletionLog()
        let (wal, _) = try openWAL(directory, log)
        submitAndWait(wal, log, WriteBatch(entries: entries(1...4)))
        wal.close()
        let segment = directory.segmentPaths()[0]
        let good = readFile(segment)
        writeFile(segment, good + [UInt8](repeating: 0, count: 4096))
        let (again, recovered) = try openWAL(directory)
        again.close()
        #expect(recovered.entries == entries(1...4))
        #expect(recovered.logLines.first?.contains("ends at offset \(good.count); released 4096 zero bytes") == true)
        #expect(readFile(segment) == good)
    }

    @Test func corruptedMiddleRecordIsRefusedWithFileAndOffset() throws {
        let directory = TemporaryDirectory()
        let log = CompletionLog()
        let (wal, _) = try openWAL(directory, log)
        for start in stride(from: UInt64(1), through: 7, by: 3) {
            submitAndWait(wal, log, WriteBatch(entries: entries(start...start + 2)))
        }
        wal.close()
        let segment = directory.segmentPaths()[0]
        var bytes = readFile(segment)
        let recordBytes = RecordFormat.encodedBytes(WriteBatch(entries: entries(1...3)))
        let secondRecord = SegmentHeader.byteCount + recordBytes
        bytes[secondRecord + 20] ^= 0x01
        writeFile(segment, bytes)
        do {
            _ = try openWAL(directory)
            Issue.record("opened a corrupt log")
        } catch {
            guard case .corrupt(let file, let offset, let reason) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(file == segment)
            #expect(offset == Int64(secondRecord))
            #expect(reason.contains("checksum mismatch"))
            #expect(error.description.contains("corrupt data in \(segment) at offset \(secondRecord)"))
        }
        // Refusing must not have "repaired" anything.
        #expect(readFile(segment) == bytes)
    }

    /// Only the last segment can have a torn tail; the same damage earlier is corruption.
    @Test func damagedTailOfAnEarlierSegmentIsRefused() throws {
        let directory = TemporaryDirectory()
        let log = CompletionLog()
        var options = StorageOptions()
        options.segmentSizeBytes = 512
        let (wal, _) = try openWAL(directory, log, options: options)
        for start in stride(from: UInt64(1), through: 40, by: 4) {
            wal.submit(WriteBatch(entries: entries(start...start + 3, bytes: 30)))
        }
        log.wait(for: 10)
        wal.close()
        let first = directory.segmentPaths()[0]
        let bytes = readFile(first)
        writeFile(first, Array(bytes[..<(bytes.count - 3)]))
        #expect(throws: StorageError.self) { try openWAL(directory, options: options) }
    }

    @Test func missingSegmentIsRefused() throws {
        let directory = TemporaryDirectory()
        let log = CompletionLog()
        var options = StorageOptions()
        options.segmentSizeBytes = 512
        let (wal, _) = try openWAL(directory, log, options: options)
        for start in stride(from: UInt64(1), through: 40, by: 4) {
            wal.submit(WriteBatch(entries: entries(start...start + 3, bytes: 30)))
        }
        log.wait(for: 10)
        wal.close()
        let paths = directory.segmentPaths()
        #expect(paths.count >= 3)
        unlink(paths[1])
        do {
            _ = try openWAL(directory, options: options)
            Issue.record("opened a log with a hole")
        } catch {
            #expect(error.description.contains("is missing"))
        }
    }

    @Test func unfinishedTemporaryFilesAreRemoved() throws {
        let directory = TemporaryDirectory()
        let (wal, _) = try openWAL(directory)
        wal.close()
        writeFile(directory.walDirectory + "/0000000000000002.wal.tmp", [1, 2, 3])
        let (again, recovered) = try openWAL(directory)
        again.close()
        #expect(recovered.logLines == ["removed unfinished file \(directory.walDirectory)/0000000000000002.wal.tmp"])
        #expect(directory.segmentPaths().count == 1)
    }
}

@Suite struct DirectoryLockTests {
    @Test func secondOpenOfTheSameDirectoryIsRefusedUntilClose() throws {
        let directory = TemporaryDirectory()
        let (wal, _) = try openWAL(directory)
        #expect(throws: StorageError.locked(directory: directory.path)) { try openWAL(directory) }
        wal.close()
        let (again, _) = try openWAL(directory)
        again.close()
    }
}
