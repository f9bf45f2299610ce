import CLinux
import Cluster
import Glibc
import RESP
import SystemCalls

/// INFO, with Redis 7.0's section and field names so existing monitoring reads it.
extension Server {
    static let defaultInfoSections = [
        "server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules", "errorstats",
        "cluster", "keyspace",
    ]
    static let allInfoSections = defaultInfoSections + ["commandstats", "raft"]

    func info(_ client: Client) {
        var wanted: [String] = []
        let arguments = client.arguments
        if arguments.count == 1 {
            wanted = Self.defaultInfoSections
        } else {
            for index in 1..<arguments.count {
                let name = arguments.string(index).lowercased()
                switch name {
                case "default": wanted += Self.defaultInfoSections
                case "all", "everything": wanted += Self.allInfoSections
                default: wanted.append(name)
                }
            }
        }
        var seen: Set<String> = []
        var sections: [String] = []
        for name in wanted where seen.insert(name).inserted {
            if let section = infoSection(name) { sections.append(section) }
        }
        client.output.verbatim(Array(sections.joined(separator: "\r\n").utf8))
    }

    /// One section's text, as INFO prints it (`# Title` then `field:value` lines).
    func infoSectionText(_ name: String) -> String? {
        infoSection(name)
    }

    private func infoSection(_ name: String) -> String? {
        let fields: [(String, String)]
        let title: String
        switch name {
        case "server": (title, fields) = ("Server", serverFields())
        case "clients": (title, fields) = ("Clients", clientFields())
        case "memory": (title, fields) = ("Memory", memoryFields())
        case "persistence": (title, fields) = ("Persistence", persistenceFields())
        case "stats": (title, fields) = ("Stats", statsFields())
        case "replication": (title, fields) = ("Replication", replicationFields())
        case "cpu": (title, fields) = ("CPU", cpuFields())
        case "modules": (title, fields) = ("Modules", [])
        case "errorstats":
            title = "Errorstats"
            fields = stats.errorCounts.sorted { $0.key < $1.key }.map { ("errorstat_\($0.key)", "count=\($0.value)") }
        case "cluster": (title, fields) = ("Cluster", [("cluster_enabled", "0")])
        case "keyspace": (title, fields) = ("Keyspace", keyspaceFields())
        case "commandstats": (title, fields) = ("Commandstats", commandStatsFields())
        case "raft": (title, fields) = ("Raft", raftFields())
        default: return nil
        }
        return "# \(title)\r\n" + fields.map { "\($0.0):\($0.1)\r\n" }.joined()
    }

    /// Redis's `cmdstat_<name>` lines (`config|get` for a subcommand), for the commands
    /// that ran or were refused since the start.
    private func commandStatsFields() -> [(String, String)] {
        registry.entries.flatMap(\.withSubcommands).compactMap { entry in
            guard entry.calls > 0 || entry.rejectedCalls > 0 || entry.failedCalls > 0 else { return nil }
            let perCall = entry.calls == 0 ? 0 : Double(entry.microseconds) / Double(entry.calls)
            return ("cmdstat_\(entry.name)", "calls=\(entry.calls),usec=\(entry.microseconds),"
                + "usec_per_call=\(Self.twoDecimals(perCall)),rejected_calls=\(entry.rejectedCalls),failed_calls=\(entry.failedCalls)")
        }
    }

    private func serverFields() -> [(String, String)] {
        var name = utsname()
        uname(&name)
        let system = withUnsafeBytes(of: &name.sysname) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        let release = withUnsafeBytes(of: &name.release) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        let machine = withUnsafeBytes(of: &name.machine) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        let uptimeSeconds = (Clock.monotonicMs() - startMonotonicMs) / 1000
        return [
            ("redis_version", SkiffVersion.redisCompatible),
            ("skiff_version", SkiffVersion.skiff),
            ("redis_git_sha1", "00000000"),
            ("redis_git_dirty", "0"),
            ("redis_build_id", "0"),
            ("redis_mode", "standalone"),
            ("os", "\(system) \(release) \(machine)"),
            ("arch_bits", "64"),
            ("monotonic_clock", "POSIX clock_gettime"),
            ("multiplexing_api", "epoll"),
            ("process_id", String(getpid())),
            ("process_supervised", SystemdNotifier.isSupervised ? "systemd" : "no"),
            ("run_id", runID),
            ("tcp_port", config["port"]),
            ("server_time_usec", String(Clock.wallUs())),
            ("uptime_in_seconds", String(uptimeSeconds)),
            ("uptime_in_days", String(uptimeSeconds / 86400)),
            ("hz", config["hz"]),
            ("configured_hz", config["hz"]),
            ("executable", CommandLine.arguments.first ?? ""),
            ("config_file", config.configFile),
            ("io_threads_active", "0"),
        ]
    }

    private func clientFields() -> [(String, String)] {
        [
            ("connected_clients", String(clients.count)),
            ("cluster_connections", "0"),
            ("maxclients", config["maxclients"]),
            ("client_recent_max_input_buffer", "0"),
            ("client_recent_max_output_buffer", "0"),
            ("blocked_clients", String(blocking.blockedCount)),
            ("tracking_clients", String(trackingTable.trackingClients)),
            ("clients_in_timeout_table", "0"),
        ]
    }

