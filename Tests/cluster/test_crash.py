"""Crash tests of a durable single node (appendonly yes, appendfsync always).

Several client threads write while the server is killed with SIGKILL at seeded
random moments; after each restart the whole keyspace is read back (with no
writer running) and checked against what the clients were told:

* a SET key holds its last acknowledged value, or the value of a write that was
  in flight (no reply) at or after it;
* a counter is >= its acknowledged INCRs and <= acknowledged + in flight, and
  no two acknowledged INCRs of one counter returned the same number;
* the two keys of one MSET always hold the same value (nothing half-applied);
* no key exists that no client ever wrote.

After each check the observed state becomes the new known state, so every
crash is checked on its own.
"""

import os
import random
import re
import signal
import threading
import time

import pytest

from skiffharness import (Indeterminate, Node, NotSent, Resp, RespError, free_port, seed_for,
                          wait_until)

DURABLE = ["--appendonly", "yes", "--appendfsync", "always"]

# ---------------------------------------------------------------------------
# The model of what clients were told


class KeyModel:
    """One key written by one thread at a time (writes are ordered).

    known:   the value known to be in the keyspace at the last check (or None)
    acked:   (seq, value) of the last acknowledged write since then, or None
    pending: [(seq, value)] writes since the last check whose reply never came
    """

    def __init__(self):
        self.known = None
        self.acked = None
        self.pending = []

    def allowed(self):
        if self.acked is None:
            base_seq, base = -1, self.known
        else:
            base_seq, base = self.acked
        # An in-flight write was sent before the crash; it can be ordered after
        # the last acknowledged write only if it was sent after it (one writer
        # per key, and each generation ends with the crash).
        later = [v for (s, v) in self.pending if s > base_seq]
        return [base] + later

    def resolve(self, value):
        self.known = value
        self.acked = None
        self.pending = []


class CounterModel:
    def __init__(self):
        self.known = 0
        self.acked = 0
        self.pending = 0
        self.replies = set()

    def resolve(self, value):
        self.known = value
        self.acked = 0
        self.pending = 0


class Model:
    def __init__(self, set_threads, keys_per_thread, counters, mset_threads, pairs):
        self.lock = threading.Lock()
        self.keys = {f"k_{t}_{i}": KeyModel() for t in range(set_threads)
                     for i in range(keys_per_thread)}
        self.pairs = {(f"ma_{t}_{i}", f"mb_{t}_{i}"): KeyModel() for t in range(mset_threads)
                      for i in range(pairs)}
        self.counters = {f"c_{i}": CounterModel() for i in range(counters)}
        self.errors = []
        self.acked_ops = 0
        self.indeterminate_ops = 0

    def all_key_names(self):
        names = list(self.keys) + list(self.counters)
        for a, b in self.pairs:
            names += [a, b]
        return names


def classify(exc):
    """'no' (certainly not applied) or 'maybe' for a failed command."""
    if isinstance(exc, NotSent):
        return "no"
    if isinstance(exc, Indeterminate):
        return "maybe"
    if isinstance(exc, RespError):
        if exc.code in ("CLUSTERDOWN", "LOADING"):
            return "no"
        if exc.code == "TRYAGAIN":
            return "maybe"
    raise exc


