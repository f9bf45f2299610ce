/// Splits an inline command line into arguments exactly as Redis's `sdssplitargs`.
///
/// Double quotes take C-like escapes (`\n \r \t \b \a \\ \"` and `\xHH`); single
/// quotes take only `\'`; a closing quote must be followed by a space or the end
/// of the line. Redis copies the line into a C string first, so a NUL byte ends
/// it: everything after a NUL is ignored, and we do the same.
public enum InlineSplitter {
    /// Appends the arguments of `line` to `arguments`; false on unbalanced quotes.
    public static func split(_ line: UnsafeRawBufferPointer, into arguments: inout Arguments) -> Bool {
        var end = 0
        while end < line.count && line[end] != 0 { end += 1 }
        var p = 0
        var current: [UInt8] = []
        @inline(__always) func at(_ i: Int) -> UInt8 { i < end ? line[i] : 0 }
        while true {
            while p < end && isSpace(line[p]) { p += 1 }
            if p >= end { return true }
            var inDoubleQuotes = false
            var inSingleQuotes = false
            var done = false
            current.removeAll(keepingCapacity: true)
            while !done {
                let c = at(p)
                if inDoubleQuotes {
                    if c == UInt8(ascii: "\\") && at(p + 1) == UInt8(ascii: "x")
                        && hexValue(at(p + 2)) != nil && hexValue(at(p + 3)) != nil
                    {
                        current.append(hexValue(at(p + 2))! << 4 | hexValue(at(p + 3))!)
                        p += 3
                    } else if c == UInt8(ascii: "\\") && at(p + 1) != 0 {
                        p += 1
                        current.append(unescaped(at(p)))
                    } else if c == UInt8(ascii: "\"") {
                        if at(p + 1) != 0 && !isSpace(at(p + 1)) { return false }
                        done = true
                    } else if c == 0 {
                        return false
                    } else {
                        current.append(c)
                    }
                } else if inSingleQuotes {
                    if c == UInt8(ascii: "\\") && at(p + 1) == UInt8(ascii: "'") {
                        p += 1
                        current.append(UInt8(ascii: "'"))
                    } else if c == UInt8(ascii: "'") {
                        if at(p + 1) != 0 && !isSpace(at(p + 1)) { return false }
                        done = true
                    } else if c == 0 {
                        return false
                    } else {
                        current.append(c)
                    }
                } else {
                    switch c {
                    case UInt8(ascii: " "), 0x0A, 0x0D, 0x09, 0:
                        done = true
                    case UInt8(ascii: "\""):
                        inDoubleQuotes = true
                    case UInt8(ascii: "'"):
                        inSingleQuotes = true
                    default:
                        current.append(c)
                    }
                }
                if c != 0 { p += 1 }
            }
            arguments.append(current)
        }
    }

    /// C's `isspace`: space, \t, \n, \v, \f, \r.
    @inline(__always) static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || (c >= 0x09 && c <= 0x0D)
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    static func unescaped(_ c: UInt8) -> UInt8 {
        switch c {
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "a"): return 0x07
        default: return c
        }
    }
}
