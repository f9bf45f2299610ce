"""What can be checked of docker/ without a Docker engine (issue 5):

  * docker/compose.yaml passes Debian's `docker-compose config` and describes a
    three-node cluster whose members agree on one peer list;
  * every shared library the built skiff-server needs is either linked statically by
    the Dockerfile's build (the Swift runtime, --static-swift-stdlib) or installed in its
    runtime image (Debian's slim base, plus the packages its apt-get line adds).

SKIFF_SERVER names the binary (default .build/release/skiff-server).
"""

import os
import re
import shutil
import subprocess

import pytest
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DOCKER = os.path.join(ROOT, "docker")
BINARY = os.environ.get("SKIFF_SERVER", os.path.join(ROOT, ".build", "release", "skiff-server"))
# Packages of debian:bookworm-slim that provide shared libraries (its "required" set).
SLIM_BASE_PACKAGES = {"libc6", "libgcc-s1", "zlib1g"}
# Shared libraries of the Swift toolchain: --static-swift-stdlib links them in.
SWIFT_RUNTIME = re.compile(r"^lib(swift\w*|dispatch|BlocksRuntime|Foundation\w*|_FoundationICU)\.so")


def flag(command, name):
    return command[command.index(name) + 1]


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="apt-get install docker-compose")
def test_compose_file_is_a_valid_three_node_cluster():
    out = subprocess.run(["docker-compose", "-f", os.path.join(DOCKER, "compose.yaml"), "config"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    services = yaml.safe_load(out.stdout)["services"]
    assert sorted(services) == ["skiff1", "skiff2", "skiff3"]
    peer_lists = set()
    host_ports = set()
    for name, service in services.items():
        command = service["command"]
        node_id = flag(command, "--cluster-node-id")
        peers = flag(command, "--cluster-peers")
        peer_lists.add(peers)
        assert f"{node_id}@{service['hostname']}:6379" in peers.split(), (name, peers)
        assert flag(command, "--appendonly") == "yes", name
        host_ports.update(p["published"] for p in service["ports"])
        assert any(v.split(":")[1] == "/data" for v in service["volumes"]), name  # name:/data:rw
    assert len(peer_lists) == 1, peer_lists
    assert sorted(int(p) for p in host_ports) == [7001, 7002, 7003]


def dockerfile():
    with open(os.path.join(DOCKER, "Dockerfile")) as f:
        return f.read()


def runtime_packages(text):
    """Packages the runtime stage installs with apt-get."""
    runtime = text[text.rindex("\nFROM "):]
    installs = re.findall(r"apt-get install ([^&\n]*)", runtime.replace("\\\n", " "))
    return {w for line in installs for w in line.split() if not w.startswith("-")}


@pytest.mark.skipif(not os.path.exists(BINARY), reason=f"no binary at {BINARY}")
def test_runtime_image_provides_every_shared_library_the_binary_needs():
    text = dockerfile()
    assert "--static-swift-stdlib" in text, "the build stage must link the Swift runtime statically"
    provided = SLIM_BASE_PACKAGES | runtime_packages(text)
    out = subprocess.run(["ldd", BINARY], capture_output=True, text=True, timeout=60, check=True)
    missing = []
    for line in out.stdout.splitlines():
        m = re.match(r"\s*(\S+) => (\S+)", line)
        if not m or SWIFT_RUNTIME.match(m.group(1)):
            continue
        owner = subprocess.run(["dpkg", "-S", os.path.realpath(m.group(2))], capture_output=True, text=True)
        if owner.returncode != 0:  # /lib is a symlink to /usr/lib on Debian 12
            owner = subprocess.run(["dpkg", "-S", m.group(2)], capture_output=True, text=True)
        package = owner.stdout.split(":", 1)[0] if owner.returncode == 0 else "?"
        if package not in provided:
            missing.append(f"{m.group(1)} (package {package})")
    assert not missing, f"the runtime image lacks {missing}; it installs {sorted(provided)}"


def test_runtime_packages_are_read_from_the_dockerfile():
    # The parser must see the runtime stage's packages, or the check above proves nothing.
    assert {"libstdc++6", "redis-tools"} <= runtime_packages(dockerfile())
