"""systemd Type=notify: the server reports READY=1 (with STATUS=) once it accepts
connections, WATCHDOG=1 at half of WATCHDOG_USEC, and STOPPING=1 on SIGTERM, after which
it exits 0. The test plays systemd: it owns the notify socket and the process."""

import os
import signal
import socket
import subprocess
import tempfile
import time

import pytest

import servers


def _messages(sock, until, timeout_s):
    """Datagrams received until one contains `until` (or the timeout)."""
    got = []
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            got.append(sock.recv(4096).decode())
        except socket.timeout:
            break
        if until in got[-1]:
            break
    return got


@pytest.mark.parametrize("abstract", [False, True])
def test_notify_ready_watchdog_stopping(request, abstract):
    if request.config.getoption("--skiff-cmd"):
        pytest.skip("redis-server is not started with a notify socket here")
    binary = servers.skiff_command(request.config.getoption("--skiff"))[0]
    workdir = tempfile.mkdtemp(prefix="skiff-systemd-")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    if abstract:
        name = f"@skiff-notify-{os.getpid()}"
        sock.bind("\0" + name[1:])
    else:
        name = os.path.join(workdir, "notify.sock")
        sock.bind(name)
    port = servers.free_port()
    env = dict(os.environ, NOTIFY_SOCKET=name, WATCHDOG_USEC="200000")
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", workdir],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ready = _messages(sock, "READY=1", 10)
        assert any("READY=1" in m for m in ready), ready
        assert any("STATUS=" in m for m in ready), ready
        # Once ready, the port answers.
        with socket.create_connection(("127.0.0.1", port), timeout=2) as client:
            client.sendall(b"PING\r\n")
            assert client.recv(64) == b"+PONG\r\n"
        # WATCHDOG_USEC=200000: pings at least every 100 ms, checked over a second.
        pings = [m for m in _messages(sock, "never", 1.0) if "WATCHDOG=1" in m]
        assert len(pings) >= 3, pings
        proc.send_signal(signal.SIGTERM)
        stopping = _messages(sock, "STOPPING=1", 10)
        assert any("STOPPING=1" in m for m in stopping), stopping
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        sock.close()


def test_sigint_also_exits_cleanly(request):
    if request.config.getoption("--skiff-cmd"):
        pytest.skip("checks Skiff's own shutdown path")
    binary = servers.skiff_command(request.config.getoption("--skiff"))[0]
    port = servers.free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", tempfile.mkdtemp()],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
