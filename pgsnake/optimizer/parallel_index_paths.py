"""Partial index paths: a Parallel Index Scan / Parallel Index Only Scan of a table's
B-tree index, each leaf page read by one of the processes running it (executor
gather_nodes.py, access/nbtree/parallel_scan.py), as a candidate for a Gather or a
partial aggregation beside the Parallel Seq Scan (parallel_paths.py).

Entry point: `partial_index_scans(planner, seq_scan)` -> [(ParallelIndexScan, workers)],
one per B-tree index that would give a serial Index [Only] Scan for the table's
restriction clauses (the candidates of index_paths.cheapest_scan: usable clauses, a
partial index or a covering one), newest index first.

Which and how (build_index_paths' partial paths, cost_index with partial_path):
- forward scans only, of B-tree indexes (amcanparallel); `= ANY (array)` clauses
  too (the participants share each set of elements' scan in turn);
- the worker count is compute_parallel_worker of the heap pages the scan reads at
  random (Mackert and Lohman; not counted for an index-only scan) and of the index
  pages it reads (btcostestimate's numIndexPages), or the table's parallel_workers
  reloption; no worker, no path;
- the cost is the serial scan's with the per-tuple CPU cost (cpu_tuple_cost and the
  filter per fetched tuple) divided by the parallel divisor; index and heap I/O and
  the index's own CPU cost are paid in full, by the process that reads each page;
  rows are the serial rows over the divisor.

Where we differ from PostgreSQL: no backward or ordered partial index paths (a Gather
Merge over a Parallel Index Scan for ORDER BY); no partial index paths below joins.

PostgreSQL: optimizer/path/indxpath.c (build_index_paths), costsize.c (cost_index),
allpaths.c (compute_parallel_worker).
"""
from __future__ import annotations

from pgsnake.optimizer import cost, index_expression_paths, index_paths, parallel_paths
from pgsnake.optimizer.plan_nodes import BitmapIndexScan
from pgsnake.rewrite import row_security


def _index_inputs(planner, seq_scan):
    """(rtindex, restriction quals, B-tree indexes, pages, tuples, unique columns) of
    the table `seq_scan` reads, or None when it has no index or is a modified table."""
    rtindex = seq_scan.rtindex
    quals = getattr(planner, "restriction_quals", {}).get(rtindex)
    indexes = getattr(planner, "table_index_lists", {}).get(rtindex)
    if quals is None or not indexes or rtindex == planner.query.result_relation:
        return None
    pages, tuples = planner._table_size(rtindex)
    return (rtindex, quals, indexes, pages, tuples,
            planner.unique_columns.get(rtindex, set()))


def partial_index_scans(planner, seq_scan) -> list:
    """[(ParallelIndexScan, workers)] for the table `seq_scan` reads (a SeqScan with the
    level's restriction clauses as its qual, costed and with its rows and layout)."""
    found = _index_inputs(planner, seq_scan)
    if found is None:
        return []
    rtindex, quals, indexes, pages, tuples, unique = found
    relation = seq_scan.relation
    rte = planner.query.range_table[rtindex - 1]
    needed = planner.needed.get(rtindex, set())
    total_table_pages = planner._total_table_pages()
    all_visible = index_paths.all_visible_fraction(relation, pages)
    made = []
    for index in reversed(indexes):     # (newest first, as cheapest_scan offers them)
        if not index_expression_paths.predicate_usable(index, rtindex, quals):
            continue
        clauses = index_paths.match_index_clauses(index, rtindex, quals)
        if not clauses and index.predicate is None and \
                not index_paths._covers(index, needed, quals):
            continue
        used = [c.clause for c in clauses]
        filters = index_expression_paths.drop_implied(
            [q for q in quals if not any(q is u for u in used)], index, rtindex, False)
        estimate = index_paths.estimate_index(index, clauses, rtindex, unique, planner.stats)
        index_only = index_paths._covers(index, needed, used + filters)
        visible = all_visible if index_only else 0.0
        # (an index-only scan counts its index pages alone: the few heap pages it
        # reads would rule parallelism out)
        heap_pages = None if index_only else index_paths.random_heap_pages(
            estimate, pages, tuples, index.pages, total_table_pages)
        workers = parallel_paths.compute_parallel_worker(
            heap_pages, relation.parallel_workers, estimate.index_pages)
        if workers <= 0:
            continue
        divisor = parallel_paths.parallel_divisor(workers)
        scan = parallel_paths.ParallelIndexScan(
            rtindex=rtindex, relation=relation, index=index.relation, index_clauses=clauses,
            alias=seq_scan.alias, index_only=index_only,
            system_columns=seq_scan.system_columns)
        scan.qual = row_security.order_scan_quals(rte, filters, cost.order_by_cost)
        scan.startup_cost, scan.total_cost = index_paths.cost_index_scan(
            estimate, filters, pages, tuples, index.pages, total_table_pages,
            all_visible=visible, parallel_divisor=divisor)
        scan.plan_rows = cost.clamp_rows(seq_scan.plan_rows / divisor)
        scan.plan_width, scan.output_keys = seq_scan.plan_width, seq_scan.output_keys
        scan.parallel_workers = workers
        made.append((scan, workers))
    return made


