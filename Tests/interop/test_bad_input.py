"""Hostile clients: malformed protocol, oversized bulk, too many clients, a client that
sends a lot and never reads. The server must answer with Redis's errors, close the
offending connection, and keep serving everybody else."""

import os
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from resp import Conn, Closed, Timeout, encode_command  # noqa: E402


def read_all_until_close(conn, timeout_s=5.0):
    """Replies up to EOF; fails if the server keeps the connection open."""
    out = []
    while True:
        try:
            raw, _ = conn.read_reply(timeout_s)
            out.append(raw)
        except Closed:
            return out
        except Timeout:
            raise AssertionError(f"connection still open after {out!r}")


def healthy(server):
    c = Conn(server.port)
    try:
        assert c.call("PING")[0] == b"+PONG\r\n"
        assert c.call("SET", "health", "ok")[0] == b"+OK\r\n"
        assert c.call("GET", "health")[0] == b"$2\r\nok\r\n"
    finally:
        c.close()


def test_malformed_multibulk(server):
    for data, err in [(b"*abc\r\n", b"-ERR Protocol error: invalid multibulk length\r\n"),
                      (b"*1\r\nx\r\n", b"-ERR Protocol error: expected '$', got 'x'\r\n"),
                      (b"*1\r\n$x\r\n", b"-ERR Protocol error: invalid bulk length\r\n"),
                      (b"*2147483648\r\n", b"-ERR Protocol error: invalid multibulk length\r\n"),
                      (b"ECHO \"abc\r\n", b"-ERR Protocol error: unbalanced quotes in request\r\n")]:
        c = Conn(server.port)
        c.send(b"*1\r\n$4\r\nPING\r\n" + data)
        assert read_all_until_close(c) == [b"+PONG\r\n", err], data
        c.close()
    healthy(server)


def test_oversized_bulk(server):
    c = Conn(server.port)
    c.send(b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870913\r\n")
    assert read_all_until_close(c) == [b"-ERR Protocol error: invalid bulk length\r\n"]
    c.close()
    healthy(server)


def test_inline_too_big(server):
    c = Conn(server.port)
    c.send(b"x" * 200000)
    assert read_all_until_close(c) == [b"-ERR Protocol error: too big inline request\r\n"]
    c.close()
    healthy(server)


def test_maxclients(server):
    admin = Conn(server.port)
    old = admin.call("CONFIG", "GET", "maxclients")[1].data[1].data
    assert admin.call("CONFIG", "SET", "maxclients", "4")[0] == b"+OK\r\n"
    extra = []
    try:
        for _ in range(3):
            c = Conn(server.port)
            assert c.call("PING")[0] == b"+PONG\r\n"
            extra.append(c)
        over = Conn(server.port)
        assert read_all_until_close(over) == [b"-ERR max number of clients reached\r\n"]
        over.close()
        # The clients already connected still work.
        assert extra[0].call("PING")[0] == b"+PONG\r\n"
    finally:
        for c in extra:
            c.close()
        time.sleep(0.1)
        assert admin.call("CONFIG", "SET", "maxclients", old)[0] == b"+OK\r\n"
        admin.close()
    healthy(server)


def test_client_that_never_reads(server):
    """A client pipelines GETs of a 1 MB value and never reads. With an output-buffer
    limit for normal clients the server must drop it; the others are unaffected."""
    admin = Conn(server.port)
    old = admin.call("CONFIG", "GET", "client-output-buffer-limit")[1].data[1].data
    assert admin.call("CONFIG", "SET", "client-output-buffer-limit", "normal 4mb 2mb 1")[0] == b"+OK\r\n"
    assert admin.call("SET", "big", "x" * (1 << 20))[0] == b"+OK\r\n"
    hog = socket.create_connection(("127.0.0.1", server.port))
    hog.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    hog.settimeout(0.5)
    request = encode_command(["GET", "big"]) * 200
    try:
        for _ in range(20):
            hog.sendall(request)
    except (BrokenPipeError, ConnectionResetError, socket.timeout):
        pass  # the server stopped reading from us or dropped us: both are fine
    try:
        healthy(server)  # the server is not blocked by the hog
        # Now drain the hog: the server must have closed it before sending everything.
        hog.settimeout(10)
        received = 0
        deadline = time.monotonic() + 30
        while received < 100 * (1 << 20) and time.monotonic() < deadline:
            try:
                chunk = hog.recv(1 << 20)
            except ConnectionResetError:
                break
            except socket.timeout:
                raise AssertionError(f"the hog is neither served nor closed ({received} bytes)")
            if not chunk:
                break
            received += len(chunk)
        assert received < 100 * (1 << 20), f"the hog got {received} bytes: no output limit"
    finally:
        hog.close()
        assert admin.call("CONFIG", "SET", "client-output-buffer-limit", old)[0] == b"+OK\r\n"
        admin.call("DEL", "big")
        admin.close()
    healthy(server)


def test_half_sent_command_then_disconnect(server):
    for prefix in [b"*3\r\n$3\r\nSET\r\n$1\r\nk", b"*2\r\n$4\r\nECHO\r\n$100\r\nabc", b"SET k v"]:
        s = socket.create_connection(("127.0.0.1", server.port))
        s.sendall(prefix)
        s.close()
    healthy(server)
