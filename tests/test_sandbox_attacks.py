"""Hostile programs against the sandbox: each must be contained and leave the host clean.

Every attack is bounded (short limits), targets only 127.0.0.1, and the host is checked after
each one: no stray processes, no files in the host's /tmp or /dev/shm, no new mounts, and after
the sandbox closes, no cgroups. The isolating ``local`` backend runs in-process (as root); the
``bubblewrap`` backend runs as an unprivileged user (a user namespace mapped to uid 1000)
through a small proxy process.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from palaestra.tools.sandbox import Limits, Sandbox
from palaestra.tools.sandbox.cgroups import PREFIX as CGROUP_PREFIX
from palaestra.tools.sandbox.workers import bwrap_binary

SHORT = Limits(cpu_s=1.0, wall_s=2.0, memory_mb=256, processes=32)
TOKEN = uuid.uuid4().hex
SECRET = uuid.uuid4().hex  # the content of secret files (their names carry TOKEN)
MARKER = f"4{int(TOKEN[:6], 16) % 100000}.5"  # an unusual sleep argument to find daemons by


class _Result:
    def __init__(self, data: dict[str, Any]) -> None:
        self.__dict__.update(data)


class ProxySandbox:
    """Runs `Sandbox` in a child process as an unprivileged user (a mapped user namespace)."""

    SERVER = textwrap.dedent(
        """
        import json, os, sys
        from palaestra.tools.sandbox import Limits, Sandbox
        box = Sandbox(workers=2)
        print(json.dumps({"backend": box.backend, "uid": os.geteuid()}), flush=True)
        for line in sys.stdin:
            request = json.loads(line)
            result = box.run(request["code"], limits=Limits(**request["limits"]))
            data = {k: v for k, v in result.to_dict().items() if k not in ("files", "compile")}
            print(json.dumps(data), flush=True)
        box.close()
        """
    )

    def __init__(self) -> None:
        argv = [
            "unshare",
            "--user",
            "--map-user=1000",
            "--map-group=1000",
            sys.executable,
            "-c",
            self.SERVER,
        ]
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.lock = threading.Lock()
        hello = json.loads(self.proc.stdout.readline())
        self.backend = hello["backend"]
        assert hello["uid"] == 1000

    def run(self, code: str, limits: Limits = SHORT) -> _Result:
        request = {"code": code, "limits": limits.__dict__}
        with self.lock:
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
            return _Result(json.loads(self.proc.stdout.readline()))

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        self.proc.stdout.close()


def _unprivileged_bwrap_works() -> bool:
    if bwrap_binary() is None or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        [
            "unshare",
            "--user",
            "--map-user=1000",
            "--map-group=1000",
            bwrap_binary(),
            "--unshare-all",
            "--ro-bind",
            "/",
            "/",
            "true",
        ],
        capture_output=True,
        timeout=30,
        check=False,
    )
    return probe.returncode == 0


@pytest.fixture(scope="module", params=["local", "bubblewrap"])
def box(request: pytest.FixtureRequest) -> Any:
    if request.param == "local":
        if os.geteuid() != 0:
            pytest.skip("the local backend needs root")
        sandbox = Sandbox("local", workers=2)
        own_pid = os.getpid()
        yield sandbox
        sandbox.close()
        leftovers = [p for p in Path("/sys/fs/cgroup").rglob(f"{CGROUP_PREFIX}{own_pid}-*")]
        assert leftovers == [], "cgroups left behind"
    else:
        if not _unprivileged_bwrap_works():
            pytest.skip("bubblewrap cannot run unprivileged here")
        proxy = ProxySandbox()
        assert proxy.backend == "bubblewrap"
        yield proxy
        proxy.close()


def _host_state() -> dict[str, Any]:
    strays = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if MARKER.encode() in cmdline or TOKEN.encode() in cmdline:
                strays.append(entry.name)
    files = [str(p) for folder in ("/tmp", "/dev/shm") for p in Path(folder).glob(f"*{TOKEN}*")]
    mounts = Path("/proc/self/mountinfo").read_text().count("\n")
    return {"strays": strays, "files": files, "mounts": mounts}


@pytest.fixture
def clean_host(box: Any) -> Any:
    before = _host_state()
    yield
    deadline = time.monotonic() + 5
    after = _host_state()
    while after["strays"] and time.monotonic() < deadline:
        time.sleep(0.1)
        after = _host_state()
    assert after == before, f"the host changed: {before} -> {after}"


def _run(box: Any, code: str, limits: Limits = SHORT) -> Any:
    start = time.monotonic()
    result = box.run(textwrap.dedent(code), limits=limits)
    assert time.monotonic() - start < limits.wall_s + 20, "the run was not bounded"
    assert result.verdict != "sandbox_error", result.detail
    return result


pytestmark = pytest.mark.usefixtures("clean_host")


def test_tcp_to_a_host_port_gets_nothing(box: Any) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    try:
        result = _run(
            box,
            f"""
            import socket
            s = socket.create_connection(("127.0.0.1", {port}), timeout=1)
            s.sendall(b"escaped")
            print("connected")
            """,
        )
        assert "connected" not in result.stdout
        with pytest.raises(BlockingIOError):
            listener.accept()
    finally:
        listener.close()


def test_dns_query_to_a_host_port_gets_nothing(box: Any) -> None:
    server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    server.bind(("127.0.0.1", 0))
    server.setblocking(False)
    port = server.getsockname()[1]
    try:
        result = _run(
            box,
            f"""
            import socket
            query = bytes.fromhex("abcd01000001000000000000076578616d706c6503636f6d0000010001")
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.sendto(query, ("127.0.0.1", {port}))
            print("sent")
            print(socket.getaddrinfo("localhost", 80))
            """,
        )
        assert "sent" not in result.stdout
        with pytest.raises(BlockingIOError):
            server.recvfrom(512)
    finally:
        server.close()


def test_secrets_are_out_of_reach(box: Any, tmp_path: Path) -> None:
    secrets = [tmp_path / f"secret-{TOKEN}", Path.home() / f".palaestra-secret-{TOKEN}"]
    repo_file = Path(__file__).resolve()
    for path in secrets:
        path.write_text(SECRET)
    try:
        paths = [*map(str, secrets), str(repo_file), "/etc/shadow", "/root/.bash_history"]
        result = _run(
            box,
            f"""
            import glob, os
            for path in {paths!r}:
                try:
                    print(open(path).read()[:200])
                except OSError as exc:
                    print("denied", path, type(exc).__name__)
            for path in glob.glob("/proc/*/environ"):
                try:
                    print(open(path, "rb").read())
                except OSError:
                    pass
            for folder in ("/work", "/root", "/home", os.path.expanduser("~")):
                try:
                    print(folder, os.listdir(folder))
                except OSError:
                    pass
            """,
        )
        assert SECRET not in result.stdout
        assert "root:" not in result.stdout
        assert "hostile programs" not in result.stdout.lower()  # this file's docstring
    finally:
        for path in secrets:
            path.unlink()


def test_parent_environment_is_out_of_reach(box: Any) -> None:
    os.environ["PALAESTRA_ATTACK_SECRET"] = SECRET
    try:
        result = _run(
            box,
            """
            import glob, os
            print(dict(os.environ))
            for path in glob.glob("/proc/*/environ") + ["/proc/1/environ"]:
                try:
                    print(open(path, "rb").read())
                except OSError:
                    pass
            """,
        )
        assert SECRET not in result.stdout
    finally:
        del os.environ["PALAESTRA_ATTACK_SECRET"]


def test_writes_outside_stay_inside(box: Any) -> None:
    result = _run(
        box,
        f"""
        for path in ("/tmp/x-{TOKEN}", "/dev/shm/x-{TOKEN}", "/x-{TOKEN}", "/usr/x-{TOKEN}"):
            try:
                open(path, "w").write("escaped")
                print("wrote", path)
            except OSError as exc:
                print("denied", path, type(exc).__name__)
        """,
    )
    assert "denied /usr/" in result.stdout
    # The host's /tmp and /dev/shm are checked by the clean_host fixture.


def test_fork_bomb_is_bounded(box: Any) -> None:
    result = _run(
        box,
        """
        import os
        while True:
            try:
                os.fork()
            except OSError:
                pass
        """,
    )
    assert result.verdict in ("time_limit", "runtime_error")


def test_memory_bomb_is_a_memory_limit(box: Any) -> None:
    result = _run(box, "blocks = []\nwhile True:\n    blocks.append(bytearray(1 << 24))\n")
    assert result.verdict == "memory_limit"


def test_infinite_loop_is_a_time_limit(box: Any) -> None:
    assert _run(box, "while True:\n    pass\n").verdict == "time_limit"


def test_sleeping_forever_is_a_time_limit(box: Any) -> None:
    result = _run(box, "import time\ntime.sleep(3600)\n")
    assert result.verdict == "time_limit"
    assert result.wall_s < SHORT.wall_s + 1


def test_ignoring_sigterm_is_a_time_limit(box: Any) -> None:
    result = _run(
        box,
        """
        import signal, time
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGXCPU, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
        while True:
            time.sleep(0.01)
        """,
    )
    assert result.verdict == "time_limit"


def test_stdout_flood_is_an_output_limit(box: Any) -> None:
    result = _run(box, "import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n")
    assert result.verdict == "output_limit"
    assert len(result.stdout) <= Limits().output_bytes


def test_huge_file_is_stopped(box: Any) -> None:
    result = _run(
        box,
        f"""
        with open("big-{TOKEN}", "wb") as out:
            while True:
                out.write(b"x" * (1 << 20))
        """,
        SHORT.replace(files_mb=8),
    )
    assert result.verdict in ("output_limit", "runtime_error")


def test_daemons_die_with_the_job(box: Any) -> None:
    result = _run(
        box,
        f"""
        import os
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                os.execv("/bin/sleep", ["sleep", "{MARKER}"])
            os._exit(0)
        print("parent done")
        """,
    )
    assert result.verdict == "accepted"
    # clean_host checks that no process with the marker survives on the host.


def test_killing_the_parent_changes_nothing(box: Any) -> None:
    result = _run(
        box,
        """
        import os, signal
        for target in (os.getppid(), 1, -1):
            try:
                os.kill(target, signal.SIGKILL)
            except OSError as exc:
                print("denied", target, type(exc).__name__)
        print("still here")
        """,
    )
    assert "still here" in result.stdout
    assert _run(box, "print('next job')").stdout == "next job\n"


def test_rlimits_cannot_be_raised(box: Any) -> None:
    result = _run(
        box,
        """
        import resource
        for limit in (resource.RLIMIT_CPU, resource.RLIMIT_AS, resource.RLIMIT_NPROC):
            try:
                resource.setrlimit(limit, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
                print("raised", limit)
            except (ValueError, OSError):
                print("denied", limit)
        while True:
            pass
        """,
    )
    assert "raised" not in result.stdout
    assert result.verdict == "time_limit"


def test_file_descriptor_exhaustion_is_contained(box: Any) -> None:
    result = _run(box, "files = []\nwhile True:\n    files.append(open('/dev/null'))\n")
    assert result.verdict == "runtime_error"
    assert "Too many open files" in result.stderr


def test_ctypes_and_os_system_stay_inside(box: Any) -> None:
    result = _run(
        box,
        f"""
        import ctypes, os, socket
        libc = ctypes.CDLL(None)
        libc.system(b"echo pwned > /tmp/ctypes-{TOKEN}; id")
        os.system("touch /dev/shm/system-{TOKEN}")
        print("raw socket", libc.socket(17, 3, 0), libc.socket(2, 3, 1))
        raw = ((socket.AF_PACKET, socket.SOCK_RAW), (socket.AF_INET, socket.SOCK_RAW))
        for family, kind in raw:
            try:
                socket.socket(family, kind)
                print("opened raw socket")
            except OSError as exc:
                print("denied", type(exc).__name__)
        """,
    )
    assert "opened raw socket" not in result.stdout
    assert "raw socket -1 -1" in result.stdout


def test_proc_sys_and_cgroupfs_are_read_only(box: Any) -> None:
    hostname = socket.gethostname()
    result = _run(
        box,
        """
        import glob
        targets = ["/proc/sys/kernel/hostname", "/proc/sys/vm/drop_caches",
                   "/proc/sysrq-trigger", "/sys/fs/cgroup/memory/memory.limit_in_bytes",
                   *glob.glob("/sys/fs/cgroup/*/cgroup.procs")]
        for path in targets:
            try:
                with open(path, "w") as out:
                    out.write("1")
                print("wrote", path)
            except OSError as exc:
                print("denied", path, type(exc).__name__)
        """,
    )
    assert "wrote" not in result.stdout
    assert socket.gethostname() == hostname


def test_sandbox_escapes_through_syscalls_are_denied(box: Any) -> None:
    result = _run(
        box,
        """
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        print("unshare", libc.unshare(0x10000000))
        print("mount", libc.mount(b"none", b"/tmp", b"tmpfs", 0, None))
        print("ptrace", libc.ptrace(16, 1, 0, 0))
        print("chroot", libc.chroot(b"/tmp"))
        """,
    )
    assert result.stdout.split() == ["unshare", "-1", "mount", "-1", "ptrace", "-1", "chroot", "-1"]


def test_concurrent_jobs_cannot_see_each_other(box: Any) -> None:
    writer = f"""
        import time
        secret = "{TOKEN}"[::-1]  # only the writer's files hold the reversed token
        open("job-{TOKEN}", "w").write(secret)
        open("/tmp/job-{TOKEN}", "w").write(secret)
        time.sleep(1.0)
        """
    reader = f"""
        import glob, os, time
        time.sleep(0.3)
        found = []
        patterns = ("/sandbox/*", "/tmp/*", "/dev/shm/*", "/proc/*/cwd/*", "/proc/*/root/tmp/*")
        for pattern in patterns:
            for path in glob.glob(pattern):
                try:
                    if "{TOKEN}"[::-1] in open(path).read():
                        found.append(path)
                except OSError:
                    pass
        print("found", found)
        """
    limits = SHORT.replace(wall_s=3.0)
    results: dict[str, Any] = {}
    threads = [
        threading.Thread(target=lambda: results.update(w=_run(box, writer, limits))),
        threading.Thread(target=lambda: results.update(r=_run(box, reader, limits))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results["w"].verdict == "accepted"
    assert "found []" in results["r"].stdout
