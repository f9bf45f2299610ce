import Commands
import RESP
import Testing

@Suite struct CommandDocsTests {
    /// `Commands.writeDocs` gives Redis 7.0's COMMAND DOCS reply byte for byte (DocsData.swift).
    @Test(arguments: docsGoldens.map(\.name))
    func matchesRedis(_ name: String) {
        let golden = docsGoldens.first { $0.name == name }!
        let parts = name.split(separator: "|").map(String.init)
        var spec = Commands.spec(named: Array(parts[0].utf8)[...])!
        if parts.count == 2 { spec = spec.subcommands.first { $0.name == name }! }
        for version in [ProtocolVersion.resp2, .resp3] {
            var reply = ReplyWriter(protocolVersion: version)
            Commands.writeDocs(for: [spec], into: &reply)
            let expected = version == .resp2 ? golden.resp2 : golden.resp3
            #expect(visible(reply.bytes) == visible(Array(expected.utf8)), "\(name) \(version)")
        }
    }
}
