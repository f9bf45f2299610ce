/// The command table as ACL rules see it: every command and subcommand numbered (Redis's
/// `cmd->id`), with its categories, so a user's permissions are one bit per number.
public struct ACLCommandTable: Sendable {
    /// Redis 7.0's categories in the order of its `ACLCommandCategories` (ACL CAT lists them
    /// so, and the category-fitting of ACL LIST tries them so).
    public static let categories = [
        "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap",
        "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous",
        "connection", "transaction", "scripting",
    ]

    /// One numbered command.
    public struct Command: Sendable {
        /// Lowercase full name: "get", "client|id".
        public let name: String
        /// Bits of `ACLCommandTable.categories`.
        public let categoryBits: UInt32
        /// Numbers of its subcommands (empty for a plain command).
        public let subcommandIDs: [Int]
        /// The container's number, for a subcommand.
        public let parentID: Int?
        /// Runs without authentication (AUTH, HELLO): never denied, as in Redis.
        public let isNoAuth: Bool
    }

    /// Every command, containers before their subcommands, in `Commands.all` order.
    public let commands: [Command]
    private let idsByName: [String: Int]

    /// The shared table over `Commands.all`.
    public static let shared = ACLCommandTable(Commands.all)

    /// Numbers `specs` and their subcommands.
    public init(_ specs: [CommandSpec]) {
        var commands: [Command] = []
        func add(_ spec: CommandSpec, parent: Int?) {
            let id = commands.count
            commands.append(Command(name: spec.name, categoryBits: 0, subcommandIDs: [], parentID: parent,
                                    isNoAuth: spec.flags.contains(.noAuth)))
            let subIDs = spec.subcommands.map { sub -> Int in
                let subID = commands.count
                add(sub, parent: id)
                return subID
            }
            commands[id] = Command(name: spec.name, categoryBits: Self.bits(of: spec.aclCategories),
                                   subcommandIDs: subIDs, parentID: parent, isNoAuth: spec.flags.contains(.noAuth))
        }
        for spec in specs { add(spec, parent: nil) }
        self.commands = commands
        var ids: [String: Int] = [:]
        for (id, command) in commands.enumerated() { ids[command.name] = id }
        idsByName = ids
    }

    /// The number of the command with this full lowercase name ("client|id").
    public func id(of name: String) -> Int? { idsByName[name] }

    /// The bit of a category name (without '@'), or nil if Redis has no such category.
    public static func categoryBit(_ name: String) -> UInt32? {
        categories.firstIndex(of: name).map { UInt32(1) << UInt32($0) }
    }

    /// Numbers of the commands (subcommands included) in a category.
    public func ids(inCategory bit: UInt32) -> [Int] {
        commands.indices.filter { commands[$0].categoryBits & bit != 0 }
    }

    private static func bits(of names: [String]) -> UInt32 {
        var bits: UInt32 = 0
        for name in names { bits |= categoryBit(String(name.dropFirst())) ?? 0 }
        return bits
    }
}
