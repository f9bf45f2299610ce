import Glibc
import RESP
import Testing

/// glibc's own printf, the reference Redis 7.0 uses (tests may call libc; the module may not).
func printf(_ format: String, _ value: CVarArg) -> [UInt8] {
    var buffer = [CChar](repeating: 0, count: 6000)
    let length = withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) }
    return buffer[0..<Int(length)].map { UInt8(bitPattern: $0) }
}

@Suite struct DoubleFormatTests {
    @Test func knownRedisReplies() {
        #expect(DoubleFormat.redisDouble(0.1) == Array("0.10000000000000001".utf8))
        #expect(DoubleFormat.redisDouble(1) == Array("1".utf8))
        #expect(DoubleFormat.redisDouble(-0.0) == Array("-0".utf8))
        #expect(DoubleFormat.redisDouble(1e20) == Array("1e+20".utf8))
        #expect(DoubleFormat.redisDouble(.infinity) == Array("inf".utf8))
        #expect(DoubleFormat.redisDouble(-.infinity) == Array("-inf".utf8))
        #expect(DoubleFormat.redisDouble(1.5e-7) == Array("1.4999999999999999e-07".utf8))
        #expect(DoubleFormat.redisLongDouble(10.6) == Array("10.6".utf8))
        #expect(DoubleFormat.redisLongDouble(-0.0) == Array("0".utf8))
        #expect(DoubleFormat.redisLongDouble(3000) == Array("3000".utf8))
    }

    @Test func percent17gMatchesGlibcOnSpecialValues() {
        let values: [Double] = [
            0, 1, -1, 0.5, 1.0 / 3, 2.0 / 3, 123456789012345678, 1e16, 1e17, 9.999999999999999e16,
            1e-4, 9.99999999999999e-5, 1e-5, .pi, .ulpOfOne, .leastNonzeroMagnitude,
            .leastNormalMagnitude, .greatestFiniteMagnitude, 5e-324, 0.30000000000000004,
        ]
        for value in values {
            #expect(DoubleFormat.redisDouble(value) == printf("%.17g", value), "\(value)")
        }
    }

    @Test func percent17gMatchesGlibcOnRandomDoubles() {
        var state: UInt64 = 0x1234_5678
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let value = Double(bitPattern: state)
            guard value.isFinite else { continue }
            #expect(DoubleFormat.redisDouble(value) == printf("%.17g", value), "bits \(state)")
        }
    }

    #if arch(x86_64)
    @Test func percent17LfMatchesGlibcOnRandomLongDoubles() {
        var state: UInt64 = 0x9876_5432
        for i in 0..<5_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            // Spread the exponents over the interesting range for INCRBYFLOAT (1e-30...1e60).
            let mantissa = Float80(state >> 11) / Float80(1 << 53)
            let exponent = Int(state % 300) - 100
            var value = mantissa * Float80(sign: .plus, exponent: exponent, significand: 1)
            if i % 2 == 1 { value.negate() }
            var expected = printf("%.17Lf", value)
            if expected.contains(0x2E) {
                while expected.last == 0x30 { expected.removeLast() }
                if expected.last == 0x2E { expected.removeLast() }
            }
            if expected == [0x2D, 0x30] { expected = [0x30] }
            #expect(DoubleFormat.redisLongDouble(value) == expected, "\(value)")
        }
    }

    @Test func percent17LfMatchesGlibcAtTheExtremes() {
        for value in [Float80.greatestFiniteMagnitude, .leastNonzeroMagnitude, .leastNormalMagnitude, 1e4000, 0.5e-17] {
            let expected = printf("%.17Lf", value)
            #expect(DoubleFormat.fixed(value, fractionDigits: 17) == expected, "\(value)")
        }
    }
    #endif

    @Test func integralFastPathsAgreeWithGlibc() {
        for value: Double in [1, -1, 0, 42, -123456, 99999999999999999, 1e16, -1e16, 123456789012345680] {
            #expect(DoubleFormat.redisDouble(value) == printf("%.17g", value), "\(value)")
        }
        #if arch(x86_64)
        for value: Float80 in [1, -1, 0, -0.0, 42, 999999999999999999, -123456789] {
            var expected = printf("%.17Lf", value)
            while expected.last == 0x30 { expected.removeLast() }
            if expected.last == 0x2E { expected.removeLast() }
            if expected == [0x2D, 0x30] { expected = [0x30] }
            #expect(DoubleFormat.redisLongDouble(value) == expected, "\(value)")
        }
        #endif
    }

    @Test func halfwayCasesRoundToEven() {
        // 0.5, 1.5, 2.5 are exact: glibc rounds ties to even.
        #expect(DoubleFormat.fixed(0.5, fractionDigits: 0) == Array("0".utf8))
        #expect(DoubleFormat.fixed(1.5, fractionDigits: 0) == Array("2".utf8))
        #expect(DoubleFormat.fixed(2.5, fractionDigits: 0) == Array("2".utf8))
        #expect(DoubleFormat.fixed(0.125, fractionDigits: 2) == Array("0.12".utf8))
        #expect(DoubleFormat.fixed(9.5, fractionDigits: 0) == Array("10".utf8))
    }
}
