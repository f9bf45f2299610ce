import Commands
import Foundation
import Keyspace
import RESP
import Testing

/// Fixed seeds for CI, or the one in `SKIFF_SEED` to replay a failure (printed with it).
func watchSeeds() -> [UInt64] {
    if let text = ProcessInfo.processInfo.environment["SKIFF_SEED"], let seed = UInt64(text) { return [seed] }
    return [1, 2, 3, 4, 5, 6, 7, 8]
}

/// WATCH checked at apply time (`Keyspace.isUnchanged`) and the EXEC log entry (`Transaction`).
@Suite struct TransactionTests {
    /// Watches `key` in the harness's keyspace at its current time.
    func watch(_ harness: Harness, _ key: String, database: Int = 0) -> WatchedKey {
        harness.keyspace.watch(database: database, key: Array(key.utf8), nowMs: harness.nowMs)
    }

    func unchanged(_ harness: Harness, _ watched: WatchedKey) -> Bool {
        harness.keyspace.isUnchanged(watched, nowMs: harness.nowMs)
    }

    @Test func liveKeyChangesWithAnyWriteDeletionOrDeadline() {
        var h = Harness()
        _ = h("SET w 1")
        var w = watch(h, "w")
        _ = h("GET w")
        _ = h("SET other 1")
        #expect(unchanged(h, w))
        _ = h("SET w 1")
        #expect(!unchanged(h, w), "a write of the same value is a write")
        w = watch(h, "w")
        _ = h("DEL w")
        #expect(!unchanged(h, w))
        _ = h("SET w 1 PX 100")
        w = watch(h, "w")
        h.nowMs += 100
        #expect(!unchanged(h, w), "the deadline passed (Redis's isWatchedKeyExpired)")
        _ = h("SET w 1")
        w = watch(h, "w")
        _ = h("PERSIST w")
        #expect(unchanged(h, w), "PERSIST of a key without deadline changes nothing")
        _ = h("EXPIRE w 100")
        #expect(!unchanged(h, w))
    }

    @Test func missingKeyCreatedOrCreatedThenDeleted() {
        var h = Harness()
        var w = watch(h, "w")
        #expect(w.revision == 0)
        _ = h("SET a 1")
        _ = h("DEL a")
        #expect(unchanged(h, w), "other keys come and go")
        _ = h("SET w 1")
        #expect(!unchanged(h, w))
        _ = h("DEL w")
        #expect(!unchanged(h, w), "created then deleted: the ledger remembers")
        w = watch(h, "w")
        _ = h("LPUSH w x")
        _ = h("RPOP w")
        #expect(!unchanged(h, w), "a list created and emptied")
    }

    @Test func keyExpiredAtWatchIsStillMissingAfterItsDeletion() {
        var h = Harness()
        _ = h("SET w 1 PX 10")
        h.nowMs += 20
        let w = watch(h, "w")
        #expect(w.revision == 0)
        _ = h("SET w2 x")
        _ = h.keyspace.deleteIfExpired(database: 0, key: Array("w".utf8), nowMs: h.nowMs)
        #expect(unchanged(h, w), "deleting a key already expired at WATCH is no change (Redis 7.0)")
        _ = h("SET w 2")
        #expect(!unchanged(h, w))
    }

    @Test func flushAndSwapTouchWhatExisted() {
        var h = Harness()
        _ = h("SET w 1")
        var live = watch(h, "w")
        let missing = watch(h, "m")
        _ = h("FLUSHDB")
        #expect(!unchanged(h, live))
        #expect(unchanged(h, missing), "FLUSHDB of other keys leaves a missing key unchanged")
        _ = h("SET w 1")
        live = watch(h, "w")
        let flushedElsewhere = watch(h, "x", database: 1)
        _ = h("FLUSHALL")
        #expect(!unchanged(h, live))
        #expect(unchanged(h, flushedElsewhere))
        _ = h("SELECT 1")
        _ = h("SET s 1")
        _ = h("SELECT 0")
        let swappedIn = watch(h, "s")
        let neither = watch(h, "n")
        _ = h("SWAPDB 0 1")
        #expect(!unchanged(h, swappedIn), "a key SWAPDB brought in")
        #expect(unchanged(h, neither), "missing on both sides")
        let swappedOut = watch(h, "s")
        _ = h("SWAPDB 0 1")
        #expect(!unchanged(h, swappedOut), "a key SWAPDB took away")
    }

    @Test func ledgerSurvivesSnapshots() throws {
        var h = Harness()
        let w = watch(h, "w")
        _ = h("SET w 1")
        _ = h("DEL w")
        _ = h("SWAPDB 2 3")
        let restored = Keyspace()
        try restored.restoreSnapshot(h.keyspace.encodeSnapshot())
        #expect(!restored.isUnchanged(w, nowMs: h.nowMs))
        #expect(restored.encodeSnapshot() == h.keyspace.encodeSnapshot())
    }

