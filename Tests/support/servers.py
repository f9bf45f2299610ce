"""Start and stop redis-server / skiff-server child processes for the test harnesses.

Every server is a child process that we stop by its own pid (never by name), from a
try/finally in the caller, from atexit, and from SIGINT/SIGTERM/SIGHUP handlers, so a
crashed or interrupted harness does not leave daemons holding ports.
"""

import atexit
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_SKIFF = os.path.join(REPO_ROOT, ".build", "release", "skiff-server")

_live = []  # servers started and not yet stopped


def free_port():
    """A TCP port on 127.0.0.1 that nobody listens on right now (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def skiff_command(explicit_path=None, explicit_cmd=None):
    """The argv prefix that starts the Skiff side.

    `explicit_cmd` (e.g. "redis-server") wins, then `explicit_path`, then env
    SKIFF_SERVER, then .build/release/skiff-server of this repository.
    """
    if explicit_cmd:
        return shlex.split(explicit_cmd)
    path = explicit_path or os.environ.get("SKIFF_SERVER") or DEFAULT_SKIFF
    return [os.path.abspath(path)]  # the server runs in its own directory


class Server:
    """One server process with its own temp dir, log file and port."""

    def __init__(self, name, argv_prefix, extra_args, port=None, kind="redis"):
        self.name = name
        self.port = port or free_port()
        self.dir = tempfile.mkdtemp(prefix=f"skiff-test-{name}-")
        self.log_path = os.path.join(self.dir, "server.log")
        self.kind = kind
        if kind == "redis":
            base = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--daemonize", "no", "--dir", self.dir]
        else:
            base = ["--port", str(self.port), "--bind", "127.0.0.1", "--dir", self.dir,
                    "--appendonly", "no"]
        # Directives given later override earlier ones (as in redis-server), so extra
        # args such as "--appendonly yes" replace the defaults above.
        self.argv = list(argv_prefix) + base + list(extra_args)
        self.proc = None

    def start(self, timeout_s=20.0):
        if shutil.which(self.argv[0]) is None and not os.path.exists(self.argv[0]):
            raise RuntimeError(f"{self.name}: executable not found: {self.argv[0]}")
        log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(self.argv, stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, cwd=self.dir)
        log.close()
        _live.append(self)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode} at start; "
                                   f"argv={self.argv}\n{self.log_tail()}")
            if self.ping():
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer PING within {timeout_s}s\n{self.log_tail()}")

    def ping(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1.0) as s:
                s.sendall(b"*1\r\n$4\r\nPING\r\n")
                data = b""
                while not data.endswith(b"\r\n"):
                    chunk = s.recv(64)
                    if not chunk:
                        return False
                    data += chunk
                return data.startswith(b"+PONG")
        except OSError:
            return False

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, n=20):
        try:
            with open(self.log_path, "rb") as f:
                lines = f.read().decode("utf-8", "replace").splitlines()
            return "\n".join(f"  [{self.name} log] {l}" for l in lines[-n:])
        except OSError:
            return ""

    def stop(self, timeout_s=10.0):
        """SIGTERM this pid, then SIGKILL it if it lingers. Idempotent."""
        if self in _live:
            _live.remove(self)
        p = self.proc
        if p is not None and p.poll() is None:
            try:
                os.kill(p.pid, signal.SIGTERM)
                p.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                os.kill(p.pid, signal.SIGKILL)
                p.wait()
            except ProcessLookupError:
                pass
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def redis_server(extra_args=(), name="redis"):
    return Server(name, [os.environ.get("REDIS_SERVER", "redis-server")], extra_args, kind="redis")


def skiff_server(path=None, cmd=None, extra_args=(), name="skiff", port=None):
    argv = skiff_command(path, cmd)
    # When the "skiff" side is really a redis-server (harness self-test), give it the
    # same persistence-off flags as the oracle so both behave identically.
    kind = "redis" if os.path.basename(argv[0]).startswith("redis-server") else "skiff"
    return Server(name, argv, extra_args, port=port, kind=kind)


def stop_all():
    for s in list(_live):
        s.stop()


def _on_signal(signum, _frame):
    stop_all()
    sys.stderr.write(f"\ninterrupted by signal {signum}; servers stopped\n")
    os._exit(128 + signum)


atexit.register(stop_all)
for _sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(_sig, _on_signal)
