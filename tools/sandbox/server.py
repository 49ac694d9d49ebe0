"""A SandboxFusion-compatible HTTP server: ``POST /run_code`` runs a program in the sandbox.

Request and response follow SandboxFusion's `RunCodeRequest` / `RunCodeResponse`, so verl's
and Reasoning360's SandboxFusion clients (and the ``sandbox-fusion`` package) can point at it:

    palaestra sandbox serve --host 127.0.0.1 --port 8080
    python -m palaestra.tools.sandbox serve --port 8080

Request fields: code, language (python, cpp, nodejs/javascript), stdin, compile_timeout,
run_timeout, memory_limit_MB, files (path -> base64), fetch_files. Response: status
(Success, Failed, SandboxError), message, compile_result and run_result (status Finished,
Error or TimeLimitExceeded; execution_time, return_code, stdout, stderr), files (base64),
plus our own ``verdict`` (accepted, time_limit, memory_limit, ...) which SandboxFusion lacks.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import threading
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import click

from palaestra.errors import SandboxError
from palaestra.tools.sandbox.core import Sandbox
from palaestra.tools.sandbox.results import COMPILE_LIMITS, RunResult

log = logging.getLogger(__name__)
MAX_REQUEST_BYTES = 64 << 20
LANGUAGES = {
    "python": "python",
    "python3": "python",
    "cpp": "cpp",
    "nodejs": "javascript",
    "javascript": "javascript",
    "js": "javascript",
}


def _command_result(result: RunResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    if result.verdict == "time_limit":
        status = "TimeLimitExceeded"
    elif result.verdict == "sandbox_error":
        status = "Error"
    else:
        status = "Finished"
    return_code = result.exit_code if result.signal is None else -result.signal
    return {
        "status": status,
        "execution_time": result.wall_s,
        "cpu_time": result.cpu_s,
        "return_code": return_code,
        "stdout": result.stdout,
        "stderr": result.stderr,
    }


def run_code(sandbox: Sandbox, request: dict[str, Any]) -> dict[str, Any]:
    """Handles one SandboxFusion `RunCodeRequest` (a dict) and returns the response dict."""
    try:
        code = request["code"]
        if not isinstance(code, str):
            raise ValueError("code must be a string")
        language = LANGUAGES.get(str(request.get("language", "python")))
        if language is None:
            raise ValueError(f"language {request.get('language')!r} is not supported")
        run_timeout = float(request.get("run_timeout") or 10)
        memory = int(request.get("memory_limit_MB") or sandbox.limits.memory_mb)
        limits = sandbox.limits.replace(cpu_s=run_timeout, wall_s=run_timeout, memory_mb=memory)
        files = {
            str(path).removeprefix("./"): base64.b64decode(content or "", validate=True)
            for path, content in (request.get("files") or {}).items()
        }
        fetch = [str(p).removeprefix("./") for p in request.get("fetch_files") or []]
        stdin = request.get("stdin") or ""
    except (KeyError, ValueError, TypeError, binascii.Error) as exc:
        return {
            "status": "SandboxError",
            "message": f"bad request: {exc}",
            "compile_result": None,
            "run_result": None,
            "files": {},
            "verdict": None,
        }
    compile_timeout = float(request.get("compile_timeout") or 10)
    compile_limits = COMPILE_LIMITS.replace(cpu_s=compile_timeout, wall_s=compile_timeout)
    try:
        result = sandbox.run(
            code,
            language,
            stdin=stdin,
            files=files,
            limits=limits,
            fetch=fetch,
            compile_limits=compile_limits,
        )
    except SandboxError as exc:
        return {
            "status": "SandboxError",
            "message": str(exc),
            "compile_result": None,
            "run_result": None,
            "files": {},
            "verdict": "sandbox_error",
        }
    compiled = result.compile
    run_ran = result.verdict not in ("compile_error",) and not (
        compiled is not None and not compiled.ok
    )
    if result.verdict == "sandbox_error":
        status = "SandboxError"
    elif result.verdict == "accepted":
        status = "Success"
    else:
        status = "Failed"
    return {
        "status": status,
        "message": result.detail,
        "compile_result": _command_result(compiled),
        "run_result": _command_result(result) if run_ran else None,
        "executor_pod_name": None,
        "files": {
            name: base64.b64encode(data).decode()
            for name, data in result.files.items()
            if data is not None
        },
        "verdict": result.verdict,
    }


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def _reply(self, code: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path.rstrip("/") in ("", "/health", "/v1/ping"):
            self._reply(200, {"status": "ok", **self.server.sandbox.report()})
        else:
            self._reply(404, {"message": f"no route {self.path}"})

    def do_POST(self) -> None:
        if self.path.rstrip("/") != "/run_code":
            self._reply(404, {"message": f"no route {self.path}"})
            return
        try:
            size = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            size = -1
        if not 0 < size <= MAX_REQUEST_BYTES:
            self._reply(413 if size > 0 else 400, {"message": "bad or missing Content-Length"})
            return
        try:
            request = json.loads(self.rfile.read(size))
            if not isinstance(request, dict):
                raise ValueError("the body must be a JSON object")
        except ValueError as exc:
            self._reply(400, {"message": f"bad JSON: {exc}"})
            return
        self._reply(200, run_code(self.server.sandbox, request))


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], sandbox: Sandbox) -> None:
        super().__init__(address, _Handler)
        self.sandbox = sandbox


def make_server(
    host: str = "127.0.0.1", port: int = 8080, sandbox: Sandbox | None = None
) -> ThreadingHTTPServer:
    """A server bound to (host, port); call ``serve_forever()`` (port 0 picks a free one)."""
    return _Server((host, port), sandbox or Sandbox())


def serve_in_thread(server: ThreadingHTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="sandbox-server", daemon=True)
    thread.start()
    return thread


@click.group("sandbox")
def sandbox_group() -> None:
    """The sandboxed code executor."""


@sandbox_group.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8080, show_default=True, type=int, help="Port to bind.")
@click.option("--backend", default="auto", show_default=True, help="Sandbox backend.")
@click.option("--workers", default=None, type=int, help="Worker slots (default: cores).")
def serve_command(host: str, port: int, backend: str, workers: int | None) -> None:
    """Serve SandboxFusion's POST /run_code."""
    try:
        sandbox = Sandbox(backend, workers=workers)
    except SandboxError as exc:
        raise click.ClickException(str(exc)) from None
    server = make_server(host, port, sandbox)
    report = sandbox.report()
    click.echo(f"sandbox backend {report['backend']} on http://{host}:{server.server_port}")
    for name, reason in report["missing"].items():
        click.echo(f"  without {name}: {reason}", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        sandbox.close()


@sandbox_group.command("check")
@click.option("--backend", default="auto", show_default=True, help="Sandbox backend.")
def check_command(backend: str) -> None:
    """Start the sandbox and print its self-check as JSON."""
    try:
        with Sandbox(backend, workers=1) as sandbox:
            click.echo(json.dumps(sandbox.report(), indent=2))
    except SandboxError as exc:
        raise click.ClickException(str(exc)) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m palaestra.tools.sandbox``."""
    try:
        sandbox_group.main(
            args=list(argv) if argv is not None else None,
            prog_name="palaestra sandbox",
            standalone_mode=False,
        )
    except click.ClickException as exc:
        exc.show()
        return 1
    except click.exceptions.Abort:
        return 1
    return 0
