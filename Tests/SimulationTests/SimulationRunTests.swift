import Glibc
import Raft
import Testing
@testable import Simulation

/// Seeds of the bounded simulation run; `SKIFF_SIM_SEED=<n>` replays one seed with its trace.
@Suite("Deterministic simulation", .serialized)
struct SimulationRunTests {
    static var replaySeed: UInt64? {
        guard let text = getenv("SKIFF_SIM_SEED") else { return nil }
        return UInt64(String(cString: text))
    }

    @Test("random seeds: no safety, liveness or linearizability violation (3 and 5 servers)")
    func boundedSeeds() {
        if let seed = Self.replaySeed {
            for nodes in [3, 5] {
                let result = SimulationRunner.run(SimulationOptions(seed: seed, nodeCount: nodes, trace: true))
                for line in result.trace { print(line) }
                #expect(result.violations.isEmpty, "seed \(seed) nodes \(nodes): \(result.violations)")
            }
            return
        }
        // Each size always runs its minimum of seeds (how many fit in the budget depends on
        // the machine's load, which a test must not assert); more while the budget lasts.
        let budgetSeconds = 60.0
        let start = RaftBench.monotonicSeconds()
        var ran = 0
        // Three-server runs first, then five-server runs, each seed printed on failure.
        let plan: [(nodes: Int, seeds: Range<UInt64>, minimum: Int)] = [(3, 0..<80, 30), (5, 1000..<1025, 10)]
        for (nodes, seeds, minimum) in plan {
            for (count, seed) in seeds.enumerated() {
                if count >= minimum && RaftBench.monotonicSeconds() - start > budgetSeconds { break }
                let result = SimulationRunner.run(SimulationOptions(seed: seed, nodeCount: nodes))
                ran += 1
                #expect(result.violations.isEmpty,
                        "seed \(seed) nodes \(nodes): \(result.violations) — replay: SKIFF_SIM_SEED=\(seed) swift test --filter SimulationRunTests")
            }
        }
        print("simulation: \(ran) seeds in \(Int(RaftBench.monotonicSeconds() - start)) s (3 nodes: 0..<80, 5 nodes: 1000..<1025)")
        #expect(ran >= plan.map(\.minimum).reduce(0, +))
    }
}

/// Each injected bug must be caught within a bounded number of seeds, proving the simulator
/// and its checks can see that class of mistake.
@Suite("Bug injection", .serialized)
struct BugInjectionTests {
    func expectCaught(_ bug: TestingBugs, name: String, seeds: Range<UInt64>, nodes: Int = 3, readMode: ReadOnlyMode? = nil,
                      checkQuorum: Bool? = nil, preVote: Bool? = nil, pipelined: Bool? = nil) {
        let failure = SimulationRunner.firstFailure(seeds: seeds) { options in
            options.bugs = bug
            options.nodeCount = nodes
            options.readMode = readMode
            options.checkQuorum = checkQuorum
            options.preVote = preVote
            options.pipelined = pipelined
        }
        if let failure {
            print("bug \(name): caught at seed \(failure.seed): \(failure.violations[0])")
        }
        #expect(failure != nil, "bug \(name) not caught in seeds \(seeds)")
    }

    @Test("doubleVote (§5.2) is caught as two leaders in one term")
    func doubleVote() { expectCaught(.doubleVote, name: "doubleVote", seeds: 0..<40) }

    @Test("voteIgnoresLog (§5.4.1) is caught as a leader missing committed entries")
    func voteIgnoresLog() { expectCaught(.voteIgnoresLog, name: "voteIgnoresLog", seeds: 0..<40) }

    @Test("leaseReadAfterQuorumLoss (§6.4.1) is caught as a stale read")
    func leaseReadAfterQuorumLoss() {
        expectCaught(.leaseReadAfterQuorumLoss, name: "leaseReadAfterQuorumLoss", seeds: 0..<60, readMode: .leaseBased)
    }

    /// The Figure 8 chain needs five unlucky steps in a row; about one run in 700 has them.
    /// Searching seeds 0..<200 finds seed 140 first (`skiff-sim --seeds 200 --inject-bug
    /// commitOldTermByCounting --no-check-quorum --no-pre-vote`, 15 s in release), too slow for
    /// a debug test run, so by default this replays from seed 140; set SKIFF_SIM_LONG=1 for the
    /// whole search. The step-by-step scenario is in RaftTests/Figure8Tests.swift.
    /// The chain needs the sequential Ready order: with pipelining a leader's appends leave
    /// before its own fsync, and 1500 pipelined seeds never reached it (measured), so this
    /// search runs sequential.
    @Test("commitOldTermByCounting (§5.4.2) is caught as a leader missing a committed entry (Figure 8)")
    func commitOldTermByCounting() {
        let first: UInt64 = getenv("SKIFF_SIM_LONG") == nil ? 140 : 0
        expectCaught(.commitOldTermByCounting, name: "commitOldTermByCounting", seeds: first..<200,
                     checkQuorum: false, preVote: false, pipelined: false)
        // The correct core survives the same schedule.
        var options = SimulationOptions(seed: 140, checkQuorum: false, preVote: false)
        options.pipelined = false
        let clean = SimulationRunner.run(options)
        #expect(clean.violations.isEmpty)
    }

    @Test("readIndexWithoutQuorum (§6.4) is caught as a stale read")
    func readIndexWithoutQuorum() {
        expectCaught(.readIndexWithoutQuorum, name: "readIndexWithoutQuorum", seeds: 0..<60, readMode: .safe)
    }
}
