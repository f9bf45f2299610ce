"""The short version of the fault-injection suite (Tests/run-tests.sh): a few bounded
runs, each covering other workloads and nemeses. The long version is
`python3 Tests/faults/run.py --runs 50`.

Each run prints its summary and its replay command; SKIFF_TEST_SEED=N replays them all.
"""

import os

import pytest

import run
from skiffharness import seed_for

RUN_TIME_S = 12.0

SHORT_RUNS = [
    ("register", 3, "kill,pause-leader,partition-leader"),
    ("register-lease", 3, "pause-leader,partition-oneway,clock"),
    ("list", 5, "partition,partition-bridge,partition-oneway,kill-leader"),
    ("list-txn", 3, "partition-leader,pause,kill"),  # skipped until MULTI/EXEC is on main
    ("counter", 3, "clock,disk,pause,kill"),
    ("set", 3, "partition-oneway,kill-leader,disk"),
    ("ttl", 3, "clock,kill-leader,partition"),
    ("stale", 3, "partition,pause,kill"),
]


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root: network namespaces, nftables, tmpfs")
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
