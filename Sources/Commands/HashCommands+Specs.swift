// The command table entries of HashCommands, as Redis 7.0.15 reports them in COMMAND INFO and
// COMMAND DOCS (arity, flags, key positions, ACL categories, tips, key specs, docs).
import Keyspace
import RESP

extension HashCommands {
    /// This family's entries of `Commands.all`.
    static let specs: [CommandSpec] = [
        CommandSpec(
            name: "hset", arity: -4,
            flags: [.write, .denyOOM, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@hash", "@fast"],
            group: "hash", since: "2.0.0",
            summary: "Set the string value of a hash field",
            complexity: "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.",
            keySpecs: [
                KeySpec(flags: ["RW", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: HashCommands.hset
        ),
        CommandSpec(
            name: "hsetnx", arity: 4,
            flags: [.write, .denyOOM, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@hash", "@fast"],
            group: "hash", since: "2.0.0",
            summary: "Set the value of a hash field, only if the field does not exist",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "insert"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: HashCommands.hsetnx
        ),
        CommandSpec(
            name: "hget", arity: 3,
            flags: [.readonly, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@hash", "@fast"],
            group: "hash", since: "2.0.0",
            summary: "Get the value of a hash field",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: HashCommands.hget
        ),
        CommandSpec(
            name: "hmget", arity: -3,
            flags: [.readonly, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@hash", "@fast"],
            group: "hash", since: "2.0.0",
            summary: "Get the values of all the given hash fields",
            complexity: "O(N) where N is the number of fields being requested.",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: HashCommands.hmget
        ),
        CommandSpec(
            name: "hmset", arity: -4,
            flags: [.write, .denyOOM, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@hash", "@fast"],
            group: "hash", since: "2.0.0",
            summary: "Set multiple hash fields to multiple values",
            complexity: "O(N) where N is the number of fields being set.",
            keySpecs: [
                KeySpec(flags: ["RW", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: HashCommands.hmset
        ),
        CommandSpec(
            name: "hdel", arity: -3,
            flags: [.write, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@hash", "@fast"],
            group: "hash", since: "2.0.0",
            summary: "Delete one or more hash fields",
            complexity: "O(N) where N is the number of fields to be removed.",
            keySpecs: [
                KeySpec(flags: ["RW", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: HashCommands.hdel
        ),
        CommandSpec(
            name: "hlen", arity: 2,
            flags: [.readonly, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@hash", "@fast"],
            group: "hash", since: "2.0.0",
            summary: "Get the number of fields in a hash",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RO"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: HashCommands.hlen
        ),
        CommandSpec(
            name: "hstrlen", arity: 3,
            flags: [.readonly, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@hash", "@fast"],
            group: "hash", since: "3.2.0",
            summary: "Get the length of the value of a hash field",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RO"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: HashCommands.hstrlen
        ),
        CommandSpec(
            name: "hexists", arity: 3,
            flags: [.readonly, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@hash", "@fast"],
            group: "hash", since: "2.0.0",
            summary: "Determine if a hash field exists",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RO"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: HashCommands.hexists
        ),
        CommandSpec(
            name: "hkeys", arity: 2,
            flags: [.readonly], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@hash", "@slow"],
            group: "hash", since: "2.0.0",
            summary: "Get all the fields in a hash",
            complexity: "O(N) where N is the size of the hash.",
            tips: ["nondeterministic_output_order"],
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: HashCommands.hkeys
        ),
        CommandSpec(
            name: "hvals", arity: 2,
            flags: [.readonly], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@hash", "@slow"],
            group: "hash", since: "2.0.0",
            summary: "Get all the values in a hash",
            complexity: "O(N) where N is the size of the hash.",
            tips: ["nondeterministic_output_order"],
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: HashCommands.hvals
        ),
        CommandSpec(
            name: "hgetall", arity: 2,
            flags: [.readonly], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@hash", "@slow"],
            group: "hash", since: "2.0.0",
            summary: "Get all the fields and values in a hash",
            complexity: "O(N) where N is the size of the hash.",
            tips: ["nondeterministic_output_order"],
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: HashCommands.hgetall
        ),
        CommandSpec(
            name: "hincrby", arity: 4,
            flags: [.write, .denyOOM, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@hash", "@fast"],
            group: "hash", since: "2.0.0",
            summary: "Increment the integer value of a hash field by the given number",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: HashCommands.hincrby
        ),
        CommandSpec(
            name: "hincrbyfloat", arity: 4,
            flags: [.write, .denyOOM, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@hash", "@fast"],
            group: "hash", since: "2.6.0",
            summary: "Increment the float value of a hash field by the given amount",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: HashCommands.hincrbyfloat
        ),
        CommandSpec(
            name: "hrandfield", arity: -2,
            flags: [.readonly], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@hash", "@slow"],
            group: "hash", since: "6.2.0",
            summary: "Get one or multiple random fields from a hash",
            complexity: "O(N) where N is the number of fields returned",
            tips: ["nondeterministic_output"],
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: HashCommands.hrandfield
        ),
        CommandSpec(
            name: "hscan", arity: -3,
            flags: [.readonly], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@hash", "@slow"],
            group: "hash", since: "2.8.0",
            summary: "Incrementally iterate hash fields and associated values",
            complexity: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..",
            tips: ["nondeterministic_output"],
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: HashCommands.hscan
        ),
    ]
}
