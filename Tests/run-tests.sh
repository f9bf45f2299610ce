#!/usr/bin/env bash
# Skiff: the one command that runs every test suite (README: `bash Tests/run-tests.sh`).
#
# On a fresh Debian machine as root it installs what is missing (redis-server, redis-tools,
# python3-pip, redis-py, hiredis, pexpect, pytest, the client libraries of the client
# matrix and prometheus-redis-exporter), then runs: swift build -c release, swift test, a
# bounded libFuzzer run of the RESP parser, the differential suite against redis-server
# (against one node, then through a follower of a 3-node cluster),
# the interop tests, the client matrix (Tests/clients) and the cluster tests (Tests/cluster,
# the exporter's scrapes among them). Prints a summary and exits non-zero if a suite failed.
#
# Environment knobs:
#   SKIFF_FUZZ_SECONDS   libFuzzer time budget (default 30)
#   SKIFF_DIFF_SEED      replay the differential random streams of an earlier run
#   SKIFF_DIFF_ARGS      extra arguments for difftest.py (e.g. "--streams 100")
#   SKIFF_DIFF_CLUSTER_STREAMS  random streams of the differential run through a cluster
#                        follower (default 10)
#   SKIFF_SKIP_INSTALL=1 do not touch apt/pip
#   SKIFF_TEST_SEED      replay the randomized cluster and fault-injection tests
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
FUZZ_SECONDS=${SKIFF_FUZZ_SECONDS:-30}
SKIFF_BIN="$ROOT/.build/release/skiff-server"

declare -a SUMMARY=()
declare -a FAILURES=()   # pairs: suite name, its log
# Each suite's output is also kept in a log, so that the summary at the very end can
# repeat why a suite failed: CI often keeps only the tail of a run.
LOGS=$(mktemp -d)
trap 'rm -rf "$LOGS"' EXIT
PASSED=0
FAILED=0

section() {
    printf '\n==================== %s ====================\n' "$1"
}

# run_suite NAME TIMEOUT_SECONDS COMMAND... : runs one suite, records PASS/FAIL and its time.
run_suite() {
    local name=$1 limit=$2
    shift 2
    section "$name"
    local start rc
    start=$(date +%s)
    local log="$LOGS/${#SUMMARY[@]}.log"
    set +e
    timeout --signal=TERM --kill-after=30 "$limit" "$@" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    set -e
    local took=$(( $(date +%s) - start ))
    if [ "$rc" -eq 0 ]; then
        SUMMARY+=("PASS  $name (${took}s)")
        PASSED=$((PASSED + 1))
    else
        [ "$rc" -eq 124 ] && echo "$name: timed out after ${limit}s"
        SUMMARY+=("FAIL  $name (exit $rc, ${took}s)")
        FAILED=$((FAILED + 1))
        FAILURES+=("$name" "$log")
    fi
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "not root and no sudo: cannot run: $*" >&2; return 1; fi
}

# ---------------------------------------------------------------------------------------
section "prerequisites"
if [ "${SKIFF_SKIP_INSTALL:-0}" != 1 ]; then
    # Always refresh the package lists first: a fresh machine's may be empty or stale.
    # Debian packages of the suites, one line per need: the servers and harnesses; each
    # language's Redis library for the client matrix (Tests/clients); docker-compose for
    # Tests/docker; iproute2 and nftables for the fault suite's namespaces and partitions;
    # the Prometheus exporter that Tests/cluster/test_prometheus.py runs against every node.
    PACKAGES="redis-server redis-tools python3-pip
        nodejs node-redis ruby-redis ruby-connection-pool libhiredis-dev gcc golang-go golang-github-gomodule-redigo-dev php-cli php-redis
        docker-compose
        iproute2 nftables
        prometheus-redis-exporter"
    echo "apt-get update, then:" $PACKAGES
    as_root apt-get update -qq
    # shellcheck disable=SC2086
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PACKAGES >/dev/null
    if ! python3 -c 'import redis, hiredis, pexpect, pytest' 2>/dev/null; then
        echo "installing Python packages: redis hiredis pexpect pytest"
        # Debian 12 marks the system Python as externally managed (PEP 668).
        python3 -m pip install -q redis hiredis pexpect pytest 2>/dev/null ||
            python3 -m pip install -q --break-system-packages redis hiredis pexpect pytest
    fi
    # apt may have started Debian's redis-server service on port 6379: stop it (by its own
    # pid file or through the service manager), the harnesses start their own servers.
    if command -v systemctl >/dev/null && systemctl is-active --quiet redis-server 2>/dev/null; then
        echo "stopping the redis-server service started by apt"
        as_root systemctl stop redis-server || true
        as_root systemctl disable --quiet redis-server || true
    elif [ -s /run/redis/redis-server.pid ] && kill -0 "$(cat /run/redis/redis-server.pid)" 2>/dev/null; then
        echo "stopping the redis-server service started by apt (pid $(cat /run/redis/redis-server.pid))"
        as_root service redis-server stop >/dev/null 2>&1 || as_root kill "$(cat /run/redis/redis-server.pid)" || true
    fi
    # Likewise the exporter's service (port 9121): the test runs its own exporters.
    if command -v systemctl >/dev/null && systemctl is-active --quiet prometheus-redis-exporter 2>/dev/null; then
        echo "stopping the prometheus-redis-exporter service started by apt"
        as_root systemctl stop prometheus-redis-exporter || true
        as_root systemctl disable --quiet prometheus-redis-exporter || true
    fi
