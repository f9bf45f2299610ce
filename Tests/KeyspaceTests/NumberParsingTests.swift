import Keyspace
import Testing

@Suite struct NumberParsingTests {
    @Test(arguments: [
        ("0", Int64(0)), ("1", 1), ("-1", -1), ("9223372036854775807", Int64.max),
        ("-9223372036854775808", Int64.min), ("1234567890", 1_234_567_890),
    ])
    func acceptsCanonicalIntegers(text: String, value: Int64) {
        #expect(NumberParsing.parseInt64(Array(text.utf8)) == value)
    }

    @Test(arguments: [
        "", "-", "+1", " 1", "1 ", "01", "-0", "00", "9223372036854775808", "-9223372036854775809",
        "1.0", "1e3", "abc", "12345678901234567890123", "0x10",
    ])
    func rejectsWhatString2llRejects(text: String) {
        #expect(NumberParsing.parseInt64(Array(text.utf8)) == nil)
    }

    @Test func encodingFollowsTryObjectEncoding() {
        #expect(StringEncoding.forNewValue(Array("123".utf8)) == .int)
        #expect(StringEncoding.forNewValue(Array("-0".utf8)) == .embstr)
        #expect(StringEncoding.forNewValue([UInt8](repeating: 0x61, count: 44)) == .embstr)
        #expect(StringEncoding.forNewValue([UInt8](repeating: 0x61, count: 45)) == .raw)
    }

    @Test func decimalBytesRoundTrips() {
        for value in [Int64.min, -1, 0, 7, 10, Int64.max] {
            #expect(NumberParsing.parseInt64(NumberParsing.decimalBytes(value)) == value)
        }
    }
}
