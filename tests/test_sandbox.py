"""The sandbox's API: verdicts and their priority, languages, tests compared in the host,
backends and their self-check, and the SandboxFusion-compatible server."""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator

import pytest

from palaestra.errors import SandboxError
from palaestra.tools.sandbox import VERDICTS, Limits, Sandbox, TestCase, compare_output
from palaestra.tools.sandbox.results import classify
from palaestra.tools.sandbox.server import make_server, run_code, serve_in_thread

FAST = Limits(cpu_s=2.0, wall_s=4.0, memory_mb=256)


@pytest.fixture(scope="module")
def box() -> Iterator[Sandbox]:
    with Sandbox(workers=2) as sandbox:
        yield sandbox


def test_default_limits_are_the_documented_ones() -> None:
    limits = Limits()
    assert (limits.cpu_s, limits.wall_s, limits.memory_mb, limits.processes) == (5, 10, 1024, 64)
    assert (limits.files_mb, limits.open_files, limits.output_bytes) == (64, 256, 1 << 20)
    with pytest.raises(ValueError, match="limit cpu_s must be a positive number, got 0"):
        Limits(cpu_s=0)


def test_self_check_reports_the_isolation(box: Sandbox) -> None:
    report = box.report()
    if os.geteuid() == 0:
        assert report["backend"] == "local"
        for feature in ("namespaces", "private_root", "cgroup", "uid", "seccomp", "landlock"):
            assert feature in report["features"], report["missing"]
    assert "python" in report["languages"]


def test_unsafe_backend_is_refused_without_consent() -> None:
    with pytest.raises(SandboxError, match="pass allow_unsafe=True"):
        Sandbox("unsafe")
    with Sandbox("unsafe", allow_unsafe=True, workers=1) as unsafe:
        assert unsafe.run("print(6 * 7)").stdout == "42\n"
        assert "namespaces" not in unsafe.report()["features"]


def test_docker_without_an_engine_is_reported_unavailable() -> None:
    pytest.importorskip("docker")
    with pytest.raises(SandboxError, match="docker: .*Docker"):
        Sandbox("docker")


def test_unknown_backend_and_language_are_errors(box: Sandbox) -> None:
    with pytest.raises(SandboxError, match="unknown backend 'nope'"):
        Sandbox("nope")
    with pytest.raises(SandboxError, match="language 'cobol' is not available here"):
        box.run("x", "cobol")


def test_verdicts_of_plain_runs(box: Sandbox) -> None:
    assert box.run("print(input()[::-1])", stdin="abc").stdout == "cba\n"
    assert box.run("raise SystemExit(3)").exit_code == 3
    assert box.run("1/0").verdict == "runtime_error"
    assert box.run("while True: pass", limits=FAST.replace(cpu_s=0.5)).verdict == "time_limit"
    assert box.run("x = bytearray(1 << 30)", limits=FAST).verdict == "memory_limit"
    assert box.run("print('x' * 3_000_000)").verdict == "output_limit"
    result = box.run("import sys; sys.stderr.write('e'); print('o')")
    assert (result.verdict, result.stdout, result.stderr) == ("accepted", "o\n", "e")
    assert result.wall_s > 0 and result.cpu_s > 0 and result.memory_bytes > 0


def test_verdict_priority_order() -> None:
    assert VERDICTS[0] == "sandbox_error" and VERDICTS[-1] == "accepted"
    raw = {
        "exit_code": None,
        "signal": signal.SIGKILL,
        "wall_timeout": True,
        "oom_killed": True,
        "output_limit": True,
        "cpu_s": 0.1,
    }
    assert classify(raw, Limits(), "local").verdict == "time_limit"
    raw["wall_timeout"] = False
    assert classify(raw, Limits(), "local").verdict == "memory_limit"
    raw["oom_killed"] = False
    assert classify(raw, Limits(), "local").verdict == "output_limit"
    raw["setup_error"] = "boom"
    assert classify(raw, Limits(), "local").verdict == "sandbox_error"


def test_files_in_and_out(box: Sandbox) -> None:
    result = box.run(
        "print(open('data/in.txt').read()); open('out.txt', 'w').write('made')",
        files={"data/in.txt": "given"},
        fetch=["out.txt", "missing.txt"],
    )
    assert result.stdout == "given\n"
    assert result.files == {"out.txt": b"made", "missing.txt": None}
    assert box.run("print(1)", files={"../escape": "x"}).verdict == "sandbox_error"


def test_stdio_tests_compare_in_the_host(box: Sandbox) -> None:
    code = "a, b = map(int, input().split())\nprint(a + b)"
    tests = [TestCase("1 2", "3"), TestCase("5 5", "10")]
    assert box.run_tests(code, tests).ok
    report = box.run_tests(code, [*tests, TestCase("1 1", "3")], stop_early=False)
    assert (report.verdict, report.passed, report.total) == ("wrong_answer", 2, 3)


