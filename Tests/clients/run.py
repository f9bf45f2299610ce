#!/usr/bin/env python3
"""The client matrix (issue 9): every program of Tests/clients runs against Debian's
redis-server (the control) and against a follower of one 3-node Skiff cluster, then a
summary lists each library with its version and its checks passed.

    python3 Tests/clients/run.py [--skiff PATH] [--only NAME ...] [--keep]

Exit status 0 when every check passes on redis-server and every check passes on Skiff,
except in a section whose commands Skiff does not have yet (COMMAND INFO answers nil for
one of them): those checks are reported as pending, not failed. See README.md."""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "Tests", "cluster"))
sys.path.insert(0, os.path.join(ROOT, "Tests", "support"))

PROGRAM_TIMEOUT_S = 120
BUILD_TIMEOUT_S = 180
# A section is pending on Skiff while Skiff lacks one of these commands.
SECTION_COMMANDS = {
    "transactions": ["multi", "exec", "watch", "discard"],
    "pubsub": ["subscribe", "unsubscribe", "psubscribe", "publish", "pubsub"],
}
CHECK_LINE = re.compile(r"^(ok|not ok) (\S+) (.*)$")


class Program:
    """One client program: how to build it (if compiled) and how to run it."""

    def __init__(self, name, run, build=None, env=None):
        self.name = name
        self.run = run
        self.build = build
        self.env = env or {}


def programs(bin_dir):
    redigo_version = debian_version("golang-github-gomodule-redigo-dev")
    hiredis_bin = os.path.join(bin_dir, "hiredis-client")
    redigo_bin = os.path.join(bin_dir, "redigo-client")
    return [
        Program("redis-py", ["python3", "redis_py_sync.py"]),
        Program("redis-py-asyncio", ["python3", "redis_py_async.py"]),
        Program("node-redis", ["node", "node_redis.js"], env={"NODE_PATH": "/usr/share/nodejs"}),
        Program("redis-rb", ["ruby", "redis_rb.rb"]),
        Program("hiredis", [hiredis_bin],
                build=["gcc", "-std=c11", "-D_DEFAULT_SOURCE", "-Wall", "-Werror", "-O1", "-o", hiredis_bin,
                       "hiredis.c", "-lhiredis", "-lpthread"]),
        # Debian's Go packages are a GOPATH tree, so build in GOPATH mode against it.
        Program("redigo", [redigo_bin], env={"REDIGO_VERSION": redigo_version},
                build=["go", "build", "-o", redigo_bin, "redigo.go"]),
        Program("phpredis", ["php", "phpredis.php"]),
        Program("redis-tools", ["python3", "redis_tools.py"]),
    ]


def debian_version(package):
    """The upstream part of an installed Debian package's version (1:1.8.3-1 -> 1.8.3)."""
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True).stdout
    except OSError:
        return "?"
    return out.split(":")[-1].rsplit("-", 1)[0] or "not installed"


class Result:
    """The parsed output of one program against one server."""

    def __init__(self, output, returncode, stderr):
        self.library = "?"
        self.checks = []  # (passed, section, text)
        for line in output.splitlines():
            if line.startswith("library "):
                self.library = line[len("library "):]
            m = CHECK_LINE.match(line)
            if m:
                self.checks.append((m.group(1) == "ok", m.group(2), m.group(3)))
        self.returncode = returncode
        self.stderr = stderr
        if returncode != 0 and all(passed for passed, _, _ in self.checks):
            # A crash or a timeout with no failing line is a failure of its own.
            self.checks.append((False, "-", f"program exited with {returncode}: {stderr.strip()[-500:]}"))

    def failures(self, pending=()):
        return [(s, text) for passed, s, text in self.checks if not passed and s not in pending]

    def counts(self, pending=()):
        """(passed, failed, pending-and-failing) check counts."""
        passed = sum(1 for p, _, _ in self.checks if p)
        waiting = sum(1 for p, s, _ in self.checks if not p and s in pending)
        return passed, len(self.checks) - passed - waiting, waiting


def run_program(program, port, label):
    env = dict(os.environ, REDIS_HOST="127.0.0.1", REDIS_PORT=str(port), **program.env)
    started = time.monotonic()
    try:
        proc = subprocess.run(program.run, cwd=HERE, env=env, capture_output=True, timeout=PROGRAM_TIMEOUT_S)
        out, err, rc = proc.stdout, proc.stderr, proc.returncode
    except subprocess.TimeoutExpired as e:
        out, err, rc = e.stdout or b"", (e.stderr or b"") + b"\n(timed out)", 124
    except OSError as e:
        out, err, rc = b"", str(e).encode(), 127
    result = Result(out.decode(errors="replace"), rc, err.decode(errors="replace"))
    print(f"  {program.name:<18} on {label:<12} {time.monotonic() - started:5.1f}s  "
          f"{sum(p for p, _, _ in result.checks)}/{len(result.checks)} checks passed", flush=True)
    return result


