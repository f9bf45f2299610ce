"""The differential case-file format.

    ## case name                 starts a case (each case: fresh connection, FLUSHALL, SELECT 0)
    # free text                  a comment
    #resp2 / #resp3              run this case only under RESP2 / only under HELLO 3
    #pipeline                    send all the case's commands in one write, then read replies
    #drip                        send every byte in its own write (partial reads everywhere)
    #close                       compare at the end whether each server closed the connection
    SET k v EX 10                a command, split like redis-cli (sdssplitargs), sent as multibulk
    GET k #mask:bulk             ... with a mask for a nondeterministic reply (see masks.py)
    DBSIZE #cluster-mask:integer ... a mask used only through a cluster follower
                                 (difftest.py --cluster): for replies a Redis replica
                                 would give too; a comment in the case says why
    #raw "PING\r\n"              literal bytes (one or more quoted tokens, concatenated);
                                 reads replies until the oracle goes quiet or closes
    #raw:2 "PING\r\nPING\r\n"    ... reads exactly 2 replies
    #repeat 500 INCR n           the same command 500 times
    #sleep 0.2                   pause (for expiry cases)
    #reconnect                   replace both connections by new plain RESP2 ones (no
                                 FLUSHALL, no HELLO): to see a new client's view
    #scanall SCAN 0 MATCH k*     iterate the cursor to 0 on each server, compare the sorted
                                 set of returned elements (cursors differ by design)
    #other PUBLISH ch m          a command on a second connection (same protocol, opened at
                                 its first use, no FLUSHALL), its reply compared: pub/sub
    #push / #push:2              read 1 (2) more replies from the main connection: the
                                 messages another connection's command pushed to it

Arguments may contain {{rep:STR:N}}, replaced by STR repeated N times (big values).
"""

import os
import re

from resp import splitargs, SplitError

_REP = re.compile(rb"\{\{rep:(.*?):(\d+)\}\}")


def expand(b):
    return _REP.sub(lambda m: m.group(1) * int(m.group(2)), b)


class Line:
    def __init__(self, kind, text, lineno, args=None, data=None, count=None, mask=None,
                 seconds=0.0, repeat=1, cluster_mask=None):
        self.kind = kind  # cmd | raw | sleep | scanall
        self.text = text
        self.lineno = lineno
        self.args = args
        self.data = data
        self.count = count
        self.mask = mask
        self.cluster_mask = cluster_mask
        self.seconds = seconds
        self.repeat = repeat


class Case:
    def __init__(self, name, path, lineno):
        self.name = name
        self.path = path
        self.file = os.path.basename(path)
        self.lineno = lineno
        self.lines = []
        self.flags = set()

    @property
    def where(self):
        return f"{self.file}:{self.lineno}"

    def protocols(self):
        if "resp2" in self.flags:
            return [2]
        if "resp3" in self.flags:
            return [3]
        return [2, 3]

    def checks_close(self):
        if "close" in self.flags:
            return True
        for l in self.lines:
            if l.kind == "raw":
                return True
            if l.kind == "cmd" and l.args and l.args[0].upper() in (b"QUIT",):
                return True
        return False


class CaseError(ValueError):
    pass


def _split_mask(text):
    """(command text, mask, cluster mask) of a line ending in #mask:X and/or #cluster-mask:Y."""
    masks = {"mask": None, "cluster-mask": None}
    while True:
        m = re.search(r"\s#(mask|cluster-mask):(\S+)\s*$", text)
        if not m:
            return text, masks["mask"], masks["cluster-mask"]
        masks[m.group(1)] = m.group(2)
        text = text[:m.start()]


def parse_file(path):
    cases = []
    cur = None
    with open(path, "rb") as f:
        raw_lines = f.read().decode("utf-8", "surrogateescape").splitlines()
    for i, text in enumerate(raw_lines, 1):
        s = text.strip()
        if not s:
            continue
        if s.startswith("## "):
            cur = Case(s[3:].strip(), path, i)
            cases.append(cur)
            continue
        if cur is None:
            if s.startswith("#"):
                continue  # file header comment
            raise CaseError(f"{path}:{i}: command before the first '## case'")
        try:
            _parse_line(cur, s, i)
        except SplitError as e:
            raise CaseError(f"{path}:{i}: {e}: {s}")
    return cases


def _parse_line(case, s, i):
    if s in ("#resp2", "#resp3", "#pipeline", "#drip", "#close"):
        case.flags.add(s[1:])
        return
    if s.startswith("#raw"):
        head, _, rest = s.partition(" ")
        count = int(head[5:]) if head.startswith("#raw:") else None
        data = expand(b"".join(splitargs(rest)))
        case.lines.append(Line("raw", s, i, data=data, count=count))
        return
    if s == "#reconnect":
        case.lines.append(Line("reconnect", s, i))
        return
    if s.startswith("#sleep "):
        case.lines.append(Line("sleep", s, i, seconds=float(s.split()[1])))
        return
    if s.startswith("#repeat "):
        _, n, rest = s.split(" ", 2)
        body, mask, cluster_mask = _split_mask(rest)
        args = [expand(a) for a in splitargs(body)]
        case.lines.append(Line("cmd", s, i, args=args, mask=mask, repeat=int(n), cluster_mask=cluster_mask))
        return
    if s.startswith("#other "):
        body, mask, cluster_mask = _split_mask(s[len("#other "):])
        case.lines.append(Line("other", s, i, args=[expand(a) for a in splitargs(body)], mask=mask,
                               cluster_mask=cluster_mask))
        return
    if s == "#push" or s.startswith("#push:"):
        case.lines.append(Line("push", s, i, count=int(s[6:]) if s.startswith("#push:") else 1))
        return
    if s.startswith("#scanall "):
        args = [expand(a) for a in splitargs(s[len("#scanall "):])]
        case.lines.append(Line("scanall", s, i, args=args))
        return
    if s.startswith("#"):
        return  # comment
    body, mask, cluster_mask = _split_mask(s)
    args = [expand(a) for a in splitargs(body)]
    if not args:
        raise CaseError(f"line {i}: empty command")
    case.lines.append(Line("cmd", s, i, args=args, mask=mask, cluster_mask=cluster_mask))


def load(dirpath, pattern=None, cluster=False):
    """The cases of every file in dirpath; with cluster, lines use their #cluster-mask."""
    cases = []
    for name in sorted(os.listdir(dirpath)):
        if not name.endswith(".txt"):
            continue
        for c in parse_file(os.path.join(dirpath, name)):
            if pattern and pattern not in name and pattern not in c.name:
                continue
            for line in c.lines if cluster else []:
                line.mask = line.cluster_mask or line.mask
            cases.append(c)
    return cases
