/// A fast 64-bit hash of a byte string with an explicit seed.
///
/// The keyspace cannot use Swift's `Hasher`: it is seeded randomly per process,
/// and every replica must place keys in the same buckets so SCAN cursors and
/// iteration order agree across nodes. This is a multiply-fold hash in the
/// style of wyhash: 16 bytes per round, folding the 128-bit product.
public enum ByteHash {
    @usableFromInline static let secret0: UInt64 = 0xA076_1D64_78BD_642F
    @usableFromInline static let secret1: UInt64 = 0xE703_7ED1_A0B4_28DB
    @usableFromInline static let secret2: UInt64 = 0x8EBC_6AF0_9C88_C6E3

    @inlinable @inline(__always)
    static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    @inlinable @inline(__always)
    static func load64(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inlinable @inline(__always)
    static func load32(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
    }

    /// The hash of `bytes` under `seed`; equal inputs give equal hashes on every machine.
    @inlinable
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        let count = bytes.count
        var state = seed ^ fold(seed ^ secret0, secret1)
        var a: UInt64 = 0
        var b: UInt64 = 0
        if count <= 16 {
            if count >= 4 {
                let shift = (count >> 3) << 2
                a = (load32(bytes, 0) << 32) | load32(bytes, shift)
                b = (load32(bytes, count - 4) << 32) | load32(bytes, count - 4 - shift)
            } else if count > 0 {
                a = UInt64(bytes[0]) << 16 | UInt64(bytes[count >> 1]) << 8 | UInt64(bytes[count - 1])
            }
        } else {
            var offset = 0
            var remaining = count
            while remaining > 16 {
                state = fold(load64(bytes, offset) ^ secret1, load64(bytes, offset + 8) ^ state)
                offset += 16
                remaining -= 16
            }
            a = load64(bytes, count - 16)
            b = load64(bytes, count - 8)
        }
        a ^= secret1
        b ^= state
        let mixed = a.multipliedFullWidth(by: b)
        return fold(mixed.low ^ secret0 ^ UInt64(count), mixed.high ^ secret1)
    }

    /// The hash of an array slice (a key as the parser hands it over).
    @inlinable
    public static func hash(_ bytes: ArraySlice<UInt8>, seed: UInt64) -> UInt64 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }

    /// Whether two byte buffers hold the same bytes.
    @inlinable
    public static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let count = a.count
        guard count == b.count else { return false }
        var offset = 0
        while offset + 8 <= count {
            if load64(a, offset) != load64(b, offset) { return false }
            offset += 8
        }
        while offset < count {
            if a[offset] != b[offset] { return false }
            offset += 1
        }
        return true
    }
}

/// SplitMix64: a tiny seeded generator for the keyspace's own sampling (never
/// the system's randomness, so a seed replays a run).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
