"""maxmemory and every eviction policy, on a single node and on a 3-node cluster.

Each test loads far more than `maxmemory` and checks that used memory stays within a
small margin of the limit, that the victims follow the policy, and (cluster) that every
node holds exactly the same keys: only the leader evicts, through the log. In the
cluster, the limit and policy are set with CONFIG SET on a follower, so the directives'
replication is exercised too. Key order and hot sets come from a printed seed.
"""

import random
import subprocess
import time

import pytest
import redis

from skiffharness import Cluster, Node, seed_for, wait_until

MAXMEMORY = 2 * 1024 * 1024
MARGIN = 1.05            # used memory may exceed the limit by this factor at most
VALUE = "v" * 200
KEYS = 30_000            # about 300 bytes a key: 9 MB, 4.5x the limit (few early cold keys survive)
OOM = "OOM command not allowed when used memory > 'maxmemory'."
OOM_TEXT = OOM[len("OOM "):]  # redis-py raises OutOfMemoryError with the code stripped
POLICIES = ["allkeys-lru", "allkeys-lfu", "allkeys-random", "volatile-lru", "volatile-lfu",
            "volatile-random", "volatile-ttl", "noeviction"]


class Setup:
    """The servers under test: one standalone node, or a 3-node cluster."""

    def __init__(self, workdir, topology, policy):
        self.cluster = None
        if topology == "single":
            node = Node(workdir, "single", args=["--maxmemory", str(MAXMEMORY), "--maxmemory-policy", policy])
            self.nodes = [node.start()]
            self.leader = node
        else:
            self.cluster = Cluster(workdir, 3, extra_args=["--appendfsync", "no"]).start()
            self.nodes = self.cluster.nodes
            self.leader = self.cluster.wait_leader(10.0)
            follower = next(n for n in self.nodes if n is not self.leader)
            client(follower).config_set("maxmemory", "2mb")
            client(follower).config_set("maxmemory-policy", policy)
            for n in self.nodes:
                wait_until(lambda: client(n).config_get("maxmemory-policy")["maxmemory-policy"] == policy,
                           10.0, what=f"{n.name} to apply the replicated policy")
                assert client(n).config_get("maxmemory")["maxmemory"] == str(MAXMEMORY)

    def stop(self):
        if self.cluster:
            self.cluster.stop()
        else:
            for n in self.nodes:
                n.stop()

    def settle(self):
        """Lets the cron finish any eviction round and followers apply everything."""
        if self.cluster is None:
            time.sleep(0.3)
            return
        leader = self.cluster.wait_leader(10.0)
        wait_until(lambda: _no_more_evictions(leader), 15.0, what="memory under the limit on the leader")
        # Within the margin the leader may still be evicting (a victim counts as freed once
        # proposed, and a large free continues from a timer): settle on a commit index that
        # stopped moving, applied by every node, or the nodes are compared mid-eviction.
        deadline = time.monotonic() + 15.0
        while True:
            target = int(leader.info("raft")["raft_commit_index"])
            wait_until(lambda: all(v >= target for v in self.cluster.applied_indices().values()),
                       15.0, what=f"every node to apply {target}")
            time.sleep(0.3)
            if int(leader.info("raft")["raft_commit_index"]) == target:
                return
            assert time.monotonic() < deadline, "the leader kept committing entries for 15 s"


def _no_more_evictions(leader):
    return counted_memory(leader) <= MAXMEMORY * MARGIN


def client(node):
    return redis.Redis(port=node.port, socket_timeout=20, decode_responses=True)


def counted_memory(node):
    """used_memory minus what Redis also leaves out of the limit (here the Raft log tail)."""
    info = client(node).info("memory")
    return int(info["used_memory"]) - int(info["mem_not_counted_for_evict"])


def load(node, names, ttl_of=lambda name: None, between_batches=None, batch=500):
    """SETs every name (pipelined); returns the OOM errors met."""
    r = client(node)
    errors = []
    for start in range(0, len(names), batch):
        pipe = r.pipeline(transaction=False)
        for name in names[start:start + batch]:
            ttl = ttl_of(name)
            if ttl is None:
                pipe.set(name, VALUE)
            else:
                pipe.set(name, VALUE, ex=ttl)
        for reply in pipe.execute(raise_on_error=False):
            if isinstance(reply, redis.exceptions.OutOfMemoryError) and str(reply) == OOM_TEXT:
                errors.append(OOM)
            elif isinstance(reply, Exception):
                errors.append(str(reply))
        if between_batches:
            between_batches()
    return errors


