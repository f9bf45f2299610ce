"""Real-process tests of a Skiff cluster (3 nodes, one test with 5).

Each test starts its own cluster on free 127.0.0.1 ports in its own temp dir
and stops every process by pid at the end. Randomized tests print their seed;
SKIFF_TEST_SEED replays it. Time bounds are liveness bounds only.
"""

import os
import random
import signal
import socket
import subprocess
import threading
import time

import pytest
import redis

from skiffharness import (Cluster, Indeterminate, NotSent, Resp, RespError, _encode, seed_for,
                          wait_until)

LEADER_BOUND = 10.0  # seconds: a leader must appear within this


@pytest.fixture
def make_cluster(workdir):
    made = []

    def make(n=3, extra_args=(), per_node_args=None, start=True):
        c = Cluster(workdir, n, extra_args=extra_args, per_node_args=per_node_args)
        made.append(c)
        if start:
            c.start()
        return c

    try:
        yield make
    finally:
        for c in made:
            c.stop()


def followers_of(cluster, leader):
    return [n for n in cluster.running() if n is not leader]


def wait_caught_up(cluster, nodes, timeout=15.0):
    """Every node in `nodes` applies at least the leader's commit index."""
    leader = cluster.wait_leader(LEADER_BOUND)
    target = int(leader.info("raft")["raft_commit_index"])

    def done():
        idx = cluster.applied_indices(nodes)
        return all(v >= target for v in idx.values()) and idx
    return wait_until(done, timeout, what=f"applied index >= {target} on {[n.name for n in nodes]}")


# ---------------------------------------------------------------------------
# A write load: each thread owns its keys and writes unique values to them,
# moving to the next node when its node stops answering.


class ClusterLoad:
    def __init__(self, nodes, threads, keys_per_thread, seed, retry_window=None):
        self.nodes = list(nodes)
        self.lock = threading.Lock()
        self.stop_event = threading.Event()
        self.acked = {}      # key -> (seq, value) of the last acknowledged SET
        self.pending = {}    # key -> [values whose outcome is unknown]
        self.ack_times = []  # (monotonic time, node name) of every acknowledgement
        self.errors = []
        self.retry_windows = []  # for retry mode: how long each write needed
        self.retry_window = retry_window
        self.counts = {"acked": 0, "indeterminate": 0, "refused": 0}
        self.threads = [threading.Thread(target=self._run, args=(t, random.Random(seed + t)),
                                         daemon=True, name=f"load-{t}")
                        for t in range(threads)]
        self.keys_per_thread = keys_per_thread

    def start(self):
        for t in self.threads:
            t.start()
        return self

    def stop(self):
        self.stop_event.set()
        for t in self.threads:
            t.join(timeout=30)
            assert not t.is_alive(), f"{t.name} hung"

    def _run(self, tid, rng):
        node_i = tid % len(self.nodes)
        conn = None
        seq = 0
        while not self.stop_event.is_set():
            if conn is None:
                conn = Resp(self.nodes[node_i].port, timeout=10.0)
            seq += 1
            key = f"load_{tid}_{rng.randrange(self.keys_per_thread)}"
            value = f"v{tid}_{seq}"
            first_try = time.monotonic()
            while True:
                outcome, node = self._attempt(conn, key, value, seq, node_i)
                if outcome == "ack":
                    if self.retry_window is not None:
                        with self.lock:
                            self.retry_windows.append(time.monotonic() - first_try)
                    break
                conn.close()
                node_i = (node_i + 1) % len(self.nodes)
                conn = Resp(self.nodes[node_i].port, timeout=10.0)
                if outcome == "refused":
                    time.sleep(0.02)
                if self.retry_window is None:
                    break
                if time.monotonic() - first_try > self.retry_window:
                    with self.lock:
                        self.errors.append(f"{key}={value}: not acknowledged within "
                                           f"{self.retry_window}s of retries")
                    break
                if self.stop_event.is_set():
                    break
        if conn is not None:
            conn.close()

    def _attempt(self, conn, key, value, seq, node_i):
        node = self.nodes[node_i]
        try:
            reply = conn.call("SET", key, value)
        except NotSent:
            with self.lock:
                self.counts["refused"] += 1
            return "refused", node
        except Indeterminate:
            with self.lock:
                self.counts["indeterminate"] += 1
                self.pending.setdefault(key, []).append(value)
            return "maybe", node
        except RespError as e:
            with self.lock:
                if e.code == "CLUSTERDOWN":
                    self.counts["refused"] += 1
                    return "refused", node
                if e.code == "TRYAGAIN":
                    self.counts["indeterminate"] += 1
                    self.pending.setdefault(key, []).append(value)
                    return "maybe", node
                self.errors.append(f"SET {key} on {node.name}: {e.message}")
                return "refused", node
        with self.lock:
            if reply != b"OK":
                self.errors.append(f"SET {key} on {node.name} replied {reply!r}")
            self.acked[key] = (seq, value)
            self.counts["acked"] += 1
            self.ack_times.append((time.monotonic(), node.name))
        return "ack", node

    def check(self, node):
        """Every acknowledged write is visible through `node`: the last
        acknowledged value, or a value whose write had an unknown outcome."""
        keys = sorted(set(self.acked) | set(self.pending))
        if not keys:
            return []
        got = node.call("MGET", *keys, timeout=15)
        bad = []
        for key, v in zip(keys, got):
            v = v.decode() if v is not None else None
            allowed = []
            if key in self.acked:
                allowed.append(self.acked[key][1])
            else:
                allowed.append(None)
            allowed += self.pending.get(key, [])
            if v not in allowed:
                bad.append(f"{node.name}: {key}={v!r}, allowed {allowed}")
        return bad


