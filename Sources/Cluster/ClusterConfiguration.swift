// Settings of one replicated node (DESIGN §6). The server fills this from skiff.conf.

import Raft

/// How reads are made safe (DESIGN §6, `read-consistency`).
public enum ReadConsistency: String, Sendable {
    /// ReadIndex, batched: every read sees every write acknowledged before it started.
    case linearizable
    /// The leader answers while its lease holds (bounded clock drift assumed); followers
    /// still ask the leader for its commit index.
    case lease
    /// Any node answers from its own state at once; may be behind the leader.
    case stale
}

/// One server of the static bootstrap configuration.
public struct ClusterMember: Sendable, Equatable {
    /// Node id, never 0.
    public var id: NodeID
    /// Host clients and peers reach the node at.
    public var host: String
    /// Client (RESP) port, reported in redirects and INFO `master_port`.
    public var clientPort: Int
    /// Peer port.
    public var peerPort: Int

    /// Creates a member; the peer port defaults to the client port + 10000 (DESIGN §6).
    public init(id: NodeID, host: String, clientPort: Int, peerPort: Int? = nil) {
        self.id = id
        self.host = host
        self.clientPort = clientPort
        self.peerPort = peerPort ?? clientPort + 10000
    }
}

/// Configuration of a `ClusterNode`.
public struct ClusterConfiguration: Sendable {
    /// This node's id; must be one of `members` for a bootstrapping node.
    public var nodeID: NodeID
    /// Identifies the cluster; peers of another cluster are refused.
    public var clusterID: UInt64
    /// This server joins a running cluster (added with `addMember` on the leader) instead of
    /// bootstrapping one from `members`; it never campaigns before the leader's log makes it
    /// a voter. Keep it set across restarts of a server that joined.
    public var joinExisting = false
    /// The initial configuration (static bootstrap) and everyone's addresses.
    public var members: [ClusterMember]
    /// `cluster-secret`: peers prove knowledge of it in the handshake (nil: no check).
    public var secret: [UInt8]?
    /// Address the peer port binds to.
    public var peerListenHost: String
    /// Milliseconds per Raft tick.
    public var tickIntervalMs: Int64
    /// Election timeout in ticks (randomised in [T, 2T)).
    public var electionTimeoutTicks: Int
    /// Heartbeat period in ticks.
    public var heartbeatIntervalTicks: Int
    /// `follower-proxy`: a follower forwards writes to the leader (true) or answers with a
    /// redirect error naming it (false).
    public var followerProxy: Bool
    /// How long a write or a read barrier may wait for a leader and for commit.
    public var writeTimeoutMs: Int64
    /// `read-consistency`.
    public var readConsistency: ReadConsistency
    /// A forwarded write that got no acknowledgement is sent again after this long.
    public var forwardRetryMs: Int64
    /// A read round that got no answer is started again after this long (Raft drops
    /// reads pending when leadership changes).
    public var readRetryMs: Int64
    /// Take a snapshot and compact the log once this many entries were applied since the
    /// last one.
    public var snapshotEveryEntries: UInt64
    /// ... or once this many bytes of entries were applied since the last one, so a log of
    /// large writes does not grow without bound between snapshots.
    public var snapshotEveryBytes: UInt64 = 128 << 20
    /// Request ids remembered per origin for at-most-once (a retry older than this many
    /// later requests of the same origin would apply again).
    public var recentRequestsPerOrigin: Int
    /// Most keys in one expiry entry.
    public var maxExpiryKeysPerEntry: Int
    /// Seed of Raft's election-timeout generator (mixed with the node id).
    public var randomSeed: UInt64
    /// Peer queue limit and back-off (see `PeerTransportConfiguration`).
    public var maxPeerQueueBytes: Int
    /// Largest peer frame accepted.
    public var maxPeerFrameBytes: Int

    /// Creates a configuration with Skiff's defaults.
    public init(nodeID: NodeID, clusterID: UInt64, members: [ClusterMember], secret: [UInt8]? = nil,
                peerListenHost: String = "0.0.0.0", tickIntervalMs: Int64 = 100, electionTimeoutTicks: Int = 10,
                heartbeatIntervalTicks: Int = 1, followerProxy: Bool = true, writeTimeoutMs: Int64 = 5000,
                readConsistency: ReadConsistency = .linearizable, forwardRetryMs: Int64 = 1000,
                readRetryMs: Int64 = 1000, snapshotEveryEntries: UInt64 = 100_000,
                recentRequestsPerOrigin: Int = 4096, maxExpiryKeysPerEntry: Int = 1000, randomSeed: UInt64 = 0,
                maxPeerQueueBytes: Int = 64 << 20, maxPeerFrameBytes: Int = PeerFrameLimits.defaultMaxFrameBytes) {
        precondition(nodeID != 0, "node id 0 is reserved")
        precondition(tickIntervalMs > 0 && writeTimeoutMs > 0 && recentRequestsPerOrigin > 0)
        self.nodeID = nodeID
        self.clusterID = clusterID
        self.members = members
        self.secret = secret
        self.peerListenHost = peerListenHost
        self.tickIntervalMs = tickIntervalMs
        self.electionTimeoutTicks = electionTimeoutTicks
        self.heartbeatIntervalTicks = heartbeatIntervalTicks
        self.followerProxy = followerProxy
        self.writeTimeoutMs = writeTimeoutMs
        self.readConsistency = readConsistency
        self.forwardRetryMs = forwardRetryMs
        self.readRetryMs = readRetryMs
        self.snapshotEveryEntries = snapshotEveryEntries
        self.recentRequestsPerOrigin = recentRequestsPerOrigin
        self.maxExpiryKeysPerEntry = maxExpiryKeysPerEntry
        self.randomSeed = randomSeed
        self.maxPeerQueueBytes = maxPeerQueueBytes
        self.maxPeerFrameBytes = maxPeerFrameBytes
    }

    /// The member entry of `id`, if known.
    public func member(_ id: NodeID) -> ClusterMember? {
        members.first { $0.id == id }
    }
}
