/// Stores little-endian fields into memory whose size was computed in advance: one
/// allocation and plain stores, where appending field by field to an array pays a
/// capacity check and the generic sequence path per field. Used on every write's path
/// (the entry a command becomes, the WAL record it is written in).
public struct LittleEndianWriter {
    @usableFromInline let base: UnsafeMutableRawBufferPointer
    /// Where the next field goes.
    @usableFromInline var position: Int
    /// Offset of the next byte to write in the buffer.
    @inlinable public var offset: Int { position }

    /// Writes into `base` from `offset`; every store is bounds-checked against `base`.
    @inlinable public init(_ base: UnsafeMutableRawBufferPointer, offset: Int = 0) {
        self.base = base
        self.position = offset
    }

    @inlinable public mutating func integer<T: FixedWidthInteger>(_ value: T) {
        precondition(position + MemoryLayout<T>.size <= base.count, "LittleEndianWriter overrun")
        base.storeBytes(of: value.littleEndian, toByteOffset: position, as: T.self)
        position += MemoryLayout<T>.size
    }

    @inlinable public mutating func bytes(_ value: [UInt8]) {
        precondition(position + value.count <= base.count, "LittleEndianWriter overrun")
        value.withUnsafeBytes { source in
            guard let from = source.baseAddress else { return }
            (base.baseAddress! + position).copyMemory(from: from, byteCount: source.count)
        }
        position += value.count
    }
}

extension Array where Element == UInt8 {
    /// An array of exactly `count` bytes, all written by `body` through a writer.
    @inlinable public init(count: Int, writing body: (inout LittleEndianWriter) -> Void) {
        self.init(unsafeUninitializedCapacity: count) { buffer, initialized in
            var writer = LittleEndianWriter(UnsafeMutableRawBufferPointer(buffer))
            body(&writer)
            precondition(writer.offset == count, "LittleEndianWriter wrote \(writer.offset) of \(count) bytes")
            initialized = count
        }
    }

    /// Appends exactly `count` bytes, all written by `body` through a writer.
    @inlinable public mutating func append(count: Int, writing body: (inout LittleEndianWriter) -> Void) {
        let start = self.count
        append(contentsOf: repeatElement(0, count: count))
        withUnsafeMutableBytes { buffer in
            var writer = LittleEndianWriter(buffer, offset: start)
            body(&writer)
            precondition(writer.offset == start + count, "LittleEndianWriter wrote \(writer.offset - start) of \(count) bytes")
        }
    }
}
