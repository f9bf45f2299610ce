# Regenerates Tests/CommandsTests/GoldenData.swift from a live Redis 7.0 on port 16379:
#   redis-server --port 16379 --save "" --appendonly no --daemonize yes
#   python3 Tests/Goldens/make_goldens.py Tests/Goldens/commands.txt > Tests/CommandsTests/GoldenData.swift
# commands.txt: "== name" starts a group (FLUSHALL first; "resp3:" names run after HELLO 3),
# then one command per line, split like a shell (double quotes, \xHH escapes).
# Runs each group of commands against a live Redis 7.0 and prints a Swift file of goldens.
import socket, sys, time, shlex
PORT = 16379
def esc(b):
    out = []
    for ch in b.decode('latin1'):
        o = ord(ch)
        if ch == '\\': out.append('\\\\')
        elif ch == '"': out.append('\\"')
        elif ch == '\r': out.append('\\r')
        elif ch == '\n': out.append('\\n')
        elif 32 <= o < 127: out.append(ch)
        else: out.append('\\u{%x}' % o)
    return ''.join(out)
class Conn:
    def __init__(self):
        self.s = socket.create_connection(('127.0.0.1', PORT)); self.f = self.s.makefile('rb')
    def send(self, args):
        self.s.sendall(b'*%d\r\n' % len(args) + b''.join(b'$%d\r\n%s\r\n' % (len(a), a) for a in args))
    def raw(self):
        line = self.f.readline(); t = line[:1]; body = line
        if t in b'$=!':
            n = int(line[1:-2])
            if n >= 0: body += self.f.read(n + 2)
        elif t in b'*%~>|':
            n = int(line[1:-2])
            for _ in range(max(n, 0) * (2 if t in b'%|' else 1)): body += self.raw()
        return body
    def cmd(self, args): self.send(args); return self.raw()
groups = []
name = None
for line in open(sys.argv[1]):
    line = line.rstrip('\n')
    if not line.strip() or line.startswith('#'): continue
    if line.startswith('== '): groups.append((line[3:], [])); continue
    groups[-1][1].append(line)
c = Conn()
print('// Generated from Redis 7.0.15 (see GoldenTests.swift for how); do not edit by hand.')
variable = sys.argv[2] if len(sys.argv) > 2 else 'goldenGroups'
print('let %s: [(name: String, steps: [(command: String, reply: String)])] = [' % variable)
for gname, cmds in groups:
    c.cmd([b"FLUSHALL"]); c.cmd([b"HELLO", b"3" if gname.startswith("resp3:") else b"2"]); c.cmd([b"SELECT", b"0"])
    print('    ("%s", [' % gname)
    for cmd in cmds:
        args = [a.encode().decode('unicode_escape').encode('latin1') for a in shlex.split(cmd)]
        reply = c.cmd(args)
        print('        ("%s", "%s"),' % (esc(cmd.encode()), esc(reply)))
    print('    ]),')
print(']')
