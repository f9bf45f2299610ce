import Commands
import Testing

@Suite struct GlobTests {
    /// Each pattern matches exactly the keys Redis 7.0's KEYS returned (GlobData.swift).
    @Test func matchesLikeRedisKeys() {
        for (pattern, matching) in globCases {
            for (index, string) in globStrings.enumerated() {
                let expected = matching.contains(index)
                #expect(Glob.matches(pattern: pattern, string) == expected,
                        "pattern \(visible(pattern)) string \(visible(string))")
            }
        }
    }

    @Test func caseInsensitive() {
        #expect(Glob.matches(pattern: Array("MAXMEMORY*".utf8), Array("maxmemory-policy".utf8), caseInsensitive: true))
        #expect(!Glob.matches(pattern: Array("MAXMEMORY*".utf8), Array("maxmemory-policy".utf8)))
        #expect(Glob.matches(pattern: Array("[A-C]x".utf8), Array("bx".utf8), caseInsensitive: true))
        #expect(Glob.matches(pattern: Array("h[E]llo".utf8), Array("hello".utf8), caseInsensitive: true))
    }

    @Test func emptyStringAndPattern() {
        #expect(Glob.matches(pattern: [UInt8](), [UInt8]()))
        // stringmatchlen("*", "") is 0 in Redis: its loop needs a byte of string. KEYS and
        // SCAN special-case the lone "*" pattern, so the empty key still shows there.
        #expect(!Glob.matches(pattern: Array("*".utf8), [UInt8]()))
        #expect(!Glob.matches(pattern: Array("?".utf8), [UInt8]()))
        #expect(!Glob.matches(pattern: [UInt8](), Array("a".utf8)))
    }

    @Test func pathologicalPatternIsFast() {
        // Redis's skipLongerMatches keeps "a*a*a*...b" against "aaaa..." from going exponential.
        let pattern = Array(String(repeating: "a*", count: 30).utf8) + [0x62]
        let string = [UInt8](repeating: 0x61, count: 100)
        #expect(!Glob.matches(pattern: pattern, string))
    }
}
