"""Protected mode (Redis 7.0): with `protected-mode yes` and no password, a client that
connects from a non-loopback address gets Redis's -DENIED text and is closed; loopback
clients are served. redis-server 7.0 is the oracle: both servers are bound to all
interfaces, the same exchanges go to each and the bytes are compared.

The non-loopback client connects to one of this machine's own non-loopback IPv4
addresses, so its peer address is that address (not 127.x). A machine with none skips.
"""

import os
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import servers  # noqa: E402
from resp import Closed, Conn, Timeout, encode_command  # noqa: E402

BIND_ALL = ["--bind", "*", "-::*", "--protected-mode", "yes"]


def external_address():
    """A non-loopback IPv4 address of this machine that is up, or None."""
    out = subprocess.run(["ip", "-4", "-o", "addr", "show", "up"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        words = line.split()
        address = words[words.index("inet") + 1].split("/")[0]
        if not address.startswith("127."):
            return address
    return None


def exchange(port, host, *command):
    """Sends one command and returns every reply up to EOF or a 1 s silence."""
    conn = Conn(port, host=host)
    try:
        conn.send(encode_command(list(command)))
        replies = []
        while True:
            try:
                raw, _ = conn.read_reply(1.0)
            except Closed:
                return replies + ["<closed>"]
            except Timeout:
                return replies
            replies.append(raw)
    finally:
        conn.close()


def scenario(port, outside):
    """The same steps for either server: the transcript to compare."""
    admin = Conn(port)
    seen = []
    try:
        seen.append(("outside, protected", exchange(port, outside, "PING")))
        seen.append(("loopback, protected", exchange(port, "127.0.0.1", "PING")))
        seen.append(("CONFIG GET", admin.call("CONFIG", "GET", "protected-mode")[0]))
        seen.append(("CONFIG SET no", admin.call("CONFIG", "SET", "protected-mode", "no")[0]))
        seen.append(("outside, unprotected", exchange(port, outside, "PING")))
        seen.append(("CONFIG SET yes", admin.call("CONFIG", "SET", "protected-mode", "yes")[0]))
        seen.append(("outside, protected again", exchange(port, outside, "PING")))
        seen.append(("CONFIG SET requirepass", admin.call("CONFIG", "SET", "requirepass", "pw")[0]))
        seen.append(("outside, with a password", exchange(port, outside, "PING")))
        seen.append(("outside, AUTH", exchange(port, outside, "AUTH", "pw")))
    finally:
        admin.close()
    return seen


@pytest.fixture(scope="module")
def outside():
    address = external_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address to connect from")
    return address


@pytest.fixture(scope="module")
def skiff(request):
    """Makes a Skiff server (not started) from the interop options, with extra args."""
    return lambda extra_args, name="skiff": servers.skiff_server(
        path=request.config.getoption("--skiff"), cmd=request.config.getoption("--skiff-cmd"),
        extra_args=extra_args, name=name)


def test_protected_mode_matches_redis(outside, skiff):
    transcripts = {}
    for name, make in [("redis", servers.redis_server), ("skiff", skiff)]:
        with make(extra_args=BIND_ALL, name=name) as srv:
            transcripts[name] = scenario(srv.port, outside)
    redis, skiff = transcripts["redis"], transcripts["skiff"]
    # The oracle itself must show protected mode at work, or the comparison means nothing.
    assert redis[0][1][0].startswith(b"-DENIED Redis is running in protected mode"), redis[0]
    assert redis[0][1][-1] == "<closed>"
    for (step, want), (_, got) in zip(redis, skiff):
        assert got == want, f"{step}: redis-server {want!r}, skiff {got!r}"


def test_protected_mode_off_from_the_command_line(outside, skiff):
    with skiff(BIND_ALL + ["--protected-mode", "no"]) as srv:
        assert exchange(srv.port, outside, "PING") == [b"+PONG\r\n"]
