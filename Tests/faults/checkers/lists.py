"""List-append histories, checked Elle-style for strict serializability.

Every op is a transaction (f == "txn") of micro-ops: ["append", key, element] and
["r", key, None]; its result repeats them with what happened: ["append", key, element,
length-after or None] and ["r", key, [elements]]. A single RPUSH or LRANGE is a
one-micro-op transaction. Elements are unique, so each read names exactly which appends
it saw, in which order, and the final list of a key gives the order of all its appends.

Checked:
  * every read is a prefix of the key's final list (incompatible-order otherwise), with
    no duplicates, nothing never sent, nothing from a failed append;
  * every acknowledged append is in the final list, where its reply said (length - 1);
  * all nodes end with the same lists;
  * the graph of ww (append order), wr (read saw the append), rw (read missed the next
    append) and real-time edges (T1 ended before T2 began) has no cycle.
final: {node name: {key: [elements]}}.
"""

from history import INF, anomaly

REALTIME = "realtime"


def check(ops, final):
    txns = [op for op in ops if op.f == "txn" and op.type in ("ok", "info")]
    appender = {}
    for op in ops:
        if op.f == "txn":
            for mop in op.arg:
                if mop[0] == "append":
                    appender[(mop[1], mop[2])] = op
    out, lists = _final_lists(final)
    for op in txns:
        if op.type == "ok":
            out += _check_reads(op, lists, appender)
            out += _check_appends(op, lists)
    graph = Graph()
    in_graph = [op for op in txns if op.type == "ok" or _observed(op, lists)]
    for op in in_graph:
        graph.add_node(op)
    _dependency_edges(graph, in_graph, lists, appender)
    _realtime_edges(graph, in_graph)
    for cycle in graph.cycles():
        kinds = sorted({k for (_, _, ks) in cycle for k in ks})
        steps = "; ".join(f"{_name(a)} -{'/'.join(sorted(ks))}-> {_name(b)}" for a, b, ks in cycle[:6])
        out.append(anomaly("cycle-" + "+".join(kinds), cycle[0][0].key, steps))
    return out


def _name(op):
    return f"p{op.process}@{op.start:.3f}{op.arg}"


def _final_lists(final):
    out = []
    nodes = list(final.items())
    lists = dict(nodes[0][1]) if nodes else {}
    for name, per_key in nodes[1:]:
        for key in set(per_key) | set(lists):
            if per_key.get(key, []) != lists.get(key, []):
                out.append(anomaly("final-divergence", key, f"{nodes[0][0]} and {name} end with different lists"))
    for key, elements in lists.items():
        if len(set(elements)) != len(elements):
            out.append(anomaly("duplicate-elements", key, "the final list repeats an element"))
    return out, lists


def _check_reads(op, lists, appender):
    out = []
    for mop in op.result:
        if mop[0] != "r":
            continue
        key, seen = mop[1], mop[2]
        if len(set(seen)) != len(seen):
            out.append(anomaly("duplicate-elements", key, f"read by {_name(op)} repeats an element"))
        for e in seen:
            source = appender.get((key, e))
            if source is None:
                out.append(anomaly("never-sent", key, f"{_name(op)} read {e!r}"))
            elif source.type == "fail":
                out.append(anomaly("failed-write-present", key, f"{_name(op)} read {e!r}"))
        full = lists.get(key, [])
        if seen != full[:len(seen)]:
            out.append(anomaly("incompatible-order", key,
                               f"{_name(op)} read {seen} on {op.node}, not a prefix of the final {full[:len(seen) + 3]}..."))
    return out


def _check_appends(op, lists):
    out = []
    for mop in op.result:
        if mop[0] != "append":
            continue
        key, e, length = mop[1], mop[2], mop[3]
        full = lists.get(key, [])
        if e not in full:
            out.append(anomaly("lost-write", key, f"acknowledged append {e!r} by {_name(op)} is not in the final list"))
        elif length is not None and (length > len(full) or full[length - 1] != e):
            out.append(anomaly("wrong-position", key, f"{e!r} replied length {length}, "
                                                      f"final position {full.index(e) + 1}"))
    return out


def _observed(op, lists):
    return any(m[0] == "append" and m[2] in lists.get(m[1], ()) for m in op.arg)


def _dependency_edges(graph, txns, lists, appender):
    for key, full in lists.items():
        for a, b in zip(full, full[1:]):
            graph.add_edge(appender.get((key, a)), appender.get((key, b)), "ww")
    for op in txns:
        if op.type != "ok":
            continue
        for mop in op.result:
            if mop[0] != "r":
                continue
            key, seen = mop[1], mop[2]
            full = lists.get(key, [])
            if seen != full[:len(seen)]:
                continue  # already an anomaly; its position in the order is unknown
            if seen:
                graph.add_edge(appender.get((key, seen[-1])), op, "wr")
            if len(seen) < len(full):
                graph.add_edge(op, appender.get((key, full[len(seen)])), "rw")


def _realtime_edges(graph, txns):
    """T1 -> T2 when T1 ended before T2 began, kept small: each op links from the
    "frontier" of ops completed before it began that no later-completed op follows."""
    events = []
    for i, op in enumerate(txns):
        events.append((op.start, 1, i))
        if op.end != INF:
            events.append((op.end, 0, i))
    events.sort()
    frontier = set()
    preds = {}
    for _, kind, i in events:
        if kind == 1:
            preds[i] = set(frontier)
            for p in frontier:
                graph.add_edge(txns[p], txns[i], REALTIME)
        else:
            frontier -= preds.get(i, set())
            frontier.add(i)


class Graph:
    def __init__(self):
        self.nodes = {}
        self.edges = {}  # id -> {id: set of kinds}

    def add_node(self, op):
        self.nodes[id(op)] = op
        self.edges.setdefault(id(op), {})

    def add_edge(self, a, b, kind):
        if a is None or b is None or a is b or id(a) not in self.nodes or id(b) not in self.nodes:
            return
        self.edges[id(a)].setdefault(id(b), set()).add(kind)

    def cycles(self):
        """One cycle per strongly connected component of more than one op."""
        out = []
        for component in _tarjan(self.edges):
            if len(component) > 1:
                out.append(self._cycle_in(component))
        return out

    def _cycle_in(self, component):
        start = next(iter(component))
        # Breadth-first from start back to start, inside the component.
        parent = {start: None}
        queue = [start]
        while queue:
            a = queue.pop(0)
            for b in self.edges[a]:
                if b == start:
                    path = [(a, b)]
                    while parent[a] is not None:
                        path.append((parent[a], a))
                        a = parent[a]
                    path.reverse()
                    return [(self.nodes[x], self.nodes[y], self.edges[x][y]) for x, y in path]
                if b in component and b not in parent:
                    parent[b] = a
                    queue.append(b)
        raise AssertionError("a strongly connected component without a cycle")


def _tarjan(edges):
    """Strongly connected components, iteratively (histories are too deep to recurse)."""
    index, low, on_stack, stack, out = {}, {}, set(), [], []
    counter = 0
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            v, children = work[-1]
            advanced = False
            for w in children:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(edges[w])))
                    advanced = True
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                component = set()
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.add(w)
                    if w == v:
                        break
                out.append(component)
    return out
