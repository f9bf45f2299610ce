"""Transactions and blocking pops on real processes: a 3-node cluster and standalone nodes.

MULTI/EXEC through a follower is one log entry; WATCH is checked where the entry applies,
so a conflict between clients on different nodes is seen; a BLPOP on a follower is woken
by an RPUSH on the leader. Randomized tests print their seed (SKIFF_TEST_SEED replays).
Time bounds are liveness bounds only.
"""

import random
import threading
import time

import pytest

from skiffharness import Node, Resp, RespError, _encode, seed_for, wait_until
from test_cluster import make_cluster  # noqa: F401 - the shared fixture

LEADER_BOUND = 10.0


@pytest.fixture
def cluster(make_cluster):
    c = make_cluster(3)
    leader = c.wait_leader(LEADER_BOUND)
    followers = [n for n in c.nodes if n is not leader]
    return c, leader, followers


def send(conn, *args):
    """Sends one command without reading its reply (for blocking commands)."""
    if conn.sock is None:
        conn._connect()
    conn.sock.sendall(_encode(list(args)))


def blocked_clients(node):
    return int(node.info("clients")["blocked_clients"])


def test_multi_exec_through_a_follower(cluster):
    c, leader, followers = cluster
    r = Resp(followers[0].port)
    assert r.call("MULTI") == b"OK"
    for cmd in (("SET", "a", "1"), ("INCR", "a"), ("LPUSH", "l", "x"), ("GET", "a"), ("LPUSH", "a", "y")):
        assert r.call(*cmd) == b"QUEUED"
    replies = r.call("EXEC")
    assert replies[:4] == [b"OK", 2, 1, b"2"], replies
    assert isinstance(replies[4], RespError) and replies[4].code == "WRONGTYPE", replies
    # Server commands and SELECT inside a logged transaction keep their places.
    assert r.call("MULTI") == b"OK"
    for cmd in (("PING",), ("SET", "b", "0"), ("SELECT", "1"), ("SET", "b", "1"), ("ECHO", "e"), ("INCR", "b")):
        assert r.call(*cmd) == b"QUEUED"
    assert r.call("EXEC") == [b"PONG", b"OK", b"OK", b"OK", b"e", 2]
    assert r.call("GET", "b") == b"2"  # still in database 1
    # A transaction of reads only.
    assert r.call("SELECT", "0") == b"OK"
    assert r.call("MULTI") == b"OK"
    assert r.call("GET", "a") == b"QUEUED"
    assert r.call("LRANGE", "l", "0", "-1") == b"QUEUED"
    assert r.call("EXEC") == [b"2", [b"x"]]
    # Every node applied the same entries.
    for n in c.nodes:
        wait_until(lambda n=n: Resp(n.port).call("GET", "a") == b"2", 10, what=f"a on {n.name}")
    assert Resp(leader.port).call("SELECT", "1") == b"OK"
    r.close()


def test_watch_conflict_between_clients_on_different_nodes(cluster):
    c, leader, followers = cluster
    a = Resp(followers[0].port)
    b = Resp(followers[1].port)
    assert a.call("SET", "k", "1") == b"OK"
    assert a.call("WATCH", "k") == b"OK"
    assert b.call("SET", "k", "2") == b"OK"
    assert a.call("MULTI") == b"OK"
    assert a.call("SET", "k", "from-a") == b"QUEUED"
    assert a.call("EXEC") is None
    assert b.call("GET", "k") == b"2"
    # A key missing at WATCH, created and deleted on another node meanwhile.
    assert a.call("WATCH", "gone") == b"OK"
    assert Resp(leader.port).call("SET", "gone", "x") == b"OK"
    assert b.call("DEL", "gone") == 1
    assert a.call("MULTI") == b"OK"
    assert a.call("SET", "k", "from-a") == b"QUEUED"
    assert a.call("EXEC") is None
    # Unchanged: EXEC runs.
    assert a.call("WATCH", "k", "gone") == b"OK"
    assert b.call("SET", "other", "1") == b"OK"
    assert a.call("MULTI") == b"OK"
    assert a.call("SET", "k", "from-a") == b"QUEUED"
    assert a.call("EXEC") == [b"OK"]
    assert b.call("GET", "k") == b"from-a"


