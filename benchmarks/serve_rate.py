"""Requests per second of `palaestra serve` on localhost, under concurrent clients.

    python -m palaestra.benchmarks.serve_rate [--concurrency 16] [--seconds 10] [ENV_ID ...]

Starts ``palaestra serve --port 0`` in a subprocess (so that clients and server do not share a
GIL), then `concurrency` client threads, each on its own keep-alive connection, post
OpenRLHF-style ``/get_reward`` requests of one query each (as OpenRLHF sends them) for
`seconds`, cycling through tasks of the given envs with right and wrong responses. Prints
requests/s and latency percentiles. Loopback only; bounded in time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import statistics
import subprocess
import sys
import threading
import time

DEFAULT_ENVS = ("sat/ksat-v1", "math/arithmetic-v1", "puzzles/sudoku-v1")


def _payloads(env_ids: list[str], count: int) -> list[bytes]:
    import palaestra

    payloads = []
    for env_id in env_ids:
        env = palaestra.make(env_id)
        for index, task in enumerate(env.stream(count, seed=1, difficulty="1-5")):
            prompt = f"<|user|>{task.prompt}<|assistant|>"
            response = env.solve(task) if index % 2 else "I think <answer>0</answer>"
            body = {
                "query": [prompt + response],
                "prompts": [prompt],
                "labels": [task.model_dump_json()],
            }
            payloads.append(json.dumps(body).encode())
    return payloads


def run(env_ids: list[str], concurrency: int, seconds: float) -> dict[str, float]:
    payloads = _payloads(env_ids, 32)
    server = subprocess.Popen(
        [sys.executable, "-m", "palaestra", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = server.stdout.readline() if server.stdout else ""
        match = re.search(r"http://([\d.]+):(\d+)", line)
        if match is None:
            raise RuntimeError(f"the server did not start: {line!r}")
        host, port = match[1], int(match[2])
        latencies: list[float] = []
        errors = [0]
        lock = threading.Lock()
        stop = time.perf_counter() + seconds

        def client(offset: int) -> None:
            connection = http.client.HTTPConnection(host, port, timeout=60)
            done: list[float] = []
            index = offset
            while time.perf_counter() < stop:
                body = payloads[index % len(payloads)]
                index += concurrency
                started = time.perf_counter()
                try:
                    connection.request(
                        "POST", "/get_reward", body, {"Content-Type": "application/json"}
                    )
                    response = connection.getresponse()
                    response.read()
                    failed = response.status != 200
                except OSError:
                    connection.close()
                    connection = http.client.HTTPConnection(host, port, timeout=60)
                    failed = True
                if failed:
                    with lock:
                        errors[0] += 1
                    continue
                done.append(time.perf_counter() - started)
            connection.close()
            with lock:
                latencies.extend(done)

        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors[0],
        "seconds": elapsed,
        "requests_per_s": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("envs", nargs="*", default=list(DEFAULT_ENVS))
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    result = run(args.envs, args.concurrency, args.seconds)
    print(f"envs: {', '.join(args.envs)}; concurrency {args.concurrency}")
    print(
        f"{result['requests']} requests in {result['seconds']:.1f} s: "
        f"{result['requests_per_s']:.0f} requests/s, p50 {result['p50_ms']:.1f} ms, "
        f"p99 {result['p99_ms']:.1f} ms, {result['errors']} errors"
    )


if __name__ == "__main__":
    main()
