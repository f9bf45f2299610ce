import Commands
import Keyspace
import RESP
import Testing

// The goldens in GoldenData.swift are Redis 7.0.15's exact replies, produced by
// Tests/Goldens/make_goldens.py from Tests/Goldens/commands.txt: it sends each group to a
// `redis-server --save ''` after FLUSHALL and HELLO 2 (HELLO 3 for groups named
// "resp3:..."), reading the raw reply bytes. Relative TTLs agree because
// each group runs within a few milliseconds on Redis and at a fixed time here.

@Suite struct GoldenTests {
    /// Every command of every group gives Redis's reply byte for byte.
    @Test(arguments: goldenGroups.map(\.name))
    func group(_ name: String) {
        let group = goldenGroups.first { $0.name == name }!
        var harness = Harness()
        if name.hasPrefix("resp3:") { harness.protocolVersion = .resp3 }
        for step in group.steps {
            let reply = visible(harness.bytes(step.command))
            let expected = visible(Array(step.reply.utf8))
            #expect(reply == expected, "\(step.command)")
        }
    }

    /// A random stream of deterministic commands over six keys of every type (StreamData.swift).
    @Test(arguments: streamGroups.map(\.name))
    func stream(_ name: String) {
        let group = streamGroups.first { $0.name == name }!
        var harness = Harness()
        for (index, step) in group.steps.enumerated() {
            let reply = visible(harness.bytes(step.command))
            let expected = visible(Array(step.reply.utf8))
            if reply != expected {
                Issue.record("\(name) step \(index): \(step.command)\n got \(reply)\n want \(expected)")
                return
            }
        }
    }
}
