import Cluster
import Glibc
import Raft
import RaftStorage

/// Turns the `cluster-*` and persistence directives into a running `ClusterNode`.
///
/// - No `cluster-peers` and `appendonly no`: no Raft at all. A standalone in-memory
///   node has nothing to replicate or make durable, so commands run directly on the
///   keyspace — Redis's usual cache mode, at Redis's speed.
/// - No `cluster-peers` and `appendonly yes`: a one-member cluster on the write-ahead
///   log; every write goes propose → persist → commit → apply (DESIGN §3).
/// - `cluster-peers`: a member of a replicated cluster, which requires `appendonly yes`:
///   a node that lost its log on restart could vote twice in one term or acknowledge
///   entries it no longer has, so Skiff refuses to start one without it.
enum ClusterSetup {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses `cluster-peers`: `<id>@<host>:<port>[@<peerport>]` separated by spaces.
    static func parsePeers(_ text: String) throws(Failure) -> [ClusterMember] {
        var members: [ClusterMember] = []
        for word in text.split(separator: " ") {
            let parts = word.split(separator: "@").map(String.init)
            guard parts.count == 2 || parts.count == 3, let id = UInt64(parts[0]), id > 0,
                let colon = parts[1].lastIndex(of: ":"), let port = Int(parts[1][parts[1].index(after: colon)...]),
                (1...65535).contains(port)
            else {
                throw Failure(description: "cluster-peers: '\(word)' is not <id>@<host>:<port>[@<peerport>]")
            }
            var peerPort: Int?
            if parts.count == 3 {
                guard let parsed = Int(parts[2]), (1...65535).contains(parsed) else {
                    throw Failure(description: "cluster-peers: bad peer port in '\(word)'")
                }
                peerPort = parsed
            }
            guard !members.contains(where: { $0.id == id }) else {
                throw Failure(description: "cluster-peers: node id \(id) is listed twice")
            }
            members.append(ClusterMember(id: id, host: String(parts[1][..<colon]), clientPort: port, peerPort: peerPort))
        }
        return members
    }

    /// The cluster id: a hash of the sorted member list, the same on every node started
    /// with the same `cluster-peers`, and recorded in every WAL segment header, so a data
    /// directory of another cluster is refused.
    static func clusterID(_ members: [ClusterMember]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for member in members.sorted(by: { $0.id < $1.id }) {
            for byte in "\(member.id)@\(member.host):\(member.clientPort)@\(member.peerPort);".utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
            }
        }
        return hash == 0 ? 1 : hash
    }

    /// Builds and starts the node for this configuration, or returns nil for a
    /// standalone in-memory server.
    static func start(_ server: Server) throws -> ClusterNode? {
        let config = server.config
        let appendOnly = config.flag("appendonly")
        var members = try parsePeers(config["cluster-peers"])
        var nodeID = UInt64(config.integer("cluster-node-id"))
        if members.isEmpty {
            guard appendOnly else { return nil }
            nodeID = max(nodeID, 1)
            members = [ClusterMember(id: nodeID, host: "127.0.0.1", clientPort: config.integer("port"))]
        } else {
            guard appendOnly else {
                throw Failure(description: "cluster-peers needs 'appendonly yes': a member that restarts without its log could vote twice in a term or forget entries it acknowledged")
            }
            guard members.contains(where: { $0.id == nodeID }) else {
                throw Failure(description: "cluster-node-id \(nodeID) is not one of cluster-peers")
            }
        }
        let secret = config["cluster-secret"]
        // A one-member group's identity must not depend on its address: a data directory
        // restarts on any port, as Redis's does.
        let identity = config["cluster-peers"].isEmpty
            ? clusterID([ClusterMember(id: nodeID, host: "standalone", clientPort: 1, peerPort: 1)])
            : clusterID(members)
        var configuration = ClusterConfiguration(
            nodeID: nodeID, clusterID: identity, members: members,
            secret: secret.isEmpty ? nil : Array(secret.utf8),
            tickIntervalMs: Int64(config.integer("cluster-tick-ms")),
            electionTimeoutTicks: config.integer("cluster-election-ticks"),
            followerProxy: config.flag("follower-proxy"),
            writeTimeoutMs: Int64(config.integer("cluster-write-timeout")),
            readConsistency: ReadConsistency(rawValue: config["read-consistency"]) ?? .linearizable,
            snapshotEveryEntries: UInt64(config.integer("snapshot-threshold-entries")),
            randomSeed: nodeID &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(getpid()))
        // Peers listen where the member list says this node is (loopback in a local test).
        configuration.peerListenHost = members.first { $0.id == nodeID }?.host ?? "0.0.0.0"
        var options = StorageOptions()
        options.segmentSizeBytes = Int64(config.integer("wal-segment-size"))
        options.fsyncPolicy = FsyncPolicy(rawValue: config["appendfsync"]) ?? .always
        options.snapshotEntriesThreshold = UInt64(config.integer("snapshot-threshold-entries"))
        options.snapshotBytesThreshold = UInt64(config.integer("snapshot-threshold-bytes"))
        let logger = server.logger
        let store: DurableLogStore
        do {
            store = try DurableLogStore(
                directory: "raft", clusterID: configuration.clusterID, nodeID: nodeID, options: options,
                loop: server.loop, log: { logger.notice($0) })
        } catch {
            throw Failure(description: "cannot open the write-ahead log in \(config["dir"])/raft: \(error)")
        }
        let machine = KeyspaceStateMachine(keyspace: server.keyspace)
        // Set before `start()`: replaying the log may already apply replicated CONFIG SETs.
        machine.onConfigSet = { [unowned server] in server.replicatedConfigApplied($0) }
        let node = try ClusterNode(
            configuration: configuration, loop: server.loop, stateMachine: machine, store: store,
            log: { logger.notice($0) })
        try node.start()
        server.logStore = store
        return node
    }
}
