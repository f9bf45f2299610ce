"""Process and protocol helpers for the cluster and crash tests.

Kept inside Tests/cluster on purpose (no dependency on Tests/support): a tiny
RESP client whose failures say whether a command was certainly not sent or may
have been applied, skiff-server processes that are always stopped by their own
pid, and a cluster of them.
"""

import atexit
import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time

DEFAULT_BINARY = "/work/main/.build/release/skiff-server"

# ---------------------------------------------------------------------------
# Seeds


def seed_for(name):
    """The seed of a randomized test: SKIFF_TEST_SEED replays it."""
    env = os.environ.get("SKIFF_TEST_SEED")
    seed = int(env) if env else random.SystemRandom().randrange(1, 2**31)
    print(f"[{name}] seed={seed} (replay with SKIFF_TEST_SEED={seed})", flush=True)
    return seed


# ---------------------------------------------------------------------------
# The binary: copied once per run so that a rebuild in /work/main does not swap
# it under a running test.

_binary_lock = threading.Lock()
_binary_copy = None
_binary_dir = None


def server_binary():
    global _binary_copy, _binary_dir
    with _binary_lock:
        if _binary_copy is None:
            src = os.environ.get("SKIFF_SERVER", DEFAULT_BINARY)
            if not os.path.exists(src):
                raise RuntimeError(f"skiff-server not found at {src} (set SKIFF_SERVER)")
            _binary_dir = tempfile.mkdtemp(prefix="skiff-bin-")
            _binary_copy = os.path.join(_binary_dir, "skiff-server")
            shutil.copy2(src, _binary_copy)
        return _binary_copy


# ---------------------------------------------------------------------------
# Ports

_ports_lock = threading.Lock()
_ports_given = set()


def free_port():
    """A port that is free now and not handed out before in this process."""
    with _ports_lock:
        for _ in range(200):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            finally:
                s.close()
            if port not in _ports_given:
                _ports_given.add(port)
                return port
    raise RuntimeError("no free port")


# ---------------------------------------------------------------------------
# A small RESP client


class RespError(Exception):
    """An error reply (-ERR ...)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    @property
    def code(self):
        return self.message.split(" ", 1)[0]


class NotSent(Exception):
    """The command never left this process: it certainly was not applied."""


class Indeterminate(Exception):
    """The command may have reached the server, but no reply came."""


def _encode(args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        if isinstance(a, str):
            a = a.encode()
        elif isinstance(a, int):
            a = str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


class Resp:
    """One connection. call() returns the reply (bytes, int, list, None) or
    raises RespError for an error reply, NotSent when the connection could not
    be made, Indeterminate when the connection failed after sending."""

    def __init__(self, port, timeout=10.0, host="127.0.0.1"):
        self.port = port
        self.host = host
        self.timeout = timeout
        self.sock = None
        self.reader = None

    def _connect(self):
        try:
            s = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except OSError as e:
            raise NotSent(f"connect to {self.port}: {e}") from e
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock = s
        self.reader = s.makefile("rb")

    def close(self):
        if self.reader is not None:
            try:
                self.reader.close()
            except OSError:
                pass
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
        self.sock = None
        self.reader = None

    def _read(self):
        line = self.reader.readline()
        if not line.endswith(b"\r\n"):
            raise ConnectionError("connection closed")
        kind, rest = line[:1], line[1:-2]
        if kind == b"+":
            return rest
        if kind == b"-":
            return RespError(rest.decode(errors="replace"))
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            data = self.reader.read(n + 2)
            if len(data) != n + 2:
                raise ConnectionError("connection closed in a bulk string")
            return data[:-2]
        if kind == b"*":
            n = int(rest)
            if n < 0:
                return None
            return [self._read() for _ in range(n)]
        raise ConnectionError(f"bad reply line {line!r}")

    def pipeline(self, commands):
        """Send several commands at once; returns the replies, error replies as
        RespError values (not raised)."""
        if self.sock is None:
            self._connect()
        try:
            self.sock.sendall(b"".join(_encode(c) for c in commands))
        except OSError as e:
            self.close()
            raise Indeterminate(f"send: {e}") from e
        try:
            return [self._read() for _ in commands]
        except (OSError, ConnectionError, ValueError) as e:
            self.close()
            raise Indeterminate(f"reply: {e}") from e

    def call(self, *args):
        reply = self.pipeline([args])[0]
        if isinstance(reply, RespError):
            raise reply
        return reply


def call_once(port, *args, timeout=5.0, host="127.0.0.1"):
    c = Resp(port, timeout=timeout, host=host)
    try:
        return c.call(*args)
    finally:
        c.close()


def parse_info(text):
    if isinstance(text, bytes):
        text = text.decode()
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#") or ":" not in line:
            continue
        k, v = line.split(":", 1)
        out[k] = v
    return out


def wait_until(predicate, timeout, interval=0.05, what="condition"):
    deadline = time.monotonic() + timeout
    last_exc = None
    while time.monotonic() < deadline:
        try:
            v = predicate()
            if v:
                return v
        except Exception as e:  # noqa: BLE001 - retried until the deadline
            last_exc = e
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what} (last error: {last_exc!r})")


# ---------------------------------------------------------------------------
# Processes: every one is registered and stopped by its own pid at exit.

_live_lock = threading.Lock()
_live = {}  # pid -> Popen


def _register(proc):
    with _live_lock:
        _live[proc.pid] = proc


def _unregister(proc):
    with _live_lock:
        _live.pop(proc.pid, None)


def kill_all_started():
    with _live_lock:
        procs = list(_live.values())
        _live.clear()
    for p in procs:
        if p.poll() is None:
            try:
                os.kill(p.pid, signal.SIGCONT)
                os.kill(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass


def _remove_binary_copy():
    if _binary_dir is not None:
        shutil.rmtree(_binary_dir, ignore_errors=True)


# atexit runs in reverse order: stop the servers first, then remove the copy.
atexit.register(_remove_binary_copy)
atexit.register(kill_all_started)


class Node:
    """One skiff-server process on its own data dir and log file."""

    def __init__(self, workdir, name, port=None, args=(), node_id=None, peer_port=None, host="127.0.0.1"):
        self.workdir = workdir
        self.host = host
        self.name = name
        self.port = port or free_port()
        self.peer_port = peer_port
        self.node_id = node_id
        self.dir = os.path.join(workdir, name)
        os.makedirs(self.dir, exist_ok=True)
        self.log_path = os.path.join(workdir, name + ".log")
        self.args = list(args)
        self.proc = None
        self.starts = 0

    def command(self):
        return [server_binary(), "--port", str(self.port), "--bind", self.host,
                "--dir", self.dir] + self.args

    def start(self, wait=True, timeout=10.0):
        assert self.proc is None or self.proc.poll() is not None, "already running"
        self.starts += 1
        log = open(self.log_path, "ab")
        log.write(f"=== start #{self.starts}: {' '.join(self.command())}\n".encode())
        log.flush()
        self.proc = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, cwd=self.workdir)
        log.close()
        _register(self.proc)
        if wait:
            self.wait_up(timeout)
        return self

    @property
    def pid(self):
        return self.proc.pid

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def wait_up(self, timeout=10.0):
        def up():
            if not self.alive():
                raise AssertionError(f"{self.name} exited with {self.proc.returncode}; log:\n{self.log_tail()}")
            return call_once(self.port, "PING", timeout=1.0, host=self.host) == b"PONG"
        try:
            wait_until(up, timeout, what=f"{self.name} to answer PING")
        except AssertionError:
            if not self.alive():
                raise AssertionError(f"{self.name} exited with {self.proc.returncode}; log:\n{self.log_tail()}")
            raise

    def signal(self, sig):
        if self.alive():
            os.kill(self.proc.pid, sig)

    def kill9(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        _unregister(self.proc)

    def terminate(self, timeout=15.0):
        """SIGTERM and wait; returns the exit status."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill9()
            raise AssertionError(f"{self.name} did not exit {timeout}s after SIGTERM")
        _unregister(self.proc)
        return rc

    def stop(self):
        """Always leaves the process dead (SIGCONT first in case it was stopped)."""
        if self.alive():
            try:
                os.kill(self.proc.pid, signal.SIGCONT)
            except ProcessLookupError:
                pass
        self.kill9()

    def log_text(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode(errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, n=30):
        return "\n".join(self.log_text().splitlines()[-n:])

    def client(self, timeout=10.0):
        return Resp(self.port, timeout=timeout, host=self.host)

    def call(self, *args, timeout=5.0):
        return call_once(self.port, *args, timeout=timeout, host=self.host)

    def info(self, section):
        return parse_info(self.call("INFO", section))

    def wal_files(self):
        d = os.path.join(self.dir, "raft", "wal")
        return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".wal"))


