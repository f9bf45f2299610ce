#!/usr/bin/env python3
"""Differential test: the same byte streams to Debian's redis-server (the oracle) and to
skiff-server, replies compared byte for byte (RESP2 and RESP3), plus seeded random streams.

    python3 Tests/differential/difftest.py                       # .build/release/skiff-server
    python3 Tests/differential/difftest.py --skiff-cmd redis-server   # harness self-test
    python3 Tests/differential/difftest.py -k strings --resp 3 -v
    SKIFF_DIFF_SEED=1234 python3 Tests/differential/difftest.py --only-random
    python3 Tests/differential/difftest.py --cluster 3     # through a follower of 3 nodes

Exit status 0 only when every case and stream matched.
"""

import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
sys.path.insert(0, HERE)

import servers  # noqa: E402
from resp import Conn, Closed, Timeout, ProtocolViolation, encode_command  # noqa: E402
import casefile  # noqa: E402
import masks  # noqa: E402
import randomgen  # noqa: E402
import followerside  # noqa: E402

IDLE_S = 0.25       # oracle quiet this long after a #raw write: it has said everything
# A #push the oracle has not sent within this long is not coming: both servers deliver
# pushes in the same loop iteration as the reply that caused them. Expected silences
# ("no further push") would otherwise cost the full reply timeout each.
PUSH_WAIT_S = 1.0
CLOSE_PROBE_S = 0.2  # how long an open connection must stay silent to count as open
DRIP_S = 0.0005      # pause between single-byte writes in drip mode


class Outcome:
    """What one server did for one command: a reply, or an event (closed, timeout...)."""

    def __init__(self, raw=None, value=None, event=None):
        self.raw, self.value, self.event = raw, value, event

    def show(self):
        return repr(self.raw) if self.event is None else f"<{self.event}>"


def read_one(conn, timeout_s):
    try:
        raw, v = conn.read_reply(timeout_s)
        return Outcome(raw, v)
    except Closed:
        return Outcome(event="connection closed")
    except Timeout:
        return Outcome(event="no reply (timeout)")
    except ProtocolViolation as e:
        return Outcome(event=f"invalid RESP: {e}")


