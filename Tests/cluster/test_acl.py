"""ACL users on a 3-node cluster: ACL SETUSER/DELUSER go through the log, so a user made
on a follower is enforced by every node, survives a restart (from the log and from a
snapshot), and a deleted user's connections are closed everywhere. ACL LOG stays per
node, as in Redis. One test per rule kind runs on every node: command, category, key
pattern (~, %R~, %W~) and channel.
"""

import pytest

from skiffharness import Cluster, Node, Resp, RespError, wait_until

NOPERM_COMMAND = "NOPERM this user has no permissions to run the '{}' command"
NOPERM_KEY = "NOPERM this user has no permissions to access one of the keys used as arguments"
NOPERM_CHANNEL = "NOPERM this user has no permissions to access one of the channels used as arguments"
WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled."


@pytest.fixture
def cluster(workdir):
    # A low snapshot threshold: restarts below also restore users from a snapshot.
    c = Cluster(workdir, 3, extra_args=["--appendfsync", "no", "--snapshot-threshold-entries", "20"]).start()
    c.wait_leader(10.0)
    yield c
    c.stop()


def follower(cluster):
    leader = cluster.wait_leader(10.0)
    return next(n for n in cluster.nodes if n is not leader)


def set_user(cluster, name, *rules):
    """ACL SETUSER on a follower, then waits until every node has applied it."""
    assert follower(cluster).call("ACL", "SETUSER", name, *rules) == b"OK"
    expected = follower(cluster).call("ACL", "LIST")
    for n in cluster.nodes:
        wait_until(lambda: n.call("ACL", "LIST") == expected, 10.0, what=f"{n.name} to apply the user")


def login(node, name, password="pw"):
    conn = Resp(node.port)
    assert conn.call("AUTH", name, password) == b"OK"
    return conn


def denied(conn, *args):
    with pytest.raises(RespError) as error:
        conn.call(*args)
    return error.value.message


def test_command_rule_on_every_node(cluster):
    set_user(cluster, "alice", "on", ">pw", "~*", "+get", "+set")
    for n in cluster.nodes:
        alice = login(n, "alice")
        alice.call("SET", "k", "v")
        assert alice.call("GET", "k") == b"v"
        assert denied(alice, "LPUSH", "l", "a") == NOPERM_COMMAND.format("lpush")
        alice.close()


def test_category_rule_on_every_node(cluster):
    set_user(cluster, "reader", "on", ">pw", "~*", "+@read")
    for n in cluster.nodes:
        reader = login(n, "reader")
        assert reader.call("GET", "k") is None
        assert reader.call("HGETALL", "h") == []
        assert denied(reader, "SET", "k", "v") == NOPERM_COMMAND.format("set")
        reader.close()


def test_key_pattern_rules_on_every_node(cluster):
    set_user(cluster, "keys", "on", ">pw", "+@all", "~k*", "%R~r*", "%W~w*")
    for n in cluster.nodes:
        conn = login(n, "keys")
        conn.call("SET", "k1", "v")
        assert denied(conn, "GET", "x") == NOPERM_KEY
        assert conn.call("SET", "w1", "v") == b"OK"  # SET without GET only writes
        assert denied(conn, "GET", "w1") == NOPERM_KEY
        assert conn.call("GET", "r1") is None
        assert denied(conn, "SET", "r1", "v") == NOPERM_KEY
        conn.close()


def test_channel_rule_on_every_node(cluster):
    set_user(cluster, "pub", "on", ">pw", "+@all", "&news.*")
    for n in cluster.nodes:
        conn = login(n, "pub")
        assert conn.call("PUBLISH", "news.1", "m") == 0
        assert denied(conn, "PUBLISH", "other", "m") == NOPERM_CHANNEL
        conn.close()


