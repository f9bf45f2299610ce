"""redis-py (sync) with the hiredis parser, used as a web app would: one pool shared by
threads, pipelines, TTLs, counters, hashes, sorted sets, lists, WATCH retries, pub/sub.

redis-py 8 speaks RESP3 (HELLO 3) by default; this program keeps that default."""

import threading
import time

import redis
import redis.utils
from checks import Checks, target

P = "py-sync:"


def main():
    host, port = target()
    t = Checks("redis-py", f"{redis.__version__} (hiredis {hiredis_version()})")
    pool = redis.ConnectionPool(host=host, port=port, decode_responses=True, max_connections=8,
                                socket_timeout=10)
    r = redis.Redis(connection_pool=pool)
    with t.section("connection"):
        connection = pool.get_connection()
        t.check("hiredis parser in use", redis.utils.HIREDIS_AVAILABLE
                and type(connection._parser).__name__ == "_HiredisParser")
        pool.release(connection)
        t.equal("PING", r.ping(), True)
        # Leftovers of an earlier run go first (SCAN MATCH, then DEL), as a deploy script would.
        stale = list(r.scan_iter(match=P + "*", count=100))
        if stale:
            r.delete(*stale)
        t.equal("no keys left under the prefix", list(r.scan_iter(match=P + "*")), [])
    with t.section("strings"):
        t.equal("SET EX", r.set(P + "s", "hello", ex=100), True)
        t.equal("GET", r.get(P + "s"), "hello")
        t.check("TTL after SET EX", 95 <= r.ttl(P + "s") <= 100, r.ttl(P + "s"))
        r.set(P + "ttl", "x")
        t.equal("TTL without expiry", r.ttl(P + "ttl"), -1)
        t.equal("EXPIRE", r.expire(P + "ttl", 50), True)
        t.check("TTL after EXPIRE", 45 <= r.ttl(P + "ttl") <= 50, r.ttl(P + "ttl"))
        t.check("PTTL", 45000 <= r.pttl(P + "ttl") <= 50000, r.pttl(P + "ttl"))
        t.equal("SET NX on an existing key", r.set(P + "s", "other", nx=True), None)
        t.equal("INCR", r.incr(P + "n"), 1)
        t.equal("INCRBY", r.incrby(P + "n", 41), 42)
        t.equal("MGET", r.mget(P + "s", P + "n", P + "missing"), ["hello", "42", None])
        t.equal("TTL of a missing key", r.ttl(P + "missing"), -2)
    with t.section("hashes"):
        t.equal("HSET mapping", r.hset(P + "h", mapping={"name": "ada", "visits": 1}), 2)
        t.equal("HINCRBY", r.hincrby(P + "h", "visits", 4), 5)
        t.equal("HGETALL", r.hgetall(P + "h"), {"name": "ada", "visits": "5"})
        t.equal("HGET", r.hget(P + "h", "name"), "ada")
        t.equal("HMGET", r.hmget(P + "h", ["name", "nope"]), ["ada", None])
        t.equal("HDEL", r.hdel(P + "h", "name"), 1)
        t.equal("HLEN", r.hlen(P + "h"), 1)
    with t.section("sorted-sets"):
        t.equal("ZADD", r.zadd(P + "z", {"alice": 10, "bob": 20, "carol": 15}), 3)
        t.equal("ZRANGE WITHSCORES", r.zrange(P + "z", 0, -1, withscores=True),
                [("alice", 10.0), ("carol", 15.0), ("bob", 20.0)])
        t.equal("ZINCRBY", r.zincrby(P + "z", 7.5, "alice"), 17.5)
        t.equal("ZRANK", r.zrank(P + "z", "alice"), 1)
        t.equal("ZREVRANGE WITHSCORES", r.zrevrange(P + "z", 0, 0, withscores=True), [("bob", 20.0)])
        t.equal("ZSCORE", r.zscore(P + "z", "carol"), 15.0)
        t.equal("ZCARD", r.zcard(P + "z"), 3)
    with t.section("lists"):
        t.equal("RPUSH", r.rpush(P + "l", "a", "b", "c"), 3)
        t.equal("LPUSH", r.lpush(P + "l", "z"), 4)
        t.equal("LRANGE", r.lrange(P + "l", 0, -1), ["z", "a", "b", "c"])
        t.equal("LPOP", r.lpop(P + "l"), "z")
        t.equal("RPOP count", r.rpop(P + "l", 2), ["c", "b"])
        t.equal("LLEN", r.llen(P + "l"), 1)
    with t.section("pipeline"):
        pipe = r.pipeline(transaction=False)
        for i in range(100):
            pipe.set(f"{P}p:{i}", i, ex=300)
        for i in range(100):
            pipe.get(f"{P}p:{i}")
        pipe.incr(P + "n")
        out = pipe.execute()
        t.equal("100 SET EX replies", out[:100], [True] * 100)
        t.equal("100 GET replies", out[100:200], [str(i) for i in range(100)])
        t.equal("INCR at the end", out[200], 43)
    with t.section("pool"):
        pool_workers(t, r, pool)
    with t.section("server"):
        server(t, r, host, port)
    with t.section("transactions"):
        transactions(t, r)
    with t.section("pubsub"):
        pubsub(t, r)
    pool.disconnect()
    t.exit()


