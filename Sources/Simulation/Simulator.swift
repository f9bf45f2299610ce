import Raft

/// One simulated server: the Raft core, its simulated disk and the state machine.
struct SimNode<SM: SimulatedStateMachine> {
    let id: NodeID
    var raft: RaftNode?
    var storage: SimStorage
    var machine: SM
    var appliedIndex: UInt64 = 0
    var inFlightReady: Ready?
    /// Durable Readies waiting to be applied, oldest first (ClusterNode's `persistedToApply`).
    var toApply: [Ready] = []
    var syncPendingWhilePaused = false
    /// Bumped by each crash, so events of a previous incarnation are ignored.
    var generation = 0
    var tickIntervalUs: Int64
    var paused = false
    var heldMessages: [Message] = []
    var lastSoftState = SoftState(role: .follower, leader: 0)
    /// Proposals accepted here, by log index: the client waits for the entry to apply.
    var proposals: [UInt64: (term: UInt64, client: Int, attempt: Int)] = [:]
    /// Reads issued here, by context; then waiting for their index to apply.
    var reads: [UInt64: (client: Int, attempt: Int)] = [:]
    var waitingReads: [(state: ReadState, client: Int, attempt: Int)] = []
    var compactEveryEntries: UInt64
    var decommissioned = false

    var isUp: Bool { raft != nil }
}

/// A deterministic simulation of a Skiff cluster: one seed drives message delay, loss,
/// duplication and reordering, partitions, crashes with torn disk writes, pauses, clock
/// drift, membership changes, leader transfers and client traffic. Invariants are checked
/// after every event; linearizability and recovery at the end.
public struct Simulator<SM: SimulatedStateMachine> {
    let options: SimulationOptions
    var rng: SplitMix64
    var nowUs: Int64 = 0
    var queue = EventQueue()
    var nodes: [SimNode<SM>] = []
    var readMode: ReadOnlyMode
    var checkQuorum: Bool
    var preVote: Bool
    var pipelined: Bool
    // Network faults.
    var blocked: Set<UInt64> = []
    var lossPercent: Int
    var duplicatePercent: Int
    var maxDelayUs: Int64
    var faultsActive = true
    var clientsActive = true
    // Checked state.
    var leaderOfTerm: [UInt64: NodeID] = [:]
    var committedDigests: [UInt64] = [0]  // index -> digest of the committed entry (0: unknown)
    var committedTerms: [UInt64] = [0]
    var entryRegistry: [IndexTerm: (digest: UInt64, prevTerm: UInt64?)] = [:]
    var maxCommitSeen: UInt64 = 0
    /// index -> the term of the leader that first committed it (0: not yet committed).
    /// Leader Completeness is about entries committed in *earlier* terms: a leader of a
    /// stale term (elected by votes that arrived late) may lack what a newer term committed.
    var commitTermOf: [UInt64] = [0]
    /// node index -> its commit index at the last check, to see a leader advance it.
    var commitAtLastCheck: [Int: UInt64] = [:]
    var result: SimulationResult
    // Clients.
    var clients: [SimClient] = []
    var history: [HistoryRecord] = []
    var nextReadContext: UInt64 = 1
    var clientTimeoutUs: Int64
    /// Batching limit: some runs send one entry per message, so acknowledgements split
    /// batches (the setup of the Figure 8 scenario, §5.4.2).
    var maxMessageBytes: Int
    /// Mean gap between faults: a quarter of the runs are fault storms.
    var faultGapUs: Int64
    /// Leader churn (as in the "Figure 8 unreliable" lab test): new leaders are often cut
    /// off within milliseconds, leaving logs that diverge in many terms.
    var leaderChurnPercent: Int
    /// Share of messages delayed by 50-500 ms.
    var longDelayPercent: Int
    let traceBuffer: TraceBuffer?

