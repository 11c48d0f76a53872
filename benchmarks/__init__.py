"""Benchmarks: each ``bench_<area>.py`` has ``run(quick: bool) -> dict`` of figures (ratios to a baseline
measured in the same run). ``make bench`` (``python -m benchmarks``) runs them all."""