    private func memoryFields() -> [(String, String)] {
        let logBytes = raftLogBytes
        let used = usedMemory(logBytes: logBytes)
        usedMemoryPeak = max(usedMemoryPeak, used)
        let rss = ProcessMemory.residentBytes()
        let maxmemory = config.integer("maxmemory")
        return [
            ("used_memory", String(used)),
            ("used_memory_human", Self.human(used)),
            ("used_memory_rss", String(rss)),
            ("used_memory_rss_human", Self.human(rss)),
            ("used_memory_peak", String(usedMemoryPeak)),
            ("used_memory_peak_human", Self.human(usedMemoryPeak)),
            ("used_memory_startup", String(usedMemoryStartup)),
            ("used_memory_dataset", String(keyspace.usedBytes)),
            // What malloc really handed out (glibc's mallinfo2), to judge the estimate by.
            ("allocator_allocated", String(ProcessMemory.allocatedBytes())),
            ("total_system_memory", String(ProcessMemory.systemBytes())),
            ("total_system_memory_human", Self.human(ProcessMemory.systemBytes())),
            ("maxmemory", String(maxmemory)),
            ("maxmemory_human", Self.human(maxmemory)),
            ("maxmemory_policy", config["maxmemory-policy"]),
            ("mem_fragmentation_ratio", Self.ratio(rss, used)),
            ("mem_not_counted_for_evict", String(logBytes)),
            ("mem_allocator", "libc"),
        ]
    }

    private func persistenceFields() -> [(String, String)] {
        [
            ("loading", "0"),
            ("async_loading", "0"),
            ("rdb_changes_since_last_save", "0"),
            ("rdb_bgsave_in_progress", "0"),
            ("rdb_last_save_time", String(startWallMs / 1000)),
            ("rdb_last_bgsave_status", "ok"),
            ("aof_enabled", config.flag("appendonly") ? "1" : "0"),
            ("aof_fsync_policy", config["appendfsync"]),
            ("aof_rewrite_in_progress", "0"),
            ("aof_last_write_status", "ok"),
        ]
    }

    private func statsFields() -> [(String, String)] {
        [
            ("total_connections_received", String(stats.connectionsReceived)),
            ("total_commands_processed", String(stats.commandsProcessed)),
            ("instantaneous_ops_per_sec", "0"),
            ("total_net_input_bytes", String(stats.netInputBytes)),
            ("total_net_output_bytes", String(stats.netOutputBytes)),
            ("rejected_connections", String(stats.rejectedConnections)),
            ("expired_keys", String(keyspace.expiredKeys)),
            ("evicted_keys", String(keyspace.evictedKeys)),
            ("keyspace_hits", String(keyspace.counters.keyspaceHits)),
            ("keyspace_misses", String(keyspace.counters.keyspaceMisses)),
            ("pubsub_channels", String(pubSub.activeCount(.channel))),
            ("pubsub_patterns", String(pubSub.activeCount(.pattern))),
            ("pubsubshard_channels", String(pubSub.activeCount(.shardChannel))),
            ("tracking_total_keys", String(trackingTable.trackedKeys)),
            ("tracking_total_items", String(trackingTable.trackedItems)),
            ("tracking_total_prefixes", String(trackingTable.prefixCount)),
            ("total_error_replies", String(stats.errorReplies)),
            ("total_reads_processed", String(stats.readsProcessed)),
            ("total_writes_processed", String(stats.writesProcessed)),
        ]
    }

    /// Raft roles in Redis's words (DESIGN §6): the leader is `master`, a follower is a
    /// `slave` of the leader's client address, so existing tools read the topology.
    private func replicationFields() -> [(String, String)] {
        guard let cluster else {
            return [
                ("role", "master"), ("connected_slaves", "0"), ("master_failover_state", "no-failover"),
                ("master_replid", runID), ("master_repl_offset", "0"),
            ]
        }
        let offset = String(cluster.lastAppliedIndex)
        if cluster.isLeader {
            let followers = cluster.peerMatchIndexes.filter { $0.id != cluster.configuration.nodeID }
            var fields: [(String, String)] = [("role", "master"), ("connected_slaves", String(followers.count))]
            for (position, follower) in followers.enumerated() {
                let member = cluster.configuration.member(follower.id)
                let lag = cluster.lastLogIndex - min(cluster.lastLogIndex, follower.matchIndex)
                fields.append(("slave\(position)",
                    "ip=\(member?.host ?? "?"),port=\(member?.clientPort ?? 0),state=online,offset=\(follower.matchIndex),lag=\(lag)"))
            }
            return fields + [("master_failover_state", "no-failover"), ("master_replid", runID), ("master_repl_offset", offset)]
        }
        let leader = cluster.leaderClientAddress
        return [
            ("role", "slave"),
            ("master_host", leader?.host ?? "?"),
            ("master_port", String(leader?.port ?? 0)),
            ("master_link_status", leader == nil ? "down" : "up"),
            ("master_last_io_seconds_ago", "0"),
            ("master_sync_in_progress", "0"),
            ("slave_repl_offset", offset),
            ("slave_priority", "100"),
            ("slave_read_only", "0"),
            ("connected_slaves", "0"),
            ("master_failover_state", "no-failover"),
            ("master_replid", runID),
            ("master_repl_offset", offset),
        ]
    }

