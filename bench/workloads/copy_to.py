"""Workload: COPY bench_facts TO STDOUT, in text format.

A sequential scan whose rows go through each column's output function and COPY's text
escaping, streamed to the client as CopyData messages.

Entry point: WORKLOAD
PostgreSQL: src/backend/commands/copyto.c (CopyTo, CopyOneRowTo)
"""
from __future__ import annotations

from .base import Workload, load_facts_table


def setup(conn, size: int) -> None:
    load_facts_table(conn, size)


def run(conn, target, size: int) -> int:
    rows = 0
    with conn.cursor() as cur:
        with cur.copy("COPY bench_facts TO STDOUT") as copy:
            for chunk in copy:
                rows += bytes(chunk).count(b"\n")
    return rows


WORKLOAD = Workload(
    name="copy_to",
    measures="COPY TO STDOUT, text format: scan + output functions + CopyData per row",
    setup=setup, run=run, quick_size=20_000, full_size=100_000)
