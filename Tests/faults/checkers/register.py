"""Linearizability of registers: Wing & Gong's search with Lowe's just-in-time
linearization and the (linearized set, state) cache of Porcupine/Knossos.

Checked per key (linearizability is compositional). Operations on one register:
  read            result: the value or None
  write v         SET k v
  swap v          SET k v GET: result is the old value
  cas (old, new)  result True/False (WATCH/MULTI compare-and-set)
Failed ops are dropped (they did not happen). Info ops never return, so the search may
place them anywhere after their invocation, including after everything (= never
happened). An info read says nothing and is dropped; an info write or swap whose value
no operation ever observed is dropped too: placed at the very end it changes nothing, so
dropping it neither hides nor invents a violation, and it keeps the search small.
"""

from history import INF, anomaly, by_key

# A search that has not decided within this many steps is reported as "unknown".
MAX_STEPS_DEFAULT = 2_000_000


def step(state, op):
    """The possible states after `op` from `state` (empty: op contradicts state)."""
    known = op.type == "ok"
    if op.f == "read":
        return [state] if state == op.result else []
    if op.f == "write":
        return [op.arg]
    if op.f == "swap":
        return [op.arg] if (not known or op.result == state) else []
    if op.f == "cas":
        old, new = op.arg
        if not known:
            return [new, state] if state == old else [state]
        if op.result:
            return [new] if state == old else []
        return [state] if state != old else []
    raise ValueError(f"register op {op.f!r}")


def relevant(ops):
    """The ops that matter to the search (see the module comment)."""
    observed = set()
    for op in ops:
        if op.type == "ok" and op.f in ("read", "swap"):
            observed.add(op.result)
        if op.f == "cas":
            observed.add(op.arg[0])
    out = []
    for op in ops:
        if op.type == "fail" or op.type == "invoke":
            continue
        if op.type == "info":
            if op.f == "read":
                continue
            written = op.arg[1] if op.f == "cas" else op.arg
            if written not in observed:
                continue
        out.append(op)
    return out


def check_key(ops, initial=None, max_steps=MAX_STEPS_DEFAULT):
    """(verdict, detail): verdict is True, False or None (budget ran out)."""
    ops = relevant(ops)
    n = len(ops)
    if n == 0:
        return True, ""
    # Events in time order; a call sorts before a return at the same instant.
    events = []
    for i, op in enumerate(ops):
        events.append((op.start, 0, i))
        events.append((op.end if op.type == "ok" else INF, 1, i))
    events.sort()
    # Doubly linked list over 1..2n with a head sentinel 0.
    total = len(events)
    nxt = list(range(1, total + 2))
    nxt[total] = -1
    prv = [-1] + list(range(0, total))
    is_call = [False] + [e[1] == 0 for e in events]
    op_of = [-1] + [e[2] for e in events]
    match = [0] * (total + 1)
    call_pos = {}
    for k in range(1, total + 1):
        if is_call[k]:
            call_pos[op_of[k]] = k
        else:
            match[k] = call_pos[op_of[k]]
            match[match[k]] = k

    def lift(k):
        for j in (k, match[k]):
            nxt[prv[j]] = nxt[j]
            if nxt[j] != -1:
                prv[nxt[j]] = prv[j]

    def unlift(k):
        for j in (match[k], k):
            if nxt[j] != -1:
                prv[nxt[j]] = j
            nxt[prv[j]] = j

    state = initial
    linearized = 0
    cache = set()
    stack = []
    entry = nxt[0]
    steps = 0
    deepest = (0, None)
    while nxt[0] != -1:
        steps += 1
        if steps > max_steps:
            return None, f"search budget of {max_steps} steps ran out ({n} ops)"
        if is_call[entry]:
            i = op_of[entry]
            moved = False
            for new_state in step(state, ops[i]):
                key = (linearized | (1 << i), new_state)
                if key in cache:
                    continue
                cache.add(key)
                stack.append((entry, state))
                state, linearized = new_state, key[0]
                lift(entry)
                moved = True
                break
            if moved:
                if len(stack) > deepest[0]:
                    deepest = (len(stack), None)
                entry = nxt[0]
            else:
                entry = nxt[entry]
        else:
            if deepest[1] is None and len(stack) == deepest[0]:
                deepest = (deepest[0], (ops[op_of[entry]], state))
            if not stack:
                return False, _explain(deepest, n)
            entry, state = stack.pop()
            linearized &= ~(1 << op_of[entry])
            unlift(entry)
            # Retry the same call: the cache skips the alternatives already tried.
    return True, ""


def _explain(deepest, n):
    depth, stuck = deepest
    if stuck is None:
        return f"no linearization of {n} ops"
    op, state = stuck
    return (f"no linearization of {n} ops; at best {depth} ops linearize, then "
            f"{op.f}{'' if op.arg is None else ' ' + repr(op.arg)} -> {op.result!r} by p{op.process} on {op.node} "
            f"[{op.start:.3f}, {op.end:.3f}] cannot follow state {state!r}")


def check(ops, max_steps=MAX_STEPS_DEFAULT):
    """Anomalies of kind `nonlinearizable` (and `unknown` notes) over all register keys."""
    out = []
    for key, key_ops in sorted(by_key(ops, {"read", "write", "swap", "cas"}).items()):
        verdict, detail = check_key(key_ops, max_steps=max_steps)
        if verdict is False:
            out.append(anomaly("nonlinearizable", key, detail))
        elif verdict is None:
            out.append(anomaly("unknown", key, detail))
    return out
