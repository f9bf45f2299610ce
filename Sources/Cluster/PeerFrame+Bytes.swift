// Little-endian primitives shared by the peer framing and the log entry payloads. Readers
// check every length against the bytes that remain before allocating anything, so a
// hostile count can never make the decoder reserve more memory than the frame holds.
//
// The codec files import nothing but Raft and RESP, and only when those are separate
// modules: the libFuzzer harness compiles them all into one module with `swiftc`.

#if canImport(RESP)
import RESP
#endif

/// Why peer bytes could not be decoded. Each case names the rule the input broke.
public enum PeerDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The frame declares more bytes than `maxFrameBytes`.
    case frameTooLarge(declared: Int, limit: Int)
    /// The frame is shorter than its fixed header.
    case frameTooShort(declared: Int)
    /// A version byte this build does not speak.
    case unsupportedVersion(UInt8)
    /// An unknown frame, message or payload type byte.
    case unknownType(what: String, value: UInt8)
    /// A field runs past the end of its frame.
    case truncated(what: String)
    /// A field holds a value outside its domain (a bool that is not 0/1, a count too big).
    case invalidField(what: String)
    /// The frame's payload has bytes after its last field.
    case trailingBytes(count: Int)

    public var description: String {
        switch self {
        case .frameTooLarge(let declared, let limit): return "frame of \(declared) bytes exceeds the limit of \(limit)"
        case .frameTooShort(let declared): return "frame of \(declared) bytes is shorter than its header"
        case .unsupportedVersion(let version): return "unsupported peer protocol version \(version)"
        case .unknownType(let what, let value): return "unknown \(what) type \(value)"
        case .truncated(let what): return "truncated \(what)"
        case .invalidField(let what): return "invalid \(what)"
        case .trailingBytes(let count): return "\(count) unexpected bytes after the payload"
        }
    }
}

/// Appends little-endian fields to a byte array.
struct ByteWriter {
    var bytes: [UInt8]

    init(bytes: [UInt8] = []) {
        self.bytes = bytes
    }

    @inline(__always) mutating func u8(_ value: UInt8) {
        bytes.append(value)
    }

    @inline(__always) mutating func bool(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    mutating func u32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func u64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func i64(_ value: Int64) {
        u64(UInt64(bitPattern: value))
    }

    /// A length-prefixed byte string (`u32` length).
    mutating func blob<C: Collection>(_ value: C) where C.Element == UInt8 {
        u32(UInt32(value.count))
        bytes.append(contentsOf: value)
    }

    /// Overwrites four bytes at `offset` (frame lengths are patched after the payload).
    mutating func patchU32(_ value: UInt32, at offset: Int) {
        for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> UInt32(8 * i)) }
    }

    /// The flat argument vector: `[u32 count][u32 end]...[blob bytes]`.
    mutating func arguments(_ value: Arguments) {
        u32(UInt32(value.count))
        for end in value.ends { u32(UInt32(end)) }
        blob(value.bytes)
    }
}

/// Reads little-endian fields from a bounded region of a buffer; every read is checked.
struct ByteReader {
    let buffer: UnsafeRawBufferPointer
    var offset: Int
    let end: Int

    init(_ buffer: UnsafeRawBufferPointer, offset: Int, end: Int) {
        precondition(offset >= 0 && offset <= end && end <= buffer.count)
        self.buffer = buffer
        self.offset = offset
        self.end = end
    }

    var remaining: Int { end - offset }

    mutating func u8(_ what: String) throws(PeerDecodingError) -> UInt8 {
        guard remaining >= 1 else { throw .truncated(what: what) }
        defer { offset += 1 }
        return buffer[offset]
    }

    mutating func bool(_ what: String) throws(PeerDecodingError) -> Bool {
        switch try u8(what) {
        case 0: return false
        case 1: return true
        default: throw .invalidField(what: what)
        }
    }

    mutating func u32(_ what: String) throws(PeerDecodingError) -> UInt32 {
        guard remaining >= 4 else { throw .truncated(what: what) }
        defer { offset += 4 }
        return UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    mutating func u64(_ what: String) throws(PeerDecodingError) -> UInt64 {
        guard remaining >= 8 else { throw .truncated(what: what) }
        defer { offset += 8 }
        return UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    mutating func i64(_ what: String) throws(PeerDecodingError) -> Int64 {
        Int64(bitPattern: try u64(what))
    }

    /// A non-negative `Int` stored as `u64`, at most `limit`.
    mutating func int(_ what: String, limit: Int = Int(Int32.max)) throws(PeerDecodingError) -> Int {
        let value = try u64(what)
        guard value <= UInt64(limit) else { throw .invalidField(what: what) }
        return Int(value)
    }

    /// A count of elements that each take at least `minimumElementBytes`: rejected unless
    /// that many elements could fit in what remains, so no allocation outgrows the frame.
    mutating func count(_ what: String, minimumElementBytes: Int) throws(PeerDecodingError) -> Int {
        let value = Int(try u32(what))
        guard value <= remaining / max(1, minimumElementBytes) else { throw .invalidField(what: what) }
        return value
    }

    /// A length-prefixed byte string.
    mutating func blob(_ what: String) throws(PeerDecodingError) -> [UInt8] {
        let length = Int(try u32(what))
        guard length <= remaining else { throw .truncated(what: what) }
        defer { offset += length }
        return Array(UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + length)]))
    }

    func expectEnd() throws(PeerDecodingError) {
        guard remaining == 0 else { throw .trailingBytes(count: remaining) }
    }

    /// Reads `ByteWriter.arguments`, checking that the ends never decrease or overrun.
    mutating func arguments() throws(PeerDecodingError) -> Arguments {
        let count = try count("argument count", minimumElementBytes: 4)
        var ends: [Int] = []
        ends.reserveCapacity(count)
        var previous = 0
        for _ in 0..<count {
            let end = Int(try u32("argument end"))
            guard end >= previous else { throw .invalidField(what: "argument end") }
            ends.append(end)
            previous = end
        }
        let bytes = try blob("argument bytes")
        guard previous <= bytes.count else { throw .invalidField(what: "argument end") }
        return Arguments(bytes: bytes, ends: ends)
    }
}

/// Runs `body` over the bytes of an array as a bounded reader (decoding from `[UInt8]`).
/// The value is moved out, not copied out of a `Result`: destroying a `Result` of a large
/// payload went through the runtime's generic value witnesses, on every entry applied.
@inline(__always)
func withReader<T>(_ bytes: [UInt8], _ body: (inout ByteReader) throws(PeerDecodingError) -> T) throws(PeerDecodingError) -> T {
    var failure: PeerDecodingError? = nil
    let value: T? = bytes.withUnsafeBytes { raw in
        var reader = ByteReader(raw, offset: 0, end: raw.count)
        do throws(PeerDecodingError) {
            return try body(&reader)
        } catch {
            failure = error
            return nil
        }
    }
    guard let value else { throw failure! }
    return value
}
