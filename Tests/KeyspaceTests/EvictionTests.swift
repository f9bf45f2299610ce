import Glibc
import Testing

@testable import Keyspace

/// A seed from SKIFF_SEED when set (to replay a failure), else a fresh one; printed either way.
private func testSeed() -> UInt64 {
    let seed = getenv("SKIFF_SEED").flatMap { UInt64(String(cString: $0)) } ?? UInt64.random(in: 1...UInt64.max)
    print("eviction test seed \(seed) (replay with SKIFF_SEED=\(seed))")
    return seed
}

@Suite struct LFUCounterTests {
    @Test func newKeysStartAtTheInitialValue() {
        let access = LFUCounter.newKey(nowMs: 120_000)
        #expect(access & 0xFF == UInt32(LFUCounter.initial))
        #expect(access >> 8 == 2, "minutes in the upper bits")
    }

    @Test func incrementIsCertainAtOrBelowTheInitialValueAndRareHigh() {
        #expect(LFUCounter.incremented(3, logFactor: 10, random: 0.999) == 4)
        #expect(LFUCounter.incremented(5, logFactor: 10, random: 0.999) == 6)
        // p = 1 / ((100 - 5) × 10 + 1) ≈ 0.00105
        #expect(LFUCounter.incremented(100, logFactor: 10, random: 0.002) == 100)
        #expect(LFUCounter.incremented(100, logFactor: 10, random: 0.001) == 101)
        #expect(LFUCounter.incremented(255, logFactor: 0, random: 0) == 255, "saturates")
    }

    @Test func counterGrowsLogarithmically() {
        var generator = SplitMix64(seed: 42)
        var counter = LFUCounter.initial
        for _ in 0..<1_000_000 {
            counter = LFUCounter.incremented(counter, logFactor: 10, random: Double(generator.next() >> 11) * 0x1p-53)
        }
        // Redis's table for lfu-log-factor 10: 100 hits → 10, 1M hits → 255.
        #expect(counter == 255)
        counter = LFUCounter.initial
        for _ in 0..<1_000 {
            counter = LFUCounter.incremented(counter, logFactor: 10, random: Double(generator.next() >> 11) * 0x1p-53)
        }
        #expect((12...30).contains(counter), "1K hits give about 18 (Redis's table), got \(counter)")
    }

    @Test func decaysOneStepPerDecayPeriod() {
        let access = UInt32(10) << 8 | 20  // minute 10, counter 20
        #expect(LFUCounter.decayed(access, nowMs: 10 * 60_000, decayMinutes: 1) == 20)
        #expect(LFUCounter.decayed(access, nowMs: 15 * 60_000, decayMinutes: 1) == 15)
        #expect(LFUCounter.decayed(access, nowMs: 15 * 60_000, decayMinutes: 5) == 19)
        #expect(LFUCounter.decayed(access, nowMs: 100 * 60_000, decayMinutes: 1) == 0)
        #expect(LFUCounter.decayed(access, nowMs: 100 * 60_000, decayMinutes: 0) == 20, "0 never decays")
        // The 16-bit minute clock wraps: minute 65530 → minute 4 is 10 minutes.
        let late = UInt32(65530) << 8 | 20
        #expect(LFUCounter.decayed(late, nowMs: Int64(65536 + 4) * 60_000, decayMinutes: 1) == 11)
    }

    @Test func lruIdleTimeHandlesTheClockWrap() {
        #expect(LRUClock.idleMs(LRUClock.stamp(nowMs: 5_000), nowMs: 65_000) == 60_000)
        let wrapped = UInt32.max - 999  // 1000 ms before the clock wraps
        #expect(LRUClock.idleMs(wrapped, nowMs: (1 << 32) + 3_000) == 4_000)
        #expect(LRUClock.idleMs(LRUClock.stamp(nowMs: 1_234), nowMs: 1_250) == 16, "millisecond resolution")
    }

    @Test func accessesOnAnLFUKeyspaceRaiseTheCounter() {
        let keyspace = Keyspace(databaseCount: 1)
        keyspace.eviction = EvictionSettings(maxmemoryBytes: 0, policy: .allkeysLFU)
        let handle = keyspace[0].insert(bytes("hot"), value: stringValue("v"), nowMs: 60_000)
        #expect(keyspace[0].access(handle) & 0xFF == 5)
        for _ in 0..<100 { _ = keyspace[0].lookupRead(bytes("hot")[...], nowMs: 60_000) }
        #expect(keyspace[0].access(handle) & 0xFF > 5)
        #expect(keyspace.counters.keyspaceHits == 100)
        _ = keyspace[0].lookupRead(bytes("cold")[...], nowMs: 60_000)
        #expect(keyspace.counters.keyspaceMisses == 1)
    }
}

