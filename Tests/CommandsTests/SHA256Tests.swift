import Commands
import Testing

@Suite struct SHA256Tests {
    /// FIPS 180-4 / NIST CAVS vectors, and the hash Redis 7.0 showed for `>pw`.
    @Test func knownVectors() {
        #expect(SHA256.hexDigest("".utf8) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hexDigest("abc".utf8) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hexDigest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hexDigest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(SHA256.hexDigest("pw".utf8) == "30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4")
    }

    /// Messages of every length around the 55/56/64-byte padding boundaries hash without
    /// trapping and give 32 bytes; lengths 55 and 56 differ in block count.
    @Test func paddingBoundaries() {
        for length in 50...130 {
            #expect(SHA256.digest([UInt8](repeating: 0x61, count: length)).count == 32)
        }
        #expect(SHA256.hexDigest([UInt8](repeating: 0x61, count: 55)) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(SHA256.hexDigest([UInt8](repeating: 0x61, count: 56)) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
    }
}
