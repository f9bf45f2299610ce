"""Reads in `read-consistency stale` mode may be stale; they must still return only
values that some client tried to write (or nothing), and never one whose write
certainly failed."""

from history import anomaly, by_key


def check(ops):
    out = []
    for key, key_ops in sorted(by_key(ops, {"read", "write"}).items()):
        attempts = {op.arg: op.start for op in key_ops if op.f == "write" and op.type != "fail"}
        failed = {op.arg for op in key_ops if op.f == "write" and op.type == "fail"}
        for r in key_ops:
            if r.f != "read" or r.type != "ok" or r.result is None:
                continue
            began = attempts.get(r.result)
            if r.result in failed:
                out.append(anomaly("failed-write-present", key, f"read {r.result!r} on {r.node} at {r.start:.3f}"))
            elif began is None:
                out.append(anomaly("never-written", key, f"read {r.result!r} on {r.node} at {r.start:.3f}"))
            elif began > r.end:
                out.append(anomaly("read-from-future", key,
                                   f"read {r.result!r} on {r.node} ended {r.end:.3f}, its write began {began:.3f}"))
    return out
