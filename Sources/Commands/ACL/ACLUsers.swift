import RESP

/// Every ACL user of a node, shared by the server (AUTH, checks) and, on a replicated node,
/// the state machine that applies ACL SETUSER/DELUSER/LOAD from the log, so every node
/// holds the same users. Pure: reading and writing the ACL file is the server's job.
public final class ACLUsers {
    /// Users by name; ACL LIST and USERS show them sorted, as Redis's radix tree does.
    public private(set) var byName: [String: ACLUser]
    /// Bumped on every change: a client re-reads its user when it differs.
    public private(set) var version = 0
    public let table: ACLCommandTable

    /// A fresh server's users: only `default`.
    public init(table: ACLCommandTable = .shared) {
        self.table = table
        byName = ["default": .makeDefault(table: table)]
    }

    /// Users sorted by name.
    public var sorted: [ACLUser] {
        byName.values.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
    }

    public subscript(name: String) -> ACLUser? { byName[name] }

    /// Redis's check on names: no spaces, no NUL.
    public static func isValidName(_ name: [UInt8]) -> Bool {
        !name.contains(UInt8(ascii: " ")) && !name.contains(0)
    }

    /// `name` with `rules` applied to it (a new user if none): all rules or none, as ACL
    /// SETUSER does. The error is Redis's whole reply text.
    public func updated(_ name: String, rules: [ArraySlice<UInt8>]) -> Result<ACLUser, ACLCommandError> {
        guard Self.isValidName(Array(name.utf8)) else { return .failure(.message("ERR Usernames can't contain spaces or null characters")) }
        var user = byName[name] ?? ACLUser(name: name, table: table)
        for rule in rules {
            do {
                try user.apply(rule, table: table)
            } catch {
                return .failure(.message("ERR Error in ACL SETUSER modifier '\(String(decoding: rule, as: UTF8.self))': \(error.message)"))
            }
        }
        return .success(user)
    }

    /// Stores `user` (ACL SETUSER once validated).
    public func store(_ user: ACLUser) {
        byName[user.name] = user
        version += 1
    }

    /// Why ACL DELUSER of `names` is refused, if it is: `default` cannot go.
    public static func deletionError(_ names: [String]) -> ACLCommandError? {
        names.contains("default") ? .message("ERR The 'default' user cannot be removed") : nil
    }

    /// ACL DELUSER: how many of `names` existed.
    public func delete(_ names: [String]) -> Result<Int, ACLCommandError> {
        if let error = Self.deletionError(names) { return .failure(error) }
        var deleted = 0
        for name in Set(names) where byName.removeValue(forKey: name) != nil { deleted += 1 }
        version += 1
        return .success(deleted)
    }

    /// ACL LOAD: the file's users replace all; `default` is recreated if the file has none.
    public func replaceAll(with users: [ACLUser]) {
        byName = ["default": .makeDefault(table: table)]
        for user in users { byName[user.name] = user }
        version += 1
    }

    /// `requirepass`: the default user's only password, or `nopass` when empty (Redis's
    /// `ACLUpdateDefaultUserPassword`).
    public func setDefaultPassword(_ password: [UInt8]) {
        var user = byName["default"] ?? .makeDefault(table: table)
        try! user.apply("resetpass".utf8, table: table)  // valid by construction
        try! user.apply(password.isEmpty ? Array("nopass".utf8) : [UInt8(ascii: ">")] + password, table: table)
        store(user)
    }
}

/// An ACL command's error reply text.
public enum ACLCommandError: Error, Equatable {
    case message(String)

    public var text: String {
        switch self { case .message(let text): text }
    }
}
