"""maxclients under a low open-files limit: like Redis, Skiff raises `ulimit -n` to
maxclients + 32 when it may, and otherwise lowers maxclients to fit and says so.

Both servers start under the same limit (soft 1024, hard 4000) as an unprivileged user,
who cannot raise the hard limit, then answer the same commands: redis-server 7.0 is the
oracle for the replies, and Skiff's log must carry Redis's warning.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import servers  # noqa: E402
from resp import Conn  # noqa: E402

LOW_LIMIT = ["prlimit", "--nofile=1024:4000", "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
COMMANDS = [
    ["CONFIG", "GET", "maxclients"],
    ["CONFIG", "SET", "maxclients", "5000"],
    ["CONFIG", "GET", "maxclients"],
    ["CONFIG", "SET", "maxclients", "100"],
    ["CONFIG", "GET", "maxclients"],
    ["CONFIG", "SET", "maxclients", "3968"],
    ["CONFIG", "GET", "maxclients"],
]


def replies(server):
    conn = Conn(server.port)
    try:
        out = []
        for command in COMMANDS:
            raw, _ = conn.call(*command)
            out.append(raw)
        return out
    finally:
        conn.close()


def start_low(server):
    os.chmod(server.dir, 0o777)  # the unprivileged user writes its log there
    return server.start()


def test_maxclients_fits_a_low_open_files_limit_as_in_redis():
    oracle = servers.Server("redis-lowfd", LOW_LIMIT + [os.environ.get("REDIS_SERVER", "redis-server")], [])
    skiff = servers.Server("skiff-lowfd", LOW_LIMIT + servers.skiff_command(), [], kind="skiff")
    try:
        start_low(oracle)
        start_low(skiff)
        expected = replies(oracle)
        assert b"3968" in expected[0], expected  # the limit really is low for Redis too
        assert replies(skiff) == expected
        with open(skiff.log_path) as log:
            text = log.read()
        assert "maxclients has been reduced to 3968 to compensate for low ulimit" in text, text
    finally:
        skiff.stop()
        oracle.stop()


def test_maxclients_raises_the_limit_when_it_may():
    # A soft limit under a high enough hard limit is raised by anyone: maxclients stays.
    skiff = servers.Server("skiff-raisefd", ["prlimit", "--nofile=1024:11000"] + servers.skiff_command(), [],
                           kind="skiff")
    try:
        skiff.start()
        conn = Conn(skiff.port)
        raw, _ = conn.call("CONFIG", "GET", "maxclients")
        conn.close()
        assert raw == b"*2\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n"
        with open(skiff.log_path) as log:
            assert "Increased maximum number of open files to 10032 (it was originally set to 1024)." in log.read()
    finally:
        skiff.stop()