    /// Prepares a run from options.
    public init(options: SimulationOptions) {
        self.options = options
        rng = SplitMix64(seed: options.seed &* 0x2545_F491_4F6C_DD1D &+ 0x1234_5678)
        traceBuffer = options.trace ? TraceBuffer() : nil
        var generator = rng
        let drawnCheckQuorum = !generator.chance(percent: 25)
        let drawnPreVote = !generator.chance(percent: 25)
        let drawnLease = generator.chance(percent: 50)
        rng = generator
        // From a stream of its own, so that the rest of a seed's schedule does not depend on
        // it: a non-pipelined run is the run the seed gave before the option existed.
        var pipelineDraw = SplitMix64(seed: options.seed ^ 0x7069_7065_6C69_6E65)
        let drawnPipelined = pipelineDraw.chance(percent: 50)
        pipelined = options.pipelined ?? drawnPipelined
        checkQuorum = options.checkQuorum ?? drawnCheckQuorum
        preVote = options.preVote ?? drawnPreVote
        readMode = options.readMode ?? (checkQuorum && drawnLease ? .leaseBased : .safe)
        lossPercent = rng.int(in: 0..<6)
        duplicatePercent = rng.int(in: 0..<4)
        maxDelayUs = Int64(rng.int(in: 1_000..<15_000))
        result = SimulationResult(seed: options.seed, violations: [], trace: [])
        let voters = (1...options.nodeCount).map { NodeID($0) }
        let compactEvery = UInt64(rng.int(in: 20..<200))
        clientTimeoutUs = Int64(rng.int(in: 150_000..<600_000))
        maxMessageBytes = rng.chance(percent: 40) ? 1 : 512
        faultGapUs = rng.chance(percent: 25) ? 60_000 : 300_000
        leaderChurnPercent = rng.chance(percent: 30) ? 60 : 0
        longDelayPercent = [0, 0, 2, 10][rng.int(in: 0..<4)]
        for index in 0...options.nodeCount {
            let id = NodeID(index + 1)
            let recovered: RecoveredState = id <= NodeID(options.nodeCount) ? .bootstrap(voters: voters) : .joining
            // Clock drift: each server ticks at its own rate, within ±8% of 10 ms.
            let interval = Int64(10_000 * (100 + rng.int(in: -8..<9)) / 100)
            var node = SimNode<SM>(id: id, raft: nil, storage: SimStorage(recovered: recovered), machine: SM(),
                                   tickIntervalUs: interval, compactEveryEntries: compactEvery)
            node.raft = RaftNode(config: raftConfig(id), recovered: recovered)
            nodes.append(node)
            queue.push(.tick(id, generation: 0), atUs: Int64(rng.int(in: 0..<10_000)))
        }
        for client in 0..<(options.clientCount + rng.int(in: 0..<3)) {
            clients.append(SimClient(id: client))
            queue.push(.clientStep(client), atUs: 50_000 + Int64(rng.int(in: 0..<10_000)))
        }
        queue.push(.fault, atUs: 200_000)
        queue.push(.endFaults, atUs: options.faultDurationMs * 1000)
        result.parameters = "nodes=\(options.nodeCount) read=\(readMode == .safe ? "readIndex" : "lease") "
            + "checkQuorum=\(checkQuorum) preVote=\(preVote) pipelined=\(pipelined) "
            + "loss=\(lossPercent)% dup=\(duplicatePercent)% maxDelay=\(maxDelayUs / 1000)ms compactEvery=\(compactEvery) "
            + "messageBytes=\(maxMessageBytes) faultGap=\(faultGapUs / 1000)ms churn=\(leaderChurnPercent)% longDelay=\(longDelayPercent)%"
    }

    func raftConfig(_ id: NodeID) -> RaftConfig {
        RaftConfig(id: id, maxInflightMessages: 8, maxMessageBytes: maxMessageBytes, maxSnapshotChunkBytes: 64,
                   checkQuorum: checkQuorum, preVote: preVote, readOnlyMode: readMode, randomSeed: options.seed &+ UInt64(nowUs), testingBugs: options.bugs)
    }

    /// Runs to the end and returns the outcome.
    public mutating func run() -> SimulationResult {
        let endUs = (options.faultDurationMs + options.healDurationMs) * 1000
        trace("run seed=\(options.seed) \(result.parameters)")
        while let (timeUs, event) = queue.pop(), timeUs <= endUs, result.violations.isEmpty {
            nowUs = timeUs
            handle(event)
            checkAfterEvent()
        }
        nowUs = endUs
        if result.violations.isEmpty { checkRecovered() }
        if result.violations.isEmpty { checkLinearizable() }
        for node in nodes { result.maxTerm = max(result.maxTerm, node.raft?.term ?? 0) }
        result.committedEntries = maxCommitSeen
        result.trace = traceBuffer?.lines ?? []
        return result
    }

