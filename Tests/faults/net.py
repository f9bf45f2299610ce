"""A private network for one run: each node in its own network namespace, joined to a
bridge in the host's namespace by a veth pair; the harness (in the host namespace)
reaches every node through the bridge. Partitions are nftables rules *inside the node
namespaces* (drop input from the cut-off peers' addresses), so the host's own firewall
is never touched and deleting a namespace deletes its rules.

Everything created carries the run's prefix `skf-<tag>` and is removed by destroy(),
which the harness calls in `finally` and at exit (also on SIGTERM).
"""

import atexit
import random
import subprocess

SUBNET_BASE = "10.211"  # 10.211.<octet>.0/24, an octet not in use on this machine
NODE_HOST_OFFSET = 10   # node i is .<10 + i>; the host end of the bridge is .1
NFT_TABLE = "skf"


def sh(*args, check=True):
    r = subprocess.run(list(args), capture_output=True, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {r.stderr.strip()}")
    return r.stdout


def _free_octet(rng):
    used = sh("ip", "-4", "addr") + sh("ip", "-4", "route")
    for _ in range(100):
        octet = rng.randrange(1, 255)
        if f"{SUBNET_BASE}.{octet}." not in used:
            return octet
    raise RuntimeError("no free 10.211.x.0/24 subnet")


class Net:
    def __init__(self, n):
        rng = random.SystemRandom()
        self.tag = "%04x" % rng.randrange(0x10000)
        self.prefix = f"skf-{self.tag}"
        self.octet = _free_octet(rng)
        self.n = n
        self.bridge = f"{self.prefix}-br"
        self.created = False
        self.cuts = set()  # (to, from): node `to` drops what comes from node `from`

    def ns(self, i):
        return f"{self.prefix}-n{i}"

    def ip(self, i):
        return f"{SUBNET_BASE}.{self.octet}.{NODE_HOST_OFFSET + i}"

    def in_ns(self, i, *args, check=True):
        return sh("ip", "netns", "exec", self.ns(i), *args, check=check)

    def create(self):
        self.created = True
        atexit.register(self.destroy)
        sh("ip", "link", "add", self.bridge, "type", "bridge")
        sh("ip", "addr", "add", f"{SUBNET_BASE}.{self.octet}.1/24", "dev", self.bridge)
        sh("ip", "link", "set", self.bridge, "up")
        for i in range(1, self.n + 1):
            host_end, node_end = f"{self.prefix}-h{i}", f"{self.prefix}-v{i}"
            sh("ip", "netns", "add", self.ns(i))
            sh("ip", "link", "add", host_end, "type", "veth", "peer", "name", node_end)
            sh("ip", "link", "set", node_end, "netns", self.ns(i))
            sh("ip", "link", "set", host_end, "master", self.bridge)
            sh("ip", "link", "set", host_end, "up")
            self.in_ns(i, "ip", "link", "set", "lo", "up")
            self.in_ns(i, "ip", "addr", "add", f"{self.ip(i)}/24", "dev", node_end)
            self.in_ns(i, "ip", "link", "set", node_end, "up")
            self.in_ns(i, "nft", "add table inet %s; add chain inet %s input "
                                  "{ type filter hook input priority 0; policy accept; }" % (NFT_TABLE, NFT_TABLE))
        return self

    def destroy(self):
        if not self.created:
            return
        self.created = False
        for i in range(1, self.n + 1):
            sh("ip", "netns", "del", self.ns(i), check=False)  # takes its veth end and rules along
        sh("ip", "link", "del", self.bridge, check=False)

    # --- faults ---------------------------------------------------------------

    def drop(self, to, from_):
        """Node `to` stops receiving from node `from_` (one direction)."""
        if (to, from_) in self.cuts:
            return
        self.in_ns(to, "nft", "add", "rule", "inet", NFT_TABLE, "input", "ip", "saddr", self.ip(from_), "drop")
        self.cuts.add((to, from_))

    def cut(self, a, b):
        self.drop(a, b)
        self.drop(b, a)

    def partition(self, groups):
        """Cuts every link between nodes of different groups (lists of node numbers)."""
        for gi, g in enumerate(groups):
            for h in groups[gi + 1:]:
                for a in g:
                    for b in h:
                        self.cut(a, b)

    def heal(self):
        for i in sorted({to for to, _ in self.cuts}):
            self.in_ns(i, "nft", "flush", "chain", "inet", NFT_TABLE, "input")
        self.cuts.clear()
