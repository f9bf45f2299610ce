// The command table entries of SetCommands, as Redis 7.0.15 reports them in COMMAND INFO and
// COMMAND DOCS (arity, flags, key positions, ACL categories, tips, key specs, docs).
import Keyspace
import RESP

extension SetCommands {
    /// This family's entries of `Commands.all`.
    static let specs: [CommandSpec] = [
        CommandSpec(
            name: "sadd", arity: -3,
            flags: [.write, .denyOOM, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@set", "@fast"],
            group: "set", since: "1.0.0",
            summary: "Add one or more members to a set",
            complexity: "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
            keySpecs: [
                KeySpec(flags: ["RW", "insert"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SetCommands.sadd
        ),
        CommandSpec(
            name: "srem", arity: -3,
            flags: [.write, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@set", "@fast"],
            group: "set", since: "1.0.0",
            summary: "Remove one or more members from a set",
            complexity: "O(N) where N is the number of members to be removed.",
            keySpecs: [
                KeySpec(flags: ["RW", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SetCommands.srem
        ),
        CommandSpec(
            name: "smembers", arity: 2,
            flags: [.readonly], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@set", "@slow"],
            group: "set", since: "1.0.0",
            summary: "Get all the members in a set",
            complexity: "O(N) where N is the set cardinality.",
            tips: ["nondeterministic_output_order"],
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SetCommands.smembers
        ),
        CommandSpec(
            name: "sismember", arity: 3,
            flags: [.readonly, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@set", "@fast"],
            group: "set", since: "1.0.0",
            summary: "Determine if a given value is a member of a set",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RO"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SetCommands.sismember
        ),
        CommandSpec(
            name: "smismember", arity: -3,
            flags: [.readonly, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@set", "@fast"],
            group: "set", since: "6.2.0",
            summary: "Returns the membership associated with the given elements for a set",
            complexity: "O(N) where N is the number of elements being checked for membership",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SetCommands.smismember
        ),
        CommandSpec(
            name: "scard", arity: 2,
            flags: [.readonly, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@set", "@fast"],
            group: "set", since: "1.0.0",
            summary: "Get the number of members in a set",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RO"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SetCommands.scard
        ),
        CommandSpec(
            name: "smove", arity: 4,
            flags: [.write, .fast], firstKey: 1, lastKey: 2, keyStep: 1,
            aclCategories: ["@write", "@set", "@fast"],
            group: "set", since: "1.0.0",
            summary: "Move a member from one set to another",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
                KeySpec(flags: ["RW", "insert"], beginSearch: .index(2), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SetCommands.smove
        ),
        CommandSpec(
            name: "spop", arity: -2,
            flags: [.write, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@set", "@fast"],
            group: "set", since: "1.0.0",
            summary: "Remove and return one or multiple random members from a set",
            complexity: "Without the count argument O(1), otherwise O(N) where N is the value of the passed count.",
            tips: ["nondeterministic_output"],
            keySpecs: [
                KeySpec(flags: ["RW", "access", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SetCommands.spop
        ),
        CommandSpec(
            name: "srandmember", arity: -2,
            flags: [.readonly], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@set", "@slow"],
            group: "set", since: "1.0.0",
            summary: "Get one or multiple random members from a set",
            complexity: "Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.",
            tips: ["nondeterministic_output"],
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SetCommands.srandmember
        ),
        CommandSpec(
            name: "sinter", arity: -2,
            flags: [.readonly], firstKey: 1, lastKey: -1, keyStep: 1,
            aclCategories: ["@read", "@set", "@slow"],
            group: "set", since: "1.0.0",
            summary: "Intersect multiple sets",
            complexity: "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.",
            tips: ["nondeterministic_output_order"],
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: -1, keyStep: 1, limit: 0)),
            ],
            handler: SetCommands.sinter
        ),
        CommandSpec(
            name: "sinterstore", arity: -3,
            flags: [.write, .denyOOM], firstKey: 1, lastKey: -1, keyStep: 1,
            aclCategories: ["@write", "@set", "@slow"],
            group: "set", since: "1.0.0",
            summary: "Intersect multiple sets and store the resulting set in a key",
            complexity: "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.",
            keySpecs: [
                KeySpec(flags: ["RW", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
                KeySpec(flags: ["RO", "access"], beginSearch: .index(2), findKeys: .range(lastKey: -1, keyStep: 1, limit: 0)),
            ],
            handler: SetCommands.sinterstore
        ),
        CommandSpec(
            name: "sintercard", arity: -3,
            flags: [.readonly, .movableKeys], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@read", "@set", "@slow"],
            group: "set", since: "7.0.0",
            summary: "Intersect multiple sets and return the cardinality of the result",
            complexity: "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .keyNumber(index: 0, firstKey: 1, keyStep: 1)),
            ],
            handler: SetCommands.sintercard
        ),
        CommandSpec(
            name: "sunion", arity: -2,
            flags: [.readonly], firstKey: 1, lastKey: -1, keyStep: 1,
            aclCategories: ["@read", "@set", "@slow"],
            group: "set", since: "1.0.0",
            summary: "Add multiple sets",
            complexity: "O(N) where N is the total number of elements in all given sets.",
            tips: ["nondeterministic_output_order"],
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: -1, keyStep: 1, limit: 0)),
            ],
            handler: SetCommands.sunion
        ),
        CommandSpec(
            name: "sunionstore", arity: -3,
            flags: [.write, .denyOOM], firstKey: 1, lastKey: -1, keyStep: 1,
            aclCategories: ["@write", "@set", "@slow"],
            group: "set", since: "1.0.0",
            summary: "Add multiple sets and store the resulting set in a key",
            complexity: "O(N) where N is the total number of elements in all given sets.",
            keySpecs: [
                KeySpec(flags: ["OW", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
                KeySpec(flags: ["RO", "access"], beginSearch: .index(2), findKeys: .range(lastKey: -1, keyStep: 1, limit: 0)),
            ],
            handler: SetCommands.sunionstore
        ),
        CommandSpec(
            name: "sdiff", arity: -2,
            flags: [.readonly], firstKey: 1, lastKey: -1, keyStep: 1,
            aclCategories: ["@read", "@set", "@slow"],
            group: "set", since: "1.0.0",
            summary: "Subtract multiple sets",
            complexity: "O(N) where N is the total number of elements in all given sets.",
            tips: ["nondeterministic_output_order"],
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: -1, keyStep: 1, limit: 0)),
            ],
            handler: SetCommands.sdiff
        ),
        CommandSpec(
            name: "sdiffstore", arity: -3,
            flags: [.write, .denyOOM], firstKey: 1, lastKey: -1, keyStep: 1,
            aclCategories: ["@write", "@set", "@slow"],
            group: "set", since: "1.0.0",
            summary: "Subtract multiple sets and store the resulting set in a key",
            complexity: "O(N) where N is the total number of elements in all given sets.",
            keySpecs: [
                KeySpec(flags: ["OW", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
                KeySpec(flags: ["RO", "access"], beginSearch: .index(2), findKeys: .range(lastKey: -1, keyStep: 1, limit: 0)),
            ],
            handler: SetCommands.sdiffstore
        ),
        CommandSpec(
            name: "sscan", arity: -3,
            flags: [.readonly], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@set", "@slow"],
            group: "set", since: "2.8.0",
            summary: "Incrementally iterate Set elements",
            complexity: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..",
            tips: ["nondeterministic_output"],
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SetCommands.sscan
        ),
    ]
}
