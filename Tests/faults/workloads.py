"""Workloads: what each client process does, how the final state is read from every
node after healing, and which checker judges the history.

Values and elements are unique per run (`p<process>-<n>`), so a read names exactly the
write it saw. Every workload keeps its keys few, so that concurrent operations collide.
"""

import bisect
import time

from checkers import counter, lists, register, sets, stale, ttl

REGISTER_KEYS = 4
COUNTER_KEYS = 2
SET_KEYS = 2
LIST_KEYS = 4
TTL_MS_RANGE = (200, 1500)
TTL_READ_WINDOW_S = 8.0   # reads of the TTL workload pick among the keys written this recently
TTL_EXPIRE_CYCLE_S = 3.0  # the leader's active-expire cycle, with room for a slow machine
TTL_EARLY_GRACE_S = 0.05  # millisecond clocks and timer granularity


def _s(v):
    return v.decode() if isinstance(v, bytes) else v


class Workload:
    name = ""
    requires = None       # a command the server must know (checked with COMMAND INFO)
    read_consistency = "linearizable"

    def next_op(self, rng, process, seq):
        """(f, key, arg) of the next operation of `process` (rng: that worker's own)."""
        raise NotImplementedError

    def execute(self, client, f, key, arg):
        raise NotImplementedError

    def final_reads(self, run):
        """Reads the healed cluster: a value passed to check()."""
        return None

    def check(self, run, final):
        raise NotImplementedError


class Registers(Workload):
    """GET / SET / SET .. GET (a swap) on a few keys; linearizability."""
    name = "register"

    def next_op(self, rng, process, seq):
        key = f"r{rng.randrange(REGISTER_KEYS)}"
        f = rng.choices(["read", "write", "swap"], [5, 3, 2])[0]
        return f, key, None if f == "read" else f"p{process}-{seq}"

    def execute(self, client, f, key, arg):
        if f == "read":
            return _s(client.get(key))
        if f == "write":
            client.set(key, arg)
            return None
        return _s(client.set(key, arg, get=True))

    def final_reads(self, run):
        # Final reads from every node join the history as ordinary reads.
        for node in run.cluster.nodes:
            client = run.client(node)
            for k in range(REGISTER_KEYS):
                run.record(-1 - node.node_id, client, node, "read", f"r{k}", None, strict=True)

    def check(self, run, final):
        return register.check(run.history.ops)


class LeaseRegisters(Registers):
    """The same, with the leader serving reads locally while its lease holds."""
    name = "register-lease"
    read_consistency = "lease"


class StaleRegisters(Registers):
    """Reads served by any node from its local state: may be stale, never invented."""
    name = "stale"
    read_consistency = "stale"

    def next_op(self, rng, process, seq):
        key = f"r{rng.randrange(REGISTER_KEYS)}"
        f = rng.choice(["read", "write"])
        return f, key, None if f == "read" else f"p{process}-{seq}"

    def check(self, run, final):
        return stale.check(run.history.ops)


class Counters(Workload):
    name = "counter"

    def next_op(self, rng, process, seq):
        return rng.choices(["incr", "read"], [7, 3])[0], f"c{rng.randrange(COUNTER_KEYS)}", None

    def execute(self, client, f, key, arg):
        if f == "incr":
            return client.incr(key)
        v = client.get(key)
        return int(v) if v is not None else 0

    def final_reads(self, run):
        return {n.name: {f"c{k}": int(run.strict(n, "GET", f"c{k}") or 0) for k in range(COUNTER_KEYS)}
                for n in run.cluster.nodes}

    def check(self, run, final):
        return counter.check(run.history.ops, final)


class Sets(Workload):
    name = "set"

    def next_op(self, rng, process, seq):
        return "add", f"s{rng.randrange(SET_KEYS)}", f"p{process}-{seq}"

    def execute(self, client, f, key, arg):
        return client.sadd(key, arg)

    def final_reads(self, run):
        return {n.name: {f"s{k}": {_s(e) for e in run.strict(n, "SMEMBERS", f"s{k}")} for k in range(SET_KEYS)}
                for n in run.cluster.nodes}

    def check(self, run, final):
        return sets.check(run.history.ops, final)