def test_users_survive_restart_and_denials_are_logged_per_node(cluster):
    set_user(cluster, "alice", "on", ">pw", "~k*", "+get", "+set")
    # Enough writes that every node takes a snapshot holding the user.
    writer = Resp(cluster.wait_leader(10.0).port)
    for i in range(60):
        writer.call("SET", f"k{i}", "v")
    victim = follower(cluster)
    victim.stop()
    victim.start()
    victim.wait_up()
    wait_until(lambda: victim.call("ACL", "GETUSER", "alice") is not None, 10.0, what="alice after restart")
    for n in cluster.nodes:
        n.call("ACL", "LOG", "RESET")
    alice = login(victim, "alice")
    assert denied(alice, "LPUSH", "k1", "a") == NOPERM_COMMAND.format("lpush")
    assert denied(alice, "GET", "x") == NOPERM_KEY
    with pytest.raises(RespError) as error:
        Resp(victim.port).call("AUTH", "alice", "wrong")
    assert error.value.message == WRONGPASS
    entries = [dict(zip(e[::2], e[1::2])) for e in victim.call("ACL", "LOG")]
    assert [(e[b"reason"], e[b"object"], e[b"username"]) for e in entries] == [
        (b"auth", b"AUTH", b"alice"), (b"key", b"x", b"alice"), (b"command", b"lpush", b"alice")]
    for n in cluster.nodes:
        if n is not victim:
            assert n.call("ACL", "LOG") == [], "ACL LOG is per node"


def test_deluser_closes_connections_on_every_node(cluster):
    set_user(cluster, "temp", "on", ">pw", "+@all", "~*")
    conns = [login(n, "temp") for n in cluster.nodes]
    assert follower(cluster).call("ACL", "DELUSER", "temp") == 1
    for n in cluster.nodes:
        wait_until(lambda: n.call("ACL", "GETUSER", "temp") is None, 10.0, what=f"{n.name} to delete the user")
    for conn in conns:
        with pytest.raises(Exception):
            conn.call("PING")
    with pytest.raises(RespError) as error:
        Resp(cluster.nodes[0].port).call("AUTH", "temp", "pw")
    assert error.value.message == WRONGPASS


def test_config_get_never_shows_the_cluster_secret(workdir):
    node = Node(workdir, "secret", args=["--cluster-secret", "s3cret-value"]).start()
    try:
        assert node.call("CONFIG", "GET", "cluster-secret") == [b"cluster-secret", b"(redacted)"]
        everything = node.call("CONFIG", "GET", "*")
        assert b"s3cret-value" not in everything
        assert dict(zip(everything[::2], everything[1::2]))[b"cluster-secret"] == b"(redacted)"
    finally:
        node.stop()


def test_aclfile_loads_at_start_and_with_acl_load_and_is_written_by_acl_save(workdir):
    import os
    path = os.path.join(workdir, "users.acl")
    with open(path, "w") as f:
        f.write("user alice on >pw ~k* +get\n")
    node = Node(workdir, "aclfile", args=["--aclfile", path]).start()
    try:
        assert node.call("ACL", "USERS") == [b"alice", b"default"]
        assert node.call("ACL", "SETUSER", "bob", "on", "nopass", "+@read") == b"OK"
        assert node.call("ACL", "SAVE") == b"OK"
        with open(path) as f:
            saved = f.read()
        assert "user bob on nopass resetchannels -@all +@read\n" in saved
        with open(path, "w") as f:
            f.write("user carol on >x +ping\n")
        assert node.call("ACL", "LOAD") == b"OK"
        assert node.call("ACL", "USERS") == [b"carol", b"default"]
        with open(path, "w") as f:
            f.write("user carol on +frob\n")
        with pytest.raises(RespError) as error:
            node.call("ACL", "LOAD")
        assert error.value.message == (
            f"ERR {path}:1: Error in applying operation '+frob': Unknown command or category name in ACL. "
            "WARNING: ACL errors detected, no change to the previously active ACL rules was performed")
        assert node.call("ACL", "USERS") == [b"carol", b"default"]
    finally:
        node.stop()


def test_user_directives_load_and_cannot_be_combined_with_aclfile(workdir):
    import os
    import subprocess
    from skiffharness import server_binary
    node = Node(workdir, "users", args=["--user", "alice", "on", ">pw", "~*", "+@all"]).start()
    try:
        assert node.call("ACL", "USERS") == [b"alice", b"default"]
    finally:
        node.stop()
    path = os.path.join(workdir, "users.acl")
    open(path, "w").close()
    run = subprocess.run([server_binary(), "--port", "0", "--aclfile", path, "--user", "alice", "on"],
                         capture_output=True, text=True, timeout=30)
    assert run.returncode != 0
    assert "please define either an ACL file or declare users directly in your redis.conf, but not both" in run.stdout + run.stderr
