import Commands
import Foundation
import Keyspace
import RESP
import Testing

/// A `KeyspaceImage` is the keyspace at the moment of capture, however the live keyspace
/// changes while it is encoded (DESIGN §5): compared with a synchronous encoding taken at
/// the same moment.
@Suite struct KeyspaceImageTests {
    /// Fixed seeds for CI, or the one in `SKIFF_SEED` to replay a failure (printed with it).
    static func seeds() -> [UInt64] {
        if let text = ProcessInfo.processInfo.environment["SKIFF_SEED"], let seed = UInt64(text) { return [seed] }
        return Array(1...12)
    }

    /// A random write over a few keys of every type, so aggregates shared with the image
    /// are changed in place, renamed, copied, deleted and recreated.
    static func randomWrite(_ random: inout SplitMix64) -> String {
        let key = "k\(random.next() % 12)"
        let other = "k\(random.next() % 12)"
        let n = random.next() % 300
        switch random.next() % 22 {
        case 0: return "SET \(key) v\(n)"
        case 1: return "APPEND \(key) x\(n)"
        case 2: return "INCR \(key)"
        case 3: return "HSET \(key) f\(n % 40) v\(n)"
        case 4: return "HDEL \(key) f\(n % 40)"
        case 5: return "HSET \(key) " + (0..<Int(n % 150)).map { "g\($0) \(n)" }.joined(separator: " ") + " z 1"
        case 6: return "RPUSH \(key) a\(n) b\(n)"
        case 7: return "LPOP \(key)"
        case 8: return "LSET \(key) 0 s\(n)"
        case 9: return "SADD \(key) \(n) m\(n)"
        case 10: return "SADD \(key) \(n)"
        case 11: return "SREM \(key) \(n) m\(n)"
        case 12: return "SPOP \(key)"
        case 13: return "ZADD \(key) \(n % 7) m\(n % 50)"
        case 14: return "ZINCRBY \(key) 2 m\(n % 50)"
        case 15: return "ZREM \(key) m\(n % 50)"
        case 16: return "RENAME \(key) \(other)"
        case 17: return "COPY \(key) \(other) REPLACE"
        case 18: return "DEL \(key)"
        case 19: return "EXPIRE \(key) \(n + 10)"
        case 20: return "LMOVE \(key) \(other) LEFT RIGHT"
        default: return "SMOVE \(key) \(other) \(n)"
        }
    }

    @Test(arguments: seeds())
    func imageEqualsTheStateAtCapture(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var harness = Harness(keyspace: Keyspace(databaseCount: 2, hashSeed: seed))
        for round in 0..<6 {
            for _ in 0..<150 { _ = harness(Self.randomWrite(&random)) }
            let expected = harness.keyspace.encodeSnapshot()
            let image = harness.keyspace.captureImage()
            for _ in 0..<150 { _ = harness(Self.randomWrite(&random)) }
            let encoded = image.encode()
            harness.keyspace.releaseImage()
            #expect(encoded == expected, "seed \(seed) round \(round): replay with SKIFF_SEED=\(seed)")
        }
    }

    /// The same while another thread encodes: the loop's writes must not reach memory the
    /// encoder reads (the image would differ, or the process crash).
    @Test(arguments: seeds().prefix(4))
    func imageEncodedOnAnotherThreadWhileWritesGoOn(seed: UInt64) async {
        var random = SplitMix64(seed: seed)
        var harness = Harness(keyspace: Keyspace(databaseCount: 1, hashSeed: seed))
        for index in 0..<3000 { _ = harness("SET s\(index) \(index)") }
        for _ in 0..<400 { _ = harness(Self.randomWrite(&random)) }
        let expected = harness.keyspace.encodeSnapshot()
        let image = harness.keyspace.captureImage()
        let encoder = Task.detached { image.encode() }
        for _ in 0..<2000 { _ = harness(Self.randomWrite(&random)) }
        for index in 0..<3000 where index % 3 == 0 { _ = harness("GET s\(index)") }
        let encoded = await encoder.value
        harness.keyspace.releaseImage()
        #expect(encoded == expected, "replay with SKIFF_SEED=\(seed)")
    }

    /// Once every image is released, aggregates change in place again (no clone per write).
    @Test func releasedImageStopsCloning() {
        var harness = Harness()
        _ = harness("HSET h a 1")
        let db = harness.keyspace[0]
        let handle = db.find(Array("h".utf8)[...])!
        guard case .hash(let before) = db.value(handle) else { Issue.record("not a hash"); return }
        let image = harness.keyspace.captureImage()
        guard case .hash(let during) = db.value(handle) else { Issue.record("not a hash"); return }
        #expect(before !== during, "a shared aggregate is cloned before it is handed out")
        guard case .hash(let again) = db.value(handle) else { Issue.record("not a hash"); return }
        #expect(during === again, "cloned once per image")
        _ = image
        harness.keyspace.releaseImage()
        _ = harness("HSET h b 2")
        guard case .hash(let after) = db.value(handle) else { Issue.record("not a hash"); return }
        #expect(during === after)
    }
}
