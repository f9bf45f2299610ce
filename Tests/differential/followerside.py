"""The Skiff side of `difftest.py --cluster N`: N skiff-server processes started with the
same `cluster-peers`, and the follower that every stream is sent to.

Each node is a `servers.Server` (own port, temp dir and log, stopped by its own pid). The
streams go to one follower with the defaults a user gets: `read-consistency linearizable`
and `follower-proxy yes`, so every write is forwarded to the leader and every read waits
for a ReadIndex round. After every case and stream, `replica_differences()` checks that
all nodes hold the same data (key, type, encoding, value, deadline; read from each node in
turn, after a linearizable read there), and `keep_to_follower()` that the streams still go
to a follower.
"""

import time

import servers
from resp import Conn, Closed, Timeout, encode_command

LEADER_WAIT_S = 30.0
# Three nodes each applying a 512 MiB SETRANGE (strings.txt) stall for seconds on a loaded
# 2-core machine, long enough for the default 1-2 s election timeout to depose the leader
# and for a write to outlive the default 5 s write timeout (-TRYAGAIN). Failover and
# timeouts are tested elsewhere (Tests/cluster, Tests/faults); here an election timeout of
# 5-10 s (at the default 100 ms tick) keeps the streams going through one follower, and a
# write waits out a leader change instead of failing. Replies wait REPLY_TIMEOUT_S.
ELECTION_TICKS = 50
WRITE_TIMEOUT_MS = 30_000
REPLY_TIMEOUT_S = 40.0
# A key whose deadline is this close to the check may expire on one node between the reads
# of two nodes (each node hides keys passively on its own clock, DESIGN §7): such keys are
# left out of the comparison. Expiry across replicas is checked by Tests/cluster.
EXPIRY_MARGIN_MS = 10_000
SCAN_COUNT = 1000
# A longer string (strings.txt makes one of 512 MiB) is compared by its length, head and
# tail: reading it whole from three nodes would take seconds per check.
STRING_BYTES_READ_MAX = 1 << 20
STRING_SAMPLE_BYTES = 1 << 16


class FollowerCluster:
    """N nodes on loopback; `follower` is the Server the differential runner talks to."""

    def __init__(self, n, path=None, cmd=None, extra_args=()):
        ports = [(servers.free_port(), servers.free_port()) for _ in range(n)]
        peers = " ".join(f"{i + 1}@127.0.0.1:{p}@{pp}" for i, (p, pp) in enumerate(ports))
        self.nodes = []
        for i, (port, _) in enumerate(ports):
            args = ["--appendonly", "yes", "--cluster-node-id", str(i + 1), "--cluster-peers", peers,
                    "--read-consistency", "linearizable", "--follower-proxy", "yes",
                    "--cluster-election-ticks", str(ELECTION_TICKS),
                    "--cluster-write-timeout", str(WRITE_TIMEOUT_MS)] + list(extra_args)
            self.nodes.append(servers.skiff_server(path=path, cmd=cmd, extra_args=args,
                                                   name=f"skiff-n{i + 1}", port=port))
        self.leader = self.follower = None
        self.term = None

    @property
    def argv(self):
        return self.nodes[0].argv

    def start(self):
        for node in self.nodes:
            node.start()
        self.leader, self.term = self.wait_leader()
        self.follower = next(n for n in self.nodes if n is not self.leader)
        return self

    def stop(self):
        for node in self.nodes:
            node.stop()

    def alive(self):
        return all(n.alive() for n in self.nodes)

    def log_tail(self, n=20):
        return "\n".join(node.log_tail(n) for node in self.nodes)

    def raft_info(self, node):
        c = Conn(node.port, timeout_s=5.0)
        try:
            _, v = c.call(b"INFO", b"raft")
        finally:
            c.close()
        fields = {}
        for line in v.text().splitlines():
            key, _, value = line.partition(":")
            fields[key] = value.strip()
        return fields

    def wait_leader(self):
        deadline = time.monotonic() + LEADER_WAIT_S
        while time.monotonic() < deadline:
            for node in self.nodes:
                try:
                    info = self.raft_info(node)
                except (OSError, Closed, Timeout):
                    continue
                if info.get("raft_role") == "leader":
                    return node, info.get("raft_term")
            time.sleep(0.05)
        raise RuntimeError(f"no leader within {LEADER_WAIT_S}s\n{self.log_tail()}")

    def keep_to_follower(self):
        """None while the follower still follows in the same term, else a note saying what
        changed; if the follower was elected, later streams go to a node that is not."""
        info = self.raft_info(self.follower)
        if info.get("raft_role") == "follower" and info.get("raft_term") == self.term:
            return None
        was = self.follower.name
        self.leader, self.term = self.wait_leader()
        if self.follower is self.leader:
            self.follower = next(n for n in self.nodes if n is not self.leader)
        return (f"leadership changed: {was} was {info.get('raft_role')} in term {info.get('raft_term')}; "
                f"now leader {self.leader.name} in term {self.term}, streams go to {self.follower.name}")

    def replica_differences(self, timeout_s=5.0):
        """Every node's data (per database: key, type, encoding, value, deadline), compared
        with the follower's. Returns a list of differences, empty when the nodes agree."""
        now_ms = int(time.time() * 1000)
        dumps = {node.name: dump_node(node.port, timeout_s) for node in self.nodes}
        unsettled = {k for d in dumps.values() for k, item in d.items()
                     if item[-1] > 0 and item[-1] - now_ms < EXPIRY_MARGIN_MS}
        base = dumps[self.follower.name]
        diffs = []
        for name, dump in dumps.items():
            for key in sorted(set(base) | set(dump)):
                if key in unsettled or base.get(key) == dump.get(key):
                    continue
                diffs.append(f"db {key[0]} key {key[1]!r}: {self.follower.name} {base.get(key)!r}, "
                             f"{name} {dump.get(key)!r}")
        return diffs


