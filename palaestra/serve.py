"""`palaestra serve`: an HTTP reward server (OpenRLHF's remote reward protocol, and /verify).

Routes:
    POST /get_reward  ``{"query": [...], "prompts": [...], "labels": [...]}`` ->
                      ``{"rewards": [...], "scores": [...], "extra_logs": {...}}``; each label
                      is a task's JSON, each query the prompt followed by the response
                      (see `palaestra.integrations.openrlhf.response_of`).
    POST /verify      ``{"items": [{"task": <task JSON or object>, "output": str|null}, ...]}``
                      -> ``{"verdicts": [{"score", "correct", "reason", "feedback",
                      "extracted"}, ...]}``, one per item, in order.
    GET  /health      ``{"status": "ok", "version": ...}``

The standard library's threading HTTP server, HTTP/1.1 with keep-alive: no dependency to
install. Requests are bounded (`max_request_bytes`, answered 413 beyond); malformed JSON or a
wrong shape is a 400 that says what is wrong; model output never causes a 500, because
`Env.verify` never raises. Verifiers keep no per-call state, so request threads share one env
instance per id.
"""

from __future__ import annotations

import json
import logging
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from palaestra import __version__
from palaestra.errors import PalaestraError

log = logging.getLogger(__name__)

DEFAULT_MAX_REQUEST_BYTES = 64 * 1024 * 1024


class BadRequest(Exception):
    """A request the client must fix: answered with `status` and the message."""

    def __init__(self, message: str, status: HTTPStatus = HTTPStatus.BAD_REQUEST) -> None:
        super().__init__(message)
        self.status = status


def handle_get_reward(body: Any) -> dict[str, Any]:
    from palaestra.integrations.openrlhf import score_batch

    if not isinstance(body, dict):
        raise BadRequest("expected a JSON object with 'query', 'prompts' and 'labels' lists")
    queries, prompts, labels = body.get("query"), body.get("prompts"), body.get("labels")
    if not isinstance(queries, list):
        raise BadRequest("'query' must be a list of strings (prompt followed by response)")
    if not isinstance(labels, list):
        raise BadRequest("'labels' must be a list with one task JSON per query")
    if prompts is not None and not isinstance(prompts, list):
        raise BadRequest("'prompts' must be a list of strings when given")
    if prompts is not None and not all(p is None or isinstance(p, str) for p in prompts):
        raise BadRequest("'prompts' must hold strings")
    for index, label in enumerate(labels):
        _check_task(label, f"labels[{index}]")
    try:
        return score_batch(queries, prompts, labels)
    except ValueError as exc:
        raise BadRequest(str(exc)) from None


def handle_verify(body: Any) -> dict[str, Any]:
    from palaestra.integrations._common import verify

    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list):
        raise BadRequest('expected {"items": [{"task": <task JSON>, "output": "..."}, ...]}')
    pairs = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or "task" not in item:
            raise BadRequest(f"items[{index}] must be an object with 'task' and 'output'")
        output = item.get("output")
        if output is not None and not isinstance(output, str):
            raise BadRequest(f"items[{index}].output must be a string or null")
        pairs.append((_check_task(item["task"], f"items[{index}].task"), output))
    verdicts = [verify(task, output).model_dump(mode="json") for task, output in pairs]
    return {"verdicts": verdicts}


def _check_task(value: Any, where: str) -> Any:
    """Parses a task and loads its env, so that data errors become 400s before any scoring."""
    from palaestra.integrations._common import as_task, env_for

    try:
        task = as_task(value)
        env_for(task.env)
    except ValueError as exc:
        raise BadRequest(f"{where}: {exc}") from None
    except PalaestraError as exc:
        raise BadRequest(f"{where}: {exc}") from None
    return task


ROUTES = {"/get_reward": handle_get_reward, "/verify": handle_verify}


class RewardHandler(BaseHTTPRequestHandler):
    """One request; the server's `max_request_bytes` bounds the body."""

    protocol_version = "HTTP/1.1"
    server_version = f"palaestra/{__version__}"
    server: RewardServer

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] == "/health":
            self._send(HTTPStatus.OK, {"status": "ok", "version": __version__})
        elif self.path.split("?", 1)[0] in ROUTES:
            self._error(HTTPStatus.METHOD_NOT_ALLOWED, f"use POST for {self.path}")
        else:
            self._error(HTTPStatus.NOT_FOUND, f"no route {self.path}; routes: {_routes()}")

    def do_POST(self) -> None:
        route = ROUTES.get(self.path.split("?", 1)[0])
        try:
            body = self._read_json()
            if route is None:
                if self.path.split("?", 1)[0] == "/health":
                    raise BadRequest("use GET for /health", HTTPStatus.METHOD_NOT_ALLOWED)
                raise BadRequest(f"no route {self.path}; routes: {_routes()}", HTTPStatus.NOT_FOUND)
            self._send(HTTPStatus.OK, route(body))
        except BadRequest as exc:
            self._error(exc.status, str(exc))
        except Exception:  # a bug in palaestra, never the model's output: say so, keep serving
            log.exception("error while serving %s", self.path)
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error; see the server log")

    def _read_json(self) -> Any:
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            self.close_connection = True
            raise BadRequest("a Content-Length header is required", HTTPStatus.LENGTH_REQUIRED)
        try:
            length = int(length_text)
        except ValueError:
            self.close_connection = True
            raise BadRequest(f"bad Content-Length {length_text!r}") from None
        if length < 0:
            self.close_connection = True
            raise BadRequest(f"bad Content-Length {length_text!r}")
        limit = self.server.max_request_bytes
        if length > limit:
            self.close_connection = True  # the unread body must not be parsed as a request
            raise BadRequest(
                f"request body of {length} bytes is over the limit of {limit} bytes; "
                "send smaller batches or start the server with a larger --max-request-bytes",
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            )
        raw = self.rfile.read(length)
        if len(raw) < length:
            self.close_connection = True
            raise BadRequest("the request body ended before Content-Length bytes")
        try:
            return json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise BadRequest(f"the request body is not valid JSON ({exc})") from None

    def _send(self, status: HTTPStatus, payload: dict[str, Any]) -> None:
        blob = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(blob)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(blob)

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._send(status, {"error": message, "status": int(status)})

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)


def _routes() -> str:
    return "POST /get_reward, POST /verify, GET /health"


class RewardServer(ThreadingHTTPServer):
    """The threading HTTP server with a request size bound; one thread per connection."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # the default of 5 resets connections a trainer opens at once

    def __init__(
        self,
        address: tuple[str, int],
        max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
    ) -> None:
        self.max_request_bytes = max_request_bytes
        super().__init__(address, RewardHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


def make_server(
    host: str = "127.0.0.1", port: int = 8000, *, max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
) -> RewardServer:
    """A reward server bound to (host, port); port 0 picks a free port (see `server.url`)."""
    return RewardServer((host, port), max_request_bytes)


def serve_in_thread(server: RewardServer) -> threading.Thread:
    """Runs `server` in a daemon thread (for tests and notebooks); stop with `server.shutdown()`."""
    thread = threading.Thread(target=server.serve_forever, name="palaestra-serve", daemon=True)
    thread.start()
    return thread
