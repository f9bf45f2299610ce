#if arch(x86_64) || arch(i386)
/// C's `long double` on this platform: the x87 80-bit format, as Redis 7.0 computes
/// INCRBYFLOAT and HINCRBYFLOAT in it.
public typealias LongDouble = Float80
#else
/// C's `long double` is IEEE quad on other Linux targets, which Swift lacks; Double is
/// the closest stand-in (results then differ from Redis in the last digits).
public typealias LongDouble = Double
#endif

/// Formats numbers exactly as Redis 7.0 prints them through glibc's printf, in pure Swift.
///
/// The value is expanded to its exact decimal form (every binary float is a finite
/// decimal) with a small base-10⁹ bignum, then rounded once, half to even as glibc does
/// in the default rounding mode. No shortest-representation shortcut is taken because
/// `%.17g` is deliberately not the shortest form ("0.10000000000000001").
public enum DoubleFormat {
    /// `value` as `printf("%.17g")` prints it, with Redis's "inf"/"-inf" spelling
    /// (`addReplyDouble`); NaN prints as glibc does ("nan" or "-nan").
    public static func redisDouble(_ value: Double) -> [UInt8] {
        if value.isInfinite { return Array((value > 0 ? "inf" : "-inf").utf8) }
        // Fast path for the common integral scores: below 10^17 `%.17g` prints them as
        // plain digits, so the exact expansion is not needed.
        if isIntegral(value) && value.magnitude < 1e17 && !(value == 0 && value.sign == .minus) {
            return integerDigits(Int64(value))
        }
        return general(value, significantDigits: 17)
    }

    /// Whether a finite value has no fractional part (no libm: `rounded` would need it).
    static func isIntegral<F: BinaryFloatingPoint>(_ value: F) -> Bool {
        value == 0 || (value.isFinite && Int(value.exponent) >= value.significandWidth)
    }