@pytest.fixture(params=["single", "cluster3"])
def topology(request):
    return request.param


def check_bounded_and_identical(setup):
    setup.settle()
    for n in setup.nodes:
        used = counted_memory(n)
        print(f"[{n.name}] used {used} of {MAXMEMORY} ({used / MAXMEMORY:.3f})", flush=True)
        assert used <= MAXMEMORY * MARGIN, (n.name, used)
        assert used >= MAXMEMORY * 0.5, (n.name, used, "evicted far too much")
    key_sets = [set(client(n).keys("*")) for n in setup.nodes]
    for n, keys in zip(setup.nodes, key_sets):
        assert keys == key_sets[0], f"{n.name} differs: {len(keys ^ key_sets[0])} keys"
    return key_sets[0]


@pytest.mark.parametrize("policy", ["allkeys-lru", "allkeys-lfu"])
def test_ranked_allkeys_policies_keep_the_hot_set(workdir, topology, policy):
    seed = seed_for(f"{policy}-{topology}")
    rng = random.Random(seed)
    setup = Setup(workdir, topology, policy)
    try:
        names = [f"k:{i}" for i in range(KEYS)]
        hot = rng.sample(names[:2_000], 100)
        r = client(setup.leader)  # reads on the leader count toward its LRU/LFU data

        def read_hot():
            pipe = r.pipeline(transaction=False)
            for name in hot:
                pipe.get(name)
            pipe.execute()

        assert load(setup.leader, names, between_batches=read_hot) == []
        keys = check_bounded_and_identical(setup)
        hot_kept = sum(name in keys for name in hot) / len(hot)
        cold = [n for n in names[:2_000] if n not in set(hot)]
        cold_kept = sum(name in keys for name in cold) / len(cold)
        print(f"[{policy}-{topology}] hot kept {hot_kept:.2f}, early cold kept {cold_kept:.2f}", flush=True)
        assert hot_kept >= 0.9 and cold_kept <= 0.2, (hot_kept, cold_kept)
        for n in setup.nodes:
            assert int(client(n).info("stats")["evicted_keys"]) > 0
        if policy == "allkeys-lfu":
            assert client(setup.leader).object("freq", hot[0]) > 5
        else:
            assert client(setup.leader).object("idletime", names[-1]) <= 60
    finally:
        setup.stop()


def test_allkeys_random_bounds_memory(workdir, topology):
    setup = Setup(workdir, topology, "allkeys-random")
    try:
        assert load(setup.leader, [f"k:{i}" for i in range(KEYS)]) == []
        keys = check_bounded_and_identical(setup)
        assert 0 < len(keys) < KEYS
    finally:
        setup.stop()


