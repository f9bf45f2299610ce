"""Counters (INCR): no acknowledged increment lost, none invented.

final: {node name: value read from that node after healing}. For each counter
  acked <= final <= acked + indeterminate, on every node, and every node agrees;
  no two acknowledged INCRs got the same reply, and none replied more than the final;
  a read during the run lies between the increments acknowledged before it began and
  the increments (ok or info) invoked before it ended.
"""

from history import INF, anomaly, by_key


def check(ops, final):
    out = []
    for key, key_ops in sorted(by_key(ops, {"incr", "read"}).items()):
        incrs = [op for op in key_ops if op.f == "incr"]
        acked = [op for op in incrs if op.type == "ok"]
        maybe = [op for op in incrs if op.type == "info"]
        values = {name: v.get(key) for name, v in final.items()}
        if len(set(values.values())) > 1:
            out.append(anomaly("final-divergence", key, f"nodes disagree: {values}"))
        for name, value in values.items():
            value = value or 0
            if value < len(acked):
                out.append(anomaly("lost-increment", key,
                                   f"{name} reads {value}, {len(acked)} increments acknowledged"))
            if value > len(acked) + len(maybe):
                out.append(anomaly("invented-increment", key,
                                   f"{name} reads {value} > {len(acked)} acknowledged + {len(maybe)} indeterminate"))
        replies = [op.result for op in acked]
        if len(set(replies)) != len(replies):
            dup = sorted({r for r in replies if replies.count(r) > 1})[:5]
            out.append(anomaly("duplicate-reply", key, f"INCR replies repeated: {dup}"))
        top = max((v or 0) for v in values.values()) if values else 0
        if values and replies and max(replies) > top:
            out.append(anomaly("lost-increment", key, f"an INCR replied {max(replies)}, final is {top}"))
        out += _reads(key, key_ops, incrs)
    return out


def _reads(key, key_ops, incrs):
    out = []
    ends = sorted(op.end for op in incrs if op.type == "ok")
    starts = sorted(op.start for op in incrs if op.type in ("ok", "info"))
    for r in key_ops:
        if r.f != "read" or r.type != "ok":
            continue
        value = r.result or 0
        low = sum(1 for e in ends if e < r.start)
        high = sum(1 for s in starts if s < r.end) if r.end != INF else len(starts)
        if not low <= value <= high:
            out.append(anomaly("stale-counter-read" if value < low else "future-counter-read", key,
                               f"read {value} on {r.node} [{r.start:.3f}, {r.end:.3f}]; allowed {low}..{high}"))
    return out
