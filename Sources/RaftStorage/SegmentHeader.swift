/// The first bytes of every WAL segment: they tie the file to one node of one cluster, so
/// a data directory copied to the wrong node, or two nodes pointed at one directory, is
/// refused at start instead of silently replaying someone else's log.
///
/// Layout (40 bytes, little-endian): magic "SKIFFWAL", version u32, cluster id u64,
/// node id u64, segment sequence u64, crc32c u32 of the 36 bytes before it.
struct SegmentHeader: Equatable {
    static let magic: [UInt8] = Array("SKIFFWAL".utf8)
    static let currentVersion: UInt32 = 1
    static let byteCount = 40

    var version: UInt32 = currentVersion
    var clusterID: UInt64
    var nodeID: UInt64
    var sequence: UInt64

    func encoded() -> [UInt8] {
        var bytes = SegmentHeader.magic
        bytes.reserveCapacity(SegmentHeader.byteCount)
        bytes.appendLittleEndian(version)
        bytes.appendLittleEndian(clusterID)
        bytes.appendLittleEndian(nodeID)
        bytes.appendLittleEndian(sequence)
        bytes.appendLittleEndian(CRC32C.checksum(bytes))
        return bytes
    }

    /// Parses and checks a header; `file` names the segment in errors.
    static func decode(
        _ bytes: UnsafeRawBufferPointer, file: String, clusterID: UInt64, nodeID: UInt64
    ) throws(StorageError) -> SegmentHeader {
        guard bytes.count >= byteCount else {
            throw .corrupt(file: file, offset: 0, reason: "segment header cut short (\(bytes.count) bytes)")
        }
        guard Array(bytes[0..<8]) == magic else {
            throw .corrupt(file: file, offset: 0, reason: "not a Skiff WAL segment (bad magic)")
        }
        var reader = ByteReader(bytes, offset: 8)
        let version = reader.read(UInt32.self)!
        let cluster = reader.read(UInt64.self)!
        let node = reader.read(UInt64.self)!
        let sequence = reader.read(UInt64.self)!
        let stored = reader.read(UInt32.self)!
        let computed = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<36]))
        guard stored == computed else {
            throw .corrupt(file: file, offset: 0, reason: "segment header checksum mismatch")
        }
        guard version == currentVersion else { throw .unsupportedVersion(file: file, version: version) }
        guard cluster == clusterID, node == nodeID else {
            throw .wrongIdentity(
                file: file, expected: "cluster \(clusterID) node \(nodeID)", found: "cluster \(cluster) node \(node)")
        }
        return SegmentHeader(version: version, clusterID: cluster, nodeID: node, sequence: sequence)
    }
}

/// Names of files in the data directory: `wal/<sequence, 16 hex digits>.wal` and
/// `snap/<term>-<index>.snap` (both 16 hex digits, so names sort in log order).
enum StorageLayout {
    static let walDirectory = "wal"
    static let snapshotDirectory = "snap"
    static let temporarySuffix = ".tmp"

    static func hex16(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 16 - digits.count)) + digits
    }

    static func segmentName(_ sequence: UInt64) -> String { hex16(sequence) + ".wal" }

    static func segmentSequence(_ name: String) -> UInt64? {
        guard name.hasSuffix(".wal"), name.utf8.count == 20 else { return nil }
        return UInt64(name.dropLast(4), radix: 16)
    }

    static func snapshotName(term: UInt64, index: UInt64) -> String { "\(hex16(term))-\(hex16(index)).snap" }

    static func snapshotPosition(_ name: String) -> (term: UInt64, index: UInt64)? {
        guard name.hasSuffix(".snap"), name.utf8.count == 38 else { return nil }
        let parts = name.dropLast(5).split(separator: "-")
        guard parts.count == 2, let term = UInt64(parts[0], radix: 16), let index = UInt64(parts[1], radix: 16)
        else { return nil }
        return (term, index)
    }
}
