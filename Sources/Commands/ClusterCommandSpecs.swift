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
        CommandSpec(
            name: "raft.cluster", arity: -2,
            flags: [], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@slow"],
            group: "server", since: "0.1.0",
            summary: "A container for cluster formation commands",
            complexity: "Depends on subcommand.",
            subcommands: [
                adminSubcommand("raft.cluster|init", arity: 2,
                                summary: "Make this fresh node a one-member cluster with a new cluster id"),
                adminSubcommand("raft.cluster|join", arity: 3,
                                summary: "Join the cluster the node at host:port belongs to (learner, then voter)"),
            ],
            handler: nil
        ),
        CommandSpec(
            name: "raft.node", arity: -2,
            flags: [], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@slow"],
            group: "server", since: "0.1.0",
            summary: "A container for membership change commands",
            complexity: "Depends on subcommand.",
            subcommands: [
                adminSubcommand("raft.node|add", arity: 4,
                                summary: "Add node id at host:port[@peerport] as a learner, promoted once caught up"),
                adminSubcommand("raft.node|remove", arity: 3,
                                summary: "Remove node id from the cluster (the leader may remove itself)"),
            ],
            handler: nil
        ),
    ]

    /// A RAFT.* administration subcommand (run by the server, like the containers).
    static func adminSubcommand(_ name: String, arity: Int, summary: String) -> CommandSpec {
        CommandSpec(
            name: name, arity: arity,
            flags: [.admin, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@admin", "@slow", "@dangerous"],
            group: "server", since: "0.1.0",
            summary: summary,
            complexity: "O(N) where N is the number of members",
            handler: nil
        )
    }
}
