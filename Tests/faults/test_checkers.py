"""The checkers on hand-made histories that are and are not valid."""

import random

from checkers import counter, lists, register, sets, stale, ttl
from history import INF, Op


def op(p, f, arg, start, end, result=None, type_="ok", key="k", node="n1"):
    return Op(p, f, key, arg, start, end if type_ != "info" else INF, type_, result, node)


def kinds(anomalies):
    return sorted({a["kind"] for a in anomalies})


# --- registers ----------------------------------------------------------------


def test_register_sequential_history_is_linearizable():
    h = [op(0, "write", "a", 0, 1), op(0, "read", None, 2, 3, "a"), op(1, "swap", "b", 4, 5, "a"),
         op(1, "read", None, 6, 7, "b")]
    assert register.check(h) == []


def test_register_concurrent_write_may_be_seen_or_not():
    h = [op(0, "write", "a", 0, 1), op(1, "write", "b", 2, 10), op(2, "read", None, 3, 4, "b"),
         op(3, "read", None, 5, 6, "b")]
    assert register.check(h) == []


def test_register_stale_read_after_completed_write_is_not_linearizable():
    h = [op(0, "write", "a", 0, 1), op(0, "write", "b", 2, 3), op(1, "read", None, 4, 5, "a")]
    assert kinds(register.check(h)) == ["nonlinearizable"]


def test_register_reads_going_back_are_not_linearizable():
    # Both writes are concurrent with both reads, but the reads are ordered: b then a
    # needs a before b before a.
    h = [op(0, "write", "a", 0, 10), op(1, "write", "b", 0, 10), op(2, "read", None, 1, 2, "b"),
         op(3, "read", None, 3, 4, "a"), op(4, "read", None, 5, 6, "b")]
    assert kinds(register.check(h)) == ["nonlinearizable"]


def test_register_info_write_may_take_effect_late():
    h = [op(0, "write", "a", 0, 1), op(1, "write", "b", 2, None, type_="info"),
         op(2, "read", None, 50, 51, "a"), op(2, "read", None, 60, 61, "b")]
    assert register.check(h) == []


def test_register_info_write_cannot_take_effect_before_its_invocation():
    h = [op(0, "read", None, 0, 1, "b"), op(1, "write", "b", 2, None, type_="info")]
    assert kinds(register.check(h)) == ["nonlinearizable"]


def test_register_failed_write_must_not_be_read():
    h = [op(0, "write", "a", 0, 1, type_="fail"), op(1, "read", None, 2, 3, "a")]
    assert kinds(register.check(h)) == ["nonlinearizable"]


def test_register_swap_must_return_the_previous_value():
    good = [op(0, "write", "a", 0, 1), op(1, "swap", "b", 2, 3, "a"), op(2, "swap", "c", 4, 5, "b")]
    assert register.check(good) == []
    two_see_a = [op(0, "write", "a", 0, 1), op(1, "swap", "b", 2, 9, "a"), op(2, "swap", "c", 2, 9, "a")]
    assert kinds(register.check(two_see_a)) == ["nonlinearizable"]


def test_register_cas_and_indeterminate_cas():
    good = [op(0, "write", 1, 0, 1), op(1, "cas", (1, 2), 2, 3, True), op(2, "cas", (1, 3), 4, 5, False),
            op(3, "cas", (2, 4), 6, None, type_="info"), op(4, "read", None, 7, 8, 2),
            op(4, "read", None, 9, 10, 4)]
    assert register.check(good) == []
    bad = [op(0, "write", 1, 0, 1), op(1, "cas", (1, 2), 2, 3, False)]
    assert kinds(register.check(bad)) == ["nonlinearizable"]


def test_register_search_budget_reports_unknown():
    rng = random.Random(7)
    h = [op(i, "write", i, 0, 100) for i in range(18)] + [op(99, "read", None, 101, 102, rng.randrange(18))]
    h.append(op(98, "read", None, 103, 104, "never"))
    assert kinds(register.check(h, max_steps=50)) == ["unknown"]


