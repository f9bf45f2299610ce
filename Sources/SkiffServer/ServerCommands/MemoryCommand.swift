import Keyspace
import RESP

/// MEMORY STATS, DOCTOR, MALLOC-STATS, PURGE and HELP (USAGE reads the keyspace and is
/// in Commands). Redis-shaped and answering from the same estimates as INFO memory
/// (`MemoryCost` for the keyspace, malloc and /proc for the process).
extension Server {
    /// Below this much `used_memory` Redis's doctor declines to judge.
    static let memoryDoctorMinimumBytes = 5 * 1024 * 1024

    func memoryCommand(_ client: Client) {
        let arguments = client.arguments
        if arguments.matches(1, "stats") {
            memoryStats(client)
        } else if arguments.matches(1, "doctor") {
            let used = usedMemory(logBytes: raftLogBytes)
            // Redis's texts; Skiff runs none of its detectors beyond the empty-instance one.
            client.output.verbatim(Array((used < Self.memoryDoctorMinimumBytes
                ? "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n"
                : "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n").utf8))
        } else if arguments.matches(1, "malloc-stats") {
            // What Redis answers when built without jemalloc (Skiff uses glibc's malloc).
            client.output.verbatim(Array("Stats not supported for the current allocator".utf8))
        } else if arguments.matches(1, "purge") {
            client.output.ok()
        } else {
            help(client, [
                "DOCTOR", "    Return memory problems reports.",
                "MALLOC-STATS", "    Return internal statistics report from the memory allocator.",
                "PURGE", "    Attempt to purge dirty pages for reclamation by the allocator.",
                "STATS", "    Return information about the memory usage of the server.",
                "USAGE <key> [SAMPLES <count>]",
                "    Return memory in bytes used by <key> and its value. Nested values are",
                "    sampled up to <count> times (default: 5, 0 means sample all).",
            ])
        }
    }

    /// Redis's `getMemoryOverheadData` fields, in its order; what Skiff does not have
    /// (replication backlog, AOF buffer, Lua) is 0.
    private func memoryStats(_ client: Client) {
        let logBytes = raftLogBytes
        let used = usedMemory(logBytes: logBytes)
        usedMemoryPeak = max(usedMemoryPeak, used)
        let allocated = ProcessMemory.allocatedBytes()
        let rss = ProcessMemory.residentBytes()
        let databases = (0..<keyspace.databaseCount).map { keyspace[$0] }.filter { $0.count > 0 }
        let keys = databases.reduce(0) { $0 + $1.count }
        let overhead = usedMemoryStartup + logBytes
            + databases.reduce(0) { $0 + $1.tableOverheadBytes.main + $1.tableOverheadBytes.expires }
        let net = used - usedMemoryStartup
        let dataset = used - overhead
        func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
        let counters: [(String, Int)] = [("peak.allocated", usedMemoryPeak), ("total.allocated", used),
                              ("startup.allocated", usedMemoryStartup), ("replication.backlog", 0),
                              ("clients.slaves", 0), ("clients.normal", 0), ("cluster.links", 0), ("aof.buffer", 0),
                              ("lua.caches", 0), ("functions.caches", 0)]
        let totals: [(String, Int)] = [("overhead.total", overhead), ("keys.count", keys),
                              ("keys.bytes-per-key", keys == 0 ? 0 : net / keys), ("dataset.bytes", dataset)]
        let fields: [(String, Double?, Int?)] = [
            ("dataset.percentage", ratio(dataset * 100, net), nil), ("peak.percentage", ratio(used * 100, usedMemoryPeak), nil),
            ("allocator.allocated", nil, allocated), ("allocator.active", nil, allocated), ("allocator.resident", nil, rss),
            ("allocator-fragmentation.ratio", 1, nil), ("allocator-fragmentation.bytes", nil, 0),
            ("allocator-rss.ratio", ratio(rss, allocated), nil), ("allocator-rss.bytes", nil, rss - allocated),
            ("rss-overhead.ratio", 1, nil), ("rss-overhead.bytes", nil, 0),
            ("fragmentation", ratio(rss, used), nil), ("fragmentation.bytes", nil, rss - used),
        ]
        client.output.mapHeader(counters.count + databases.count + totals.count + fields.count)
        for (name, value) in counters {
            client.output.bulk(name)
            client.output.integer(value)
        }
        for db in databases {
            client.output.bulk("db.\(db.index)")
            client.output.mapHeader(3)
            client.output.bulk("overhead.hashtable.main")
            client.output.integer(db.tableOverheadBytes.main)
            client.output.bulk("overhead.hashtable.expires")
            client.output.integer(db.tableOverheadBytes.expires)
            client.output.bulk("overhead.hashtable.slot-to-keys")  // Redis Cluster's; never used here
            client.output.integer(0)
        }
        for (name, value) in totals {
            client.output.bulk(name)
            client.output.integer(value)
        }
        for (name, double, integer) in fields {
            client.output.bulk(name)
            if let double { client.output.double(double) } else { client.output.integer(integer ?? 0) }
        }
    }
}
