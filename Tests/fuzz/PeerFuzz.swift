// libFuzzer harness for the peer frame decoder and the log entry payload decoder. Built
// outside SwiftPM (the codec files import nothing the harness does not compile in):
//   swiftc -sanitize=fuzzer,address -parse-as-library -O Sources/Raft/*.swift Sources/RESP/*.swift \
//       Sources/Cluster/PeerFrame*.swift Sources/Cluster/EntryPayload.swift Tests/fuzz/PeerFuzz.swift \
//       -o peer-fuzz && ./peer-fuzz -max_total_time=60
// It feeds each input whole and byte by byte and checks the decoder's promises: it never
// traps, never moves the offset backwards or past the buffer, a dripped feed yields the
// same frames and error as a whole feed, and decoded values re-encode stably.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPeerDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let decoder = PeerFrameDecoder(maxFrameBytes: 1 << 20)
    let whole = decode(input, chunk: max(1, size), decoder: decoder)
    let drip = decode(input, chunk: 1, decoder: decoder)
    precondition(whole.frames == drip.frames, "dripped feed decodes differently")
    precondition(whole.error == drip.error, "dripped feed fails differently")
    if let payload = try? EntryPayload.decode(input) {
        precondition(try! EntryPayload.decode(payload.encoded()) == payload, "payload does not round-trip")
    }
    return 0
}

private func decode(_ input: [UInt8], chunk: Int, decoder: PeerFrameDecoder) -> (frames: [[UInt8]], error: PeerDecodingError?) {
    var buffer: [UInt8] = []
    var offset = 0
    var frames: [[UInt8]] = []
    var start = 0
    while start < input.count {
        let end = min(input.count, start + chunk)
        buffer.append(contentsOf: input[start..<end])
        start = end
        while true {
            let before = offset
            let result = buffer.withUnsafeBytes { decoder.decode($0, offset: &offset) }
            precondition(offset >= before && offset <= buffer.count, "offset out of range")
            switch result {
            case .frame(let frame):
                // Decoding normalises (configurations are sorted, messages made UTF-8), so
                // check that the normal form is stable rather than byte-identical.
                let bytes = frame.encoded
                guard case .frame(let again) = decoder.decode(bytes) else { preconditionFailure("re-encoded frame fails") }
                precondition(again.encoded == bytes, "re-encoding is not stable")
                frames.append(bytes)
                continue
            case .needMoreData:
                precondition(offset == before, "need-more-data moved the offset")
            case .error(let error):
                return (frames, error)
            }
            break
        }
    }
    return (frames, nil)
}
