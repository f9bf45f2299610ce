import os
import shutil
import sys
import tempfile

import pytest

sys.path.insert(0, os.path.dirname(__file__))

import skiffharness  # noqa: E402


@pytest.fixture
def workdir(request):
    """A temp dir per test; kept when the test fails so logs can be read."""
    d = tempfile.mkdtemp(prefix=f"skiff-{request.node.name[:40]}-")
    print(f"[{request.node.name}] workdir={d}", flush=True)
    yield d
    skiffharness.kill_all_started()
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.passed:
        shutil.rmtree(d, ignore_errors=True)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)
