"""RESP2/RESP3 helpers for the harnesses: a redis-cli-style argument splitter, a command
encoder, and an incremental reply reader that returns the exact bytes of one reply.
"""

import select
import socket
import time


class SplitError(ValueError):
    pass


_SPACE = b" \t\n\v\f\r"
_HEX = b"0123456789abcdefABCDEF"


def splitargs(line):
    """Split like Redis's sdssplitargs (the redis-cli and inline-command splitter).

    Double quotes understand \\n \\r \\t \\b \\a \\xHH and \\<any>; single quotes only \\'.
    A closing quote must be followed by a space or the end. Returns a list of bytes.
    """
    if isinstance(line, str):
        line = line.encode("utf-8", "surrogateescape")
    p, n, out = 0, len(line), []
    while True:
        while p < n and line[p] in _SPACE:
            p += 1
        if p >= n:
            return out
        inq = insq = False
        cur = bytearray()
        while True:
            c = line[p] if p < n else None
            nxt = line[p + 1] if p + 1 < n else None
            if inq:
                if (c == 0x5C and nxt == ord("x") and p + 3 < n
                        and line[p + 2] in _HEX and line[p + 3] in _HEX):
                    cur.append(int(line[p + 2:p + 4], 16))
                    p += 3
                elif c == 0x5C and nxt is not None:
                    p += 1
                    cur.append({ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8,
                                ord("a"): 7}.get(line[p], line[p]))
                elif c == ord('"'):
                    if nxt is not None and nxt not in _SPACE:
                        raise SplitError("closing quote must be followed by a space")
                    p += 1
                    break
                elif c is None:
                    raise SplitError("unbalanced double quotes")
                else:
                    cur.append(c)
            elif insq:
                if c == 0x5C and nxt == ord("'"):
                    p += 1
                    cur.append(ord("'"))
                elif c == ord("'"):
                    if nxt is not None and nxt not in _SPACE:
                        raise SplitError("closing quote must be followed by a space")
                    p += 1
                    break
                elif c is None:
                    raise SplitError("unbalanced single quotes")
                else:
                    cur.append(c)
            else:
                if c is None or c in b" \n\r\t":
                    if c is not None:
                        p += 1
                    break
                if c == ord('"'):
                    inq = True
                elif c == ord("'"):
                    insq = True
                else:
                    cur.append(c)
            p += 1
        out.append(bytes(cur))


def encode_command(args):
    """RESP multibulk of byte-string arguments."""
    parts = [b"*%d\r\n" % len(args)]
    for a in args:
        if isinstance(a, str):
            a = a.encode()
        elif isinstance(a, int):
            a = str(a).encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(parts)


class Incomplete(Exception):
    pass


class ProtocolViolation(Exception):
    """The server sent bytes that are not a valid RESP reply."""


class Value:
    """A parsed reply: `kind` is the type byte as a str ('+', ':', '*', ...), `data` the
    payload (bytes for scalars, list of Value for aggregates, None for nulls), `attrs`
    an attribute map that preceded it (RESP3 '|')."""

    __slots__ = ("kind", "data", "attrs")

    def __init__(self, kind, data, attrs=None):
        self.kind, self.data, self.attrs = kind, data, attrs

    def __repr__(self):
        return f"Value({self.kind!r}, {self.data!r})"

    def is_error(self):
        return self.kind in ("-", "!")

    def text(self):
        return self.data.decode("utf-8", "replace") if isinstance(self.data, bytes) else ""


def _line(buf, pos):
    end = buf.find(b"\r\n", pos)
    if end < 0:
        raise Incomplete()
    return buf[pos:end], end + 2


def _int(b):
    try:
        return int(b)
    except ValueError:
        raise ProtocolViolation(f"bad length {b!r}")


