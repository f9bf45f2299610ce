# Regenerates Tests/CommandsTests/GlobData.swift (which keys Redis KEYS matches per pattern).
import sys
sys.argv = ['x', '/dev/null']
exec(open(__file__.replace('make_glob_goldens.py', 'make_goldens.py')).read().split('groups = []')[0])
strings = ["", "a", "b", "ab", "abc", "abd", "aXc", "a*c", "a?c", "a[c", "a]c", "a\\c", "a-c", "hello", "hallo", "hxllo",
           "heeeello", "hllo", "Hello", "h^llo", "foo/bar", "x", "xyz", "axbxc", "aaa", "aab", "\xe9t\xe9", "\xff", "-", "]", "^", "[", "\\"]
strings = [s for s in strings if s]  # KEYS cannot show the empty key reliably
patterns = ["*", "a*", "*c", "a*c", "a?c", "?", "??", "h?llo", "h*llo", "h[ae]llo", "h[^e]llo", "h[a-b]llo", "h[b-a]llo",
            "a\\*c", "a\\?c", "a[\\]]c", "a[]]c", "a[", "a[c", "a[^", "[", "[]", "[^]", "\\", "a\\", "*a*b*", "a*b*c", "**c",
            "a[a-]", "a[-c]c", "[\\-]", "*x*", "[a-z]", "[a-z]*", "[^a-z]*", "[\x80-\xff]*", "[!-~]", "h[e-e]llo", "a[xX]c",
            "[]-]", "a[]-c]c", "[\\\\]", "\\a*", "*\\", "a*\\", "[a-c-e]*", "h[^a-f]llo", "?\xe9*", "*[]", "a[b"]
c = Conn()
c.cmd([b'FLUSHALL'])
for s in strings: c.cmd([b'SET', s.encode('latin1'), b'1'])
def parse_keys(raw):
    lines = raw.split(b'\r\n'); n = int(lines[0][1:]); out = []
    i = 1
    # bulk strings of arbitrary bytes: re-parse by lengths
    pos = raw.index(b'\r\n') + 2
    for _ in range(n):
        e = raw.index(b'\r\n', pos); ln = int(raw[pos + 1:e]); out.append(raw[e + 2:e + 2 + ln]); pos = e + 4 + ln
    return out
print('// Generated from Redis 7.0.15 (KEYS over these keys); do not edit by hand.')
print('let globStrings: [[UInt8]] = [')
for s in strings: print('    [%s],' % ', '.join(str(b) for b in s.encode('latin1')))
print(']')
print('let globCases: [(pattern: [UInt8], matching: Set<Int>)] = [')
for p in patterns:
    keys = parse_keys(c.cmd([b'KEYS', p.encode('latin1')]))
    idx = sorted(strings.index(k.decode('latin1')) for k in keys)
    print('    ([%s], [%s]),' % (', '.join(str(b) for b in p.encode('latin1')), ', '.join(map(str, idx))))
print(']')
