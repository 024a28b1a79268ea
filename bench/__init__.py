"""Benchmarks at county scale: the data seeder (`manage.py bench_seed`) and the runner behind
`make bench` (`python -m bench.run`). Never imported by the portal itself, never collected by
`make test`; results go to bench/results/ (git-ignored)."""
