"""The recorded history of one run: one Op per client operation, Jepsen's words.

An operation is `ok` (it happened, with its result), `fail` (it certainly did not
happen: -CLUSTERDOWN, or the connection could not be made) or `info` (indeterminate:
a timeout, a reset connection, -TRYAGAIN; it may or may not have happened, at any
moment after its invocation). Times are seconds on the harness's monotonic clock,
relative to the start of the run; an info operation never ends (`end` is infinity).
"""

import json
import math
import threading
from dataclasses import dataclass, field

INF = math.inf


@dataclass
class Op:
    process: int
    f: str          # read, write, swap, incr, add, append, txn, setex, ...
    key: str
    arg: object     # what was sent (a value, an element, a micro-op list)
    start: float
    end: float = INF
    type: str = "invoke"  # invoke (in flight), ok, fail, info
    result: object = None
    node: str = ""
    error: str = ""

    def events(self):
        """The Jepsen-style invoke and completion events of this op."""
        base = {"process": self.process, "f": self.f, "key": self.key, "node": self.node}
        yield dict(base, type="invoke", value=self.arg, time=self.start)
        if self.type != "invoke":
            done = dict(base, type=self.type, value=self.result, time=self.end if self.end != INF else None)
            if self.error:
                done["error"] = self.error
            yield done


@dataclass
class History:
    ops: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def invoke(self, process, f, key, arg, start, node=""):
        op = Op(process, f, key, arg, start, node=node)
        with self.lock:
            self.ops.append(op)
        return op

    def counts(self):
        out = {"ops": len(self.ops), "ok": 0, "fail": 0, "info": 0, "invoke": 0}
        for op in self.ops:
            out[op.type] += 1
        return out

    def save(self, path):
        """Writes the events as JSON lines, in time order."""
        events = [e for op in self.ops for e in op.events()]
        events.sort(key=lambda e: (e["time"] is None, e["time"] or 0.0))
        with open(path, "w") as f:
            for e in events:
                f.write(json.dumps(e, default=repr) + "\n")


def finish(op, type_, end, result=None, error=""):
    op.type = type_
    op.end = end if type_ != "info" else INF
    op.result = result
    op.error = error
    return op


def anomaly(kind, key, detail):
    return {"kind": kind, "key": key, "detail": detail}


def by_key(ops, fs=None):
    out = {}
    for op in ops:
        if fs is None or op.f in fs:
            out.setdefault(op.key, []).append(op)
    return out

