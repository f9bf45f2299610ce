"""Pub/sub and keyspace notifications on a 3-node cluster (real processes).

PUBLISH travels through the Raft log: each node delivers a message to its own
subscribers when it applies the entry, so subscribers on every node see every
message in one order, wherever it was published. Keyspace events are announced
the same way, so a write on the leader reaches a subscriber on a follower.
Randomized choices print `seed=N`; SKIFF_TEST_SEED=N replays them. Time bounds
are liveness bounds only.
"""

import random
import threading

import pytest

from skiffharness import Cluster, Resp, seed_for

LEADER_BOUND = 10.0   # seconds: a leader must appear within this
DELIVERY_BOUND = 15.0  # seconds: a subscriber must receive an applied message within this
MESSAGES_PER_PUBLISHER = 60


@pytest.fixture
def cluster(workdir):
    c = Cluster(workdir, 3, extra_args=["--notify-keyspace-events", "KEA"]).start()
    try:
        c.wait_leader(LEADER_BOUND)
        yield c
    finally:
        c.stop()


def subscribe(node, *commands):
    """A connection on `node` that ran the (P)SUBSCRIBE `commands`; returns it after
    reading their confirmations."""
    conn = Resp(node.port, timeout=DELIVERY_BOUND)
    confirmations = conn.pipeline(commands)
    for reply in confirmations:
        assert isinstance(reply, list) and reply[0] in (b"subscribe", b"psubscribe"), reply
    return conn


def leader_and_follower(cluster):
    leader = cluster.wait_leader(LEADER_BOUND)
    return leader, next(n for n in cluster.nodes if n is not leader)


def next_push(conn):
    """The next pushed frame, as a list of bytes (message or pmessage)."""
    frame = conn._read()
    assert isinstance(frame, list), frame
    return frame


