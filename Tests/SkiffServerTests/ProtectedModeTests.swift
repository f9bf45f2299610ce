import Testing
@testable import SkiffServer

@Test func protectedModeServesLoopbackPeersOnly() {
    for address in ["127.0.0.1:5000", "127.1.2.3:1", "::1:6000"] {
        #expect(!ProtectedMode.denies(peerAddress: address, enabled: true, passwordSet: false), "\(address)")
    }
    for address in ["192.0.2.2:5000", "10.0.0.1:1", "::ffff:127.0.0.1:1", "fd00::2:7", "1127.0.0.1:2", "?:0"] {
        #expect(ProtectedMode.denies(peerAddress: address, enabled: true, passwordSet: false), "\(address)")
    }
}

@Test func protectedModeStepsAsideForAPasswordOrWhenDisabled() {
    #expect(!ProtectedMode.denies(peerAddress: "192.0.2.2:5000", enabled: true, passwordSet: true))
    #expect(!ProtectedMode.denies(peerAddress: "192.0.2.2:5000", enabled: false, passwordSet: false))
}

@Test func protectedModeDenialIsRedisText() {
    #expect(ProtectedMode.denial.hasPrefix("-DENIED Redis is running in protected mode because protected mode is enabled"))
    #expect(ProtectedMode.denial.hasSuffix("start accepting connections from the outside.\r\n"))
    #expect(!ProtectedMode.denial.dropLast(2).contains("\r") && !ProtectedMode.denial.dropLast(2).contains("\n"))
}
