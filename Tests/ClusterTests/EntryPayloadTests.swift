import RESP
import Testing

@testable import Cluster

@Suite struct EntryPayloadTests {
    @Test func commandRoundTrips() throws {
        let payload = EntryPayload.command(CommandPayload(
            arguments: Arguments([Array("SET".utf8), [], [0, 255, 13, 10]]), database: 3,
            leaderTimeMs: -5, origin: 2, requestID: .max))
        #expect(try EntryPayload.decode(payload.encoded()) == payload)
    }

    @Test func expiryRoundTrips() throws {
        let keys = [ExpiryCandidate(database: 0, key: Array("a".utf8), deadlineMs: 1000),
                    ExpiryCandidate(database: 15, key: [], deadlineMs: .max)]
        let payload = EntryPayload.expire(leaderTimeMs: 1_700_000_000_000, keys: keys)
        #expect(try EntryPayload.decode(payload.encoded()) == payload)
        #expect(try EntryPayload.decode(EntryPayload.expire(leaderTimeMs: 0, keys: []).encoded()) == .expire(leaderTimeMs: 0, keys: []))
    }

    @Test func evictionRoundTrips() throws {
        let keys = [EvictionCandidate(database: 0, key: Array("cold".utf8)), EvictionCandidate(database: 15, key: [])]
        let payload = EntryPayload.evict(leaderTimeMs: 1_700_000_000_000, keys: keys)
        #expect(try EntryPayload.decode(payload.encoded()) == payload)
        var truncated = payload.encoded()
        truncated.removeLast()
        #expect(throws: PeerDecodingError.self) { try EntryPayload.decode(truncated) }
    }

    @Test func memberAddressRoundTrips() throws {
        let payload = EntryPayload.memberAddress(id: 4, host: "10.0.0.4", clientPort: 6379, peerPort: 16379)
        #expect(try EntryPayload.decode(payload.encoded()) == payload)
    }

    @Test func unknownVersionAndKindAreErrors() {
        var bytes = EntryPayload.expire(leaderTimeMs: 0, keys: []).encoded()
        bytes[1] = 77
        #expect(throws: PeerDecodingError.unknownType(what: "payload", value: 77)) { try EntryPayload.decode(bytes) }
        bytes[0] = 9
        #expect(throws: PeerDecodingError.unsupportedVersion(9)) { try EntryPayload.decode(bytes) }
        #expect(throws: PeerDecodingError.self) { try EntryPayload.decode([]) }
    }

    @Test func argumentEndsThatGoBackwardsAreRejected() {
        var writer = ByteWriter()
        writer.u8(1); writer.u8(1); writer.u64(0); writer.i64(0); writer.u64(1); writer.u64(1)
        writer.u32(2); writer.u32(3); writer.u32(1)
        writer.blob([1, 2, 3])
        #expect(throws: PeerDecodingError.invalidField(what: "argument end")) { try EntryPayload.decode(writer.bytes) }
    }
}

@Suite struct PeerAuthenticationTests {
    @Test func sipHashMatchesTheReferenceVectors() {
        // Vectors from the SipHash paper's reference implementation (key 00..0f).
        let k0: UInt64 = 0x0706_0504_0302_0100
        let k1: UInt64 = 0x0F0E_0D0C_0B0A_0908
        #expect(PeerAuthentication.sipHash24(key0: k0, key1: k1, []) == 0x726F_DB47_DD0E_0E31)
        #expect(PeerAuthentication.sipHash24(key0: k0, key1: k1, Array(0..<15)) == 0xA129_CA61_49BE_45E5)
    }

    @Test func proofDependsOnSecretNonceAndNode() {
        let secret = Array("s3cret".utf8)
        let nonce = Array(0..<16).map(UInt8.init)
        let proof = PeerAuthentication.proof(secret: secret, nonce: nonce, nodeID: 2)
        #expect(proof.count == 16)
        #expect(PeerAuthentication.verify(proof: proof, secret: secret, nonce: nonce, nodeID: 2))
        #expect(!PeerAuthentication.verify(proof: proof, secret: Array("other".utf8), nonce: nonce, nodeID: 2))
        #expect(!PeerAuthentication.verify(proof: proof, secret: secret, nonce: nonce.reversed(), nodeID: 2))
        #expect(!PeerAuthentication.verify(proof: proof, secret: secret, nonce: nonce, nodeID: 3))
    }
}
