import Cluster
import Testing
@testable import SkiffServer

@Test func memberAddressesTakeAnOptionalPeerPort() {
    #expect(ClusterSetup.parseAddress("127.0.0.1:7001")! == ("127.0.0.1", 7001, nil))
    #expect(ClusterSetup.parseAddress("db.example:7001@17005")! == ("db.example", 7001, 17005))
    #expect(ClusterSetup.parseAddress("::1:7001")! == ("::1", 7001, nil))
    for bad in ["", "7001", ":7001", "host:", "host:0", "host:65536", "host:1@", "host:1@0", "host:1@2@3", "host:x"] {
        #expect(ClusterSetup.parseAddress(bad) == nil, "\(bad)")
    }
}

@Test func clusterPeersListEveryMemberOnce() throws {
    let members = try ClusterSetup.parsePeers("1@127.0.0.1:7001 2@127.0.0.1:7002@9000")
    #expect(members == [ClusterMember(id: 1, host: "127.0.0.1", clientPort: 7001),
                        ClusterMember(id: 2, host: "127.0.0.1", clientPort: 7002, peerPort: 9000)])
    #expect(throws: ClusterSetup.Failure.self) { try ClusterSetup.parsePeers("1@a:1 1@b:2") }
    #expect(throws: ClusterSetup.Failure.self) { try ClusterSetup.parsePeers("0@a:1") }
    #expect(throws: ClusterSetup.Failure.self) { try ClusterSetup.parsePeers("a:1") }
}