@pytest.mark.parametrize("policy", ["volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"])
def test_volatile_policies_spare_persistent_keys(workdir, topology, policy):
    setup = Setup(workdir, topology, policy)
    try:
        persistent = [f"p:{i}" for i in range(1_000)]
        volatile = [f"v:{i}" for i in range(KEYS)]
        assert load(setup.leader, persistent) == []
        # A later key gets a later deadline: volatile-ttl must evict from the front.
        errors = load(setup.leader, volatile, ttl_of=lambda name: 100_000 + int(name[2:]))
        assert errors == []
        keys = check_bounded_and_identical(setup)
        assert all(p in keys for p in persistent), "a persistent key was evicted"
        survivors = sorted(int(k[2:]) for k in keys if k.startswith("v:"))
        assert survivors, "some volatile keys fit"
        if policy == "volatile-ttl":
            late = sum(i >= KEYS // 2 for i in survivors) / len(survivors)
            print(f"[{policy}-{topology}] survivors in the later half: {late:.2f}", flush=True)
            assert late >= 0.8, late
        # With nothing volatile left to evict, deny-oom writes fail and reads still work.
        r = client(setup.leader)
        r.delete(*[f"v:{i}" for i in survivors])
        assert load(setup.leader, [f"q:{i}" for i in range(KEYS)])[-1] == OOM
        assert r.get("p:0") == VALUE
    finally:
        setup.stop()


def test_noeviction_refuses_writes_and_serves_reads(workdir, topology):
    setup = Setup(workdir, topology, "noeviction")
    try:
        # A cluster leader admits a write against what it has applied, so the writes of a
        # pipeline still in the log when the limit is crossed all pass (and noeviction
        # never frees them): 500 of ~300 bytes overshot the 5% margin. Batches of 100 don't.
        errors = load(setup.leader, [f"k:{i}" for i in range(KEYS)], batch=100)
        assert errors and set(errors) == {OOM}, set(errors)
        keys = check_bounded_and_identical(setup)
        for n in setup.nodes:
            out = subprocess.run(["redis-cli", "-p", str(n.port), "SET", "one-more", "x"],
                                 capture_output=True, text=True, timeout=15)
            assert out.stdout.strip() == f"(error) {OOM}" or out.stdout.strip() == OOM, out
            r = client(n)
            assert r.get(sorted(keys)[0]) == VALUE, "reads keep working"
            with pytest.raises(redis.exceptions.OutOfMemoryError):
                r.set("one-more", VALUE)
            assert int(r.info("stats")["evicted_keys"]) == 0
        # DEL is not deny-oom: it frees memory, after which writes are accepted again.
        r = client(setup.leader)
        r.delete(*sorted(keys)[:500])
        wait_until(lambda: _set_ok(r), 10.0, what="a write accepted after DEL")
    finally:
        setup.stop()


def _set_ok(r):
    try:
        return r.set("after-del", "x")
    except redis.exceptions.ResponseError:
        return False


def test_object_freq_and_idletime_answer_per_policy(workdir):
    node = Node(workdir, "single", args=["--maxmemory-policy", "allkeys-lru"]).start()
    try:
        r = client(node)
        r.set("k", "v")
        assert r.object("idletime", "k") == 0
        with pytest.raises(redis.exceptions.ResponseError, match="An LFU maxmemory policy is not selected"):
            r.object("freq", "k")
        r.config_set("maxmemory-policy", "allkeys-lfu")
        with pytest.raises(redis.exceptions.ResponseError, match="An LFU maxmemory policy is selected"):
            r.object("idletime", "k")
        r.set("f", "v")
        for _ in range(200):
            r.get("f")
        assert r.object("freq", "f") > 5
        for name in ["maxmemory", "maxmemory-samples", "maxmemory-eviction-tenacity", "lfu-log-factor",
                     "lfu-decay-time"]:
            assert name in r.config_get(name)
        r.config_set("maxmemory", "1gb")
        assert r.config_get("maxmemory")["maxmemory"] == str(1024 ** 3)
        r.config_set("maxmemory", "1g")
        assert r.config_get("maxmemory")["maxmemory"] == str(10 ** 9)
    finally:
        node.stop()


def test_a_large_overage_is_freed_over_several_cycles(workdir, topology):
    """Lowering maxmemory far below the data with tenacity 0: each cycle evicts a little
    (16 keys per look at the clock, 0 µs allowed), the loop keeps serving, and the rest
    goes from the timer until memory is back under the limit (leader-only in a cluster)."""
    if topology == "single":
        nodes = [Node(workdir, "single").start()]
        cluster = None
        leader = nodes[0]
    else:
        cluster = Cluster(workdir, 3, extra_args=["--appendfsync", "no"]).start()
        nodes = cluster.nodes
        leader = cluster.wait_leader(10.0)
    try:
        assert load(leader, [f"k:{i}" for i in range(KEYS)]) == []
        r = client(leader)
        r.config_set("maxmemory-eviction-tenacity", "0")
        r.config_set("maxmemory-policy", "allkeys-random")
        r.config_set("maxmemory", str(MAXMEMORY // 2))
        assert r.ping()
        wait_until(lambda: counted_memory(leader) <= MAXMEMORY // 2 * MARGIN, 30.0,
                   what="memory freed down to the new limit")
        if cluster:
            target = int(leader.info("raft")["raft_commit_index"])
            wait_until(lambda: all(v >= target for v in cluster.applied_indices().values()), 15.0,
                       what="every node to apply the evictions")
        key_sets = [set(client(n).keys("*")) for n in nodes]
        assert all(keys == key_sets[0] for keys in key_sets)
        assert 0 < len(key_sets[0]) < KEYS // 2
        for n in nodes:
            assert int(client(n).info("stats")["evicted_keys"]) == KEYS - len(key_sets[0])
    finally:
        if cluster:
            cluster.stop()
        else:
            for n in nodes:
                n.stop()