def parse_reply(buf, pos=0):
    """Parse one reply at buf[pos:]. Returns (Value, end) or raises Incomplete."""
    if pos >= len(buf):
        raise Incomplete()
    t = chr(buf[pos])
    head, pos2 = _line(buf, pos + 1)
    if t in "+-:_,#(":
        if t == "_":
            return Value("_", None), pos2
        return Value(t, bytes(head)), pos2
    if t in "$=!":
        if head == b"?":  # RESP3 streamed string: ;len chunks ending with ;0
            chunks, p = [], pos2
            while True:
                h, p = _line(buf, p)
                if h[:1] != b";":
                    raise ProtocolViolation(f"bad streamed chunk {h!r}")
                n = _int(h[1:])
                if n == 0:
                    return Value(t, b"".join(chunks)), p
                if len(buf) < p + n + 2:
                    raise Incomplete()
                chunks.append(bytes(buf[p:p + n]))
                p += n + 2
        n = _int(head)
        if n < 0:
            return Value(t, None), pos2
        if len(buf) < pos2 + n + 2:
            raise Incomplete()
        if buf[pos2 + n:pos2 + n + 2] != b"\r\n":
            raise ProtocolViolation("bulk not terminated by CRLF")
        return Value(t, bytes(buf[pos2:pos2 + n])), pos2 + n + 2
    if t in "*~>%|":
        items, p = [], pos2
        if head == b"?":  # RESP3 streamed aggregate ending with '.'
            while True:
                if buf[p:p + 3] == b".\r\n":
                    p += 3
                    break
                if p >= len(buf) or (buf[p:p + 1] == b"." and len(buf) < p + 3):
                    raise Incomplete()
                v, p = parse_reply(buf, p)
                items.append(v)
        else:
            n = _int(head)
            if n < 0:
                return Value(t, None), pos2
            count = n * 2 if t in "%|" else n
            for _ in range(count):
                v, p = parse_reply(buf, p)
                items.append(v)
        if t == "|":  # attribute: belongs to the reply that follows
            v, p = parse_reply(buf, p)
            v.attrs = items
            return v, p
        return Value(t, items), p
    raise ProtocolViolation(f"unknown reply type byte {buf[pos:pos + 1]!r}")


class Closed(Exception):
    pass


class Timeout(Exception):
    pass


class Conn:
    """A raw client socket with an input buffer; reads exactly one reply at a time."""

    def __init__(self, port, timeout_s=5.0, host="127.0.0.1"):
        self.sock = socket.create_connection((host, port), timeout=timeout_s)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.timeout_s = timeout_s
        self.buf = bytearray()
        self.closed = False  # peer closed (EOF or reset)

    def send(self, data, drip_s=None):
        """Send bytes; with drip_s, one byte per write with a pause (partial reads)."""
        try:
            if drip_s is None or len(data) > 4096:  # big payloads: one write (drip is for framing)
                self.sock.sendall(data)
            else:
                for i in range(len(data)):
                    self.sock.sendall(data[i:i + 1])
                    time.sleep(drip_s)
        except (BrokenPipeError, ConnectionResetError):
            self.closed = True

    def _fill(self, timeout_s):
        r, _, _ = select.select([self.sock], [], [], timeout_s)
        if not r:
            raise Timeout()
        try:
            chunk = self.sock.recv(1 << 16)
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            self.closed = True
            raise Closed()
        self.buf += chunk

    def read_reply(self, timeout_s=None):
        """(raw bytes, Value) of the next reply; raises Closed or Timeout."""
        deadline = time.monotonic() + (timeout_s or self.timeout_s)
        while True:
            if self.buf:
                try:
                    v, end = parse_reply(self.buf, 0)
                    raw = bytes(self.buf[:end])
                    del self.buf[:end]
                    return raw, v
                except Incomplete:
                    pass
            if self.closed:
                raise Closed()
            left = deadline - time.monotonic()
            if left <= 0:
                raise Timeout()
            self._fill(left)

    def call(self, *args):
        self.send(encode_command(list(args)))
        return self.read_reply()

    def probe_closed(self, timeout_s):
        """After all expected replies: 'closed', 'open' or 'extra:<bytes>'."""
        if self.buf:
            return "extra:" + repr(bytes(self.buf[:80]))
        if self.closed:
            return "closed"
        try:
            self._fill(timeout_s)
        except Closed:
            return "closed"
        except Timeout:
            return "open"
        return "extra:" + repr(bytes(self.buf[:80]))

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
