extension ReplyWriter {
    /// Writes a reply stored as RESP3 bytes in this writer's protocol (maps and sets
    /// become arrays in RESP2), e.g. Redis's COMMAND DOCS entries kept as data.
    /// Understands the types such data uses: `% * ~ $ + : _`. Returns false, writing
    /// nothing useful, if the bytes are not such a reply.
    @discardableResult
    public mutating func transcode(resp3 bytes: [UInt8]) -> Bool {
        var position = 0
        return transcodeValue(bytes, &position) && position == bytes.count
    }

    private mutating func transcodeValue(_ bytes: [UInt8], _ position: inout Int) -> Bool {
        guard position < bytes.count else { return false }
        let marker = bytes[position]
        var lineEnd = position + 1
        while lineEnd + 1 < bytes.count && !(bytes[lineEnd] == 0x0D && bytes[lineEnd + 1] == 0x0A) { lineEnd += 1 }
        guard lineEnd + 1 < bytes.count else { return false }
        let line = bytes[(position + 1)..<lineEnd]
        position = lineEnd + 2
        let number = Int(String(decoding: line, as: UTF8.self))
        switch marker {
        case UInt8(ascii: "+"):
            simpleString(String(decoding: line, as: UTF8.self))
        case UInt8(ascii: ":"):
            guard let number else { return false }
            integer(number)
        case UInt8(ascii: "_"):
            null()
        case UInt8(ascii: "$"):
            guard let length = number, length >= 0, position + length + 2 <= bytes.count else { return false }
            bulk(bytes[position..<(position + length)])
            position += length + 2
        case UInt8(ascii: "*"), UInt8(ascii: "~"), UInt8(ascii: "%"):
            guard let count = number, count >= 0 else { return false }
            switch marker {
            case UInt8(ascii: "*"): arrayHeader(count)
            case UInt8(ascii: "~"): setHeader(count)
            default: mapHeader(count)
            }
            let elements = marker == UInt8(ascii: "%") ? count * 2 : count
            for _ in 0..<elements where !transcodeValue(bytes, &position) { return false }
        default:
            return false
        }
        return true
    }
}
