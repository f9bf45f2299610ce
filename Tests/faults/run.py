#!/usr/bin/env python3
"""Jepsen-style fault injection against real skiff-server processes.

One run: a 3- or 5-node cluster, each node in its own network namespace (net.py);
client processes through redis-py, several per node; a seeded schedule of faults
(nemesis.py); heal; final reads from every node; the history checked (workloads.py,
checkers/). Prints a summary; keeps the history, the fault log and the nodes' logs in
a directory it names when a run finds an anomaly (or with --keep).

    python3 Tests/faults/run.py --workload register --nemesis kill,partition --time 20
    python3 Tests/faults/run.py --runs 50                  # every workload and nemesis
    python3 Tests/faults/run.py --seed 1234 --workload list --nemesis pause   # replay

A seed replays the same choices (workloads' operations, which faults, when, on whom);
thread interleavings and timings are the machine's. Needs root (ip netns, nft, mount).
"""

import argparse
import atexit
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "cluster"))
os.environ.setdefault("SKIFF_SERVER", os.path.join(HERE, "..", "..", ".build", "release", "skiff-server"))

import redis  # noqa: E402
from redis.backoff import NoBackoff  # noqa: E402
from redis.retry import Retry  # noqa: E402

import nemesis  # noqa: E402
import skiffharness  # noqa: E402
from history import History, finish  # noqa: E402
from net import Net, sh  # noqa: E402
from workloads import WORKLOADS  # noqa: E402

CLIENT_PORT = 6379          # every node is alone in its namespace: the same ports for all
PEER_PORT = 16379
CLIENT_TIMEOUT_S = 4.0      # longer than cluster-write-timeout: the server answers first
WRITE_TIMEOUT_MS = 2000
WORKERS_PER_NODE = 2
SNAPSHOT_EVERY_ENTRIES = 3000   # small, so snapshots and their installation happen in runs
DISK_SIZE = "48m"
DISK_WAL_SEGMENT = "4mb"
HEAL_TIMEOUT_S = 60.0
ENTRY_CLOCK_SLEW = 0.01     # EntryClock.slewPerMille: how fast a node follows its jumped wall clock
NOT_ANOMALIES = {"unknown"}  # the linearizability search gave up: reported, not a failure


