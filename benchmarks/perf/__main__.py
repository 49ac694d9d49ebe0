"""`python -m palaestra.benchmarks.perf`: see `bench.py`."""

from palaestra.benchmarks.perf.bench import main

main()
