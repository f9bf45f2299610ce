# Regenerates Tests/CommandsTests/ACLCategoryData.swift: the ACL categories Redis 7.0's
# COMMAND INFO reports for every command and subcommand (its seventh field).
#   redis-server --port 16379 --save "" --appendonly no --daemonize yes
#   python3 Tests/Goldens/make_acl_categories.py [port] > Tests/CommandsTests/ACLCategoryData.swift
import sys
import socket
port = int(sys.argv[1]) if len(sys.argv) > 1 else 16379
sock = socket.create_connection(('127.0.0.1', port))
stream = sock.makefile('rb')
sock.sendall(b'*1\r\n$7\r\nCOMMAND\r\n')
def read():
    line = stream.readline()
    kind, rest = line[:1], line[1:-2]
    if kind == b'*': return [read() for _ in range(int(rest))]
    if kind == b'$': return stream.read(int(rest) + 2)[:-2]
    return rest
rows = []
def walk(info):
    name = info[0].decode()
    rows.append((name, [c.decode() for c in info[6]]))
    for sub in info[9]:
        walk(sub)
for info in read():
    walk(info)
rows.sort()
print('// Generated from Redis 7.0.15 (Tests/Goldens/make_acl_categories.py); do not edit by hand.')
print('let redisCategories: [String: [String]] = [')
for name, cats in rows:
    print('    "%s": [%s],' % (name, ', '.join('"%s"' % c for c in cats)))
print(']')
