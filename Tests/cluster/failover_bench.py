#!/usr/bin/env python3
"""Failover timing of a 3-node Skiff cluster (a benchmark, not a test).

Kills the leader with SIGKILL N times (restarting it and letting it catch up
each time) and measures: leader killed -> first write acknowledged by the new
leader. Prints every sample and p50/p99/max.

    python3 Tests/cluster/failover_bench.py [--rounds 20] [--tick-ms 100] [--election-ticks 10]

SKIFF_SERVER picks the binary (copied first); SKIFF_TEST_SEED replays the
random pauses before each kill.
"""

import argparse
import math
import os
import random
import shutil
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from skiffharness import Cluster, Resp, seed_for, wait_until  # noqa: E402


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    # nearest rank
    k = max(0, min(len(sorted_values) - 1, math.ceil(p / 100.0 * len(sorted_values)) - 1))
    return sorted_values[k]


def first_write_after(nodes, deadline_s, key):
    """Probe every node with SETs until one is acknowledged; returns the time
    of the first acknowledgement and the node that gave it. A probe whose reply
    does not come within 0.25 s is abandoned and sent again (a follower may
    have forwarded it to the dead leader)."""
    done = threading.Event()
    result = []
    lock = threading.Lock()

    def probe(node):
        conn = None
        i = 0
        while not done.is_set():
            i += 1
            try:
                if conn is None:
                    conn = Resp(node.port, timeout=0.25)
                if conn.call("SET", key, f"{node.name}-{i}") == b"OK":
                    with lock:
                        if not done.is_set():
                            result.append((time.monotonic(), node))
                            done.set()
                    break
            except Exception:  # noqa: BLE001 - no leader yet; try again
                if conn is not None:
                    conn.close()
                    conn = None
                time.sleep(0.005)
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=probe, args=(n,), daemon=True) for n in nodes]
    for t in threads:
        t.start()
    done.wait(deadline_s)
    done.set()
    for t in threads:
        t.join(timeout=5)
    if not result:
        raise RuntimeError(f"no write acknowledged within {deadline_s}s")
    return result[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--tick-ms", type=int, default=100)
    ap.add_argument("--election-ticks", type=int, default=10)
    ap.add_argument("--load-threads", type=int, default=2,
                    help="background writers during each round")
    args = ap.parse_args()
    seed = seed_for("failover-bench")
    rng = random.Random(seed)
    workdir = tempfile.mkdtemp(prefix="skiff-failover-")
    cluster = Cluster(workdir, 3, extra_args=["--cluster-tick-ms", str(args.tick_ms),
                                              "--cluster-election-ticks", str(args.election_ticks)])
    samples = []
    elections = []
    ok = False
    try:
        cluster.start()
        cluster.wait_leader(10)
        for r in range(args.rounds):
            leader = cluster.wait_leader(10)
            target = int(leader.info("raft")["raft_commit_index"])
            wait_until(lambda: all(v >= target for v in cluster.applied_indices().values()), 30,
                       what="every node caught up")
            stop = threading.Event()

            def load(tid):
                conn = None
                i = 0
                while not stop.is_set():
                    i += 1
                    try:
                        if conn is None:
                            conn = Resp(cluster.nodes[tid % 3].port, timeout=1.0)
                        conn.call("SET", f"bg{tid}_{i % 100}", str(i))
                    except Exception:  # noqa: BLE001
                        if conn is not None:
                            conn.close()
                        conn = None
                        time.sleep(0.01)
                if conn is not None:
                    conn.close()
            loaders = [threading.Thread(target=load, args=(t,), daemon=True)
                       for t in range(args.load_threads)]
            for t in loaders:
                t.start()
            time.sleep(rng.uniform(0.2, 0.8))
            survivors = [n for n in cluster.nodes if n is not leader]
            killed_at = time.monotonic()
            leader.kill9()
            acked_at, by = first_write_after(survivors, 30, f"failover{r}")
            new_leader = cluster.wait_leader(10, among=survivors)
            elections.append(new_leader.name)
            stop.set()
            for t in loaders:
                t.join(timeout=10)
            took = acked_at - killed_at
            samples.append(took)
            print(f"round {r + 1:2d}: killed {leader.name}, new leader {new_leader.name}, "
                  f"first write acknowledged (via {by.name}) after {took * 1000:.0f} ms", flush=True)
            leader.start()
        ok = True
    finally:
        cluster.stop()
        if ok:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"logs kept in {workdir}", flush=True)
    s = sorted(samples)
    print(f"\nfailover (leader SIGKILL -> first write acknowledged by the new leader), "
          f"{len(s)} rounds, tick {args.tick_ms} ms x {args.election_ticks} election ticks, "
          f"seed {seed}:")
    print(f"  p50 {percentile(s, 50) * 1000:.0f} ms   p99 {percentile(s, 99) * 1000:.0f} ms   "
          f"max {s[-1] * 1000:.0f} ms   min {s[0] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
