// The ACL command and its subcommands as Redis 7.0.15 reports them in COMMAND INFO and
// COMMAND DOCS (arity, flags, ACL categories, tips); the server runs them (ACLCommand.swift).

/// ACL: users, their permissions and the ACL log.
public enum ACLCommandSpecs {
    /// This family's entries of `Commands.all`.
    public static let specs: [CommandSpec] = [
        CommandSpec(
            name: "acl", arity: -2,
            flags: [], firstKey: 0, lastKey: 0, keyStep: 0,
            aclCategories: ["@slow"],
            group: "server", since: "6.0.0",
            summary: "A container for Access List Control commands ",
            complexity: "Depends on subcommand.",
            subcommands: [
                CommandSpec(
                    name: "acl|cat", arity: -2,
                    flags: [.noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow"],
                    group: "server", since: "6.0.0",
                    summary: "List the ACL categories or the commands inside a category",
                    complexity: "O(1) since the categories and commands are a fixed set.",
                    handler: nil
                ),
                CommandSpec(
                    name: "acl|deluser", arity: -3,
                    flags: [.admin, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@admin", "@slow", "@dangerous"],
                    group: "server", since: "6.0.0",
                    summary: "Remove the specified ACL users and the associated rules",
                    complexity: "O(1) amortized time considering the typical user.",
                    handler: nil
                ),
                CommandSpec(
                    name: "acl|dryrun", arity: -4,
                    flags: [.admin, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@admin", "@slow", "@dangerous"],
                    group: "server", since: "7.0.0",
                    summary: "Returns whether the user can execute the given command without executing the command.",
                    complexity: "O(1).",
                    handler: nil
                ),
                CommandSpec(
                    name: "acl|genpass", arity: -2,
                    flags: [.noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow"],
                    group: "server", since: "6.0.0",
                    summary: "Generate a pseudorandom secure password to use for ACL users",
                    complexity: "O(1)",
                    handler: nil
                ),
                CommandSpec(
                    name: "acl|getuser", arity: 3,
                    flags: [.admin, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@admin", "@slow", "@dangerous"],
                    group: "server", since: "6.0.0",
                    summary: "Get the rules for a specific ACL user",
                    complexity: "O(N). Where N is the number of password, command and pattern rules that the user has.",
                    handler: nil
                ),
                CommandSpec(
                    name: "acl|help", arity: 2,
                    flags: [.loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow"],
                    group: "server", since: "6.0.0",
                    summary: "Show helpful text about the different subcommands",
                    complexity: "O(1)",
                    handler: nil
                ),
                CommandSpec(
                    name: "acl|list", arity: 2,
                    flags: [.admin, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@admin", "@slow", "@dangerous"],
                    group: "server", since: "6.0.0",
                    summary: "List the current ACL rules in ACL config file format",
                    complexity: "O(N). Where N is the number of configured users.",
                    handler: nil
                ),
                CommandSpec(
                    name: "acl|load", arity: 2,
                    flags: [.admin, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@admin", "@slow", "@dangerous"],
                    group: "server", since: "6.0.0",
                    summary: "Reload the ACLs from the configured ACL file",
                    complexity: "O(N). Where N is the number of configured users.",
                    handler: nil
                ),
                CommandSpec(
                    name: "acl|log", arity: -2,
                    flags: [.admin, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@admin", "@slow", "@dangerous"],
                    group: "server", since: "6.0.0",
                    summary: "List latest events denied because of ACLs in place",
                    complexity: "O(N) with N being the number of entries shown.",
                    handler: nil
                ),
                CommandSpec(
                    name: "acl|save", arity: 2,
                    flags: [.admin, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@admin", "@slow", "@dangerous"],
                    group: "server", since: "6.0.0",
                    summary: "Save the current ACL rules in the configured ACL file",
                    complexity: "O(N). Where N is the number of configured users.",
                    handler: nil
                ),
                CommandSpec(
                    name: "acl|setuser", arity: -3,
                    flags: [.admin, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@admin", "@slow", "@dangerous"],
                    group: "server", since: "6.0.0",
                    summary: "Modify or create the rules for a specific ACL user",
                    complexity: "O(N). Where N is the number of rules provided.",
                    handler: nil
                ),
                CommandSpec(
                    name: "acl|users", arity: 2,
                    flags: [.admin, .noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@admin", "@slow", "@dangerous"],
                    group: "server", since: "6.0.0",
                    summary: "List the username of all the configured ACL rules",
                    complexity: "O(N). Where N is the number of configured users.",
                    handler: nil
                ),
                CommandSpec(
                    name: "acl|whoami", arity: 2,
                    flags: [.noscript, .loading, .stale], firstKey: 0, lastKey: 0, keyStep: 0,
                    aclCategories: ["@slow"],
                    group: "server", since: "6.0.0",
                    summary: "Return the name of the user associated to the current connection",
                    complexity: "O(1)",
                    handler: nil
                ),
            ],
            handler: nil
        ),
    ]
}
