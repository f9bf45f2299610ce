import Commands
import RESP
import Testing

@Suite struct ACLFileTests {
    @Test func roundTrips() throws {
        let users = ACLUsers()
        var alice = ACLUser(name: "alice")
        for rule in ["on", ">pw", "~k*", "%R~r*", "&ch*", "+@hash", "-hdel", "+get"] { try alice.apply(rule.utf8) }
        users.store(alice)
        let text = users.fileText()
        #expect(String(decoding: text, as: UTF8.self) == """
            user alice on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~k* %R~r* resetchannels &ch* -@all +@hash +get -hdel
            user default on nopass ~* &* +@all

            """)
        let parsed = try ACLUsers.parseFile(text, path: "users.acl").get()
        #expect(parsed.map(\.name) == ["alice", "default"])
        #expect(parsed[0] == alice)
    }

    /// Redis 7.0's ACL LOAD text for a file with every kind of mistake.
    @Test func reportsEveryProblem() {
        let text = Array("user a on >x +frob\nfoo bar\n# comment\n\nuser a off\n  user b on  \r\n".utf8)
        #expect(ACLUsers.parseFile(text, path: "/tmp/users.acl") == .failure(.message(
            "ERR /tmp/users.acl:1: Error in applying operation '+frob': Unknown command or category name in ACL. "
            + "/tmp/users.acl:2 should start with user keyword followed by the username. "
            + "/tmp/users.acl:3 should start with user keyword followed by the username. "
            + "WARNING: Duplicate user 'a' found on line 5. "
            + "WARNING: ACL errors detected, no change to the previously active ACL rules was performed")))
    }

    @Test func loadKeepsADefaultUser() throws {
        let users = ACLUsers()
        users.replaceAll(with: try ACLUsers.parseFile(Array("user b on\n".utf8), path: "f").get())
        #expect(users.sorted.map(\.name) == ["b", "default"])
    }

    @Test func logEntriesApplyAllOrNothing() {
        let users = ACLUsers()
        var reply = ReplyWriter()
        #expect(!users.apply(Arguments(strings: ["ACL", "SETUSER", "bob", "on", "+frob"]), reply: &reply))
        #expect(String(decoding: reply.bytes, as: UTF8.self)
                == "-ERR Error in ACL SETUSER modifier '+frob': Unknown command or category name in ACL\r\n")
        #expect(users["bob"] == nil)
        reply = ReplyWriter()
        #expect(users.apply(Arguments(strings: ["ACL", "SETUSER", "bob", "on"]), reply: &reply))
        #expect(users.apply(Arguments(strings: ["ACL", "DELUSER", "bob", "nobody"]), reply: &reply))
        #expect(String(decoding: reply.bytes, as: UTF8.self) == "+OK\r\n:1\r\n")
        #expect(!users.apply(Arguments(strings: ["ACL", "DELUSER", "default"]), reply: &reply))
    }

    @Test func requirepassSetsTheDefaultPassword() {
        let users = ACLUsers()
        users.setDefaultPassword(Array("foo".utf8))
        #expect(String(decoding: users["default"]!.description(), as: UTF8.self)
                == "default on #2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae ~* &* +@all")
        users.setDefaultPassword([])
        #expect(String(decoding: users["default"]!.description(), as: UTF8.self) == "default on nopass ~* &* +@all")
    }
}

@Suite struct ACLCategoryTests {
    /// Every command and subcommand we implement has the ACL categories Redis 7.0's
    /// COMMAND INFO reports (ACLCategoryData.swift, from Tests/Goldens/make_acl_categories.py).
    @Test func matchRedis() {
        var checked = 0
        func visit(_ spec: CommandSpec) {
            if spec.name.hasPrefix("raft.") { return }  // Skiff's own commands
            #expect(redisCategories[spec.name] == spec.aclCategories, "\(spec.name)")
            checked += 1
            spec.subcommands.forEach(visit)
        }
        Commands.all.forEach(visit)
        #expect(checked > 200)
    }
}
