// The command table entries of StringCommands, as Redis 7.0.15 reports them in COMMAND INFO and
// COMMAND DOCS (arity, flags, key positions, ACL categories, tips, key specs, docs).
import Keyspace
import RESP

extension StringCommands {
    /// This family's entries of `Commands.all`.
    static let specs: [CommandSpec] = [
        CommandSpec(
            name: "get", arity: 2,
            flags: [.readonly, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@string", "@fast"],
            group: "string", since: "1.0.0",
            summary: "Get the value of a key",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: StringCommands.get
        ),
        CommandSpec(
            name: "set", arity: -3,
            flags: [.write, .denyOOM], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@string", "@slow"],
            group: "string", since: "1.0.0",
            summary: "Set the string value of a key",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "update", "variable_flags"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0), notes: "RW and ACCESS due to the optional `GET` argument"),
            ],
            handler: StringCommands.set
        ),
        CommandSpec(
            name: "setnx", arity: 3,
            flags: [.write, .denyOOM, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@string", "@fast"],
            group: "string", since: "1.0.0",
            summary: "Set the value of a key, only if the key does not exist",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["OW", "insert"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: StringCommands.setnx
        ),
        CommandSpec(
            name: "setex", arity: 4,
            flags: [.write, .denyOOM], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@string", "@slow"],
            group: "string", since: "2.0.0",
            summary: "Set the value and expiration of a key",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["OW", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: StringCommands.setex
        ),
        CommandSpec(
            name: "psetex", arity: 4,
            flags: [.write, .denyOOM], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@string", "@slow"],
            group: "string", since: "2.6.0",
            summary: "Set the value and expiration in milliseconds of a key",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["OW", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: StringCommands.psetex
        ),
        CommandSpec(
            name: "mget", arity: -2,
            flags: [.readonly, .fast], firstKey: 1, lastKey: -1, keyStep: 1,
            aclCategories: ["@read", "@string", "@fast"],
            group: "string", since: "1.0.0",
            summary: "Get the values of all the given keys",
            complexity: "O(N) where N is the number of keys to retrieve.",
            tips: ["request_policy:multi_shard"],
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: -1, keyStep: 1, limit: 0)),
            ],
            handler: StringCommands.mget
        ),
        CommandSpec(
            name: "mset", arity: -3,
            flags: [.write, .denyOOM], firstKey: 1, lastKey: -1, keyStep: 2,
            aclCategories: ["@write", "@string", "@slow"],
            group: "string", since: "1.0.1",
            summary: "Set multiple keys to multiple values",
            complexity: "O(N) where N is the number of keys to set.",
            tips: ["request_policy:multi_shard", "response_policy:all_succeeded"],
            keySpecs: [
                KeySpec(flags: ["OW", "update"], beginSearch: .index(1), findKeys: .range(lastKey: -1, keyStep: 2, limit: 0)),
            ],
            handler: StringCommands.mset
        ),
        CommandSpec(
            name: "msetnx", arity: -3,
            flags: [.write, .denyOOM], firstKey: 1, lastKey: -1, keyStep: 2,
            aclCategories: ["@write", "@string", "@slow"],
            group: "string", since: "1.0.1",
            summary: "Set multiple keys to multiple values, only if none of the keys exist",
            complexity: "O(N) where N is the number of keys to set.",
            tips: ["request_policy:multi_shard", "response_policy:agg_min"],
            keySpecs: [
                KeySpec(flags: ["OW", "insert"], beginSearch: .index(1), findKeys: .range(lastKey: -1, keyStep: 2, limit: 0)),
            ],
            handler: StringCommands.msetnx
        ),
        CommandSpec(
            name: "getset", arity: 3,
            flags: [.write, .denyOOM, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@string", "@fast"],
            group: "string", since: "1.0.0",
            summary: "Set the string value of a key and return its old value",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: StringCommands.getset
        ),
        CommandSpec(
            name: "getdel", arity: 2,
            flags: [.write, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@string", "@fast"],
            group: "string", since: "6.2.0",
            summary: "Get the value of a key and delete the key",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "delete"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: StringCommands.getdel
        ),
        CommandSpec(
            name: "getex", arity: -2,
            flags: [.write, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@string", "@fast"],
            group: "string", since: "6.2.0",
            summary: "Get the value of a key and optionally set its expiration",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0), notes: "RW and UPDATE because it changes the TTL"),
            ],
            handler: StringCommands.getex
        ),
        CommandSpec(
            name: "append", arity: 3,
            flags: [.write, .denyOOM, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@string", "@fast"],
            group: "string", since: "2.0.0",
            summary: "Append a value to a key",
            complexity: "O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.",
            keySpecs: [
                KeySpec(flags: ["RW", "insert"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: StringCommands.append
        ),
        CommandSpec(
            name: "strlen", arity: 2,
            flags: [.readonly, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@string", "@fast"],
            group: "string", since: "2.2.0",
            summary: "Get the length of the value stored in a key",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RO"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: StringCommands.strlen
        ),
        CommandSpec(
            name: "incr", arity: 2,
            flags: [.write, .denyOOM, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@string", "@fast"],
            group: "string", since: "1.0.0",
            summary: "Increment the integer value of a key by one",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: StringCommands.incr
        ),
        CommandSpec(
            name: "decr", arity: 2,
            flags: [.write, .denyOOM, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@string", "@fast"],
            group: "string", since: "1.0.0",
            summary: "Decrement the integer value of a key by one",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: StringCommands.decr
        ),
        CommandSpec(
            name: "incrby", arity: 3,
            flags: [.write, .denyOOM, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@string", "@fast"],
            group: "string", since: "1.0.0",
            summary: "Increment the integer value of a key by the given amount",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: StringCommands.incrby
        ),
        CommandSpec(
            name: "decrby", arity: 3,
            flags: [.write, .denyOOM, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@string", "@fast"],
            group: "string", since: "1.0.0",
            summary: "Decrement the integer value of a key by the given number",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: StringCommands.decrby
        ),
        CommandSpec(
            name: "incrbyfloat", arity: 3,
            flags: [.write, .denyOOM, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@string", "@fast"],
            group: "string", since: "2.6.0",
            summary: "Increment the float value of a key by the given amount",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "access", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: StringCommands.incrbyfloat
        ),
        CommandSpec(
            name: "getrange", arity: 4,
            flags: [.readonly], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@string", "@slow"],
            group: "string", since: "2.4.0",
            summary: "Get a substring of the string stored at a key",
            complexity: "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: StringCommands.getrange
        ),
        CommandSpec(
            name: "setrange", arity: 4,
            flags: [.write, .denyOOM], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@write", "@string", "@slow"],
            group: "string", since: "2.2.0",
            summary: "Overwrite part of a string at key starting at the specified offset",
            complexity: "O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.",
            keySpecs: [
                KeySpec(flags: ["RW", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: StringCommands.setrange
        ),
        CommandSpec(
            name: "substr", arity: 4,
            flags: [.readonly], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@read", "@string", "@slow"],
            group: "string", since: "1.0.0",
            summary: "Get a substring of the string stored at a key",
            complexity: "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: StringCommands.substr
        ),
        CommandSpec(
            name: "lcs", arity: -3,
            flags: [.readonly], firstKey: 1, lastKey: 2, keyStep: 1,
            aclCategories: ["@read", "@string", "@slow"],
            group: "string", since: "7.0.0",
            summary: "Find longest common substring",
            complexity: "O(N*M) where N and M are the lengths of s1 and s2, respectively",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 1, keyStep: 1, limit: 0)),
            ],
            handler: StringCommands.lcs
        ),
    ]
}
