// A linearizability checker for a single register (Wing & Gong 1993, with Lowe's
// just-in-time linearization and the memoization of (linearized set, state) used by
// Porcupine). Histories are checked per key: linearizability is compositional (Herlihy &
// Wing 1990), so a history is linearizable iff each key's sub-history is.

/// The verdict on one history.
public enum LinearizabilityOutcome: Sendable, Equatable {
    case linearizable
    case notLinearizable
    /// The search budget ran out (reported, not counted as a violation).
    case unknown
}

/// State of one register: absent, or an integer.
struct RegisterState: Hashable {
    var value: Int64?

    /// The state after `operation`, or nil if `result` contradicts it (nil result: unknown,
    /// anything goes). TTLs are ignored: the workload checked for linearizability sets none.
    func step(_ operation: KVOperation, _ result: KVResult?) -> RegisterState? {
        switch operation {
        case .set(_, let v, _):
            if let result, result != .ok { return nil }
            return RegisterState(value: v)
        case .incr:
            let next = (value ?? 0) &+ 1
            if let result, result != .value(next) { return nil }
            return RegisterState(value: next)
        case .del:
            if let result, result != .count(value == nil ? 0 : 1) { return nil }
            return RegisterState(value: nil)
        case .get:
            if let result, result != .value(value) { return nil }
            return self
        }
    }
}

/// Checks histories of one register for linearizability.
public enum LinearizabilityChecker {
    struct CacheKey: Hashable {
        var bits: [UInt64]
        var state: RegisterState
    }

    /// Checks the history of one key, starting from an absent value. Records with
    /// `discarded` set must be removed by the caller; `responseUs == Int64.max` marks an
    /// operation that may or may not have taken effect.
    public static func check(_ records: [HistoryRecord], maxSteps: Int = 3_000_000) -> LinearizabilityOutcome {
        let count = records.count
        if count == 0 { return .linearizable }
        // Events 1...2n in time order; a call sorts before a return at the same instant
        // (treating them as concurrent never rejects a valid history).
        var events: [(timeUs: Int64, isCall: Bool, op: Int)] = []
        events.reserveCapacity(2 * count)
        for (op, record) in records.enumerated() {
            events.append((record.invokeUs, true, op))
            events.append((record.responseUs, false, op))
        }
        events.sort { a, b in
            if a.timeUs != b.timeUs { return a.timeUs < b.timeUs }
            if a.isCall != b.isCall { return a.isCall }
            return a.op < b.op
        }
        let total = events.count
        var next = [Int](repeating: -1, count: total + 1)
        var prev = [Int](repeating: 0, count: total + 1)
        var match = [Int](repeating: 0, count: total + 1)
        var callOf = [Int](repeating: 0, count: count)
        for k in 0...total {
            next[k] = k < total ? k + 1 : -1
            if k > 0 { prev[k] = k - 1 }
        }
        for k in 1...total where events[k - 1].isCall { callOf[events[k - 1].op] = k }
        for k in 1...total where !events[k - 1].isCall {
            let call = callOf[events[k - 1].op]
            match[call] = k
            match[k] = call
        }

        func lift(_ e: Int) {
            for x in [e, match[e]] {
                next[prev[x]] = next[x]
                if next[x] != -1 { prev[next[x]] = prev[x] }
            }
        }
        func unlift(_ e: Int) {
            for x in [match[e], e] {
                next[prev[x]] = x
                if next[x] != -1 { prev[next[x]] = x }
            }
        }

        var bits = [UInt64](repeating: 0, count: (count + 63) / 64)
        var state = RegisterState(value: nil)
        var cache = Set<CacheKey>()
        var stack: [(entry: Int, state: RegisterState)] = []
        var cursor = next[0]
        var steps = 0
        while next[0] != -1 {
            steps += 1
            if steps > maxSteps { return .unknown }
            precondition(cursor != -1, "history ends with a call")
            let event = events[cursor - 1]
            if event.isCall {
                let op = event.op
                if let after = state.step(records[op].operation, records[op].result) {
                    bits[op / 64] |= 1 << UInt64(op % 64)
                    if cache.insert(CacheKey(bits: bits, state: after)).inserted {
                        stack.append((cursor, state))
                        state = after
                        lift(cursor)
                        cursor = next[0]
                        continue
                    }
                    bits[op / 64] &= ~(1 << UInt64(op % 64))
                }
                cursor = next[cursor]
            } else {
                // An operation returned before we could place it: undo the last choice.
                guard let (entry, before) = stack.popLast() else { return .notLinearizable }
                let op = events[entry - 1].op
                state = before
                bits[op / 64] &= ~(1 << UInt64(op % 64))
                unlift(entry)
                cursor = next[entry]
            }
        }
        return .linearizable
    }
}
