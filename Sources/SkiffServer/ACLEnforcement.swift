import Commands
import Glibc
import SystemCalls
import RESP

/// ACL at the edge: the per-command check (DESIGN §3 step 3), the ACL log, logins, and
/// ACL LOG/LOAD/SAVE, which touch the node's own log and files.
extension Server {
    /// Checks the client's user may run `entry`; if not, answers NOPERM (dooming a MULTI as
    /// Redis's `rejectCommand` does), logs it, and returns true.
    func deniedByACL(_ client: Client, _ entry: CommandEntry) -> Bool {
        if client.aclVersion != aclUsers.version { refreshPermissions(client) }
        guard let user = client.restrictedUser,
              let denial = user.check(client.arguments, spec: entry.spec, id: entry.aclID) else { return false }
        entry.rejectedCalls += 1
        client.lastCommand = entry  // the log's client-info names it, as Redis's `cmd=` does
        let message: String
        switch denial {
        case .command:
            logDenial(client, reason: "command", object: Array(entry.name.utf8), username: client.user)
            message = "NOPERM this user has no permissions to run the '\(entry.name)' command"
        case .key(let index):
            logDenial(client, reason: "key", object: Array(client.arguments[index]), username: client.user)
            message = "NOPERM this user has no permissions to access one of the keys used as arguments"
        case .channel(let index):
            logDenial(client, reason: "channel", object: Array(client.arguments[index]), username: client.user)
            message = "NOPERM this user has no permissions to access one of the channels used as arguments"
        }
        reject(client, Array(message.utf8))
        return true
    }

    /// Caches the client's user; nil when it may do anything (the common `default`), so
    /// the check costs one comparison per command.
    func refreshPermissions(_ client: Client) {
        client.aclVersion = aclUsers.version
        let user = aclUsers[client.user] ?? ACLUser(name: client.user, table: aclUsers.table)
        client.restrictedUser = user.isUnrestricted ? nil : user
    }

    /// Whether a new connection starts logged in as `default` (enabled, `nopass`).
    var defaultUserNeedsNoPassword: Bool {
        guard let user = aclUsers["default"] else { return false }
        return user.enabled && user.noPassword
    }

    /// AUTH / HELLO AUTH: logs in, or records the failure in ACL LOG (reason `auth`).
    func authenticate(_ client: Client, user name: String, password: ArraySlice<UInt8>) -> Bool {
        guard let user = aclUsers[name], user.accepts(password: Array(password)) else {
            logDenial(client, reason: "auth", object: Array(client.arguments[0]), username: name)
            return false
        }
        client.authenticated = true
        client.user = name
        client.aclVersion = -1
        return true
    }

    func logDenial(_ client: Client, reason: String, object: [UInt8], username: String) {
        aclLog.add(ACLLog.Entry(
            count: 1, reason: reason, context: client.transaction != nil ? "multi" : "toplevel", object: object,
            username: username, createdMs: Clock.wallMs(), clientInfo: describe(client)),
            maxEntries: config.integer("acllog-max-len"))
    }

    /// `ACL LOG [count | RESET]`.
    func aclLogCommand(_ client: Client) {
        let arguments = client.arguments
        guard arguments.count <= 3 else {
            return client.output.error("ERR unknown subcommand or wrong number of arguments for '\(arguments.string(1))'. Try ACL HELP.")
        }
        var count = aclLog.entries.count
        if arguments.count == 3 {
            if arguments.matches(2, "reset") {
                aclLog.reset()
                return client.output.ok()
            }
            guard let parsed = Int(arguments.string(2)), String(parsed) == arguments.string(2), parsed >= 0 else {
                return client.output.error("ERR value is not an integer or out of range")
            }
            count = min(count, parsed)
        }
        let nowMs = Clock.wallMs()
        client.output.arrayHeader(count)
        for entry in aclLog.entries.prefix(count) {
            client.output.mapHeader(7)
            client.output.bulk("count")
            client.output.integer(entry.count)
            for (field, value) in [("reason", entry.reason), ("context", entry.context)] {
                client.output.bulk(field)
                client.output.bulk(value)
            }
            client.output.bulk("object")
            client.output.bulk(entry.object)
            client.output.bulk("username")
            client.output.bulk(entry.username)
            client.output.bulk("age-seconds")
            client.output.double(Double(nowMs - entry.createdMs) / 1000)
            client.output.bulk("client-info")
            client.output.bulk(entry.clientInfo)
        }
    }