    mutating func handle(_ event: SimEvent) {
        switch event {
        case .tick(let id, let generation):
            let i = Int(id - 1)
            guard nodes[i].generation == generation, nodes[i].isUp else { return }
            // Uneven ticks: a little jitter on top of the node's drifted rate.
            queue.push(.tick(id, generation: generation), atUs: nowUs + nodes[i].tickIntervalUs + Int64(rng.int(in: -300..<300)))
            if nodes[i].paused { return }
            nodes[i].raft!.tick()
            drive(i)
            if !faultsActive && !(checkQuorum && preVote) && nodes[i].raft?.role == .leader {
                decommissionRemovedServers()
            }
        case .deliver(let message):
            deliver(message)
        case .syncDone(let id, let generation):
            let i = Int(id - 1)
            guard nodes[i].generation == generation, nodes[i].isUp else { return }
            if nodes[i].paused {
                nodes[i].syncPendingWhilePaused = true
                return
            }
            completeReady(i)
        case .restart(let id):
            restart(Int(id - 1))
        case .resume(let id):
            resume(Int(id - 1))
        case .isolate(let id):
            if faultsActive {
                isolate(Int(id - 1), healing: false)
                queue.push(.rejoin(id), atUs: nowUs + Int64(rng.int(in: 20_000..<600_000)))
            }
        case .rejoin(let id):
            blocked = blocked.filter { $0 >> 32 != id && $0 & 0xFFFF_FFFF != id }
            trace("n\(id) rejoins")
        case .heal:
            if !blocked.isEmpty { trace("heal network") }
            blocked = []
        case .fault:
            if faultsActive {
                injectFault()
                queue.push(.fault, atUs: nowUs + Int64(rng.below(UInt64(faultGapUs))) + 5_000)
            }
        case .clientStep(let client):
            clientStep(client)
        case .clientTimeout(let client, let attempt):
            clientTimedOut(client, attempt: attempt)
        case .endFaults:
            endFaults()
        }
    }

    // MARK: Network

    mutating func send(_ message: Message) {
        let key = UInt64(message.from) << 32 | UInt64(message.to)
        if blocked.contains(key) { return }
        if faultsActive && rng.chance(percent: lossPercent) { return }
        var delayUs = 100 + Int64(rng.below(UInt64(maxDelayUs)))
        // A long tail (retransmits, congestion): some messages arrive far out of order.
        if faultsActive && rng.chance(percent: longDelayPercent) { delayUs += Int64(rng.int(in: 50_000..<500_000)) }
        queue.push(.deliver(message), atUs: nowUs + delayUs)
        if faultsActive && rng.chance(percent: duplicatePercent) {
            queue.push(.deliver(message), atUs: nowUs + 100 + Int64(rng.below(UInt64(maxDelayUs * 3))))
        }
    }

    mutating func deliver(_ message: Message) {
        let i = Int(message.to - 1)
        guard i < nodes.count, nodes[i].isUp else { return }
        // A link cut while the message was in flight loses it too.
        if blocked.contains(UInt64(message.from) << 32 | UInt64(message.to)) { return }
        if nodes[i].paused {
            nodes[i].heldMessages.append(message)
            return
        }
        nodes[i].raft!.step(message)
        drive(i)
    }

    // MARK: Ready handling (the application's loop, DESIGN §3)

    /// Takes a Ready if possible, checks it, writes it to the simulated disk and schedules
    /// the fsync's completion.
    mutating func drive(_ i: Int) {
        guard nodes[i].isUp, !nodes[i].paused, nodes[i].inFlightReady == nil, nodes[i].raft!.hasReady else { return }
        var rd = nodes[i].raft!.ready()
        inspect(rd, at: i)
        // A leader's appends leave before its own fsync, as ClusterNode sends them (§10.2.1).
        if pipelined && rd.messagesMayPrecedePersistence { for message in rd.messages { send(message) } }
        // Committed entries already durable here apply at once (ClusterNode's `applyNow`).
        let durable = pipelined && rd.committedEntriesAreDurable
        let committedNow = durable ? rd.committedEntries : []
        if durable { rd.committedEntries = [] }
        nodes[i].storage.write(rd)
        nodes[i].inFlightReady = rd
        let fsyncUs = rng.chance(percent: 20) ? Int64(rng.int(in: 1_000..<5_000)) : Int64(rng.int(in: 20..<400))
        queue.push(.syncDone(nodes[i].id, generation: nodes[i].generation), atUs: nowUs + fsyncUs)
        if durable {
            applyQueued(i)
            for entry in committedNow { apply(entry, at: i) }
            serveWaitingReads(at: i)
        }
    }

    /// fsync done. Pipelined (ClusterNode's order): send, advance, hand the next Ready to
    /// the disk, then apply this one, so applying overlaps the next fsync. Otherwise the
    /// contract's plain order: send, apply, advance.
    mutating func completeReady(_ i: Int) {
        guard let rd = nodes[i].inFlightReady else { return }
        nodes[i].storage.sync()
        if !(pipelined && rd.messagesMayPrecedePersistence) { for message in rd.messages { send(message) } }
        nodes[i].toApply.append(rd)
        if pipelined {
            nodes[i].raft!.advance(rd)
            nodes[i].inFlightReady = nil
            drive(i)
            applyQueued(i)
        } else {
            applyQueued(i)
            nodes[i].raft!.advance(rd)
            nodes[i].inFlightReady = nil
        }
        maybeCompact(i)
        drive(i)
    }

