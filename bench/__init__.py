"""Benchmarks: measurements kept out of the test assertions."""