@Suite struct EvictionPoolTests {
    private func candidate(_ slot: Int32, _ score: UInt64) -> EvictionPool.Candidate {
        .init(database: 0, slot: slot, hash: UInt64(slot), score: score)
    }

    @Test func keepsTheBestSixteenInOrder() {
        var pool = EvictionPool()
        for slot in 0..<40 { pool.offer(candidate(Int32(slot), UInt64((slot * 37) % 40))) }
        #expect(pool.candidates.count == EvictionPool.capacity)
        #expect(pool.candidates.map(\.score) == Array(24..<40).map(UInt64.init))
        #expect(pool.popBest()?.score == 39)
        #expect(pool.popBest()?.score == 38)
    }

    @Test func rejectsWorseThanEverythingWhenFull() {
        var pool = EvictionPool()
        for slot in 0..<16 { pool.offer(candidate(Int32(slot), 100 + UInt64(slot))) }
        pool.offer(candidate(99, 1))
        #expect(!pool.candidates.contains { $0.slot == 99 })
        pool.offer(candidate(98, 1_000))
        #expect(pool.candidates.last?.slot == 98)
        #expect(pool.candidates.first?.score == 101, "the worst was dropped")
    }

    @Test func reofferingAKeyUpdatesItsScore() {
        var pool = EvictionPool()
        pool.offer(candidate(1, 10))
        pool.offer(candidate(2, 20))
        pool.offer(candidate(1, 30))
        #expect(pool.candidates.map(\.slot) == [2, 1])
    }
}

@Suite struct MemoryAccountingTests {
    /// The 16-byte stored key and the value sit in the slot; the key's hash is not kept
    /// (recomputed when needed), and cost and access fit beside the other 32-bit fields.
    @Test func costAndAccessFitTheEntryWithoutGrowingIt() {
        #expect(MemoryLayout<Entry>.stride == 72)
    }

    @Test func costFollowsEveryChangeAndReturnsToEmpty() {
        let keyspace = Keyspace(databaseCount: 2)
        let empty = keyspace.usedBytes
        let db = keyspace[0]
        var handles: [EntryHandle] = []
        for i in 0..<1_000 { handles.append(db.insert(bytes("key:\(i)"), value: stringValue(String(repeating: "v", count: 100)))) }
        let loaded = keyspace.usedBytes
        // 1000 × (slot 72, key inline, value chunk 16 + 100 + 8 → 128) plus the table's arrays.
        let each = MemoryLayout<Entry>.stride + 128
        #expect(loaded - empty >= 1_000 * each && loaded - empty <= 1_000 * each + 160_000)
        db.setValue(handles[0], stringValue(String(repeating: "w", count: 1_000)), keepExpiry: true)
        #expect(keyspace.usedBytes - loaded == db.cost(handles[0]) - each)
        let list = ListValue()
        for i in 0..<100 { list.pushBack(bytes("element-\(i)")) }
        let listHandle = keyspace[1].insert(bytes("list"), value: .list(list))
        let before = keyspace[1].cost(listHandle)
        for i in 0..<900 { list.pushBack(bytes("element-\(i)")) }
        keyspace[1].noteModified(listHandle)
        #expect(keyspace[1].cost(listHandle) > before * 5, "an aggregate's cost scales with its count")
        keyspace.removeAll()
        #expect(keyspace.usedBytes <= empty + 64, "only the emptied tables remain")
        #expect(keyspace[0].count == 0)
    }

    @Test func massEvictionCompactsTheSlotArrayDeterministically() {
        func build() -> Keyspace {
            let keyspace = Keyspace(databaseCount: 1)
            keyspace.eviction = EvictionSettings(maxmemoryBytes: 1, policy: .allkeysRandom)
            for i in 0..<2_000 {
                keyspace[0].insert(bytes("k\(i)"), value: stringValue("value-\(i)"),
                                   expiresAtMs: i % 2 == 0 ? 5_000_000 + Int64(i) : nil)
            }
            return keyspace
        }
        let first = build(), second = build()
        let loaded = first.usedBytes
        var victims: [EvictionVictim] = []
        for _ in 0..<1_900 { victims.append(first.nextEvictionVictim(nowMs: 0)!) }
        for victim in victims {
            first.evict(database: victim.database, key: victim.key)
            second.evict(database: victim.database, key: victim.key)  // a replica applying the log
        }
        #expect(first.pendingEvictionCount == 0, "every applied choice left the pending table")
        #expect(first.usedBytes * 4 < loaded, "slots released: \(first.usedBytes) of \(loaded)")
        #expect(first.encodeSnapshot() == second.encodeSnapshot(), "replicas compact identically")
        let evicted = Set(victims.map(\.key))
        var expiring = 0
        for i in 0..<2_000 where !evicted.contains(bytes("k\(i)")) {
            let handle = first[0].find(bytes("k\(i)")[...])
            #expect(handle != nil)
            guard let handle else { continue }
            #expect(first[0].value(handle).kind == .string)
            #expect(first[0].expiry(handle) == (i % 2 == 0 ? 5_000_000 + Int64(i) : nil))
            if i % 2 == 0 { expiring += 1 }
        }
        #expect(first[0].count == 100 && first[0].expiringCount == expiring)
        #expect(first.activeExpireCycle(nowMs: 6_000_000).count == expiring, "the expiry index still points right")
        first[0].insert(bytes("new"), value: stringValue("v"))
        #expect(first[0].find(bytes("new")[...]) != nil)
    }

