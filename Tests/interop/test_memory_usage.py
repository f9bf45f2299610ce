"""MEMORY USAGE answers from the keyspace's own cost estimates (issue #9): it grows with
what a key holds, and `redis-cli --memkeys` (which asks MEMORY USAGE of every key it
scans) reports non-zero sizes. The values are Skiff's, not Redis's, so only their order
and sign are checked; the differential suite compares the errors and arity."""

import re
import subprocess

import redis


def test_memory_usage_grows_with_the_value(server):
    r = redis.Redis(port=server.port)
    r.flushall()
    sizes = [1, 14, 15, 100, 1_000, 10_000]
    usages = []
    for size in sizes:
        r.set(f"s{size}", "v" * size)
        usages.append(r.memory_usage(f"s{size}"))
    assert all(u > 0 for u in usages), usages
    assert usages == sorted(usages), list(zip(sizes, usages))
    assert usages[-1] - usages[0] >= 10_000 - 1, list(zip(sizes, usages))
    assert r.memory_usage("missing") is None


def test_memory_usage_of_aggregates_grows_with_their_elements(server):
    r = redis.Redis(port=server.port)
    r.flushall()
    for kind, add in [("hash", lambda k, i: r.hset(k, f"field:{i}", f"value:{i}")),
                      ("set", lambda k, i: r.sadd(k, f"member:{i}")),
                      ("zset", lambda k, i: r.zadd(k, {f"member:{i}": i})),
                      ("list", lambda k, i: r.rpush(k, f"element:{i}"))]:
        add(kind, 0)
        small = r.memory_usage(kind)
        for i in range(1, 2_000):
            add(kind, i)
        large = r.memory_usage(kind)
        assert 0 < small < large, (kind, small, large)
        # SAMPLES 0 measures every element; on uniform elements it agrees with the estimate.
        exact = r.memory_usage(kind, samples=0)
        assert 0.5 * large < exact < 2 * large, (kind, large, exact)


def test_redis_cli_memkeys_reports_nonzero_sizes(server):
    r = redis.Redis(port=server.port)
    r.flushall()
    r.set("greeting", "hello" * 50)
    r.rpush("queue", *[f"job:{i}" for i in range(100)])
    r.hset("user:1", mapping={f"f{i}": "x" * 20 for i in range(50)})
    out = subprocess.run(["redis-cli", "-p", str(server.port), "--memkeys"], capture_output=True, timeout=60,
                         check=True).stdout.decode()
    biggest = dict(re.findall(r"Biggest\s+(\w+) found '.*' has (\d+) bytes", out))
    assert set(biggest) == {"string", "list", "hash"}, out
    assert all(int(v) > 0 for v in biggest.values()), out
