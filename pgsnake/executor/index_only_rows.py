"""An Index Only Scan's rows, made from index entries: shared by the B-tree's
(index_scan_nodes.py) and GiST's (gist_bitmap_scan.py) Index Only Scans.

Entry point:
    index_only_rows(state, entries, visible_pages, recheck=None) -> rows

Each entry is (heap TID, the index columns' values, whether the row must be
rechecked). A heap page the visibility map says is all-visible is not visited; on any
other page the HOT chain tells whether a version is visible to the snapshot (and which
one: the row carries its TID). The row is laid out as the table's (an index expression
column is no table column: left NULL), then the TID and the table's OID, as every scan
row. The heap fetches count as idx_tup_fetch (those that found a version) and as
EXPLAIN ANALYZE's "Heap Fetches" (all of them, PostgreSQL's ntuples2).

PostgreSQL: executor/nodeIndexonlyscan.c (IndexOnlyNext, StoreIndexTuple).
"""
from __future__ import annotations

from typing import Callable, Iterable

from pgsnake.access.heap import heapam, visibility_map
from pgsnake.utils.activity import pgstat


def index_only_rows(state, entries: Iterable[tuple], visible_pages: dict,
                    recheck: Callable[[list], bool] | None = None) -> list[list]:
    """The visible rows of one batch of `entries` for the scan node `state` (its plan:
    relation, index; its estate's snapshot; its EXPLAIN counters). `visible_pages`
    (heap block -> all-visible?) is the caller's, kept as long as it wants one map
    look per page; `recheck(row)` tests a row whose entry asks for it."""
    plan, snapshot = state.plan, state.estate.snapshot
    relation = plan.relation
    natts = len(relation.attributes)
    positions = [attnum - 1 for attnum in plan.index.index.heap_attnums]
    reloid = relation.oid
    rows = []
    fetched = 0             # heap fetches that found a version (idx_tup_fetch)
    visits = 0              # heap fetches, found or not (PostgreSQL's ntuples2)
    for tid, values, needs_recheck in entries:
        if tid[0] not in visible_pages:
            visible_pages[tid[0]] = visibility_map.all_visible(relation, tid[0])
        if not visible_pages[tid[0]]:
            visits += 1
            found = heapam.heap_hot_fetch(relation, tid, snapshot)
            if found is None:
                continue
            fetched += 1
            tid = found[0]
        row = [None] * natts
        for position, value in zip(positions, values):
            if position >= 0:
                row[position] = value
        row.append(tid)
        row.append(reloid)
        if needs_recheck and recheck is not None and not recheck(row):
            continue
        rows.append(row)
    if fetched:
        pgstat.table_status(plan.index).tuples_fetched += fetched
    if visits and state.counters is not None:
        state.counters.heap_fetches += visits        # EXPLAIN ANALYZE "Heap Fetches"
    return rows