class Runner:
    def __init__(self, opts, redis, skiff):
        self.opts = opts
        self.redis, self.skiff = redis, skiff
        self.replies = 0
        self.mismatches = 0
        self.passed = 0
        self.failed = 0
        self.failed_names = []
        self.by_command = {}
        self.leadership_notes = 0
        self.replica_checks, self.replica_check_s = 0, 0.0
        # Through a cluster a reply may wait out a leader change; a silence of the oracle
        # still ends after --timeout (read_pair).
        self.skiff_timeout = max(opts.timeout, followerside.REPLY_TIMEOUT_S) if opts.cluster else opts.timeout

    # --- reporting ----------------------------------------------------------------

    def report(self, where, name, proto, what, a, b, reason):
        self.mismatches += 1
        cmd = what.split()[0].upper() if what.split() else "?"
        self.by_command[cmd] = self.by_command.get(cmd, 0) + 1
        if self.mismatches <= self.opts.max_report:
            print(f"MISMATCH {where} [{name}] RESP{proto}: {reason}")
            print(f"  command: {what[:300]}")
            print(f"  redis:   {a.show()[:2000]}")
            print(f"  skiff:   {b.show()[:2000]}")
            sys.stdout.flush()

    def judge(self, mask, a, b, what=""):
        """None when equal; else a reason. Both replies must exist, or both events match."""
        if self.opts.show:
            print(f"    {what[:100]!s:<50} -> {a.show()[:200]}")
        if a.event or b.event:
            if a.event and b.event and a.event == b.event:
                return None
            return "one side did not reply" if not (a.event and b.event) else "different events"
        return masks.compare(mask, a.raw, a.value, b.raw, b.value)

    def read_pair(self, r, s):
        """The oracle's next reply, then Skiff's (given skiff_timeout if the oracle answered)."""
        a = read_one(r, self.opts.timeout)
        return a, read_one(s, self.opts.timeout if a.event else self.skiff_timeout)

    # --- connections --------------------------------------------------------------

    def open_pair(self, proto, flush=True):
        conns = []
        for srv in (self.redis, self.skiff):
            c = Conn(srv.port, timeout_s=self.opts.timeout)
            setup = [[b"HELLO", b"3"]] if proto == 3 else []
            setup += [[b"FLUSHALL"], [b"SELECT", b"0"]] if flush else []
            for args in setup:
                c.send(encode_command(args))
                o = read_one(c, self.skiff_timeout)
                if o.event or o.value.is_error():
                    c.close()
                    for other in conns:
                        other.close()
                    raise RuntimeError(f"{srv.name}: setup {b' '.join(args).decode()} failed: {o.show()}")
            conns.append(c)
        return conns

    # --- one case ------------------------------------------------------------------

    def run_case(self, case, proto):
        drip = DRIP_S if ("drip" in case.flags or self.opts.drip) else None
        try:
            r, s = self.open_pair(proto)
        except (RuntimeError, OSError) as e:
            print(f"MISMATCH {case.where} [{case.name}] RESP{proto}: setup failed: {e}")
            self.mismatches += 1
            return False
        saved = self.save_config(case, r, s)
        pair = [r, s]
        self.others = []
        ok = True
        try:
            ok = self.run_lines(case, proto, pair, drip)
        finally:
            for c in pair + self.others:
                c.close()
            self.restore_config(case, saved)
        return ok

    def run_lines(self, case, proto, pair, drip):
        ok = True
        r, s = pair
        if "pipeline" in case.flags:
            return self.run_pipeline(case, proto, r, s, drip)
        for line in case.lines:
            if line.kind == "reconnect":
                for c in pair:
                    c.close()
                pair[0] = r = Conn(self.redis.port, timeout_s=self.opts.timeout)
                pair[1] = s = Conn(self.skiff.port, timeout_s=self.opts.timeout)
                continue
            if r.closed and s.closed:
                break
            if line.kind == "sleep":
                time.sleep(line.seconds)
                continue
            if line.kind == "scanall":
                ok &= self.scanall(case, proto, line, r, s)
                continue
            if line.kind == "raw":
                ok &= self.raw_line(case, proto, line, r, s, drip)
                continue
            sender = (r, s)
            if line.kind == "other":
                if not self.others:
                    self.others = self.open_pair(proto, flush=False)
                sender = self.others
            data = encode_command(line.args) * line.repeat if line.kind != "push" else b""
            sender[0].send(data, drip)
            sender[1].send(data, drip)
            for _ in range(line.repeat if line.kind != "push" else line.count):
                if line.kind == "push":
                    a = read_one(sender[0], PUSH_WAIT_S)
                    b = read_one(sender[1], PUSH_WAIT_S if a.event else self.skiff_timeout)
                else:
                    a, b = self.read_pair(sender[0], sender[1])
                self.replies += 1
                reason = self.judge(line.mask, a, b, line.text)
                if reason:
                    self.report(f"{case.file}:{line.lineno}", case.name, proto, line.text, a, b, reason)
                    ok = False
                    break
                if a.event:
                    break
            if not ok and (r.closed != s.closed or a.event or b.event):
                return False  # the streams are out of step; the rest would be noise
        if ok and case.checks_close():
            ok = self.compare_close(case, proto, r, s)
        return ok

    def run_pipeline(self, case, proto, r, s, drip):
        cmds = [l for l in case.lines if l.kind == "cmd"]
        data = b"".join(encode_command(l.args) * l.repeat for l in cmds)
        r.send(data, drip)
        s.send(data, drip)
        for line in cmds:
            for _ in range(line.repeat):
                a, b = self.read_pair(r, s)
                self.replies += 1
                reason = self.judge(line.mask, a, b, line.text)
                if reason:
                    self.report(f"{case.file}:{line.lineno}", case.name, proto, line.text, a, b, reason)
                    return False
        return self.compare_close(case, proto, r, s) if case.checks_close() else True

    def raw_line(self, case, proto, line, r, s, drip):
        r.send(line.data, drip)
        s.send(line.data, drip)
        where = f"{case.file}:{line.lineno}"
        if line.count is not None:
            n = line.count
            oracle = [read_one(r, self.opts.timeout) for _ in range(n)]
        else:
            oracle = []
            while True:
                o = read_one(r, IDLE_S)
                if o.event and o.event.startswith("no reply"):
                    break
                oracle.append(o)
                if o.event:
                    break
        for a in oracle:
            b = read_one(s, self.skiff_timeout if not a.event else max(IDLE_S, 1.0))
            self.replies += 1
            reason = self.judge(None, a, b, line.text)
            if reason:
                self.report(where, case.name, proto, line.text, a, b, reason)
                return False
            if a.event:
                break
        return True

    def compare_close(self, case, proto, r, s):
        state_r = r.probe_closed(CLOSE_PROBE_S)
        # The oracle closed: give Skiff a generous moment to close too.
        state_s = s.probe_closed(2.0 if state_r == "closed" else CLOSE_PROBE_S)
        self.replies += 1
        if state_r != state_s:
            a, b = Outcome(event=f"connection {state_r}"), Outcome(event=f"connection {state_s}")
            self.report(case.where, case.name, proto, "(connection state after the case)", a, b,
                        "connection state differs")
            return False
        return True

    def scanall(self, case, proto, line, r, s):
        cursor_at = 1 if line.args[0].upper() == b"SCAN" else 2
        results = []
        for conn in (r, s):
            args = list(line.args)
            cursor, seen, calls = b"0", set(), 0
            err = None
            while True:
                args[cursor_at] = cursor
                conn.send(encode_command(args))
                o = read_one(conn, self.skiff_timeout)
                calls += 1
                if o.event or o.value.kind != "*" or len(o.value.data or []) != 2:
                    err = o
                    break
                cursor = o.value.data[0].data
                items = [x.data for x in o.value.data[1].data]
                if cursor_at == 2 and line.args[0].upper() in (b"HSCAN", b"ZSCAN"):
                    items = list(zip(items[0::2], items[1::2]))
                seen.update(items)
                if cursor == b"0" or calls > 100000:
                    break
            results.append(("error", err.raw, err.event) if err else ("ok", sorted(seen)))
        self.replies += 1
        if results[0] != results[1]:
            a = Outcome(event=f"scan result {results[0]!r}"[:1500])
            b = Outcome(event=f"scan result {results[1]!r}"[:1500])
            self.report(f"{case.file}:{line.lineno}", case.name, proto, line.text, a, b,
                        "full iteration differs")
            return False
        return True

    # --- CONFIG SET done by a case is undone after it --------------------------------

    def save_config(self, case, r, s):
        params = []
        for l in case.lines:
            if l.kind == "cmd" and len(l.args) >= 4 and l.args[0].upper() == b"CONFIG" \
                    and l.args[1].upper() == b"SET":
                params += [l.args[i].lower() for i in range(2, len(l.args) - 1, 2)]
        saved = []
        for srv, conn in ((self.redis, r), (self.skiff, s)):
            for p in dict.fromkeys(params):
                if p in (b"requirepass",):
                    saved.append((srv, p, b""))
                    continue
                o = read_one_call(conn, [b"CONFIG", b"GET", p], self.skiff_timeout)
                v = o.value
                if o.event or v.kind not in ("*", "%") or len(v.data) != 2:
                    continue
                saved.append((srv, p, v.data[1].data))
        return saved

    def restore_config(self, case, saved):
        if not saved:
            return
        passwords = [l.args[i + 1] for l in case.lines if l.kind == "cmd" and len(l.args) >= 4
                     and l.args[0].upper() == b"CONFIG" and l.args[1].upper() == b"SET"
                     for i in range(2, len(l.args) - 1, 2) if l.args[i].lower() == b"requirepass"]
        for srv in (self.redis, self.skiff):
            items = [(p, v) for (x, p, v) in saved if x is srv]
            if not items:
                continue
            try:
                c = Conn(srv.port, timeout_s=self.opts.timeout)
            except OSError:
                continue
            for pw in passwords:
                if pw:
                    read_one_call(c, [b"AUTH", pw], self.skiff_timeout)
            for p, v in items:
                read_one_call(c, [b"CONFIG", b"SET", p, v], self.skiff_timeout)
            c.close()

    # --- random streams ------------------------------------------------------------

    def run_stream(self, index, seed, proto):
        import random
        rng = random.Random(seed * 1000003 + index)
        cmds = randomgen.stream(rng, self.opts.stream_len)
        name = f"random stream {index} (seed {seed})"
        try:
            r, s = self.open_pair(proto)
        except (RuntimeError, OSError) as e:
            print(f"MISMATCH random:{index} [{name}] RESP{proto}: setup failed: {e}")
            self.mismatches += 1
            return False
        try:
            i = 0
            while i < len(cmds):
                chunk = cmds[i:i + rng.randint(1, 32)]
                data = b"".join(encode_command(args) for args, _ in chunk)
                r.send(data)
                s.send(data)
                for j, (args, mask) in enumerate(chunk):
                    a, b = self.read_pair(r, s)
                    self.replies += 1
                    reason = self.judge(mask, a, b)
                    if reason:
                        text = " ".join(_quote(x) for x in args)
                        self.report(f"random:{index}:{i + j}", name, proto, text, a, b, reason)
                        if self.mismatches <= self.opts.max_report:
                            print("  preceding commands of this stream (after FLUSHALL):")
                            for k in range(max(0, i + j - 12), i + j):
                                print("    " + " ".join(_quote(x) for x in cmds[k][0]))
                        return False
                i += len(chunk)
        finally:
            r.close()
            s.close()
        return True

    # --- cluster mode: the nodes hold the same data ---------------------------------

    def check_replicas(self, cluster, when):
        """After a case file or stream: the nodes hold the same data, and the next streams
        still go to a follower."""
        started = time.monotonic()
        try:
            diffs = cluster.replica_differences(self.skiff_timeout)
            note = cluster.keep_to_follower()
        except (OSError, Closed, Timeout, AttributeError, TypeError, RuntimeError) as e:
            diffs, note = [f"cannot read a node's data or role: {e!r}"], None
        self.replica_checks += 1
        self.replica_check_s += time.monotonic() - started
        if note:
            self.leadership_notes += 1
            print(f"difftest: NOTE {when}: {note}")
        self.replies += 1
        if diffs:
            self.mismatches += 1
            self.failed += 1
            self.failed_names.append(f"replicas differ {when}")
            print(f"MISMATCH replicas differ {when}:")
            for d in diffs[:20]:
                print(f"  {d[:300]}")


