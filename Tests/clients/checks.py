"""The check protocol that every client program speaks (Tests/clients/README.md).

A program prints `library NAME VERSION`, then one line per check:
`ok SECTION NAME` or `not ok SECTION NAME: DETAIL`. A section that throws prints
`not ok SECTION aborted: ERROR` and the program goes on with the next section.
"""

import contextlib
import os
import sys


def target():
    """(host, port) of the server under test, from the driver's environment."""
    return os.environ.get("REDIS_HOST", "127.0.0.1"), int(os.environ.get("REDIS_PORT", "6379"))


class Checks:
    def __init__(self, library, version):
        self.section_name = "-"
        self.failed = 0
        print(f"library {library} {version}", flush=True)

    def check(self, name, ok, detail=""):
        if ok:
            print(f"ok {self.section_name} {name}", flush=True)
        else:
            self.failed += 1
            print(f"not ok {self.section_name} {name}: {detail}", flush=True)

    def equal(self, name, got, want):
        self.check(name, got == want, f"got {got!r}, want {want!r}")

    @contextlib.contextmanager
    def section(self, name):
        """Runs one section; an exception ends the section, not the program."""
        self.section_name = name
        try:
            yield
        except Exception as e:  # noqa: BLE001 - reported as a failed check
            self.check("aborted", False, f"{type(e).__name__}: {e}")

    def exit(self):
        sys.exit(1 if self.failed else 0)
