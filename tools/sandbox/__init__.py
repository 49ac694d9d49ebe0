"""The sandboxed code executor.

    from palaestra.tools.sandbox import Sandbox, Limits, TestCase
    with Sandbox() as box:                      # the best isolating backend; see box.report()
        result = box.run("print(input()[::-1])", stdin="abc")
        result.verdict, result.stdout           # ("accepted", "cba\\n")
        box.run_tests(code, [TestCase("1 2", "3")], language="cpp")
        box.run_function_tests(code, "add", [([1, 2], 3)])

Backends: ``local`` (root: namespaces, private mount tree, cgroups, per-slot uid, rlimits,
no_new_privs, Landlock, seccomp), ``bubblewrap`` (unprivileged), ``docker`` (an engine through
the Docker SDK) and ``unsafe`` (limits only, refused without ``allow_unsafe=True``).
Verdicts, highest priority first: sandbox_error, time_limit, memory_limit, output_limit,
compile_error, runtime_error, wrong_answer, accepted.
"""

from palaestra.tools.sandbox.core import (
    BACKENDS,
    Sandbox,
    TestCase,
    TestReport,
    compare_output,
    default_sandbox,
    values_equal,
)
from palaestra.tools.sandbox.results import VERDICTS, Limits, RunResult

__all__ = [
    "BACKENDS",
    "VERDICTS",
    "Limits",
    "RunResult",
    "Sandbox",
    "TestCase",
    "TestReport",
    "compare_output",
    "default_sandbox",
    "values_equal",
]