class Run:
    def __init__(self, seed, workload, nemeses, nodes, time_s, keep=False, skew_allowance=True):
        self.seed = seed
        self.workload = WORKLOADS[workload]()
        self.nemeses = nemeses
        self.n = nodes
        self.time_s = time_s
        self.keep = keep
        self.rng = random.Random(seed)
        self.history = History()
        self.faults = []           # (start s, end s, description)
        self.errors = []           # unexpected error replies
        self.skew_allowance = skew_allowance  # off: TTL checks ignore the injected clock skew
        self.t0 = time.monotonic()
        self.stop = threading.Event()
        self.workdir = tempfile.mkdtemp(prefix=f"skf-run-{workload}-{seed}-")
        self.net = None
        self.cluster = None
        self.disk_node = None
        self.mounted = None
        self.skipped = ""          # why the run could not be made (a command the server lacks)

    def now(self):
        return time.monotonic() - self.t0

    # --- setup and teardown ------------------------------------------------

    def setup(self):
        self.net = Net(self.n).create()
        # protected-mode no: clients come from the bridge, not loopback (a private network).
        args = ["--appendonly", "yes", "--protected-mode", "no", "--cluster-write-timeout", str(WRITE_TIMEOUT_MS),
                "--read-consistency", self.workload.read_consistency,
                "--snapshot-threshold-entries", str(SNAPSHOT_EVERY_ENTRIES)]
        peers = " ".join(f"{i}@{self.net.ip(i)}:{CLIENT_PORT}@{PEER_PORT}" for i in range(1, self.n + 1))
        shim = self._build_clock_shim() if "clock" in self.nemeses else None
        nodes = []
        for i in range(1, self.n + 1):
            node = NamespacedNode(self.workdir, f"n{i}", port=CLIENT_PORT, node_id=i, peer_port=PEER_PORT,
                                  host=self.net.ip(i), netns=self.net.ns(i),
                                  args=args + ["--cluster-node-id", str(i), "--cluster-peers", peers])
            if shim:
                node.clock_file = os.path.join(self.workdir, f"n{i}.clock")
                node.shim = shim
                self.set_clock_offset(node, 0.0)
            nodes.append(node)
        if "disk" in self.nemeses:
            self.disk_node = nodes[-1]
            self.mounted = self.disk_node.dir
            sh("mount", "-t", "tmpfs", "-o", f"size={DISK_SIZE}", f"{self.net.prefix}-disk", self.mounted)
            atexit.register(self.unmount)
            self.disk_node.args += ["--wal-segment-size", DISK_WAL_SEGMENT]
        self.cluster = skiffharness.Cluster.of(self.workdir, nodes)
        self.cluster.start()
        self.cluster.wait_leader(30)
        needed = self.workload.requires
        if needed and nodes[0].call("COMMAND", "INFO", needed) == [None]:
            raise Unsupported(f"the server has no {needed.upper()} command")

    def teardown(self):
        if self.cluster is not None:
            self.cluster.stop()
        self.unmount()
        if self.net is not None:
            self.net.destroy()

    def unmount(self):
        if self.mounted:
            sh("umount", "-l", self.mounted, check=False)
            self.mounted = None

    def _build_clock_shim(self):
        out = os.path.join(self.workdir, "clockshift.so")
        cc = shutil.which("cc") or shutil.which("clang") or "gcc"
        sh(cc, "-shared", "-fPIC", "-O2", "-o", out, os.path.join(HERE, "clockshift.c"), "-ldl")
        return out

    def skew_allowance_s(self):
        """How far TTL checks let a deadline move under the clock nemesis. A jump while a
        node runs is followed at ENTRY_CLOCK_SLEW of the time elapsed (EntryClock), so that
        fraction of the run; a node (re)started on a skewed clock trusts it from the start,
        so the largest such skew."""
        if not self.skew_allowance or "clock" not in self.nemeses:
            return 0.0
        started_skewed_s = max(node.start_skew_s for node in self.cluster.nodes)
        return started_skewed_s + ENTRY_CLOCK_SLEW * self.now()

    @staticmethod
    def set_clock_offset(node, offset_s):
        with open(node.clock_file, "w") as f:
            f.write(f"{int(offset_s * 1000)}\n")

    # --- clients -------------------------------------------------------------

    def client(self, node):
        return redis.Redis(host=node.host, port=node.port, socket_timeout=CLIENT_TIMEOUT_S,
                           socket_connect_timeout=1.0, retry=Retry(NoBackoff(), 0))

    def record(self, process, client, node, f, key, arg, strict=False):
        """Runs one operation and records it; returns the finished Op. strict: again
        (as a new op) until one is acknowledged, for the final reads."""
        deadline = time.monotonic() + HEAL_TIMEOUT_S
        while True:
            op = self._record_once(process, client, node, f, key, arg)
            if not strict or op.type == "ok" or time.monotonic() > deadline:
                return op
            time.sleep(0.2)

    def _record_once(self, process, client, node, f, key, arg):
        op = self.history.invoke(process, f, key, arg, self.now(), node.name)
        try:
            result = self.workload.execute(client, f, key, arg)
        except Exception as e:  # noqa: BLE001 - classified below
            kind, text = classify(e)
            if kind == "error":
                self.errors.append(f"{f} {key} on {node.name}: {text}")
                kind = "fail"
            return finish(op, kind, self.now(), error=text)
        return finish(op, "ok", self.now(), result)

    def worker(self, w, node, rng):
        client = self.client(node)
        workers = self.n * WORKERS_PER_NODE
        process, seq = w, 0
        while not self.stop.is_set():
            seq += 1
            f, key, arg = self.workload.next_op(rng, process, seq)
            op = self.record(process, client, node, f, key, arg)
            if op.type == "info":
                process += workers  # Jepsen: a process with an op in doubt is retired
            elif op.type == "fail":
                time.sleep(0.05)
        client.close()

    def strict(self, node, *command):
        """A command on the healed cluster, retried until it answers (final reads)."""
        return self.strict_pipeline(node, [command])[0]

    def strict_pipeline(self, node, commands):
        """Commands sent together, all again until every one answers (final reads:
        reads only, so sending them twice is harmless)."""
        client = self.client(node)
        deadline = time.monotonic() + HEAL_TIMEOUT_S
        try:
            while True:
                pipe = client.pipeline(transaction=False)
                for command in commands:
                    pipe.execute_command(*command)
                try:
                    return pipe.execute()
                except (redis.ConnectionError, redis.TimeoutError, redis.ResponseError):
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        finally:
            client.close()

    def admin(self, node, *command, timeout_s=CLIENT_TIMEOUT_S):
        """An admin command from the nemesis; a refusal or timeout goes in the fault log."""
        client = redis.Redis(host=node.host, port=node.port, socket_timeout=timeout_s,
                             socket_connect_timeout=1.0, retry=Retry(NoBackoff(), 0))
        try:
            return client.execute_command(*command)
        except redis.RedisError as e:
            self.faults.append((self.now(), self.now(), f"{' '.join(map(str, command))} on {node.name}: {e}"))
            return None
        finally:
            client.close()

    @staticmethod
    def members(node):
        """{id: "voter" or "learner"} of `node`'s configuration (INFO raft's raft_node<i>
        fields), or None if it does not answer."""
        try:
            r = node.info("raft")
        except Exception:  # noqa: BLE001 - a node that does not answer knows no members
            return None
        out = {}
        for name, value in r.items():
            if name.startswith("raft_node") and name[len("raft_node"):].isdigit():
                fields = dict(part.split("=", 1) for part in value.split(","))
                out[int(fields["id"])] = fields["state"]
        return out

    @staticmethod
    def address(node):
        return f"{node.host}:{node.port}@{node.peer_port}"

    # --- faults --------------------------------------------------------------

    def nemesis_loop(self, rng):
        end = self.time_s
        while self.now() < end:
            time.sleep(rng.uniform(*nemesis.QUIET_S_RANGE))
            if self.now() >= end:
                break
            # Sometimes two faults at once (a kill during a partition, a pause on a
            # skewed clock...); they are healed in reverse order.
            count = 2 if len(self.nemeses) > 1 and rng.random() < nemesis.OVERLAP_PROBABILITY else 1
            started = self.now()
            injected = []
            for name in rng.sample(self.nemeses, count):
                fault = nemesis.NEMESES[name](self, rng)
                if fault is not None:
                    injected.append(fault)
            time.sleep(rng.uniform(*nemesis.HOLD_S_RANGE))
            for what, heal in reversed(injected):
                heal()
            if injected:
                self.faults.append((started, self.now(), " + ".join(what for what, _ in injected)))

    def heal_all(self):
        self.net.heal()
        for node in self.cluster.nodes:
            if getattr(node, "clock_file", None):
                self.set_clock_offset(node, 0.0)  # first: a node restarted next starts on a right clock
            node.signal(signal.SIGCONT)
            if not node.alive():
                node.start(wait=False)
        for node in self.cluster.nodes:
            node.wait_up(HEAL_TIMEOUT_S)
        self.restore_membership()
        self.converge()

    def restore_membership(self):
        """Adds back every node a membership fault removed; returns once all are voters."""
        everyone = {node.node_id for node in self.cluster.nodes}

        def all_voters():
            leader = self.cluster.wait_leader(HEAL_TIMEOUT_S)
            members = self.members(leader) or {}
            if {i for i, state in members.items() if state == "voter"} == everyone:
                return True
            if "learner" not in members.values():  # none being promoted: add one missing
                missing = self.cluster.by_id(min(everyone - set(members)))
                self.admin(leader, "RAFT.NODE", "ADD", missing.node_id, self.address(missing))
            return False
        skiffharness.wait_until(all_voters, HEAL_TIMEOUT_S, interval=0.5, what="every node to be a voter again")

    def converge(self):
        """Waits for one leader and every node to apply its commit index."""
        leader = self.cluster.wait_leader(HEAL_TIMEOUT_S)

        def caught_up():
            commit = int(leader.info("raft")["raft_commit_index"])
            return all(v >= commit for v in self.cluster.applied_indices(self.cluster.nodes).values())
        skiffharness.wait_until(caught_up, HEAL_TIMEOUT_S, interval=0.2, what="every node to apply")

    def failover(self):
        leader = self.cluster.wait_leader(HEAL_TIMEOUT_S)
        started = self.now()
        leader.kill9()
        self.cluster.wait_leader(HEAL_TIMEOUT_S, exclude=leader)
        leader.start()
        self.converge()
        self.faults.append((started, self.now(), f"final failover: kill -9 leader {leader.name}"))

    # --- one run -------------------------------------------------------------

    def execute(self):
        try:
            self.setup()
            self.t0 = time.monotonic()
            threads = []
            for w in range(self.n * WORKERS_PER_NODE):
                node = self.cluster.nodes[w % self.n]
                rng = random.Random(self.rng.randrange(2**63))
                threads.append(threading.Thread(target=self.worker, args=(w, node, rng), daemon=True))
            nemesis_rng = random.Random(self.rng.randrange(2**63))
            for t in threads:
                t.start()
            self.nemesis_loop(nemesis_rng)
            self.stop.set()
            for t in threads:
                t.join(timeout=CLIENT_TIMEOUT_S * 3)
            for op in self.history.ops:
                if op.type == "invoke":
                    finish(op, "info", None, error="still running at the end")
            self.heal_all()
            final = self.workload.final_reads(self)
            anomalies = self.workload.check(self, final)
        except Unsupported as e:
            self.skipped = str(e)
            anomalies = []
        except Exception as e:  # noqa: BLE001 - a run that cannot finish is reported, kept
            anomalies = [{"kind": "harness-error", "key": "", "detail": f"{type(e).__name__}: {e}"}]
        finally:
            self.stop.set()
            self.teardown()
        anomalies += [{"kind": "unexpected-error", "key": "", "detail": e} for e in self.errors[:20]]
        return anomalies

    def save(self, anomalies):
        self.history.save(os.path.join(self.workdir, "history.jsonl"))
        with open(os.path.join(self.workdir, "anomalies.json"), "w") as f:
            json.dump(anomalies, f, indent=1)
        with open(os.path.join(self.workdir, "faults.txt"), "w") as f:
            for start, end, what in self.faults:
                f.write(f"{start:8.3f} {end:8.3f} {what}\n")