def _pipeline(conn, commands, timeout_s):
    conn.send(b"".join(encode_command(args) for args in commands))
    return [conn.read_reply(timeout_s)[1] for _ in commands]


def _call(conn, args, timeout_s):
    return _pipeline(conn, [args], timeout_s)[0]


def _databases_with_keys(conn, timeout_s):
    """From INFO keyspace, read after a linearizable read (DBSIZE) so that this node has
    applied every write the differential streams made."""
    _call(conn, [b"DBSIZE"], timeout_s)
    text = _call(conn, [b"INFO", b"keyspace"], timeout_s).text()
    return [int(line[2:line.index(":")]) for line in text.splitlines() if line.startswith("db")]


def _scan_keys(conn, timeout_s):
    keys, cursor = [], b"0"
    while True:
        v = _call(conn, [b"SCAN", cursor, b"COUNT", str(SCAN_COUNT).encode()], timeout_s)
        cursor = v.data[0].data
        keys += [x.data for x in v.data[1].data]
        if cursor == b"0":
            return keys


# The whole value of a key, by type, in an order that does not depend on the hash table.
_VALUE_READ = {
    b"string": lambda k: [b"GET", k],
    b"hash": lambda k: [b"HGETALL", k],
    b"list": lambda k: [b"LRANGE", k, b"0", b"-1"],
    b"set": lambda k: [b"SMEMBERS", k],
    b"zset": lambda k: [b"ZRANGE", k, b"0", b"-1", b"WITHSCORES"],
}


def _plain(v):
    if isinstance(v.data, list):
        return tuple(_plain(x) for x in v.data)
    return v.data


def _value_reads(key, kind, length):
    """What reads the value of a key: all of it, or a long string's head and tail."""
    if kind == b"string" and int(length) > STRING_BYTES_READ_MAX:
        n = str(STRING_SAMPLE_BYTES).encode()
        return [[b"GETRANGE", key, b"0", n], [b"GETRANGE", key, b"-" + n, b"-1"]]
    return [_VALUE_READ.get(kind, lambda k: [b"EXISTS", k])(key)]


def _canonical(kind, values):
    """Hash fields and set members sorted: their order is the hash table's."""
    if kind == b"hash":
        return tuple(sorted(zip(values[0][0::2], values[0][1::2])))
    if kind == b"set":
        return tuple(sorted(values[0]))
    return values


def dump_node(port, timeout_s):
    """{(db, key): (type, encoding, STRLEN reply, value, deadline ms or -1)} of one node,
    over RESP2; each database in two pipelined rounds after its SCAN."""
    conn = Conn(port, timeout_s=timeout_s)
    out = {}
    try:
        for db in _databases_with_keys(conn, timeout_s):
            _call(conn, [b"SELECT", str(db).encode()], timeout_s)
            keys = _scan_keys(conn, timeout_s)
            first = _pipeline(conn, [c for k in keys for c in ([b"TYPE", k], [b"STRLEN", k])], timeout_s)
            kinds, lengths = [v.data for v in first[0::2]], [v.data for v in first[1::2]]
            per_key = [_value_reads(k, kind, length) + [[b"OBJECT", b"ENCODING", k], [b"PEXPIRETIME", k]]
                       for k, kind, length in zip(keys, kinds, lengths)]
            replies = iter(_pipeline(conn, [c for reads in per_key for c in reads], timeout_s))
            for key, kind, length, reads in zip(keys, kinds, lengths, per_key):
                values = tuple(_plain(next(replies)) for _ in reads[:-2])
                encoding, deadline = next(replies).data, int(next(replies).data)
                out[(db, key)] = (kind, encoding, length, _canonical(kind, values), deadline)
    finally:
        conn.close()
    return out
