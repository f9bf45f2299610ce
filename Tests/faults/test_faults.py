"""The short version of the fault-injection suite (Tests/run-tests.sh): a few bounded
runs, each covering other workloads and nemeses. The long version is
`python3 Tests/faults/run.py --runs 50`.

Each run prints its summary and its replay command; SKIFF_TEST_SEED=N replays them all.
"""

import os
import shutil
import signal

import pytest

import run
from skiffharness import seed_for

RUN_TIME_S = 12.0

SHORT_RUNS = [
    ("register", 3, "kill,pause-leader,partition-leader,membership"),
    ("register-lease", 3, "pause-leader,partition-oneway,clock"),
    ("list", 5, "partition,partition-bridge,partition-oneway,kill-leader,membership"),
    ("list-txn", 3, "partition-leader,pause,kill"),  # skipped until MULTI/EXEC is on main
    ("counter", 3, "clock,disk,pause,kill"),
    ("set", 3, "partition-oneway,kill-leader,disk,membership"),
    ("ttl", 3, "clock,kill-leader,partition"),
    ("stale", 3, "partition,pause,kill"),
]


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root: network namespaces, nftables, tmpfs")


@needs_root
@pytest.mark.parametrize("workload,nodes,nemeses", SHORT_RUNS, ids=[r[0] for r in SHORT_RUNS])
def test_short_run(workload, nodes, nemeses):
    seed = seed_for(f"faults/{workload}")
    result, anomalies = run.run_once(seed, workload, nemeses.split(","), nodes, RUN_TIME_S)
    if result.skipped:
        pytest.skip(result.skipped)
    counts = result.history.counts()
    assert not anomalies, f"seed={seed}: {anomalies[:5]}"
    assert counts["ok"] > 100, f"seed={seed}: too few acknowledged operations: {counts}"
    assert result.faults, f"seed={seed}: no fault was injected"


def test_client_errors_are_classified_as_jepsen_does():
    import redis

    cases = [
        (redis.exceptions.ClusterDownError("No leader elected within 2000 ms; the write was not applied"), "fail"),
        (redis.exceptions.TryAgainError("Write not confirmed within 2000 ms; it may have been applied"), "info"),
        (redis.exceptions.BusyLoadingError("Skiff is loading the dataset in memory"), "fail"),
        (redis.ConnectionError("Error 111 connecting to 10.0.0.1:6379. Connection refused."), "fail"),
        (redis.TimeoutError("Timeout connecting to server"), "fail"),
        (redis.ConnectionError("Connection closed by server."), "info"),
        (redis.TimeoutError("Timeout reading from socket"), "info"),
        (redis.ResponseError("WRONGTYPE Operation against a key holding the wrong kind of value"), "error"),
    ]
    for exc, expected in cases:
        assert run.classify(exc)[0] == expected, exc



@needs_root
@pytest.mark.parametrize("workload", ["register-lease", "register"])
def test_resumed_isolated_leader_serves_no_stale_read(workload):
    """Found by `run.py --seed 9012 --workload register-lease` (5 nodes): a leader that
    was stopped (SIGSTOP) while hearing nobody came back and answered a read sent after a
    new leader had acknowledged a newer write: its lease is counted in Raft ticks, and no
    tick ran while it was stopped."""
    r = run.Run(1, workload, [], 3, 0)
    try:
        r.setup()
        old = r.cluster.wait_leader(10)
        old.call("SET", "k", "v1")
        reader = old.client()
        assert reader.call("GET", "k") == b"v1"  # connected, with a fresh lease
        others = [n for n in r.cluster.nodes if n is not old]
        old.signal(signal.SIGSTOP)
        for n in others:
            r.net.drop(old.node_id, n.node_id)
        new = r.cluster.wait_leader(15, among=others)
        new.call("SET", "k", "v2", timeout=10)
        # Sent after v2 was acknowledged; the old leader reads it when it resumes.
        reader.sock.sendall(b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n")
        old.signal(signal.SIGCONT)
        try:
            reply = reader._read()
        except Exception as e:  # noqa: BLE001 - an error or a timeout is a correct answer
            reply = e
        assert reply != b"v1", f"a resumed old leader served a stale read (logs in {r.workdir})"
        shutil.rmtree(r.workdir, ignore_errors=True)  # kept only when the test fails
    finally:
        r.teardown()
