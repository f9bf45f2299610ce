import RESP

/// PING ECHO HELLO AUTH SELECT QUIT RESET: the session's own commands.
extension Server {
    func ping(_ client: Client) {
        // PING's arity is -1 but it takes at most one message (Redis's `pingCommand`).
        if client.arguments.count > 2 {
            client.output.error("ERR wrong number of arguments for 'ping' command")
        } else if client.subscriptions > 0 && client.protocolVersion == .resp2 {
            // Subscribed mode: a reply shaped like a message (Redis's pingCommand).
            client.output.arrayHeader(2)
            client.output.bulk("pong")
            client.output.bulk(client.arguments.count == 2 ? client.arguments[1] : [])
        } else if client.arguments.count == 1 {
            client.output.simpleString("PONG")
        } else {
            client.output.bulk(client.arguments[1])
        }
    }

    /// `HELLO [protover [AUTH user pass] [SETNAME name]]`, as Redis 7.0's `helloCommand`.
    func hello(_ client: Client) {
        let arguments = client.arguments
        var version: Int?
        var index = 1
        if arguments.count >= 2 {
            guard let parsed = Int(arguments.string(1)), String(parsed) == arguments.string(1) else {
                client.output.error("ERR Protocol version is not an integer or out of range")
                return
            }
            guard parsed == 2 || parsed == 3 else {
                client.output.error("NOPROTO unsupported protocol version")
                return
            }
            version = parsed
            index = 2
        }
        var credentials: (user: String, password: ArraySlice<UInt8>)?
        var newName: ArraySlice<UInt8>?
        while index < arguments.count {
            let remaining = arguments.count - 1 - index
            if arguments.matches(index, "auth") && remaining >= 2 {
                credentials = (arguments.string(index + 1), arguments[index + 2])
                index += 3
            } else if arguments.matches(index, "setname") && remaining >= 1 {
                newName = arguments[index + 1]
                index += 2
            } else {
                client.output.error("ERR Syntax error in HELLO option '\(arguments.string(index))'")
                return
            }
        }
        if let credentials {
            guard authenticate(client, user: credentials.user, password: credentials.password) else {
                client.output.error("WRONGPASS invalid username-password pair or user is disabled.")
                return
            }
        }
        guard client.authenticated else {
            client.output.error("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time")
            return
        }
        if let newName {
            guard setName(client, newName) else { return }
        }
        if let version { client.protocolVersion = version == 3 ? .resp3 : .resp2 }
        client.output.mapHeader(7)
        client.output.bulk("server")
        client.output.bulk("redis")
        client.output.bulk("version")
        client.output.bulk(SkiffVersion.redisCompatible)
        client.output.bulk("proto")
        client.output.integer(client.protocolVersion.rawValue)
        client.output.bulk("id")
        client.output.integer(client.id)
        client.output.bulk("mode")
        client.output.bulk("standalone")
        client.output.bulk("role")
        client.output.bulk("master")
        client.output.bulk("modules")
        client.output.arrayHeader(0)
    }

    /// `AUTH [user] password`: logs in as an ACL user (`default` when no user is given).
    func auth(_ client: Client) {
        let arguments = client.arguments
        guard arguments.count <= 3 else {
            client.output.error("ERR syntax error")
            return
        }
        if arguments.count == 2 && defaultUserNeedsNoPassword {
            client.output.error("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?")
            return
        }
        let user = arguments.count == 3 ? arguments.string(1) : "default"
        if authenticate(client, user: user, password: arguments[arguments.count - 1]) {
            client.output.ok()
        } else {
            client.output.error("WRONGPASS invalid username-password pair or user is disabled.")
        }
    }

    func select(_ client: Client) {
        guard let index = Int(client.arguments.string(1)), String(index) == client.arguments.string(1) else {
            client.output.error("ERR value is not an integer or out of range")
            return
        }
        guard index >= 0 && index < keyspace.databaseCount else {
            client.output.error("ERR DB index is out of range")
            return
        }
        client.database = index
        client.output.ok()
    }

    func quit(_ client: Client) {
        client.output.ok()
        client.closeAfterReply = true
    }

    /// Back to a fresh connection's state: RESP2, DB 0, no name, default user.
    func reset(_ client: Client) {
        unsubscribeAll(client)
        disableTracking(client)
        client.database = 0
        client.protocolVersion = .resp2
        client.name = []
        client.noEvict = false
        client.user = "default"
        client.aclVersion = -1
        client.authenticated = defaultUserNeedsNoPassword
        client.transaction = nil
        client.watchedKeys.removeAll()
        client.output.simpleString("RESET")
    }

    /// Sets the connection name, or answers Redis's error for a bad one.
    func setName(_ client: Client, _ name: ArraySlice<UInt8>) -> Bool {
        // Redis allows only printable ASCII other than space: '!' through '~'.
        guard name.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
            client.output.error("ERR Client names cannot contain spaces, newlines or special characters.")
            return false
        }
        client.name = Array(name)
        return true
    }
}
