"""Nemeses: each injects one fault and returns how to heal it.

start(run, rng) -> (description, heal) or None when the fault does not apply now (e.g.
no leader to isolate). heal() undoes it; the run calls every pending heal before the
final reads, so a fault never outlives its run.
"""

import os
import signal

PAUSE_S_RANGE = (1.5, 3.5)          # election timeout is 1-2 s: long enough to lose leadership
CLOCK_OFFSET_S_RANGE = (2.0, 20.0)
DISK_FILLER_CHUNK = b"\0" * (1 << 20)
ISLAND_ADMIN_TIMEOUT_S = 0.5        # the island's removals are sent, not waited for


def _leader_or_none(run):
    leader = run.cluster.leader()
    return leader.node_id if leader is not None else None


def _minority(run, rng):
    n = len(run.cluster.nodes)
    ids = [node.node_id for node in run.cluster.nodes]
    return rng.sample(ids, rng.randint(1, (n - 1) // 2))


def kill(run, rng, leader=False):
    ids = [_leader_or_none(run)] if leader else _minority(run, rng)
    if None in ids:
        return None
    for i in ids:
        run.cluster.by_id(i).kill9()

    def heal():
        for i in ids:
            node = run.cluster.by_id(i)
            if not node.alive():
                node.start(wait=False)
    return f"kill -9 {_names(ids)}", heal


def pause(run, rng, leader=False):
    ids = [_leader_or_none(run)] if leader else _minority(run, rng)
    if None in ids:
        return None
    for i in ids:
        run.cluster.by_id(i).signal(signal.SIGSTOP)

    def heal():
        for i in ids:
            run.cluster.by_id(i).signal(signal.SIGCONT)
    return f"SIGSTOP {_names(ids)}", heal


def partition(run, rng, shape):
    n = len(run.cluster.nodes)
    ids = [node.node_id for node in run.cluster.nodes]
    rng.shuffle(ids)
    leader = _leader_or_none(run)
    if shape == "halves":
        k = rng.randint(1, (n - 1) // 2)
        groups = [ids[:k], ids[k:]]
        run.net.partition(groups)
        what = f"partition {groups}"
    elif shape == "leader":
        if leader is None:
            return None
        groups = [[leader], [i for i in ids if i != leader]]
        run.net.partition(groups)
        what = f"isolate leader n{leader}"
    elif shape == "bridge":
        # The middle node hears both sides; the sides do not hear each other.
        mid = n // 2
        left, bridge, right = ids[:mid], ids[mid], ids[mid + 1:]
        for a in left:
            for b in right:
                run.net.cut(a, b)
        what = f"bridge n{bridge} between {left} and {right}"
    elif shape == "oneway":
        # The leader (or a random node) stops hearing everyone else; they still hear it.
        target = leader if leader is not None and rng.random() < 0.7 else ids[0]
        for i in ids:
            if i != target:
                run.net.drop(target, i)
        what = f"n{target} hears nobody (one-way)"
    else:
        raise ValueError(shape)
    return what, run.net.heal


def clock(run, rng):
    node = rng.choice(run.cluster.nodes)
    offset_s = rng.uniform(*CLOCK_OFFSET_S_RANGE) * rng.choice([-1, 1])
    run.set_clock_offset(node, offset_s)

    def heal():
        run.set_clock_offset(node, 0.0)
    return f"clock of {node.name} jumps {offset_s:+.1f}s", heal


def disk_full(run, rng):
    node = run.disk_node
    filler = os.path.join(node.dir, f"skf-filler-{rng.randrange(2**32):08x}")
    try:
        with open(filler, "wb") as f:
            while True:
                f.write(DISK_FILLER_CHUNK)
    except OSError:
        pass  # ENOSPC: the disk is full, as intended

    def heal():
        os.unlink(filler)
    return f"disk of {node.name} full", heal


def membership(run, rng):
    """A membership change during the other faults. A node removed earlier is added back
    (RAFT.NODE ADD: it rejoins as a learner, catches up, is promoted); otherwise the
    leader removes a follower, removes itself, or — the "island" — is isolated and asked
    to remove every other node (one voter changes at a time, so its first removal can
    never commit without the others and the rest are refused). A removal outlives its
    fault: the node stays out until a later membership fault or the final heal adds it
    back, so the cluster also runs (and fails over) with fewer voters."""
    leader = run.cluster.leader()
    if leader is None:
        return None
    members = run.members(leader)
    if members is None:
        return None
    outside = [n for n in run.cluster.nodes if n.node_id not in members]
    if outside:
        node = rng.choice(outside)
        run.admin(leader, "RAFT.NODE", "ADD", node.node_id, run.address(node))
        return f"add {node.name}", _no_heal
    followers = [n for n in run.cluster.nodes if n is not leader and n.node_id in members]
    kind = rng.choices(["remove", "remove-leader", "island"], [5, 3, 2])[0]
    if kind == "remove" and followers:
        victim = rng.choice(followers)
        run.admin(leader, "RAFT.NODE", "REMOVE", victim.node_id)
        return f"remove {victim.name}", _no_heal
    if kind == "remove-leader":
        run.admin(leader, "RAFT.NODE", "REMOVE", leader.node_id)
        return f"remove the leader {leader.name}", _no_heal
    others = [n.node_id for n in followers]
    run.net.partition([[leader.node_id], others])
    for i in others:
        # Not waited for: the first removal cannot commit, the others are refused.
        run.admin(leader, "RAFT.NODE", "REMOVE", i, timeout_s=ISLAND_ADMIN_TIMEOUT_S)
    return f"island: isolate {leader.name}, it removes {_names(others)}", run.net.heal


def _no_heal():
    pass


def _names(ids):
    return ",".join(f"n{i}" for i in ids)


NEMESES = {
    "kill": lambda run, rng: kill(run, rng),
    "kill-leader": lambda run, rng: kill(run, rng, leader=True),
    "pause": lambda run, rng: pause(run, rng),
    "pause-leader": lambda run, rng: pause(run, rng, leader=True),
    "partition": lambda run, rng: partition(run, rng, "halves"),
    "partition-leader": lambda run, rng: partition(run, rng, "leader"),
    "partition-bridge": lambda run, rng: partition(run, rng, "bridge"),
    "partition-oneway": lambda run, rng: partition(run, rng, "oneway"),
    "clock": clock,
    "disk": disk_full,
    "membership": membership,
}

# What `--nemesis all` draws from.
DEFAULT = list(NEMESES)

# How long a fault is held.
HOLD_S_RANGE = PAUSE_S_RANGE
QUIET_S_RANGE = (0.5, 2.0)
OVERLAP_PROBABILITY = 0.3