class Cluster:
    """n nodes started with the same peer list; ports allocated explicitly."""

    def __init__(self, workdir, n=3, extra_args=(), per_node_args=None):
        self.workdir = workdir
        self.nodes = []
        ports = [(free_port(), free_port()) for _ in range(n)]
        peers = " ".join(f"{i + 1}@127.0.0.1:{p}@{pp}" for i, (p, pp) in enumerate(ports))
        for i, (p, pp) in enumerate(ports):
            args = ["--appendonly", "yes", "--cluster-node-id", str(i + 1),
                    "--cluster-peers", peers] + list(extra_args)
            if per_node_args and (i + 1) in per_node_args:
                args += list(per_node_args[i + 1])
            self.nodes.append(Node(workdir, f"n{i + 1}", port=p, args=args,
                                   node_id=i + 1, peer_port=pp))

    @classmethod
    def of(cls, workdir, nodes):
        """A cluster of nodes made elsewhere (e.g. each in its own network namespace)."""
        cluster = cls.__new__(cls)
        cluster.workdir, cluster.nodes = workdir, list(nodes)
        return cluster

    def start(self):
        for n in self.nodes:
            n.start(wait=False)
        for n in self.nodes:
            n.wait_up()
        return self

    def stop(self):
        for n in self.nodes:
            try:
                n.stop()
            except Exception:  # noqa: BLE001 - keep stopping the others
                pass

    def by_id(self, node_id):
        return self.nodes[node_id - 1]

    def running(self):
        return [n for n in self.nodes if n.alive()]

    def leader(self, among=None):
        """The node that says it is leader and that the others agree on, or None."""
        among = among if among is not None else self.running()
        leaders = []
        for n in among:
            try:
                r = n.info("raft")
            except Exception:  # noqa: BLE001 - a node that does not answer is not a leader
                continue
            if r.get("raft_role") == "leader":
                leaders.append((int(r.get("raft_term", 0)), n))
        if not leaders:
            return None
        leaders.sort(key=lambda t: t[0])
        return leaders[-1][1]

    def wait_leader(self, timeout=10.0, among=None, exclude=None):
        def find():
            cand = among if among is not None else self.running()
            if exclude is not None:
                cand = [n for n in cand if n is not exclude]
            return self.leader(cand)
        return wait_until(find, timeout, interval=0.05, what="a leader")

    def applied_indices(self, nodes=None):
        nodes = nodes if nodes is not None else self.running()
        return {n.name: int(n.info("raft")["raft_applied_index"]) for n in nodes}