class Worker(threading.Thread):
    def __init__(self, kind, tid, port, model, seed, stop):
        super().__init__(daemon=True, name=f"{kind}-{tid}")
        self.kind, self.tid, self.port, self.model = kind, tid, port, model
        self.rng = random.Random(seed)
        self.stop_event = stop
        self.seq = 0

    def run(self):
        conn = Resp(self.port, timeout=30.0)
        try:
            while not self.stop_event.is_set():
                try:
                    self.one(conn)
                except NotSent:
                    time.sleep(0.02)
                except Exception as e:  # noqa: BLE001 - reported by the test
                    with self.model.lock:
                        self.model.errors.append(f"{self.name}: {e!r}")
                    return
        finally:
            conn.close()

    def _do(self, conn, args, on_ack, on_maybe):
        try:
            reply = conn.call(*args)
        except (NotSent, Indeterminate, RespError) as e:
            kind = classify(e)
            if kind == "maybe":
                with self.model.lock:
                    self.model.indeterminate_ops += 1
                    on_maybe()
            if isinstance(e, NotSent):
                raise
            if isinstance(e, RespError):
                time.sleep(0.02)
            return
        with self.model.lock:
            self.model.acked_ops += 1
            on_ack(reply)

    def one(self, conn):
        self.seq += 1
        seq = self.seq
        if self.kind == "set":
            names = [k for k in self.model.keys if k.startswith(f"k_{self.tid}_")]
            key = self.rng.choice(names)
            value = f"v{self.tid}_{seq}"
            km = self.model.keys[key]

            def ack(reply):
                if reply != b"OK":
                    self.model.errors.append(f"SET {key} replied {reply!r}")
                km.acked = (seq, value)
            self._do(conn, ["SET", key, value], ack, lambda: km.pending.append((seq, value)))
        elif self.kind == "mset":
            pairs = [p for p in self.model.pairs if p[0].startswith(f"ma_{self.tid}_")]
            pair = self.rng.choice(pairs)
            value = f"m{self.tid}_{seq}"
            km = self.model.pairs[pair]

            def ack(reply):
                km.acked = (seq, value)
            self._do(conn, ["MSET", pair[0], value, pair[1], value], ack,
                     lambda: km.pending.append((seq, value)))
        else:
            key = self.rng.choice(sorted(self.model.counters))
            cm = self.model.counters[key]

            def ack(reply):
                cm.acked += 1
                if reply in cm.replies:
                    self.model.errors.append(f"INCR {key} returned {reply} twice")
                cm.replies.add(reply)

            def maybe():
                cm.pending += 1
            self._do(conn, ["INCR", key], ack, maybe)


def wait_leader_single(node, timeout=15.0):
    wait_until(lambda: node.info("raft").get("raft_role") == "leader", timeout,
               what=f"{node.name} to lead its one-member group")


def read_all(node, names):
    c = Resp(node.port, timeout=15.0)
    try:
        values = c.call("MGET", *names)
        dbsize = c.call("DBSIZE")
    finally:
        c.close()
    return dict(zip(names, values)), dbsize


def check_and_resolve(node, model, label):
    """Compare the keyspace with the model; returns a list of violations and
    makes the observed state the new known state."""
    names = model.all_key_names()
    got, dbsize = read_all(node, names)
    bad = []
    with model.lock:
        for key, km in model.keys.items():
            v = got[key].decode() if got[key] is not None else None
            allowed = km.allowed()
            if v not in allowed:
                bad.append(f"{label}: {key}={v!r}, allowed {allowed!r} (acked={km.acked})")
            km.resolve(v)
        for (a, b), km in model.pairs.items():
            va = got[a].decode() if got[a] is not None else None
            vb = got[b].decode() if got[b] is not None else None
            if va != vb:
                bad.append(f"{label}: MSET half-applied: {a}={va!r} {b}={vb!r}")
            allowed = km.allowed()
            if va not in allowed:
                bad.append(f"{label}: {a}={va!r}, allowed {allowed!r}")
            km.resolve(va)
        for key, cm in model.counters.items():
            v = int(got[key]) if got[key] is not None else 0
            lo, hi = cm.known + cm.acked, cm.known + cm.acked + cm.pending
            if not lo <= v <= hi:
                bad.append(f"{label}: counter {key}={v}, expected in [{lo}, {hi}]")
            if cm.replies and v < max(cm.replies):
                bad.append(f"{label}: counter {key}={v} < an acknowledged reply {max(cm.replies)}")
            cm.resolve(v)
        present = sum(1 for v in got.values() if v is not None)
        if dbsize != present:
            bad.append(f"{label}: DBSIZE {dbsize} but {present} of the test's keys exist")
    return bad


def run_crash_cycles(node, model, rng, cycles, stop_before_restart=None, label="crash"):
    """Start, check, load, kill -9 — `cycles` times. Returns the violations."""
    violations = []
    kinds = [("set", 0), ("set", 1), ("set", 2), ("incr", 0), ("incr", 1), ("mset", 0)]
    for cycle in range(cycles):
        node.start(wait=True, timeout=20)
        wait_leader_single(node)
        violations += check_and_resolve(node, model, f"{label} {cycle} after restart")
        stop = threading.Event()
        workers = [Worker(kind, tid, node.port, model, rng.randrange(2**32), stop)
                   for kind, tid in kinds]
        for w in workers:
            w.start()
        time.sleep(rng.uniform(0.05, 0.5))
        node.kill9()
        stop.set()
        for w in workers:
            w.join(timeout=40)
            assert not w.is_alive(), f"worker {w.name} hung"
        if stop_before_restart is not None:
            stop_before_restart(cycle)
    return violations