    /// Applies the durable Readies in order: snapshot, committed entries, read states.
    mutating func applyQueued(_ i: Int) {
        while !nodes[i].toApply.isEmpty {
            let rd = nodes[i].toApply.removeFirst()
            if let snap = rd.snapshotToPersist {
                nodes[i].machine = SM(snapshot: snap.data)
                nodes[i].appliedIndex = snap.metadata.index
                result.snapshotsInstalled += 1
                trace("n\(nodes[i].id) installed snapshot at \(snap.metadata.index)")
            }
            for entry in rd.committedEntries { apply(entry, at: i) }
            for state in rd.readStates { readStateArrived(state, at: i) }
            serveWaitingReads(at: i)
        }
    }

    mutating func apply(_ entry: Entry, at i: Int) {
        precondition(entry.index == nodes[i].appliedIndex + 1, "apply out of order at n\(i + 1)")
        nodes[i].appliedIndex = entry.index
        var reply: [UInt8] = []
        if entry.kind == .normal {
            var offset = 0
            let timeMs = Wire.int(entry.data, &offset) ?? 0
            reply = nodes[i].machine.apply(Array(entry.data[8...]), index: entry.index, timeMs: timeMs)
        }
        if let proposal = nodes[i].proposals.removeValue(forKey: entry.index) {
            writeFinished(client: proposal.client, attempt: proposal.attempt,
                          reply: proposal.term == entry.term ? reply : nil)
        }
    }

    mutating func maybeCompact(_ i: Int) {
        guard let raft = nodes[i].raft else { return }
        let applied = nodes[i].appliedIndex
        guard applied >= raft.snapshotIndex + nodes[i].compactEveryEntries, applied <= raft.persistedIndex else { return }
        if let snap = nodes[i].raft!.compact(upTo: applied, snapshotData: nodes[i].machine.snapshot()) {
            nodes[i].storage.saveSnapshot(snap)
        }
    }

    // MARK: Crashes, restarts, pauses

    mutating func crash(_ i: Int) {
        nodes[i].storage.crash(&rng)
        nodes[i].raft = nil
        nodes[i].inFlightReady = nil
        nodes[i].toApply = []
        nodes[i].generation += 1
        nodes[i].paused = false
        nodes[i].heldMessages = []
        nodes[i].syncPendingWhilePaused = false
        abandonClientsOf(i)
        result.crashes += 1
        trace("crash n\(nodes[i].id)")
    }

    mutating func restart(_ i: Int) {
        guard !nodes[i].isUp, !nodes[i].decommissioned else { return }
        let recovered = nodes[i].storage.recovered
        nodes[i].raft = RaftNode(config: raftConfig(nodes[i].id), recovered: recovered)
        nodes[i].machine = SM(snapshot: recovered.snapshot.data)
        nodes[i].appliedIndex = recovered.snapshot.metadata.index
        nodes[i].lastSoftState = SoftState(role: .follower, leader: 0)
        queue.push(.tick(nodes[i].id, generation: nodes[i].generation), atUs: nowUs + nodes[i].tickIntervalUs)
        trace("restart n\(nodes[i].id) term=\(recovered.hardState.term) log=\(recovered.snapshot.metadata.index)+\(recovered.entries.count)")
        drive(i)
    }

    mutating func resume(_ i: Int) {
        guard nodes[i].isUp, nodes[i].paused else { return }
        nodes[i].paused = false
        trace("resume n\(nodes[i].id)")
        if nodes[i].syncPendingWhilePaused {
            nodes[i].syncPendingWhilePaused = false
            completeReady(i)
        }
        let held = nodes[i].heldMessages
        nodes[i].heldMessages = []
        for message in held where nodes[i].isUp {
            nodes[i].raft!.step(message)
            drive(i)
        }
    }

    func trace(_ line: @autoclosure () -> String) {
        guard let traceBuffer else { return }
        traceBuffer.lines.append("[\(formatTime(nowUs))] " + line())
    }

    mutating func violation(_ what: String) {
        result.violations.append("t=\(formatTime(nowUs)) \(what)")
        trace("VIOLATION: " + what)
    }
}

func formatTime(_ us: Int64) -> String {
    let ms = us / 1000
    let fraction = (us % 1000) / 100
    return "\(ms).\(fraction)ms"
}

/// Trace lines of one run (a reference, so that tracing needs no exclusive access).
final class TraceBuffer {
    var lines: [String] = []
}

/// (index, term) of a log entry.
struct IndexTerm: Hashable {
    var index: UInt64
    var term: UInt64
}
