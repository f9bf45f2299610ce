// The command table entries of KeyCommands, as Redis 7.0.15 reports them in COMMAND INFO and
// COMMAND DOCS (arity, flags, key positions, ACL categories, tips, key specs, docs).
import Keyspace
import RESP

extension KeyCommands {
    /// This family's entries of `Commands.all`.
    static let specs: [CommandSpec] = [
        CommandSpec(
            name: "del", arity: -2,
            flags: [.write], firstKey: 1, lastKey: -1, keyStep: 1,
            aclCategories: ["@keyspace", "@write", "@slow"],
            group: "generic", since: "1.0.0",
            summary: "Delete a key",
            complexity: "O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).",
            tips: ["request_policy:multi_shard", "response_policy:agg_sum"],
            keySpecs: [
                KeySpec(flags: ["RM", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: -1, keyStep: 1, limit: 0)),
            ],
            handler: KeyCommands.del
        ),
        CommandSpec(
            name: "unlink", arity: -2,
            flags: [.write, .fast], firstKey: 1, lastKey: -1, keyStep: 1,
            aclCategories: ["@keyspace", "@write", "@fast"],
            group: "generic", since: "4.0.0",
            summary: "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.",
            complexity: "O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.",
            tips: ["request_policy:multi_shard", "response_policy:agg_sum"],
            keySpecs: [
                KeySpec(flags: ["RM", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: -1, keyStep: 1, limit: 0)),
            ],
            handler: KeyCommands.unlink
        ),
        CommandSpec(
            name: "exists", arity: -2,
            flags: [.readonly, .fast], firstKey: 1, lastKey: -1, keyStep: 1,
            aclCategories: ["@keyspace", "@read", "@fast"],
            group: "generic", since: "1.0.0",
            summary: "Determine if a key exists",
            complexity: "O(N) where N is the number of keys to check.",
            tips: ["request_policy:multi_shard", "response_policy:agg_sum"],
            keySpecs: [
                KeySpec(flags: ["RO"], beginSearch: .index(1), findKeys: .range(lastKey: -1, keyStep: 1, limit: 0)),
            ],
            handler: KeyCommands.exists
        ),
        CommandSpec(
            name: "type", arity: 2,
            flags: [.readonly, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@keyspace", "@read", "@fast"],
            group: "generic", since: "1.0.0",
            summary: "Determine the type stored at key",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RO"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: KeyCommands.type
        ),
        CommandSpec(
            name: "touch", arity: -2,
            flags: [.readonly, .fast], firstKey: 1, lastKey: -1, keyStep: 1,
            aclCategories: ["@keyspace", "@read", "@fast"],
            group: "generic", since: "3.2.1",
            summary: "Alters the last access time of a key(s). Returns the number of existing keys specified.",
            complexity: "O(N) where N is the number of keys that will be touched.",
            tips: ["request_policy:multi_shard", "response_policy:agg_sum"],
            keySpecs: [
                KeySpec(flags: ["RO"], beginSearch: .index(1), findKeys: .range(lastKey: -1, keyStep: 1, limit: 0)),
            ],
            handler: KeyCommands.touch
        ),
        CommandSpec(
            name: "rename", arity: 3,
            flags: [.write], firstKey: 1, lastKey: 2, keyStep: 1,
            aclCategories: ["@keyspace", "@write", "@slow"],
            group: "generic", since: "1.0.0",
            summary: "Rename a key",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
                KeySpec(flags: ["OW", "update"], beginSearch: .index(2), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: KeyCommands.rename
        ),
        CommandSpec(
            name: "renamenx", arity: 3,
            flags: [.write, .fast], firstKey: 1, lastKey: 2, keyStep: 1,
            aclCategories: ["@keyspace", "@write", "@fast"],
            group: "generic", since: "1.0.0",
            summary: "Rename a key, only if the new key does not exist",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
                KeySpec(flags: ["OW", "insert"], beginSearch: .index(2), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: KeyCommands.renamenx
        ),
        CommandSpec(
            name: "randomkey", arity: 1,
            flags: [.readonly], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@keyspace", "@read", "@slow"],
            group: "generic", since: "1.0.0",
            summary: "Return a random key from the keyspace",
            complexity: "O(1)",
            tips: ["request_policy:all_shards", "nondeterministic_output"],
            handler: KeyCommands.randomkey
        ),
        CommandSpec(
            name: "copy", arity: -3,
            flags: [.write, .denyOOM], firstKey: 1, lastKey: 2, keyStep: 1,
            aclCategories: ["@keyspace", "@write", "@slow"],
            group: "generic", since: "6.2.0",
            summary: "Copy a key",
            complexity: "O(N) worst case for collections, where N is the number of nested items. O(1) for string values.",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
                KeySpec(flags: ["OW", "update"], beginSearch: .index(2), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: KeyCommands.copy
        ),
        CommandSpec(
            name: "move", arity: 3,
            flags: [.write, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@keyspace", "@write", "@fast"],
            group: "generic", since: "1.0.0",
            summary: "Move a key to another database",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: KeyCommands.move
        ),
        CommandSpec(
            name: "object", arity: -2,
            flags: [], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@slow"],
            group: "generic", since: "2.2.3",
            summary: "A container for object introspection commands",
            complexity: "Depends on subcommand.",
            subcommands: [
                CommandSpec(
                    name: "object|encoding", arity: 3,
                    flags: [.readonly], firstKey: 2, lastKey: 2, keyStep: 1,
                    aclCategories: ["@keyspace", "@read", "@slow"],
                    group: "generic", since: "2.2.3",
                    summary: "Inspect the internal encoding of a Redis object",
                    complexity: "O(1)",
                    tips: ["nondeterministic_output"],
                    keySpecs: [
                        KeySpec(flags: ["RO"], beginSearch: .index(2), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
                    ],
                    handler: ObjectCommands.encoding
                ),
                CommandSpec(
                    name: "object|freq", arity: 3,
                    flags: [.readonly], firstKey: 2, lastKey: 2, keyStep: 1,
                    aclCategories: ["@keyspace", "@read", "@slow"],
                    group: "generic", since: "4.0.0",
                    summary: "Get the logarithmic access frequency counter of a Redis object",
                    complexity: "O(1)",
                    tips: ["nondeterministic_output"],
                    keySpecs: [
                        KeySpec(flags: ["RO"], beginSearch: .index(2), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
                    ],
                    handler: ObjectCommands.freq
                ),
                CommandSpec(
                    name: "object|help", arity: 2,
                    flags: [.loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@keyspace", "@slow"],
                    group: "generic", since: "6.2.0",
                    summary: "Show helpful text about the different subcommands",
                    complexity: "O(1)",
                    handler: ObjectCommands.help
                ),
                CommandSpec(
                    name: "object|idletime", arity: 3,
                    flags: [.readonly], firstKey: 2, lastKey: 2, keyStep: 1,
                    aclCategories: ["@keyspace", "@read", "@slow"],
                    group: "generic", since: "2.2.3",
                    summary: "Get the time since a Redis object was last accessed",
                    complexity: "O(1)",
                    tips: ["nondeterministic_output"],
                    keySpecs: [
                        KeySpec(flags: ["RO"], beginSearch: .index(2), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
                    ],
                    handler: ObjectCommands.idletime
                ),
                CommandSpec(
                    name: "object|refcount", arity: 3,
                    flags: [.readonly], firstKey: 2, lastKey: 2, keyStep: 1,
                    aclCategories: ["@keyspace", "@read", "@slow"],
                    group: "generic", since: "2.2.3",
                    summary: "Get the number of references to the value of the key",
                    complexity: "O(1)",
                    tips: ["nondeterministic_output"],
                    keySpecs: [
                        KeySpec(flags: ["RO"], beginSearch: .index(2), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
                    ],
                    handler: ObjectCommands.refcount
                ),
            ],
            handler: KeyCommands.object
        ),
    ]
}
