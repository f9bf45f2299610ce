"""Shared fixtures: one Skiff server per test module (or a redis-server standing in for
it with SKIFF_CMD=redis-server), stopped by pid at the end."""

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import servers  # noqa: E402


def pytest_addoption(parser):
    parser.addoption("--skiff", default=None, help="path of skiff-server (env SKIFF_SERVER)")
    parser.addoption("--skiff-cmd", default=os.environ.get("SKIFF_CMD"),
                     help="command line for the server under test, e.g. redis-server (env SKIFF_CMD)")


@pytest.fixture(scope="module")
def server(request):
    srv = servers.skiff_server(path=request.config.getoption("--skiff"),
                               cmd=request.config.getoption("--skiff-cmd"))
    srv.start()
    yield srv
    srv.stop()
