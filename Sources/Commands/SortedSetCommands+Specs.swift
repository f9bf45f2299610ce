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
            name: "zlexcount", arity: 4,
            flags: [.readonly, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@sortedset", "@fast"],
            group: "sorted-set", since: "2.8.9",
            summary: "Count the number of members in a sorted set between a given lexicographical range",
            complexity: "O(log(N)) with N being the number of elements in the sorted set.",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zlexcount
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
            name: "zrangestore", arity: -5,
            flags: [.write, .denyOOM], firstKey: 1, lastKey: 2, keyStep: 1,
            aclCategories: ["@write", "@sortedset", "@slow"],
            group: "sorted-set", since: "6.2.0",
            summary: "Store a range of members from sorted set into another key",
            complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.",
            keySpecs: [
                KeySpec(flags: ["OW", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
                KeySpec(flags: ["RO", "access"], beginSearch: .index(2), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zrangestore
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
            name: "zrangebylex", arity: -4,
            flags: [.readonly], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@sortedset", "@slow"],
            group: "sorted-set", since: "2.8.9",
            summary: "Return a range of members in a sorted set, by lexicographical range",
            complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zrangebylex
        ),
        CommandSpec(
            name: "zrevrangebylex", arity: -4,
            flags: [.readonly], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@sortedset", "@slow"],
            group: "sorted-set", since: "2.8.9",
            summary: "Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.",
            complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zrevrangebylex
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
            name: "zmpop", arity: -4,
            flags: [.write, .movableKeys], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@write", "@sortedset", "@slow"],
            group: "sorted-set", since: "7.0.0",
            summary: "Remove and return members with scores in a sorted set",
            complexity: "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "delete"], beginSearch: .index(1), findKeys: .keyNumber(index: 0, firstKey: 1, keyStep: 1)),
            ],
            handler: SortedSetCommands.zmpop
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
        CommandSpec(
            name: "zremrangebylex", arity: 4,
            flags: [.write], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@sortedset", "@slow"],
            group: "sorted-set", since: "2.8.9",
            summary: "Remove all members in a sorted set between the given lexicographical range",
            complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.",
            keySpecs: [
                KeySpec(flags: ["RW", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zremrangebylex
        ),
        CommandSpec(
            name: "zunion", arity: -3,
            flags: [.readonly, .movableKeys], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@read", "@sortedset", "@slow"],
            group: "sorted-set", since: "6.2.0",
            summary: "Add multiple sorted sets",
            complexity: "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .keyNumber(index: 0, firstKey: 1, keyStep: 1)),
            ],
            handler: SortedSetCommands.zunion
        ),
        CommandSpec(
            name: "zinter", arity: -3,
            flags: [.readonly, .movableKeys], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@read", "@sortedset", "@slow"],
            group: "sorted-set", since: "6.2.0",
            summary: "Intersect multiple sorted sets",
            complexity: "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .keyNumber(index: 0, firstKey: 1, keyStep: 1)),
            ],
            handler: SortedSetCommands.zinter
        ),
        CommandSpec(
            name: "zdiff", arity: -3,
            flags: [.readonly, .movableKeys], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@read", "@sortedset", "@slow"],
            group: "sorted-set", since: "6.2.0",
            summary: "Subtract multiple sorted sets",
            complexity: "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .keyNumber(index: 0, firstKey: 1, keyStep: 1)),
            ],
            handler: SortedSetCommands.zdiff
        ),
        CommandSpec(
            name: "zunionstore", arity: -4,
            flags: [.write, .denyOOM, .movableKeys], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@sortedset", "@slow"],
            group: "sorted-set", since: "2.0.0",
            summary: "Add multiple sorted sets and store the resulting sorted set in a new key",
            complexity: "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.",
            keySpecs: [
                KeySpec(flags: ["OW", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
                KeySpec(flags: ["RO", "access"], beginSearch: .index(2), findKeys: .keyNumber(index: 0, firstKey: 1, keyStep: 1)),
            ],
            handler: SortedSetCommands.zunionstore
        ),
        CommandSpec(
            name: "zinterstore", arity: -4,
            flags: [.write, .denyOOM, .movableKeys], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@sortedset", "@slow"],
            group: "sorted-set", since: "2.0.0",
            summary: "Intersect multiple sorted sets and store the resulting sorted set in a new key",
            complexity: "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.",
            keySpecs: [
                KeySpec(flags: ["OW", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
                KeySpec(flags: ["RO", "access"], beginSearch: .index(2), findKeys: .keyNumber(index: 0, firstKey: 1, keyStep: 1)),
            ],
            handler: SortedSetCommands.zinterstore
        ),
        CommandSpec(
            name: "zdiffstore", arity: -4,
            flags: [.write, .denyOOM, .movableKeys], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@sortedset", "@slow"],
            group: "sorted-set", since: "6.2.0",
            summary: "Subtract multiple sorted sets and store the resulting sorted set in a new key",
            complexity: "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.",
            keySpecs: [
                KeySpec(flags: ["OW", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
                KeySpec(flags: ["RO", "access"], beginSearch: .index(2), findKeys: .keyNumber(index: 0, firstKey: 1, keyStep: 1)),
            ],
            handler: SortedSetCommands.zdiffstore
        ),
        CommandSpec(
            name: "zintercard", arity: -3,
            flags: [.readonly, .movableKeys], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@read", "@sortedset", "@slow"],
            group: "sorted-set", since: "7.0.0",
            summary: "Intersect multiple sorted sets and return the cardinality of the result",
            complexity: "O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .keyNumber(index: 0, firstKey: 1, keyStep: 1)),
            ],
            handler: SortedSetCommands.zintercard
        ),
        CommandSpec(
            name: "zrandmember", arity: -2,
            flags: [.readonly], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@sortedset", "@slow"],
            group: "sorted-set", since: "6.2.0",
            summary: "Get one or multiple random elements from a sorted set",
            complexity: "O(N) where N is the number of elements returned",
            tips: ["nondeterministic_output"],
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zrandmember
        ),
        CommandSpec(
            name: "zscan", arity: -3,
            flags: [.readonly], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@sortedset", "@slow"],
            group: "sorted-set", since: "2.8.0",
            summary: "Incrementally iterate sorted sets elements and associated scores",
            complexity: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..",
            tips: ["nondeterministic_output"],
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: SortedSetCommands.zscan
        ),
    ]
}
