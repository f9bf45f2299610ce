// Proof of the cluster secret in the peer handshake (DESIGN §6).
//
// proof = SipHash-2-4(k1, m) ‖ SipHash-2-4(k2, m), where m = "skiff-peer-auth" ‖ nonce ‖
// dialer node id, and k1, k2 are 128-bit keys squeezed from the secret with SipHash under
// fixed keys. SipHash is a keyed pseudo-random function, so the proof cannot be computed
// without the secret and a fresh nonce per connection defeats replay. It is NOT a MAC of
// cryptographic strength in the HMAC-SHA-256 sense: the key derivation is unsalted (a
// recorded handshake allows an offline dictionary attack on a weak secret), only the
// dialer is authenticated, and nothing after the handshake is protected — traffic is
// neither encrypted nor integrity-checked. Use a long random secret and a private network
// (or a TLS tunnel) for peer links.

/// Computes and checks handshake proofs.
public enum PeerAuthentication {
    /// The proof a dialer sends for `nonce` (16 bytes).
    public static func proof(secret: [UInt8], nonce: [UInt8], nodeID: UInt64) -> [UInt8] {
        let (k1, k2) = keys(secret)
        var message = Array("skiff-peer-auth".utf8)
        message.append(contentsOf: nonce)
        for shift in stride(from: 0, to: 64, by: 8) { message.append(UInt8(truncatingIfNeeded: nodeID >> UInt64(shift))) }
        var out: [UInt8] = []
        for (a, b) in [k1, k2] {
            let tag = sipHash24(key0: a, key1: b, message)
            for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: tag >> UInt64(shift))) }
        }
        return out
    }

    /// Whether `proof` is right, compared in constant time.
    public static func verify(proof: [UInt8], secret: [UInt8], nonce: [UInt8], nodeID: UInt64) -> Bool {
        let expected = self.proof(secret: secret, nonce: nonce, nodeID: nodeID)
        guard proof.count == expected.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<expected.count { difference |= proof[i] ^ expected[i] }
        return difference == 0
    }

    /// Two 128-bit keys from the secret; the fixed keys separate the four derivations.
    static func keys(_ secret: [UInt8]) -> ((UInt64, UInt64), (UInt64, UInt64)) {
        let d = (0..<4).map { i in sipHash24(key0: 0x736B_6966_665F_6B64 &+ UInt64(i), key1: 0x6572_6976_6174_696F, secret) }
        return ((d[0], d[1]), (d[2], d[3]))
    }

    /// SipHash-2-4 (Aumasson & Bernstein, 2012) of `message` under the key `(key0, key1)`.
    static func sipHash24(key0: UInt64, key1: UInt64, _ message: [UInt8]) -> UInt64 {
        var v0: UInt64 = 0x736F_6D65_7073_6575 ^ key0
        var v1: UInt64 = 0x646F_7261_6E64_6F6D ^ key1
        var v2: UInt64 = 0x6C79_6765_6E65_7261 ^ key0
        var v3: UInt64 = 0x7465_6462_7974_6573 ^ key1
        func round() {
            v0 = v0 &+ v1; v1 = rotate(v1, 13); v1 ^= v0; v0 = rotate(v0, 32)
            v2 = v2 &+ v3; v3 = rotate(v3, 16); v3 ^= v2
            v0 = v0 &+ v3; v3 = rotate(v3, 21); v3 ^= v0
            v2 = v2 &+ v1; v1 = rotate(v1, 17); v1 ^= v2; v2 = rotate(v2, 32)
        }
        let fullBlocks = message.count / 8
        for block in 0..<fullBlocks {
            var m: UInt64 = 0
            for i in 0..<8 { m |= UInt64(message[block * 8 + i]) << UInt64(8 * i) }
            v3 ^= m
            round(); round()
            v0 ^= m
        }
        var last = UInt64(truncatingIfNeeded: message.count) << 56
        for i in 0..<(message.count % 8) { last |= UInt64(message[fullBlocks * 8 + i]) << UInt64(8 * i) }
        v3 ^= last
        round(); round()
        v0 ^= last
        v2 ^= 0xFF
        round(); round(); round(); round()
        return v0 ^ v1 ^ v2 ^ v3
    }

    @inline(__always)
    private static func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }
}
