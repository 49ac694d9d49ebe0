"""`palaestra serve` over real HTTP on localhost: OpenRLHF's protocol, /verify, errors, load."""

from __future__ import annotations

import asyncio
import http.client
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import palaestra
from palaestra.cli import cli
from palaestra.serve import RewardServer, make_server, serve_in_thread
from palaestra.testing import adversarial_outputs

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(scope="module")
def server() -> Iterator[RewardServer]:
    server = make_server("127.0.0.1", 0, max_request_bytes=2_000_000)
    serve_in_thread(server)
    yield server
    server.shutdown()
    server.server_close()


def post(server: RewardServer, path: str, body: Any, raw: bytes | None = None) -> tuple[int, Any]:
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=60)
    data = raw if raw is not None else json.dumps(body).encode()
    connection.request("POST", path, data, {"Content-Type": "application/json"})
    response = connection.getresponse()
    payload = json.loads(response.read())
    connection.close()
    return response.status, payload


def get(server: RewardServer, path: str) -> tuple[int, Any]:
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=60)
    connection.request("GET", path)
    response = connection.getresponse()
    payload = json.loads(response.read())
    connection.close()
    return response.status, payload


def chat(prompt: str) -> str:
    return f"<|im_start|>user\n{prompt}<|im_end|>\n<|im_start|>assistant\n"


def test_health(server: RewardServer) -> None:
    assert get(server, "/health") == (200, {"status": "ok", "version": palaestra.__version__})


def test_get_reward_as_openrlhf_posts_it(server: RewardServer) -> None:
    """OpenRLHF 0.11's SingleTurnAgentExecutor._fetch_rewards_via_http, with aiohttp."""
    aiohttp = pytest.importorskip("aiohttp")
    env = palaestra.make("sat/ksat-v1")
    tasks = list(env.stream(4, seed=2, difficulty=2))
    prompts = [chat(t.prompt) for t in tasks]
    responses = [env.solve(tasks[0]) + "<|im_end|>", "<answer>1</answer>", "", env.solve(tasks[3])]
    queries = [p + r for p, r in zip(prompts, responses, strict=True)]
    labels = [t.model_dump_json() for t in tasks]

    async def fetch() -> Any:
        timeout = aiohttp.ClientTimeout(total=180)
        payload = {"query": queries, "prompts": prompts, "labels": labels}
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.post(f"{server.url}/get_reward", json=payload) as response,
        ):
            response.raise_for_status()
            return await response.json()

    result = asyncio.run(fetch())
    assert result["rewards"] == [1.0, 0.0, 0.0, 1.0] == result["scores"]
    assert result["extra_logs"] == {
        "correct": [1.0, 0.0, 0.0, 1.0],
        "prompt_not_found": [0.0, 0.0, 0.0, 0.0],
    }


def test_get_reward_recovers_the_response_without_an_exact_prompt(server: RewardServer) -> None:
    env = palaestra.make("sat/ksat-v1")
    task = env.generate(5, 1)
    # A decode that does not give the templated prompt back: the task prompt still anchors.
    query = chat(task.prompt).replace("<|im_start|>", "<s>") + env.solve(task)
    body = {"query": [query], "prompts": [chat(task.prompt)], "labels": [task.model_dump_json()]}
    assert post(server, "/get_reward", body)[1]["rewards"] == [1.0]
    # Neither prompt found: no answer, even though the prompt's own text may hold answer tags.
    body["query"] = ["garbled " + env.solve(task)]
    status, result = post(server, "/get_reward", body)
    assert status == 200 and result["rewards"] == [0.0]
    assert result["extra_logs"]["prompt_not_found"] == [1.0]


def test_verify_returns_one_verdict_per_item(server: RewardServer) -> None:
    env = palaestra.make("sat/ksat-v1")
    task = env.generate(1, 1)
    items = [
        {"task": task.model_dump_json(), "output": env.solve(task)},
        {"task": task.model_dump(mode="json"), "output": None},
        {"task": task.model_dump_json(), "output": "<answer>1 2</answer>"},
    ]
    status, result = post(server, "/verify", {"items": items})
    assert status == 200
    verdicts = [palaestra.Verdict.model_validate(v) for v in result["verdicts"]]
    assert [v.reason for v in verdicts[:2]] == ["ok", "no_answer"]
    assert verdicts[0].correct and not verdicts[2].correct
    assert verdicts[2] == env.verify(task, "<answer>1 2</answer>")


def test_model_output_never_causes_a_500(server: RewardServer) -> None:
    env = palaestra.make("sat/ksat-v1")
    task = env.generate(2, 3)
    outputs = [o for o in adversarial_outputs(task, env.solve(task)).values()]
    outputs = [o for o in outputs if o is None or len(o) < 300_000]
    items = [{"task": task.model_dump_json(), "output": o} for o in outputs]
    status, result = post(server, "/verify", {"items": items})
    assert status == 200
    assert all(v["score"] < 1.0 for v in result["verdicts"])


