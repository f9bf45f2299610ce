# Writes a random but reproducible command stream (stream.txt) for the differential
# stream test: deterministic commands only (no randomness, no hashtable-ordered replies:
# hashes stay listpacks, sets intsets, values small), so Redis's replies are exact goldens.
#   python3 Tests/Goldens/make_stream.py > Tests/Goldens/stream.txt
#   python3 Tests/Goldens/make_goldens.py Tests/Goldens/stream.txt streamGroups > Tests/CommandsTests/StreamData.swift
import random
rng = random.Random(20261123)
keys = ['k%d' % i for i in range(6)]
def k(prefix='k'):
    # Mostly keys of the family's own type, sometimes a shared one (WRONGTYPE paths).
    return rng.choice(keys) if rng.random() < 0.2 else prefix + str(rng.randrange(4))
def v(): return rng.choice(['a', 'bb', '0', '1', '-7', '42', '3.5', '', 'x y', '99999999999999999999', '1e3', 'abc'])
def i(): return str(rng.choice([0, 1, -1, 2, 3, -3, 5, 10, -100, 9223372036854775807]))
def f(): return rng.choice(['0.1', '-2.5', '1e2', 'inf', '3', 'x', '1.5e-3'])
def m(): return rng.choice(['m1', 'm2', 'm3', '1', '2', '10'])
def q(s): return '"%s"' % s if (' ' in s or s == '') else s
commands = [
    lambda: 'SET %s %s' % (k(), q(v())), lambda: 'GET %s' % k(), lambda: 'APPEND %s %s' % (k(), q(v())),
    lambda: 'INCR %s' % k(), lambda: 'DECRBY %s %s' % (k(), i()), lambda: 'INCRBYFLOAT %s %s' % (k(), f()),
    lambda: 'STRLEN %s' % k(), lambda: 'GETRANGE %s %s %s' % (k(), i(), i()), lambda: 'SETRANGE %s %s %s' % (k(), rng.choice(['0', '2', '5']), q(v())),
    lambda: 'MSET %s %s %s %s' % (k(), q(v()), k(), q(v())), lambda: 'MGET %s %s' % (k(), k()), lambda: 'GETDEL %s' % k(),
    lambda: 'SETNX %s %s' % (k(), q(v())), lambda: 'GETSET %s %s' % (k(), q(v())), lambda: 'DEL %s %s' % (k(), k()),
    lambda: 'EXISTS %s %s' % (k(), k()), lambda: 'TYPE %s' % k(), lambda: 'RENAME %s %s' % (k(), k()),
    lambda: 'RENAMENX %s %s' % (k(), k()), lambda: 'COPY %s %s REPLACE' % (k(), k()), lambda: 'OBJECT ENCODING %s' % k(),
    lambda: 'EXPIRE %s 1000' % k(), lambda: 'TTL %s' % k(), lambda: 'PERSIST %s' % k(),
    lambda: 'HSET %s %s %s' % (k('h'), m(), q(v())), lambda: 'HGET %s %s' % (k('h'), m()), lambda: 'HDEL %s %s' % (k('h'), m()),
    lambda: 'HINCRBY %s %s %s' % (k('h'), m(), i()), lambda: 'HGETALL %s' % k('h'), lambda: 'HLEN %s' % k('h'),
    lambda: 'LPUSH %s %s' % (k('l'), q(v())), lambda: 'RPUSH %s %s %s' % (k('l'), q(v()), q(v())), lambda: 'LPOP %s' % k('l'),
    lambda: 'RPOP %s 2' % k('l'), lambda: 'LRANGE %s 0 -1' % k('l'), lambda: 'LREM %s 0 %s' % (k('l'), q(v())),
    lambda: 'LMOVE %s %s LEFT RIGHT' % (k('l'), k('l')), lambda: 'LINDEX %s %s' % (k('l'), i()), lambda: 'LSET %s 0 %s' % (k('l'), q(v())),
    lambda: 'SADD %s %s %s' % (k('s'), i(), i()), lambda: 'SREM %s %s' % (k('s'), i()), lambda: 'SMEMBERS %s' % k('s'),
    lambda: 'SISMEMBER %s %s' % (k('s'), i()), lambda: 'SCARD %s' % k('s'), lambda: 'SINTER %s %s' % (k('s'), k('s')),
    lambda: 'SUNIONSTORE %s %s %s' % (k('s'), k('s'), k('s')), lambda: 'SDIFF %s %s' % (k('s'), k('s')),
    lambda: 'ZADD %s %s %s' % (k('z'), f(), m()), lambda: 'ZINCRBY %s %s %s' % (k('z'), f(), m()), lambda: 'ZRANGE %s 0 -1 WITHSCORES' % k('z'),
    lambda: 'ZSCORE %s %s' % (k('z'), m()), lambda: 'ZRANK %s %s' % (k('z'), m()), lambda: 'ZREM %s %s' % (k('z'), m()),
    lambda: 'ZPOPMIN %s' % k('z'), lambda: 'ZRANGEBYSCORE %s -inf +inf LIMIT 1 2' % k('z'), lambda: 'ZUNIONSTORE %s 2 %s %s' % (k('z'), k('z'), k('z')),
    lambda: 'ZCOUNT %s 0 10' % k('z'), lambda: 'DBSIZE',
]
for group in range(8):
    print('== stream %d' % group)
    for _ in range(250):
        print(rng.choice(commands)())
