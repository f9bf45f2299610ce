import Glibc
import Raft
import RESP
import Testing

@testable import Cluster

/// A blocking TCP client to poke at a node's peer port.
struct RawPeer {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(status == 0)
    }

    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Bytes available now; nil once the other side closed.
    func receive() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        if count == 0 { return nil }
        if count < 0 { return errno == EAGAIN ? [] : nil }
        return Array(buffer[0..<count])
    }

    func close() { _ = Glibc.close(fd) }
}

@Suite(.serialized) struct PeerTransportTests {
    @Test func aPeerSpeakingGarbageIsLoggedAndDisconnected() throws {
        let cluster = try TestCluster(size: 1)
        let peer = try RawPeer(port: cluster.members[0].peerPort)
        defer { peer.close() }
        peer.send(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(cluster.run(timeoutMs: 2000) { cluster.logs.contains { $0.contains("protocol error") } })
        var closed = false
        cluster.run(timeoutMs: 1000) {
            closed = peer.receive() == nil
            return closed
        }
        #expect(closed)
        #expect(cluster.nodes[0].transportStatistics.connectionsRejected == 1)
        #expect(cluster.awaitLeader() != nil, "the node keeps working")
    }

    @Test func framesBeforeTheHandshakeAreRefusedWhenASecretIsSet() throws {
        let cluster = try TestCluster(size: 1, secret: Array("sesame".utf8))
        let peer = try RawPeer(port: cluster.members[0].peerPort)
        defer { peer.close() }
        var bytes = PeerFrame.hello(nodeID: 9, clusterID: 7).encoded
        PeerFrame.raft(Message(from: 9, to: 1, term: 100, kind: .timeoutNow)).encode(into: &bytes)
        peer.send(bytes)
        #expect(cluster.run(timeoutMs: 2000) { cluster.logs.contains { $0.contains("raft frame before the handshake") } })
        #expect(cluster.nodes[0].term < 100, "the frame was never stepped")
    }

    @Test func aWrongProofIsRefusedAndARightOneWelcomed() throws {
        let secret = Array("sesame".utf8)
        let cluster = try TestCluster(size: 1, secret: secret)
        for (proofSecret, welcomed) in [(Array("wrong".utf8), false), (secret, true)] {
            let peer = try RawPeer(port: cluster.members[0].peerPort)
            defer { peer.close() }
            peer.send(PeerFrame.hello(nodeID: 9, clusterID: 7).encoded)
            var received: [UInt8] = []
            cluster.run(timeoutMs: 2000) {
                received += peer.receive() ?? []
                return received.count >= 26
            }
            guard case .frame(.challenge(let nonce)) = PeerFrameDecoder().decode(received) else {
                Issue.record("expected a challenge, got \(received)")
                return
            }
            let proof = PeerAuthentication.proof(secret: proofSecret, nonce: nonce, nodeID: 9)
            peer.send(PeerFrame.authResponse(proof: proof).encoded)
            var answer: [UInt8]? = []
            cluster.run(timeoutMs: 2000) {
                guard let more = peer.receive() else {
                    answer = nil
                    return true
                }
                answer! += more
                return !answer!.isEmpty
            }
            if welcomed {
                #expect(answer == PeerFrame.welcome.encoded)
            } else {
                #expect(answer == nil)
                #expect(cluster.logs.contains { $0.contains("failed the cluster-secret challenge") })
            }
        }
    }

    @Test func aClusterWithASecretWorksAndANodeWithAnotherSecretIsShutOut() throws {
        let cluster = try TestCluster(size: 3, secret: Array("right".utf8)) {
            if $0.nodeID == 3 { $0.secret = Array("wrong".utf8) }
        }
        let leader = try #require(cluster.awaitLeader())
        #expect(leader.configuration.nodeID != 3)
        let follower = try #require(cluster.nodes.first { $0 !== leader && $0.configuration.nodeID != 3 })
        #expect(cluster.write(["SET", "a", "1"], on: follower) == "+OK\r\n")
        cluster.run(timeoutMs: 300) { false }
        #expect(cluster.machines[2].value("a") == nil)
        #expect(cluster.nodes[2].leaderID == 0)
        #expect(cluster.logs.contains { $0.contains("failed the cluster-secret challenge") })
    }

    @Test func anotherClusterIsRefused() throws {
        let cluster = try TestCluster(size: 1)
        let peer = try RawPeer(port: cluster.members[0].peerPort)
        defer { peer.close() }
        peer.send(PeerFrame.hello(nodeID: 9, clusterID: 8).encoded)
        #expect(cluster.run(timeoutMs: 2000) { cluster.logs.contains { $0.contains("cluster id 8 differs") } })
    }

    @Test func nodesStartedAtDifferentTimesFindEachOther() throws {
        let cluster = try TestCluster(size: 3, startNodes: false)
        try cluster.nodes[0].start()
        cluster.run(timeoutMs: 400) { false }
        #expect(cluster.logs.contains { $0.hasPrefix("node 1: peer 2") && $0.contains("retrying in") })
        #expect(cluster.nodes[0].leaderID == 0, "one of three cannot elect itself")
        try cluster.nodes[1].start()
        let leader = try #require(cluster.awaitLeader())
        #expect(cluster.write(["SET", "early", "1"], on: leader) == "+OK\r\n")
        try cluster.nodes[2].start()
        #expect(cluster.barrier(on: cluster.nodes[2]) == nil)
        #expect(cluster.machines[2].value("early") == "1")
    }
}

@Suite(.serialized) struct HandshakeLimitTests {
    @Test func anUnauthenticatedPeerCannotSendALargeFrame() throws {
        let cluster = try TestCluster(size: 1, secret: Array("sesame".utf8))
        let peer = try RawPeer(port: cluster.members[0].peerPort)
        defer { peer.close() }
        peer.send([0, 0, 0, 1, 1, 1])  // declares 16 MiB before any hello
        #expect(cluster.run(timeoutMs: 2000) { cluster.logs.contains { $0.contains("exceeds the limit of 256") } })
    }
}