def test_register_random_sequential_histories_pass():
    seed = random.SystemRandom().randrange(2**31)
    print(f"seed={seed}")
    rng = random.Random(seed)
    state, t, h = None, 0.0, []
    for i in range(300):
        f = rng.choice(["read", "write", "swap"])
        if f == "read":
            h.append(op(i % 5, "read", None, t, t + 0.5, state))
        elif f == "write":
            state = f"v{i}"
            h.append(op(i % 5, "write", state, t, t + 0.5))
        else:
            h.append(op(i % 5, "swap", f"v{i}", t, t + 0.5, state))
            state = f"v{i}"
        t += rng.choice([0.2, 1.0])  # overlapping neighbours, still linearizable in order
    assert register.check(h) == [], f"seed={seed}"


# --- counters -----------------------------------------------------------------


def test_counter_bounds():
    h = [op(0, "incr", None, 0, 1, 1, key="c"), op(1, "incr", None, 0, None, type_="info", key="c"),
         op(2, "incr", None, 2, 3, 2, key="c"), op(3, "incr", None, 4, 5, type_="fail", key="c")]
    assert counter.check(h, {"n1": {"c": 2}, "n2": {"c": 3}}) == [
        {"kind": "final-divergence", "key": "c", "detail": "nodes disagree: {'n1': 2, 'n2': 3}"}]
    assert counter.check(h, {"n1": {"c": 3}}) == []
    assert kinds(counter.check(h, {"n1": {"c": 1}})) == ["lost-increment"]
    assert kinds(counter.check(h, {"n1": {"c": 4}})) == ["invented-increment"]


def test_counter_duplicate_replies_and_bad_reads():
    h = [op(0, "incr", None, 0, 1, 1, key="c"), op(1, "incr", None, 0, 1, 1, key="c")]
    assert "duplicate-reply" in kinds(counter.check(h, {"n1": {"c": 2}}))
    h = [op(0, "incr", None, 0, 1, 1, key="c"), op(1, "read", None, 2, 3, 0, key="c"),
         op(1, "read", None, 4, 5, 5, key="c")]
    assert kinds(counter.check(h, {"n1": {"c": 1}})) == ["future-counter-read", "stale-counter-read"]


# --- sets ---------------------------------------------------------------------


def test_sets():
    h = [op(0, "add", "a", 0, 1, key="s"), op(1, "add", "b", 0, None, type_="info", key="s"),
         op(2, "add", "c", 0, 1, type_="fail", key="s")]
    assert sets.check(h, {"n1": {"s": {"a"}}, "n2": {"s": {"a", "b"}}}) != []
    assert sets.check(h, {"n1": {"s": {"a", "b"}}, "n2": {"s": {"a", "b"}}}) == []
    assert kinds(sets.check(h, {"n1": {"s": {"b"}}})) == ["lost-write"]
    assert kinds(sets.check(h, {"n1": {"s": {"a", "c"}}})) == ["failed-write-present"]
    assert kinds(sets.check(h, {"n1": {"s": {"a", "z"}}})) == ["never-sent"]


# --- list append --------------------------------------------------------------


def append(p, e, start, end, length, type_="ok", key="l"):
    return op(p, "txn", [["append", key, e]], start, end, [["append", key, e, length]], type_, key)


def read(p, seen, start, end, key="l"):
    return op(p, "txn", [["r", key, None]], start, end, [["r", key, seen]], key=key)


def test_lists_valid_history():
    h = [append(0, 1, 0, 1, 1), append(1, 2, 0.5, 3, 2), read(2, [1], 1.5, 2), read(2, [1, 2], 4, 5),
         append(3, 3, 6, None, None, type_="info")]
    assert lists.check(h, {"n1": {"l": [1, 2, 3]}, "n2": {"l": [1, 2, 3]}}) == []
    assert lists.check(h, {"n1": {"l": [1, 2]}}) == []


def test_lists_read_not_a_prefix():
    h = [append(0, 1, 0, 1, 1), append(1, 2, 0, 1, 2), read(2, [2], 2, 3)]
    assert "incompatible-order" in kinds(lists.check(h, {"n1": {"l": [1, 2]}}))


