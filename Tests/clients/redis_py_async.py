"""redis-py's asyncio client with the hiredis parser, as an async service uses it: a blocking
pool shared by many tasks, pipelines, TTLs, counters, hashes, sorted sets, lists, WATCH
retries, pub/sub.

Pinned to RESP2 (the sync program keeps redis-py 8's RESP3 default), so the matrix covers
the hiredis parser in both protocols."""

import asyncio

import hiredis
import redis
import redis.asyncio as aioredis
from checks import Checks, target

P = "py-async:"


async def main():
    host, port = target()
    t = Checks("redis-py-asyncio", f"{redis.__version__} (hiredis {hiredis.__version__}, RESP2)")
    pool = aioredis.BlockingConnectionPool(host=host, port=port, protocol=2, decode_responses=True,
                                           max_connections=6, timeout=10, socket_timeout=10)
    r = aioredis.Redis(connection_pool=pool)
    with t.section("connection"):
        t.equal("PING", await r.ping(), True)
        connection = await pool.get_connection()
        t.equal("hiredis parser in use", type(connection._parser).__name__, "_AsyncHiredisParser")
        await pool.release(connection)
        # Leftovers of an earlier run go first (SCAN MATCH, then DEL), as a deploy script would.
        stale = [k async for k in r.scan_iter(match=P + "*", count=100)]
        if stale:
            await r.delete(*stale)
        t.equal("no keys left under the prefix", [k async for k in r.scan_iter(match=P + "*")], [])
    with t.section("strings"):
        t.equal("SET EX", await r.set(P + "s", "v1", ex=120), True)
        t.equal("GET", await r.get(P + "s"), "v1")
        ttl = await r.ttl(P + "s")
        t.check("TTL after SET EX", 115 <= ttl <= 120, ttl)
        t.equal("PERSIST", await r.persist(P + "s"), True)
        t.equal("TTL after PERSIST", await r.ttl(P + "s"), -1)
        t.equal("EXPIRE", await r.expire(P + "s", 30), True)
        ttl = await r.ttl(P + "s")
        t.check("TTL after EXPIRE", 25 <= ttl <= 30, ttl)
        t.equal("INCR", await r.incr(P + "n"), 1)
        t.equal("DECRBY", await r.decrby(P + "n", 3), -2)
        t.equal("SET KEEPTTL", await r.set(P + "s", "v2", keepttl=True), True)
        t.check("TTL kept", 0 < await r.ttl(P + "s") <= 30)
        t.equal("SET GET returns the old value", await r.set(P + "s", "v3", get=True), "v2")
        t.equal("TTL cleared by a plain SET", await r.ttl(P + "s"), -1)
    with t.section("hashes"):
        t.equal("HSET mapping", await r.hset(P + "h", mapping={"a": "1", "b": "2"}), 2)
        t.equal("HINCRBY", await r.hincrby(P + "h", "a", 10), 11)
        t.equal("HGETALL", await r.hgetall(P + "h"), {"a": "11", "b": "2"})
        t.equal("HEXISTS", await r.hexists(P + "h", "b"), True)
        t.equal("HKEYS", sorted(await r.hkeys(P + "h")), ["a", "b"])
    with t.section("sorted-sets"):
        t.equal("ZADD", await r.zadd(P + "z", {"x": 1.5, "y": 2.5, "w": -1}), 3)
        t.equal("ZRANGE WITHSCORES", await r.zrange(P + "z", 0, -1, withscores=True),
                [("w", -1.0), ("x", 1.5), ("y", 2.5)])
        t.equal("ZINCRBY", await r.zincrby(P + "z", 2, "w"), 1.0)
        t.equal("ZRANK", await r.zrank(P + "z", "w"), 0)
        t.equal("ZREVRANK", await r.zrevrank(P + "z", "w"), 2)
        t.equal("ZRANGEBYSCORE", await r.zrangebyscore(P + "z", 1, 2), ["w", "x"])
    with t.section("lists"):
        t.equal("RPUSH", await r.rpush(P + "l", *[str(i) for i in range(10)]), 10)
        t.equal("LTRIM", await r.ltrim(P + "l", 0, 4), True)
        t.equal("LRANGE", await r.lrange(P + "l", 0, -1), ["0", "1", "2", "3", "4"])
        t.equal("LINDEX", await r.lindex(P + "l", -1), "4")
        t.equal("LPOP", await r.lpop(P + "l"), "0")
    with t.section("pipeline"):
        async with r.pipeline(transaction=False) as pipe:
            for i in range(50):
                pipe.hset(f"{P}user:{i}", mapping={"id": i})
                pipe.expire(f"{P}user:{i}", 300)
            for i in range(50):
                pipe.hget(f"{P}user:{i}", "id")
            out = await pipe.execute()
        t.equal("50 HSET, 50 EXPIRE replies", out[:100], [1, True] * 50)
        t.equal("50 HGET replies", out[100:], [str(i) for i in range(50)])
    with t.section("pool"):
        # 40 concurrent tasks over 6 pooled connections: the pool makes them wait their turn.
        await asyncio.gather(*[r.incr(P + "hits") for _ in range(40)])
        t.equal("40 concurrent INCRs", await r.get(P + "hits"), "40")
        opened = len(pool._available_connections) + len(pool._in_use_connections)
        t.check("pool kept its bound", opened <= 6, f"{opened} connections")
    with t.section("transactions"):
        await transactions(t, r)
    with t.section("pubsub"):
        await pubsub(t, r)
    await r.aclose()
    await pool.disconnect()
    t.exit()


async def transactions(t, r):
    async with r.pipeline(transaction=True) as pipe:
        out = await pipe.set(P + "acct", 10).incr(P + "acct").execute()
    t.equal("MULTI/EXEC pipeline", out, [True, 11])

    async def add_one(p):
        value = int(await p.get(P + "acct"))
        p.multi()
        p.set(P + "acct", value + 1)

    # Ten concurrent optimistic increments: conflicts retry until each lands once.
    await asyncio.gather(*[r.transaction(add_one, P + "acct") for _ in range(10)])
    t.equal("10 concurrent WATCH increments", await r.get(P + "acct"), "21")

    async with r.pipeline() as p:
        await p.watch(P + "acct")
        await r.set(P + "acct", 100)
        p.multi()
        p.incr(P + "acct")
        try:
            await p.execute()
            t.check("EXEC after a conflicting write raises WatchError", False, "EXEC succeeded")
        except redis.WatchError:
            t.check("EXEC after a conflicting write raises WatchError", True)
    t.equal("conflicting write kept", await r.get(P + "acct"), "100")


async def pubsub(t, r):
    ps = r.pubsub()
    await ps.subscribe(P + "chat")
    first = await ps.get_message(timeout=5)
    t.equal("subscribe confirmation", first and (first["type"], first["channel"]), ("subscribe", P + "chat"))
    receivers = [await r.publish(P + "chat", f"m{i}") for i in range(3)]
    t.equal("three PUBLISH reach one subscriber each", receivers, [1, 1, 1])
    got = []
    for _ in range(3):
        m = await ps.get_message(ignore_subscribe_messages=True, timeout=5)
        got.append(m and m["data"])
    t.equal("messages in publish order", got, ["m0", "m1", "m2"])
    await ps.unsubscribe()
    await ps.aclose()


if __name__ == "__main__":
    asyncio.run(main())
