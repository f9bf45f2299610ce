import Keyspace
import Testing

@testable import Cluster

/// The entry clock (DESIGN §7): a wall clock that jumps ahead must not make keys die early.
@Suite struct EntryClockTests {
    /// Stamps of successive (wall ms, monotonic ms) readings on a fresh clock.
    func stamps(_ readings: [(wallMs: Int64, monotonicMs: Int64)]) -> [Int64] {
        var clock = EntryClock()
        return readings.map { clock.stamp(wallMs: $0.wallMs, monotonicMs: $0.monotonicMs) }
    }

    @Test func followsAWallClockThatKeepsPaceWithTheMonotonicClock() {
        #expect(stamps([(1_000_000, 50), (1_000_100, 150), (1_000_100, 150), (1_060_000, 60_050)])
            == [1_000_000, 1_000_100, 1_000_100, 1_060_000])
    }

    /// A 20 s jump between two readings 100 ms apart: after 100 s, 1 s of it is adopted;
    /// after 2000 s, all of it.
    @Test func adoptsAJumpOfEitherSignOnlyAtTheSlewRate() {
        #expect(stamps([(1_000_000, 0), (1_020_100, 100), (1_120_100, 100_100), (3_020_100, 2_000_100)])
            == [1_000_000, 1_000_101, 1_101_101, 3_020_100])
        #expect(stamps([(1_000_000, 0), (980_100, 100), (1_080_100, 100_100), (2_980_100, 2_000_100)])
            == [1_000_000, 1_000_099, 1_099_099, 2_980_100])
    }

    /// Found by Tests/faults (ttl workload, clock nemesis, `--no-skew-allowance`): a leader
    /// whose wall clock jumped ahead by X deleted live keys up to X early on every node.
    @Test func aLeaderWhoseClockJumpsAheadDeletesNoLiveKey() throws {
        let cluster = try TestCluster(size: 3, machines: .keyspace)
        let leader = try #require(cluster.awaitLeader())
        #expect(cluster.write(["SET", "k", "1", "EX", "10"], on: leader) == "+OK\r\n")
        let realWallMs = leader.wallClockMs
        leader.wallClockMs = { realWallMs() + 20_000 }
        cluster.run(timeoutMs: 100) { false }  // a few ticks on the jumped clock
        let keyspace = (cluster.stateMachines[cluster.index(of: leader)] as! KeyspaceStateMachine).keyspace
        let candidates = keyspace.activeExpireCycle(nowMs: leader.wallClockMs())
        #expect(candidates.count == 1)  // on the raw wall clock, "k" is past its deadline
        leader.proposeExpiry(candidates)
        #expect(cluster.write(["SET", "after", "1"], on: leader) == "+OK\r\n")
        let last = leader.lastLogIndex
        #expect(cluster.run { cluster.nodes.allSatisfy { $0.lastAppliedIndex >= last } })
        for machine in cluster.stateMachines {
            #expect(read(["DBSIZE"], on: machine) == ":2\r\n")
        }
        #expect(cluster.logs.contains { $0.contains("wall clock jumped") })
    }

    /// A leader whose clock jumps back by X froze the apply time (kept monotonic) for X
    /// seconds, so TTLs written meanwhile were cut short on nodes with a right clock.
    @Test func aLeaderWhoseClockJumpsBackStampsTimeThatKeepsMoving() throws {
        let cluster = try TestCluster(size: 3)
        let leader = try #require(cluster.awaitLeader())
        let machine = cluster.machines[cluster.index(of: leader)]
        #expect(cluster.write(["SET", "a", "1"], on: leader) == "+OK\r\n")
        let before = machine.lastNowMs
        let realWallMs = leader.wallClockMs
        leader.wallClockMs = { realWallMs() - 20_000 }
        cluster.run(timeoutMs: 200) { false }
        #expect(cluster.write(["SET", "b", "1"], on: leader) == "+OK\r\n")
        #expect(machine.lastNowMs >= before + 150, "apply time \(before) -> \(machine.lastNowMs)")
    }
}
