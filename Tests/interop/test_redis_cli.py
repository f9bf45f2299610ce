"""redis-cli against the server: interactive through a pseudo-terminal (pexpect), and the
non-interactive modes --scan, -x and --pipe."""

import re
import subprocess

import pexpect


def cli(server, *args, input_bytes=None):
    r = subprocess.run(["redis-cli", "-p", str(server.port)] + list(args), input=input_bytes,
                       capture_output=True, timeout=60)
    return r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")


def test_interactive_set_get_hint_quit(server):
    prompt = rf"127\.0\.0\.1:{server.port}> "
    child = pexpect.spawn(f"redis-cli -p {server.port}", encoding="utf-8", timeout=10,
                          dimensions=(24, 200))
    try:
        child.expect(prompt)
        # Typing a command name and a space makes redis-cli print the argument hint in grey.
        child.send("SET ")
        child.expect(r"key value \[NX\|XX\]")
        child.send("greeting hello\r")
        child.expect(r"\r\nOK\r\n")
        child.expect(prompt)
        child.send("GET greeting\r")
        child.expect(r'\r\n"hello"\r\n')
        child.expect(prompt)
        child.send("INCR counter\r")
        child.expect(r"\r\n\(integer\) 1\r\n")
        child.expect(prompt)
        child.send("GET nokey\r")
        child.expect(r"\r\n\(nil\)\r\n")
        child.expect(prompt)
        child.send("NOSUCHCOMMAND a\r")
        child.expect(r"\(error\) ERR unknown command 'NOSUCHCOMMAND', with args beginning with: 'a'")
        child.expect(prompt)
        child.send("quit\r")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, child.before


def test_interactive_hint_for_getex(server):
    child = pexpect.spawn(f"redis-cli -p {server.port}", encoding="utf-8", timeout=10,
                          dimensions=(24, 200))
    try:
        child.expect(rf"127\.0\.0\.1:{server.port}> ")
        child.send("GETEX ")
        child.expect(r"key \[EX seconds\|PX milliseconds")
        child.send("\x15")  # Ctrl-U: clear the line
        child.send("quit\r")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)


def test_scan_mode(server):
    keys = [f"scan:{i}" for i in range(300)]
    args = ["MSET"]
    for k in keys:
        args += [k, "v"]
    rc, out, err = cli(server, *args)
    assert rc == 0 and out.strip() == "OK", (out, err)
    rc, out, err = cli(server, "--scan", "--pattern", "scan:*")
    assert rc == 0, err
    assert sorted(out.split()) == sorted(keys)
    rc, out, err = cli(server, "--scan", "--pattern", "scan:1?")
    assert sorted(out.split()) == sorted(f"scan:{i}" for i in range(10, 20))


def test_x_reads_last_argument_from_stdin(server):
    payload = b"line one\nline two\x00\xff"
    rc, out, err = cli(server, "-x", "SET", "fromstdin", input_bytes=payload)
    assert rc == 0 and out.strip() == "OK", (out, err)
    r = subprocess.run(["redis-cli", "-p", str(server.port), "--no-raw", "STRLEN", "fromstdin"],
                       capture_output=True, timeout=30)
    assert r.stdout.strip() == b"(integer) %d" % len(payload)
    r = subprocess.run(["redis-cli", "-p", str(server.port), "--raw", "GET", "fromstdin"],
                       capture_output=True, timeout=30)
    assert r.stdout == payload + b"\n"


def test_pipe_mass_insert(server):
    n = 20000
    stream = b"".join(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" %
                      (len(b"mass:%d" % i), b"mass:%d" % i, len(b"%d" % i), b"%d" % i)
                      for i in range(n))
    stream += b"*2\r\n$4\r\nINCR\r\n$11\r\nmass:nonint\r\n"
    rc, out, err = cli(server, "--pipe", input_bytes=stream)
    assert rc == 0, (out, err)
    m = re.search(r"errors: (\d+), replies: (\d+)", out)
    assert m, out
    assert (int(m.group(1)), int(m.group(2))) == (0, n + 1), out
    rc, out, _ = cli(server, "GET", "mass:12345")
    assert out.strip() == "12345"


def test_pipe_reports_errors(server):
    stream = b"*2\r\n$3\r\nGET\r\n$1\r\na\r\n*1\r\n$3\r\nFOO\r\n"
    rc, out, err = cli(server, "--pipe", input_bytes=stream)
    m = re.search(r"errors: (\d+), replies: (\d+)", out)
    assert m and (int(m.group(1)), int(m.group(2))) == (1, 2), out
    assert rc != 0  # redis-cli --pipe exits 1 when a reply was an error
