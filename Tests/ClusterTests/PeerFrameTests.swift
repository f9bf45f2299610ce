import Glibc
import Raft
import RESP
import Testing

@testable import Cluster

/// One frame of every frame type and every Raft message kind.
func sampleFrames() -> [PeerFrame] {
    let configuration = Configuration(voters: [1, 2, 3], learners: [4])
    let metadata = SnapshotMetadata(index: 77, term: 5, configuration: configuration)
    let entries = [
        Entry(term: 3, index: 10, kind: .noop),
        Entry(term: 3, index: 11, kind: .normal, data: [1, 2, 3]),
        Entry(term: 3, index: 12, kind: .configChange, data: configuration.encoded()),
    ]
    let kinds: [Message.Kind] = [
        .append(prevIndex: 9, prevTerm: 2, entries: entries, commit: 8),
        .append(prevIndex: 0, prevTerm: 0, entries: [], commit: 0),
        .appendResponse(AppendResponse(index: 12)),
        .appendResponse(AppendResponse(index: 9, reject: true, hintIndex: 7, hintTerm: 2)),
        .heartbeat(commit: 8, round: 42),
        .heartbeatResponse(round: 42),
        .vote(lastIndex: 12, lastTerm: 3, transfer: true),
        .voteResponse(reject: false),
        .preVote(lastIndex: 12, lastTerm: 3),
        .preVoteResponse(reject: true),
        .installSnapshot(metadata: metadata, offset: 1 << 20, chunk: [9, 8, 7], done: true),
        .snapshotResponse(index: 77, nextOffset: 3),
        .timeoutNow,
        .readIndex(context: .max),
        .readIndexResponse(context: 5, index: 12),
    ]
    var frames: [PeerFrame] = [
        .hello(nodeID: 2, clusterID: 0xC0FFEE),
        .challenge(nonce: Array(0..<16)),
        .authResponse(proof: Array(100..<116)),
        .welcome,
        .forwardRequest(ForwardRequest(origin: 3, requestID: 1 << 40, database: 15,
                                       arguments: Arguments(strings: ["SET", "key", "", "value"]))),
        .forwardAck(requestID: 9, index: 100),
        .forwardError(requestID: 9, leaderHint: 2, message: "not leader ✓"),
    ]
    for kind in kinds { frames.append(.raft(Message(from: 1, to: 2, term: 3, kind: kind))) }
    return frames
}

/// Feeds `bytes` to a decoder `chunk` bytes at a time; returns the frames or the first error.
func decodeAll(_ bytes: [UInt8], chunk: Int, decoder: PeerFrameDecoder = PeerFrameDecoder()) -> ([PeerFrame], PeerDecodingError?) {
    var buffer: [UInt8] = []
    var offset = 0
    var frames: [PeerFrame] = []
    var start = 0
    while start < bytes.count {
        let end = min(bytes.count, start + chunk)
        buffer.append(contentsOf: bytes[start..<end])
        start = end
        while true {
            let result = buffer.withUnsafeBytes { decoder.decode($0, offset: &offset) }
            switch result {
            case .frame(let frame):
                frames.append(frame)
                continue
            case .needMoreData:
                break
            case .error(let error):
                return (frames, error)
            }
            break
        }
    }
    #expect(offset <= buffer.count)
    return (frames, nil)
}

@Suite struct PeerFrameTests {
    @Test func everyFrameRoundTrips() {
        for frame in sampleFrames() {
            let bytes = frame.encoded
            guard case .frame(let decoded) = PeerFrameDecoder().decode(bytes) else {
                Issue.record("\(frame) did not decode")
                continue
            }
            #expect(decoded.encoded == bytes, "\(frame)")
        }
    }

    @Test func byteByByteFeedingYieldsTheSameFrames() {
        var stream: [UInt8] = []
        for frame in sampleFrames() { frame.encode(into: &stream) }
        let expected = sampleFrames().map(\.encoded)
        for chunk in [1, 2, 3, 7, 64, stream.count] {
            let (frames, error) = decodeAll(stream, chunk: chunk)
            #expect(error == nil)
            #expect(frames.map(\.encoded) == expected, "chunk \(chunk)")
        }
    }