# ---------------------------------------------------------------------------


def test_leader_emerges_and_every_node_serves_clients(make_cluster):
    c = make_cluster(3)
    t0 = time.monotonic()
    leader = c.wait_leader(LEADER_BOUND)
    print(f"[basic] leader {leader.name} after {time.monotonic() - t0:.2f}s", flush=True)
    # Exactly one leader, and everyone agrees on it.
    roles = {n.name: n.info("raft") for n in c.nodes}
    assert [n for n, r in roles.items() if r["raft_role"] == "leader"] == [leader.name]
    wait_until(lambda: all(n.info("raft")["raft_leader_id"] == str(leader.node_id) for n in c.nodes),
               LEADER_BOUND, what="every node to know the leader")
    # INFO replication in Redis's words.
    for n in c.nodes:
        rep = n.info("replication")
        if n is leader:
            assert rep["role"] == "master", rep
            assert rep["connected_slaves"] == "2", rep
        else:
            assert rep["role"] == "slave", rep
            assert rep["master_host"] == "127.0.0.1", rep
            assert rep["master_port"] == str(leader.port), rep

    # redis-cli against every node: a write on each, read back on every node.
    for n in c.nodes:
        out = subprocess.run(["redis-cli", "-p", str(n.port), "SET", f"cli:{n.name}", f"from-{n.name}"],
                             capture_output=True, text=True, timeout=15)
        assert out.returncode == 0 and out.stdout.strip() == "OK", (n.name, out)
    for n in c.nodes:
        for m in c.nodes:
            out = subprocess.run(["redis-cli", "-p", str(n.port), "GET", f"cli:{m.name}"],
                                 capture_output=True, text=True, timeout=15)
            assert out.stdout.strip() == f"from-{m.name}", (n.name, m.name, out)
    out = subprocess.run(["redis-cli", "-p", str(leader.port), "INFO", "replication"],
                         capture_output=True, text=True, timeout=15)
    assert "role:master" in out.stdout

    # redis-py against every node, a few kinds of writes on followers too.
    clients = {n.name: redis.Redis(host="127.0.0.1", port=n.port, socket_timeout=10) for n in c.nodes}
    try:
        for name, r in clients.items():
            assert r.ping()
            assert r.set(f"py:{name}", name) is True
            assert r.incr("py:counter") >= 1
            assert r.hset(f"py:h:{name}", mapping={"a": "1", "b": "2"}) == 2
            assert r.hincrby("py:hits", name, 2) == 2
            assert r.set(f"py:ttl:{name}", "t", ex=100) is True
        for name, r in clients.items():
            assert r.get("py:counter") == b"3"
            assert r.hgetall("py:hits") == {n.encode(): b"2" for n in clients}
            assert 0 < r.ttl(f"py:ttl:{name}") <= 100
            for other in clients:
                assert r.get(f"py:{other}") == other.encode()
                assert r.hgetall(f"py:h:{other}") == {b"a": b"1", b"b": b"2"}
            p = r.pipeline(transaction=False)
            p.incr("py:pipe")
            p.incr("py:pipe")
            p.get("py:pipe")
            a, b, got = p.execute()
            assert b == a + 1 and int(got) == b
        sizes = {name: r.dbsize() for name, r in clients.items()}
        assert len(set(sizes.values())) == 1, sizes
    finally:
        for r in clients.values():
            r.close()