def test_expected_outputs_never_enter_the_sandbox(box: Sandbox) -> None:
    secret = "expected-7f3a9c"
    snoop = (
        "import glob, os, sys\n"
        "seen = sys.stdin.read()\n"
        "for path in glob.glob('/sandbox/**', recursive=True) + glob.glob('/tmp/**'):\n"
        "    if os.path.isfile(path): seen += open(path, errors='replace').read()\n"
        "print('LEAK' if 'expected-7f3a9c' [::-1][::-1] in seen else 'clean')\n"
    ).replace("'expected-7f3a9c' [::-1][::-1]", "'c9a3f7-detcepxe'[::-1]")
    report = box.run_tests(snoop, [TestCase("input", secret)])
    assert report.runs[0].stdout == "clean\n"


def test_function_tests_cannot_be_gamed(box: Sandbox) -> None:
    cases = [([1, 2], 3), ([2, 2], 4)]
    assert box.run_function_tests("def add(a, b):\n    return a + b\n", "add", cases).ok
    gamers = {
        "exit early": "import os\ndef add(a, b):\n    os._exit(0)\n",
        "eq override": (
            "class Any(int):\n    def __eq__(self, other):\n        return True\n"
            "def add(a, b):\n    return Any(0)\n"
        ),
        "prints passed": "print('PASSED')\ndef add(a, b):\n    return 0\n",
        "no function": "x = 1\n",
    }
    for label, code in gamers.items():
        report = box.run_function_tests(code, "add", cases)
        assert not report.ok, label


@pytest.mark.parametrize("language", ["cpp", "javascript"])
def test_other_languages(box: Sandbox, language: str) -> None:
    if language not in box.languages:
        pytest.skip(f"no {language} toolchain")
    source = {
        "cpp": "#include <iostream>\nint main(){long a,b;std::cin>>a>>b;std::cout<<a*b<<'\\n';}",
        "javascript": "const [a,b]=require('fs').readFileSync(0,'utf8').split(' ').map(Number);"
        "console.log(a*b)",
    }[language]
    report = box.run_tests(source, [TestCase("6 7", "42"), TestCase("2 3", "6")], language)
    assert report.ok, report.detail
    if language == "cpp":
        again = box.run(source, "cpp", stdin="1 1")
        assert again.compile is not None and again.compile is report.compile  # cached
        assert box.run("int main( {", "cpp").verdict == "compile_error"
    hog = {
        "cpp": "#include <vector>\nint main(){std::vector<char> v(1ul<<31, 1); return v[5];}",
        # 64 MiB buffers reach the limit in a few steps, long before the CPU limit under load
        "javascript": "const a=[]; while(true) a.push(Buffer.alloc(64 << 20, 1));",
    }[language]
    assert box.run(hog, language, limits=FAST).verdict == "memory_limit"


def test_sandbox_fusion_client_against_our_server(box: Sandbox) -> None:
    sandbox_fusion = pytest.importorskip("sandbox_fusion")
    server = make_server("127.0.0.1", 0, box)
    serve_in_thread(server)
    endpoint = f"http://127.0.0.1:{server.server_port}"
    try:
        request = sandbox_fusion.RunCodeRequest(
            code="import sys\nprint(open('in.txt').read() + sys.stdin.read())\n"
            "open('out.txt', 'w').write('done')",
            language="python",
            stdin="!",
            files={"in.txt": base64.b64encode(b"hello").decode()},
            fetch_files=["out.txt"],
        )
        response = sandbox_fusion.run_code(request, endpoint=endpoint, max_attempts=1)
        assert response.status == "Success"
        assert response.run_result.stdout == "hello!\n"
        assert base64.b64decode(response.files["out.txt"]) == b"done"
        slow = sandbox_fusion.RunCodeRequest(
            code="while True: pass", language="python", run_timeout=0.5
        )
        response = sandbox_fusion.run_code(slow, endpoint=endpoint, max_attempts=1)
        assert response.status == "Failed"
        assert response.run_result.status == "TimeLimitExceeded"
    finally:
        server.shutdown()
        server.server_close()


def test_run_code_response_shape(box: Sandbox) -> None:
    response = run_code(
        box, {"code": "int main(){return 3;}", "language": "cpp", "memory_limit_MB": 256}
    )
    if "cpp" in box.languages:
        assert response["status"] == "Failed"
        assert response["compile_result"]["status"] == "Finished"
        assert response["run_result"]["return_code"] == 3
        assert response["verdict"] == "runtime_error"
    bad = run_code(box, {"code": "x", "language": "cobol"})
    assert bad["status"] == "SandboxError"
    assert json.dumps(bad)


def test_module_entry_point_checks_the_sandbox() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "palaestra.tools.sandbox", "check"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["backend"]


def test_compare_output_modes() -> None:
    assert compare_output("1  2\n3\n", "1 2 3", "tokens")
    assert compare_output("a \nb\n\n", "a\nb", "lines")
    assert not compare_output("a b", "a  b", "exact")
