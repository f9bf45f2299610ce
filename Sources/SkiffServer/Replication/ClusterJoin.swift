import Cluster
import EventLoop
import RESP

/// RAFT.CLUSTER JOIN, run by the joining node over the Redis protocol (as RedisRaft's
/// join does):
///
/// 1. `RAFT.INFO` on the contact: the cluster's id, and who leads. A follower names the
///    leader; the join moves there (at most `maxHops` times).
/// 2. On the leader: a node that already belongs to another cluster stops here. A fresh
///    node becomes a member-to-be of this cluster (identity saved, empty log, the leader's
///    peer address known), so the leader's peer connection is accepted from now on.
/// 3. `RAFT.NODE ADD <id> <host>:<port>@<peerport>` on the leader: answered once this
///    node is a learner; the leader then sends it a snapshot or the log and promotes it.
/// 4. The join answers OK once this node's own log makes it a voter.
final class ClusterJoin {
    private unowned let server: Server
    private var host: String
    private var port: Int
    private var hops = 0
    /// This node had no cluster before this join (its id must be new to the cluster).
    private var joinsFresh = false
    private let deadlineMs: Int64
    private var completion: ((String?) -> Void)?

    /// Redirects followed before giving up (a leader change mid-join moves it once more).
    static let maxHops = 5
    /// The whole join, learner catch-up (a snapshot of a large keyspace) included.
    static let timeoutMs: Int64 = 60_000
    /// How often a step is tried again while the cluster has no leader, and how often the
    /// node checks whether it was promoted.
    static let pollMs: Int64 = 100

    /// Starts joining the cluster `host:port` belongs to; `completion(nil)` on success, or
    /// an error reply line (without the dash).
    init(server: Server, host: String, port: Int, completion: @escaping (String?) -> Void) {
        self.server = server
        self.host = host
        self.port = port
        self.completion = completion
        deadlineMs = server.loop.nowMs + Self.timeoutMs
        askWhoLeads()
    }

    private var timeLeftMs: Int64 { deadlineMs - server.loop.nowMs }

    private func finish(_ error: String?) {
        guard let completion else { return }
        self.completion = nil
        completion(error)
    }

    // Step 1.
    private func askWhoLeads() {
        CommandLink.send([["RAFT.INFO"]], to: host, port: port, loop: server.loop, timeoutMs: min(5000, timeLeftMs)) {
            [self] result in
            switch result {
            case .failure(let failure):
                finish("ERR RAFT.CLUSTER JOIN: \(failure.message)")
            case .success(let answer):
                guard case .bulk(let bytes?) = answer.replies[0] else {
                    return finish("ERR RAFT.CLUSTER JOIN: \(host):\(port) answered \(answer.replies[0].text ?? "?")")
                }
                joinThrough(InfoFields(String(decoding: bytes, as: UTF8.self)), localHost: answer.localHost)
            }
        }
    }

    // Steps 1 (redirect) and 2.
    private func joinThrough(_ info: InfoFields, localHost: String) {
        guard let clusterID = info["raft_cluster_id"].flatMap({ UInt64($0, radix: 16) }) else {
            return finish("ERR RAFT.CLUSTER JOIN: \(host):\(port) is not a Skiff cluster member")
        }
        guard info["raft_accepts_members"] == "1" else {
            return finish("ERR \(host):\(port) is not part of a cluster yet: run RAFT.CLUSTER INIT there first")
        }
        if let identity = server.clusterIdentity, identity.clusterID != clusterID {
            return finish("ERR This node belongs to cluster \(ClusterNode.clusterIDText(identity.clusterID)); "
                + "\(host):\(port) is a member of cluster \(ClusterNode.clusterIDText(clusterID))")
        }
        if server.clusterIdentity == nil && !server.config["cluster-peers"].isEmpty {
            return finish("ERR This node is a static member of its cluster (cluster-peers); it cannot join another")
        }
        guard info["raft_role"] == "leader" else {
            return redirect(to: info["raft_leader_address"] ?? "")
        }
        guard let leaderID = info["raft_node_id"].flatMap({ UInt64($0) }),
              let peerPort = info["raft_peer_port"].flatMap({ Int($0) }) else {
            return finish("ERR RAFT.CLUSTER JOIN: \(host):\(port) did not report its node id and peer port")
        }
        let leader = ClusterMember(id: leaderID, host: host, clientPort: port, peerPort: peerPort)
        if server.clusterIdentity == nil {
            let identity = ClusterIdentity(
                nodeID: server.newNodeID(), clusterID: clusterID, origin: .joined,
                host: server.announcedHost ?? localHost)
            // INFO raft lists the members as `raft_nodeN:id=<id>,...`.
            guard !info.values.contains(where: { $0.hasPrefix("id=\(identity.nodeID),") }) else {
                return finish("ERR node id \(identity.nodeID) is taken in cluster \(ClusterNode.clusterIDText(clusterID)); "
                    + "give this node another cluster-node-id")
            }
            joinsFresh = true
            do {
                try ClusterSetup.become(server, identity, knownMembers: [leader])
            } catch {
                return finish("ERR RAFT.CLUSTER JOIN: \(error)")
            }
            server.logger.notice("joining cluster \(ClusterNode.clusterIDText(clusterID)) as node \(identity.nodeID)")
        }
        askToBeAdded()
    }

