"""Dynamic membership with real processes: RAFT.CLUSTER INIT and JOIN,
RAFT.NODE ADD and REMOVE (RedisRaft's names), identities kept in `dir`.

Every node runs on free 127.0.0.1 ports (client and peer) in the test's own
temp dir and is stopped by its pid. Time bounds are liveness bounds only.
"""

import re

import pytest

from skiffharness import Node, RespError, free_port, seed_for, wait_until
from test_cluster import ClusterLoad

BOUND = 20.0  # seconds: a join, a removal or an election completes within this


def fresh_node(workdir, name, *extra):
    peer_port = free_port()
    return Node(workdir, name, args=["--appendonly", "yes", "--cluster-peer-port", str(peer_port)] + list(extra),
                peer_port=peer_port)


def raft(node):
    return node.info("raft")


def node_id(node):
    return int(raft(node)["raft_node_id"])


def init(node):
    reply = node.call("RAFT.CLUSTER", "INIT").decode()
    m = re.fullmatch(r"OK ([0-9a-f]{16})", reply)
    assert m, reply
    return m.group(1)


def join(node, contact):
    assert node.call("RAFT.CLUSTER", "JOIN", f"127.0.0.1:{contact.port}", timeout=BOUND + 40) == b"OK"


def leader_of(nodes):
    def find():
        leaders = [n for n in nodes if raft(n)["raft_role"] == "leader"]
        return leaders[0] if len(leaders) == 1 else None
    return wait_until(find, BOUND, what="one leader")


def voters_everywhere(nodes, count):
    wait_until(lambda: all(raft(n)["raft_voters"] == str(count) for n in nodes), BOUND,
               what=f"{count} voters on {[n.name for n in nodes]}")


def dynamic_cluster(workdir, n):
    nodes = [fresh_node(workdir, f"n{i + 1}").start() for i in range(n)]
    cluster_id = init(nodes[0])
    for i, node in enumerate(nodes[1:]):
        # The second joins through the first; later ones through a follower (redirect).
        join(node, nodes[max(0, i)])
    voters_everywhere(nodes, n)
    return nodes, cluster_id


def test_init_then_joins_and_writes_through_every_node(workdir):
    nodes, cluster_id = dynamic_cluster(workdir, 3)
    ids = {node_id(n) for n in nodes}
    assert len(ids) == 3, ids
    for n in nodes:
        r = raft(n)
        assert r["raft_cluster_id"] == cluster_id, r
    for i, n in enumerate(nodes):
        assert n.call("SET", f"k{i}", f"v{i}") == b"OK"
    for n in nodes:
        assert n.call("MGET", "k0", "k1", "k2") == [b"v0", b"v1", b"v2"]
    leader = leader_of(nodes)
    assert leader.info("replication")["connected_slaves"] == "2"


def test_fourth_node_joins_under_write_load_through_a_snapshot(workdir):
    seed = seed_for("join-under-load")
    nodes = [fresh_node(workdir, f"n{i + 1}", "--snapshot-threshold-entries", "200").start() for i in range(3)]
    init(nodes[0])
    join(nodes[1], nodes[0])
    join(nodes[2], nodes[0])
    load = ClusterLoad(nodes, threads=4, keys_per_thread=50, seed=seed, retry_window=BOUND).start()
    wait_until(lambda: load.counts["acked"] >= 600, BOUND, what="600 writes (past a snapshot)")
    newcomer = fresh_node(workdir, "n4").start()
    join(newcomer, nodes[1])
    wait_until(lambda: load.counts["acked"] >= 1000, BOUND, what="writes after the join")
    load.stop()
    assert not load.errors, load.errors[:5]
    voters_everywhere(nodes + [newcomer], 4)
    leader = leader_of(nodes + [newcomer])
    target = int(raft(leader)["raft_commit_index"])
    wait_until(lambda: int(raft(newcomer)["raft_applied_index"]) >= target, BOUND, what="the newcomer to catch up")
    assert load.check(newcomer) == []
    assert newcomer.call("SET", "from-newcomer", "1") == b"OK"
    assert nodes[0].call("GET", "from-newcomer") == b"1"


def test_remove_a_follower_then_the_leader(workdir):
    nodes, _ = dynamic_cluster(workdir, 4)
    leader = leader_of(nodes)
    follower = next(n for n in nodes if n is not leader)
    others = [n for n in nodes if n is not follower]
    with pytest.raises(RespError, match=r"^ERR membership changes go to the leader \(127\.0\.0\.1:\d+\)$"):
        follower.call("RAFT.NODE", "REMOVE", str(node_id(leader)))
    with pytest.raises(RespError, match=r"^ERR node 999 is not a member$"):
        leader.call("RAFT.NODE", "REMOVE", "999")
    assert leader.call("RAFT.NODE", "REMOVE", str(node_id(follower)), timeout=BOUND) == b"OK"
    voters_everywhere(others, 3)
    assert leader.call("SET", "after-follower-removed", "1") == b"OK"

    # The leader removes itself: it answers, then steps down; the rest elect a leader.
    assert leader.call("RAFT.NODE", "REMOVE", str(node_id(leader)), timeout=BOUND) == b"OK"
    rest = [n for n in others if n is not leader]
    voters_everywhere(rest, 2)
    new_leader = leader_of(rest)
    assert new_leader is not leader
    wait_until(lambda: raft(leader)["raft_role"] != "leader", BOUND, what="the removed leader to step down")
    for n in rest:
        assert n.call("SET", f"after-leader-removed-{n.name}", "1") == b"OK"
        assert n.call("GET", "after-follower-removed") == b"1"


