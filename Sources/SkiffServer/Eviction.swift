import Cluster
import Keyspace
import RESP
import SystemCalls

/// `maxmemory` on the server side (Redis's evict.c `performEvictions` and processCommand's
/// OOM check). Choosing victims is the keyspace's; deciding is the leader's (DESIGN §7):
///
/// - standalone: victims are deleted at once, as Redis does;
/// - cluster leader: victims are proposed through the log in batches, and count as freed
///   (pending) until their entry applies, so a write never waits for the commit;
/// - follower: never evicts; it refuses deny-oom writes only when nothing could be
///   evicted (noeviction, or volatile-* without volatile keys), since the leader frees
///   memory for the others. Its data, and so its `used_memory`, is the leader's.
///
/// Accesses served by followers do not reach the leader's LRU/LFU data: reporting them
/// would cost peer traffic on every read for a ranking that only needs to be roughly
/// right, and Redis's replicas do not report theirs either. The leader ranks by the
/// reads it serves itself and by every write (all writes are applied there). Route
/// read-heavy cache traffic to the leader (or `read-consistency lease`) where the hot
/// set must survive eviction precisely.
extension Server {
    /// Redis's reply to a deny-oom command when memory cannot be freed.
    static let outOfMemoryError = "OOM command not allowed when used memory > 'maxmemory'."
    /// Victims chosen between two looks at the clock (Redis checks every 16 keys).
    static let evictionKeysPerClockCheck = 16

    /// Copies the eviction directives into the keyspace.
    func applyEvictionConfig() {
        let maxmemory = config.integer("maxmemory")
        // The keyspace alone is held to the limit minus what the server took at start,
        // so `used_memory` (which includes it) is what stays under `maxmemory`.
        let keyspaceLimit = maxmemory == 0 ? 0 : max(1, maxmemory - usedMemoryStartup)
        keyspace.eviction = EvictionSettings(
            maxmemoryBytes: keyspaceLimit,
            policy: EvictionPolicy(rawValue: config["maxmemory-policy"]) ?? .noeviction,
            samples: config.integer("maxmemory-samples"))
        keyspace.counters.accessTracking.lfuLogFactor = config.integer("lfu-log-factor")
        keyspace.counters.accessTracking.lfuDecayMinutes = config.integer("lfu-decay-time")
    }

    /// The time one call may spend choosing victims, from `maxmemory-eviction-tenacity`
    /// (Redis's `evictionTimeLimitUs`): 50 µs per step up to 10, then 15% more per step;
    /// 100 means no limit.
    static func evictionTimeLimitUs(tenacity: Int) -> Int64 {
        if tenacity <= 10 { return 50 * Int64(tenacity) }
        if tenacity < 100 { return Int64(500.0 * pow115(tenacity - 10)) }
        return Int64.max
    }

    private static func pow115(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<exponent { result *= 1.15 }
        return result
    }

    /// Frees memory if over `maxmemory` and this node decides eviction. Returns false when
    /// memory is over the limit and nothing can be evicted: deny-oom commands get -OOM.
    /// When the time limit cuts a round short, the rest runs from a timer (the command
    /// proceeds, as with Redis's EVICT_RUNNING), so the loop never stalls on eviction.
    @discardableResult
    func performEvictions() -> Bool {
        guard keyspace.eviction.maxmemoryBytes > 0 else { return true }
        if let cluster {
            // Choices are valid for one leader term: an entry of an old term may never commit.
            if !cluster.isLeader || cluster.term != evictionTerm {
                keyspace.forgetPendingEvictions()
                evictionTerm = cluster.term
            }
            guard keyspace.needsEviction else { return true }
            guard cluster.isLeader else { return keyspace.hasEvictionCandidates }
        } else {
            guard keyspace.needsEviction else { return true }
        }
        let limitUs = Self.evictionTimeLimitUs(tenacity: config.integer("maxmemory-eviction-tenacity"))
        let startUs = Clock.monotonicUs()
        let nowMs = keyTimeMs()
        var victims: [EvictionVictim] = []
        var chosen = 0
        var timedOut = false
        while keyspace.needsEviction {
            if cluster == nil {
                guard keyspace.evictNext(nowMs: nowMs) else { break }
            } else {
                guard let victim = keyspace.nextEvictionVictim(nowMs: nowMs) else { break }
                victims.append(victim)
            }
            chosen += 1
            if chosen % Self.evictionKeysPerClockCheck == 0 && Clock.monotonicUs() - startUs > limitUs {
                timedOut = true
                break
            }
        }
        if let cluster, !victims.isEmpty, cluster.proposeEviction(victims) == nil {
            keyspace.forgetPendingEvictions()
        }
        if timedOut {
            scheduleEvictionContinuation()
            return true
        }
        // Over the limit with nothing more to choose: out of memory, unless choices are
        // still in flight (their deletion will free what the sampling cannot see).
        return !keyspace.needsEviction || keyspace.pendingEvictionCount > 0
    }

    /// Continues an eviction round cut short by the time limit on the next loop turn.
    private func scheduleEvictionContinuation() {
        guard !evictionContinuationScheduled else { return }
        evictionContinuationScheduled = true
        loop.addTimer(afterMs: 0) { [unowned self] in
            evictionContinuationScheduled = false
            performEvictions()
        }
    }

    /// Whether a write command may run: false after this reply was set to -OOM.
    func admitWrite(_ entry: CommandEntry, _ client: Client) -> Bool {
        guard keyspace.eviction.maxmemoryBytes > 0 else { return true }
        if performEvictions() || !entry.spec.flags.contains(.denyOOM) { return true }
        client.output.error(Self.outOfMemoryError)
        return false
    }

    /// Redis 7.0's `processCommand` inside MULTI: when memory cannot be freed, every command
    /// but EXEC, DISCARD, QUIT and RESET is refused (queuing itself takes memory), which
    /// dooms the transaction; EXEC is refused, as EXECABORT, when a queued command is deny-oom.
    func admitInTransaction(_ entry: CommandEntry, _ client: Client) -> Bool {
        guard keyspace.eviction.maxmemoryBytes > 0 else { return true }
        let name = entry.spec.name
        let refusable: Bool
        switch name {
        case "exec": refusable = client.transaction!.commands.contains { $0.entry.spec.flags.contains(.denyOOM) }
        case "discard", "quit", "reset": refusable = false
        default: refusable = true
        }
        if !refusable || performEvictions() { return true }
        reject(client, Array(Self.outOfMemoryError.utf8))
        return false
    }

    // MARK: - Accounting

    /// Redis's `used_memory`: what the server took at start, the keyspace's estimated
    /// bytes (see `MemoryCost`), and the Raft log held in memory.
    func usedMemory(logBytes: Int) -> Int {
        usedMemoryStartup + keyspace.usedBytes + logBytes
    }

    /// Bytes of the Raft log in memory (walks the log: for INFO, not per command).
    var raftLogBytes: Int { cluster?.logBytesInMemory ?? 0 }
}
