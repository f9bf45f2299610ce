import Testing
@testable import RaftStorage

/// The writer zero-fills the open segment ahead of its writes (`SegmentWriter.preallocate`);
/// recovery reads the zeros after the last record as the end of the log (DESIGN §5).
@Suite struct PreallocationTests {
    /// A log as a crash leaves it under preallocation: whole records, then zeros.
    func crashedLog(_ directory: TemporaryDirectory) throws -> (segment: String, whole: [UInt8], lastRecordStart: Int) {
        let log = CompletionLog()
        let (wal, _) = try openWAL(directory, log)
        submitAndWait(wal, log, WriteBatch(entries: entries(1...4), hardState: StoredHardState(term: 1, vote: 1, commit: 2)))
        submitAndWait(wal, log, WriteBatch(entries: entries(5...6)))
        wal.close()
        let segment = directory.segmentPaths()[0]
        let whole = readFile(segment)
        return (segment, whole, whole.count - RecordFormat.encodedBytes(WriteBatch(entries: entries(5...6))))
    }

    @Test func theOpenSegmentIsZeroFilledAheadAndCutBackOnClose() throws {
        let directory = TemporaryDirectory()
        let log = CompletionLog()
        let options = StorageOptions()
        let (wal, _) = try openWAL(directory, log, options: options)
        submitAndWait(wal, log, WriteBatch(entries: entries(1...3)))
        let segment = directory.segmentPaths()[0]
        let written = SegmentHeader.byteCount + RecordFormat.encodedBytes(WriteBatch(entries: entries(1...3)))
        let open = readFile(segment)
        #expect(Int64(open.count) == Int64(SegmentHeader.byteCount) + options.preallocationStepBytes)
        #expect(!open[written...].contains { $0 != 0 }, "zeros after the last record")
        wal.close()
        #expect(readFile(segment) == Array(open[..<written]), "a clean close leaves no zeros")
    }

    /// A crash leaves the zeros: recovery ends the log there, quietly, and keeps everything.
    @Test func zerosAfterTheLastRecordAreTheEndOfTheLog() throws {
        let directory = TemporaryDirectory()
        let (segment, whole, _) = try crashedLog(directory)
        writeFile(segment, whole + [UInt8](repeating: 0, count: 1 << 16))
        let (again, recovered) = try openWAL(directory)
        #expect(recovered.entries == entries(1...6))
        #expect(recovered.logLines == ["log of \(segment) ends at offset \(whole.count); released 65536 zero bytes after it"])
        again.close()
        // Appends resume right after the last record, not after the zeros.
        let log = CompletionLog()
        let (third, _) = try openWAL(directory, log)
        submitAndWait(third, log, WriteBatch(entries: entries(7...7)))
        third.close()
        let (fourth, last) = try openWAL(directory)
        fourth.close()
        #expect(last.entries == entries(1...7))
    }

    /// A write cut short inside the preallocated zeros, at every byte of the last record:
    /// the records before it come back, the cut one is reported torn and dropped.
    @Test func tornLastRecordFollowedByZerosAtEveryOffset() throws {
        let directory = TemporaryDirectory()
        let (segment, whole, lastRecordStart) = try crashedLog(directory)
        let zeros = [UInt8](repeating: 0, count: 4096)
        for cut in lastRecordStart...whole.count {
            writeFile(segment, Array(whole[..<cut]) + zeros)
            let (again, recovered) = try openWAL(directory)
            again.close()
            let expected = cut == whole.count ? entries(1...6) : entries(1...4)
            #expect(recovered.entries == expected, "cut at \(cut)")
            #expect(recovered.hardState == StoredHardState(term: 1, vote: 1, commit: 2), "cut at \(cut)")
            #expect(recovered.logLines.count == 1, "cut at \(cut)")
            #expect(readFile(segment).count == (cut == whole.count ? whole.count : lastRecordStart), "cut at \(cut)")
        }
    }

    /// A torn group can leave a page written after a page that was not: zeros at a record
    /// boundary end the log even with bytes after them (those were never acknowledged).
    @Test func zeroHeaderThenGarbageIsATornTail() throws {
        let directory = TemporaryDirectory()
        let (segment, whole, _) = try crashedLog(directory)
        writeFile(segment, whole + [UInt8](repeating: 0, count: 4096) + [UInt8](repeating: 0x5A, count: 100))
        let (again, recovered) = try openWAL(directory)
        again.close()
        #expect(recovered.entries == entries(1...6))
        #expect(recovered.logLines.first?.contains("truncated torn tail of \(segment) at offset \(whole.count)") == true)
        #expect(readFile(segment) == whole)
    }

    /// Rollover cuts the zeros off the full segment: only the last one may end in zeros,
    /// so a damaged record in an earlier one is still corruption.
    @Test func rolloverLeavesEarlierSegmentsExact() throws {
        let directory = TemporaryDirectory()
        let log = CompletionLog()
        var options = StorageOptions()
        options.segmentSizeBytes = 600
        options.preallocationStepBytes = 4096
        let (wal, _) = try openWAL(directory, log, options: options)
        for first in stride(from: UInt64(1), through: 40, by: 4) {
            submitAndWait(wal, log, WriteBatch(entries: entries(first...(first + 3))))
        }
        let paths = directory.segmentPaths()
        #expect(paths.count > 2)
        for path in paths.dropLast() {
            let bytes = readFile(path)
            #expect(bytes.count <= 600, "\(path) is cut to its records")
        }
        wal.close()
        let (again, recovered) = try openWAL(directory, options: options)
        again.close()
        #expect(recovered.entries == entries(1...40))
        #expect(recovered.logLines.isEmpty)
    }
}
