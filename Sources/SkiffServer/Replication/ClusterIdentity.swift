import Cluster
import SystemCalls

/// Who this node is and in which cluster, for a node that RAFT.CLUSTER INIT or JOIN made a
/// member (DESIGN §6: node and cluster ids persist in `dir`). Kept in the file
/// `cluster-identity` beside `raft/`, so a restart comes back as the same node of the same
/// cluster whatever its flags say, and JOIN can refuse a cluster with another id.
/// A static member (`cluster-peers`) needs no file: its ids come from its flags, and the
/// write-ahead log's segment headers refuse a data directory of another cluster or node.
struct ClusterIdentity: Equatable {
    /// How the node entered its cluster, which decides its configuration before the first
    /// log entry.
    enum Origin: String {
        /// RAFT.CLUSTER INIT: the first member, alone in the initial configuration.
        case initialized = "init"
        /// RAFT.CLUSTER JOIN: no configuration but what the leader's log brings.
        case joined = "join"
    }

    var nodeID: UInt64
    var clusterID: UInt64
    var origin: Origin
    /// The host this node announced to the cluster (its peers dial it there).
    var host: String

    /// The file, relative to `dir` (the server runs in it).
    static let fileName = "cluster-identity"

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The identity in `dir`, or nil when the node never initialised or joined a cluster.
    static func load() throws(Failure) -> ClusterIdentity? {
        guard FileSystem.exists(fileName) else { return nil }
        let text: String
        do {
            let fd = try FileDescriptor.open(fileName, .readOnly)
            defer { fd.close() }
            text = String(decoding: try fd.readBytes(count: 4096, at: 0), as: UTF8.self)
        } catch {
            throw Failure(description: "cannot read \(fileName): \(error)")
        }
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let words = line.split(separator: " ", maxSplits: 1).map(String.init)
            if words.count == 2 { fields[words[0]] = words[1] }
        }
        guard let node = fields["node-id"].flatMap({ UInt64($0) }), node != 0,
              let cluster = fields["cluster-id"].flatMap({ UInt64($0, radix: 16) }),
              let origin = fields["origin"].flatMap(Origin.init(rawValue:)), let host = fields["host"]
        else {
            throw Failure(description: "\(fileName) is damaged (expected node-id, cluster-id, origin and host lines)")
        }
        return ClusterIdentity(nodeID: node, clusterID: cluster, origin: origin, host: host)
    }

    /// Writes the identity durably: a temporary file, fsynced, renamed over the old one,
    /// then the directory fsynced, so a crash leaves the old identity or the new, whole.
    func save() throws(SystemError) {
        let text = """
            # Skiff cluster identity, written by RAFT.CLUSTER INIT/JOIN. Do not edit.
            node-id \(nodeID)
            cluster-id \(ClusterNode.clusterIDText(clusterID))
            origin \(origin.rawValue)
            host \(host)

            """
        let temporary = Self.fileName + ".tmp"
        let fd = try FileDescriptor.open(temporary, [.writeOnly, .create, .truncate])
        do {
            try fd.writeAll(Array(text.utf8))
            try fd.synchronize()
        } catch {
            fd.close()
            throw error
        }
        fd.close()
        try FileSystem.rename(temporary, to: Self.fileName)
        try FileSystem.synchronizeDirectory(".")
    }
}
