import RESP

/// ACL changes as log entries. The node where a client sent ACL SETUSER, DELUSER or LOAD
/// validates it, then the change is applied by `apply` — on a replicated node on every node
/// in log order, so all enforce the same users. ACL LOAD travels as `ACL LOAD <file text>`
/// (the origin read the file), so every node loads the same users.
extension ACLUsers {
    /// Whether `arguments` is an ACL change this type applies.
    public static func isChange(_ arguments: Arguments) -> Bool {
        guard arguments.count >= 3, arguments.matches(0, "acl") else { return false }
        return arguments.matches(1, "setuser") || arguments.matches(1, "deluser") || arguments.matches(1, "load")
    }

    /// Applies a logged ACL change and writes its reply; whether users changed.
    @discardableResult
    public func apply(_ arguments: Arguments, reply: inout ReplyWriter) -> Bool {
        switch arguments.string(1).lowercased() {
        case "setuser":
            let rules = (3..<arguments.count).map { arguments[$0] }
            switch updated(arguments.string(2), rules: rules) {
            case .success(let user):
                store(user)
                reply.ok()
                return true
            case .failure(let error):
                reply.error(error.text)
                return false
            }
        case "deluser":
            let names = (2..<arguments.count).map { arguments.string($0) }
            switch delete(names) {
            case .success(let count):
                reply.integer(count)
                return true
            case .failure(let error):
                reply.error(error.text)
                return false
            }
        default:
            switch Self.parseFile(Array(arguments[2]), path: "aclfile", table: table) {
            case .success(let users):
                replaceAll(with: users)
                reply.ok()
                return true
            case .failure(let error):
                reply.error(error.text)
                return false
            }
        }
    }
}
