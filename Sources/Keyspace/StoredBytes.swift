/// A byte string as the keyspace stores it: keys, hash fields and values, set and sorted
/// set members, string values.
///
/// 16 bytes. Strings of up to `inlineCapacity` bytes live inside the value itself (no
/// allocation at all, like Swift String's small form); longer ones take one tail-allocated
/// buffer with only the object header in front of the bytes. A `[UInt8]` costs a 32-byte
/// buffer header plus its bytes on top of its 8-byte reference, and at a million small
/// fields that overhead was most of the memory (issues #7, #8).
///
/// Why 14 inline bytes and not 15 as String has: String keeps its discriminator and
/// count in spare bits of the pointer, which only the standard library can do; here the
/// enum's tag takes the 16th byte and the count one byte of the inline payload.
public struct StoredBytes: Sendable {
    /// The longest string kept inline.
    public static let inlineCapacity = 14

    /// 15 bytes: 14 of data then the count (the enum's tag is the 16th byte).
    @usableFromInline typealias InlineWords = (UInt64, UInt32, UInt16, UInt8)

    @usableFromInline enum Storage: @unchecked Sendable {
        case inline(InlineWords)
        /// The buffer and the number of bytes used in it (its capacity may be larger).
        case heap(HeapBytes, UInt32)
    }

    @usableFromInline var storage: Storage

    /// The empty string.
    @inlinable public init() {
        storage = .inline((0, 0, 0, 0))
    }

    /// A copy of `bytes`.
    @inlinable public init(_ bytes: UnsafeRawBufferPointer) {
        self.init(bytes, capacity: bytes.count)
    }

    /// A copy of `bytes` with room for `capacity` bytes (APPEND's growth).
    @usableFromInline init(_ bytes: UnsafeRawBufferPointer, capacity: Int) {
        let count = bytes.count
        if capacity <= StoredBytes.inlineCapacity {
            var words: InlineWords = (0, 0, 0, UInt8(truncatingIfNeeded: count))
            withUnsafeMutableBytes(of: &words) { raw in
                if count > 0 { raw.baseAddress!.copyMemory(from: bytes.baseAddress!, byteCount: count) }
            }
            storage = .inline(words)
        } else {
            precondition(count <= Int(UInt32.max), "a stored string is limited to 4 GiB")
            let buffer = HeapBytes.make(capacity: capacity)
            buffer.withUnsafeMutablePointerToElements { elements in
                if count > 0 { UnsafeMutableRawPointer(elements).copyMemory(from: bytes.baseAddress!, byteCount: count) }
            }
            storage = .heap(buffer, UInt32(count))
        }
    }