    private func redirect(to address: String) {
        guard timeLeftMs > 0 else { return finish("ERR RAFT.CLUSTER JOIN: no leader within \(Self.timeoutMs) ms") }
        guard let colon = address.lastIndex(of: ":"), let next = Int(address[address.index(after: colon)...]) else {
            // No leader known yet (an election is under way): ask the same node again shortly.
            server.loop.addTimer(afterMs: Self.pollMs) { [self] in askWhoLeads() }
            return
        }
        hops += 1
        guard hops <= Self.maxHops else {
            return finish("ERR RAFT.CLUSTER JOIN: no leader found within \(Self.maxHops) redirects")
        }
        host = String(address[..<colon])
        port = next
        askWhoLeads()
    }

    // Step 3.
    private func askToBeAdded() {
        guard let cluster = server.cluster, let me = cluster.member(cluster.configuration.nodeID) else {
            return finish("ERR RAFT.CLUSTER JOIN: this node's cluster state is gone")
        }
        let address = "\(me.host):\(me.clientPort)@\(me.peerPort)"
        let add = ["RAFT.NODE", "ADD", "\(me.id)", address]
        CommandLink.send([add], to: host, port: port, loop: server.loop, timeoutMs: max(1, timeLeftMs)) {
            [self] result in
            switch result {
            case .failure(let failure):
                finish("ERR RAFT.CLUSTER JOIN: \(failure.message)")
            case .success(let answer):
                let reply = answer.replies[0]
                guard case .error(let message) = reply else { return awaitPromotion() }
                // A member coming back (JOIN again) may already be in; a fresh node may not.
                if !joinsFresh, message.hasPrefix("ERR node \(me.id) is already a member") { return awaitPromotion() }
                if let open = message.lastIndex(of: "("), message.contains("go to the leader") {
                    return redirect(to: String(message[message.index(after: open)...].dropLast()))
                }
                // Another node's join (or a new leader's first commit) goes first.
                if message.contains("in progress") || message.hasPrefix("CLUSTERDOWN"), timeLeftMs > 0 {
                    server.loop.addTimer(afterMs: Self.pollMs) { [self] in askToBeAdded() }
                    return
                }
                finish(message)
            }
        }
    }

    // Step 4: the configuration making this node a voter has committed.
    private func awaitPromotion() {
        guard let cluster = server.cluster else { return finish("ERR RAFT.CLUSTER JOIN: this node's cluster state is gone") }
        if cluster.appliedMembers.isVoter(cluster.configuration.nodeID) { return finish(nil) }
        guard timeLeftMs > 0 else {
            return finish("ERR RAFT.CLUSTER JOIN: added as a learner, but not promoted to voter within \(Self.timeoutMs) ms")
        }
        server.loop.addTimer(afterMs: Self.pollMs) { [self] in awaitPromotion() }
    }
}

/// The `name:value` lines of an INFO reply.
struct InfoFields {
    private var fields: [String: String] = [:]

    init(_ text: String) {
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = String(line[line.index(after: colon)...])
        }
    }

    subscript(name: String) -> String? { fields[name] }

    var values: Dictionary<String, String>.Values { fields.values }
}
