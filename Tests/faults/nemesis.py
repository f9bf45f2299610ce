"""Nemeses: each injects one fault and returns how to heal it.

start(run, rng) -> (description, heal) or None when the fault does not apply now (e.g.
no leader to isolate). heal() undoes it; the run calls every pending heal before the
final reads, so a fault never outlives its run.
"""

import os
import signal
import time

PAUSE_S_RANGE = (1.5, 3.5)          # election timeout is 1-2 s: long enough to lose leadership
CLOCK_OFFSET_S_RANGE = (2.0, 20.0)
DISK_FILLER_CHUNK = b"\0" * (1 << 20)


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
    """RAFT.NODE REMOVE a follower (or, as the "island", every follower from an isolated
    leader), then add it back. Needs RAFT.NODE from branch `membership`: not in the
    default schedule until that is merged."""
    leader = run.cluster.leader()
    if leader is None:
        return None
    followers = [n for n in run.cluster.nodes if n is not leader]
    if rng.random() < 0.3:
        others = [n.node_id for n in followers]
        run.net.partition([[leader.node_id], others])
        victims = followers
        what = f"island: isolate n{leader.node_id}, it removes {_names(others)}"
    else:
        victims = [rng.choice(followers)]
        what = f"remove {victims[0].name}"
    for v in victims:
        run.admin(leader, "RAFT.NODE", "REMOVE", v.node_id)

    def heal():
        run.net.heal()
        time.sleep(1.0)
        target = run.cluster.leader() or leader
        for v in victims:
            run.admin(target, "RAFT.NODE", "ADD", v.node_id, f"{v.host}:{v.port}")
    return what, heal


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

# What `--nemesis all` draws from; membership joins once RAFT.NODE is on main.
DEFAULT = [name for name in NEMESES if name != "membership"]

# How long a fault is held.
HOLD_S_RANGE = PAUSE_S_RANGE
QUIET_S_RANGE = (0.5, 2.0)
OVERLAP_PROBABILITY = 0.3
