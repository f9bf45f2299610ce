import Glibc
import RESP
import Testing

@testable import Cluster

/// Not a timed test: prints how many pipelined writes per second a loopback cluster
/// takes, so a pathological slowdown shows up in the log. Enabled by SKIFF_PROBE=1.
@Suite(.serialized) struct ThroughputProbe {
    @Test(.enabled(if: getenv("SKIFF_PROBE") != nil)) func pipelinedWrites() throws {
        for size in [1, 3] {
            let cluster = try TestCluster(size: size)
            let leader = try #require(cluster.awaitLeader())
            let follower = cluster.nodes.first { $0 !== leader } ?? leader
            let count = 20_000
            var done = 0
            var clock = timespec()
            clock_gettime(CLOCK_MONOTONIC, &clock)
            let start = Double(clock.tv_sec) + Double(clock.tv_nsec) / 1e9
            for i in 0..<count {
                (i % 2 == 0 ? leader : follower).submitWrite(Arguments(strings: ["INCR", "k\(i % 100)"]), database: 0,
                                                              protocolVersion: .resp2, completion: { _ in done += 1 })
            }
            cluster.run(timeoutMs: 60_000) { done == count }
            clock_gettime(CLOCK_MONOTONIC, &clock)
            let seconds = Double(clock.tv_sec) + Double(clock.tv_nsec) / 1e9 - start
            print("ThroughputProbe: \(size) node(s): \(done) writes in \(seconds) s = \(Int(Double(done) / seconds)) writes/s")
        }
    }
}

extension ThroughputProbe {
    @Test(.enabled(if: getenv("SKIFF_PROBE") != nil)) func sequentialFollowerLatency() throws {
        for delay in [Int64(0), 2] {
            let cluster = try TestCluster(size: 3, storeDelayMs: delay)
            let leader = try #require(cluster.awaitLeader())
            let follower = try #require(cluster.nodes.first { $0 !== leader })
            cluster.run(timeoutMs: 1000) { false }
            var latencies: [Double] = []
            for i in 0..<50 {
                var clock = timespec()
                clock_gettime(CLOCK_MONOTONIC, &clock)
                let start = Double(clock.tv_sec) * 1000 + Double(clock.tv_nsec) / 1e6
                _ = cluster.write(["SET", "x", "\(i)"], on: follower)
                clock_gettime(CLOCK_MONOTONIC, &clock)
                latencies.append(Double(clock.tv_sec) * 1000 + Double(clock.tv_nsec) / 1e6 - start)
            }
            latencies.sort()
            print("ThroughputProbe: follower write latency, store delay \(delay) ms: p50 \(latencies[25]) ms, max \(latencies.last!) ms")
        }
    }
}
