// The command table entries of the blocking pops, as Redis 7.0.15 reports them in COMMAND
// INFO and COMMAND DOCS (arity, flags, key positions, ACL categories, key specs).
import Keyspace
import RESP

extension BlockingCommands {
    /// This family's entries of `Commands.all`.
    static let specs: [CommandSpec] = [
        CommandSpec(
            name: "blpop", arity: -3,
            flags: [.write, .noscript, .blocking], firstKey: 1, lastKey: -2, keyStep: 1,
            aclCategories: ["@write", "@list", "@slow", "@blocking"],
            group: "list", since: "2.0.0",
            summary: "Remove and get the first element in a list, or block until one is available",
            complexity: "O(N) where N is the number of provided keys.",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: -2, keyStep: 1, limit: 0)),
            ],
            handler: BlockingCommands.blpop
        ),
        CommandSpec(
            name: "brpop", arity: -3,
            flags: [.write, .noscript, .blocking], firstKey: 1, lastKey: -2, keyStep: 1,
            aclCategories: ["@write", "@list", "@slow", "@blocking"],
            group: "list", since: "2.0.0",
            summary: "Remove and get the last element in a list, or block until one is available",
            complexity: "O(N) where N is the number of provided keys.",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: -2, keyStep: 1, limit: 0)),
            ],
            handler: BlockingCommands.brpop
        ),
        CommandSpec(
            name: "brpoplpush", arity: 4,
            flags: [.write, .denyOOM, .noscript, .blocking], firstKey: 1, lastKey: 2, keyStep: 1,
            aclCategories: ["@write", "@list", "@slow", "@blocking"],
            group: "list", since: "2.2.0",
            summary: "Pop an element from a list, push it to another list and return it; or block until one is available",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
                KeySpec(flags: ["RW", "insert"], beginSearch: .index(2), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: BlockingCommands.brpoplpush
        ),
        CommandSpec(
            name: "blmove", arity: 6,
            flags: [.write, .denyOOM, .noscript, .blocking], firstKey: 1, lastKey: 2, keyStep: 1,
            aclCategories: ["@write", "@list", "@slow", "@blocking"],
            group: "list", since: "6.2.0",
            summary: "Pop an element from a list, push it to another list and return it; or block until one is available",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
                KeySpec(flags: ["RW", "insert"], beginSearch: .index(2), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: BlockingCommands.blmove
        ),
        CommandSpec(
            name: "blmpop", arity: -5,
            flags: [.write, .blocking, .movableKeys], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@write", "@list", "@slow", "@blocking"],
            group: "list", since: "7.0.0",
            summary: "Pop elements from a list, or block until one is available",
            complexity: "O(N+M) where N is the number of provided keys and M is the number of elements returned.",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "delete"], beginSearch: .index(2), findKeys: .keyNumber(index: 0, firstKey: 1, keyStep: 1)),
            ],
            handler: BlockingCommands.blmpop
        ),
        CommandSpec(
            name: "bzpopmin", arity: -3,
            flags: [.write, .noscript, .blocking, .fast], firstKey: 1, lastKey: -2, keyStep: 1,
            aclCategories: ["@write", "@sortedset", "@fast", "@blocking"],
            group: "sorted-set", since: "5.0.0",
            summary: "Remove and return the member with the lowest score from one or more sorted sets, or block until one is available",
            complexity: "O(log(N)) with N being the number of elements in the sorted set.",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: -2, keyStep: 1, limit: 0)),
            ],
            handler: BlockingCommands.bzpopmin
        ),
        CommandSpec(
            name: "bzpopmax", arity: -3,
            flags: [.write, .noscript, .blocking, .fast], firstKey: 1, lastKey: -2, keyStep: 1,
            aclCategories: ["@write", "@sortedset", "@fast", "@blocking"],
            group: "sorted-set", since: "5.0.0",
            summary: "Remove and return the member with the highest score from one or more sorted sets, or block until one is available",
            complexity: "O(log(N)) with N being the number of elements in the sorted set.",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: -2, keyStep: 1, limit: 0)),
            ],
            handler: BlockingCommands.bzpopmax
        ),
        CommandSpec(
            name: "bzmpop", arity: -5,
            flags: [.write, .blocking, .movableKeys], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@write", "@sortedset", "@slow", "@blocking"],
            group: "sorted-set", since: "7.0.0",
            summary: "Remove and return members with scores in a sorted set or block until one is available",
            complexity: "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "delete"], beginSearch: .index(2), findKeys: .keyNumber(index: 0, firstKey: 1, keyStep: 1)),
            ],
            handler: BlockingCommands.bzmpop
        ),
    ]
}
