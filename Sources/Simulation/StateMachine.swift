// The replicated state machine under simulation. The simulator speaks in abstract key-value
// operations (`KVOperation`); a state machine encodes them into log-entry payloads and
// decodes its replies. The built-in `KVRegister` is a small register store; the real
// `Commands` module plugs in through a short adapter that encodes operations as RESP argv
// (SET/GET/INCR/DEL) and decodes replies (see README at the end of this file).

/// One client operation on one key.
public enum KVOperation: Sendable, Equatable, Hashable {
    /// SET key value [PX ttlMs]: result `.ok`.
    case set(key: UInt8, value: Int64, ttlMs: Int64?)
    /// GET key: result `.value` (nil when absent or expired).
    case get(key: UInt8)
    /// INCR key: result `.value(new)`; an absent key counts as 0.
    case incr(key: UInt8)
    /// DEL key: result `.count(removed)`.
    case del(key: UInt8)

    /// The key the operation touches.
    public var key: UInt8 {
        switch self {
        case .set(let key, _, _), .get(let key), .incr(let key), .del(let key): return key
        }
    }

    /// Whether the operation changes state (goes through the log).
    public var isWrite: Bool { if case .get = self { return false } else { return true } }
}

/// The reply to a `KVOperation`.
public enum KVResult: Sendable, Equatable, Hashable {
    case ok
    case value(Int64?)
    case count(Int64)
    case error
}

/// A deterministic state machine the simulator can replicate.
public protocol SimulatedStateMachine {
    /// An empty state machine.
    init()
    /// A state machine restored from `snapshot()` output (empty bytes: empty machine).
    init(snapshot: [UInt8])
    /// Applies a committed write; `timeMs` is the entry's leader time (DESIGN §7).
    mutating func apply(_ command: [UInt8], index: UInt64, timeMs: Int64) -> [UInt8]
    /// Serves a read locally (after the read barrier) at the serving node's time.
    func read(_ command: [UInt8], timeMs: Int64) -> [UInt8]
    /// A complete image of the state.
    func snapshot() -> [UInt8]
    /// Encodes an operation as a command payload.
    static func encode(_ operation: KVOperation) -> [UInt8]
    /// Decodes a reply produced by `apply` or `read`.
    static func decodeResult(_ reply: [UInt8]) -> KVResult
}

/// The built-in register store: keys 0...255 hold an integer and an optional deadline.
public struct KVRegister: SimulatedStateMachine, Sendable {
    struct Slot: Sendable, Equatable {
        var value: Int64
        var deadlineMs: Int64   // Int64.max: no TTL
    }

    var slots: [UInt8: Slot] = [:]
    /// Last applied entry time, made monotonic (DESIGN §7).
    var clockMs: Int64 = 0

    public init() {}

    public init(snapshot bytes: [UInt8]) {
        var offset = 0
        guard let clock = Wire.int(bytes, &offset), let count = Wire.int(bytes, &offset) else { return }
        clockMs = clock
        for _ in 0..<count {
            guard offset < bytes.count else { return }
            let key = bytes[offset]
            offset += 1
            guard let value = Wire.int(bytes, &offset), let deadline = Wire.int(bytes, &offset) else { return }
            slots[key] = Slot(value: value, deadlineMs: deadline)
        }
    }

    public func snapshot() -> [UInt8] {
        var bytes: [UInt8] = []
        Wire.put(clockMs, &bytes)
        Wire.put(Int64(slots.count), &bytes)
        for key in slots.keys.sorted() {
            bytes.append(key)
            Wire.put(slots[key]!.value, &bytes)
            Wire.put(slots[key]!.deadlineMs, &bytes)
        }
        return bytes
    }

    func live(_ key: UInt8, atMs now: Int64) -> Slot? {
        guard let slot = slots[key], slot.deadlineMs > now else { return nil }
        return slot
    }

