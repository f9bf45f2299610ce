/// Glob-style matching exactly as Redis's `stringmatchlen` (util.c, 7.0).
///
/// `*` any run, `?` one byte, `[abc]`, `[^abc]`, `[a-z]` (reversed ranges allowed),
/// `\x` a literal x. Oddities kept: an unterminated `[` matches as if closed at the end
/// of the pattern; range bounds compare as C's signed `char`, so bytes ≥ 0x80 sort below
/// ASCII; patterns nesting `*` more than 1000 deep never match.
public enum Glob {
    /// Whether `bytes` matches `pattern`.
    public static func matches<P: Collection, S: Collection>(
        pattern: P, _ bytes: S, caseInsensitive: Bool = false
    ) -> Bool where P.Element == UInt8, S.Element == UInt8 {
        let pattern = Array(pattern)
        let string = Array(bytes)
        var skipLongerMatches = false
        return pattern.withUnsafeBufferPointer { p in
            string.withUnsafeBufferPointer { s in
                match(p, 0, s, 0, caseInsensitive, &skipLongerMatches, nesting: 0)
            }
        }
    }

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        byte &- 65 < 26 ? byte | 0x20 : byte
    }

    /// The byte at `index`, or 0 past the end (the C code reads the NUL terminator).
    @inline(__always)
    static func at(_ buffer: UnsafeBufferPointer<UInt8>, _ index: Int) -> UInt8 {
        index < buffer.count ? buffer[index] : 0
    }

    static func match(
        _ pattern: UnsafeBufferPointer<UInt8>, _ patternStart: Int,
        _ string: UnsafeBufferPointer<UInt8>, _ stringStart: Int,
        _ nocase: Bool, _ skipLongerMatches: inout Bool, nesting: Int
    ) -> Bool {
        if nesting > 1000 { return false }
        var p = patternStart
        var s = stringStart
        while p < pattern.count && s < string.count {
            switch pattern[p] {
            case 0x2A:  // "*"
                while p + 1 < pattern.count && pattern[p + 1] == 0x2A { p += 1 }
                if p + 1 == pattern.count { return true }
                while s < string.count {
                    if match(pattern, p + 1, string, s, nocase, &skipLongerMatches, nesting: nesting + 1) {
                        return true
                    }
                    if skipLongerMatches { return false }
                    s += 1
                }
                // No match for the rest anywhere in the rest of the string: earlier stars
                // cannot help by matching longer, so every caller can stop.
                skipLongerMatches = true
                return false
            case 0x3F:  // "?"
                s += 1
            case 0x5B:  // "["
                p += 1
                let negate = at(pattern, p) == 0x5E  // "^"
                if negate { p += 1 }
                var matched = false
                while true {
                    let remaining = pattern.count - p
                    if at(pattern, p) == 0x5C && remaining >= 2 {  // "\"
                        p += 1
                        if pattern[p] == string[s] { matched = true }
                    } else if at(pattern, p) == 0x5D {  // "]"
                        break
                    } else if remaining <= 0 {
                        p -= 1
                        break
                    } else if remaining >= 3 && pattern[p + 1] == 0x2D {  // "-"
                        var start = Int(Int8(bitPattern: pattern[p]))
                        var end = Int(Int8(bitPattern: pattern[p + 2]))
                        var c = Int(Int8(bitPattern: string[s]))
                        if start > end { swap(&start, &end) }
                        if nocase {
                            start = lowerSigned(start)
                            end = lowerSigned(end)
                            c = lowerSigned(c)
                        }
                        p += 2
                        if c >= start && c <= end { matched = true }
                    } else if nocase ? lower(pattern[p]) == lower(string[s]) : pattern[p] == string[s] {
                        matched = true
                    }
                    p += 1
                }
                if negate { matched.toggle() }
                if !matched { return false }
                s += 1
            default:
                if pattern[p] == 0x5C && pattern.count - p >= 2 { p += 1 }  // "\" escapes
                let equal = nocase ? lower(pattern[p]) == lower(string[s]) : pattern[p] == string[s]
                if !equal { return false }
                s += 1
            }
            p += 1
            if s == string.count {
                while at(pattern, p) == 0x2A && p < pattern.count { p += 1 }
                break
            }
        }
        return p >= pattern.count && s == string.count
    }

    static func lowerSigned(_ value: Int) -> Int {
        value >= 65 && value <= 90 ? value + 32 : value
    }
}