class Lists(Workload):
    """RPUSH of unique elements and LRANGE reads, as one-micro-op transactions
    (multi-key MULTI/EXEC transactions plug in here once MULTI lands on main)."""
    name = "list"

    def next_op(self, rng, process, seq):
        key = f"l{rng.randrange(LIST_KEYS)}"
        if rng.random() < 0.6:
            return "txn", key, [["append", key, f"p{process}-{seq}"]]
        return "txn", key, [["r", key, None]]

    def execute(self, client, f, key, arg):
        out = []
        for mop in arg:
            if mop[0] == "append":
                out.append(["append", mop[1], mop[2], client.rpush(mop[1], mop[2])])
            else:
                out.append(["r", mop[1], [_s(e) for e in client.lrange(mop[1], 0, -1)]])
        return out

    def final_reads(self, run):
        return {n.name: {f"l{k}": [_s(e) for e in run.strict(n, "LRANGE", f"l{k}", 0, -1)]
                         for k in range(LIST_KEYS)}
                for n in run.cluster.nodes}

    def check(self, run, final):
        return lists.check(run.history.ops, final)


class ListTransactions(Lists):
    """Several RPUSH/LRANGE micro-ops over a few keys in one MULTI/EXEC: the Elle
    checker's cycles then find G1c/G-single/G2 anomalies between transactions."""
    name = "list-txn"
    requires = "multi"
    MICRO_OPS_RANGE = (2, 4)

    def next_op(self, rng, process, seq):
        mops = []
        for i in range(rng.randint(*self.MICRO_OPS_RANGE)):
            key = f"l{rng.randrange(LIST_KEYS)}"
            if rng.random() < 0.5:
                mops.append(["append", key, f"p{process}-{seq}.{i}"])
            else:
                mops.append(["r", key, None])
        return "txn", mops[0][1], mops

    def execute(self, client, f, key, arg):
        pipe = client.pipeline(transaction=True)
        for mop in arg:
            if mop[0] == "append":
                pipe.rpush(mop[1], mop[2])
            else:
                pipe.lrange(mop[1], 0, -1)
        replies = pipe.execute()
        return [["append", m[1], m[2], r] if m[0] == "append" else ["r", m[1], [_s(e) for e in r]]
                for m, r in zip(arg, replies)]


class TTLKeys(Workload):
    """Keys written once with a short TTL, read back while they live and after."""
    name = "ttl"

    def __init__(self):
        self.recent = []  # shared by the workers: list appends are atomic

    def next_op(self, rng, process, seq):
        now = time.monotonic()
        if self.recent and rng.random() < 0.5:
            # Keys of every age up to the window: alive, just expired, long expired.
            first = bisect.bisect_left(self.recent, now - TTL_READ_WINDOW_S, key=lambda e: e[0])
            return "read", self.recent[rng.randrange(min(first, len(self.recent) - 1), len(self.recent))][1], None
        key = f"t:p{process}-{seq}"
        self.recent.append((now, key))
        return "setex", key, (f"v{process}-{seq}", rng.randrange(*TTL_MS_RANGE))

    def execute(self, client, f, key, arg):
        if f == "read":
            return _s(client.get(key))
        client.set(key, arg[0], px=arg[1])
        return None

    def grace_s(self, run):
        return TTL_EXPIRE_CYCLE_S + run.skew_allowance_s()

    def present(self, run):
        """{node: keys it still has}: DBSIZE counts keys hidden but not yet deleted."""
        keys = [op.key for op in run.history.ops if op.f == "setex"]
        out = {}
        for n in run.cluster.nodes:
            replies = run.strict_pipeline(n, [("EXISTS", k) for k in keys])
            found = {k for k, e in zip(keys, replies) if e}
            if int(run.strict(n, "DBSIZE")) and not found:
                found.add("(DBSIZE > 0: a key deleted by nobody)")
            out[n.name] = found
        return out

    def final_reads(self, run):
        # Wait out every deadline, the expiry cycle and any skew, then look; then fail
        # the leader over and look again.
        time.sleep(self.grace_s(run) + TTL_MS_RANGE[1] / 1000.0)
        finals = [("after heal", self.present(run))]
        run.failover()
        finals.append(("after failover", self.present(run)))
        return finals

    def check(self, run, final):
        return ttl.check(run.history.ops, self.grace_s(run), final, TTL_EARLY_GRACE_S + run.skew_allowance_s())


WORKLOADS = {w.name: w for w in (Registers, LeaseRegisters, StaleRegisters, Counters, Sets, Lists, ListTransactions, TTLKeys)}