BAD = [
    ("/get_reward", b"{not json", 400, "the request body is not valid JSON"),
    ("/get_reward", b"[1, 2]", 400, "expected a JSON object with 'query', 'prompts' and 'labels'"),
    ("/get_reward", b'{"query": "x", "labels": []}', 400, "'query' must be a list of strings"),
    ("/get_reward", b'{"query": ["x"], "labels": ["{}"]}', 400, "labels[0]: not a palaestra task"),
    ("/get_reward", b'{"query": ["x", "y"], "labels": []}', 400,
     "query, prompts and labels must have one entry each per sample, got 2, 2 and 0"),
    ("/verify", b'{"items": {}}', 400, 'expected {"items": [{"task": <task JSON>'),
    ("/verify", b'{"items": [{"output": "x"}]}', 400, "items[0] must be an object with 'task'"),
    ("/verify", b"\xff\xfe", 400, "the request body is not valid JSON"),
    ("/nope", b"{}", 404, "no route /nope; routes: POST /get_reward, POST /verify, GET /health"),
    ("/health", b"{}", 405, "use GET for /health"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "raw", "status", "message"), BAD)
def test_malformed_requests_get_a_clear_4xx(
    server: RewardServer, path: str, raw: bytes, status: int, message: str
) -> None:
    code, payload = post(server, path, None, raw=raw)
    assert code == status
    assert payload["error"].startswith(message), payload


def test_unknown_env_and_wrong_types_are_4xx(server: RewardServer) -> None:
    task = palaestra.make("sat/ksat-v1").generate(1, 1).model_dump(mode="json")
    task["env"] = "sat/nosuch-v1"
    status, payload = post(server, "/verify", {"items": [{"task": task, "output": "x"}]})
    assert status == 400 and "unknown environment 'sat/nosuch-v1'" in payload["error"]
    good = palaestra.make("sat/ksat-v1").generate(1, 1).model_dump_json()
    status, payload = post(server, "/verify", {"items": [{"task": good, "output": 5}]})
    assert (status, payload["error"]) == (400, "items[0].output must be a string or null")
    assert get(server, "/get_reward")[0] == 405 and get(server, "/x")[0] == 404


def test_request_size_is_bounded(server: RewardServer) -> None:
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=60)
    connection.putrequest("POST", "/verify")
    connection.putheader("Content-Length", "2000001")
    connection.endheaders()  # the server answers before reading any of the body
    response = connection.getresponse()
    payload = json.loads(response.read())
    connection.close()
    assert response.status == 413 and "over the limit of 2000000 bytes" in payload["error"]
    assert response.getheader("Connection") == "close"
    assert get(server, "/health")[0] == 200  # still serving


def test_concurrent_clients_get_their_own_answers(server: RewardServer) -> None:
    envs = ["sat/ksat-v1", "math/arithmetic-v1"]
    cases = []
    for env_id in envs:
        env = palaestra.make(env_id)
        for index, task in enumerate(env.stream(16, seed=9, difficulty="1-3")):
            output = env.solve(task) if index % 2 else "<answer>-1</answer>"
            expected = env.verify(task, output).score
            prompt = chat(task.prompt)
            body = {
                "query": [prompt + output],
                "prompts": [prompt],
                "labels": [task.model_dump_json()],
            }
            cases.append((body, expected))
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda case: post(server, "/get_reward", case[0]), cases))
    assert [r[1]["rewards"] for r in results] == [[expected] for _, expected in cases]
    assert all(status == 200 for status, _ in results)


def test_readme_snippet_against_the_cli_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's OpenRLHF lines: export, `palaestra serve` in a subprocess, a request."""
    monkeypatch.chdir(tmp_path)
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- snippet: openrlhf -->")
    bash = re.compile(r"```bash\n(.*?)```", re.S).search(text, start)
    python = re.compile(r"```python\n(.*?)```", re.S).search(text, start)
    assert bash and python
    export, serve = bash[1].splitlines()[:2]
    result = CliRunner().invoke(cli, [*export.split()[1:], "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert serve.startswith("palaestra serve") and serve.endswith("&")
    args = serve.rstrip("& ").split()[1:]
    args[args.index("--port") + 1] = "0"
    process = subprocess.Popen(
        [sys.executable, "-m", "palaestra", *args], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = re.search(r"http://\S+", line)
        assert url, line
        snippet = re.sub(r'^SERVER = ".*"$', f"SERVER = {url[0]!r}", python[1], flags=re.M)
        namespace: dict[str, Any] = {}
        exec(compile(snippet, "README.md[openrlhf]", "exec"), namespace)
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stdout is not None:
            process.stdout.close()
    label = json.loads(Path("train.openrlhf.jsonl").read_text().splitlines()[0])["label"]
    assert palaestra.Task.model_validate_json(label).env == "sat/ksat-v1"
