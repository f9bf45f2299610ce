/// Finds where one encoded reply ends, without decoding it: the server splits a
/// transaction's replies (a log entry applies the keyspace commands of an EXEC as one
/// array; the commands the server runs itself are put in between on the way out).
public enum ReplyScanner {
    /// The index just past the reply starting at `start`, or nil if `bytes` holds no
    /// complete, well-formed reply there.
    public static func end(of bytes: [UInt8], from start: Int) -> Int? {
        var position = start
        var pending = 1  // values still to skip
        while pending > 0 {
            guard position < bytes.count, let lineEnd = lineEnd(bytes, from: position + 1) else { return nil }
            let kind = bytes[position]
            pending -= 1
            switch kind {
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "_"), UInt8(ascii: ","),
                 UInt8(ascii: "#"), UInt8(ascii: "("):
                position = lineEnd + 2
            case UInt8(ascii: "$"), UInt8(ascii: "="), UInt8(ascii: "!"):
                guard let length = number(bytes, position + 1, lineEnd) else { return nil }
                position = lineEnd + 2
                if length >= 0 {
                    position += length + 2
                    guard position <= bytes.count else { return nil }
                }
            case UInt8(ascii: "*"), UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "|"):
                guard let count = number(bytes, position + 1, lineEnd) else { return nil }
                position = lineEnd + 2
                let perItem = kind == UInt8(ascii: "%") || kind == UInt8(ascii: "|") ? 2 : 1
                if count > 0 { pending += count * perItem }
                // An attribute map annotates the value that follows it.
                if kind == UInt8(ascii: "|") { pending += 1 }
            default:
                return nil
            }
        }
        return position
    }

    /// Index of the "\r\n" ending the line that starts at `from`.
    public static func lineEnd(_ bytes: [UInt8], from: Int) -> Int? {
        var index = from
        while index + 1 < bytes.count {
            if bytes[index] == 0x0D && bytes[index + 1] == 0x0A { return index }
            index += 1
        }
        return nil
    }

    static func number(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int? {
        Int(String(decoding: bytes[start..<end], as: UTF8.self))
    }
}
