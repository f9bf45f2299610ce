// The command table entries of SortedSetCommands, as Redis 7.0.15 reports them in COMMAND INFO
// and COMMAND DOCS (arity, flags, key positions, ACL categories, tips, key specs, docs).
import Keyspace
import RESP

extension SortedSetCommands {
    /// This family's entries of `Commands.all`.
    static let specs: [CommandSpec] = [
        CommandSpec(
            name: "zadd", arity: -4,
            flags: [.write, .denyOOM, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@sortedset", "@fast"],
            group: "sorted-set", since: "1.2.0",
            summary: "Add one or more members to a sorted set, or update its score if it already exists",
            complexity: "O(log(N)) for each item added, where N is the number of elements in the sorted set.",
            keySpecs: [
                KeySpec(flags: ["RW", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zadd
        ),
        CommandSpec(
            name: "zincrby", arity: 4,
            flags: [.write, .denyOOM, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@sortedset", "@fast"],
            group: "sorted-set", since: "1.2.0",
            summary: "Increment the score of a member in a sorted set",
            complexity: "O(log(N)) where N is the number of elements in the sorted set.",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zincrby
        ),
        CommandSpec(
            name: "zrem", arity: -3,
            flags: [.write, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@sortedset", "@fast"],
            group: "sorted-set", since: "1.2.0",
            summary: "Remove one or more members from a sorted set",
            complexity: "O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.",
            keySpecs: [
                KeySpec(flags: ["RW", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zrem
        ),
        CommandSpec(
            name: "zcard", arity: 2,
            flags: [.readonly, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@sortedset", "@fast"],
            group: "sorted-set", since: "1.2.0",
            summary: "Get the number of members in a sorted set",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RO"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zcard
        ),
        CommandSpec(
            name: "zscore", arity: 3,
            flags: [.readonly, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@sortedset", "@fast"],
            group: "sorted-set", since: "1.2.0",
            summary: "Get the score associated with the given member in a sorted set",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zscore
        ),
        CommandSpec(
            name: "zmscore", arity: -3,
            flags: [.readonly, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@sortedset", "@fast"],
            group: "sorted-set", since: "6.2.0",
            summary: "Get the score associated with the given members in a sorted set",
            complexity: "O(N) where N is the number of members being requested.",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zmscore
        ),
        CommandSpec(
            name: "zrank", arity: 3,
            flags: [.readonly, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@sortedset", "@fast"],
            group: "sorted-set", since: "2.0.0",
            summary: "Determine the index of a member in a sorted set",
            complexity: "O(log(N))",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zrank
        ),
        CommandSpec(
            name: "zrevrank", arity: 3,
            flags: [.readonly, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@sortedset", "@fast"],
            group: "sorted-set", since: "2.0.0",
            summary: "Determine the index of a member in a sorted set, with scores ordered from high to low",
            complexity: "O(log(N))",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zrevrank
        ),
        CommandSpec(
            name: "zcount", arity: 4,
            flags: [.readonly, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@sortedset", "@fast"],
            group: "sorted-set", since: "2.0.0",
            summary: "Count the members in a sorted set with scores within the given values",
            complexity: "O(log(N)) with N being the number of elements in the sorted set.",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zcount
        ),
        CommandSpec(
            name: "zrange", arity: -4,
            flags: [.readonly], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@sortedset", "@slow"],
            group: "sorted-set", since: "1.2.0",
            summary: "Return a range of members in a sorted set",
            complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zrange
        ),
        CommandSpec(
            name: "zrevrange", arity: -4,
            flags: [.readonly], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@sortedset", "@slow"],
            group: "sorted-set", since: "1.2.0",
            summary: "Return a range of members in a sorted set, by index, with scores ordered from high to low",
            complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zrevrange
        ),
        CommandSpec(
            name: "zrangebyscore", arity: -4,
            flags: [.readonly], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@sortedset", "@slow"],
            group: "sorted-set", since: "1.0.5",
            summary: "Return a range of members in a sorted set, by score",
            complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zrangebyscore
        ),
        CommandSpec(
            name: "zrevrangebyscore", arity: -4,
            flags: [.readonly], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@sortedset", "@slow"],
            group: "sorted-set", since: "2.2.0",
            summary: "Return a range of members in a sorted set, by score, with scores ordered from high to low",
            complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zrevrangebyscore
        ),
        CommandSpec(
            name: "zpopmin", arity: -2,
            flags: [.write, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@sortedset", "@fast"],
            group: "sorted-set", since: "5.0.0",
            summary: "Remove and return members with the lowest scores in a sorted set",
            complexity: "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zpopmin
        ),
        CommandSpec(
            name: "zpopmax", arity: -2,
            flags: [.write, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@sortedset", "@fast"],
            group: "sorted-set", since: "5.0.0",
            summary: "Remove and return members with the highest scores in a sorted set",
            complexity: "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zpopmax
        ),
        CommandSpec(
            name: "zremrangebyrank", arity: 4,
            flags: [.write], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@sortedset", "@slow"],
            group: "sorted-set", since: "2.0.0",
            summary: "Remove all members in a sorted set within the given indexes",
            complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.",
            keySpecs: [
                KeySpec(flags: ["RW", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zremrangebyrank
        ),
        CommandSpec(
            name: "zremrangebyscore", arity: 4,
            flags: [.write], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@sortedset", "@slow"],
            group: "sorted-set", since: "1.2.0",
            summary: "Remove all members in a sorted set within the given scores",
            complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.",
            keySpecs: [
                KeySpec(flags: ["RW", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zremrangebyscore
        ),
    ]
}