class Unsupported(Exception):
    """The workload needs a command this server does not have yet."""


class NamespacedNode(skiffharness.Node):
    """A Node whose process runs inside its network namespace (ip netns exec execs it,
    so the pid is the server's), optionally with its wall clock shifted."""

    def __init__(self, *args, netns, **kwargs):
        super().__init__(*args, **kwargs)
        self.netns = netns
        self.shim = None
        self.clock_file = None
        self.start_skew_s = 0.0  # the largest clock offset this node was (re)started with

    def start(self, *args, **kwargs):
        if self.clock_file:
            with open(self.clock_file) as f:
                self.start_skew_s = max(self.start_skew_s, abs(int(f.read()) / 1000.0))
        return super().start(*args, **kwargs)

    def command(self):
        prefix = ["ip", "netns", "exec", self.netns]
        if self.shim:
            prefix += ["env", f"LD_PRELOAD={self.shim}", f"SKF_CLOCK_FILE={self.clock_file}"]
        return prefix + super().command()


def classify(e):
    """(ok|fail|info|error, text) of a client exception; Jepsen's meaning of each."""
    text = f"{type(e).__name__}: {e}"
    if isinstance(e, redis.exceptions.ClusterDownError):
        return "fail", text            # -CLUSTERDOWN: the write was not applied
    if isinstance(e, redis.exceptions.TryAgainError):
        return "info", text            # -TRYAGAIN: it may have been applied
    if isinstance(e, redis.exceptions.BusyLoadingError):
        return "fail", text            # -LOADING: refused before running
    if isinstance(e, (redis.ConnectionError, redis.TimeoutError)):
        if "connecting to" in str(e) or "Timeout connecting" in str(e):
            return "fail", text        # never sent
        return "info", text            # sent; the reply was lost
    return "error", text