    @Test func snapshotRestoreRecomputesCosts() throws {
        let keyspace = Keyspace(databaseCount: 1)
        for i in 0..<500 { keyspace[0].insert(bytes("k\(i)"), value: stringValue("value-\(i)")) }
        let restored = Keyspace(databaseCount: 1)
        try restored.restoreSnapshot(keyspace.encodeSnapshot())
        let difference = abs(restored.usedBytes - keyspace.usedBytes)
        #expect(difference * 10 < keyspace.usedBytes, "\(restored.usedBytes) vs \(keyspace.usedBytes)")
        #expect(restored.usedBytes > 500 * 64)
    }
}

@Suite struct VictimSelectionTests {
    /// Keys k0..k(n-1), key i last accessed at second i (LRU) and with deadline 10^6 + i.
    private func loaded(_ policy: EvictionPolicy, keys: Int = 2_000, volatileEvery: Int = 1) -> Keyspace {
        let keyspace = Keyspace(databaseCount: 2)
        keyspace.eviction = EvictionSettings(maxmemoryBytes: 1, policy: policy, samples: 5)
        for i in 0..<keys {
            let deadline: Int64? = i % volatileEvery == 0 ? 1_000_000_000 + Int64(i) : nil
            keyspace[i % 2].insert(bytes("k\(i)"), value: stringValue("v"), expiresAtMs: deadline, nowMs: Int64(i) * 1_000)
        }
        return keyspace
    }

    private func index(_ victim: EvictionVictim) -> Int { Int(String(decoding: victim.key.dropFirst(), as: UTF8.self))! }

    @Test func lruPrefersTheLeastRecentlyUsed() {
        let keyspace = loaded(.allkeysLRU)
        let now: Int64 = 2_000 * 1_000
        var chosen: [Int] = []
        for _ in 0..<200 {
            let victim = keyspace.nextEvictionVictim(nowMs: now)!
            chosen.append(index(victim))
            keyspace.evict(database: victim.database, key: victim.key)
        }
        let mean = chosen.reduce(0, +) / chosen.count
        #expect(mean < 500, "sampled LRU evicts old keys first (mean index \(mean) of 2000)")
        #expect(keyspace.evictedKeys == 200)
    }

    @Test func lfuPrefersRarelyUsedKeys() {
        let keyspace = loaded(.allkeysLFU, keys: 400)
        // Every even key is read often; odd keys never.
        for i in stride(from: 0, to: 400, by: 2) {
            for _ in 0..<50 { _ = keyspace[i % 2].lookupRead(bytes("k\(i)")[...], nowMs: 1_000) }
        }
        for _ in 0..<100 {
            let victim = keyspace.nextEvictionVictim(nowMs: 1_000)!
            #expect(index(victim) % 2 == 1, "a hot key was chosen: k\(index(victim))")
            keyspace.evict(database: victim.database, key: victim.key)
        }
    }

    @Test func volatileTTLEvictsNearestDeadlinesAndSparesPersistentKeys() {
        let keyspace = loaded(.volatileTTL, volatileEvery: 2)
        var chosen: [Int] = []
        while let victim = keyspace.nextEvictionVictim(nowMs: 0) {
            chosen.append(index(victim))
            keyspace.evict(database: victim.database, key: victim.key)
        }
        #expect(chosen.count == 1_000, "every volatile key, then nothing")
        #expect(chosen.allSatisfy { $0 % 2 == 0 }, "persistent keys are never chosen")
        #expect(chosen.prefix(100).reduce(0, +) / 100 < 600, "near deadlines go first")
        #expect(!keyspace.hasEvictionCandidates)
    }

    @Test func volatileRandomSparesPersistentKeys() {
        let keyspace = loaded(.volatileRandom, volatileEvery: 3)
        while let victim = keyspace.nextEvictionVictim(nowMs: 0) {
            #expect(index(victim) % 3 == 0)
            keyspace.evict(database: victim.database, key: victim.key)
        }
        #expect(keyspace[0].count + keyspace[1].count == 2_000 - 667)
    }

