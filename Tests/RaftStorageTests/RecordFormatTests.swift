import Testing

@testable import RaftStorage

@Suite struct RecordFormatTests {
    let records: [Record] = [
        .hardState(StoredHardState(term: 7, vote: 3, commit: 41)),
        .entries([
            StoredEntry(term: 7, index: 42, kind: 1, data: []),
            StoredEntry(term: 7, index: 43, kind: 0, data: Array("SET k v".utf8)),
        ]),
        .snapshotMarker(index: 40, term: 6),
        .entries([]),
    ]

    private func decodeAll(_ bytes: [UInt8]) -> [Record] {
        bytes.withUnsafeBytes { raw in
            var decoded: [Record] = []
            var offset = 0
            while offset < raw.count, case .record(let record, let next) = RecordFormat.decode(raw, at: offset) {
                decoded.append(record)
                offset = next
            }
            return decoded
        }
    }

    @Test func roundTrip() {
        var bytes: [UInt8] = []
        for record in records { RecordFormat.append(record, to: &bytes) }
        #expect(decodeAll(bytes) == records)
    }

    @Test func headerIsLengthChecksumType() {
        var bytes: [UInt8] = []
        RecordFormat.append(.snapshotMarker(index: 1, term: 2), to: &bytes)
        #expect(bytes.count == 9 + 16)
        #expect(bytes[0..<4] == [16, 0, 0, 0])
        #expect(bytes[8] == RecordType.snapshotMarker.rawValue)
        #expect(UInt32(bytes[4]) | UInt32(bytes[5]) << 8 | UInt32(bytes[6]) << 16 | UInt32(bytes[7]) << 24
            == CRC32C.checksum(Array(bytes[8...])))
    }

    @Test func encodedBytesPredictsEncode() {
        let batch = WriteBatch(entries: entries(1...5, bytes: 100), hardState: StoredHardState(term: 1, vote: 1, commit: 3))
        var bytes: [UInt8] = []
        #expect(RecordFormat.encode(batch, into: &bytes) == 2)
        #expect(bytes.count == RecordFormat.encodedBytes(batch))
    }

    @Test func cutRecordIsTornAtEveryLength() {
        var bytes: [UInt8] = []
        RecordFormat.append(records[1], to: &bytes)
        for length in 0..<bytes.count {
            let cut = Array(bytes[..<length])
            cut.withUnsafeBytes { raw in
                guard case .damaged(_, let reachesEnd) = RecordFormat.decode(raw, at: 0) else {
                    Issue.record("length \(length) decoded")
                    return
                }
                #expect(reachesEnd)
            }
        }
    }

    @Test func flippedBitIsAChecksumMismatch() {
        var bytes: [UInt8] = []
        RecordFormat.append(records[1], to: &bytes)
        RecordFormat.append(records[0], to: &bytes)
        bytes[12] ^= 0x10
        bytes.withUnsafeBytes { raw in
            guard case .damaged(let reason, let reachesEnd) = RecordFormat.decode(raw, at: 0) else {
                Issue.record("damaged record decoded")
                return
            }
            #expect(reason.contains("checksum mismatch"))
            #expect(!reachesEnd)
        }
    }
}
