import Raft
import Testing
@testable import Simulation

@Suite("Linearizability checker")
struct LinearizabilityTests {
    func op(_ client: Int, _ operation: KVOperation, _ invoke: Int64, _ response: Int64?, _ result: KVResult?) -> HistoryRecord {
        HistoryRecord(client: client, operation: operation, invokeUs: invoke, responseUs: response ?? Int64.max, result: result)
    }

    @Test("sequential history that respects the register is linearizable")
    func sequential() {
        let history = [
            op(0, .set(key: 0, value: 1, ttlMs: nil), 0, 10, .ok),
            op(0, .get(key: 0), 20, 30, .value(1)),
            op(1, .incr(key: 0), 40, 50, .value(2)),
            op(1, .del(key: 0), 60, 70, .count(1)),
            op(0, .get(key: 0), 80, 90, .value(nil)),
        ]
        #expect(LinearizabilityChecker.check(history) == .linearizable)
    }

    @Test("a read concurrent with a write may see either value")
    func concurrentReadEitherValue() {
        for seen: Int64? in [nil, 5] {
            let history = [
                op(0, .set(key: 0, value: 5, ttlMs: nil), 0, 100, .ok),
                op(1, .get(key: 0), 10, 20, .value(seen)),
            ]
            #expect(LinearizabilityChecker.check(history) == .linearizable)
        }
    }

    @Test("a read after a completed write that returns the old value is not linearizable")
    func staleRead() {
        let history = [
            op(0, .set(key: 0, value: 1, ttlMs: nil), 0, 10, .ok),
            op(0, .set(key: 0, value: 2, ttlMs: nil), 20, 30, .ok),
            op(1, .get(key: 0), 40, 50, .value(1)),
        ]
        #expect(LinearizabilityChecker.check(history) == .notLinearizable)
    }

    @Test("two reads may not see writes in opposite orders")
    func readsDisagreeOnOrder() {
        let history = [
            op(0, .set(key: 0, value: 1, ttlMs: nil), 0, 100, .ok),
            op(1, .set(key: 0, value: 2, ttlMs: nil), 0, 100, .ok),
            op(2, .get(key: 0), 10, 20, .value(1)),
            op(2, .get(key: 0), 30, 40, .value(2)),
            op(3, .get(key: 0), 50, 60, .value(1)),
        ]
        #expect(LinearizabilityChecker.check(history) == .notLinearizable)
    }

    @Test("INCR results must form one sequence")
    func incrementsSequence() {
        let good = [
            op(0, .incr(key: 0), 0, 50, .value(2)),
            op(1, .incr(key: 0), 10, 40, .value(1)),
        ]
        #expect(LinearizabilityChecker.check(good) == .linearizable)
        let bad = [
            op(0, .incr(key: 0), 0, 10, .value(1)),
            op(1, .incr(key: 0), 20, 30, .value(1)),
        ]
        #expect(LinearizabilityChecker.check(bad) == .notLinearizable)
    }

    @Test("a timed-out write may take effect late, or never")
    func indeterminateWrite() {
        let seenLate = [
            op(0, .set(key: 0, value: 9, ttlMs: nil), 0, nil, nil),
            op(1, .get(key: 0), 10, 20, .value(nil)),
            op(1, .get(key: 0), 500, 510, .value(9)),
        ]
        #expect(LinearizabilityChecker.check(seenLate) == .linearizable)
        let neverSeen = [
            op(0, .set(key: 0, value: 9, ttlMs: nil), 0, nil, nil),
            op(1, .get(key: 0), 500, 510, .value(nil)),
        ]
        #expect(LinearizabilityChecker.check(neverSeen) == .linearizable)
        let seenThenGone = [
            op(0, .set(key: 0, value: 9, ttlMs: nil), 0, nil, nil),
            op(1, .get(key: 0), 10, 20, .value(9)),
            op(1, .get(key: 0), 30, 40, .value(nil)),
        ]
        #expect(LinearizabilityChecker.check(seenThenGone) == .notLinearizable)
    }

    @Test("a value nobody wrote is not linearizable")
    func phantomValue() {
        let history = [op(0, .get(key: 0), 0, 10, .value(42))]
        #expect(LinearizabilityChecker.check(history) == .notLinearizable)
    }

    @Test("a long concurrent history is checked quickly thanks to memoization")
    func longHistory() {
        var history: [HistoryRecord] = []
        var value: Int64 = 0
        for step in 0..<300 {
            let t = Int64(step) * 10
            // Three overlapping increments per window, then a read of the total.
            history.append(op(step % 3, .incr(key: 0), t, t + 25, nil))
            value += 1
            if step % 3 == 2 { history.append(op(3, .get(key: 0), t + 26, t + 27, .value(value))) }
        }
        #expect(LinearizabilityChecker.check(history) == .linearizable)
    }
}

@Suite("Simulated state machine and disk")
struct StateMachineTests {
    @Test("KVRegister: SET with TTL expires on the entry clock, identically after a snapshot")
    func ttlOnEntryClock() {
        var machine = KVRegister()
        _ = machine.apply(KVRegister.encode(.set(key: 1, value: 7, ttlMs: 100)), index: 1, timeMs: 1_000)
        #expect(KVRegister.decodeResult(machine.read(KVRegister.encode(.get(key: 1)), timeMs: 1_050)) == .value(7))
        let restored = KVRegister(snapshot: machine.snapshot())
        #expect(KVRegister.decodeResult(restored.read(KVRegister.encode(.get(key: 1)), timeMs: 1_099)) == .value(7))
        #expect(KVRegister.decodeResult(restored.read(KVRegister.encode(.get(key: 1)), timeMs: 1_100)) == .value(nil))
        // INCR at a later entry time sees the key expired and starts from 0.
        let reply = machine.apply(KVRegister.encode(.incr(key: 1)), index: 2, timeMs: 1_200)
        #expect(KVRegister.decodeResult(reply) == .value(1))
    }

    @Test("a crash loses unsynced writes but never synced ones")
    func crashLosesOnlyUnsynced() {
        var storage = SimStorage(recovered: .bootstrap(voters: [1]))
        var rng = SplitMix64(seed: 3)
        let first = Ready(softState: nil, hardState: HardState(term: 1, vote: 1, commit: 0), snapshotToPersist: nil,
                          entriesToPersist: [Entry(term: 1, index: 1)], messages: [], committedEntries: [], readStates: [])
        storage.write(first)
        storage.sync()
        let second = Ready(softState: nil, hardState: HardState(term: 1, vote: 1, commit: 1), snapshotToPersist: nil,
                           entriesToPersist: [Entry(term: 1, index: 2), Entry(term: 1, index: 3)], messages: [],
                           committedEntries: [], readStates: [])
        storage.write(second)
        storage.crash(&rng)
        let recovered = storage.recovered
        #expect(recovered.entries.count >= 1 && recovered.entries.count <= 3)
        #expect(recovered.hardState.term == 1 && recovered.hardState.vote == 1)
    }
}
