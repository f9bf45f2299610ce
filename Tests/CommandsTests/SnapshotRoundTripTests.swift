import Testing
import Commands
import Keyspace
import RESP

/// Every value type, written through commands, survives a snapshot: the restored
/// keyspace answers every read exactly as the original (DESIGN §5, §7). A type that
/// gains content without a snapshot encoding fails here.
@Test func everyValueTypeSurvivesASnapshot() throws {
    var original = Harness(keyspace: Keyspace(databaseCount: 2, hashSeed: 99))
    let writes = [
        "SET s hello", "SET n 42", "SET big \(String(repeating: "x", count: 100))", "APPEND s !",
        "SET ttl v PX 100000",
        "HSET h f1 v1 f2 v2", "HSET wide " + (0..<200).map { "f\($0) v\($0)" }.joined(separator: " "),
        "RPUSH l a b c", "LPUSH l z",
        "SADD set m1 m2 m3", "SADD ints 1 2 3",
        "ZADD z 1 a 2.5 b -3 c",
        "ZADD bigz " + (0..<200).map { "\($0 % 17).5 m\($0)" }.joined(separator: " "),
        "SADD bigset " + (0..<50).map { "s\($0)" }.joined(separator: " "),
        "SELECT 1", "SET other db1", "SELECT 0",
    ]
    for line in writes { _ = original(line) }
    let restoredKeyspace = Keyspace(databaseCount: 2, hashSeed: 99)
    try restoredKeyspace.restoreSnapshot(original.keyspace.encodeSnapshot())
    var restored = Harness(keyspace: restoredKeyspace)
    let reads = [
        "DBSIZE", "GET s", "GET n", "GET big", "OBJECT ENCODING s", "OBJECT ENCODING n", "PTTL ttl",
        "HGETALL h", "HGETALL wide", "OBJECT ENCODING wide", "LRANGE l 0 -1", "SMEMBERS set", "SMEMBERS ints",
        "ZRANGE z 0 -1 WITHSCORES", "TYPE set", "TYPE z", "OBJECT ENCODING bigz", "ZSCAN bigz 0 COUNT 5",
        "ZRANGE bigz 0 -1 WITHSCORES", "OBJECT ENCODING bigset", "SSCAN bigset 0 COUNT 5", "OBJECT ENCODING ints", "SCAN 0 COUNT 1000", "SELECT 1", "GET other",
    ]
    for line in reads {
        #expect(restored(line) == original(line), "after restore: \(line)")
    }
}
