import Glibc
import Raft

/// Throughput of the core alone: a 3-node cluster with zero-latency in-process delivery,
/// persistence as a no-op, proposals in batches. Measures entries committed (on the leader
/// and applied on every node) per second of wall-clock time.
public enum RaftBench {
    /// The figures of one bench run.
    public struct Report: Sendable {
        public var entries: Int
        public var seconds: Double
        public var entriesPerSecond: Double
        public var readies: Int
        public var messages: Int
    }

    /// Commits `totalEntries` entries of `payloadBytes` bytes, proposed `batch` at a time.
    public static func run(totalEntries: Int = 2_000_000, batch: Int = 1024, payloadBytes: Int = 16) -> Report {
        let ids: [NodeID] = [1, 2, 3]
        var nodes = ids.map { id in
            RaftNode(config: RaftConfig(id: id, maxInflightMessages: 64, maxMessageBytes: 256 * 1024, randomSeed: 7),
                     recovered: .bootstrap(voters: ids))
        }
        var inbox: [Message] = []
        var readies = 0
        var messageCount = 0
        var applied = [Int](repeating: 0, count: 3)
        func pump(_ nodes: inout [RaftNode]) {
            var progressed = true
            while progressed {
                progressed = false
                for i in nodes.indices where nodes[i].hasReady {
                    progressed = true
                    let rd = nodes[i].ready()
                    readies += 1
                    messageCount += rd.messages.count
                    inbox.append(contentsOf: rd.messages)
                    applied[i] += rd.committedEntries.count
                    nodes[i].advance(rd)
                }
                if !inbox.isEmpty {
                    progressed = true
                    let batchMessages = inbox
                    inbox.removeAll(keepingCapacity: true)
                    for m in batchMessages { nodes[Int(m.to - 1)].step(m) }
                }
            }
        }
        while nodes[0].role != .leader {
            nodes[0].tick()
            pump(&nodes)
        }
        let payload = [UInt8](repeating: 0xAB, count: payloadBytes)
        let start = monotonicSeconds()
        var proposed = 0
        while proposed < totalEntries {
            for _ in 0..<batch { _ = try? nodes[0].propose(payload) }
            proposed += batch
            pump(&nodes)
            if proposed % (batch * 64) == 0 {
                for i in nodes.indices {
                    let upTo = min(nodes[i].appliedIndex, nodes[i].persistedIndex)
                    if upTo > 10_000 { nodes[i].compact(upTo: upTo - 1_000, snapshotData: []) }
                }
            }
        }
        nodes[0].tick()
        pump(&nodes)
        let seconds = monotonicSeconds() - start
        let committed = applied.min()!
        return Report(entries: committed, seconds: seconds, entriesPerSecond: Double(committed) / seconds,
                      readies: readies, messages: messageCount)
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