def test_read_after_acknowledged_write_is_never_stale(make_cluster):
    seed = seed_for("read-your-write")
    c = make_cluster(3)
    c.wait_leader(LEADER_BOUND)
    stale = []
    errors = []

    def run(tid):
        rng = random.Random(seed * 31 + tid)
        conns = {n.name: n.client() for n in c.nodes}
        try:
            for i in range(150):
                w, r = rng.sample(c.nodes, 2)
                key = f"ryw_{tid}_{rng.randrange(5)}"
                try:
                    if rng.random() < 0.5:
                        value = f"{tid}-{i}".encode()
                        assert conns[w.name].call("SET", key, value) == b"OK"
                        got = conns[r.name].call("GET", key)
                        if got != value:
                            stale.append(f"SET {key} {value!r} on {w.name}, GET on {r.name} -> {got!r}")
                    else:
                        n = conns[w.name].call("INCR", f"ctr_{tid}")
                        got = int(conns[r.name].call("GET", f"ctr_{tid}"))
                        if got < n:
                            stale.append(f"INCR on {w.name} -> {n}, GET on {r.name} -> {got}")
                except Exception as e:  # noqa: BLE001
                    errors.append(f"thread {tid} op {i}: {e!r}")
                    return
        finally:
            for conn in conns.values():
                conn.close()

    threads = [threading.Thread(target=run, args=(t,)) for t in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, f"seed={seed}: {errors[:5]}"
    assert not stale, f"seed={seed}: {len(stale)} stale reads: {stale[:10]}"


def test_kill9_leader_under_load_then_old_leader_catches_up(make_cluster):
    seed = seed_for("kill-leader")
    rng = random.Random(seed)
    c = make_cluster(3)
    leader = c.wait_leader(LEADER_BOUND)
    load = ClusterLoad(c.nodes, threads=4, keys_per_thread=30, seed=seed).start()
    try:
        time.sleep(rng.uniform(0.5, 1.5))
        killed_at = time.monotonic()
        leader.kill9()
        survivors = followers_of(c, leader)
        new_leader = c.wait_leader(LEADER_BOUND, among=survivors)
        # The failover time: kill -> first write acknowledged by the new leader.
        probe = Resp(new_leader.port, timeout=10)
        try:
            wait_until(lambda: probe.call("SET", "probe", "x") == b"OK", LEADER_BOUND,
                       interval=0.01, what="a write on the new leader")
        finally:
            probe.close()
        failover = time.monotonic() - killed_at
        time.sleep(rng.uniform(0.5, 1.0))
    finally:
        load.stop()
    print(f"[kill-leader] seed={seed} killed {leader.name}; new leader {new_leader.name}; "
          f"failover {failover:.2f}s; {load.counts}", flush=True)
    assert failover < LEADER_BOUND
    # Redis tools see the new topology.
    wait_until(lambda: all(n.info("replication").get("master_port") == str(new_leader.port)
                           for n in survivors if n is not new_leader), LEADER_BOUND,
               what="followers to name the new leader in INFO replication")
    assert new_leader.info("replication")["role"] == "master"
    acks_after = [t for t, _ in load.ack_times if t > killed_at]
    assert acks_after, "no client write acknowledged after the kill"
    assert not load.errors, f"seed={seed}: {load.errors[:5]}"
    for n in survivors:
        bad = load.check(n)
        assert not bad, f"seed={seed}: lost acknowledged writes: {bad[:10]}"

    # The old leader comes back and catches up, and reads through it are current.
    leader.start()
    idx = wait_caught_up(c, [leader] + survivors)
    print(f"[kill-leader] applied indices after restart: {idx}", flush=True)
    bad = load.check(leader)
    assert not bad, f"seed={seed}: restarted node is missing writes: {bad[:10]}"
    assert leader.call("SET", "after-restart", "1") == b"OK"
    assert all(n.call("GET", "after-restart") == b"1" for n in c.nodes)


def test_px_expiry_disappears_everywhere_and_dbsize_converges(make_cluster):
    c = make_cluster(3)
    c.wait_leader(LEADER_BOUND)
    for i, n in enumerate(c.nodes):
        conn = n.client()
        try:
            replies = conn.pipeline([["SET", f"ttl_{i}_{j}", "x", "PX", "300"] for j in range(20)]
                                    + [["SET", f"keep_{i}_{j}", "y"] for j in range(5)])
            assert all(r == b"OK" for r in replies), replies
        finally:
            conn.close()
    total_keep = 5 * len(c.nodes)
    # Visible right after (they may not all still be alive when the read runs,
    # but the persistent ones are).
    for n in c.nodes:
        assert n.call("EXISTS", *[f"keep_{i}_{j}" for i in range(3) for j in range(5)]) == total_keep
    time.sleep(0.4)
    ttl_keys = [f"ttl_{i}_{j}" for i in range(3) for j in range(20)]

    # Gone on every node (passively hidden at least) once the deadline passed;
    # allow for a small clock difference.
    def gone_everywhere():
        return all(n.call("EXISTS", *ttl_keys) == 0 for n in c.nodes)
    wait_until(gone_everywhere, 5.0, what="PX 300 keys to vanish on every node")
    for n in c.nodes:
        assert all(v is None for v in n.call("MGET", *ttl_keys))

    def dbsizes():
        return {n.name: n.call("DBSIZE") for n in c.nodes}
    t0 = time.monotonic()
    try:
        wait_until(lambda: set(dbsizes().values()) == {total_keep}, 15.0,
                   what=f"DBSIZE == {total_keep} on every node")
    except AssertionError:
        pytest.fail(f"DBSIZE did not converge to {total_keep}: {dbsizes()}")
    print(f"[px] DBSIZE converged to {total_keep} everywhere {time.monotonic() - t0:.2f}s "
          f"after the deadline", flush=True)


def test_sigterm_leader_hands_over_with_a_short_retry_window(make_cluster):
    seed = seed_for("sigterm-leader")
    c = make_cluster(3)
    leader = c.wait_leader(LEADER_BOUND)
    survivors = followers_of(c, leader)
    load = ClusterLoad(c.nodes, threads=4, keys_per_thread=20, seed=seed, retry_window=3.0).start()
    try:
        time.sleep(1.0)
        t0 = time.monotonic()
        rc = leader.terminate(timeout=15)
        stopped_in = time.monotonic() - t0
        new_leader = c.wait_leader(LEADER_BOUND, among=survivors)
        time.sleep(1.5)
    finally:
        load.stop()
    worst = max(load.retry_windows) if load.retry_windows else 0.0
    print(f"[sigterm] seed={seed} {leader.name} exited {rc} in {stopped_in:.2f}s; new leader "
          f"{new_leader.name}; longest retry window {worst:.3f}s; {load.counts}", flush=True)
    # DESIGN §9: exit 0 (before 573f66e about one run in six died of SIGILL
    # after "ready to exit": 'submit after close' in WriteAheadLog.submit).
    assert rc == 0, f"exit status {rc} after SIGTERM (seed={seed}):\n{leader.log_tail(40)}"
    assert "transferring leadership" in leader.log_text()
    assert not load.errors, f"seed={seed}: writes not acknowledged within 3 s: {load.errors[:5]}"
    for n in survivors:
        bad = load.check(n)
        assert not bad, f"seed={seed}: {bad[:10]}"


@pytest.mark.parametrize("isolated", ["leader", "follower"])
def test_minority_refuses_writes_and_linearizable_reads(make_cluster, isolated):
    c = make_cluster(3, extra_args=["--cluster-write-timeout", "1000"])
    leader = c.wait_leader(LEADER_BOUND)
    assert leader.call("SET", "before", "1") == b"OK"
    wait_caught_up(c, c.nodes)
    if isolated == "leader":
        lonely = leader
    else:
        lonely = followers_of(c, leader)[0]
    paused = [n for n in c.nodes if n is not lonely]
    for n in paused:
        n.signal(signal.SIGSTOP)
    try:
        results = []
        for attempt in range(2):
            for cmd in (["SET", f"during_{attempt}", "x"], ["GET", "before"], ["INCR", f"ctr_{attempt}"]):
                t0 = time.monotonic()
                try:
                    reply = lonely.call(*cmd, timeout=10)
                    outcome = ("value", reply)
                except RespError as e:
                    outcome = ("error", e.message)
                except (NotSent, Indeterminate) as e:
                    outcome = ("io", repr(e))
                took = time.monotonic() - t0
                results.append((cmd, outcome, round(took, 2)))
            time.sleep(1.5)  # the second round runs after the lease has surely run out
        print(f"[minority/{isolated}] {results}", flush=True)
        for cmd, (kind, what), took in results:
            assert kind == "error", f"{cmd} on an isolated {isolated} answered {what!r}"
            assert what.split(" ", 1)[0] in ("CLUSTERDOWN", "TRYAGAIN"), what
            assert took < 5.0, f"{cmd} took {took}s with a 1000 ms write timeout"
    finally:
        for n in paused:
            n.signal(signal.SIGCONT)
    # Recovery: a leader again, writes and reads on the formerly lonely node.
    c.wait_leader(LEADER_BOUND)
    wait_until(lambda: lonely.call("SET", "after", "1", timeout=5) == b"OK", LEADER_BOUND,
               what="a write on the formerly isolated node")
    assert lonely.call("GET", "before") == b"1"
    for n in c.nodes:
        wait_until(lambda n=n: n.call("GET", "after") == b"1", LEADER_BOUND, what=f"GET on {n.name}")
    # A write answered -CLUSTERDOWN ("the write was not applied") must never
    # appear, also after the paused nodes drained what was sent to them;
    # -TRYAGAIN writes may or may not have been applied.
    wait_caught_up(c, c.nodes)
    time.sleep(1.0)
    wait_caught_up(c, c.nodes)
    applied = []
    for cmd, (kind, what), took in results:
        if cmd[0] == "GET":
            continue
        present = lonely.call("EXISTS", cmd[1])
        if present and what.startswith("CLUSTERDOWN"):
            applied.append(f"{cmd} answered -{what} but was applied "
                           f"(GET -> {lonely.call('GET', cmd[1])!r})")
    assert not applied, applied


def test_follower_proxy_no_redirects_to_the_leader(make_cluster):
    c = make_cluster(3, extra_args=["--follower-proxy", "no"])
    leader = c.wait_leader(LEADER_BOUND)
    wait_until(lambda: all(n.info("raft")["raft_leader_id"] == str(leader.node_id) for n in c.nodes),
               LEADER_BOUND, what="every node to know the leader")
    for f in followers_of(c, leader):
        with pytest.raises(RespError) as err:
            f.call("SET", "k", "v")
        msg = err.value.message
        print(f"[follower-proxy no] {f.name}: -{msg}", flush=True)
        assert f"127.0.0.1:{leader.port}" in msg, msg
        assert f.call("GET", "k") is None  # nothing was applied
    assert leader.call("SET", "k", "v") == b"OK"
    for f in followers_of(c, leader):
        assert f.call("GET", "k") == b"v"  # reads are still served on followers


def test_five_nodes_survive_two_failures(make_cluster):
    seed = seed_for("five-nodes")
    rng = random.Random(seed)
    c = make_cluster(5)
    leader = c.wait_leader(LEADER_BOUND)
    load = ClusterLoad(c.nodes, threads=4, keys_per_thread=20, seed=seed).start()
    try:
        time.sleep(rng.uniform(0.5, 1.0))
        other = rng.choice(followers_of(c, leader))
        killed_at = time.monotonic()
        leader.kill9()
        other.kill9()
        survivors = c.running()
        new_leader = c.wait_leader(LEADER_BOUND, among=survivors)
        wait_until(lambda: new_leader.call("SET", "probe", "1") == b"OK", LEADER_BOUND,
                   what="a write with three of five nodes")
        failover = time.monotonic() - killed_at
        time.sleep(1.0)
    finally:
        load.stop()
    print(f"[five] seed={seed} killed {leader.name} (leader) and {other.name}; new leader "
          f"{new_leader.name} in {failover:.2f}s; {load.counts}", flush=True)
    assert not load.errors, f"seed={seed}: {load.errors[:5]}"
    for n in survivors:
        bad = load.check(n)
        assert not bad, f"seed={seed}: {bad[:10]}"
    leader.start()
    other.start()
    idx = wait_caught_up(c, c.nodes)
    print(f"[five] applied indices after restart: {idx}", flush=True)
    for n in c.nodes:
        bad = load.check(n)
        assert not bad, f"seed={seed}: {bad[:10]}"
    sizes = {n.name: n.call("DBSIZE") for n in c.nodes}
    assert len(set(sizes.values())) == 1, sizes


@pytest.mark.parametrize("mode", ["linearizable", "lease"])
def test_paused_old_leader_never_serves_a_stale_read(make_cluster, mode):
    """SIGSTOP the leader, let the others elect a new one and acknowledge a
    write, then read on the old leader: with a GET sent while it was stopped
    (so it is waiting in its socket when it resumes) and right after SIGCONT.
    A linearizable or lease read must see the new value or fail, never the old."""
    c = make_cluster(3, extra_args=["--read-consistency", mode])
    old = c.wait_leader(LEADER_BOUND)
    assert old.call("SET", "k", "old") == b"OK"
    wait_caught_up(c, c.nodes)
    early = old.client(timeout=15)
    late = old.client(timeout=15)
    assert early.call("PING") == b"PONG" and late.call("PING") == b"PONG"
    old.signal(signal.SIGSTOP)
    try:
        others = followers_of(c, old)
        new = c.wait_leader(LEADER_BOUND, among=others)
        wait_until(lambda: new.call("SET", "k", "new") == b"OK", LEADER_BOUND,
                   what="the write on the new leader")
        # Sent after the write was acknowledged, while the old leader sleeps.
        early.sock.sendall(b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n")
    finally:
        old.signal(signal.SIGCONT)
    results = []
    try:
        results.append(("queued", early.pipeline([["GET", "k"]])[0]))
    except Indeterminate as e:
        results.append(("queued", repr(e)))
    for _ in range(5):
        try:
            results.append(("after", late.pipeline([["GET", "k"]])[0]))
        except Indeterminate as e:
            results.append(("after", repr(e)))
    early.close()
    late.close()
    shown = [(w, r.message if isinstance(r, RespError) else r) for w, r in results]
    print(f"[stale/{mode}] reads on the resumed old leader {old.name}: {shown}", flush=True)
    stale = [(w, r) for w, r in results if r == b"old"]
    assert not stale, f"{mode} read on a resumed old leader returned the old value: {shown}"


def test_kill9_every_node_at_once_keeps_acknowledged_writes(make_cluster):
    """appendfsync always: a write acknowledged by the cluster is on a majority
    of disks, so killing all nodes at once and restarting them loses nothing."""
    seed = seed_for("kill-all")
    rng = random.Random(seed)
    c = make_cluster(3)
    c.wait_leader(LEADER_BOUND)
    rounds = 3
    load = None
    for r in range(rounds):
        load_r = ClusterLoad(c.nodes, threads=4, keys_per_thread=20, seed=seed + 1000 * r)
        if load is not None:
            # Carry over what earlier rounds were told, so each round checks all.
            load_r.acked = dict(load.acked)
            load_r.pending = {k: list(v) for k, v in load.pending.items()}
        load = load_r.start()
        time.sleep(rng.uniform(0.3, 1.0))
        for n in c.nodes:
            n.signal(signal.SIGKILL)
        load.stop()
        for n in c.nodes:
            n.kill9()
        for n in c.nodes:
            n.start(wait=False)
        for n in c.nodes:
            n.wait_up()
        c.wait_leader(LEADER_BOUND)
        wait_caught_up(c, c.nodes)
        print(f"[kill-all] seed={seed} round {r}: {load.counts}", flush=True)
        assert not load.errors, f"seed={seed}: {load.errors[:5]}"
        for n in c.nodes:
            bad = load.check(n)
            assert not bad, f"seed={seed} round {r}: lost acknowledged writes: {bad[:10]}"


def test_lagging_follower_catches_up_through_a_snapshot(make_cluster):
    """With a snapshot every 200 entries, a follower that was down while
    thousands of entries were committed must be brought back by a snapshot
    (its log was compacted away on the leader) and hold exactly the same data."""
    c = make_cluster(3, extra_args=["--snapshot-threshold-entries", "200"])
    leader = c.wait_leader(LEADER_BOUND)
    lagging = followers_of(c, leader)[0]
    conn = leader.client(timeout=30)
    try:
        assert conn.call("SET", "early", "1") == b"OK"
        wait_caught_up(c, c.nodes)
        lagging.kill9()
        for batch in range(20):
            cmds = [["SET", f"snap_{batch}_{i}", f"v{batch}_{i}"] for i in range(100)]
            cmds += [["HSET", f"snaph_{batch}", "f", str(batch)], ["INCR", "snapctr"],
                     ["DEL", f"snap_{batch}_0"]]
            replies = conn.pipeline(cmds)
            errs = [r for r in replies if isinstance(r, RespError)]
            assert not errs, errs[:3]
    finally:
        conn.close()
    snaps = [f for n in c.running() for f in os.listdir(os.path.join(n.dir, "raft", "snap"))]
    assert snaps, "no snapshot was taken on the running nodes"
    lagging.start()
    idx = wait_caught_up(c, c.nodes, timeout=30)
    print(f"[snapshot catch-up] {lagging.name} back; applied {idx}; snapshots {snaps}", flush=True)
    installed = os.listdir(os.path.join(lagging.dir, "raft", "snap"))
    print(f"[snapshot catch-up] {lagging.name} snap dir: {installed}; log: "
          f"{[l for l in lagging.log_text().splitlines() if 'snapshot' in l.lower()][-3:]}", flush=True)
    assert "installed snapshot" in lagging.log_text(), "the lagging node was not sent a snapshot"
    expected_size = leader.call("DBSIZE")
    assert expected_size == 1 + 20 * 99 + 20 + 1
    assert lagging.call("DBSIZE") == expected_size
    keys = [f"snap_{b}_{i}" for b in range(20) for i in range(100)]
    assert lagging.call("MGET", *keys) == leader.call("MGET", *keys)
    assert lagging.call("GET", "snapctr") == b"20"
    assert lagging.call("HGET", "snaph_19", "f") == b"19"
    # The caught-up node can lead: stop the leader gracefully and write on.
    assert leader.terminate() == 0
    new = c.wait_leader(LEADER_BOUND)
    assert lagging.call("SET", "late", "1", timeout=10) == b"OK"
    assert new.call("GET", "late") == b"1"


@pytest.mark.parametrize("mode", ["linearizable", "lease"])
@pytest.mark.parametrize("role", ["leader", "follower"])
def test_pipelined_reads_see_exactly_the_writes_before_them(make_cluster, role, mode):
    """Redis runs a connection's commands in order: a GET pipelined between
    two SETs sees the first and not the second (redis-py pipelines,
    redis-benchmark -P and many clients rely on it)."""
    c = make_cluster(3, extra_args=["--read-consistency", mode])
    leader = c.wait_leader(LEADER_BOUND)
    node = leader if role == "leader" else followers_of(c, leader)[0]
    wait_until(lambda: node.info("raft")["raft_leader_id"] == str(leader.node_id), LEADER_BOUND,
               what="the node to know the leader")
    conn = node.client()
    wrong = []
    try:
        for i in range(50):
            replies = conn.pipeline([["SET", "k", f"a{i}"], ["GET", "k"], ["SET", "k", f"b{i}"],
                                     ["GET", "k"], ["DEL", "k"], ["EXISTS", "k"]])
            expected = [b"OK", f"a{i}".encode(), b"OK", f"b{i}".encode(), 1, 0]
            if replies != expected:
                wrong.append((i, replies))
    finally:
        conn.close()
    r = redis.Redis(host="127.0.0.1", port=node.port, socket_timeout=10)
    try:
        p = r.pipeline(transaction=False)
        p.set("p", "first").get("p").set("p", "second").get("p")
        got = p.execute()
        if got != [True, b"first", True, b"second"]:
            wrong.append(("redis-py", got))
    finally:
        r.close()
    print(f"[pipeline/{role}/{mode}] {len(wrong)} wrong of 51; first: {wrong[:2]}", flush=True)
    assert not wrong, f"reads out of order on the {role}: {wrong[:3]}"


def test_expiry_after_leader_failover(make_cluster):
    """Keys written with a TTL just before the leader dies expire under the new
    leader: hidden on every node once due, then deleted (DBSIZE converges),
    also on the old leader once it is back."""
    c = make_cluster(3)
    leader = c.wait_leader(LEADER_BOUND)
    conn = leader.client()
    try:
        replies = conn.pipeline([["SET", f"t{i}", "x", "PX", "1500"] for i in range(30)]
                                + [["SET", f"p{i}", "y"] for i in range(7)]
                                + [["SET", "long", "z", "EX", "100"], ["PEXPIRE", "p0", "100000"]])
        assert replies == [b"OK"] * 38 + [1], replies
    finally:
        conn.close()
    wait_caught_up(c, c.nodes)
    for n in followers_of(c, leader):
        pttl = n.call("PTTL", "long")
        assert 90000 < pttl <= 100000, (n.name, pttl)
        assert 0 < n.call("PTTL", "t0") <= 1500
    leader.kill9()
    survivors = c.running()
    c.wait_leader(LEADER_BOUND, among=survivors)
    t_keys = [f"t{i}" for i in range(30)]
    wait_until(lambda: all(n.call("EXISTS", *t_keys) == 0 for n in survivors), 10,
               what="TTL keys hidden on the survivors")
    wait_until(lambda: all(n.call("DBSIZE") == 8 for n in survivors), 15,
               what="DBSIZE 8 on the survivors")
    leader.start()
    wait_caught_up(c, c.nodes)
    wait_until(lambda: all(n.call("DBSIZE") == 8 for n in c.nodes), 15, what="DBSIZE 8 everywhere")
    for n in c.nodes:
        assert n.call("EXISTS", "long", "p0", "p6") == 3
        assert 90000 < n.call("PTTL", "p0") <= 100000


def test_cluster_secret_keeps_a_wrong_peer_out(make_cluster):
    c = make_cluster(3, extra_args=["--cluster-secret", "s3cret"],
                     per_node_args={3: ["--cluster-secret", "wrong"]})
    good, outsider = c.nodes[:2], c.nodes[2]
    leader = c.wait_leader(LEADER_BOUND, among=good)
    assert leader.call("SET", "a", "1") == b"OK"
    assert outsider.info("raft")["raft_role"] != "leader"
    with pytest.raises(RespError) as err:
        outsider.call("GET", "a", timeout=10)
    assert err.value.code in ("CLUSTERDOWN", "TRYAGAIN"), err.value.message
    assert "failed the cluster-secret challenge" in outsider.log_text()
    assert all(n.call("GET", "a") == b"1" for n in good)


def test_clients_vanishing_with_writes_in_flight(make_cluster):
    """Clients that pipeline writes (1 MiB values among them) into followers
    and close at once: every node stays up and all converge to one state."""
    c = make_cluster(3)
    leader = c.wait_leader(LEADER_BOUND)
    big = b"x" * (1 << 20)
    for i in range(20):
        target = c.nodes[i % 3]
        s = socket.create_connection(("127.0.0.1", target.port), timeout=10)
        s.sendall(b"".join(_encode(["SET", f"big{i % 5}", big]) for _ in range(3))
                  + _encode(["INCR", "ctr"]) * 50)
        s.close()
    assert leader.call("SET", "fence", "1", timeout=30) == b"OK"
    wait_caught_up(c, c.nodes, timeout=30)
    assert all(n.alive() for n in c.nodes)
    states = {n.name: (n.call("DBSIZE"), n.call("GET", "ctr"), n.call("STRLEN", "big4"))
              for n in c.nodes}
    print(f"[vanishing clients] {states}", flush=True)
    assert len(set(states.values())) == 1, states


@pytest.mark.parametrize("mode", ["linearizable", "lease"])
def test_restarted_follower_never_serves_its_old_state(make_cluster, mode):
    """A follower killed, left behind by a write, and restarted answers reads
    with the new value (or an error) from its first reply on."""
    c = make_cluster(3, extra_args=["--read-consistency", mode])
    leader = c.wait_leader(LEADER_BOUND)
    follower = followers_of(c, leader)[0]
    for rep in range(3):
        assert leader.call("SET", "k", f"old{rep}") == b"OK"
        wait_caught_up(c, c.nodes)
        follower.kill9()
        assert leader.call("SET", "k", f"new{rep}") == b"OK"
        follower.start(wait=False)
        replies = []
        deadline = time.monotonic() + LEADER_BOUND
        while len(replies) < 4 and time.monotonic() < deadline:
            try:
                replies.append(follower.call("GET", "k", timeout=10))
            except NotSent:
                time.sleep(0.005)
            except RespError as e:
                replies.append(e.message)
        print(f"[restarted follower/{mode}] round {rep}: {replies}", flush=True)
        assert replies and f"old{rep}".encode() not in replies, replies


def test_whole_cluster_clean_restart(make_cluster):
    c = make_cluster(3)
    leader = c.wait_leader(LEADER_BOUND)
    conn = c.nodes[0].client()
    try:
        replies = conn.pipeline([["SET", f"c{i}", str(i)] for i in range(300)]
                                + [["HSET", "h", "f", "v"], ["INCRBY", "n", "41"], ["INCR", "n"]])
        assert replies[-1] == 42
    finally:
        conn.close()
    wait_caught_up(c, c.nodes)
    follower = followers_of(c, leader)[0]
    assert follower.terminate() == 0
    assert leader.terminate() == 0
    for n in c.running():
        assert n.terminate() == 0
    for n in c.nodes:
        n.start(wait=False)
    for n in c.nodes:
        n.wait_up()
    c.wait_leader(LEADER_BOUND)
    wait_caught_up(c, c.nodes)
    for n in c.nodes:
        assert n.call("DBSIZE") == 302
        assert n.call("GET", "n") == b"42"
        assert n.call("HGET", "h", "f") == b"v"
        assert n.call("GET", "c299") == b"299"