@pytest.fixture
def durable_node(workdir):
    node = Node(workdir, "single", args=DURABLE)
    try:
        yield node
    finally:
        node.stop()


@pytest.mark.parametrize("fsync,kills,extra", [
    ("always", 22, []),
    ("everysec", 8, []),
    ("no", 8, []),
    ("always", 10, ["--snapshot-threshold-entries", "300"]),
], ids=["always", "everysec", "no", "always-snapshots"])
def test_kill9_under_load_keeps_acknowledged_writes(workdir, fsync, kills, extra):
    """conf/skiff.conf: under everysec and no, "a crash of the process loses
    nothing" (acknowledged once written to the OS), so all three modes must
    keep every acknowledged write across kill -9. The last variant takes a
    snapshot every 300 entries, so kills land during snapshots and recovery
    starts from a snapshot plus the WAL after it."""
    durable_node = Node(workdir, "single",
                        args=["--appendonly", "yes", "--appendfsync", fsync] + extra)
    try:
        crash_run(durable_node, fsync, kills)
    finally:
        durable_node.stop()


def crash_run(durable_node, fsync, kills):
    seed = seed_for(f"crash/{fsync}")
    rng = random.Random(seed)
    model = Model(set_threads=3, keys_per_thread=12, counters=4, mset_threads=1, pairs=6)
    violations = run_crash_cycles(durable_node, model, rng, kills)
    # A clean restart at the end: SIGTERM, then start again.
    durable_node.start(wait=True, timeout=20)
    wait_leader_single(durable_node)
    violations += check_and_resolve(durable_node, model, "final after kill")
    assert durable_node.terminate() == 0
    durable_node.start(wait=True, timeout=20)
    wait_leader_single(durable_node)
    violations += check_and_resolve(durable_node, model, "final after SIGTERM")
    snaps = os.listdir(os.path.join(durable_node.dir, "raft", "snap"))
    print(f"[crash/{fsync}] seed={seed} kills={kills} acked={model.acked_ops} "
          f"indeterminate={model.indeterminate_ops} snapshots now={snaps} "
          f"wal={[os.path.basename(f) for f in durable_node.wal_files()]}", flush=True)
    assert not model.errors, f"seed={seed}: client errors: {model.errors[:10]}"
    assert not violations, f"seed={seed}: {len(violations)} violations:\n" + "\n".join(violations[:20])
    assert model.acked_ops > kills * 5, f"seed={seed}: too few writes acknowledged ({model.acked_ops})"


def test_torn_tail_is_truncated_and_acknowledged_writes_survive(durable_node):
    seed = seed_for("torn-tail")
    rng = random.Random(seed)
    model = Model(set_threads=3, keys_per_thread=8, counters=2, mset_threads=1, pairs=4)
    tears = []

    def tear(cycle):
        last = durable_node.wal_files()[-1]
        if cycle % 2 == 0:
            garbage = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64)))
        else:
            # A plausible but incomplete record: small length, a crc, a type,
            # then fewer payload bytes than announced.
            n = rng.randrange(64, 4096)
            garbage = (n.to_bytes(4, "little") + rng.randrange(2**32).to_bytes(4, "little")
                       + b"\x01" + bytes(rng.randrange(256) for _ in range(rng.randrange(0, 32))))
        with open(last, "ab") as f:
            f.write(garbage)
        tears.append((os.path.basename(last), len(garbage)))

    violations = run_crash_cycles(durable_node, model, rng, 4, stop_before_restart=tear,
                                  label="torn")
    durable_node.start(wait=True, timeout=20)
    wait_leader_single(durable_node)
    violations += check_and_resolve(durable_node, model, "torn final")
    log = durable_node.log_text()
    truncations = re.findall(r"truncated torn tail of \S+", log)
    print(f"[torn-tail] seed={seed} tears={tears} truncations={truncations}", flush=True)
    assert not model.errors, f"seed={seed}: client errors: {model.errors[:10]}"
    assert not violations, f"seed={seed}:\n" + "\n".join(violations[:20])
    assert len(truncations) == len(tears), \
        f"seed={seed}: {len(tears)} torn tails written, log reports {len(truncations)}:\n{log[-3000:]}"