def test_restarted_nodes_keep_their_identity(workdir):
    nodes, cluster_id = dynamic_cluster(workdir, 3)
    leader = leader_of(nodes)
    joined, removed = [n for n in nodes if n is not leader]
    ids = {n.name: node_id(n) for n in nodes}
    assert leader.call("SET", "before", "1") == b"OK"
    assert leader.call("RAFT.NODE", "REMOVE", str(ids[removed.name]), timeout=BOUND) == b"OK"
    for n in (joined, removed):
        assert n.terminate() == 0
        n.start()
        r = raft(n)
        assert (int(r["raft_node_id"]), r["raft_cluster_id"]) == (ids[n.name], cluster_id), r
        with pytest.raises(RespError, match=f"^ERR This node is already a member of cluster {cluster_id}$"):
            n.call("RAFT.CLUSTER", "INIT")
    # The joined node is still a voter and serves; the removed one stays out.
    voters_everywhere([leader, joined], 2)
    assert joined.call("SET", "after-restart", "1") == b"OK"
    assert joined.call("GET", "before") == b"1"
    # Brought back with RAFT.NODE ADD (its id and cluster are unchanged), it catches up.
    me = f"127.0.0.1:{removed.port}@{removed.peer_port}"
    # (A leader elected a moment ago proposes it once it committed an entry of its term.)
    reply = leader_of([leader, joined]).call("RAFT.NODE", "ADD", str(ids[removed.name]), me, timeout=BOUND)
    assert reply == [ids[removed.name], cluster_id.encode()]
    voters_everywhere(nodes, 3)
    wait_until(lambda: removed.call("GET", "after-restart") == b"1", BOUND, what="the re-added node to catch up")
    # A flag naming another node id than the one recorded in dir is refused at start.
    assert joined.terminate() == 0
    joined.args += ["--cluster-node-id", str(ids[joined.name] + 1)]
    joined.start(wait=False)
    assert joined.proc.wait(timeout=BOUND) != 0
    assert "differs from node id" in joined.log_text()


def test_joining_another_cluster_or_with_data_is_refused(workdir):
    a, b, c = (fresh_node(workdir, name).start() for name in ("a", "b", "c"))
    cluster_a = init(a)
    cluster_b = init(b)
    assert cluster_a != cluster_b
    with pytest.raises(RespError, match=f"^ERR This node belongs to cluster {cluster_b}; "
                                        f"127.0.0.1:{a.port} is a member of cluster {cluster_a}$"):
        b.call("RAFT.CLUSTER", "JOIN", f"127.0.0.1:{a.port}", timeout=BOUND)
    assert raft(a)["raft_voters"] == "1" and raft(b)["raft_voters"] == "1"
    # A node that never ran INIT is no cluster to join or change; one holding keys cannot join.
    with pytest.raises(RespError, match=f"^ERR 127.0.0.1:{c.port} is not part of a cluster yet"):
        a.call("RAFT.CLUSTER", "JOIN", f"127.0.0.1:{c.port}", timeout=BOUND)
    with pytest.raises(RespError, match="^ERR This node is not part of a Raft cluster yet"):
        c.call("RAFT.NODE", "ADD", "7", "127.0.0.1:1")
    assert c.call("SET", "mine", "1") == b"OK"
    with pytest.raises(RespError, match="^ERR This node holds keys"):
        c.call("RAFT.CLUSTER", "JOIN", f"127.0.0.1:{a.port}")
    # A fresh node whose cluster-node-id is taken is refused before anything changes.
    twin = fresh_node(workdir, "twin", "--cluster-node-id", str(node_id(a))).start()
    with pytest.raises(RespError, match=f"^ERR node id {node_id(a)} is taken in cluster {cluster_a}"):
        twin.call("RAFT.CLUSTER", "JOIN", f"127.0.0.1:{a.port}", timeout=BOUND)
    assert raft(twin)["raft_accepts_members"] == "0" and raft(a)["raft_voters"] == "1"
    # Bad arguments get clear errors.
    for args, pattern in [
        (("RAFT.NODE", "ADD", "0", "127.0.0.1:1"), r"^ERR invalid node id '0'$"),
        (("RAFT.NODE", "ADD", "5", "nowhere"), r"^ERR invalid address 'nowhere'"),
        (("RAFT.NODE", "REMOVE", "x"), r"^ERR invalid node id 'x'$"),
        (("RAFT.CLUSTER", "JOIN", "127.0.0.1:0"), r"^ERR invalid address"),
        (("RAFT.NODE", "ADD", "5"), r"^ERR wrong number of arguments for 'raft.node\|add' command$"),
        (("RAFT.CLUSTER", "LEAVE"), r"^ERR unknown subcommand 'LEAVE'"),
    ]:
        with pytest.raises(RespError, match=pattern):
            a.call(*args)
    with pytest.raises(RespError, match=rf"^ERR node {node_id(a)} is already a member$"):
        a.call("RAFT.NODE", "ADD", str(node_id(a)), f"127.0.0.1:{a.port}")
