// skiff-sim: deterministic simulation of Skiff's Raft core.
//
//   skiff-sim --seeds N [--seed-base B] [--nodes 3|5] [--inject-bug NAME] [--read-mode index|lease]
//   skiff-sim --seed S [--nodes 3|5] [--inject-bug NAME]      replay one run with a trace
//   skiff-sim --bench [--entries N] [--batch B]               throughput of the core
import Glibc
import Raft
import Simulation

func fail(_ message: String) -> Never {
    var line = "skiff-sim: \(message)\n"
    line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
    exit(2)
}

var arguments = Array(CommandLine.arguments.dropFirst())
var seedCount: UInt64?
var seedBase: UInt64 = 0
var singleSeed: UInt64?
var nodeCount = 3
var bugs: TestingBugs = []
var readMode: ReadOnlyMode?
var checkQuorum: Bool?
var preVote: Bool?
var pipelined: Bool?
var bench = false
var benchEntries = 2_000_000
var benchBatch = 1024

@MainActor
func value(_ flag: String) -> String {
    guard !arguments.isEmpty else { fail("\(flag) needs a value") }
    return arguments.removeFirst()
}

@MainActor
func number(_ flag: String) -> UInt64 {
    let text = value(flag)
    guard let n = UInt64(text) else { fail("\(flag): not a number: \(text)") }
    return n
}

while !arguments.isEmpty {
    let flag = arguments.removeFirst()
    switch flag {
    case "--seeds": seedCount = number(flag)
    case "--seed-base": seedBase = number(flag)
    case "--seed": singleSeed = number(flag)
    case "--nodes":
        nodeCount = Int(number(flag))
        guard nodeCount == 3 || nodeCount == 5 else { fail("--nodes must be 3 or 5") }
    case "--inject-bug":
        let name = value(flag)
        guard let bug = SimulationRunner.bugNames.first(where: { $0.name == name })?.bug else {
            fail("unknown bug \(name); known: \(SimulationRunner.bugNames.map(\.name).joined(separator: ", "))")
        }
        bugs.insert(bug)
    case "--read-mode":
        switch value(flag) {
        case "index": readMode = .safe
        case "lease": readMode = .leaseBased
        default: fail("--read-mode is index or lease")
        }
    case "--no-check-quorum": checkQuorum = false
    case "--no-pre-vote": preVote = false
    case "--check-quorum": checkQuorum = true
    case "--pre-vote": preVote = true
    case "--pipelined": pipelined = true
    case "--no-pipelined": pipelined = false
    case "--bench": bench = true
    case "--entries": benchEntries = Int(number(flag))
    case "--batch": benchBatch = Int(number(flag))
    case "-h", "--help":
        print("usage: skiff-sim --seeds N [--seed-base B] [--nodes 3|5] [--inject-bug NAME] [--read-mode index|lease]")
        print("                 [--[no-]check-quorum] [--[no-]pre-vote] [--[no-]pipelined]   (default: drawn from each seed)")
        print("       skiff-sim --seed S [--nodes 3|5] [--inject-bug NAME]   (replay with trace)")
        print("       skiff-sim --bench [--entries N] [--batch B]")
        exit(0)
    default: fail("unknown argument \(flag)")
    }
}

if bench {
    let report = RaftBench.run(totalEntries: benchEntries, batch: benchBatch)
    print("bench: \(report.entries) entries committed on 3 nodes in \(report.seconds) s")
    print("bench: \(Int(report.entriesPerSecond)) entries/s, \(report.readies) readies, \(report.messages) messages")
    exit(0)
}

if let seed = singleSeed {
    var options = SimulationOptions(seed: seed, nodeCount: nodeCount, bugs: bugs, readMode: readMode)
    options.checkQuorum = checkQuorum
    options.preVote = preVote
    options.pipelined = pipelined
    options.trace = true
    let result = SimulationRunner.run(options)
    for line in result.trace { print(line) }
    print("seed \(seed): \(result.parameters)")
    print("seed \(seed): committed=\(result.committedEntries) writes=\(result.completedWrites) reads=\(result.completedReads) "
        + "indeterminate=\(result.indeterminateWrites) crashes=\(result.crashes) partitions=\(result.partitions) "
        + "membership=\(result.membershipChanges) transfers=\(result.leaderTransfers) snapshots=\(result.snapshotsInstalled) maxTerm=\(result.maxTerm)")
    for violation in result.violations { print("seed \(seed): VIOLATION \(violation)") }
    print("1 seeds, \(result.violations.isEmpty ? 0 : 1) violations")
    exit(result.violations.isEmpty ? 0 : 1)
}

guard let count = seedCount else { fail("give --seeds N, --seed S or --bench (see --help)") }
var replayFlags = " --nodes \(nodeCount)"
for (name, bug) in SimulationRunner.bugNames where bugs.contains(bug) { replayFlags += " --inject-bug \(name)" }
if let readMode { replayFlags += readMode == .safe ? " --read-mode index" : " --read-mode lease" }
if let checkQuorum { replayFlags += checkQuorum ? " --check-quorum" : " --no-check-quorum" }
if let preVote { replayFlags += preVote ? " --pre-vote" : " --no-pre-vote" }
if let pipelined { replayFlags += pipelined ? " --pipelined" : " --no-pipelined" }
var violations = 0
var unknown = 0
for seed in seedBase..<(seedBase + count) {
    var options = SimulationOptions(seed: seed, nodeCount: nodeCount, bugs: bugs, readMode: readMode)
    options.checkQuorum = checkQuorum
    options.preVote = preVote
    options.pipelined = pipelined
    let result = SimulationRunner.run(options)
    unknown += result.linearizabilityUnknownKeys
    if let first = result.violations.first {
        violations += 1
        print("seed \(seed): \(first)  [replay: skiff-sim --seed \(seed)\(replayFlags)]")
        fflush(nil)
    }
}
if unknown > 0 { print("note: linearizability search budget exhausted on \(unknown) keys (not counted)") }
print("\(count) seeds, \(violations) violations")
exit(violations == 0 ? 0 : 1)