def summarize(run, anomalies):
    counts = run.history.counts()
    real = [a for a in anomalies if a["kind"] not in NOT_ANOMALIES]
    kinds = {}
    for a in anomalies:
        kinds[a["kind"]] = kinds.get(a["kind"], 0) + 1
    nemeses = "all" if run.nemeses == nemesis.DEFAULT else ",".join(run.nemeses)
    lines = [f"[faults] seed={run.seed} workload={run.workload.name} nemesis={nemeses} "
             f"nodes={run.n} time={run.time_s:g}s",
             f"  ops {counts['ops']}: acknowledged {counts['ok']}, failed {counts['fail']}, "
             f"indeterminate {counts['info']}",
             f"  faults injected {len(run.faults)}: " + "; ".join(f"{w} @{s:.1f}s" for s, _, w in run.faults[:12])
             + (" ..." if len(run.faults) > 12 else ""),
             "  anomalies: " + (", ".join(f"{k}: {v}" for k, v in sorted(kinds.items())) or "none")]
    if run.skipped:
        lines.append(f"  skipped: {run.skipped}")
    for a in anomalies[:10]:
        lines.append(f"    {a['kind']} {a['key']}: {a['detail']}")
    lines.append(f"  replay: python3 Tests/faults/run.py --seed {run.seed} --workload {run.workload.name} "
                 f"--nemesis {nemeses} --nodes {run.n} --time {run.time_s:g}")
    return lines, real


