import Keyspace
import RESP

/// Float argument parsing with the rules of Redis's `string2ld` (strtold plus checks).
enum FloatParsing {
    /// Redis's MAX_LONG_DOUBLE_CHARS: longer inputs are refused outright.
    static let maxLongDoubleChars = 5 * 1024
    /// 2^53: every integer up to this magnitude is exactly representable as a double.
    static let exactIntegerLimit: UInt64 = 1 << 53

    /// A `long double` parsed as Redis 7.0's `string2ld` accepts it: strtold syntax
    /// (sign, decimal or hex digits, exponent, "inf"/"infinity"), the whole string used,
    /// no leading space, no NaN, and no overflow to ±HUGE_VAL or underflow to zero
    /// (results that are merely subnormal are kept, as glibc returns them).
    static func parseLongDouble(_ bytes: ArraySlice<UInt8>) -> LongDouble? {
        guard !bytes.isEmpty, bytes.count < maxLongDoubleChars else { return nil }
        // The standard library's parser is strtold underneath; it already rejects
        // leading/trailing garbage and whitespace. It does not report range errors.
        for byte in bytes where byte == 0 || byte >= 0x80 { return nil }
        guard let value = LongDouble(String(decoding: bytes, as: UTF8.self)) else { return nil }
        if value.isNaN { return nil }
        if value.isInfinite && !spellsInfinity(bytes) { return nil }
        if value == 0 && mantissaHasNonZeroDigit(bytes) { return nil }
        return value
    }

    /// A double parsed as Redis's `string2d` (ZADD scores, ZINCRBY): the same rules as
    /// `parseLongDouble`, with strtod.
    static func parseDouble(_ bytes: ArraySlice<UInt8>) -> Double? {
        // Most scores are plain integers. One in ±2^53 is exactly a double, and strtod
        // returns that same double, without building a String (a third of ZADD's parse).
        // Anything else ("-0", "1e3", "007", larger numbers) takes the full path.
        if let integer = NumberParsing.parseInt64(bytes), integer.magnitude <= exactIntegerLimit {
            return Double(integer)
        }
        guard !bytes.isEmpty, bytes.count < maxLongDoubleChars else { return nil }
        for byte in bytes where byte == 0 || byte >= 0x80 { return nil }
        guard let value = Double(String(decoding: bytes, as: UTF8.self)) else { return nil }
        if value.isNaN { return nil }
        if value.isInfinite && !spellsInfinity(bytes) { return nil }
        if value == 0 && mantissaHasNonZeroDigit(bytes) { return nil }
        return value
    }

    /// A score range bound as Redis's `zslParseRange` reads it: bare strtod, so leading
    /// spaces pass, the empty string is 0, overflow is ±inf; only NaN and trailing
    /// garbage fail.
    static func parseRangeBound(_ bytes: ArraySlice<UInt8>) -> Double? {
        for byte in bytes where byte == 0 || byte >= 0x80 { return nil }
        if bytes.isEmpty { return 0 }
        let trimmed = bytes.drop { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
        guard !trimmed.isEmpty, let value = Double(String(decoding: trimmed, as: UTF8.self)), !value.isNaN else {
            return nil
        }
        return value
    }

    static func spellsInfinity(_ bytes: ArraySlice<UInt8>) -> Bool {
        var rest = bytes
        if let first = rest.first, first == 0x2B || first == 0x2D { rest = rest.dropFirst() }
        return rest.first.map { $0 | 0x20 == 0x69 } ?? false  // "i"
    }

    /// Whether the digits before the exponent include a non-zero one (then a zero result
    /// means underflow, which strtold reports with ERANGE and Redis refuses).
    static func mantissaHasNonZeroDigit(_ bytes: ArraySlice<UInt8>) -> Bool {
        var rest = bytes
        if let first = rest.first, first == 0x2B || first == 0x2D { rest = rest.dropFirst() }
        var hex = false
        if rest.count >= 2 && rest.first == 0x30 && (rest[rest.startIndex + 1] | 0x20) == 0x78 {
            hex = true
            rest = rest.dropFirst(2)
        }
        for byte in rest {
            let lower = byte | 0x20
            if hex && lower == 0x70 { break }  // "p"
            if !hex && lower == 0x65 { break }  // "e"
            if byte >= 0x31 && byte <= 0x39 { return true }
            if hex && lower >= 0x61 && lower <= 0x66 { return true }
        }
        return false
    }
}
