// The command table entries of ExpireCommands, as Redis 7.0.15 reports them in COMMAND INFO and
// COMMAND DOCS (arity, flags, key positions, ACL categories, tips, key specs, docs).
import Keyspace
import RESP

extension ExpireCommands {
    /// This family's entries of `Commands.all`.
    static let specs: [CommandSpec] = [
        CommandSpec(
            name: "expire", arity: -3,
            flags: [.write, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@keyspace", "@write", "@fast"],
            group: "generic", since: "1.0.0",
            summary: "Set a key's time to live in seconds",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ExpireCommands.expire
        ),
        CommandSpec(
            name: "pexpire", arity: -3,
            flags: [.write, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@keyspace", "@write", "@fast"],
            group: "generic", since: "2.6.0",
            summary: "Set a key's time to live in milliseconds",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ExpireCommands.pexpire
        ),
        CommandSpec(
            name: "expireat", arity: -3,
            flags: [.write, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@keyspace", "@write", "@fast"],
            group: "generic", since: "1.2.0",
            summary: "Set the expiration for a key as a UNIX timestamp",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ExpireCommands.expireat
        ),
        CommandSpec(
            name: "pexpireat", arity: -3,
            flags: [.write, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@keyspace", "@write", "@fast"],
            group: "generic", since: "2.6.0",
            summary: "Set the expiration for a key as a UNIX timestamp specified in milliseconds",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ExpireCommands.pexpireat
        ),
        CommandSpec(
            name: "ttl", arity: 2,
            flags: [.readonly, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@keyspace", "@read", "@fast"],
            group: "generic", since: "1.0.0",
            summary: "Get the time to live for a key in seconds",
            complexity: "O(1)",
            tips: ["nondeterministic_output"],
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ExpireCommands.ttl
        ),
        CommandSpec(
            name: "pttl", arity: 2,
            flags: [.readonly, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@keyspace", "@read", "@fast"],
            group: "generic", since: "2.6.0",
            summary: "Get the time to live for a key in milliseconds",
            complexity: "O(1)",
            tips: ["nondeterministic_output"],
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ExpireCommands.pttl
        ),
        CommandSpec(
            name: "expiretime", arity: 2,
            flags: [.readonly, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@keyspace", "@read", "@fast"],
            group: "generic", since: "7.0.0",
            summary: "Get the expiration Unix timestamp for a key",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ExpireCommands.expiretime
        ),
        CommandSpec(
            name: "pexpiretime", arity: 2,
            flags: [.readonly, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@keyspace", "@read", "@fast"],
            group: "generic", since: "7.0.0",
            summary: "Get the expiration Unix timestamp for a key in milliseconds",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RO", "access"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ExpireCommands.pexpiretime
        ),
        CommandSpec(
            name: "persist", arity: 2,
            flags: [.write, .fast], firstKey: 1, lastKey: 1, keyStep: 1,
            aclCategories: ["@keyspace", "@write", "@fast"],
            group: "generic", since: "2.2.0",
            summary: "Remove the expiration from a key",
            complexity: "O(1)",
            keySpecs: [
                KeySpec(flags: ["RW", "update"], beginSearch: .index(1), findKeys: .range(lastKey: 0, keyStep: 1, limit: 0)),
            ],
            handler: ExpireCommands.persist
        ),
    ]
}