    /// Safety on random histories: whenever the watched key's observable state (type,
    /// value, deadline, existence) differs from what it was at WATCH, EXEC must abort.
    @Test(arguments: watchSeeds())
    func observableChangeAlwaysAborts(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        func pick(_ n: Int) -> Int { Int(generator.next() % UInt64(n)) }
        let keys = ["k0", "k1", "k2"]
        let operations = ["SET $k v$n", "SET $k v$n PX $t", "DEL $k", "EXPIRE $k 1", "PERSIST $k", "LPUSH $k e$n",
                          "RPOP $k", "APPEND $k z", "RENAME $k $j", "GET $k", "SET other $n", "DEL other"]
        for round in 0..<200 {
            var h = Harness()
            func observe(_ h: inout Harness, _ key: String) -> String {
                let type = h("TYPE \(key)")
                let value = type.contains("list") ? h("LRANGE \(key) 0 -1") : h("GET \(key)")
                return type + value + h("PEXPIRETIME \(key)")
            }
            for _ in 0..<pick(4) { _ = h("SET \(keys[pick(3)]) init" + (pick(2) == 0 ? " PX \(1 + pick(1000))" : "")) }
            let key = keys[pick(3)]
            let watched = watch(h, key)
            let before = observe(&h, key)
            var changed = false
            var history: [String] = []
            for _ in 0..<(1 + pick(5)) {
                if pick(4) == 0 {
                    h.nowMs += Int64(pick(1500))
                    history.append("advance to \(h.nowMs)")
                } else {
                    let line = operations[pick(operations.count)]
                        .replacingOccurrences(of: "$k", with: keys[pick(3)])
                        .replacingOccurrences(of: "$j", with: keys[pick(3)])
                        .replacingOccurrences(of: "$n", with: String(pick(3)))
                        .replacingOccurrences(of: "$t", with: String(1 + pick(1000)))
                    _ = h(line)
                    history.append(line)
                }
                if observe(&h, key) != before { changed = true }
            }
            if changed {
                #expect(!unchanged(h, watched), "seed \(seed) round \(round): WATCH \(key), \(history)")
            }
        }
    }

    @Test func entryRoundTripsAndApplies() {
        let watched = WatchedKey(database: 1, key: [0, 0xFF, 0x0D], revision: 7, keyspaceRevision: 9)
        let transaction = Transaction(watches: [watched], commands: [
            Transaction.Command(database: 0, arguments: Arguments(strings: ["SET", "a", "1"])),
            Transaction.Command(database: 3, arguments: Arguments(strings: ["INCR", "a"])),
            Transaction.Command(database: 0, arguments: Arguments(strings: ["LPUSH", "a", "x"])),
        ])
        let encoded = transaction.encoded()
        #expect(Transaction.isEncoded(encoded))
        #expect(Transaction(decoding: encoded) == transaction)
        #expect(Transaction(decoding: Arguments(strings: ["EXEC", "x", ""])) == nil)
        #expect(!Transaction.isEncoded(Arguments(strings: ["EXEC"])))

        let keyspace = Keyspace()
        var reply = ReplyWriter()
        Transaction(watches: [], commands: transaction.commands).apply(to: keyspace, nowMs: 1, seed: 1, reply: &reply)
        #expect(visible(reply.bytes) == visible(Array(
            "*3\r\n+OK\r\n:1\r\n-WRONGTYPE Operation against a key holding the wrong kind of value\r\n".utf8)))

        var h = Harness(keyspace: keyspace)
        let w = watch(h, "a")
        _ = h("SET a 2")
        var aborted = ReplyWriter(protocolVersion: .resp3)
        Transaction(watches: [w], commands: transaction.commands).apply(to: keyspace, nowMs: 1, seed: 1, reply: &aborted)
        #expect(aborted.bytes == Array("_\r\n".utf8))
        #expect(h("GET a") == "$1\r\n2\r\n", "nothing ran")
    }

    @Test func blockingTimeouts() {
        func timeout(_ text: String) -> String {
            switch BlockingCommands.timeoutMs(Array(text.utf8)[...]) {
            case .success(let ms): return String(ms)
            case .failure(let error): return error.message
            }
        }
        #expect(timeout("0") == "0")
        #expect(timeout("1.5") == "1500")
        #expect(timeout("1e-3") == "1", "ceill of 0.99999... ms")
        #expect(timeout("0.0001") == "1")
        #expect(timeout("-0.0001") == "0")
        #expect(timeout("-1") == BlockingCommands.timeoutNegative)
        #expect(timeout("inf") == BlockingCommands.timeoutNegative)
        #expect(timeout("1e3000") == BlockingCommands.timeoutNegative)
        #expect(timeout("nan") == BlockingCommands.timeoutNotFloat)
        #expect(timeout(" 1") == BlockingCommands.timeoutNotFloat)
        #expect(timeout("") == BlockingCommands.timeoutNotFloat)
    }
}
