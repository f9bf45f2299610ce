// The command table entries of DatabaseCommands, as Redis 7.0.15 reports them in COMMAND INFO and
// COMMAND DOCS (arity, flags, key positions, ACL categories, tips, key specs, docs).
import Keyspace
import RESP

extension DatabaseCommands {
    /// This family's entries of `Commands.all`.
    static let specs: [CommandSpec] = [
        CommandSpec(
            name: "dbsize", arity: 1,
            flags: [.readonly, .fast], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@keyspace", "@read", "@fast"],
            group: "server", since: "1.0.0",
            summary: "Return the number of keys in the selected database",
            complexity: "O(1)",
            tips: ["request_policy:all_shards", "response_policy:agg_sum"],
            handler: DatabaseCommands.dbsize
        ),
        CommandSpec(
            name: "flushdb", arity: -1,
            flags: [.write], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@keyspace", "@write", "@slow", "@dangerous"],
            group: "server", since: "1.0.0",
            summary: "Remove all keys from the current database",
            complexity: "O(N) where N is the number of keys in the selected database",
            tips: ["request_policy:all_shards", "response_policy:all_succeeded"],
            handler: DatabaseCommands.flushdb
        ),
        CommandSpec(
            name: "flushall", arity: -1,
            flags: [.write], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@keyspace", "@write", "@slow", "@dangerous"],
            group: "server", since: "1.0.0",
            summary: "Remove all keys from all databases",
            complexity: "O(N) where N is the total number of keys in all databases",
            tips: ["request_policy:all_shards", "response_policy:all_succeeded"],
            handler: DatabaseCommands.flushall
        ),
        CommandSpec(
            name: "swapdb", arity: 3,
            flags: [.write, .fast], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@keyspace", "@write", "@fast", "@dangerous"],
            group: "server", since: "4.0.0",
            summary: "Swaps two Redis databases",
            complexity: "O(N) where N is the count of clients watching or blocking on keys from both databases.",
            handler: DatabaseCommands.swapdb
        ),
    ]
}
