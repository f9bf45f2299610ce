#!/usr/bin/env python3
"""Snapshot stall: GET latency while snapshots of a large keyspace are written (DESIGN §5).

One single-node skiff-server (appendonly yes, appendfsync always) is loaded with --keys
keys ("key:%012d", redis-benchmark's key names) through MSETs of 1000 keys. Then
redis-benchmark runs GETs over those keys while a trickle writer sends SETs at --write-rate
per second; with --snapshot-threshold-entries N, every N of those writes takes a snapshot
of the whole keyspace, so several snapshots are written during the GET run. The run is
repeated with snapshots effectively off (threshold 10^12) as the baseline. Prints GET
p50/p99/max and how many snapshots were saved. Not a test: it asserts nothing.

    python3 Tests/bench/snapshot_stall.py                      # .build/release/skiff-server
    python3 Tests/bench/snapshot_stall.py --skiff /tmp/old-skiff-server --keys 1000000
"""

import argparse
import csv
import io
import os
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import servers  # noqa: E402

MSET_KEYS = 1000


def command(*words):
    out = [b"*%d\r\n" % len(words)]
    for word in words:
        word = word if isinstance(word, bytes) else str(word).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(word), word))
    return b"".join(out)


def read_replies(sock, count, buffer=b""):
    """Reads `count` simple replies (+OK/-ERR/:n lines); returns the leftover bytes."""
    while count:
        while b"\r\n" not in buffer:
            chunk = sock.recv(65536)
            if not chunk:
                raise RuntimeError("server closed the connection")
            buffer += chunk
        line, buffer = buffer.split(b"\r\n", 1)
        if line.startswith(b"-"):
            raise RuntimeError(f"server error: {line!r}")
        count -= 1
    return buffer


def load(port, keys):
    with socket.create_connection(("127.0.0.1", port)) as sock:
        window = 16  # MSETs in flight
        sent = answered = 0
        leftover = b""
        value = b"v" * 16
        for start in range(0, keys, MSET_KEYS):
            words = ["MSET"]
            for i in range(start, min(keys, start + MSET_KEYS)):
                words += [b"key:%012d" % i, value]
            sock.sendall(command(*words))
            sent += 1
            if sent - answered >= window:
                leftover = read_replies(sock, 1, leftover)
                answered += 1
        read_replies(sock, sent - answered, leftover)


def trickle(port, rate, stop):
    """SETs at `rate` per second until `stop` is set (each one is a log entry)."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        leftover = b""
        n = 0
        started = time.monotonic()
        while not stop.is_set():
            sock.sendall(command("SET", "trickle:%d" % (n % 1000), n))
            leftover = read_replies(sock, 1, leftover)
            n += 1
            delay = started + n / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)


def get_benchmark(port, keys, requests):
    argv = ["redis-benchmark", "-h", "127.0.0.1", "-p", str(port), "-t", "get", "-c", "50",
            "-n", str(requests), "-r", str(keys), "-q", "--csv"]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=1800)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    if not rows:
        raise RuntimeError(f"redis-benchmark printed nothing usable: {out.stdout!r} {out.stderr!r}")
    return rows[0]


def snapshots_saved(server):
    with open(server.log_path, "rb") as f:
        return f.read().count(b"snapshot at index")


def run(opts, threshold):
    extra = ["--appendonly", "yes", "--appendfsync", "always",
             "--snapshot-threshold-entries", str(threshold), "--snapshot-threshold-bytes", "1000gb"]
    server = servers.skiff_server(path=opts.skiff, extra_args=extra, name="snapstall")
    try:
        server.start()
        started = time.monotonic()
        load(server.port, opts.keys)
        loaded_s = time.monotonic() - started
        before = snapshots_saved(server)
        stop = threading.Event()
        writer = threading.Thread(target=trickle, args=(server.port, opts.write_rate, stop), daemon=True)
        writer.start()
        row = get_benchmark(server.port, opts.keys, opts.requests)
        stop.set()
        writer.join()
        time.sleep(0.2)
        return row, snapshots_saved(server) - before, loaded_s
    finally:
        server.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--skiff", help="path of skiff-server (default env SKIFF_SERVER or .build/release/skiff-server)")
    ap.add_argument("--keys", type=int, default=1_000_000)
    ap.add_argument("-n", "--requests", type=int, default=1_000_000, help="GETs per run")
    ap.add_argument("--write-rate", type=float, default=500, help="trickle SETs per second during the GETs")
    ap.add_argument("--snapshot-every", type=int, default=1000,
                    help="snapshot-threshold-entries during the GET run (log entries)")
    opts = ap.parse_args()
    print(f"snapshot stall: {opts.keys} keys, {opts.requests} GETs -c 50, "
          f"{opts.write_rate:.0f} SET/s trickle", flush=True)
    for label, threshold in [("no snapshots", 10 ** 12), (f"snapshot every {opts.snapshot_every} entries",
                                                          opts.snapshot_every)]:
        row, saved, loaded_s = run(opts, threshold)
        print(f"  {label:32s} GET {float(row['rps']):9.0f} rps  p50 {row['p50_latency_ms']} ms  "
              f"p99 {row['p99_latency_ms']} ms  max {row['max_latency_ms']} ms  "
              f"snapshots during GETs: {saved}  (load {loaded_s:.1f} s)", flush=True)


if __name__ == "__main__":
    main()
