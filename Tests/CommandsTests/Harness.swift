import Commands
import Keyspace
import RESP

/// Applies commands to a keyspace the way the server will: one `CommandContext` per
/// command, a fixed clock unless told otherwise, replies as escaped wire text.
struct Harness {
    /// A fixed "now" (2023-11-14) so relative TTLs are reproducible.
    static let defaultNowMs: Int64 = 1_700_000_000_000

    let keyspace: Keyspace
    var database = 0
    var nowMs: Int64 = Harness.defaultNowMs
    var seed: UInt64 = 1
    var protocolVersion = ProtocolVersion.resp2

    init(keyspace: Keyspace = Keyspace()) {
        self.keyspace = keyspace
    }

    /// Runs `line` (split like a shell: spaces, "double quotes", \xHH, \\ and \") and
    /// returns the raw reply bytes.
    mutating func bytes(_ line: String) -> [UInt8] {
        run(Harness.split(line))
    }

    /// Runs `line` and returns the reply with CR/LF visible ("+OK\r\n").
    mutating func callAsFunction(_ line: String) -> String {
        String(decoding: bytes(line), as: UTF8.self)
    }

    /// Runs one argv; SELECT is handled here as the server would.
    mutating func run(_ argv: [[UInt8]]) -> [UInt8] {
        if argv.count == 2, String(decoding: argv[0], as: UTF8.self).lowercased() == "select",
           let index = Int(String(decoding: argv[1], as: UTF8.self)) {
            database = index
            return Array("+OK\r\n".utf8)
        }
        var context = CommandContext(
            keyspace: keyspace, database: database, arguments: Arguments(argv),
            reply: ReplyWriter(protocolVersion: protocolVersion), nowMs: nowMs, seed: seed)
        Commands.apply(&context)
        seed &+= 1
        return context.reply.bytes
    }

    static func split(_ line: String) -> [[UInt8]] {
        var words: [[UInt8]] = []
        var current: [UInt8] = []
        var inWord = false
        var quoted = false
        let bytes = Array(line.utf8)
        var i = 0
        func hex(_ b: UInt8) -> UInt8 { b <= 0x39 ? b - 0x30 : (b | 0x20) - 0x61 + 10 }
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x5C && i + 1 < bytes.count {  // backslash
                let n = bytes[i + 1]
                if n == 0x78 && i + 3 < bytes.count {
                    current.append(hex(bytes[i + 2]) << 4 | hex(bytes[i + 3]))
                    i += 4
                } else {
                    current.append(n)
                    i += 2
                }
                inWord = true
                continue
            }
            if b == 0x22 {
                quoted.toggle()
                inWord = true
            } else if b == 0x20 && !quoted {
                if inWord { words.append(current) }
                current = []
                inWord = false
            } else {
                current.append(b)
                inWord = true
            }
            i += 1
        }
        if inWord { words.append(current) }
        return words
    }
}

/// Makes CR/LF and non-ASCII visible in expectation failures.
func visible(_ bytes: [UInt8]) -> String {
    var out = ""
    for byte in bytes {
        switch byte {
        case 0x0D: out += "\\r"
        case 0x0A: out += "\\n"
        case 0x20..<0x7F: out += String(UnicodeScalar(byte))
        default: out += "\\u{\(String(byte, radix: 16))}"
        }
    }
    return out
}