    @Test func lengthPrefixCountsTheBytesAfterIt() {
        let bytes = PeerFrame.welcome.encoded
        #expect(bytes == [2, 0, 0, 0, 1, 4])
    }

    @Test func frameOverTheLimitIsRejectedBeforeItsBytesArrive() {
        let decoder = PeerFrameDecoder(maxFrameBytes: 100)
        let big = PeerFrame.challenge(nonce: Array(repeating: 0, count: 16))
        #expect(big.encoded.count <= 104)
        let header: [UInt8] = [101, 0, 0, 0, 1]
        guard case .error(.frameTooLarge(101, 100)) = decoder.decode(header) else {
            Issue.record("expected frameTooLarge")
            return
        }
        let atLimit: [UInt8] = [100, 0, 0, 0, 1]
        guard case .needMoreData = decoder.decode(atLimit) else {
            Issue.record("a frame at the limit must wait for its bytes")
            return
        }
    }

    @Test func wrongVersionUnknownTypeAndTrailingBytesAreErrors() {
        var bytes = PeerFrame.welcome.encoded
        bytes[4] = 2
        guard case .error(.unsupportedVersion(2)) = PeerFrameDecoder().decode(bytes) else {
            Issue.record("version")
            return
        }
        guard case .error(.unknownType) = PeerFrameDecoder().decode([2, 0, 0, 0, 1, 99]) else {
            Issue.record("type")
            return
        }
        guard case .error(.trailingBytes(1)) = PeerFrameDecoder().decode([3, 0, 0, 0, 1, 4, 0]) else {
            Issue.record("trailing")
            return
        }
    }

    @Test func hostileCountsDoNotAllocate() {
        // An append claiming 2^32-1 entries in a tiny frame must fail, not reserve memory.
        var writer = ByteWriter()
        writer.u64(1); writer.u64(2); writer.u64(3)
        writer.u8(Message.Kind.Code.append.rawValue)
        writer.u64(0); writer.u64(0); writer.u64(0)
        writer.u32(.max)
        var frame: [UInt8] = []
        var framed = ByteWriter(bytes: frame)
        framed.u32(UInt32(writer.bytes.count + 2))
        framed.u8(1)
        framed.u8(PeerFrame.TypeCode.raft.rawValue)
        framed.bytes += writer.bytes
        frame = framed.bytes
        guard case .error(.invalidField) = PeerFrameDecoder().decode(frame) else {
            Issue.record("expected invalidField")
            return
        }
    }

    @Test func garbageNeverCrashes() {
        let seed = testSeed()
        print("PeerFrameTests.garbageNeverCrashes seed \(seed)")
        var rng = TestRandom(seed: seed)
        let valid = sampleFrames().map(\.encoded)
        for _ in 0..<3000 {
            var bytes = valid[Int(rng.next() % UInt64(valid.count))]
            // Mutate a valid frame (reaches deep fields) or make pure noise.
            if rng.next() % 4 == 0 {
                bytes = (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            } else {
                for _ in 0..<(1 + rng.next() % 4) {
                    let i = Int(rng.next() % UInt64(bytes.count))
                    bytes[i] = UInt8(truncatingIfNeeded: rng.next())
                }
                if rng.next() % 3 == 0 { bytes.removeLast(Int(rng.next() % UInt64(bytes.count))) }
            }
            let whole = decodeAll(bytes, chunk: max(1, bytes.count))
            let drip = decodeAll(bytes, chunk: 1)
            #expect(whole.0.map(\.encoded) == drip.0.map(\.encoded), "seed \(seed)")
            #expect(whole.1 == drip.1, "seed \(seed)")
            _ = try? EntryPayload.decode(bytes)
        }
    }
}

/// SplitMix64 for tests: one seed replays a run.
struct TestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The seed of a randomized test: `SKIFF_TEST_SEED` replays a printed one.
func testSeed() -> UInt64 {
    if let text = getenv("SKIFF_TEST_SEED"), let seed = UInt64(String(cString: text)) { return seed }
    return UInt64.random(in: 1...UInt64.max)
}
