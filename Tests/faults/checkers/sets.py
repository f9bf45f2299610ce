"""Sets (SADD of unique elements): every acknowledged element is in the final set on
every node, nothing appears that was never sent, nothing that certainly failed
(-CLUSTERDOWN) appears, and all nodes agree.

final: {node name: {key: set of elements}}.
"""

from history import anomaly, by_key


def check(ops, final):
    out = []
    for key, key_ops in sorted(by_key(ops, {"add"}).items()):
        acked = {op.arg for op in key_ops if op.type == "ok"}
        sent = {op.arg for op in key_ops if op.type in ("ok", "info")}
        failed = {op.arg for op in key_ops if op.type == "fail"}
        seen = {name: sets.get(key, set()) for name, sets in final.items()}
        if len({frozenset(s) for s in seen.values()}) > 1:
            sizes = {name: len(s) for name, s in seen.items()}
            out.append(anomaly("final-divergence", key, f"nodes hold different sets (sizes {sizes})"))
        for name, members in seen.items():
            lost = acked - members
            if lost:
                out.append(anomaly("lost-write", key, f"{len(lost)} acknowledged elements missing on {name}: "
                                                      f"{sorted(lost)[:5]}"))
            resurrected = members & failed
            if resurrected:
                out.append(anomaly("failed-write-present", key, f"on {name}: {sorted(resurrected)[:5]}"))
            garbage = members - sent - failed
            if garbage:
                out.append(anomaly("never-sent", key, f"on {name}: {sorted(garbage)[:5]}"))
    return out