    @Test func allkeysRandomTakesEveryKeyEventually() {
        let keyspace = loaded(.allkeysRandom, keys: 300)
        var seen = 0
        while let victim = keyspace.nextEvictionVictim(nowMs: 0) {
            keyspace.evict(database: victim.database, key: victim.key)
            seen += 1
        }
        #expect(seen == 300)
    }

    @Test func pendingChoicesAreNotChosenTwiceUntilForgotten() {
        let keyspace = loaded(.allkeysLRU, keys: 50)
        var keys: Set<[UInt8]> = []
        while let victim = keyspace.nextEvictionVictim(nowMs: 100_000) { keys.insert(victim.key) }
        #expect(keys.count == 50, "each key once, while none is deleted")
        #expect(keyspace.pendingEvictionCount == 50)
        #expect(keyspace.pendingEvictionBytes > 0)
        keyspace.forgetPendingEvictions()
        #expect(keyspace.nextEvictionVictim(nowMs: 100_000) != nil)
    }

    /// A key deleted (or expired) while its eviction is in the log: applying the eviction
    /// still settles the choice, or the pending bytes would hide the memory for good.
    @Test func aChoiceWhoseKeyIsAlreadyGoneIsSettled() {
        let keyspace = loaded(.allkeysLRU, keys: 10)
        let victim = keyspace.nextEvictionVictim(nowMs: 100_000)!
        keyspace[victim.database].remove(keyspace[victim.database].find(victim.key[...])!)
        #expect(keyspace.evict(database: victim.database, key: victim.key) == false)
        #expect(keyspace.pendingEvictionCount == 0)
        #expect(keyspace.pendingEvictionBytes == 0)
    }

    @Test func evictNextDeletesAtOnceWithoutPending() {
        let keyspace = loaded(.volatileLRU, keys: 100, volatileEvery: 4)
        var deleted = 0
        while keyspace.evictNext(nowMs: 200_000) { deleted += 1 }
        #expect(deleted == 25)
        #expect(keyspace.pendingEvictionCount == 0)
        #expect(keyspace.evictedKeys == 25)
        #expect(keyspace[0].expiringCount + keyspace[1].expiringCount == 0)
    }

    @Test func noevictionChoosesNothing() {
        let keyspace = loaded(.noeviction, keys: 10)
        #expect(keyspace.nextEvictionVictim(nowMs: 0) == nil)
        #expect(!keyspace.hasEvictionCandidates)
    }

    @Test func randomizedLoadStaysUnderTheLimitWithEveryPolicy() {
        let seed = testSeed()
        for policy in EvictionPolicy.allCases where policy != .noeviction {
            var generator = SplitMix64(seed: seed)
            let keyspace = Keyspace(databaseCount: 4)
            let limit = 200_000
            keyspace.eviction = EvictionSettings(maxmemoryBytes: limit, policy: policy, samples: 5)
            for i in 0..<20_000 {
                let db = Int(generator.next() % 4)
                let size = Int(generator.next() % 300)
                keyspace[db].insert(bytes("key:\(i)"), value: stringValue(String(repeating: "x", count: size)),
                                    expiresAtMs: Int64(1_000_000 + generator.next() % 1_000), nowMs: Int64(i))
                // Half the time as a leader (choose, then apply the deletion), else standalone.
                if i % 2 == 0 {
                    while keyspace.needsEviction, let victim = keyspace.nextEvictionVictim(nowMs: Int64(i)) {
                        keyspace.evict(database: victim.database, key: victim.key)
                    }
                } else {
                    while keyspace.needsEviction && keyspace.evictNext(nowMs: Int64(i)) {}
                }
                #expect(keyspace.usedBytes <= limit + 1_024, "\(policy) seed \(seed): \(keyspace.usedBytes)")
            }
        }
    }
}

extension MemoryAccountingTests {
    /// `modifyString` re-estimates only when the string's own allocation changes: the
    /// stored cost must still equal a full estimate, across the inline/heap boundary.
    @Test func stringChangedInPlaceKeepsItsCostExact() {
        let keyspace = Keyspace(databaseCount: 1)
        let db = keyspace[0]
        let handle = db.insert(bytes("counter:with-a-long-key"), value: stringValue("9"))
        var text = "9"
        for _ in 0..<40 {
            text += "9"  // 1 to 41 bytes: inline up to 14, then heap chunks of several sizes
            let before = keyspace.usedBytes
            let oldCost = db.cost(handle)
            db.modifyString(handle) { $0.bytes = StoredBytes(Array(text.utf8)) }
            #expect(db.cost(handle) == db.memoryUsage(handle), "\(text.count) bytes")
            #expect(keyspace.usedBytes - before == db.cost(handle) - oldCost, "\(text.count) bytes")
        }
    }
}
