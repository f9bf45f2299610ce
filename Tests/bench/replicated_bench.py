#!/usr/bin/env python3
"""Replicated durable writes side by side (a benchmark, not a test; issue 5):

  * a 3-node Skiff cluster (appendfsync always, the default), writes sent to the leader;
  * a 3-member etcd cluster (Debian's etcd-server), puts through its HTTP/JSON gRPC
    gateway (/v3/kv/put): etcd's own `benchmark` tool is not packaged, so a Python load
    generator (one thread and keep-alive connection per client) drives it; the GIL caps
    that generator at some thousands of requests per second, so a figure near that cap
    understates etcd;
  * one redis-server --appendonly yes --appendfsync always.

redis-benchmark drives the RESP servers. Each run: C concurrent clients, N requests,
pipeline 1; prints throughput, p50 and p99, then linearizable GET on the Skiff leader vs
the single Redis, and the ratios the issue sets as targets.

    python3 Tests/bench/replicated_bench.py [-c 50] [-n 100000] [--etcd-requests 20000]

SKIFF_SERVER picks the binary (default .build/release/skiff-server).
"""

import argparse
import base64
import csv
import http.client
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
sys.path.insert(0, os.path.join(HERE, "..", "cluster"))
if not os.environ.get("SKIFF_SERVER"):
    os.environ["SKIFF_SERVER"] = os.path.join(HERE, "..", "..", ".build", "release", "skiff-server")

import servers  # noqa: E402
from skiffharness import Cluster, free_port, wait_until  # noqa: E402


def redis_benchmark(port, test, clients, requests):
    """(requests/s, p50 ms, p99 ms) of one redis-benchmark --csv run."""
    argv = ["redis-benchmark", "-h", "127.0.0.1", "-p", str(port), "-t", test, "-c", str(clients),
            "-n", str(requests), "-r", "100000", "-q", "--csv"]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=1800)
    for row in csv.DictReader(io.StringIO(out.stdout)):
        return float(row["rps"]), float(row["p50_latency_ms"]), float(row["p99_latency_ms"])
    raise RuntimeError(f"redis-benchmark printed nothing usable: {out.stdout!r} {out.stderr!r}")


def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(p / 100.0 * len(sorted_values)))]


# ---------------------------------------------------------------------------
# etcd


class EtcdCluster:
    """Three etcd members on loopback, each on its own data dir; stopped by pid."""

    def __init__(self, workdir):
        self.members = []
        for i in range(3):
            self.members.append({"name": f"e{i + 1}", "client": free_port(), "peer": free_port(),
                                 "dir": os.path.join(workdir, f"etcd{i + 1}")})
        self.procs = []

    def start(self):
        initial = ",".join(f"{m['name']}=http://127.0.0.1:{m['peer']}" for m in self.members)
        for m in self.members:
            argv = ["etcd", "--name", m["name"], "--data-dir", m["dir"],
                    "--listen-client-urls", f"http://127.0.0.1:{m['client']}",
                    "--advertise-client-urls", f"http://127.0.0.1:{m['client']}",
                    "--listen-peer-urls", f"http://127.0.0.1:{m['peer']}",
                    "--initial-advertise-peer-urls", f"http://127.0.0.1:{m['peer']}",
                    "--initial-cluster", initial, "--initial-cluster-state", "new",
                    "--initial-cluster-token", "skiff-bench", "--log-level", "error"]
            log = open(m["dir"] + ".log", "wb")
            self.procs.append(subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                               stdin=subprocess.DEVNULL))
            log.close()
        wait_until(lambda: self.leader_port() is not None, 30, what="an etcd leader")
        return self

    def leader_port(self):
        for m in self.members:
            try:
                status = post(m["client"], "/v3/maintenance/status", {})
            except OSError:
                continue
            if status.get("leader") and status["leader"] == status.get("header", {}).get("member_id"):
                return m["client"]
        return None

    def stop(self):
        for p in self.procs:
            if p.poll() is None:
                os.kill(p.pid, signal.SIGKILL)
                p.wait(timeout=10)


def post(port, path, body, conn=None):
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
        response = conn.getresponse()
        data = response.read()
        if response.status != 200:
            raise OSError(f"{path}: HTTP {response.status} {data[:200]!r}")
        return json.loads(data)
    finally:
        if own:
            conn.close()


def http_put_load(port, clients, requests):
    """(requests/s, p50 ms, p99 ms) of `requests` puts over `clients` keep-alive connections."""
    latencies = []
    lock = threading.Lock()
    per_client = requests // clients

    def run(tid):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for i in range(per_client):
            body = {"key": base64.b64encode(f"key:{tid}:{i % 1000}".encode()).decode(),
                    "value": base64.b64encode(b"xxx").decode()}
            t0 = time.perf_counter()
            post(port, "/v3/kv/put", body, conn)
            mine.append(time.perf_counter() - t0)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=run, args=(t,)) for t in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    s = sorted(latencies)
    return len(s) / elapsed, percentile(s, 50) * 1000, percentile(s, 99) * 1000


# ---------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-c", "--clients", type=int, default=50)
    ap.add_argument("-n", "--requests", type=int, default=100000)
    ap.add_argument("--etcd-requests", type=int, default=20000)
    opts = ap.parse_args()
    workdir = tempfile.mkdtemp(prefix="skiff-replicated-bench-")
    rows = {}
    skiff = etcd = redis = None
    try:
        skiff = Cluster(workdir, 3).start()
        leader = skiff.wait_leader(15)
        rows["skiff 3-node SET (leader)"] = redis_benchmark(leader.port, "set", opts.clients, opts.requests)
        rows["skiff 3-node GET (leader, linearizable)"] = redis_benchmark(leader.port, "get", opts.clients,
                                                                           opts.requests)
        skiff.stop()
        skiff = None

        redis = servers.redis_server(extra_args=["--appendonly", "yes", "--appendfsync", "always"],
                                     name="redis-always").start()
        rows["redis 1 node SET (appendfsync always)"] = redis_benchmark(redis.port, "set", opts.clients,
                                                                          opts.requests)
        rows["redis 1 node GET"] = redis_benchmark(redis.port, "get", opts.clients, opts.requests)
        redis.stop()
        redis = None

        if shutil.which("etcd"):
            etcd = EtcdCluster(workdir).start()
            rows["etcd 3-member put (HTTP gateway, Python load)"] = http_put_load(
                etcd.leader_port(), opts.clients, opts.etcd_requests)
        else:
            print("etcd not installed (apt-get install etcd-server): skipped", flush=True)
    finally:
        for s in (skiff, etcd, redis):
            if s is not None:
                s.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"\n{opts.clients} clients, pipeline 1, durable writes (fsync before the reply):")
    print(f"  {'':48s} {'req/s':>10s} {'p50 ms':>8s} {'p99 ms':>8s}")
    for name, (rps, p50, p99) in rows.items():
        print(f"  {name:48s} {rps:10.0f} {p50:8.3f} {p99:8.3f}")

    def ratio(a, b, target):
        if a in rows and b in rows:
            print(f"  {a} / {b}: {rows[a][0] / rows[b][0]:.2f}x (target >= {target}x)")
    print()
    ratio("skiff 3-node SET (leader)", "etcd 3-member put (HTTP gateway, Python load)", 10)
    ratio("skiff 3-node SET (leader)", "redis 1 node SET (appendfsync always)", 1.0)
    ratio("skiff 3-node GET (leader, linearizable)", "redis 1 node GET", 0.7)


if __name__ == "__main__":
    main()