    static let noACLFileError = "ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration."

    /// `ACL LOAD`: reads `aclfile` here, checks it, then every node loads the same users.
    func aclLoad(_ client: Client) {
        let path = config["aclfile"]
        guard !path.isEmpty else { return client.output.error(Self.noACLFileError) }
        let text: [UInt8]
        switch Self.readACLFile(path) {
        case .success(let bytes): text = bytes
        case .failure(let error): return client.output.error(error.text)
        }
        if case .failure(let error) = ACLUsers.parseFile(text, path: path) { return client.output.error(error.text) }
        submitACLChange(Arguments([Array("ACL".utf8), Array("LOAD".utf8), text]), client)
    }

    /// `ACL SAVE`: writes every user to `aclfile` (a temporary file renamed over it).
    func aclSave(_ client: Client) {
        let path = config["aclfile"]
        guard !path.isEmpty else { return client.output.error(Self.noACLFileError) }
        let temporary = path + ".tmp-\(getpid())"
        let text = aclUsers.fileText()
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        var saved = fd >= 0
        if saved {
            saved = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == text.count && fsync(fd) == 0
            Glibc.close(fd)
            saved = saved && rename(temporary, path) == 0
        }
        guard saved else {
            logger.warning("Opening temp ACL file for ACL SAVE: \(String(cString: strerror(errno)))")
            unlink(temporary)
            return client.output.error("ERR There was an error trying to save the ACLs. Please check the server logs for more information")
        }
        client.output.ok()
    }

    /// The ACL file's bytes, or Redis's error for a file it cannot open.
    static func readACLFile(_ path: String) -> Result<[UInt8], ACLCommandError> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            return .failure(.message("ERR Error loading ACLs, opening file '\(path)': \(String(cString: strerror(errno)))"))
        }
        defer { Glibc.close(fd) }
        var content: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = read(fd, &chunk, chunk.count)
            if count < 0 { return .failure(.message("ERR Error loading ACLs, reading '\(path)': \(String(cString: strerror(errno)))")) }
            if count == 0 { break }
            content.append(contentsOf: chunk[0..<count])
        }
        return .success(content)
    }
}

extension Server {
    /// A startup problem with users, reported as Redis reports it before exiting.
    struct UserLoadFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Loads the `user` lines of the config file, or the `aclfile`, at startup. Both at
    /// once is refused, with Redis's words.
    func loadUsers() throws(UserLoadFailure) {
        let path = config["aclfile"]
        if !path.isEmpty && !config.users.isEmpty {
            throw UserLoadFailure(description: "Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid. This setup is very likely to lead to configuration errors and security holes, please define either an ACL file or declare users directly in your redis.conf, but not both.")
        }
        for line in config.users {
            switch aclUsers.updated(line[0], rules: line.dropFirst().map { Array($0.utf8)[...] }) {
            case .success(let user): aclUsers.store(user)
            case .failure(let error):
                throw UserLoadFailure(description: "Error in user declaration '\(line[0])': \(error.text)")
            }
        }
        guard !path.isEmpty else { return }
        let parsed = Self.readACLFile(path).flatMap { ACLUsers.parseFile($0, path: path) }
        switch parsed {
        case .success(let users): aclUsers.replaceAll(with: users)
        case .failure(let error):
            throw UserLoadFailure(description: "Aborting Redis startup because of ACL errors: \(error.text.dropFirst(4))")
        }
    }
}
