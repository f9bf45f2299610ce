"""The command-line tools from Debian's redis-tools: redis-cli's --pipe, --scan, -x and
--latency modes (interactive mode is covered by Tests/interop), and redis-benchmark with
every default test. Speaks the check protocol of Tests/clients/README.md."""

import re
import subprocess

from checks import Checks, target

P = "cli:"
PIPE_KEYS = 1000
LATENCY_SECONDS = 2
BENCHMARK_REQUESTS = 2000
# redis-benchmark 7.0's default tests, in the order it runs them (-t not given).
BENCHMARK_TESTS = ["PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "LPUSH", "RPUSH", "LPOP", "RPOP",
                   "SADD", "HSET", "SPOP", "ZADD", "ZPOPMIN", "LPUSH (needed to benchmark LRANGE)",
                   "LRANGE_100 (first 100 elements)", "LRANGE_300 (first 300 elements)",
                   "LRANGE_500 (first 500 elements)", "LRANGE_600 (first 600 elements)", "MSET (10 keys)"]
TOOL_TIMEOUT_S = 120


def main():
    host, port = target()
    version = subprocess.run(["redis-cli", "--version"], capture_output=True, text=True).stdout.strip()
    t = Checks("redis-tools", version.split()[-1])

    def cli(*args, stdin=None):
        return subprocess.run(["redis-cli", "-h", host, "-p", str(port), *args], input=stdin,
                              capture_output=True, timeout=TOOL_TIMEOUT_S)

    with t.section("redis-cli"):
        stale = cli("--scan", "--pattern", P + "*").stdout.split()
        for i in range(0, len(stale), 100):
            cli("DEL", *stale[i:i + 100])
        protocol = b"".join(resp(b"SET", b"%sk:%d" % (P.encode(), i), b"v%d" % i) for i in range(PIPE_KEYS))
        piped = cli("--pipe", stdin=protocol)
        t.equal("--pipe exit status", piped.returncode, 0)
        t.check("--pipe: no errors, every reply", f"errors: 0, replies: {PIPE_KEYS}" in piped.stdout.decode(),
                piped.stdout.decode().strip().splitlines()[-1:])
        scanned = cli("--scan", "--pattern", P + "k:*").stdout.split()
        t.equal("--scan --pattern finds every key once", sorted(scanned),
                sorted(b"%sk:%d" % (P.encode(), i) for i in range(PIPE_KEYS)))
        t.equal("--scan --quoted-pattern", len(set(cli("--scan", "--quoted-pattern", f'"{P}k:1*"').stdout.split())),
                111)
        value = b"line one\nline two\x00binary\r\n"
        t.equal("-x SET from stdin", cli("-x", "SET", P + "x", stdin=value).stdout, b"OK\n")
        t.equal("-x value read back", cli("--no-raw", "STRLEN", P + "x").stdout, b"(integer) %d\n" % len(value))
        t.equal("GET of the -x value", cli("GET", P + "x").stdout, value + b"\n")
        bigkeys = cli("--bigkeys").stdout.decode(errors="replace")
        t.check("--bigkeys finds the biggest string", re.search(r'Biggest string found .* has \d+ bytes', bigkeys),
                bigkeys[-300:])
        t.check("--bigkeys counts the strings", re.search(r"^[1-9]\d* strings with \d+ bytes", bigkeys, re.M),
                bigkeys[-300:])
        latency = cli("--latency", "-i", str(LATENCY_SECONDS))
        t.equal("--latency exit status", latency.returncode, 0)
        fields = latency.stdout.split()
        t.check("--latency prints min max avg samples", len(fields) == 4 and int(fields[3]) > 0, latency.stdout)

    with t.section("redis-benchmark"):
        bench = subprocess.run(["redis-benchmark", "-h", host, "-p", str(port), "-q", "-n", str(BENCHMARK_REQUESTS)],
                               capture_output=True, timeout=TOOL_TIMEOUT_S * 2)
        out = bench.stdout.decode(errors="replace") + bench.stderr.decode(errors="replace")
        # -q rewrites a progress line with \r; each finished test ends in a line of its own.
        lines = [seg.strip() for line in out.splitlines() for seg in line.split("\r") if seg.strip()]
        finished = [line.split(":")[0] for line in lines if re.search(r": [\d.]+ requests per second", line)]
        t.equal("exit status", bench.returncode, 0)
        t.equal("every default test finished", finished, BENCHMARK_TESTS)
        problems = [line for line in lines if re.search(r"error|err |warn|refused|reset", line, re.IGNORECASE)]
        t.equal("no error or warning lines", problems, [])
    t.exit()


def resp(*args):
    return b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args)


if __name__ == "__main__":
    main()