    public mutating func apply(_ command: [UInt8], index: UInt64, timeMs: Int64) -> [UInt8] {
        clockMs = max(clockMs, timeMs)
        guard let operation = Self.decode(command) else { return Self.encodeResult(.error) }
        let now = clockMs
        // Expired keys are removed on access, with the entry's time: same result everywhere.
        if let slot = slots[operation.key], slot.deadlineMs <= now { slots[operation.key] = nil }
        switch operation {
        case .set(let key, let value, let ttlMs):
            slots[key] = Slot(value: value, deadlineMs: ttlMs.map { now + $0 } ?? Int64.max)
            return Self.encodeResult(.ok)
        case .incr(let key):
            var slot = slots[key] ?? Slot(value: 0, deadlineMs: Int64.max)
            slot.value &+= 1
            slots[key] = slot
            return Self.encodeResult(.value(slot.value))
        case .del(let key):
            let existed = slots.removeValue(forKey: key) != nil
            return Self.encodeResult(.count(existed ? 1 : 0))
        case .get(let key):
            return Self.encodeResult(.value(slots[key]?.value))
        }
    }

    public func read(_ command: [UInt8], timeMs: Int64) -> [UInt8] {
        guard case .get(let key)? = Self.decode(command) else { return Self.encodeResult(.error) }
        // A replica hides keys whose deadline passed on its own clock (DESIGN §7, passive).
        return Self.encodeResult(.value(live(key, atMs: max(timeMs, clockMs))?.value))
    }

    /// Layout: [op u8][key u8][value i64][ttl i64, -1 for none].
    public static func encode(_ operation: KVOperation) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(18)
        switch operation {
        case .set(let key, let value, let ttl):
            bytes += [1, key]
            Wire.put(value, &bytes)
            Wire.put(ttl ?? -1, &bytes)
        case .get(let key): bytes += [2, key]
        case .incr(let key): bytes += [3, key]
        case .del(let key): bytes += [4, key]
        }
        return bytes
    }

    static func decode(_ bytes: [UInt8]) -> KVOperation? {
        guard bytes.count >= 2 else { return nil }
        let key = bytes[1]
        switch bytes[0] {
        case 1:
            var offset = 2
            guard let value = Wire.int(bytes, &offset), let ttl = Wire.int(bytes, &offset) else { return nil }
            return .set(key: key, value: value, ttlMs: ttl < 0 ? nil : ttl)
        case 2: return .get(key: key)
        case 3: return .incr(key: key)
        case 4: return .del(key: key)
        default: return nil
        }
    }

    static func encodeResult(_ result: KVResult) -> [UInt8] {
        var bytes: [UInt8] = []
        switch result {
        case .ok: bytes = [1]
        case .value(nil): bytes = [2]
        case .value(let v?): bytes = [3]; Wire.put(v, &bytes)
        case .count(let n): bytes = [4]; Wire.put(n, &bytes)
        case .error: bytes = [5]
        }
        return bytes
    }

    public static func decodeResult(_ reply: [UInt8]) -> KVResult {
        var offset = 1
        switch reply.first {
        case 1: return .ok
        case 2: return .value(nil)
        case 3: return Wire.int(reply, &offset).map { .value($0) } ?? .error
        case 4: return Wire.int(reply, &offset).map { .count($0) } ?? .error
        default: return .error
        }
    }
}

/// Little-endian integer helpers shared by the simulator's encodings.
enum Wire {
    static func put(_ value: Int64, _ bytes: inout [UInt8]) {
        let bits = UInt64(bitPattern: value)
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    }

    static func int(_ bytes: [UInt8], _ offset: inout Int) -> Int64? {
        guard offset + 8 <= bytes.count else { return nil }
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(bytes[offset + i]) << UInt64(8 * i) }
        offset += 8
        return Int64(bitPattern: bits)
    }
}

// README — plugging in the real Commands module:
// write `struct CommandsStateMachine: SimulatedStateMachine` in its own file holding a
// `Keyspace`; `encode` turns a KVOperation into RESP argv bytes (SET k v [PX ms], GET, INCR,
// DEL), `apply` calls `Commands.apply(argv, now: timeMs, seed: index, to: &keyspace)` and
// returns the encoded reply, `decodeResult` maps +OK, :n, $n and $-1 to KVResult. Then run
// `Simulator<CommandsStateMachine>`; nothing else changes.
