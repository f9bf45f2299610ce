#!/usr/bin/env python3
"""Memory per element, side by side: one hash, one set and one sorted set of N elements
each (1M by default), loaded into redis-server and skiff-server started fresh, one key
per server run. Prints INFO used_memory and the resident-size growth (VmRSS from /proc)
per element and their ratios. Not a test: it asserts nothing (DESIGN §10.7).

    python3 Tests/bench/memory.py                 # .build/release/skiff-server
    python3 Tests/bench/memory.py -n 200000 --kinds zset
"""

import argparse
import os
import sys
import time

import redis

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import servers  # noqa: E402

BATCH = 1000

# kind: (command, arguments for the elements i .. i+BATCH-1)
LOADERS = {
    "hash": ("HSET", lambda i: [x for j in range(i, i + BATCH) for x in (f"field:{j}", f"value:{j}")]),
    "set": ("SADD", lambda i: [f"member:{j}" for j in range(i, i + BATCH)]),
    "zset": ("ZADD", lambda i: [x for j in range(i, i + BATCH) for x in (j * 7 % 1000003, f"member:{j}")]),
}


def rss_bytes(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def used_memory(client):
    return int(client.info("memory")["used_memory"])


def measure(server, kind, count):
    """(used_memory growth, RSS growth) in bytes after loading `count` elements of `kind`."""
    server.start()
    try:
        client = redis.Redis(port=server.port)
        time.sleep(0.2)
        used0, rss0 = used_memory(client), rss_bytes(server.proc.pid)
        command, arguments = LOADERS[kind]
        pipe = client.pipeline(transaction=False)
        for start in range(0, count, BATCH):
            pipe.execute_command(command, "big", *arguments(start))
            if (start // BATCH) % 50 == 49:
                pipe.execute()
        pipe.execute()
        time.sleep(0.2)
        return used_memory(client) - used0, rss_bytes(server.proc.pid) - rss0
    finally:
        server.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--skiff", help="path of skiff-server (default env SKIFF_SERVER or .build/release/skiff-server)")
    ap.add_argument("-n", "--elements", type=int, default=1_000_000)
    ap.add_argument("--kinds", default="hash,set,zset")
    opts = ap.parse_args()
    count = opts.elements - opts.elements % BATCH
    print(f"memory: {count} elements in one key per kind; bytes per element")
    print(f"{'kind':5} {'redis used':>11} {'skiff used':>11} {'ratio':>6} {'redis rss':>10} {'skiff rss':>10} {'ratio':>6}")
    for kind in opts.kinds.split(","):
        redis_used, redis_rss = measure(servers.redis_server(name="redis"), kind, count)
        skiff_used, skiff_rss = measure(servers.skiff_server(path=opts.skiff, name="skiff"), kind, count)
        print(f"{kind:5} {redis_used / count:11.1f} {skiff_used / count:11.1f} {skiff_used / redis_used:6.2f} "
              f"{redis_rss / count:10.1f} {skiff_rss / count:10.1f} {skiff_rss / redis_rss:6.2f}", flush=True)


if __name__ == "__main__":
    main()
