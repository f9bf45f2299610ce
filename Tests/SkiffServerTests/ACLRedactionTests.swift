import RESP
import Testing
@testable import SkiffServer

/// Secrets stay out of the slow log (as Redis 7.0 redacts them) and out of the Raft log.
@Suite struct ACLRedactionTests {
    private func shown(_ words: [String]) -> [String] {
        Server.redactedForSlowLog(Arguments(strings: words)).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func slowLogHidesPasswords() {
        #expect(shown(["AUTH", "alice", "pw"]) == ["AUTH", "(redacted)", "(redacted)"])
        #expect(shown(["HELLO", "2", "AUTH", "alice", "pw"]) == ["HELLO", "2", "AUTH", "(redacted)", "(redacted)"])
        #expect(shown(["acl", "setuser", "sl", ">secretpw"]) == ["acl", "setuser", "(redacted)", "(redacted)"])
        #expect(shown(["ACL", "GETUSER", "sl"]) == ["ACL", "GETUSER", "sl"])
    }

    @Test func setuserIsLoggedWithHashesOnly() {
        let rewritten = Server.hashingPasswords(Arguments(strings: ["ACL", "SETUSER", ">name", "on", ">pw", "<old", "~k*"]))
        #expect((0..<rewritten.count).map { rewritten.string($0) } == [
            "ACL", "SETUSER", ">name", "on",
            "#30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4",
            "!cba06b5736faf67e54b07b561eae94395e774c517a7d910a54369e1263ccfbd4",
            "~k*",
        ])
    }
}
