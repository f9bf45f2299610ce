"""redis-py smoke program: the calls a typical application makes."""

import inspect

import pytest
import redis


def client(server, **kw):
    return redis.Redis(host="127.0.0.1", port=server.port, socket_timeout=10, **kw)


def test_basic_workload(server):
    r = client(server)
    assert r.ping() is True
    r.flushall()
    assert r.set("user:1", "alice", ex=100) is True
    assert r.get("user:1") == b"alice"
    assert 99 <= r.ttl("user:1") <= 100
    assert r.set("user:1", "bob", nx=True) is None
    assert r.set("user:1", "bob", xx=True, get=True) == b"alice"
    assert r.incr("hits") == 1
    assert r.incrby("hits", 10) == 11
    assert r.incrbyfloat("ratio", 0.5) == 0.5
    assert r.mset({"a": 1, "b": 2}) is True
    assert r.mget("a", "b", "nokey") == [b"1", b"2", None]
    assert r.exists("a", "b", "nokey") == 2
    assert r.expire("a", 50) is True
    assert r.persist("a") is True
    assert r.delete("a", "b") == 2
    assert r.getdel("hits") == b"11"
    assert r.append("log", "x") == 1
    assert r.strlen("log") == 1
    assert r.type("log") == b"string"
    assert r.rename("log", "log2") is True
    assert r.getrange("user:1", 0, 1) == b"bo"
    with pytest.raises(redis.ResponseError, match="not an integer"):
        r.incr("user:1")
    r.close()


def test_pipeline(server):
    r = client(server)
    r.flushall()
    with r.pipeline(transaction=False) as p:
        for i in range(1000):
            p.set(f"p:{i}", i)
        p.get("p:999")
        p.incr("p:0")
        p.dbsize()
        out = p.execute()
    assert out[:1000] == [True] * 1000
    assert out[1000:] == [b"999", 1, 1000]
    r.close()


def test_scan_iter(server):
    r = client(server)
    r.flushall()
    r.mset({f"it:{i}": i for i in range(500)})
    r.set("other", 1)
    assert sorted(r.scan_iter(match="it:*", count=50)) == sorted(f"it:{i}".encode() for i in range(500))
    assert sorted(r.keys("it:1?")) == sorted(f"it:1{i}".encode() for i in range(10))
    r.close()


def test_client_name_and_info(server):
    r = client(server, client_name="smoke")
    assert r.client_getname() == "smoke" or r.client_getname() == b"smoke"
    assert isinstance(r.client_id(), int)
    assert r.dbsize() >= 0
    r.close()


@pytest.mark.skipif("protocol" not in inspect.signature(redis.Redis.__init__).parameters,
                    reason="installed redis-py has no RESP3 support")
def test_resp3(server):
    r = client(server, protocol=3)
    r.flushall()
    assert r.set("k", "v") is True
    assert r.get("k") == b"v"
    assert r.incr("n") == 1
    assert r.incrbyfloat("f", 1.5) == 1.5
    assert r.mget("k", "none") == [b"v", None]
    with r.pipeline(transaction=False) as p:
        p.set("a", 1).get("a").ttl("a")
        assert p.execute() == [True, b"1", -1]
    r.close()
