// The command table entries of ListCommands, as Redis 7.0.15 reports them in COMMAND INFO and
// COMMAND DOCS (arity, flags, key positions, ACL categories, tips, key specs, docs).
import Keyspace
import RESP

extension ListCommands {
    /// This family's entries of `Commands.all`.
    static let specs: [CommandSpec] = [
        CommandSpec(
            name: "lpush", arity: -3,
            flags: [.write, .denyOOM, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@list", "@fast"],
            group: "list", since: "1.0.0",
            summary: "Prepend one or multiple elements to a list",
            complexity: "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
            keySpecs: [
                KeySpec(flags: ["RW", "insert"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ListCommands.lpush
        ),
        CommandSpec(
            name: "rpush", arity: -3,
            flags: [.write, .denyOOM, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@list", "@fast"],
            group: "list", since: "1.0.0",
            summary: "Append one or multiple elements to a list",
            complexity: "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
            keySpecs: [
                KeySpec(flags: ["RW", "insert"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ListCommands.rpush
        ),
        CommandSpec(
            name: "lpushx", arity: -3,
            flags: [.write, .denyOOM, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@list", "@fast"],
            group: "list", since: "2.2.0",
            summary: "Prepend an element to a list, only if the list exists",
            complexity: "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
            keySpecs: [
                KeySpec(flags: ["RW", "insert"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ListCommands.lpushx
        ),
        CommandSpec(
            name: "rpushx", arity: -3,
            flags: [.write, .denyOOM, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@list", "@fast"],
            group: "list", since: "2.2.0",
            summary: "Append an element to a list, only if the list exists",
            complexity: "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
            keySpecs: [
                KeySpec(flags: ["RW", "insert"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ListCommands.rpushx
        ),
        CommandSpec(
            name: "lpop", arity: -2,
            flags: [.write, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@list", "@fast"],
            group: "list", since: "1.0.0",
            summary: "Remove and get the first elements in a list",
            complexity: "O(N) where N is the number of elements returned",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ListCommands.lpop
        ),
        CommandSpec(
            name: "rpop", arity: -2,
            flags: [.write, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@list", "@fast"],
            group: "list", since: "1.0.0",
            summary: "Remove and get the last elements in a list",
            complexity: "O(N) where N is the number of elements returned",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ListCommands.rpop
        ),
        CommandSpec(
            name: "llen", arity: 2,
            flags: [.readonly, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@list", "@fast"],
            group: "list", since: "1.0.0",
            summary: "Get the length of a list",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RO"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ListCommands.llen
        ),
        CommandSpec(
            name: "lindex", arity: 3,
            flags: [.readonly], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@list", "@slow"],
            group: "list", since: "1.0.0",
            summary: "Get an element from a list by its index",
            complexity: "O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ListCommands.lindex
        ),
        CommandSpec(
            name: "lrange", arity: 4,
            flags: [.readonly], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@list", "@slow"],
            group: "list", since: "1.0.0",
            summary: "Get a range of elements from a list",
            complexity: "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ListCommands.lrange
        ),
        CommandSpec(
            name: "lpos", arity: -3,
            flags: [.readonly], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@list", "@slow"],
            group: "list", since: "6.0.6",
            summary: "Return the index of matching elements on a list",
            complexity: "O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ListCommands.lpos
        ),
        CommandSpec(
            name: "lset", arity: 4,
            flags: [.write, .denyOOM], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@list", "@slow"],
            group: "list", since: "1.0.0",
            summary: "Set the value of an element in a list by its index",
            complexity: "O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).",
            keySpecs: [
                KeySpec(flags: ["RW", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ListCommands.lset
        ),
        CommandSpec(
            name: "linsert", arity: 5,
            flags: [.write, .denyOOM], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@list", "@slow"],
            group: "list", since: "2.2.0",
            summary: "Insert an element before or after another element in a list",
            complexity: "O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).",
            keySpecs: [
                KeySpec(flags: ["RW", "insert"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ListCommands.linsert
        ),
        CommandSpec(
            name: "lrem", arity: 4,
            flags: [.write], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@list", "@slow"],
            group: "list", since: "1.0.0",
            summary: "Remove elements from a list",
            complexity: "O(N+M) where N is the length of the list and M is the number of elements removed.",
            keySpecs: [
                KeySpec(flags: ["RW", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ListCommands.lrem
        ),
        CommandSpec(
            name: "ltrim", arity: 4,
            flags: [.write], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@list", "@slow"],
            group: "list", since: "1.0.0",
            summary: "Trim a list to the specified range",
            complexity: "O(N) where N is the number of elements to be removed by the operation.",
            keySpecs: [
                KeySpec(flags: ["RW", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ListCommands.ltrim
        ),
        CommandSpec(
            name: "rpoplpush", arity: 3,
            flags: [.write, .denyOOM], firstKey: 1, lastKey: 2, keyStep: 1,
            aclCategories: ["@write", "@list", "@slow"],
            group: "list", since: "1.2.0",
            summary: "Remove the last element in a list, prepend it to another list and return it",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
                KeySpec(flags: ["RW", "insert"], beginSearch: .index(2), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ListCommands.rpoplpush
        ),
        CommandSpec(
            name: "lmove", arity: 5,
            flags: [.write, .denyOOM], firstKey: 1, lastKey: 2, keyStep: 1,
            aclCategories: ["@write", "@list", "@slow"],
            group: "list", since: "6.2.0",
            summary: "Pop an element from a list, push it to another list and return it",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
                KeySpec(flags: ["RW", "insert"], beginSearch: .index(2), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ListCommands.lmove
        ),
        CommandSpec(
            name: "lmpop", arity: -4,
            flags: [.write, .movableKeys], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@write", "@list", "@slow"],
            group: "list", since: "7.0.0",
            summary: "Pop elements from a list",
            complexity: "O(N+M) where N is the number of provided keys and M is the number of elements returned.",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "delete"], beginSearch: .index(1), findKeys: .keyNumber(index: 0, firstKey: 1, keyStep: 1)),
            ],
            handler: ListCommands.lmpop
        ),
    ]
}
