"""Pub/sub and client-side caching through redis-py, as applications use them, and the
pubsub output-buffer limit. Runs against Skiff or, with SKIFF_CMD=redis-server, Redis."""

import socket
import time

import redis

DELIVERY_BOUND_S = 10.0  # a liveness bound, not a timing assertion


def client(server, **kw):
    return redis.Redis(host="127.0.0.1", port=server.port, socket_timeout=10, **kw)


def next_message(pubsub):
    deadline = time.monotonic() + DELIVERY_BOUND_S
    while time.monotonic() < deadline:
        message = pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
        if message is not None:
            return message
    raise AssertionError("no message within the bound")


def test_redis_py_pubsub_channels_and_patterns(server):
    r = client(server)
    p = r.pubsub()
    p.subscribe("news")
    p.psubscribe("user:*")
    assert r.publish("news", "hello") == 1
    assert next_message(p) == {"type": "message", "pattern": None, "channel": b"news", "data": b"hello"}
    assert r.publish("user:1", "joined") == 1
    assert next_message(p) == {"type": "pmessage", "pattern": b"user:*", "channel": b"user:1", "data": b"joined"}
    assert r.pubsub_numsub("news") == [(b"news", 1)]
    assert r.pubsub_numpat() == 1
    p.close()


def test_redis_py_keyspace_notifications(server):
    r = client(server)
    r.config_set("notify-keyspace-events", "Kg$")
    try:
        p = r.pubsub()
        p.psubscribe("__keyspace@0__:order:*")
        r.set("order:1", "new")
        r.delete("order:1")
        assert next_message(p)["data"] == b"set"
        assert next_message(p)["data"] == b"del"
        p.close()
    finally:
        r.config_set("notify-keyspace-events", "")


def test_redis_py_resp3_connection_takes_invalidation_pushes(server):
    """A RESP3 redis-py connection with CLIENT TRACKING on reads on past the invalidation
    pushes. (redis-py's own client-side cache insists on a server reporting Redis 7.4 or
    later, so it refuses Redis 7.0 and Skiff alike.)"""
    reader = client(server, protocol=3, single_connection_client=True)
    writer = client(server)
    writer.set("cached", "1")
    assert reader.execute_command("CLIENT", "TRACKING", "ON") in (b"OK", "OK", True)
    assert reader.get("cached") == b"1"
    for value in (b"2", b"3"):
        writer.set("cached", value)
        assert reader.get("cached") == value
    reader.close()


def test_pubsub_output_limit_closes_a_subscriber_that_does_not_read(server):
    r = client(server)
    old = r.config_get("client-output-buffer-limit")["client-output-buffer-limit"]
    r.config_set("client-output-buffer-limit", "pubsub 1mb 0 0")
    try:
        s = socket.create_connection(("127.0.0.1", server.port))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.sendall(b"*2\r\n$9\r\nSUBSCRIBE\r\n$5\r\nflood\r\n")
        deadline = time.monotonic() + DELIVERY_BOUND_S
        while r.pubsub_numsub("flood") != [(b"flood", 1)] and time.monotonic() < deadline:
            time.sleep(0.01)
        payload = b"x" * 65536
        for _ in range(200):  # 12.5 MiB: far past the limit whatever the socket buffers hold
            r.publish("flood", payload)
            if r.pubsub_numsub("flood") == [(b"flood", 0)]:
                break
        assert r.pubsub_numsub("flood") == [(b"flood", 0)]
        s.close()
    finally:
        r.config_set("client-output-buffer-limit", old)
