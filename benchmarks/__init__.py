"""Eval suites, exporters to trainer formats and the throughput benchmark."""
