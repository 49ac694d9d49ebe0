"""Throughput benchmark against reasoning-gym (`python -m palaestra.benchmarks.perf`)."""
