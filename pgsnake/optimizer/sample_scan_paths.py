"""TABLESAMPLE: a table sampled by SYSTEM or BERNOULLI is read by a Sample Scan, its
only path (no index paths, no partial paths).

Entry point:
    sample_scan(rtindex, relation, alias, sample, pages, tuples, quals)
        -> (SampleScan, sampled tuples)   the scan with PostgreSQL's costs, and the rows
                                          it is estimated to read before its quals

The method estimates what the sample reads from the percentage when the planner folded
it to a constant (SampleScanGetSampleSize; 10 % otherwise): SYSTEM a share of the pages,
charged at random_page_cost (it jumps between blocks), BERNOULLI every page at
seq_page_cost; both a share of the tuples, each at cpu_tuple_cost plus the quals. The
arguments are evaluated once per scan and cost nothing (cost_samplescan). Both methods
repeat their sample across re-scans, so a Sample Scan on the inner side of a nested
loop needs no Materialize (set_tablesample_rel_pathlist).

PostgreSQL: optimizer/path/allpaths.c (set_tablesample_rel_size,
set_tablesample_rel_pathlist), costsize.c (cost_samplescan), createplan.c
(create_samplescan_plan).
"""
from __future__ import annotations

from pgsnake.optimizer import cost
from pgsnake.optimizer.index_paths import RANDOM_PAGE_COST
from pgsnake.optimizer.plan_nodes import SampleScan
from pgsnake.parser.expression_nodes import Const


def _constant_percent(sample):
    arg = sample.args[0] if sample.args else None
    if isinstance(arg, Const) and arg.value is not None:
        return float(arg.value)
    return None


def sample_scan(rtindex: int, relation, alias: str, sample, pages: int, tuples: float,
                quals) -> tuple[SampleScan, float]:
    method = sample.method
    sampled_pages, sampled_tuples = method.sample_size(pages, tuples,
                                                       _constant_percent(sample))
    page_cost = RANDOM_PAGE_COST if method.whole_blocks else cost.SEQ_PAGE_COST
    node = SampleScan(rtindex=rtindex, relation=relation, alias=alias, tablesample=sample)
    startup = cost.qual_startup_cost(quals)
    node.startup_cost = startup
    node.total_cost = startup + page_cost * sampled_pages \
        + (cost.CPU_TUPLE_COST + cost.qual_cost_per_row(quals)) * sampled_tuples
    return node, sampled_tuples