def run_once(seed, workload, nemeses, nodes, time_s, keep=False, skew_allowance=True):
    run = Run(seed, workload, nemeses, nodes, time_s, keep, skew_allowance)
    anomalies = run.execute()
    run.save(anomalies)
    lines, real = summarize(run, anomalies)
    if real or keep:
        lines.append(f"  history, faults and node logs kept in {run.workdir}")
    else:
        shutil.rmtree(run.workdir, ignore_errors=True)
    print("\n".join(lines), flush=True)
    return run, real


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", type=int, help="seed of the (first) run; printed when not given")
    p.add_argument("--runs", type=int, default=1, help="runs, cycling through workloads (seed, seed+1, ...)")
    p.add_argument("--workload", default="all", help=f"one of {sorted(WORKLOADS)} or all")
    p.add_argument("--nemesis", default="all", help=f"comma-separated from {sorted(nemesis.NEMESES)} or all")
    p.add_argument("--nodes", type=int, default=0, help="3 or 5 (default: alternate per round of workloads)")
    p.add_argument("--time", type=float, default=20.0, help="seconds of faults per run")
    p.add_argument("--keep", action="store_true", help="keep every run's directory")
    p.add_argument("--no-skew-allowance", action="store_true",
                   help="TTL checks ignore injected clock jumps (shows what wall-clock TTLs do under skew)")
    a = p.parse_args(argv)
    if os.geteuid() != 0:
        print("run.py needs root (network namespaces, nftables, tmpfs)", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so finally/atexit clean up
    seed = a.seed if a.seed is not None else random.SystemRandom().randrange(1, 2**31)
    workloads = sorted(WORKLOADS) if a.workload == "all" else a.workload.split(",")
    nemeses = nemesis.DEFAULT if a.nemesis == "all" else a.nemesis.split(",")
    total_ops, failed = 0, []
    for i in range(a.runs):
        # Each workload in turn; every full round of workloads switches between 3 and 5 nodes.
        nodes = a.nodes or (3 if (i // len(workloads)) % 2 == 0 else 5)
        run, real = run_once(seed + i, workloads[i % len(workloads)], nemeses, nodes, a.time, a.keep,
                             not a.no_skew_allowance)
        total_ops += len(run.history.ops)
        if real:
            failed.append(seed + i)
    print(f"[faults] {a.runs} runs, {total_ops} ops, runs with anomalies: {failed or 'none'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