def build(program):
    """Compiles a program; returns an error text or None."""
    if program.build is None:
        return None
    env = dict(os.environ, GO111MODULE="off", GOPATH="/usr/share/gocode", GOFLAGS="")
    env.setdefault("GOCACHE", os.path.join(tempfile.gettempdir(), "skiff-clients-gocache"))
    try:
        proc = subprocess.run(program.build, cwd=HERE, env=env, capture_output=True, timeout=BUILD_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as e:
        return str(e)
    return None if proc.returncode == 0 else proc.stderr.decode(errors="replace")[-2000:]


def missing_commands(port):
    """The commands of SECTION_COMMANDS that the server at `port` does not know."""
    import skiffharness
    names = sorted({c for cs in SECTION_COMMANDS.values() for c in cs})
    infos = skiffharness.call_once(port, "COMMAND", "INFO", *names)
    return {name for name, info in zip(names, infos) if info is None}


def start_servers(workdir, skiff_binary):
    import servers
    import skiffharness
    os.environ["SKIFF_SERVER"] = skiff_binary
    redis = servers.redis_server(name="control").start()
    cluster = skiffharness.Cluster(workdir, n=3).start()
    leader = cluster.wait_leader(timeout=30)
    follower = next(n for n in cluster.nodes if n is not leader)
    # The follower must know the leader before clients arrive (writes are forwarded).
    skiffharness.wait_until(lambda: follower.info("replication").get("master_port") == str(leader.port),
                            30, what="the follower to know its leader")
    return redis, cluster, leader, follower


def summarize(names, control, skiff, pending, missing):
    print("\n==================== client matrix ====================")
    print(f"{'library':<18} {'version':<42} {'redis-server':>12} {'skiff follower':>15}  pending on skiff")
    totals = [0, 0, 0]
    control_failed = 0
    for name in names:
        c, s = control[name], skiff[name]
        cp, cf, _ = c.counts()
        sp, sf, sw = s.counts(pending)
        control_failed += cf
        totals = [totals[0] + sp, totals[1] + sf, totals[2] + sw]
        waiting = sorted({sec for p, sec, _ in s.checks if not p and sec in pending})
        waiting_text = f"{sw} checks ({', '.join(waiting)})" if sw else ""
        version = c.library.split(" ", 1)[-1]
        print(f"{name:<18} {version:<42} {cp:>5}/{len(c.checks):<6} {sp:>7}/{len(s.checks):<7}  {waiting_text}")
    for label, results, skip in (("redis-server", control, ()), ("skiff follower", skiff, pending)):
        for name in names:
            for section, text in results[name].failures(skip):
                print(f"FAIL {name} on {label}: {section} {text}")
    for name in names:
        for section, text in skiff[name].failures():
            if section in pending:
                print(f"pending {name} on skiff: {section} {text[:200]}")
    if pending:
        print(f"pending sections: {', '.join(sorted(pending))} (Skiff lacks {', '.join(sorted(missing))})")
    print(f"redis-server control: {control_failed} checks failed")
    # The closing line counts the checks against Skiff; pending ones count as skipped.
    print(f"clients: {totals[0]} passed, {totals[1]} failed, {totals[2]} skipped")
    return control_failed == 0 and totals[1] == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skiff", default=os.environ.get("SKIFF_SERVER",
                                                          os.path.join(ROOT, ".build", "release", "skiff-server")))
    parser.add_argument("--only", action="append", help="run only this program (repeatable)")
    parser.add_argument("--keep", action="store_true", help="keep the cluster's data and logs")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="skiff-clients-")
    chosen = [p for p in programs(workdir) if not args.only or p.name in args.only]
    print("building the compiled clients", flush=True)
    build_errors = {p.name: build(p) for p in chosen}
    redis, cluster, leader, follower = start_servers(workdir, os.path.abspath(args.skiff))
    ok = False
    try:
        print(f"redis-server on {redis.port}; skiff cluster {[n.port for n in cluster.nodes]}, "
              f"leader {leader.port}, clients connect to follower {follower.port}", flush=True)
        missing = missing_commands(follower.port)
        pending = {s for s, cs in SECTION_COMMANDS.items() if missing.intersection(cs)}
        control, skiff = {}, {}
        for p in chosen:
            if build_errors[p.name]:
                failed = Result("", 1, "build failed: " + build_errors[p.name])
                control[p.name] = skiff[p.name] = failed
                print(f"  {p.name}: build failed\n{build_errors[p.name]}")
                continue
            control[p.name] = run_program(p, redis.port, "redis-server")
            skiff[p.name] = run_program(p, follower.port, "skiff")
        for label, results in (("redis-server", control), ("skiff", skiff)):
            for name, r in results.items():
                if r.failures() and r.stderr.strip():
                    print(f"--- stderr of {name} on {label}:\n{r.stderr.strip()[-1500:]}")
        ok = summarize([p.name for p in chosen], control, skiff, pending, missing)
        if not all(n.alive() for n in cluster.nodes):
            print("FAIL a skiff node exited during the run")
            ok = False
        elif cluster.leader() is follower:
            # Not a failure (elections happen), but the run did not stay on a follower.
            print(f"note: node {follower.port} became the leader during the run")
    finally:
        redis.stop()
        cluster.stop()
        if ok and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"cluster data and logs kept in {workdir}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
