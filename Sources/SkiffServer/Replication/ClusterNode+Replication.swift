import Cluster

/// A Raft node is how a replicated server carries out writes and safe reads
/// (`ClusterNode` already has every member `Replication` asks for).
extension ClusterNode: Replication {}
