"""Debian's prometheus-redis-exporter pointed at each node of a 3-node cluster and at a
standalone node (issue 9): every scrape succeeds and the memory, clients, commands,
keyspace and replication metrics are there with sensible values.

The exporter runs as our child on a free 127.0.0.1 port and is stopped by its pid.
"""

import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request

import pytest

from skiffharness import Node, free_port, wait_until
from test_cluster import make_cluster, wait_caught_up  # noqa: F401 - make_cluster is a fixture

EXPORTER = "prometheus-redis-exporter"
KEYS = 20  # string keys written through one node; a hash makes it 21
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$')


def parse_metrics(text):
    """{(name, labels-text): value} from the Prometheus text format."""
    metrics = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = SAMPLE.match(line)
        assert match, f"unparsable metrics line: {line!r}"
        metrics[(match.group(1), match.group(2) or "")] = float(match.group(3))
    return metrics


def value(metrics, name, **labels):
    """The value of one sample; labels given must all match."""
    found = [v for (n, l), v in metrics.items()
             if n == name and all(f'{k}="{w}"' in l for k, w in labels.items())]
    assert found, f"no sample {name}{labels or ''}"
    assert len(found) == 1, f"{len(found)} samples {name}{labels}"
    return found[0]


class Exporter:
    """One exporter process watching one node."""

    def __init__(self, workdir, node_port, name):
        binary = shutil.which(EXPORTER)
        assert binary, f"{EXPORTER} is not installed (apt-get install {EXPORTER})"
        self.web_port = free_port()
        self.log_path = os.path.join(workdir, f"exporter-{name}.log")
        self.argv = [binary, "--redis.addr", f"redis://127.0.0.1:{node_port}",
                     "--web.listen-address", f"127.0.0.1:{self.web_port}", "--redis-only-metrics"]
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(self.argv, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL)

    def scrape(self):
        url = f"http://127.0.0.1:{self.web_port}/metrics"
        body = wait_until(lambda: self._get(url), 15.0, interval=0.1, what=f"{url} to answer")
        return body

    def _get(self, url):
        assert self.proc.poll() is None, f"exporter exited: {self.log()}"
        try:
            with urllib.request.urlopen(url, timeout=10) as reply:
                return reply.read().decode()
        except OSError:
            return None

    def log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def stop(self):
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def scrape_node(workdir, node, name):
    """Two scrapes of `node` (the second sees the first one's commands); the second's
    metrics, after checking that neither scrape reported an error."""
    exporter = Exporter(workdir, node.port, name)
    try:
        exporter.scrape()
        text = exporter.scrape()
    finally:
        exporter.stop()
    log = exporter.log()
    assert not re.search(r"level=(error|warning)", log), f"{name}: exporter complained:\n{log}"
    metrics = parse_metrics(text)
    assert value(metrics, "redis_up") == 1, name
    assert value(metrics, "redis_exporter_last_scrape_error") == 0, name
    return metrics


def write_sample_data(client):
    for i in range(KEYS):
        client.call("SET", f"key:{i}", f"value-{i}")
    client.call("EXPIRE", "key:0", "3600")
    client.call("HSET", "hash", "field", "value")


def check_common(metrics, name):
    """What every node reports, leader, follower or standalone."""
    assert value(metrics, "redis_memory_used_bytes") > 0, name
    assert value(metrics, "redis_memory_max_bytes") == 0, name
    assert value(metrics, "redis_connected_clients") >= 1, name
    assert value(metrics, "redis_uptime_in_seconds") >= 0, name
    assert value(metrics, "redis_db_keys", db="db0") == KEYS + 1, name
    assert value(metrics, "redis_db_keys_expiring", db="db0") == 1, name
    # The first scrape's INFO and CONFIG GET show in the second scrape's commandstats.
    assert value(metrics, "redis_commands_total", cmd="info") >= 1, name
    assert value(metrics, "redis_commands_duration_seconds_total", cmd="info") > 0, name
    assert value(metrics, "redis_commands_total", cmd="config|get") >= 1, name
    # SLOWLOG LEN / GET 1 and LATENCY LATEST answered: their metrics are there and no
    # command of the exporter's (nor of ours) got an error reply.
    assert value(metrics, "redis_slowlog_length") >= 0, name
    assert value(metrics, "redis_slowlog_last_id") >= 0, name
    assert not [k for k in metrics if k[0] == "redis_errors_total"], name
    assert value(metrics, "redis_commands_failed_calls_total", cmd="info") == 0, name


def test_exporter_scrapes_a_standalone_node(workdir):
    node = Node(workdir, "standalone").start()
    try:
        client = node.client()
        write_sample_data(client)
        client.close()
        metrics = scrape_node(workdir, node, "standalone")
        check_common(metrics, "standalone")
        assert value(metrics, "redis_commands_total", cmd="set") == KEYS
        assert value(metrics, "redis_instance_info", role="master") == 1
        assert value(metrics, "redis_connected_slaves") == 0
    finally:
        node.stop()


def test_exporter_scrapes_every_node_of_a_cluster(workdir, make_cluster):
    cluster = make_cluster(3)
    leader = cluster.wait_leader(10.0)
    followers = [n for n in cluster.nodes if n is not leader]
    # Written through a follower: its commandstats count the SETs it forwarded.
    client = followers[0].client()
    write_sample_data(client)
    client.close()
    wait_caught_up(cluster, cluster.nodes)
    for node in cluster.nodes:
        metrics = scrape_node(workdir, node, node.name)
        check_common(metrics, node.name)
        if node is leader:
            assert value(metrics, "redis_instance_info", role="master") == 1
            assert value(metrics, "redis_connected_slaves") == 2
            assert len([k for k in metrics if k[0] == "redis_connected_slave_offset_bytes"]) == 2
        else:
            assert value(metrics, "redis_instance_info", role="slave") == 1
            assert value(metrics, "redis_master_link_up") == 1, node.name
            assert value(metrics, "redis_connected_slaves") == 0
        if node is followers[0]:
            assert value(metrics, "redis_commands_total", cmd="set") == KEYS