def test_lists_lost_and_misplaced_and_garbage():
    h = [append(0, 1, 0, 1, 1), append(1, 2, 2, 3, 1), read(2, [1, 9], 4, 5)]
    got = kinds(lists.check(h, {"n1": {"l": [1]}}))
    assert "lost-write" in got and "never-sent" in got
    assert "wrong-position" in kinds(lists.check([append(0, 1, 0, 1, 2)], {"n1": {"l": [1]}}))


def test_lists_stale_read_is_a_realtime_cycle():
    # The append of 2 finished before the read began, yet the read misses it.
    h = [append(0, 1, 0, 1, 1), append(1, 2, 2, 3, 2), read(2, [1], 4, 5)]
    got = kinds(lists.check(h, {"n1": {"l": [1, 2]}}))
    assert got == ["cycle-realtime+rw"], got


def test_lists_transactions_cycle_without_realtime():
    # G-single/write skew across two keys: T1 reads x=[] and appends y; T2 reads y=[] and
    # appends x; both committed concurrently: each read missed the other's append.
    t1 = op(0, "txn", [["r", "x", None], ["append", "y", 1]], 0, 5, [["r", "x", []], ["append", "y", 1, 1]], key="x")
    t2 = op(1, "txn", [["r", "y", None], ["append", "x", 2]], 0, 5, [["r", "y", []], ["append", "x", 2, 1]], key="y")
    got = kinds(lists.check([t1, t2], {"n1": {"x": [2], "y": [1]}}))
    assert got == ["cycle-rw"], got


def test_lists_final_divergence():
    h = [append(0, 1, 0, 1, 1)]
    assert "final-divergence" in kinds(lists.check(h, {"n1": {"l": [1]}, "n2": {"l": []}}))


# --- TTL and stale --------------------------------------------------------------


def test_ttl():
    w = op(0, "setex", ("v", 500), 0, 1, key="t1")
    early = op(1, "read", None, 1.2, 1.3, "v", key="t1")
    late = op(1, "read", None, 3.0, 3.1, "v", key="t1")
    assert ttl.check([w, early], 1.0, [("after heal", {"n1": set()})]) == []
    assert kinds(ttl.check([w, late], 1.0, [])) == ["ttl-visible-after-deadline"]
    assert kinds(ttl.check([w], 1.0, [("after heal", {"n1": {"t1"}})])) == ["ttl-survived"]
    assert kinds(ttl.check([w], 1.0, [("after heal", {"n1": set()}), ("after failover", {"n2": {"t1"}})])) == [
        "ttl-reappeared"]


def test_ttl_key_must_not_vanish_before_its_deadline():
    w = op(0, "setex", ("v", 2000), 0, 1, key="t1")
    gone_early = op(1, "read", None, 1.2, 1.3, None, key="t1")
    gone_later = op(1, "read", None, 2.1, 2.2, None, key="t1")
    concurrent = op(1, "read", None, 0.5, 1.3, None, key="t1")
    assert kinds(ttl.check([w, gone_early], 1.0, [])) == ["ttl-vanished-early"]
    assert ttl.check([w, gone_later, concurrent], 1.0, []) == []
    assert ttl.check([w, gone_early], 1.0, [], early_grace_s=0.8) == []


def test_stale_reads_only_return_written_values():
    h = [op(0, "write", "a", 0, 1), op(0, "write", "b", 2, None, type_="info"), op(1, "read", None, 5, 6, "a"),
         op(1, "read", None, 7, 8, "b"), op(1, "read", None, 9, 10, None), op(0, "write", "c", 2, 3, type_="fail")]
    assert stale.check(h) == []
    assert kinds(stale.check(h + [op(1, "read", None, 11, 12, "c")])) == ["failed-write-present"]
    assert kinds(stale.check(h + [op(1, "read", None, 11, 12, "zz")])) == ["never-written"]
    assert kinds(stale.check([op(1, "read", None, 0, 1, "c"), op(0, "write", "c", 2, 3)])) == ["read-from-future"]
