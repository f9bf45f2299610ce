// Specs of the replication commands the server implements: Redis's ROLE, and the
// RAFT.* administration commands under RedisRaft's names.

/// Specs of ROLE and the RAFT.* commands (no handler: SkiffServer runs them).
public enum ClusterCommandSpecs {
    public static let specs: [CommandSpec] = [
        CommandSpec(
            name: "role", arity: 1,
            flags: [.noscript, .loading, .stale, .fast], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@admin", "@fast", "@dangerous"],
            group: "server", since: "2.8.12",
            summary: "Return the role of the instance in the context of replication",
            complexity: "O(1)",
            handler: nil
        ),
        CommandSpec(
            name: "raft.info", arity: 1,
            flags: [.admin, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@admin", "@slow", "@dangerous"],
            group: "server", since: "0.1.0",
            summary: "Return this node's view of the Raft cluster (the INFO raft section)",
            complexity: "O(N) where N is the number of members",
            handler: nil
        ),
        CommandSpec(
            name: "raft.transfer_leader", arity: -1,
            flags: [.admin, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@admin", "@slow", "@dangerous"],
            group: "server", since: "0.1.0",
            summary: "Hand leadership to the most up-to-date voter (leader only)",
            complexity: "O(1)",
            handler: nil
        ),
    ]
}