    static func integerDigits(_ value: Int64) -> [UInt8] {
        var digits: [UInt8] = []
        digits.reserveCapacity(20)
        var magnitude = value.magnitude
        repeat {
            digits.append(0x30 &+ UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        if value < 0 { digits.append(0x2D) }
        digits.reverse()
        return digits
    }

    /// `value` as Redis 7.0's `ld2string(..., LD_STR_HUMAN)` prints it (INCRBYFLOAT):
    /// `%.17Lf`, then trailing zeros and a trailing dot removed, and "-0" turned into "0".
    public static func redisLongDouble(_ value: LongDouble) -> [UInt8] {
        if value.isInfinite { return Array((value > 0 ? "inf" : "-inf").utf8) }
        // Integral results (INCRBYFLOAT by whole numbers) print as their digits.
        if isIntegral(value) && value.magnitude < 1e18 {
            return integerDigits(Int64(value))
        }
        var text = fixed(value, fractionDigits: 17)
        if text.contains(0x2E) {
            while text.last == 0x30 { text.removeLast() }
            if text.last == 0x2E { text.removeLast() }
        }
        if text == [0x2D, 0x30] { text = [0x30] }
        return text
    }

    /// `printf("%.*f", fractionDigits, value)` for a finite or non-finite value.
    public static func fixed<F: BinaryFloatingPoint>(_ value: F, fractionDigits: Int) -> [UInt8] {
        if let special = nonFinite(value) { return special }
        var out: [UInt8] = value.sign == .minus ? [0x2D] : []
        let exact = ExactDecimal(value.magnitude)
        // Keep every digit whose weight is at least 10^-fractionDigits.
        let keep = exact.digits.count - exact.scale + fractionDigits
        var digits = exact.rounded(keeping: keep)
        // `digits` now holds the value times 10^fractionDigits as an integer.
        if digits.count <= fractionDigits {
            digits = [UInt8](repeating: 0, count: fractionDigits + 1 - digits.count) + digits
        }
        let integerCount = digits.count - fractionDigits
        out += digits[..<integerCount].map { $0 + 0x30 }
        if fractionDigits > 0 {
            out.append(0x2E)
            out += digits[integerCount...].map { $0 + 0x30 }
        }
        return out
    }

    /// `printf("%.*g", significantDigits, value)` (no '#' flag: trailing zeros removed).
    public static func general<F: BinaryFloatingPoint>(_ value: F, significantDigits: Int) -> [UInt8] {
        if let special = nonFinite(value) { return special }
        let precision = max(significantDigits, 1)
        var out: [UInt8] = value.sign == .minus ? [0x2D] : []
        if value == 0 {
            out.append(0x30)
            return out
        }
        let exact = ExactDecimal(value.magnitude)
        var exponent = exact.digits.count - 1 - exact.scale
        var digits = exact.rounded(keeping: precision)
        if digits.count > precision {
            // Rounding carried into a new leading digit (9.99… → 10.0…).
            exponent += 1
            digits.removeLast(digits.count - precision)
        }
        if exponent >= -4 && exponent < precision {
            var text: [UInt8]
            if exponent >= 0 {
                text = digits[...exponent].map { $0 + 0x30 }
                let fraction = digits[(exponent + 1)...]
                if !fraction.isEmpty { text.append(0x2E); text += fraction.map { $0 + 0x30 } }
            } else {
                text = [0x30, 0x2E] + [UInt8](repeating: 0x30, count: -exponent - 1) + digits.map { $0 + 0x30 }
            }
            out += trimFraction(text)
        } else {
            var mantissa: [UInt8] = [digits[0] + 0x30]
            if digits.count > 1 { mantissa.append(0x2E); mantissa += digits[1...].map { $0 + 0x30 } }
            out += trimFraction(mantissa)
            out.append(0x65)  // "e"
            out.append(exponent < 0 ? 0x2D : 0x2B)
            let magnitude = Array(String(exponent.magnitude).utf8)
            if magnitude.count < 2 { out.append(0x30) }
            out += magnitude
        }
        return out
    }

    static func trimFraction(_ text: [UInt8]) -> [UInt8] {
        guard text.contains(0x2E) else { return text }
        var text = text
        while text.last == 0x30 { text.removeLast() }
        if text.last == 0x2E { text.removeLast() }
        return text
    }

    static func nonFinite<F: BinaryFloatingPoint>(_ value: F) -> [UInt8]? {
        if value.isNaN { return Array((value.sign == .minus ? "-nan" : "nan").utf8) }
        if value.isInfinite { return Array((value.sign == .minus ? "-inf" : "inf").utf8) }
        return nil
    }
}

/// The exact decimal expansion of a non-negative finite binary float:
/// value = digits × 10^-scale, digits without leading zeros ([0] for zero).
struct ExactDecimal {
    var digits: [UInt8]
    var scale: Int

    init<F: BinaryFloatingPoint>(_ value: F) {
        precondition(value.isFinite && value >= 0)
        let bias = (1 << (F.exponentBitCount - 1)) - 1
        let pattern = UInt64(value.significandBitPattern)
        let biased = Int(value.exponentBitPattern)
        var significand = pattern
        var exponent: Int
        if biased == 0 {
            exponent = 1 - bias - F.significandBitCount
        } else {
            // Float80 stores its integer bit explicitly but `significandBitPattern` omits it,
            // like the implicit bit of Double: add it back in both cases.
            significand |= 1 << UInt64(F.significandBitCount)
            exponent = biased - bias - F.significandBitCount
        }
        if significand == 0 {
            digits = [0]
            scale = 0
            return
        }
        var number = BigDecimalDigits(significand)
        if exponent >= 0 {
            number.multiply(byPowerOf: 2, exponent: exponent)
            scale = 0
        } else {
            // m × 2^-k = m × 5^k / 10^k.
            number.multiply(byPowerOf: 5, exponent: -exponent)
            scale = -exponent
        }
        digits = number.decimalDigits()
    }

    /// The first `keep` digits rounded half to even on the exact remainder; the result may
    /// be one digit longer when rounding carries. `keep` ≤ 0 rounds to [0] or [1].
    func rounded(keeping keep: Int) -> [UInt8] {
        if keep >= digits.count {
            return digits + [UInt8](repeating: 0, count: keep - digits.count)
        }
        if keep < 0 { return [0] }
        let next = digits[keep]
        let restNonZero = digits[(keep + 1)...].contains { $0 != 0 }
        var kept = Array(digits[..<keep])
        let lastOdd = (kept.last ?? 0) & 1 == 1
        let roundUp = next > 5 || (next == 5 && (restNonZero || lastOdd))
        if kept.isEmpty { return [roundUp ? 1 : 0] }
        guard roundUp else { return kept }
        var index = kept.count - 1
        while true {
            if kept[index] < 9 {
                kept[index] += 1
                return kept
            }
            kept[index] = 0
            if index == 0 {
                kept.insert(1, at: 0)
                return kept
            }
            index -= 1
        }
    }
}

/// A non-negative integer in base 10⁹ limbs, least significant first: enough
/// arithmetic to expand floats exactly (multiply by small powers, print).
struct BigDecimalDigits {
    static let base: UInt64 = 1_000_000_000
    var limbs: [UInt32]

    init(_ value: UInt64) {
        limbs = []
        var rest = value
        repeat {
            limbs.append(UInt32(rest % BigDecimalDigits.base))
            rest /= BigDecimalDigits.base
        } while rest > 0
    }

    mutating func multiply(bySmall factor: UInt64) {
        var carry: UInt64 = 0
        for index in limbs.indices {
            let product = UInt64(limbs[index]) * factor + carry
            limbs[index] = UInt32(product % BigDecimalDigits.base)
            carry = product / BigDecimalDigits.base
        }
        while carry > 0 {
            limbs.append(UInt32(carry % BigDecimalDigits.base))
            carry /= BigDecimalDigits.base
        }
    }

    /// Multiplies by `base`^`exponent` in chunks that keep each product under 2⁶⁴.
    mutating func multiply(byPowerOf base: UInt64, exponent: Int) {
        let chunkExponent = base == 2 ? 29 : 12
        var chunk: UInt64 = 1
        for _ in 0..<chunkExponent { chunk *= base }
        var remaining = exponent
        while remaining >= chunkExponent {
            multiply(bySmall: chunk)
            remaining -= chunkExponent
        }
        var last: UInt64 = 1
        for _ in 0..<remaining { last *= base }
        if last > 1 { multiply(bySmall: last) }
    }

    /// The decimal digits (0...9 values), most significant first.
    func decimalDigits() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(limbs.count * 9)
        for (position, limb) in limbs.enumerated().reversed() {
            var chunk = [UInt8](repeating: 0, count: 9)
            var value = limb
            for i in stride(from: 8, through: 0, by: -1) {
                chunk[i] = UInt8(value % 10)
                value /= 10
            }
            if position == limbs.count - 1 {
                out += chunk.drop { $0 == 0 }
            } else {
                out += chunk
            }
        }
        return out.isEmpty ? [0] : out
    }
}