def server(t, r, host, port):
    """What ops code and health checks call: INFO, CLIENT, CONFIG GET, another database."""
    info = r.info()
    t.check("INFO has redis_version", "redis_version" in info, sorted(info)[:10])
    t.check("INFO keyspace lists db0", "db0" in r.info("keyspace"), r.info("keyspace"))
    named = redis.Redis(host=host, port=port, db=3, client_name="matrix-py", decode_responses=True)
    t.equal("CLIENT GETNAME of a pool with client_name", named.client_getname(), "matrix-py")
    t.check("CLIENT LIST shows the name", any(c.get("name") == "matrix-py" for c in r.client_list()))
    t.equal("SET in db 3", named.set(P + "db3", "x", px=100), True)
    t.equal("db 3 key not in db 0", r.exists(P + "db3"), 0)
    deadline = time.monotonic() + 5
    while named.exists(P + "db3") and time.monotonic() < deadline:
        time.sleep(0.05)
    t.equal("a PX 100 key expires", named.get(P + "db3"), None)
    named.close()
    t.check("CONFIG GET maxmemory", "maxmemory" in r.config_get("maxmemory"))
    t.check("DBSIZE", r.dbsize() > 0)
    t.check("TIME", r.time()[0] > 1_600_000_000)


def hiredis_version():
    import hiredis
    return hiredis.__version__


def pool_workers(t, r, pool):
    """Eight threads share the pool; each INCRs a counter and sets its own key."""
    errors = []

    def work(n):
        try:
            for _ in range(25):
                r.incr(P + "hits")
            r.set(f"{P}worker:{n}", n, ex=60)
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    r.delete(P + "hits")
    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    t.equal("no worker errors", errors, [])
    t.equal("200 INCRs from 8 threads", r.get(P + "hits"), "200")
    t.equal("every worker's key", r.mget([f"{P}worker:{n}" for n in range(8)]), [str(n) for n in range(8)])
    t.check("pool kept its bound", len(pool._available_connections) + len(pool._in_use_connections) <= 8)


def transactions(t, r):
    pipe = r.pipeline(transaction=True)
    pipe.set(P + "acct", 100).incrby(P + "acct", 5).get(P + "acct")
    t.equal("MULTI/EXEC pipeline", pipe.execute(), [True, 105, "105"])

    def add_one(p):
        value = int(p.get(P + "acct"))
        p.multi()
        p.set(P + "acct", value + 1)

    # Optimistic increments from four threads: every one lands once, whatever the retries.
    def worker():
        for _ in range(5):
            r.transaction(add_one, P + "acct")

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    t.equal("20 WATCH increments from 4 threads", r.get(P + "acct"), "125")

    # A write by another client between WATCH and EXEC aborts the transaction.
    other = redis.Redis(connection_pool=r.connection_pool)
    with r.pipeline() as p:
        p.watch(P + "acct")
        other.set(P + "acct", 0)
        p.multi()
        p.incr(P + "acct")
        try:
            p.execute()
            t.check("EXEC after a conflicting write raises WatchError", False, "EXEC succeeded")
        except redis.WatchError:
            t.check("EXEC after a conflicting write raises WatchError", True)
    t.equal("conflicting write kept", r.get(P + "acct"), "0")
    with r.pipeline() as p:
        p.watch(P + "acct")
        p.multi()
        p.incr(P + "acct")
        t.equal("retry succeeds", p.execute(), [1])


def pubsub(t, r):
    ps = r.pubsub()
    ps.subscribe(P + "news")
    ps.psubscribe(P + "events.*")
    confirmations = [ps.get_message(timeout=5) for _ in range(2)]
    t.equal("subscribe confirmations", [(m["type"], m["channel"]) for m in confirmations if m],
            [("subscribe", P + "news"), ("psubscribe", P + "events.*")])
    t.equal("PUBLISH reaches one subscriber", r.publish(P + "news", "hello"), 1)
    t.equal("PUBLISH reaches one pattern", r.publish(P + "events.login", "ada"), 1)
    got = [wait_message(ps) for _ in range(2)]
    t.equal("message", got[0] and (got[0]["type"], got[0]["channel"], got[0]["data"]),
            ("message", P + "news", "hello"))
    t.equal("pmessage", got[1] and (got[1]["type"], got[1]["pattern"], got[1]["channel"], got[1]["data"]),
            ("pmessage", P + "events.*", P + "events.login", "ada"))
    ps.unsubscribe(P + "news")
    t.equal("unsubscribe", (wait_message(ps) or {}).get("type"), "unsubscribe")
    t.equal("PUBLISH after unsubscribe", r.publish(P + "news", "late"), 0)
    ps.close()


def wait_message(ps, timeout_s=5.0):
    """The next message, skipping the None that get_message returns while waiting."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        m = ps.get_message(timeout=deadline - time.monotonic())
        if m is not None:
            return m
    return None


if __name__ == "__main__":
    main()