def read_one_call(conn, args, timeout_s):
    conn.send(encode_command(args))
    return read_one(conn, timeout_s)


def _quote(b):
    if b and all(0x21 <= c < 0x7F and c not in b"\"'\\" for c in b):
        return b.decode()
    out = '"'
    for c in b:
        ch = chr(c)
        if ch in '"\\':
            out += "\\" + ch
        elif 0x20 <= c < 0x7F:
            out += ch
        else:
            out += "\\x%02x" % c
    return out + '"'


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--skiff", help="path of skiff-server (default: env SKIFF_SERVER or .build/release/skiff-server)")
    ap.add_argument("--skiff-cmd", help="command line for the Skiff side, e.g. 'redis-server' (self-test)")
    ap.add_argument("-k", dest="pattern", help="only case files / case names containing this")
    ap.add_argument("--resp", choices=["2", "3", "both"], default="both")
    ap.add_argument("--seed", type=int, default=None, help="random-stream seed (env SKIFF_DIFF_SEED)")
    ap.add_argument("--streams", type=int, default=int(os.environ.get("SKIFF_DIFF_STREAMS", "40")))
    ap.add_argument("--stream-len", type=int, default=300)
    ap.add_argument("--no-random", action="store_true")
    ap.add_argument("--only-random", action="store_true")
    ap.add_argument("--drip", action="store_true", help="send every case byte by byte")
    ap.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for one reply "
                    "(with --cluster, Skiff gets at least followerside.REPLY_TIMEOUT_S)")
    ap.add_argument("--max-report", type=int, default=200, help="print at most this many mismatches")
    ap.add_argument("--cases-dir", default=os.path.join(HERE, "cases"))
    ap.add_argument("--show", action="store_true", help="print the oracle's reply to every line")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every case name")
    ap.add_argument("--cluster", type=int, default=0, metavar="N",
                    help="run Skiff as an N-node cluster and send every stream to a follower")
    opts = ap.parse_args()

    seed = opts.seed
    if seed is None and os.environ.get("SKIFF_DIFF_SEED"):
        seed = int(os.environ["SKIFF_DIFF_SEED"])
    if seed is None:
        seed = int.from_bytes(os.urandom(4), "big")
    protos = [2, 3] if opts.resp == "both" else [int(opts.resp)]

    cases = [] if opts.only_random else casefile.load(opts.cases_dir, opts.pattern, cluster=opts.cluster > 0)
    # A cluster member needs its log (appendonly yes); so does the oracle then, for CONFIG
    # GET appendonly and INFO persistence to compare.
    redis = servers.redis_server(name="redis", extra_args=["--appendonly", "yes"] if opts.cluster else [])
    if opts.cluster:
        skiff = followerside.FollowerCluster(opts.cluster, path=opts.skiff, cmd=opts.skiff_cmd)
    else:
        skiff = servers.skiff_server(path=opts.skiff, cmd=opts.skiff_cmd, name="skiff")
    print(f"difftest: oracle {' '.join(redis.argv[:1])}, skiff side {' '.join(skiff.argv[:1])}")
    print(f"difftest: random seed {seed} (replay with SKIFF_DIFF_SEED={seed})")
    try:
        try:
            redis.start()
            skiff.start()
        except RuntimeError as e:
            print(f"difftest: cannot start the servers: {e}")
            print("difftest: 0 cases compared, 0 mismatches")
            print("0 passed, 1 failed")
            sys.exit(2)
        if opts.cluster:
            print(f"difftest: {opts.cluster}-node cluster, leader {skiff.leader.name} (term {skiff.term}), "
                  f"streams sent to follower {skiff.follower.name}")
        run = Runner(opts, redis, skiff.follower if opts.cluster else skiff)
        for case in cases:
            for proto in case.protocols():
                if proto not in protos:
                    continue
                if opts.verbose:
                    print(f"  {case.where} RESP{proto} {case.name}")
                ok = run.run_case(case, proto)
                run.passed += ok
                run.failed += not ok
                if not ok:
                    run.failed_names.append(f"{case.where} [{case.name}] RESP{proto}")
                if not skiff.alive():
                    print(f"skiff-server died during {case.where} [{case.name}]\n{skiff.log_tail()}")
                    run.failed += 1
                    raise SystemExit(2)
                if opts.cluster:
                    run.check_replicas(skiff, f"after {case.where} [{case.name}] RESP{proto}")
                    run.skiff = skiff.follower
        if not opts.no_random and not (opts.pattern and not opts.only_random):
            for i in range(opts.streams):
                proto = protos[i % len(protos)]
                ok = run.run_stream(i, seed, proto)
                run.passed += ok
                run.failed += not ok
                if not ok:
                    run.failed_names.append(f"random stream {i} RESP{proto} (seed {seed})")
                if not skiff.alive():
                    print(f"skiff-server died during random stream {i}\n{skiff.log_tail()}")
                    raise SystemExit(2)
                if opts.cluster:
                    run.check_replicas(skiff, f"after random stream {i} (seed {seed})")
                    run.skiff = skiff.follower
    finally:
        redis.stop()
        skiff.stop()

    if run.by_command:
        print("mismatches by command: " + ", ".join(f"{k} {v}" for k, v in sorted(run.by_command.items())))
    if run.failed_names and (opts.verbose or len(run.failed_names) <= 60):
        print("failed cases:\n  " + "\n  ".join(run.failed_names))
    print(f"difftest: {run.replies} replies compared, seed {seed}")
    print(f"difftest: {run.passed + run.failed} cases compared, {run.mismatches} mismatches")
    if opts.cluster:
        print(f"difftest: through a follower of {opts.cluster} nodes; leadership changed {run.leadership_notes} "
              f"times; {run.replica_checks} replica checks took {run.replica_check_s:.1f} s")
    print(f"{run.passed} passed, {run.failed} failed")
    sys.exit(0 if run.failed == 0 and run.mismatches == 0 else 1)


if __name__ == "__main__":
    main()
