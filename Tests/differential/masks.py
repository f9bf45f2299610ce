"""Reply comparison. Byte equality is the rule; a mask (declared per line in a case file
with ` #mask:NAME`) loosens it for a reply that is nondeterministic by nature.

    integer     both integers, any value          (CLIENT ID, DBSIZE of COMMAND COUNT...)
    clocktie    equal bytes, or both 0/1 integers  (EXPIRE k 5000 GT on a key whose TTL was
                set to the same relative time: the answer turns on whether a millisecond
                passed in between, on either server)
    bulk        both non-null strings of the same type, any content (INFO, RANDOMKEY)
    type        the same top-level reply type      (COMMAND LIST: the volume differs)
    shape       the same type tree and aggregate lengths, scalars ignored (TIME)
    sorted      the same aggregate once its elements are sorted (KEYS: hash-table order)
    ttl±N       integers (or doubles) within N of each other; negative values exact
    clientlist  CLIENT LIST / CLIENT INFO: the same fields per line, values of the
                stable fields equal (name, db, flags, cmd, resp, ...)
    acllog      ACL LOG: the same entries, fields and values, except age-seconds (any
                number of the same type) and client-info (compared as clientlist)
    error       both errors, any text              (only where the text embeds an address)
    ignore      read the reply, do not compare it
"""

import re

_VOLATILE_CLIENT_FIELDS = {"id", "addr", "laddr", "fd", "age", "idle", "qbuf", "qbuf-free",
                           "argv-mem", "multi-mem", "obl", "oll", "omem", "tot-mem",
                           "events", "rbs", "rbp", "ssub"}


def canon(v):
    """A hashable, orderable form of a parsed reply."""
    if isinstance(v.data, list):
        return (v.kind, tuple(canon(x) for x in v.data))
    return (v.kind, v.data if v.data is not None else b"\x00<null>")


def _shape(v):
    if isinstance(v.data, list):
        return (v.kind, tuple(_shape(x) for x in v.data))
    return (v.kind, v.data is None)


def _number(v):
    if v.kind in (":", ",", "(", "+", "$") and v.data is not None:
        try:
            return float(v.data)
        except ValueError:
            return None
    return None


def _client_fields(v):
    if v.data is None or isinstance(v.data, list):
        return None
    lines = []
    text = v.data.decode("utf-8", "replace")
    if v.kind == "=" and text[3:4] == ":":
        text = text[4:]  # RESP3 verbatim string: "txt:" format prefix
    for line in text.strip("\r\n").split("\n"):
        fields = []
        for kv in line.strip().split(" "):
            k, _, val = kv.partition("=")
            fields.append((k, None if k in _VOLATILE_CLIENT_FIELDS else val))
        lines.append(fields)
    return lines


def _acl_log(v):
    """ACL LOG entries with age-seconds reduced to its type and client-info to its fields."""
    if not isinstance(v.data, list):
        return None
    entries = []
    for entry in v.data:
        if not isinstance(entry.data, list):
            return None
        items = entry.data
        fields = []
        for key, value in zip(items[::2], items[1::2]):
            if key.data == b"age-seconds":
                fields.append((key.data, value.kind))
            elif key.data == b"client-info":
                fields.append((key.data, _client_fields(value)))
            else:
                fields.append((key.data, canon(value)))
        entries.append((entry.kind, fields))
    return entries


def compare(mask, raw_a, a, raw_b, b):
    """None when the replies agree under the mask, else a short reason."""
    if mask is None:
        return None if raw_a == raw_b else "bytes differ"
    if mask == "ignore":
        return None
    if mask == "integer":
        return None if a.kind == ":" and b.kind == ":" else "not both integers"
    if mask == "clocktie":
        tie = a.kind == ":" and b.kind == ":" and {a.data, b.data} <= {b"0", b"1"}
        return None if raw_a == raw_b or tie else "bytes differ beyond a 0/1 clock tie"
    if mask == "bulk":
        ok = a.kind == b.kind and a.data is not None and b.data is not None \
            and not isinstance(a.data, list) and not isinstance(b.data, list) \
            and a.kind not in ("-", "!")
        return None if ok else "not both non-null strings of the same type"
    if mask == "type":
        return None if a.kind == b.kind else "reply types differ"
    if mask == "shape":
        return None if _shape(a) == _shape(b) else "reply shapes differ"
    if mask == "error":
        return None if a.is_error() and b.is_error() else "not both errors"
    if mask == "sorted":
        if not (isinstance(a.data, list) and isinstance(b.data, list)):
            return None if raw_a == raw_b else "bytes differ"
        ok = a.kind == b.kind and sorted(canon(x) for x in a.data) == sorted(canon(x) for x in b.data)
        return None if ok else "elements differ (order ignored)"
    m = re.fullmatch(r"(?:ttl|num)?±(\d+(?:\.\d+)?)", mask) or re.fullmatch(r"(?:ttl|num)\+-(\d+(?:\.\d+)?)", mask)
    if m:
        tol = float(m.group(1))
        x, y = _number(a), _number(b)
        if x is None or y is None or a.kind != b.kind:
            return None if raw_a == raw_b else "not both numbers of the same type"
        if x < 0 or y < 0:
            return None if x == y else "negative values differ"
        return None if abs(x - y) <= tol else f"differ by more than {mask}"
    if mask == "clientlist":
        fa, fb = _client_fields(a), _client_fields(b)
        if fa is None or fb is None or a.kind != b.kind:
            return "not both client-list strings"
        return None if fa == fb else "client fields differ"
    if mask == "acllog":
        la, lb = _acl_log(a), _acl_log(b)
        if la is None or lb is None or a.kind != b.kind:
            return None if raw_a == raw_b else "not both ACL LOG replies"
        return None if la == lb else "ACL LOG entries differ: " + repr([(x, y) for x, y in zip(la, lb) if x != y])[:1500]
    raise ValueError(f"unknown mask {mask!r}")
