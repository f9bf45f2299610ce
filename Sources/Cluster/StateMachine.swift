// The replicated state machine as the cluster sees it (DESIGN §3 step 6, §7).
//
// `StateMachine` is what the application supplies: the keyspace plus the command table.
// `ReplicatedState` wraps it with what replication itself needs to be deterministic: the
// monotonic apply clock and the at-most-once table of recently applied request ids. Both
// are part of every snapshot, so a node restored from one skips the same duplicates.

#if canImport(RESP)
import RESP
#endif

/// The application's deterministic state machine.
///
/// Every method runs on the loop thread, and its effect may depend only on the current
/// state and the arguments: no clocks, no unseeded randomness (DESIGN §7).
public protocol StateMachine: AnyObject {
    /// Applies one write. `nowMs` is the entry's monotonic leader time, `seed` the only
    /// source of randomness. The reply goes into `reply` (the waiting client's protocol on
    /// the origin node; discarded elsewhere). Invalid input (an out-of-range database, an
    /// unknown command) must produce an error reply, never a trap.
    func apply(arguments: Arguments, database: Int, nowMs: Int64, seed: UInt64, reply: inout ReplyWriter)
    /// Deletes `key` only if its deadline is ≤ `nowMs` (the conditional expiry delete).
    func deleteIfExpired(database: Int, key: [UInt8], nowMs: Int64)
    /// Deletes `key` because the leader evicted it (unconditional; absent keys are skipped).
    func evict(database: Int, key: [UInt8])
    /// The whole state as bytes.
    func snapshot() -> [UInt8]
    /// The state as it is now, cheaply, as a function that serializes it to `snapshot()`'s
    /// bytes on any thread while the loop goes on applying (DESIGN §5). The machine keeps
    /// that image intact until `releaseSnapshot()`.
    func captureSnapshot() -> @Sendable () -> [UInt8]
    /// The image of the oldest unreleased `captureSnapshot()` is no longer read.
    func releaseSnapshot()
    /// Replaces the whole state with a `snapshot()` image.
    func restore(from snapshot: [UInt8]) throws
}

extension StateMachine {
    /// A machine without a cheap image serializes at capture, on the loop.
    public func captureSnapshot() -> @Sendable () -> [UInt8] {
        let bytes = snapshot()
        return { bytes }
    }

    public func releaseSnapshot() {}
}

/// Ids of the latest requests applied from one origin, oldest first (a bounded FIFO).
struct RecentRequests {
    var order: [UInt64] = []
    var start = 0
    var members: Set<UInt64> = []

    func contains(_ id: UInt64) -> Bool { members.contains(id) }

    /// Records `id`; false if it was already there (a duplicate, nothing changes).
    @discardableResult
    mutating func insert(_ id: UInt64, capacity: Int) -> Bool {
        guard members.insert(id).inserted else { return false }
        order.append(id)
        while order.count - start > capacity {
            members.remove(order[start])
            start += 1
        }
        if start > 1024 && start * 2 > order.count {
            order.removeFirst(start)
            start = 0
        }
        return true
    }

    var ids: ArraySlice<UInt64> { order[start...] }
}

/// Why a snapshot image could not be restored.
public struct SnapshotRestoreError: Error, CustomStringConvertible {
    /// What was wrong.
    public var description: String
}

/// The state machine plus the deterministic bookkeeping of replication.
final class ReplicatedState {
    let machine: StateMachine
    let capacityPerOrigin: Int
    /// The apply clock: `max(previous, entry time)`, so time never runs backwards across a
    /// leader change even if the new leader's clock is behind (DESIGN §7).
    private(set) var nowMs: Int64 = 0
    private(set) var recent: [UInt64: RecentRequests] = [:]
    /// Addresses of members added after bootstrap (replicated, so any leader can dial them).
    var addresses: [UInt64: ClusterMember] = [:]
    /// Reused for replies nobody waits for.
    private var discardedReply = ReplyWriter()

    static let snapshotVersion: UInt8 = 1

    init(machine: StateMachine, capacityPerOrigin: Int) {
        self.machine = machine
        self.capacityPerOrigin = capacityPerOrigin
    }

    /// Advances the apply clock for an entry stamped `leaderTimeMs`.
    func advanceClock(to leaderTimeMs: Int64) -> Int64 {
        nowMs = max(nowMs, leaderTimeMs)
        return nowMs
    }