def test_corruption_in_an_earlier_segment_refuses_to_start(workdir):
    node = Node(workdir, "single", args=DURABLE + ["--wal-segment-size", "1mb"])
    try:
        node.start(wait=True, timeout=20)
        wait_leader_single(node)
        conn = Resp(node.port, timeout=30)
        value = "x" * 4000
        n = 0
        try:
            while len(node.wal_files()) < 4:
                replies = conn.pipeline([["SET", f"big{n + i}", value] for i in range(50)])
                assert all(r == b"OK" for r in replies), replies[:3]
                n += 50
                assert n < 5000, "the WAL does not roll over into new segments"
        finally:
            conn.close()
        node.kill9()
        files = node.wal_files()
        victim = files[1]
        size = os.path.getsize(victim)
        offset = size // 2
        with open(victim, "r+b") as f:
            f.seek(offset)
            orig = f.read(1)
            f.seek(offset)
            f.write(bytes([orig[0] ^ 0x5A]))
        print(f"[corrupt] {n} writes, {len(files)} segments; flipped byte at offset {offset} "
              f"of {os.path.basename(victim)} ({size} bytes)", flush=True)

        before = len(node.log_text())
        node.start(wait=False)
        try:
            rc = node.proc.wait(timeout=20)
        except Exception:  # noqa: BLE001
            rc = None
        log = node.log_text()[before:]
        if rc is None:
            answered = None
            try:
                answered = node.call("GET", "big0")
            except Exception as e:  # noqa: BLE001
                answered = repr(e)
            node.stop()
            pytest.fail(f"server started on a corrupt WAL (GET big0 -> {answered!r}); log:\n{log}")
        assert rc != 0, f"exit status 0 on a corrupt WAL; log:\n{log}"
        assert os.path.basename(victim) in log, f"the log does not name the file; log:\n{log}"
        assert "offset" in log.lower(), f"the log does not give an offset; log:\n{log}"
        print(f"[corrupt] exit status {rc}; log:\n{log.strip().splitlines()[-1]}", flush=True)

        # Repair the byte: the log is whole again and every write is there.
        with open(victim, "r+b") as f:
            f.seek(offset)
            f.write(orig)
        node.start(wait=True, timeout=20)
        wait_leader_single(node)
        assert node.call("DBSIZE") == n
        assert node.call("GET", f"big{n - 1}") == value.encode()
    finally:
        node.stop()


def test_restart_on_another_port_keeps_the_data(workdir):
    """Redis restarts on any port with its data; the node and cluster ids of a
    one-member group live in the data directory (DESIGN §6), so the port must
    not matter."""
    node = Node(workdir, "single", args=DURABLE)
    try:
        node.start(wait=True, timeout=20)
        wait_leader_single(node)
        assert node.call("SET", "k", "v") == b"OK"
        assert node.terminate() == 0
        node.port = free_port()
        node.start(wait=False)
        time.sleep(0.5)
        if not node.alive():
            pytest.fail(f"restart on port {node.port} refused:\n{node.log_tail(3)}")
        node.wait_up(20)
        wait_leader_single(node)
        assert node.call("GET", "k") == b"v"
    finally:
        node.stop()


def test_unfinished_segment_rollover_is_ignored(workdir):
    """A crash during rollover leaves `<next>.wal.tmp` (the header is written
    to a temporary file, fsynced and renamed): recovery ignores it and keeps
    every write of the complete segments."""
    node = Node(workdir, "single", args=DURABLE + ["--wal-segment-size", "1mb"])
    try:
        node.start(wait=True, timeout=20)
        wait_leader_single(node)
        conn = Resp(node.port, timeout=30)
        n = 0
        try:
            while len(node.wal_files()) < 2:
                replies = conn.pipeline([["SET", f"r{n + i}", "y" * 4000] for i in range(50)])
                assert all(r == b"OK" for r in replies)
                n += 50
        finally:
            conn.close()
        node.kill9()
        last = node.wal_files()[-1]
        nxt = int(os.path.basename(last).split(".")[0], 16) + 1
        tmp = os.path.join(os.path.dirname(last), f"{nxt:016x}.wal.tmp")
        with open(last, "rb") as f:
            header = f.read(16)
        with open(tmp, "wb") as f:
            f.write(header[:5])
        node.start(wait=True, timeout=20)
        wait_leader_single(node)
        assert node.call("DBSIZE") == n
        assert node.call("SET", "after", "1") == b"OK"
        assert not os.path.exists(tmp) or os.path.getsize(tmp) <= 5
    finally:
        node.stop()
