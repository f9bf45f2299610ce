"""Clients on every node read and write a few registers while the leader and
followers are paused (SIGSTOP) and killed; the recorded history is checked.

Every write puts a unique value. The checks are necessary conditions of
linearizability for a register (not a full Wing-Gong search):

* a read returns None only if no write completed before the read began;
* a read never returns a value whose write began after the read completed;
* a read never returns a value w when some other write w2 began after w
  completed and itself completed before the read began (w was surely
  overwritten);
* two reads in real-time order never go back: if r1 completed before r2
  began, r2's write may not have completed before r1's write began.

Writes answered -TRYAGAIN or without a reply count as possibly applied at any
time after their start; -CLUSTERDOWN writes as not applied.
"""

import bisect
import random
import signal
import threading
import time

import pytest

from skiffharness import Cluster, Indeterminate, NotSent, Resp, RespError, seed_for, wait_until

INF = float("inf")


class History:
    def __init__(self):
        self.lock = threading.Lock()
        self.writes = {}  # value -> (key, invoke, complete)
        self.reads = []   # (key, invoke, complete, value, node)
        self.errors = []
        self.counts = {"write_ok": 0, "write_maybe": 0, "write_refused": 0,
                       "read_ok": 0, "read_failed": 0}


def client(tid, node, keys, history, stop, seed):
    rng = random.Random(seed)
    conn = None
    seq = 0
    while not stop.is_set():
        if conn is None:
            conn = Resp(node.port, timeout=4.0)
        key = rng.choice(keys)
        seq += 1
        if rng.random() < 0.5:
            value = f"{tid}.{seq}"
            t0 = time.monotonic()
            try:
                reply = conn.call("SET", key, value)
                t1 = time.monotonic()
                with history.lock:
                    if reply != b"OK":
                        history.errors.append(f"SET replied {reply!r}")
                    history.writes[value] = (key, t0, t1)
                    history.counts["write_ok"] += 1
            except NotSent:
                conn = None
                time.sleep(0.05)
            except (Indeterminate, RespError) as e:
                if isinstance(e, RespError) and e.code not in ("CLUSTERDOWN", "TRYAGAIN"):
                    with history.lock:
                        history.errors.append(f"SET on {node.name}: {e.message}")
                with history.lock:
                    if isinstance(e, RespError) and e.code == "CLUSTERDOWN":
                        history.counts["write_refused"] += 1
                    else:
                        history.writes[value] = (key, t0, INF)
                        history.counts["write_maybe"] += 1
                if isinstance(e, Indeterminate):
                    conn = None
                time.sleep(0.02)
        else:
            t0 = time.monotonic()
            try:
                reply = conn.call("GET", key)
                t1 = time.monotonic()
                with history.lock:
                    history.reads.append((key, t0, t1, reply.decode() if reply is not None else None,
                                          node.name))
                    history.counts["read_ok"] += 1
            except NotSent:
                conn = None
                time.sleep(0.05)
            except (Indeterminate, RespError) as e:
                if isinstance(e, RespError) and e.code not in ("CLUSTERDOWN", "TRYAGAIN"):
                    with history.lock:
                        history.errors.append(f"GET on {node.name}: {e.message}")
                with history.lock:
                    history.counts["read_failed"] += 1
                if isinstance(e, Indeterminate):
                    conn = None
                time.sleep(0.02)
    if conn is not None:
        conn.close()