    /// Skiff's own view of Raft: term, roles, indexes, members.
    private func raftFields() -> [(String, String)] {
        guard let cluster else { return [("raft_enabled", "0")] }
        let role: String
        switch cluster.role {
        case .leader: role = "leader"
        case .candidate: role = "candidate"
        case .preCandidate: role = "pre-candidate"
        case .follower: role = "follower"
        }
        var fields: [(String, String)] = [
            ("raft_enabled", "1"),
            ("raft_node_id", String(cluster.configuration.nodeID)),
            ("raft_cluster_id", ClusterNode.clusterIDText(cluster.configuration.clusterID)),
            ("raft_peer_port", String(cluster.member(cluster.configuration.nodeID)?.peerPort ?? 0)),
            ("raft_role", role),
            ("raft_term", String(cluster.term)),
            ("raft_leader_id", String(cluster.leaderID)),
            ("raft_accepts_members", acceptsMembers ? "1" : "0"),  // RAFT.CLUSTER JOIN checks it
            // Where RAFT.NODE commands go (RAFT.CLUSTER JOIN follows it).
            ("raft_leader_address", cluster.leaderClientAddress.map { "\($0.host):\($0.port)" } ?? ""),
            ("raft_commit_index", String(cluster.commitIndex)),
            ("raft_applied_index", String(cluster.lastAppliedIndex)),
            ("raft_last_log_index", String(cluster.lastLogIndex)),
            ("raft_voters", String(cluster.members.voters.count)),
            ("raft_learners", String(cluster.members.learners.count)),
            ("raft_pending_writes", String(cluster.pendingWriteCount)),
        ]
        let matches = Dictionary(cluster.peerMatchIndexes.map { ($0.id, $0.matchIndex) }, uniquingKeysWith: { a, _ in a })
        for (position, id) in (cluster.members.voters + cluster.members.learners).enumerated() {
            let member = cluster.member(id)
            let state = cluster.members.learners.contains(id) ? "learner" : "voter"
            let match = matches[id].map(String.init) ?? "?"
            fields.append(("raft_node\(position)",
                "id=\(id),addr=\(member?.host ?? "?"):\(member?.clientPort ?? 0),state=\(state),match_index=\(match)"))
        }
        if let store = logStore {
            let statistics = store.statistics
            fields.append(("raft_wal_fsyncs", String(statistics.fsyncs)))
            fields.append(("raft_wal_batches", String(statistics.batchesWritten)))
        }
        return fields
    }

    private func cpuFields() -> [(String, String)] {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> String {
            let micros = Int(time.tv_usec)
            let padded = String(repeating: "0", count: 6 - String(micros).count) + String(micros)
            return "\(time.tv_sec).\(padded)"
        }
        return [
            ("used_cpu_sys", seconds(usage.ru_stime)),
            ("used_cpu_user", seconds(usage.ru_utime)),
            ("used_cpu_sys_children", "0.000000"),
            ("used_cpu_user_children", "0.000000"),
        ]
    }

    private func keyspaceFields() -> [(String, String)] {
        (0..<keyspace.databaseCount).compactMap { database in
            let keys = keyspace[database].count
            guard keys > 0 else { return nil }
            return ("db\(database)", "keys=\(keys),expires=\(keyspace[database].expiringCount),avg_ttl=0")
        }
    }

    /// Bytes as Redis's `bytesToHuman`: `1.04M`, `512B`.
    static func human(_ bytes: Int) -> String {
        let units: [(Double, String)] = [(1024 * 1024 * 1024 * 1024, "T"), (1024 * 1024 * 1024, "G"), (1024 * 1024, "M"), (1024, "K")]
        for (size, unit) in units where Double(bytes) >= size {
            return twoDecimals(Double(bytes) / size) + unit
        }
        return "\(bytes)B"
    }

    static func ratio(_ a: Int, _ b: Int) -> String {
        b == 0 ? "0.00" : twoDecimals(Double(a) / Double(b))
    }

    static func twoDecimals(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// What the process really uses, read from the allocator and the kernel.
enum ProcessMemory {
    /// Bytes handed out by malloc (glibc's `mallinfo2`): the closest to Redis's `used_memory`.
    static func allocatedBytes() -> Int {
        Int(skiff_allocated_bytes())
    }

    /// Resident set size from `/proc/self/statm`.
    static func residentBytes() -> Int {
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return 0 }
        defer { Glibc.close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return 0 }
        let fields = buffer[0..<count].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    static func systemBytes() -> Int {
        Int(sysconf(Int32(_SC_PHYS_PAGES))) * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
