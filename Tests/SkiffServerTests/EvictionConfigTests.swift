import Testing
@testable import SkiffServer

@Suite struct EvictionConfigTests {
    /// Redis's `evictionTimeLimitUs`: 50 µs per step to 10, then ×1.15 per step, 100 unlimited.
    @Test func tenacityBecomesRedisTimeLimit() {
        #expect(Server.evictionTimeLimitUs(tenacity: 0) == 0)
        #expect(Server.evictionTimeLimitUs(tenacity: 10) == 500)
        #expect(Server.evictionTimeLimitUs(tenacity: 11) == 575)
        #expect(Server.evictionTimeLimitUs(tenacity: 99) == Int64(500.0 * pow115(89)))
        #expect(Server.evictionTimeLimitUs(tenacity: 100) == Int64.max)
    }

    private func pow115(_ n: Int) -> Double { (0..<n).reduce(1.0) { value, _ in value * 1.15 } }

    @Test func everyEvictionDirectiveIsReplicated() {
        for name in Server.replicatedDirectives {
            #expect(DirectiveTable.byName[name] != nil, "\(name) is a directive")
        }
        #expect(Server.replicatedDirectives.count == 10)
    }

    /// Limits read while applying commands: a node that changed them alone would encode,
    /// and answer OBJECT ENCODING, differently from the others.
    @Test func limitsReadAtApplyAreReplicated() {
        for name in ["hash-max-listpack-entries", "hash-max-listpack-value", "set-max-intset-entries",
                     "proto-max-bulk-len"] {
            #expect(Server.replicatedDirectives.contains(name), "\(name) is replicated")
        }
    }
}
