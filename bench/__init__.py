"""Benchmarks comparing pgsnake with PostgreSQL 15 (run: python bench/run.py).

Entry points: bench.run.main; workloads in bench.workloads.WORKLOADS

PostgreSQL: src/bin/pgbench/pgbench.c (main)
"""
