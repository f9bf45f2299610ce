import Commands
import Keyspace
import RESP
import Testing

/// Same argv stream + same times and seeds ⇒ same replies and same keyspace, iteration
/// order included: what Raft replicas applying one log rely on (DESIGN §7).
@Suite struct DeterminismTests {
    static func randomCommand(_ random: inout SplitMix64) -> String {
        let key = "k\(random.next() % 200)"
        let other = "k\(random.next() % 200)"
        let n = Int64(bitPattern: random.next()) % 1000
        switch random.next() % 34 {
        case 0: return "SET \(key) v\(n)"
        case 1: return "SET \(key) \(n) PX \(abs(n) + 1)"
        case 2: return "GET \(key)"
        case 3: return "INCRBY \(key) \(n)"
        case 4: return "DEL \(key) \(other)"
        case 5: return "APPEND \(key) x\(n)"
        case 6: return "EXPIRE \(key) \(n % 5)"
        case 7: return "PERSIST \(key)"
        case 8: return "RENAME \(key) \(other)"
        case 9: return "RANDOMKEY"
        case 10: return "MSET \(key) 1 \(other) 2"
        case 11: return "GETEX \(key) PX \(abs(n) + 1)"
        case 12: return "SETRANGE \(key) \(abs(n) % 20) abc"
        case 13: return "INCRBYFLOAT \(key) 0.\(abs(n))"
        case 14: return "COPY \(key) \(other) REPLACE"
        case 15: return "MOVE \(key) 1"
        case 16: return "SCAN \(random.next() % 64) COUNT 5"
        case 17: return "GETDEL \(key)"
        case 18: return "SETNX \(key) z"
        case 19: return "HSET h\(key) f\(n % 7) \(n)"
        case 20: return "HDEL h\(key) f\(n % 7)"
        case 21: return "HRANDFIELD h\(key) -3 WITHVALUES"
        case 22: return "LPUSH l\(key) \(n)"
        case 23: return "RPOP l\(key) 2"
        case 24: return "LMOVE l\(key) l\(other) LEFT RIGHT"
        case 25: return "HINCRBY h\(key) f\(n % 7) 3"
        case 26: return "SADD s\(key) \(n % 5) m\(n % 3)"
        case 27: return "SPOP s\(key) 2"
        case 28: return "SUNIONSTORE s\(key) s\(key) s\(other)"
        case 29: return "SRANDMEMBER s\(key) -4"
        case 30: return "ZADD z\(key) \(n % 9) m\(n % 4)"
        case 31: return "ZPOPMIN z\(key) 2"
        case 32: return "ZINCRBY z\(key) 0.5 m\(n % 4)"
        default: return "TTL \(key)"
        }
    }

    @Test(arguments: [UInt64(7), 8, 9])
    func replicasAgree(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let commands = (0..<5_000).map { _ in DeterminismTests.randomCommand(&random) }
        var first = Harness(keyspace: Keyspace(hashSeed: 11))
        var second = Harness(keyspace: Keyspace(hashSeed: 11))
        for (index, command) in commands.enumerated() {
            let now = Harness.defaultNowMs + Int64(index) * 3
            first.nowMs = now
            second.nowMs = now
            let a = first.bytes(command)
            let b = second.bytes(command)
            guard a == b else {
                Issue.record("seed \(seed): replies differ at \(index) \(command)")
                return
            }
        }
        for database in 0..<2 {
            var orderA: [[UInt8]] = [], orderB: [[UInt8]] = []
            first.keyspace[database].forEach { orderA.append(first.keyspace[database].key($0)) }
            second.keyspace[database].forEach { orderB.append(second.keyspace[database].key($0)) }
            #expect(orderA == orderB, "seed \(seed)")
            #expect(!orderA.isEmpty)
        }
        #expect(first.keyspace.counters.revision == second.keyspace.counters.revision)
    }
}
