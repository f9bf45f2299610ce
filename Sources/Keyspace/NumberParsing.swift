/// Integer parsing exactly as Redis's `string2ll` accepts it.
///
/// Lives in `Keyspace` because the value encoding (`int`) depends on it; `Commands`
/// uses it for every integer argument.
public enum NumberParsing {
    /// Redis's LONG_STR_SIZE: a string this long or longer is never an integer.
    public static let longStringSize = 21

    /// Parses a canonical decimal integer: optional '-', no '+', no spaces, no leading
    /// zeros except "0" itself, and no "-0"; nil when invalid or out of Int64 range.
    @inlinable public static func parseInt64<C: Collection>(_ bytes: C) -> Int64? where C.Element == UInt8 {
        let count = bytes.count
        if count == 0 || count >= longStringSize { return nil }
        var index = bytes.startIndex
        var first = bytes[index]
        if count == 1 && first == 0x30 { return 0 }
        let negative = first == 0x2D  // "-"
        if negative {
            if count == 1 { return nil }
            index = bytes.index(after: index)
            first = bytes[index]
        }
        // The first digit must be 1-9: "0" alone was handled above.
        guard first &- 0x31 < 9 else { return nil }
        var magnitude = UInt64(first &- 0x30)
        index = bytes.index(after: index)
        while index != bytes.endIndex {
            let digit = bytes[index] &- 0x30
            guard digit < 10 else { return nil }
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            if overflow1 || overflow2 { return nil }
            magnitude = sum
            index = bytes.index(after: index)
        }
        if negative {
            if magnitude > UInt64(Int64.max) + 1 { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        return magnitude > UInt64(Int64.max) ? nil : Int64(magnitude)
    }

    /// `parseInt64` of a stored value, read as one contiguous buffer: the generic walk
    /// over `StoredBytes` switched on its storage at every byte (INCR's parse, 4x slower).
    @inlinable public static func parseInt64(_ bytes: StoredBytes) -> Int64? {
        bytes.withUnsafeBytes { parseInt64($0) }
    }

    /// The decimal digits of `value` (Redis's `ll2string`).
    public static func decimalBytes(_ value: Int64) -> [UInt8] {
        if value == 0 { return [0x30] }
        var digits: [UInt8] = []
        digits.reserveCapacity(20)
        var magnitude = value.magnitude
        while magnitude > 0 {
            digits.append(0x30 &+ UInt8(magnitude % 10))
            magnitude /= 10
        }
        if value < 0 { digits.append(0x2D) }
        digits.reverse()
        return digits
    }
}
