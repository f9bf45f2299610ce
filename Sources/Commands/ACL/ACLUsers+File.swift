/// The ACL file (`aclfile`): one `user <name> <rules...>` line per user, as Redis 7.0's
/// `ACLLoadFromFile` reads and `ACLSaveToFile` writes it.
extension ACLUsers {
    /// The file's text: every user as ACL LIST shows it, one per line.
    public func fileText() -> [UInt8] {
        var text: [UInt8] = []
        for user in sorted {
            text += Array("user ".utf8) + user.description(table: table)
            text.append(UInt8(ascii: "\n"))
        }
        return text
    }

    /// The users of an ACL file, or Redis's error text listing every problem. `path` only
    /// names the file in messages. Empty lines are skipped; Redis 7.0 has no comments.
    public static func parseFile(_ text: [UInt8], path: String, table: ACLCommandTable = .shared) -> Result<[ACLUser], ACLCommandError> {
        var users: [ACLUser] = []
        var errors = ""
        for (offset, rawLine) in text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let words = rawLine.split(whereSeparator: { [0x20, 0x09, 0x0D].contains($0) })
            if words.isEmpty { continue }
            guard words.count >= 2, String(decoding: words[0], as: UTF8.self) == "user" else {
                errors += "\(path):\(lineNumber) should start with user keyword followed by the username. "
                continue
            }
            let name = String(decoding: words[1], as: UTF8.self)
            if users.contains(where: { $0.name == name }) {
                errors += "WARNING: Duplicate user '\(name)' found on line \(lineNumber). "
                continue
            }
            var user = ACLUser(name: name, table: table)
            for rule in words.dropFirst(2) {
                do {
                    try user.apply(rule, table: table)
                } catch {
                    errors += "\(path):\(lineNumber): Error in applying operation '\(String(decoding: rule, as: UTF8.self))': \(error.message). "
                    break
                }
            }
            users.append(user)
        }
        guard errors.isEmpty else {
            return .failure(.message("ERR " + errors + "WARNING: ACL errors detected, no change to the previously active ACL rules was performed"))
        }
        return .success(users)
    }
}
