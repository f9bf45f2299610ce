// libFuzzer harness for the RESP request parser. Built outside SwiftPM by Tests/run-tests.sh:
//   swiftc -sanitize=fuzzer,address -parse-as-library -O Sources/RESP/*.swift Tests/fuzz/RESPFuzz.swift
// It feeds each input whole and again in uneven chunks, and checks the parser's
// own promises: it never reads past the buffer, never moves backwards, and a
// chunked feed yields exactly the commands of a whole feed.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    var limits = ProtocolLimits()
    limits.maxBulkLength = 1 << 20
    let whole = parse(input, chunk: size == 0 ? 1 : size, limits: limits)
    let chunk = 1 + Int(input.first ?? 0) % 7
    let pieces = parse(input, chunk: chunk, limits: limits)
    precondition(whole.commands == pieces.commands, "chunked parse differs from whole parse")
    precondition(whole.error == pieces.error, "chunked parse error differs")
    return 0
}

private func parse(_ input: [UInt8], chunk: Int, limits: ProtocolLimits) -> (commands: [Arguments], error: String?) {
    var parser = RequestParser(limits: limits)
    var arguments = Arguments()
    var buffer: [UInt8] = []
    var offset = 0
    var commands: [Arguments] = []
    var start = 0
    while start < input.count {
        let end = min(input.count, start + chunk)
        buffer.append(contentsOf: input[start..<end])
        start = end
        while true {
            let before = offset
            let outcome = buffer.withUnsafeBytes { parser.next($0, offset: &offset, into: &arguments) }
            precondition(offset >= before && offset <= buffer.count, "offset out of range")
            switch outcome {
            case .command:
                commands.append(arguments)
                arguments.removeAll()
                continue
            case .needMoreData:
                break
            case .protocolError(let message):
                return (commands, message)
            }
            break
        }
    }
    return (commands, nil)
}
