"""possouk benchmarks: run on demand with ``python -m bench.run_all`` (see README.md)."""