def check(history):
    bad = []
    # Per key: writes sorted by completion, with the prefix maximum of their
    # start times, so "some write began after w completed and completed before
    # the read began" is one binary search.
    per_key = {}
    for value, (key, t0, t1) in history.writes.items():
        per_key.setdefault(key, []).append((t1, t0, value))
    index = {}
    for key, ws in per_key.items():
        ws.sort()
        comps = [w[0] for w in ws]
        prefix = []
        best = (-INF, None)
        for t1, t0, value in ws:
            if t0 > best[0]:
                best = (t0, (value, t0, t1))
            prefix.append(best)
        index[key] = (comps, prefix)
    for key, rinv, rcomp, value, node in history.reads:
        comps, prefix = index.get(key, ([], []))
        i = bisect.bisect_left(comps, rinv)  # writes [0, i) completed before the read began
        if value is None:
            if i > 0:
                bad.append(f"GET {key} on {node} [{rinv:.3f},{rcomp:.3f}] -> None, but "
                           f"{prefix[i - 1][1][0]} completed before")
            continue
        if value not in history.writes:
            bad.append(f"GET {key} on {node} -> {value!r}, never written")
            continue
        _, winv, wcomp = history.writes[value]
        if winv > rcomp:
            bad.append(f"GET {key} on {node} [{rinv:.3f},{rcomp:.3f}] -> {value} written later at {winv:.3f}")
        if i > 0 and prefix[i - 1][0] > wcomp:
            v2, w2inv, w2comp = prefix[i - 1][1]
            bad.append(f"stale: GET {key} on {node} [{rinv:.3f},{rcomp:.3f}] -> {value} "
                       f"[{winv:.3f},{wcomp:.3f}], overwritten by {v2} [{w2inv:.3f},{w2comp:.3f}]")
    # Reads going back in time.
    by_key = {}
    for r in history.reads:
        if r[3] is not None and r[3] in history.writes:
            by_key.setdefault(r[0], []).append(r)
    for key, rs in by_key.items():
        rs.sort(key=lambda r: r[2])
        # For each read r2, the latest-starting write seen by any read that completed before r2 began.
        max_inv_seen = -INF
        max_inv_val = None
        j = 0
        for r2 in sorted(rs, key=lambda r: r[1]):
            while j < len(rs) and rs[j][2] < r2[1]:
                winv = history.writes[rs[j][3]][1]
                if winv > max_inv_seen:
                    max_inv_seen, max_inv_val = winv, rs[j][3]
                j += 1
            w2comp = history.writes[r2[3]][2]
            if w2comp < max_inv_seen:
                bad.append(f"went back: GET {key} on {r2[4]} at {r2[1]:.3f} -> {r2[3]} (completed "
                           f"{w2comp:.3f}), an earlier read saw {max_inv_val} (begun {max_inv_seen:.3f})")
    return bad


@pytest.mark.parametrize("mode", ["linearizable", "lease"])
def test_history_under_pauses_and_kills(workdir, mode):
    seed = seed_for(f"history/{mode}")
    rng = random.Random(seed)
    cluster = Cluster(workdir, 3, extra_args=["--read-consistency", mode,
                                              "--cluster-write-timeout", "2000"])
    history = History()
    stop = threading.Event()
    faults = []
    try:
        cluster.start()
        cluster.wait_leader(10)
        keys = ["r0", "r1", "r2"]
        threads = []
        for tid in range(6):
            node = cluster.nodes[tid % 3]
            threads.append(threading.Thread(target=client, daemon=True,
                                            args=(tid, node, keys, history, stop, rng.randrange(2**32))))
        for t in threads:
            t.start()
        t_end = time.monotonic() + 12
        t_base = time.monotonic()
        while time.monotonic() < t_end:
            time.sleep(rng.uniform(0.5, 1.5))
            leader = cluster.leader()
            kind = rng.choice(["pause-leader", "pause-leader", "kill-leader", "pause-follower",
                               "kill-follower"])
            if leader is None:
                faults.append((round(time.monotonic() - t_base, 2), "no leader; waiting"))
                continue
            if kind.endswith("leader"):
                victim = leader
            else:
                victim = rng.choice([n for n in cluster.nodes if n is not leader and n.alive()])
            faults.append((round(time.monotonic() - t_base, 2), kind, victim.name))
            if kind.startswith("pause"):
                victim.signal(signal.SIGSTOP)
                time.sleep(rng.uniform(1.5, 3.0))
                victim.signal(signal.SIGCONT)
            else:
                victim.kill9()
                time.sleep(rng.uniform(0.5, 2.0))
                victim.start(wait=False)
        stop.set()
        for t in threads:
            t.join(timeout=30)
        for n in cluster.nodes:
            if not n.alive():
                n.start(wait=False)
        for n in cluster.nodes:
            n.wait_up()
        leader = cluster.wait_leader(10)
        # Final reads through every node join the history.
        for n in cluster.nodes:
            for key in keys:
                t0 = time.monotonic()
                v = wait_until(lambda n=n, key=key: [n.call("GET", key, timeout=10)], 15,
                               what=f"GET on {n.name}")[0]
                history.reads.append((key, t0, time.monotonic(), v.decode() if v else None, n.name))
    finally:
        stop.set()
        cluster.stop()
    print(f"[history/{mode}] seed={seed} faults={faults} counts={history.counts}", flush=True)
    assert not history.errors, f"seed={seed}: {history.errors[:5]}"
    assert history.counts["write_ok"] > 50 and history.counts["read_ok"] > 50, history.counts
    bad = check(history)
    assert not bad, f"seed={seed}: {len(bad)} violations:\n" + "\n".join(bad[:15])
