"""Benchmarks for `make bench`: each *_bench.py module returns rows of ratios against a baseline."""
