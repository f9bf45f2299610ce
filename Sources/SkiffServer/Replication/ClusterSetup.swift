import Cluster
import SystemCalls
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
            guard let at = word.firstIndex(of: "@"), let id = UInt64(word[..<at]), id > 0,
                  let address = parseAddress(String(word[word.index(after: at)...]))
            else {
                throw Failure(description: "cluster-peers: '\(word)' is not <id>@<host>:<port>[@<peerport>]")
            }
            guard !members.contains(where: { $0.id == id }) else {
                throw Failure(description: "cluster-peers: node id \(id) is listed twice")
            }
            members.append(ClusterMember(id: id, host: address.host, clientPort: address.port,
                                         peerPort: address.peerPort))
        }
        return members
    }

    /// `<host>:<port>[@<peerport>]` (a `cluster-peers` entry without its id; RAFT.NODE ADD).
    static func parseAddress(_ text: String) -> (host: String, port: Int, peerPort: Int?)? {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count <= 2, let colon = parts[0].lastIndex(of: ":"), colon > parts[0].startIndex,
              let port = Int(parts[0][parts[0].index(after: colon)...]), (1...65535).contains(port)
        else { return nil }
        var peerPort: Int?
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (1...65535).contains(parsed) else { return nil }
            peerPort = parsed
        }
        return (String(parts[0][..<colon]), port, peerPort)
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
        let identity: ClusterIdentity?
        do {
            identity = try ClusterIdentity.load()
        } catch {
            throw Failure(description: error.description)
        }
        if let identity {
            try check(identity, against: config)
            server.clusterIdentity = identity
            return try startNode(server, identity: identity)
        }
        var members = try parsePeers(config["cluster-peers"])
        var nodeID = UInt64(config.integer("cluster-node-id"))
        if members.isEmpty {
            guard appendOnly else { return nil }
            nodeID = max(nodeID, 1)
            members = [ownMember(config, id: nodeID, host: "127.0.0.1")]
        } else {
            guard appendOnly else {
                throw Failure(description: "cluster-peers needs 'appendonly yes': a member that restarts without its log could vote twice in a term or forget entries it acknowledged")
            }
            guard members.contains(where: { $0.id == nodeID }) else {
                throw Failure(description: "cluster-node-id \(nodeID) is not one of cluster-peers")
            }
        }
        // A one-member group's identity must not depend on its address: a data directory
        // restarts on any port, as Redis's does.
        let clusterID = config["cluster-peers"].isEmpty
            ? clusterID([ClusterMember(id: nodeID, host: "standalone", clientPort: 1, peerPort: 1)])
            : clusterID(members)
        var configuration = makeConfiguration(config, nodeID: nodeID, clusterID: clusterID, members: members)
        // Peers listen where the member list says this node is (loopback in a local test).
        configuration.peerListenHost = members.first { $0.id == nodeID }?.host ?? "0.0.0.0"
        return try open(server, configuration)
    }

    /// A node that INIT or JOIN made a member comes back as itself: its flags may not name
    /// another node or a static cluster.
    static func check(_ identity: ClusterIdentity, against config: ServerConfig) throws(Failure) {
        let file = ClusterIdentity.fileName
        guard config.flag("appendonly") else {
            throw Failure(description: "this data directory belongs to cluster \(ClusterNode.clusterIDText(identity.clusterID)) (\(file)), which needs 'appendonly yes'")
        }
        guard config["cluster-peers"].isEmpty else {
            throw Failure(description: "cluster-peers conflicts with \(file): this node joined cluster \(ClusterNode.clusterIDText(identity.clusterID)) with RAFT.CLUSTER; remove one of them")
        }
        let configured = UInt64(config.integer("cluster-node-id"))
        guard configured == 0 || configured == identity.nodeID else {
            throw Failure(description: "cluster-node-id \(configured) differs from node id \(identity.nodeID) recorded in \(file)")
        }
    }

    /// Starts the node of a cluster made with RAFT.CLUSTER: alone in its first
    /// configuration after INIT, with none after JOIN (the leader's log brings it).
    /// `knownMembers` are dialled at once (JOIN: the leader, before its log says where it is).
    static func startNode(_ server: Server, identity: ClusterIdentity,
                          knownMembers: [ClusterMember] = []) throws -> ClusterNode {
        let me = ownMember(server.config, id: identity.nodeID, host: identity.host)
        var configuration = makeConfiguration(server.config, nodeID: identity.nodeID, clusterID: identity.clusterID,
                                              members: [me] + knownMembers.filter { $0.id != me.id })
        configuration.joinExisting = identity.origin == .joined
        configuration.peerListenHost = identity.host
        return try open(server, configuration)
    }

    /// Makes the running server a member of the cluster `identity` names (RAFT.CLUSTER INIT
    /// or JOIN on a node with no keys): the one-member log it ran on is discarded, the
    /// identity saved, and a node started on a fresh log. The order survives a crash at any
    /// point: without the identity file the node restarts as the empty one-member node it
    /// was; with it, as the new member on an empty log.
    static func become(_ server: Server, _ identity: ClusterIdentity, knownMembers: [ClusterMember] = []) throws {
        server.cluster?.stop()
        server.logStore?.close()
        server.cluster = nil
        server.replication = nil
        server.logStore = nil
        do {
            try FileSystem.removeTree(walDirectory)
            try identity.save()
        } catch {
            throw Failure(description: "cannot record the cluster identity in \(server.config["dir"]): \(error)")
        }
        server.clusterIdentity = identity
        let node = try startNode(server, identity: identity, knownMembers: knownMembers)
        server.cluster = node
        server.replication = node
    }

    /// This node's member entry: `port`, and `cluster-peer-port` (0: the port + 10000).
    static func ownMember(_ config: ServerConfig, id: UInt64, host: String) -> ClusterMember {
        let peerPort = config.integer("cluster-peer-port")
        return ClusterMember(id: id, host: host, clientPort: config.integer("port"),
                             peerPort: peerPort == 0 ? nil : peerPort)
    }

    static func makeConfiguration(_ config: ServerConfig, nodeID: UInt64, clusterID: UInt64,
                                  members: [ClusterMember]) -> ClusterConfiguration {
        let secret = config["cluster-secret"]
        return ClusterConfiguration(
            nodeID: nodeID, clusterID: clusterID, members: members,
            secret: secret.isEmpty ? nil : Array(secret.utf8),
            tickIntervalMs: Int64(config.integer("cluster-tick-ms")),
            electionTimeoutTicks: config.integer("cluster-election-ticks"),
            followerProxy: config.flag("follower-proxy"),
            writeTimeoutMs: Int64(config.integer("cluster-write-timeout")),
            readConsistency: ReadConsistency(rawValue: config["read-consistency"]) ?? .linearizable,
            snapshotEveryEntries: UInt64(config.integer("snapshot-threshold-entries")),
            randomSeed: nodeID &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(getpid()))
    }

    /// Opens the write-ahead log in `raft/` and starts the node on it.
    static func open(_ server: Server, _ configuration: ClusterConfiguration) throws -> ClusterNode {
        let config = server.config
        var options = StorageOptions()
        options.segmentSizeBytes = Int64(config.integer("wal-segment-size"))
        options.fsyncPolicy = FsyncPolicy(rawValue: config["appendfsync"]) ?? .always
        options.snapshotEntriesThreshold = UInt64(config.integer("snapshot-threshold-entries"))
        options.snapshotBytesThreshold = UInt64(config.integer("snapshot-threshold-bytes"))
        let logger = server.logger
        let store: DurableLogStore
        do {
            store = try DurableLogStore(
                directory: walDirectory, clusterID: configuration.clusterID, nodeID: configuration.nodeID,
                options: options, loop: server.loop, log: { logger.notice($0) })
        } catch {
            throw Failure(description: "cannot open the write-ahead log in \(config["dir"])/\(walDirectory): \(error)")
        }
        let machine = KeyspaceStateMachine(keyspace: server.keyspace, users: server.aclUsers)
        // Set before `start()`: replaying the log may already apply replicated CONFIG SETs.
        machine.onConfigSet = { [unowned server] in server.replicatedConfigApplied($0) }
        machine.onUsersChanged = { [unowned server] in server.aclChanged() }
        let node = try ClusterNode(
            configuration: configuration, loop: server.loop, stateMachine: machine, store: store,
            log: { logger.notice($0) })
        try node.start()
        server.logStore = store
        return node
    }

    /// The log's directory, relative to `dir`.
    static let walDirectory = "raft"
}
