/// The kinds of WAL record. Values are on disk: never renumber.
enum RecordType: UInt8 {
    /// term u64, vote u64, commit u64.
    case hardState = 1
    /// count u32, then per entry: index u64, term u64, kind u8, length u32, data.
    case entries = 2
    /// index u64, term u64: a snapshot up to here is durable; replay drops what it covers.
    case snapshotMarker = 3
}

/// One decoded WAL record.
enum Record: Equatable {
    case hardState(StoredHardState)
    case entries([StoredEntry])
    case snapshotMarker(index: UInt64, term: UInt64)
}

/// `[u32 length][u32 crc32c][u8 type][payload]`, little-endian. `length` counts the
/// payload only; the CRC covers type and payload, so a record whose type byte flipped is
/// caught too.
enum RecordFormat {
    static let headerBytes = 9
    /// Bigger than any sane batch; a larger length field is damage, not data.
    static let maxPayloadBytes = 1 << 30

    /// Appends one record of `type` whose payload `writePayload` appends.
    static func append(_ type: RecordType, to buffer: inout [UInt8], _ writePayload: (inout [UInt8]) -> Void) {
        let start = buffer.count
        buffer.appendLittleEndian(UInt32(0))
        buffer.appendLittleEndian(UInt32(0))
        buffer.append(type.rawValue)
        writePayload(&buffer)
        let payloadBytes = buffer.count - start - headerBytes
        precondition(payloadBytes <= maxPayloadBytes, "WAL record of \(payloadBytes) bytes exceeds the limit")
        let crc = buffer.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[(start + 8)...])) }
        buffer.storeLittleEndian(UInt32(payloadBytes), at: start)
        buffer.storeLittleEndian(crc, at: start + 4)
    }

    static func append(_ record: Record, to buffer: inout [UInt8]) {
        switch record {
        case .hardState(let state):
            append(.hardState, to: &buffer) { payload in
                payload.appendLittleEndian(state.term)
                payload.appendLittleEndian(state.vote)
                payload.appendLittleEndian(state.commit)
            }
        case .entries(let entries):
            append(.entries, to: &buffer) { payload in
                // Sized first and written in place: this is every write's path.
                var size = 4
                for entry in entries { size += 8 + 8 + 1 + 4 + entry.data.count }
                payload.append(count: size) { out in
                    out.integer(UInt32(entries.count))
                    for entry in entries {
                        out.integer(entry.index)
                        out.integer(entry.term)
                        out.integer(entry.kind)
                        out.integer(UInt32(entry.data.count))
                        out.bytes(entry.data)
                    }
                }
            }
        case .snapshotMarker(let index, let term):
            append(.snapshotMarker, to: &buffer) { payload in
                payload.appendLittleEndian(index)
                payload.appendLittleEndian(term)
            }
        }
    }

    /// The bytes `encode` will append for `batch`, to decide on rollover before encoding.
    static func encodedBytes(_ batch: WriteBatch) -> Int {
        var bytes = batch.hardState == nil ? 0 : headerBytes + 24
        if !batch.entries.isEmpty {
            bytes += headerBytes + 4
            for entry in batch.entries { bytes += 21 + entry.data.count }
        }
        return bytes
    }

    /// The records of one batch: entries first, then the hard state whose commit index
    /// may refer to them.
    static func encode(_ batch: WriteBatch, into buffer: inout [UInt8]) -> Int {
        var records = 0
        if !batch.entries.isEmpty {
            append(.entries(batch.entries), to: &buffer)
            records += 1
        }
        if let state = batch.hardState {
            append(.hardState(state), to: &buffer)
            records += 1
        }
        return records
    }

    /// The outcome of reading one record at an offset.
    enum Decoded {
        case record(Record, nextOffset: Int)
        /// The record cannot be read; `reachesEnd` says whether the damage could be a
        /// write cut short by a crash (it runs to the end of the file).
        case damaged(reason: String, reachesEnd: Bool)
    }

    /// Reads the record at `offset` of `bytes` (a whole segment).
    static func decode(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Decoded {
        var header = ByteReader(bytes, offset: offset)
        guard let length = header.read(UInt32.self), let crc = header.read(UInt32.self) else {
            return .damaged(reason: "partial record header", reachesEnd: true)
        }
        let bodyStart = offset + 8
        let bodyEnd = bodyStart + 1 + Int(length)
        guard Int(length) <= maxPayloadBytes else {
            return .damaged(reason: "record length \(length) exceeds the limit", reachesEnd: bodyEnd >= bytes.count)
        }
        guard bodyEnd <= bytes.count else {
            return .damaged(reason: "record of \(length) bytes runs past the end of the file", reachesEnd: true)
        }
        let body = UnsafeRawBufferPointer(rebasing: bytes[bodyStart..<bodyEnd])
        let actual = CRC32C.checksum(body)
        guard actual == crc else {
            return .damaged(
                reason: "checksum mismatch (stored \(hex(crc)), computed \(hex(actual)))",
                reachesEnd: bodyEnd == bytes.count)
        }
        guard let type = RecordType(rawValue: body[0]) else {
            return .damaged(reason: "unknown record type \(body[0])", reachesEnd: false)
        }
        guard let record = decodePayload(type, UnsafeRawBufferPointer(rebasing: body[1...])) else {
            return .damaged(reason: "malformed \(type) record", reachesEnd: false)
        }
        return .record(record, nextOffset: bodyEnd)
    }

    private static func decodePayload(_ type: RecordType, _ payload: UnsafeRawBufferPointer) -> Record? {
        var reader = ByteReader(payload)
        let record: Record
        switch type {
        case .hardState:
            guard let term = reader.read(UInt64.self), let vote = reader.read(UInt64.self),
                let commit = reader.read(UInt64.self)
            else { return nil }
            record = .hardState(StoredHardState(term: term, vote: vote, commit: commit))
        case .entries:
            guard let count = reader.read(UInt32.self) else { return nil }
            var entries: [StoredEntry] = []
            entries.reserveCapacity(Int(min(count, 1 << 16)))
            for _ in 0..<count {
                guard let index = reader.read(UInt64.self), let term = reader.read(UInt64.self),
                    let kind = reader.read(UInt8.self), let length = reader.read(UInt32.self),
                    let data = reader.readBytes(Int(length))
                else { return nil }
                entries.append(StoredEntry(term: term, index: index, kind: kind, data: data))
            }
            record = .entries(entries)
        case .snapshotMarker:
            guard let index = reader.read(UInt64.self), let term = reader.read(UInt64.self) else { return nil }
            record = .snapshotMarker(index: index, term: term)
        }
        // Trailing bytes inside a checksummed record mean a writer bug, not a torn write.
        return reader.remaining == 0 ? record : nil
    }
}

func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
