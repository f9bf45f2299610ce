#!/usr/bin/env python3
"""Side-by-side benchmark: redis-server and skiff-server on free ports, the same
redis-benchmark runs against each, alternating servers round by round. Prints a table of
throughput and latency. Not a test: it asserts nothing (DESIGN §10.7).

    python3 Tests/bench/bench.py                       # .build/release/skiff-server
    python3 Tests/bench/bench.py --rounds 5 -n 500000
    python3 Tests/bench/bench.py --fsync               # both with appendonly + fsync always
    python3 Tests/bench/bench.py --fsync --syscalls -t set,incr   # + fsyncs/s, writes per fsync
    python3 Tests/bench/bench.py --skiff-cmd redis-server   # harness self-check
"""

import argparse
import csv
import io
import os
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import servers  # noqa: E402


def run_benchmark(port, tests, clients, requests, pipeline):
    """{test name: row dict} of one redis-benchmark --csv run."""
    argv = ["redis-benchmark", "-h", "127.0.0.1", "-p", str(port), "-t", tests, "-c", str(clients),
            "-n", str(requests), "-P", str(pipeline), "-q", "--csv"]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=1800)
    rows = {}
    for row in csv.DictReader(io.StringIO(out.stdout)):
        rows[row["test"]] = row
    if not rows:
        sys.stderr.write(f"redis-benchmark printed nothing usable: {out.stdout!r} {out.stderr!r}\n")
    return rows


SYSCALLS = ["fdatasync", "fsync", "write", "writev", "pwrite64", "pwritev", "epoll_wait"]


class SyscallCounter:
    """`perf stat` on one server pid for the length of one benchmark run: how many fsyncs,
    file and socket writes and loop wake-ups (epoll_wait) it made. Tracepoint counting
    costs the server little, unlike strace."""

    def __init__(self, pid):
        events = ",".join(f"syscalls:sys_enter_{name}" for name in SYSCALLS)
        self.proc = subprocess.Popen(["perf", "stat", "-x", ",", "-e", events, "-p", str(pid)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def stop(self):
        """{syscall: count}"""
        self.proc.send_signal(signal.SIGINT)
        _, err = self.proc.communicate(timeout=30)
        counts = {}
        for line in err.splitlines():
            fields = line.split(",")
            if len(fields) > 2 and fields[2].startswith("syscalls:sys_enter_"):
                try:
                    counts[fields[2][len("syscalls:sys_enter_"):]] = int(fields[0])
                except ValueError:
                    pass
        return counts


def syscall_summary(counts, elapsed_s, commands):
    fsyncs = counts.get("fdatasync", 0) + counts.get("fsync", 0)
    writes = sum(counts.get(name, 0) for name in ("write", "writev", "pwrite64", "pwritev"))
    per_fsync = f"{commands / fsyncs:.1f} commands and {writes / fsyncs:.1f} write calls per fsync" if fsyncs else "no fsync"
    return (f"{fsyncs / elapsed_s:.0f} fsyncs/s, {per_fsync}, "
            f"{counts.get('epoll_wait', 0) / elapsed_s:.0f} epoll_waits/s")


def median(values):
    return statistics.median(values) if values else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--skiff", help="path of skiff-server (default env SKIFF_SERVER or .build/release/skiff-server)")
    ap.add_argument("--skiff-cmd", help="command line for the Skiff side, e.g. redis-server")
    ap.add_argument("-t", "--tests", default="set,get,incr,mset")
    ap.add_argument("-c", "--clients", type=int, default=50)
    ap.add_argument("-n", "--requests", type=int, default=200000)
    ap.add_argument("-P", "--pipelines", default="1,16", help="comma-separated pipeline depths")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--fsync", action="store_true",
                    help="both servers with --appendonly yes --appendfsync always")
    ap.add_argument("--syscalls", action="store_true",
                    help="count fsyncs, writes and epoll_waits of each server per run (perf stat)")
    opts = ap.parse_args()

    extra = ["--appendonly", "yes", "--appendfsync", "always"] if opts.fsync else []
    redis = servers.redis_server(extra_args=extra, name="redis")
    skiff = servers.skiff_server(path=opts.skiff, cmd=opts.skiff_cmd, extra_args=extra, name="skiff")
    pipelines = [int(p) for p in opts.pipelines.split(",")]
    # results[(server, test, pipeline)] = list of row dicts, one per round
    results = {}
    try:
        redis.start()
        skiff.start()
        print(f"bench: redis-server on {redis.port}, {' '.join(skiff.argv[:1])} on {skiff.port}; "
              f"-c {opts.clients} -n {opts.requests}, {opts.rounds} rounds"
              f"{', appendfsync always' if opts.fsync else ', persistence off'}", flush=True)
        for rnd in range(opts.rounds):
            # Alternate which server goes first so drift (thermal, noisy neighbours) evens out.
            order = [("redis", redis), ("skiff", skiff)]
            if rnd % 2:
                order.reverse()
            for p in pipelines:
                for name, srv in order:
                    counter = SyscallCounter(srv.proc.pid) if opts.syscalls else None
                    started = time.monotonic()
                    rows = run_benchmark(srv.port, opts.tests, opts.clients, opts.requests, p)
                    elapsed = time.monotonic() - started
                    for test, row in rows.items():
                        results.setdefault((name, test, p), []).append(row)
                    print(f"  round {rnd + 1} P={p} {name}: " +
                          ", ".join(f"{t} {float(r['rps']):.0f}" for t, r in rows.items()), flush=True)
                    if counter:
                        print("    " + syscall_summary(counter.stop(), elapsed, opts.requests * len(rows)), flush=True)
    finally:
        redis.stop()
        skiff.stop()

    tests = []
    for (_, test, _) in results:
        if test not in tests:
            tests.append(test)
    header = ["test", "P", "redis rps", "skiff rps", "ratio", "redis p50", "skiff p50", "redis p99", "skiff p99"]
    lines = [header]
    for test in tests:
        for p in pipelines:
            r = results.get(("redis", test, p), [])
            s = results.get(("skiff", test, p), [])

            def med(rows, col):
                return median([float(x[col]) for x in rows if x.get(col)])

            rr, sr = med(r, "rps"), med(s, "rps")
            ratio = sr / rr if rr and rr == rr and sr == sr else float("nan")
            lines.append([test, str(p), f"{rr:.0f}", f"{sr:.0f}", f"{ratio:.2f}",
                          f"{med(r, 'p50_latency_ms'):.3f}", f"{med(s, 'p50_latency_ms'):.3f}",
                          f"{med(r, 'p99_latency_ms'):.3f}", f"{med(s, 'p99_latency_ms'):.3f}"])
    widths = [max(len(row[i]) for row in lines) for i in range(len(header))]
    print("\nmedian of rounds; latencies in ms; ratio = skiff rps / redis rps")
    for row in lines:
        print("  ".join(cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))))


if __name__ == "__main__":
    main()
