// The command table entries of ScanCommands, as Redis 7.0.15 reports them in COMMAND INFO and
// COMMAND DOCS (arity, flags, key positions, ACL categories, tips, key specs, docs).
import Keyspace
import RESP

extension ScanCommands {
    /// This family's entries of `Commands.all`.
    static let specs: [CommandSpec] = [
        CommandSpec(
            name: "keys", arity: 2,
            flags: [.readonly], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@keyspace", "@read", "@slow", "@dangerous"],
            group: "generic", since: "1.0.0",
            summary: "Find all keys matching the given pattern",
            complexity: "O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.",
            tips: ["request_policy:all_shards", "nondeterministic_output_order"],
            handler: ScanCommands.keys
        ),
        CommandSpec(
            name: "scan", arity: -2,
            flags: [.readonly], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@keyspace", "@read", "@slow"],
            group: "generic", since: "2.8.0",
            summary: "Incrementally iterate the keys space",
            complexity: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.",
            tips: ["nondeterministic_output", "request_policy:special"],
            handler: ScanCommands.scan
        ),
    ]
}