    /// Applies a command unless its request id was applied before; returns false for a
    /// duplicate. `reply` receives the reply when given.
    @discardableResult
    func apply(_ command: CommandPayload, index: UInt64, reply: inout ReplyWriter) -> Bool {
        let now = advanceClock(to: command.leaderTimeMs)
        guard recent[command.origin, default: RecentRequests()].insert(command.requestID, capacity: capacityPerOrigin)
        else { return false }
        machine.apply(arguments: command.arguments, database: command.database, nowMs: now, seed: index, reply: &reply)
        return true
    }

    /// Applies a command whose reply nobody here waits for (another node's client's).
    func apply(_ command: CommandPayload, index: UInt64) {
        discardedReply.removeAll()
        apply(command, index: index, reply: &discardedReply)
    }

    /// Whether `requestID` of `origin` is among the recently applied ones.
    func hasApplied(origin: UInt64, requestID: UInt64) -> Bool {
        recent[origin]?.contains(requestID) == true
    }

    /// Applies conditional expiry deletions.
    func applyExpiry(leaderTimeMs: Int64, keys: [ExpiryCandidate]) {
        let now = advanceClock(to: leaderTimeMs)
        for candidate in keys { machine.deleteIfExpired(database: candidate.database, key: candidate.key, nowMs: now) }
    }

    /// Applies the leader's eviction choices.
    func applyEviction(leaderTimeMs: Int64, keys: [EvictionCandidate]) {
        _ = advanceClock(to: leaderTimeMs)
        for candidate in keys { machine.evict(database: candidate.database, key: candidate.key) }
    }

    /// `[u8 version][i64 nowMs][u32 origins]([u64 origin][u32 count][u64 id]...)...`
    /// `[u32 members]([u64 id][blob host][u64 clientPort][u64 peerPort])...[blob machine]`,
    /// origins and members in ascending order so every node writes identical bytes.
    func snapshot() -> [UInt8] {
        let encode = captureSnapshot()
        defer { machine.releaseSnapshot() }
        return encode()
    }

    /// This part's fields are serialized now (they are small); the machine's image later,
    /// wherever the returned function runs.
    func captureSnapshot() -> @Sendable () -> [UInt8] {
        var writer = ByteWriter()
        writer.u8(Self.snapshotVersion)
        writer.i64(nowMs)
        writer.u32(UInt32(recent.count))
        for origin in recent.keys.sorted() {
            let ids = recent[origin]!.ids
            writer.u64(origin)
            writer.u32(UInt32(ids.count))
            for id in ids { writer.u64(id) }
        }
        writer.u32(UInt32(addresses.count))
        for id in addresses.keys.sorted() {
            let member = addresses[id]!
            writer.u64(id)
            writer.blob(member.host.utf8)
            writer.u64(UInt64(member.clientPort))
            writer.u64(UInt64(member.peerPort))
        }
        let header = writer.bytes
        let encodeMachine = machine.captureSnapshot()
        return {
            var writer = ByteWriter()
            writer.bytes = header
            writer.blob(encodeMachine())
            return writer.bytes
        }
    }

    func restore(from bytes: [UInt8]) throws {
        let decoded: (Int64, [UInt64: RecentRequests], [UInt64: ClusterMember], [UInt8])
        do {
            decoded = try withReader(bytes) { (reader: inout ByteReader) throws(PeerDecodingError) in
                let version = try reader.u8("snapshot version")
                guard version == Self.snapshotVersion else { throw .unsupportedVersion(version) }
                let now = try reader.i64("apply clock")
                let origins = try reader.count("origin count", minimumElementBytes: 12)
                var table: [UInt64: RecentRequests] = [:]
                for _ in 0..<origins {
                    let origin = try reader.u64("origin")
                    let count = try reader.count("request count", minimumElementBytes: 8)
                    var requests = RecentRequests()
                    for _ in 0..<count { requests.insert(try reader.u64("request id"), capacity: Int.max) }
                    table[origin] = requests
                }
                let memberCount = try reader.count("member count", minimumElementBytes: 28)
                var members: [UInt64: ClusterMember] = [:]
                for _ in 0..<memberCount {
                    let id = try reader.u64("member id")
                    let host = String(decoding: try reader.blob("member host"), as: UTF8.self)
                    let clientPort = try reader.int("client port", limit: 65535)
                    let peerPort = try reader.int("peer port", limit: 65535)
                    members[id] = ClusterMember(id: id, host: host, clientPort: clientPort, peerPort: peerPort)
                }
                let machine = try reader.blob("state machine image")
                try reader.expectEnd()
                return (now, table, members, machine)
            }
        } catch {
            throw SnapshotRestoreError(description: "snapshot: \(error)")
        }
        try machine.restore(from: decoded.3)
        nowMs = decoded.0
        recent = decoded.1
        addresses = decoded.2
    }
}