def test_watch_increments_from_every_node_are_atomic(cluster):
    """Clients on all nodes increment one counter with WATCH/GET/MULTI/SET/EXEC retries:
    no increment may be lost, and the number of successful EXECs equals the total."""
    seed = seed_for("watch-increments")
    c, leader, followers = cluster
    rng = random.Random(seed)
    per_client = 15
    nodes = c.nodes * 2
    rng.shuffle(nodes)
    wins = []
    errors = []

    def worker(node, worker_seed):
        local = random.Random(worker_seed)
        r = Resp(node.port, timeout=20)
        try:
            done = 0
            while done < per_client:
                r.call("WATCH", "counter")
                value = int(r.call("GET", "counter") or 0)
                time.sleep(local.random() * 0.01)
                r.call("MULTI")
                r.call("SET", "counter", str(value + 1))
                if r.call("EXEC") is not None:
                    done += 1
            wins.append(done)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(f"{node.name}: {e!r}")
        finally:
            r.close()

    threads = [threading.Thread(target=worker, args=(n, rng.randrange(1 << 30))) for n in nodes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, (seed, errors)
    assert sum(wins) == per_client * len(nodes), seed
    for n in c.nodes:
        wait_until(lambda n=n: Resp(n.port).call("GET", "counter") == str(per_client * len(nodes)).encode(),
                   10, what=f"counter on {n.name} (seed {seed})")


def test_blpop_on_a_follower_is_woken_by_rpush_on_the_leader(cluster):
    c, leader, followers = cluster
    f = followers[0]
    first, second = Resp(f.port), Resp(f.port)
    send(first, "BLPOP", "q", "0")
    wait_until(lambda: blocked_clients(f) == 1, 10, what="first client blocked")
    send(second, "BLPOP", "q", "0")
    wait_until(lambda: blocked_clients(f) == 2, 10, what="second client blocked")
    assert Resp(leader.port).call("RPUSH", "q", "a", "b") == 2
    # FIFO among clients blocked on one key, on the node holding them.
    assert first._read() == [b"q", b"a"]
    assert second._read() == [b"q", b"b"]
    wait_until(lambda: blocked_clients(f) == 0, 10, what="no client blocked")
    assert Resp(leader.port).call("EXISTS", "q") == 0
    # A timeout answers a null; the client then goes on with its pipeline.
    assert first.pipeline([("BLPOP", "q", "0.2"), ("PING",)]) == [None, b"PONG"]
    # BLMOVE and BZPOPMIN woken from another follower.
    send(first, "BLMOVE", "src", "dst", "LEFT", "RIGHT", "0")
    send(second, "BZPOPMIN", "z", "0")
    wait_until(lambda: blocked_clients(f) == 2, 10, what="two clients blocked")
    other = Resp(followers[1].port)
    assert other.call("RPUSH", "src", "m") == 1
    assert other.call("ZADD", "z", "5", "m") == 1
    assert first._read() == b"m"
    assert second._read() == [b"z", b"m", b"5"]
    assert other.call("LRANGE", "dst", "0", "-1") == [b"m"]


def test_blocked_clients_killed_unblocked_and_gone(cluster):
    c, leader, followers = cluster
    f = followers[0]
    a, b, d = Resp(f.port), Resp(f.port), Resp(f.port)
    admin = Resp(f.port)
    for conn in (a, b, d):
        send(conn, "BLPOP", "never", "0")
    wait_until(lambda: blocked_clients(f) == 3, 10, what="three clients blocked")
    ids = [int(line.split()[0][3:]) for line in admin.call("CLIENT", "LIST").decode().splitlines()
           if "cmd=blpop" in line]
    assert len(ids) == 3
    assert admin.call("CLIENT", "UNBLOCK", str(ids[0])) == 1
    assert admin.call("CLIENT", "UNBLOCK", str(ids[1]), "ERROR") == 1
    assert admin.call("CLIENT", "KILL", "ID", str(ids[2])) == 1
    assert a._read() is None
    error = b._read()
    assert isinstance(error, RespError) and str(error) == "UNBLOCKED client unblocked via CLIENT UNBLOCK", error
    wait_until(lambda: blocked_clients(f) == 0, 10, what="no client blocked")
    # A client that disconnects while blocked is forgotten; a later push stays in the list.
    send(a, "BLPOP", "later", "0")
    wait_until(lambda: blocked_clients(f) == 1, 10, what="one client blocked")
    a.close()
    wait_until(lambda: blocked_clients(f) == 0, 10, what="disconnected client forgotten")
    assert Resp(leader.port).call("RPUSH", "later", "x") == 1
    assert Resp(leader.port).call("LLEN", "later") == 1


@pytest.mark.parametrize("appendonly", ["no", "yes"])
def test_blpop_and_exec_on_a_standalone_node(workdir, appendonly):
    node = Node(workdir, f"solo-{appendonly}", args=["--appendonly", appendonly])
    node.start()
    try:
        waiter, pusher = Resp(node.port), Resp(node.port)
        send(waiter, "BRPOP", "q1", "q2", "0")
        wait_until(lambda: blocked_clients(node) == 1, 10, what="client blocked")
        assert pusher.call("MULTI") == b"OK"
        assert pusher.call("RPUSH", "q2", "x", "y") == b"QUEUED"
        assert pusher.call("INCR", "n") == b"QUEUED"
        assert pusher.call("EXEC") == [2, 1]
        assert waiter._read() == [b"q2", b"y"]
        assert pusher.call("LRANGE", "q2", "0", "-1") == [b"x"]
        # A chain: BLMOVE's push wakes the client blocked on its destination.
        send(waiter, "BLPOP", "dst", "0")
        wait_until(lambda: blocked_clients(node) == 1, 10, what="client blocked on dst")
        mover = Resp(node.port)
        send(mover, "BLMOVE", "src", "dst", "LEFT", "RIGHT", "0")
        wait_until(lambda: blocked_clients(node) == 2, 10, what="mover blocked on src")
        assert pusher.call("LPUSH", "src", "v") == 1
        assert mover._read() == b"v"
        assert waiter._read() == [b"dst", b"v"]
        assert pusher.call("EXISTS", "src", "dst") == 0
        # RENAME and a STORE onto a key wake its waiters too.
        send(waiter, "BLPOP", "renamed", "0")
        wait_until(lambda: blocked_clients(node) == 1, 10, what="client blocked on renamed")
        assert pusher.call("RPUSH", "tmp", "r") == 1
        assert pusher.call("RENAME", "tmp", "renamed") == b"OK"
        assert waiter._read() == [b"renamed", b"r"]
        send(waiter, "BZPOPMAX", "zdst", "0")
        wait_until(lambda: blocked_clients(node) == 1, 10, what="client blocked on zdst")
        assert pusher.call("ZADD", "zsrc", "1", "m") == 1
        assert pusher.call("ZUNIONSTORE", "zdst", "1", "zsrc") == 1
        assert waiter._read() == [b"zdst", b"m", b"1"]
        # WATCH and EXEC on one node.
        assert pusher.call("WATCH", "w") == b"OK"
        assert waiter.call("SET", "w", "1") == b"OK"
        assert pusher.call("MULTI") == b"OK"
        assert pusher.call("GET", "w") == b"QUEUED"
        assert pusher.call("EXEC") is None
    finally:
        node.stop()
