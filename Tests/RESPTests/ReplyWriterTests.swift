import Testing
import RESP

private func encoded(_ version: ProtocolVersion, _ build: (inout ReplyWriter) -> Void) -> String {
    var writer = ReplyWriter(protocolVersion: version)
    build(&writer)
    return String(decoding: writer.bytes, as: UTF8.self)
}

@Test func nullsAndAggregatesDowngradeToRESP2() {
    #expect(encoded(.resp2) { $0.null() } == "$-1\r\n")
    #expect(encoded(.resp3) { $0.null() } == "_\r\n")
    #expect(encoded(.resp2) { $0.nullArray() } == "*-1\r\n")
    #expect(encoded(.resp2) { $0.mapHeader(2) } == "*4\r\n")
    #expect(encoded(.resp3) { $0.mapHeader(2) } == "%2\r\n")
    #expect(encoded(.resp2) { $0.setHeader(3) } == "*3\r\n")
    #expect(encoded(.resp3) { $0.setHeader(3) } == "~3\r\n")
    #expect(encoded(.resp2) { $0.boolean(true) } == ":1\r\n")
    #expect(encoded(.resp3) { $0.boolean(false) } == "#f\r\n")
}

@Test func integersAndBulks() {
    #expect(encoded(.resp2) { $0.integer(0) } == ":0\r\n")
    #expect(encoded(.resp2) { $0.integer(-1234567) } == ":-1234567\r\n")
    #expect(encoded(.resp2) { $0.integer(Int.min) } == ":-9223372036854775808\r\n")
    #expect(encoded(.resp2) { $0.bulk("hello") } == "$5\r\nhello\r\n")
    #expect(encoded(.resp2) { $0.bulk(decimal: 42) } == "$2\r\n42\r\n")
    #expect(encoded(.resp3) { $0.verbatim(Array("hi".utf8)) } == "=6\r\ntxt:hi\r\n")
}

@Test func errorsHaveNoLineBreaks() {
    #expect(encoded(.resp2) { $0.error("ERR bad\r\nthing") } == "-ERR bad  thing\r\n")
}

@Test func decimalDigitsMatchDescriptionAcrossTheRange() {
    var values: [Int64] = [0, 1, -1, 9, 10, -10, 99, 100, Int64.max, Int64.min, Int64.max - 1, Int64.min + 1]
    var power: Int64 = 1
    for _ in 0..<18 {
        power *= 10
        values += [power - 1, power, power + 1, -power, -(power - 1)]
    }
    for value in values {
        var bytes = Array("x".utf8)
        DecimalDigits.append(value, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "x\(value)")
    }
}