def test_publish_on_any_node_reaches_every_subscriber_in_one_order(cluster):
    seed = seed_for("pubsub-order")
    rng = random.Random(seed)
    nodes = cluster.nodes
    leader = cluster.wait_leader(LEADER_BOUND)
    subscribers = [subscribe(n, ["SUBSCRIBE", "news"]) for n in nodes]
    # One publisher per node, each sending to its own node; a seeded random order of
    # message batch sizes makes the interleaving differ from run to run.
    batches = {n.name: [rng.randint(1, 5) for _ in range(MESSAGES_PER_PUBLISHER)] for n in nodes}
    published = {n.name: [] for n in nodes}
    errors = []

    def publish(node):
        conn = Resp(node.port)
        try:
            sent = 0
            for size in batches[node.name]:
                if sent >= MESSAGES_PER_PUBLISHER:
                    break
                commands = []
                for _ in range(min(size, MESSAGES_PER_PUBLISHER - sent)):
                    message = f"{node.name}-{sent}"
                    commands.append(["PUBLISH", "news", message])
                    published[node.name].append(message.encode())
                    sent += 1
                for reply in conn.pipeline(commands):
                    # The reply counts receivers on the answering node: its one subscriber.
                    if reply != 1:
                        errors.append(f"{node.name}: PUBLISH replied {reply!r}")
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(f"{node.name}: {e}")
        finally:
            conn.close()

    threads = [threading.Thread(target=publish, args=(n,)) for n in nodes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, f"seed={seed}: {errors}"
    total = 3 * MESSAGES_PER_PUBLISHER
    received = []
    for node, conn in zip(nodes, subscribers):
        frames = [next_push(conn) for _ in range(total)]
        assert all(f[:2] == [b"message", b"news"] for f in frames), f"seed={seed}: {node.name}: {frames[:3]}"
        received.append([f[2] for f in frames])
        conn.close()
    print(f"seed={seed} leader={leader.name} messages={total}")
    for node, messages in zip(nodes, received):
        assert messages == received[0], f"seed={seed}: {node.name} saw another order than {nodes[0].name}"
    # Every message arrived once, and each publisher's messages kept their order.
    assert sorted(received[0]) == sorted(sum(published.values(), []))
    for name, sent in published.items():
        assert [m for m in received[0] if m.startswith(f"{name}-".encode())] == sent


def test_keyspace_events_of_a_leader_write_reach_a_follower_subscriber(cluster):
    leader, follower = leader_and_follower(cluster)
    conn = subscribe(follower, ["PSUBSCRIBE", "__keyevent@0__:*"], ["SUBSCRIBE", "__keyspace@0__:k"])
    writer = Resp(leader.port)
    try:
        assert writer.call("SET", "k", "v") == b"OK"
        assert writer.call("HSET", "h", "f", "1") == 1
        assert writer.call("SET", "short", "v", "PX", "50") == b"OK"
        expected = [
            # Redis's order: the keyspace channel, then the keyevent channel.
            [b"message", b"__keyspace@0__:k", b"set"],
            [b"pmessage", b"__keyevent@0__:*", b"__keyevent@0__:set", b"k"],
            [b"pmessage", b"__keyevent@0__:*", b"__keyevent@0__:hset", b"h"],
            [b"pmessage", b"__keyevent@0__:*", b"__keyevent@0__:set", b"short"],
            [b"pmessage", b"__keyevent@0__:*", b"__keyevent@0__:expire", b"short"],
            # The leader's active expiry deletes through the log; every node announces it.
            [b"pmessage", b"__keyevent@0__:*", b"__keyevent@0__:expired", b"short"],
        ]
        assert [next_push(conn) for _ in expected] == expected
    finally:
        writer.close()
        conn.close()


def test_publish_reply_counts_receivers_on_the_answering_node(cluster):
    leader, follower = leader_and_follower(cluster)
    here = [subscribe(follower, ["SUBSCRIBE", "c"]), subscribe(follower, ["PSUBSCRIBE", "c*"])]
    elsewhere = subscribe(leader, ["SUBSCRIBE", "c"])
    publisher = Resp(follower.port)
    on_leader = Resp(leader.port)
    try:
        assert publisher.call("PUBLISH", "c", "m") == 2
        assert next_push(elsewhere) == [b"message", b"c", b"m"]
        assert on_leader.call("PUBLISH", "c", "again") == 1
        assert next_push(here[0]) == [b"message", b"c", b"m"]
        assert next_push(here[0]) == [b"message", b"c", b"again"]
        assert next_push(here[1]) == [b"pmessage", b"c*", b"c", b"m"]
    finally:
        for conn in here + [elsewhere, publisher, on_leader]:
            conn.close()


class Resp3(Resp):
    """A connection after HELLO 3: pushes ('>') read as lists tagged with a leading 'push'."""

    def _read(self):
        line = self.reader.readline()
        kind, rest = line[:1], line[1:-2]
        if kind == b">":
            return ["push"] + [self._read() for _ in range(int(rest))]
        if kind == b"%":
            return [self._read() for _ in range(2 * int(rest))]
        if kind in (b"~",):
            return [self._read() for _ in range(int(rest))]
        if kind == b"_":
            return None
        self.reader = _Replay(line, self.reader)
        try:
            return super()._read()
        finally:
            self.reader = self.reader.inner


class _Replay:
    """Hands `line` back once, then reads from `inner` (lets Resp parse RESP2 kinds)."""

    def __init__(self, line, inner):
        self.line, self.inner = line, inner

    def readline(self):
        line, self.line = self.line, None
        return line if line is not None else self.inner.readline()

    def read(self, n):
        return self.inner.read(n)


def test_tracking_client_on_a_follower_is_invalidated_before_its_next_read(cluster):
    leader, follower = leader_and_follower(cluster)
    reader = Resp3(follower.port, timeout=DELIVERY_BOUND)
    writer = Resp(leader.port)
    try:
        reader.call("HELLO", "3")
        assert reader.call("CLIENT", "TRACKING", "ON") == b"OK"
        assert writer.call("SET", "k", "old") == b"OK"
        assert reader.call("GET", "k") == b"old"
        for round in range(20):
            value = f"new-{round}"
            assert writer.call("SET", "k", value) == b"OK"
            # The write is acknowledged: the follower's linearizable read waits until it
            # applied it, and the invalidation was queued when it applied it.
            reader.sock.sendall(b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n")
            assert reader._read() == ["push", b"invalidate", [b"k"]], f"round {round}"
            assert reader._read() == value.encode()
    finally:
        reader.close()
        writer.close()


def test_tracking_redirect_to_a_resp2_subscriber(cluster):
    leader, follower = leader_and_follower(cluster)
    listener = Resp(follower.port, timeout=DELIVERY_BOUND)
    tracked = Resp(follower.port)
    writer = Resp(leader.port)
    try:
        listener_id = listener.call("CLIENT", "ID")
        assert listener.call("SUBSCRIBE", "__redis__:invalidate") == [b"subscribe", b"__redis__:invalidate", 1]
        assert tracked.call("CLIENT", "TRACKING", "ON", "REDIRECT", str(listener_id)) == b"OK"
        assert tracked.call("CLIENT", "GETREDIR") == listener_id
        assert tracked.call("MGET", "a", "b") == [None, None]
        assert writer.call("MSET", "a", "1", "b", "2") == b"OK"
        assert next_push(listener) == [b"message", b"__redis__:invalidate", [b"a"]]
        assert next_push(listener) == [b"message", b"__redis__:invalidate", [b"b"]]
    finally:
        for conn in (listener, tracked, writer):
            conn.close()
