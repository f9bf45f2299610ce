# Regenerates Tests/CommandsTests/DocsData.swift: Redis 7.0's raw COMMAND DOCS replies
# (RESP2 and RESP3) for a sample of commands, to check Commands.writeDocs byte for byte.
import sys
sys.argv = ['x', '/dev/null']
exec(open(__file__.replace('make_docs_goldens.py', 'make_goldens.py')).read().split('groups = []')[0])
names = ['set', 'getset', 'getex', 'zadd', 'zrange', 'zrangebyscore', 'zunionstore', 'lpos', 'lmpop', 'sintercard',
         'scan', 'copy', 'expire', 'incrbyfloat', 'lcs', 'hrandfield', 'hello', 'ping', 'del', 'substr', 'zmpop',
         'object|encoding', 'rpoplpush', 'hmset', 'flushall', 'shutdown', 'select']
print('// Generated from Redis 7.0.15 (Tests/Goldens/make_docs_goldens.py); do not edit by hand.')
print('let docsGoldens: [(name: String, resp2: String, resp3: String)] = [')
for n in names:
    c2 = Conn(); r2 = c2.cmd([b'COMMAND', b'DOCS', n.encode()])
    c3 = Conn(); c3.cmd([b'HELLO', b'3']); r3 = c3.cmd([b'COMMAND', b'DOCS', n.encode()])
    print('    ("%s", "%s", "%s"),' % (n, esc(r2), esc(r3)))
print(']')
