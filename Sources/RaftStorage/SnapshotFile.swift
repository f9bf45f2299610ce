import SystemCalls

/// The snapshot file format and its atomic write.
///
/// Layout (little-endian): magic "SKIFSNAP", version u32, index u64, term u64,
/// configuration length u32, configuration bytes, data length u64, data crc32c u32,
/// header crc32c u32 (of every header byte before it), then the data. The two checksums
/// together cover the whole file; the data's is accumulated while chunks stream in, so
/// the length need not be known before the last chunk.
enum SnapshotFile {
    static let magic: [UInt8] = Array("SKIFSNAP".utf8)
    static let currentVersion: UInt32 = 1

    static func headerBytes(configurationCount: Int) -> Int { 8 + 4 + 8 + 8 + 4 + configurationCount + 8 + 4 + 4 }

    static func encodeHeader(_ metadata: SnapshotMetadata, dataCount: UInt64, dataCRC: UInt32) -> [UInt8] {
        var bytes = magic
        bytes.appendLittleEndian(currentVersion)
        bytes.appendLittleEndian(metadata.index)
        bytes.appendLittleEndian(metadata.term)
        bytes.appendLittleEndian(UInt32(metadata.configuration.count))
        bytes.append(contentsOf: metadata.configuration)
        bytes.appendLittleEndian(dataCount)
        bytes.appendLittleEndian(dataCRC)
        bytes.appendLittleEndian(CRC32C.checksum(bytes))
        return bytes
    }

    /// Streams `chunks` into `<directory>/<term>-<index>.snap` so that the file either
    /// exists whole and durable or not at all: write a temporary file, fsync it, rename,
    /// fsync the directory. Returns the final path and the data length.
    static func write(
        directory: String, metadata: SnapshotMetadata, chunks: () throws(StorageError) -> [UInt8]?
    ) throws(StorageError) -> (path: String, dataBytes: UInt64) {
        let name = StorageLayout.snapshotName(term: metadata.term, index: metadata.index)
        let path = directory + "/" + name
        let temporary = path + StorageLayout.temporarySuffix
        do throws(StorageError) {
            let file = try systemCall { () throws(SystemError) in
                try FileDescriptor.open(temporary, [.writeOnly, .create, .truncate])
            }
            var closed = false
            defer { if !closed { file.close() } }
            var offset = Int64(headerBytes(configurationCount: metadata.configuration.count))
            var dataCRC: UInt32 = 0
            var dataBytes: UInt64 = 0
            while let chunk = try chunks() {
                dataCRC = chunk.withUnsafeBytes { CRC32C.update(dataCRC, $0) }
                try systemCall { () throws(SystemError) in try file.writeAll(chunk, at: offset) }
                offset += Int64(chunk.count)
                dataBytes += UInt64(chunk.count)
            }
            try systemCall { () throws(SystemError) in
                try file.writeAll(encodeHeader(metadata, dataCount: dataBytes, dataCRC: dataCRC), at: 0)
                try file.synchronize()
                file.close()
                closed = true
                try FileSystem.rename(temporary, to: path)
                try FileSystem.synchronizeDirectory(directory)
            }
            return (path, dataBytes)
        } catch {
            try? FileSystem.unlink(temporary)
            throw error
        }
    }

    private static func systemCall<T>(_ body: () throws(SystemError) -> T) throws(StorageError) -> T {
        do {
            return try body()
        } catch {
            throw .system(error)
        }
    }

    /// Reads and verifies a snapshot file whole.
    static func read(path: String) throws(StorageError) -> RecoveredSnapshot {
        let bytes: [UInt8]
        do {
            let file = try FileDescriptor.open(path, .readOnly)
            defer { file.close() }
            bytes = try file.readBytes(count: Int(try file.size()), at: 0)
        } catch {
            throw .system(error)
        }
        // withUnsafeBytes rethrows untyped errors, so the parse returns a Result instead.
        return try bytes.withUnsafeBytes { all in Result { () throws(StorageError) in try parse(all, path: path) } }.get()
    }

    private static func parse(_ all: UnsafeRawBufferPointer, path: String) throws(StorageError) -> RecoveredSnapshot {
        var reader = ByteReader(all)
        func corrupt(_ reason: String) -> StorageError { .corrupt(file: path, offset: Int64(reader.offset), reason: reason) }
        guard reader.readBytes(8) == magic else { throw corrupt("not a Skiff snapshot (bad magic)") }
        guard let version = reader.read(UInt32.self) else { throw corrupt("header cut short") }
        guard version == currentVersion else { throw .unsupportedVersion(file: path, version: version) }
        guard let index = reader.read(UInt64.self), let term = reader.read(UInt64.self),
            let configurationCount = reader.read(UInt32.self),
            let configuration = reader.readBytes(Int(configurationCount)),
            let dataCount = reader.read(UInt64.self), let dataCRC = reader.read(UInt32.self)
        else { throw corrupt("header cut short") }
        let headerCRC = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: all[0..<reader.offset]))
        guard reader.read(UInt32.self) == headerCRC else { throw corrupt("header checksum mismatch") }
        guard UInt64(reader.remaining) == dataCount else {
            throw corrupt("data is \(reader.remaining) bytes, header says \(dataCount)")
        }
        let dataStart = reader.offset
        guard let data = reader.readBytes(Int(dataCount)) else { throw corrupt("data cut short") }
        guard CRC32C.checksum(data) == dataCRC else {
            throw .corrupt(file: path, offset: Int64(dataStart), reason: "data checksum mismatch")
        }
        return RecoveredSnapshot(
            metadata: SnapshotMetadata(index: index, term: term, configuration: configuration), data: data, path: path)
    }
}
