#!/usr/bin/env python3
"""Cache benchmark (not a test): a Zipf read-through workload side by side against
redis-server and skiff-server at the same maxmemory and policy.

Each client process repeats: GET a batch of keys drawn from a Zipf distribution over a
key space several times larger than memory (pipelined), then SET the misses (pipelined),
as an application filling its cache on miss does. Both servers get the same request
streams (one seed). Printed per policy and server: hit ratio, operations per second,
used_memory against maxmemory at steady state, and the process's resident memory.

    python3 Tests/bench/cache_bench.py                        # allkeys-lru and allkeys-lfu
    python3 Tests/bench/cache_bench.py --keys 1000000 --maxmemory 64mb --seconds 30
"""

import argparse
import multiprocessing
import os
import socket
import sys
import time

import hiredis
import numpy

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import servers  # noqa: E402


def encode(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


def zipf_stream(keys, exponent, count, seed):
    """`count` key indexes, index i drawn with weight 1/(i+1)^exponent, then shuffled
    through a fixed permutation so hot keys are spread over the key space."""
    rng = numpy.random.default_rng(seed)
    weights = 1.0 / numpy.arange(1, keys + 1, dtype=numpy.float64) ** exponent
    cdf = numpy.cumsum(weights)
    cdf /= cdf[-1]
    ranks = numpy.searchsorted(cdf, rng.random(count))
    permutation = numpy.random.default_rng(12345).permutation(keys)
    return permutation[numpy.minimum(ranks, keys - 1)]


def worker(port, stream, value, batch, warmup_end, stop_at, results):
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    reader = hiredis.Reader()

    def replies(n):
        got = []
        while len(got) < n:
            item = reader.gets()
            if item is False:
                reader.feed(sock.recv(1 << 16))
                continue
            got.append(item)
        return got

    gets = hits = sets = errors = 0
    position = 0
    names = [b"key:%d" % i for i in stream]
    while True:
        now = time.monotonic()
        if now >= stop_at:
            break
        chunk = names[position:position + batch]
        position = (position + batch) % (len(names) - batch)
        sock.sendall(b"".join(encode(b"GET", k) for k in chunk))
        answers = replies(len(chunk))
        misses = [k for k, a in zip(chunk, answers) if a is None]
        if misses:
            sock.sendall(b"".join(encode(b"SET", k, value) for k in misses))
            errors += sum(isinstance(a, hiredis.ReplyError) for a in replies(len(misses)))
        if now >= warmup_end:
            gets += len(chunk)
            hits += len(chunk) - len(misses)
            sets += len(misses)
    sock.close()
    results.put((gets, hits, sets, errors))


def cpu_seconds(pid):
    """User plus system CPU seconds of a process (from /proc)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def info(port):
    sock = socket.create_connection(("127.0.0.1", port))
    reader = hiredis.Reader()
    sock.sendall(encode(b"INFO", b"all"))
    while True:
        reader.feed(sock.recv(1 << 16))
        item = reader.gets()
        if item is not False:
            break
    sock.close()
    fields = {}
    for line in item.decode().splitlines():
        if ":" in line and not line.startswith("#"):
            k, v = line.split(":", 1)
            fields[k] = v
    return fields


def run_one(server, streams, opts):
    server.start()
    try:
        start = time.monotonic()
        warmup_end = start + opts.warmup
        stop_at = warmup_end + opts.seconds
        results = multiprocessing.Queue()
        value = b"v" * opts.value
        procs = [multiprocessing.Process(target=worker, args=(server.port, s, value, opts.batch, warmup_end,
                                                              stop_at, results)) for s in streams]
        for p in procs:
            p.start()
        # used_memory sampled through the measured window; server CPU time over it.
        samples = []
        cpu_start = None
        while time.monotonic() < stop_at - 0.5:
            time.sleep(0.5)
            if cpu_start is None and time.monotonic() >= warmup_end:
                cpu_start, cpu_from = cpu_seconds(server.proc.pid), time.monotonic()
            if time.monotonic() >= warmup_end:
                fields = info(server.port)
                samples.append(int(fields["used_memory"]) - int(fields.get("mem_not_counted_for_evict", 0)))
        # Server CPU seconds per second of the part of the window it was measured over.
        cpu_rate = (cpu_seconds(server.proc.pid) - cpu_start) / (time.monotonic() - cpu_from) if cpu_start else 0.0
        totals = [results.get() for _ in procs]
        for p in procs:
            p.join()
        fields = info(server.port)
        gets = sum(t[0] for t in totals)
        hits = sum(t[1] for t in totals)
        sets = sum(t[2] for t in totals)
        return {
            "hit": hits / max(1, gets),
            "ops": (gets + sets) / opts.seconds,
            # CPU per operation: steadier than throughput on a machine shared with other work.
            "cpu_us": cpu_rate * 1e6 * opts.seconds / max(1, gets + sets),
            "errors": sum(t[3] for t in totals),
            "used_mean": sum(samples) / max(1, len(samples)),
            "used_max": max(samples or [0]),
            "rss": int(fields["used_memory_rss"]),
            "allocated": int(fields.get("allocator_allocated", 0)),
            "evicted": int(fields["evicted_keys"]),
            "keys": sum(int(v.split(",")[0].split("=")[1]) for k, v in fields.items() if k.startswith("db")),
        }
    finally:
        server.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--skiff", help="path of skiff-server (default env SKIFF_SERVER or .build/release/skiff-server)")
    ap.add_argument("--policies", default="allkeys-lru,allkeys-lfu")
    ap.add_argument("--keys", type=int, default=500_000, help="key space size")
    ap.add_argument("--value", type=int, default=100, help="value bytes")
    ap.add_argument("--maxmemory", default="16mb")
    ap.add_argument("--zipf", type=float, default=0.99, help="Zipf exponent")
    ap.add_argument("--clients", type=int, default=3, help="client processes")
    ap.add_argument("--batch", type=int, default=32, help="GETs per pipelined batch")
    ap.add_argument("--warmup", type=float, default=15.0, help="seconds before measuring")
    ap.add_argument("--seconds", type=float, default=20.0, help="seconds measured")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=1,
                    help="runs per server, alternating servers; the median-throughput run is shown")
    ap.add_argument("--ideal", action="store_true",
                    help="also print exact-LRU and perfect-LFU hit ratios at each server's key count")
    opts = ap.parse_args()

    print(f"seed {opts.seed}: {opts.keys} keys of {opts.value}-byte values, Zipf {opts.zipf}, "
          f"maxmemory {opts.maxmemory}, {opts.clients} clients x batches of {opts.batch}, "
          f"{opts.warmup:.0f}s warm-up + {opts.seconds:.0f}s measured", flush=True)
    streams = [zipf_stream(opts.keys, opts.zipf, 2_000_000, opts.seed * 1000 + i) for i in range(opts.clients)]
    header = f"{'policy':<12} {'server':<6} {'hit ratio':>9} {'ops/s':>9} {'cpu µs/op':>9} {'used/max':>9} {'peak/max':>9} " \
             f"{'rss MB':>7} {'alloc MB':>8} {'keys':>8} {'evicted':>9}"
    print(header)
    rows = {}
    for policy in opts.policies.split(","):
        extra = ["--maxmemory", opts.maxmemory, "--maxmemory-policy", policy]
        runs = {"redis": [], "skiff": []}
        for _ in range(opts.rounds):  # alternating, so a noisy neighbour hits both alike
            for name in ["redis", "skiff"]:
                server = servers.redis_server(extra_args=extra) if name == "redis" else \
                    servers.skiff_server(path=opts.skiff, extra_args=extra)
                runs[name].append(run_one(server, streams, opts))
        for name in ["redis", "skiff"]:
            r = sorted(runs[name], key=lambda run: run["ops"])[len(runs[name]) // 2]
            limit = int(info_limit(opts.maxmemory))
            rows[(policy, name)] = r
            print(f"{policy:<12} {name:<6} {r['hit']:>9.4f} {r['ops']:>9.0f} {r['cpu_us']:>9.2f} "
                  f"{r['used_mean'] / limit:>9.3f} "
                  f"{r['used_max'] / limit:>9.3f} {r['rss'] / 2**20:>7.1f} {r['allocated'] / 2**20:>8.1f} "
                  f"{r['keys']:>8} {r['evicted']:>9}" + (f"  errors {r['errors']}" if r["errors"] else "")
                  + (f"  (ops/s of all rounds: {' '.join(str(int(x['ops'])) for x in runs[name])})"
                     if opts.rounds > 1 else ""), flush=True)
        s, d = rows[(policy, "skiff")], rows[(policy, "redis")]
        print(f"{policy:<12} skiff/redis: hit ratio {s['hit'] - d['hit']:+.4f}, throughput "
              f"{s['ops'] / d['ops']:.2f}x, CPU per op {s['cpu_us'] / d['cpu_us']:.2f}x, "
              f"rss {s['rss'] / d['rss']:.2f}x", flush=True)
        if opts.ideal:
            for name in ["redis", "skiff"]:
                capacity = rows[(policy, name)]["keys"]
                print(f"{policy:<12} {name:<6} at {capacity} keys: exact LRU {exact_lru(streams[0], capacity):.4f}, "
                      f"perfect LFU {perfect_lfu(opts.keys, opts.zipf, capacity):.4f}", flush=True)


def exact_lru(stream, capacity, warm=500_000):
    """The hit ratio of an exact LRU cache of `capacity` keys on `stream` (after `warm`)."""
    from collections import OrderedDict
    cache = OrderedDict()
    hits = 0
    keys = stream.tolist()
    for position, key in enumerate(keys):
        if key in cache:
            cache.move_to_end(key)
            hits += position >= warm
        else:
            cache[key] = True
            if len(cache) > capacity:
                cache.popitem(last=False)
    return hits / max(1, len(keys) - warm)


def perfect_lfu(keys, exponent, capacity):
    """The hit ratio of a cache that holds exactly the `capacity` most popular keys."""
    weights = 1.0 / numpy.arange(1, keys + 1, dtype=numpy.float64) ** exponent
    return float(weights[:capacity].sum() / weights.sum())


def info_limit(text):
    units = {"kb": 1024, "mb": 1024 ** 2, "gb": 1024 ** 3, "k": 1000, "m": 10 ** 6, "g": 10 ** 9}
    lower = text.lower()
    for suffix in sorted(units, key=len, reverse=True):
        if lower.endswith(suffix):
            return int(lower[:-len(suffix)]) * units[suffix]
    return int(lower)


if __name__ == "__main__":
    main()