    /// A copy of `bytes`.
    @inlinable public init<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        if let made = bytes.withContiguousStorageIfAvailable({ StoredBytes(UnsafeRawBufferPointer($0)) }) {
            self = made
        } else {
            self = Array(bytes).withUnsafeBytes { StoredBytes($0) }
        }
    }

    /// The decimal digits of `value` (INCR's result, an intset member), made without an array.
    public init(decimal value: Int64) {
        var digits: (UInt64, UInt64, UInt32) = (0, 0, 0)  // 20 bytes: "-9223372036854775808"
        self = Swift.withUnsafeMutableBytes(of: &digits) { raw in
            var magnitude = value.magnitude
            var start = raw.count
            repeat {
                start -= 1
                raw[start] = 0x30 &+ UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                start -= 1
                raw[start] = 0x2D
            }
            return StoredBytes(UnsafeRawBufferPointer(rebasing: raw[start...]))
        }
    }

    /// The number of bytes.
    @inlinable public var count: Int {
        switch storage {
        case .inline(let words): return Int(words.3)
        case .heap(_, let count): return Int(count)
        }
    }

    /// Whether the bytes live inside the value (no allocation).
    public var isInline: Bool {
        if case .inline = storage { return true }
        return false
    }

    /// Calls `body` with the bytes in place (inline ones from a stack copy).
    @inlinable @inline(__always)
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        switch storage {
        case .inline(var words):
            let count = Int(words.3)
            return try Swift.withUnsafeBytes(of: &words) { try body(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        case .heap(let buffer, let count):
            return try buffer.withUnsafeMutablePointerToElements {
                try body(UnsafeRawBufferPointer(start: $0, count: Int(count)))
            }
        }
    }

    /// The bytes as an array (for callers that keep or change them).
    @inlinable public var array: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Whether these are the bytes of `other` (any contiguous or not byte collection).
    @inlinable public func equals<C: Collection>(_ other: C) -> Bool where C.Element == UInt8 {
        guard other.count == count else { return false }
        return withUnsafeBytes { mine in
            other.withContiguousStorageIfAvailable { ByteHash.equal(mine, UnsafeRawBufferPointer($0)) }
                ?? mine.elementsEqual(other)
        }
    }

    /// Appends `tail` (APPEND), in place when this value owns a buffer with room.
    public mutating func append(contentsOf tail: UnsafeRawBufferPointer) {
        replaceBytes(at: count, with: tail)
    }

    /// Writes `patch` at `offset`, zero-filling any gap past the end (SETRANGE, APPEND).
    /// In place when this value is the only owner of a buffer with room; otherwise into a
    /// new buffer that doubles, so repeated growth costs amortized O(1) per byte.
    public mutating func replaceBytes(at offset: Int, with patch: UnsafeRawBufferPointer) {
        let oldCount = count
        let newCount = Swift.max(oldCount, offset + patch.count)
        if case .heap(var buffer, _) = storage, newCount <= buffer.capacity {
            storage = StoredBytes().storage  // drop our reference so the buffer may be unique
            if isKnownUniquelyReferenced(&buffer) {
                buffer.withUnsafeMutablePointerToElements { elements in
                    StoredBytes.write(patch, at: offset, into: UnsafeMutableRawPointer(elements), oldCount: oldCount)
                }
                storage = .heap(buffer, UInt32(newCount))
                return
            }
            storage = .heap(buffer, UInt32(oldCount))
        }
        guard newCount > oldCount || !patch.isEmpty else { return }
        let capacity = newCount > oldCount ? Swift.max(newCount, oldCount * 2) : newCount
        var grown = [UInt8](repeating: 0, count: newCount)
        grown.withUnsafeMutableBytes { raw in
            withUnsafeBytes { old in
                if oldCount > 0 { raw.baseAddress!.copyMemory(from: old.baseAddress!, byteCount: oldCount) }
            }
            StoredBytes.write(patch, at: offset, into: raw.baseAddress!, oldCount: oldCount)
        }
        self = grown.withUnsafeBytes { StoredBytes($0, capacity: capacity) }
    }

    private static func write(_ patch: UnsafeRawBufferPointer, at offset: Int, into bytes: UnsafeMutableRawPointer, oldCount: Int) {
        if offset > oldCount { (bytes + oldCount).initializeMemory(as: UInt8.self, repeating: 0, count: offset - oldCount) }
        if !patch.isEmpty { (bytes + offset).copyMemory(from: patch.baseAddress!, byteCount: patch.count) }
    }
}

/// The heap form's buffer: the object header, then the bytes.
@usableFromInline final class HeapBytes: ManagedBuffer<Void, UInt8> {
    @usableFromInline static func make(capacity: Int) -> HeapBytes {
        unsafeDowncast(HeapBytes.create(minimumCapacity: capacity) { _ in }, to: HeapBytes.self)
    }
}

extension StoredBytes: RandomAccessCollection {
    public typealias Index = Int
    public typealias Element = UInt8

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }

    @inlinable public subscript(position: Int) -> UInt8 {
        precondition(position >= 0 && position < count, "StoredBytes index out of range")
        return withUnsafeBytes { $0[position] }
    }

    /// Generic byte code (reply writers, `Array.append(contentsOf:)`) copies in one go.
    @inlinable public func withContiguousStorageIfAvailable<R>(
        _ body: (UnsafeBufferPointer<UInt8>) throws -> R
    ) rethrows -> R? {
        try withUnsafeBytes { try body($0.bindMemory(to: UInt8.self)) }
    }
}

extension StoredBytes: Hashable {
    @inlinable public static func == (lhs: StoredBytes, rhs: StoredBytes) -> Bool {
        lhs.count == rhs.count && lhs.withUnsafeBytes { a in rhs.withUnsafeBytes { b in ByteHash.equal(a, b) } }
    }

    @inlinable public func hash(into hasher: inout Hasher) {
        withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

extension StoredBytes: Comparable {
    /// Byte order, shorter first on a common prefix (memcmp order, as Redis sorts members).
    public static func < (lhs: StoredBytes, rhs: StoredBytes) -> Bool {
        lhs.withUnsafeBytes { a in rhs.withUnsafeBytes { b in a.lexicographicallyPrecedes(b) } }
    }
}

extension StoredBytes: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: UInt8...) {
        self.init(elements)
    }
}

extension StoredBytes: CustomStringConvertible {
    public var description: String { String(decoding: array, as: UTF8.self) }
}

extension ByteHash {
    /// The hash of stored bytes: the same as of the same bytes anywhere else.
    @inlinable
    public static func hash(_ bytes: StoredBytes, seed: UInt64) -> UInt64 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }
}
