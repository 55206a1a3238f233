"""Benchmarks for SafeReport: one script per figure in docs/benchmarks.md."""