fi
echo "redis-server: $(redis-server --version | cut -d' ' -f1-3)"
echo "python3: $(python3 --version 2>&1), redis-py $(python3 -c 'import redis; print(redis.__version__)' 2>/dev/null || echo missing)"
echo "swift: $(swift --version 2>&1 | head -1)"

# ---------------------------------------------------------------------------------------
run_suite "swift build -c release" 1800 swift build -c release

run_suite "swift test" 1200 swift test

# ---------------------------------------------------------------------------------------
# libFuzzer over the two decoders that read untrusted bytes: client requests (RESP)
# and peer frames (Cluster). Built outside SwiftPM with -sanitize=fuzzer.
fuzz_target() {
    local name=$1 seconds=$2
    shift 2
    swiftc -sanitize=fuzzer -parse-as-library -O "$@" -o ".build/$name" || return 1
    mkdir -p Tests/fuzz-artifacts
    local corpus
    corpus=$(mktemp -d)
    local rc=0
    ".build/$name" -max_total_time="$seconds" -artifact_prefix=Tests/fuzz-artifacts/ \
        -print_final_stats=1 "$corpus" 2>&1 | tail -25 || rc=$?
    rm -rf "$corpus"
    return "$rc"
}
export -f fuzz_target
run_suite "libFuzzer RESP parser (${FUZZ_SECONDS}s)" $((FUZZ_SECONDS + 600)) \
    bash -c 'fuzz_target resp-fuzz "$0" Sources/RESP/*.swift Tests/fuzz/RESPFuzz.swift' "$FUZZ_SECONDS"
run_suite "libFuzzer peer frames (${FUZZ_SECONDS}s)" $((FUZZ_SECONDS + 600)) \
    bash -c 'fuzz_target peer-fuzz "$0" Sources/Raft/*.swift Sources/RESP/*.swift Sources/Cluster/PeerFrame*.swift Sources/Cluster/EntryPayload.swift Sources/RaftStorage/LittleEndianWriter.swift Tests/fuzz/PeerFuzz.swift' "$FUZZ_SECONDS"

# ---------------------------------------------------------------------------------------
# The deterministic simulator: a bounded run of seeds on 3 and 5 nodes (release build).
run_suite "simulator (skiff-sim, 3 nodes)" 600 .build/release/skiff-sim --seeds "${SKIFF_SIM_SEEDS:-2000}" --nodes 3
run_suite "simulator (skiff-sim, 5 nodes)" 600 .build/release/skiff-sim --seeds "${SKIFF_SIM_SEEDS:-1000}" --nodes 5

# ---------------------------------------------------------------------------------------
# shellcheck disable=SC2086
run_suite "differential (redis-server vs skiff-server)" 900 \
    python3 Tests/differential/difftest.py --skiff "$SKIFF_BIN" ${SKIFF_DIFF_ARGS:-}

# The same cases through a follower of a 3-node cluster (writes forwarded to the leader,
# reads behind ReadIndex), the nodes' data compared after each case; fewer random streams
# than above to stay near 2-3 minutes (all 40: difftest.py --cluster 3).
# shellcheck disable=SC2086
run_suite "differential through a 3-node cluster's follower" 900 \
    python3 Tests/differential/difftest.py --skiff "$SKIFF_BIN" --cluster 3 \
    --streams "${SKIFF_DIFF_CLUSTER_STREAMS:-10}" ${SKIFF_DIFF_ARGS:-}

run_suite "interop (redis-cli, redis-py, hostile clients)" 600 \
    env SKIFF_SERVER="$SKIFF_BIN" python3 -m pytest -q -p no:cacheprovider Tests/interop

run_suite "client matrix (six languages' libraries, redis-cli, redis-benchmark)" 600 \
    python3 Tests/clients/run.py --skiff "$SKIFF_BIN"

if [ -d Tests/cluster ]; then
    run_suite "cluster, crash and eviction tests (real processes)" 1100 \
        env SKIFF_SERVER="$SKIFF_BIN" python3 -m pytest -q -p no:cacheprovider Tests/cluster
fi

run_suite "docker (compose config, runtime libraries)" 300 \
    env SKIFF_SERVER="$SKIFF_BIN" python3 -m pytest -q -p no:cacheprovider Tests/docker
# Jepsen-style faults on real processes (Tests/faults): a few short runs, about 3 minutes.
# The long version: python3 Tests/faults/run.py --runs 50
if [ -d Tests/faults ]; then
    run_suite "fault injection (namespaces, kills, pauses, partitions, clocks, full disk)" 600 \
        env SKIFF_SERVER="$SKIFF_BIN" python3 -m pytest -q -p no:cacheprovider Tests/faults
fi

# ---------------------------------------------------------------------------------------
section "summary"
for ((i = 0; i < ${#FAILURES[@]}; i += 2)); do
    echo "--- why '${FAILURES[i]}' failed (the lines that say so, then its last lines):"
    grep -a -E 'MISMATCH|FAIL|Error|error:|Traceback|assert|died|timed out' "${FAILURES[i + 1]}" | head -40 || true
    echo "  ..."
    tail -n 15 "${FAILURES[i + 1]}"
done
for line in "${SUMMARY[@]}"; do
    echo "  $line"
done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
