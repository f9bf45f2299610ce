import Raft

/// Runs many seeds and summarises.
public enum SimulationRunner {
    /// The known mistakes, by the names `skiff-sim --inject-bug` accepts.
    public static let bugNames: [(name: String, bug: TestingBugs)] = [
        ("commitOldTermByCounting", .commitOldTermByCounting),
        ("doubleVote", .doubleVote),
        ("leaseReadAfterQuorumLoss", .leaseReadAfterQuorumLoss),
        ("readIndexWithoutQuorum", .readIndexWithoutQuorum),
        ("voteIgnoresLog", .voteIgnoresLog),
    ]

    /// Runs one seed with the built-in register store.
    public static func run(_ options: SimulationOptions) -> SimulationResult {
        var simulator = Simulator<KVRegister>(options: options)
        return simulator.run()
    }

    /// Runs seeds until one fails (or all pass); returns the failing result, if any.
    public static func firstFailure(seeds: Range<UInt64>, configure: (inout SimulationOptions) -> Void) -> SimulationResult? {
        for seed in seeds {
            var options = SimulationOptions(seed: seed)
            configure(&options)
            let result = run(options)
            if !result.violations.isEmpty { return result }
        }
        return nil
    }
}
