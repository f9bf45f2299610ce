"""INFO commandstats, as prometheus-redis-exporter reads it: the same commands sent to
redis-server 7.0 and to Skiff give the same cmdstat lines once the measured times
(usec, usec_per_call) are masked."""

import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import servers  # noqa: E402
from resp import Conn  # noqa: E402

COMMANDS = [
    ["SET", "k", "v"], ["GET", "k"], ["GET", "k"],
    ["INCR", "k"],                 # an error reply: failed_calls
    ["GET"],                       # wrong arity: rejected_calls
    ["CONFIG", "GET", "maxmemory"], ["CLIENT", "SETNAME", "x"],
    ["HSET", "h", "f", "v"], ["HSET", "h", "f"],
]
TIMES = re.compile(r"usec=\d+,usec_per_call=\d+\.\d\d")


def commandstats(srv):
    conn = Conn(srv.port)
    try:
        for command in COMMANDS:
            conn.call(*command)
        raw, value = conn.call("INFO", "commandstats")
    finally:
        conn.close()
    text = value.data.decode() if isinstance(value.data, bytes) else str(value.data)
    lines = [line for line in text.split("\r\n") if line.startswith("cmdstat_")]
    for line in lines:
        assert TIMES.search(line), line
    # INFO itself is still running when the section is written: Redis has not counted it yet.
    return sorted(TIMES.sub("usec=*,usec_per_call=*", line) for line in lines if not line.startswith("cmdstat_info:"))


def test_commandstats_match_redis(server):
    with servers.redis_server() as redis:
        want = commandstats(redis)
    assert commandstats(server) == want
