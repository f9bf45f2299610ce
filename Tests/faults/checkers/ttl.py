"""Short-TTL keys (SET k v PX ttl, each key written once) must be gone on every node
once their deadline and the expiry cycle have passed, and must stay gone.

The deadline is the leader's clock at the write plus the TTL, and the write took effect
between its invocation and its reply; so a read that begins later than the reply + TTL
+ `grace_s` must find nothing. `grace_s` covers the leader's active-expire cycle and the
allowance for injected clock jumps (Run.skew_allowance_s).

Nor may a key vanish early: the deadline is at least the write's invocation + TTL, so
a read that ends before that, minus `early_grace_s` (the injected skew and timer
granularity), and begins after the write was acknowledged must find the value.

finals: [(label, {node name: set of keys still present})], taken after every deadline
had passed (e.g. "after heal", "after failover").
"""

from history import INF, anomaly, by_key


def check(ops, grace_s, finals, early_grace_s=0.05):
    out = []
    written = {}
    for key, key_ops in by_key(ops, {"setex", "read"}).items():
        for op in key_ops:
            if op.f == "setex" and op.type in ("ok", "info"):
                written[key] = op
        w = written.get(key)
        for r in key_ops:
            if r.f != "read" or r.type != "ok":
                continue
            if r.result is None:
                if w is not None and w.type == "ok" and r.start > w.end and \
                        r.end < w.start + w.arg[1] / 1000.0 - early_grace_s:
                    early = w.start + w.arg[1] / 1000.0 - r.end
                    out.append(anomaly("ttl-vanished-early", key,
                                       f"read on {r.node} found nothing {early:.2f}s before the earliest deadline"))
                continue
            if w is None or r.result != w.arg[0]:
                out.append(anomaly("never-written", key, f"read {r.result!r} on {r.node}"))
                continue
            if w.end != INF and r.start > w.end + w.arg[1] / 1000.0 + grace_s:
                late = r.start - (w.end + w.arg[1] / 1000.0)
                out.append(anomaly("ttl-visible-after-deadline", key,
                                   f"read on {r.node} {late:.2f}s after the deadline (grace {grace_s:.2f}s)"))
    for label, present in finals:
        for name, keys in sorted(present.items()):
            for key in sorted(keys):
                kind = "ttl-survived" if label == finals[0][0] else "ttl-reappeared"
                if key in written:
                    out.append(anomaly(kind, key, f"{label}: still present on {name}"))
                else:
                    out.append(anomaly("never-written", key, f"{label}: present on {name}"))
    return out