def partial_bitmap_scans(planner, seq_scan) -> list:
    """[(ParallelBitmapHeapScan, workers)]: over the Bitmap Index Scan of the B-tree
    index whose serial Bitmap Heap Scan costs least (create_partial_bitmap_paths over
    the serial bitmap), when the table's pages it reads make a worker."""
    found = _index_inputs(planner, seq_scan)
    if found is None:
        return []
    rtindex, quals, indexes, pages, tuples, unique = found
    relation = seq_scan.relation
    best = None
    for index in reversed(indexes):
        if not index_expression_paths.predicate_usable(index, rtindex, quals):
            continue
        clauses = index_paths.match_index_clauses(index, rtindex, quals)
        if not clauses and index.predicate is None:
            continue
        estimate = index_paths.estimate_index(index, clauses, rtindex, unique, planner.stats)
        _, _, total = index_paths.cost_bitmap_scan(estimate, seq_scan.plan_rows, quals,
                                                   pages, tuples)
        if best is None or total < best[0]:
            best = total, index, clauses, estimate
    if best is None:
        return []
    _, index, clauses, estimate = best
    workers = parallel_paths.compute_parallel_worker(
        index_paths.bitmap_heap_pages(estimate.selectivity, pages, tuples),
        relation.parallel_workers)
    if workers <= 0:
        return []
    divisor = parallel_paths.parallel_divisor(workers)
    bitmap_index = BitmapIndexScan(rtindex=rtindex, relation=relation, index=index.relation,
                                   index_clauses=clauses)
    used = [c.clause for c in clauses]
    filters = index_expression_paths.drop_implied(
        [q for q in quals if not any(q is u for u in used)], index, rtindex, False)
    scan = parallel_paths.ParallelBitmapHeapScan(
        rtindex=rtindex, relation=relation, child=bitmap_index, alias=seq_scan.alias,
        system_columns=seq_scan.system_columns,
        recheck_quals=index_expression_paths.bitmap_recheck(
            [c.clause for c in clauses if not c.lossy], index, rtindex))
    bitmap_index.total_cost, scan.startup_cost, scan.total_cost = \
        index_paths.cost_bitmap_scan(estimate, seq_scan.plan_rows, quals, pages, tuples,
                                     parallel_divisor=divisor)
    bitmap_index.plan_rows = cost.clamp_rows(estimate.selectivity * tuples)
    rte = planner.query.range_table[rtindex - 1]
    scan.qual = row_security.order_scan_quals(rte, filters, cost.order_by_cost)
    scan.plan_rows = cost.clamp_rows(seq_scan.plan_rows / divisor)
    scan.plan_width, scan.output_keys = seq_scan.plan_width, seq_scan.output_keys
    scan.parallel_workers = workers
    return [(scan, workers)]
