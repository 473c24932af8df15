"""The benchmark workloads, in the order the runner reports them.

Entry point: WORKLOADS (name -> Workload)

PostgreSQL: src/bin/pgbench/pgbench.c (built-in scripts, as the idea of named workloads)
"""
from __future__ import annotations

from . import (catalog_reflection, concurrent_insert, connect, connect_tools, copy_from,
               copy_to, correlated_subquery, ddl_loop, fk_insert, hash_join,
               many_table_join, multi_row_insert, order_by_limit, point_update,
               prepared_select, scan_filter_aggregate, single_row_insert, union_all_subquery,
               window_subquery)
from .base import Workload

WORKLOADS: dict[str, Workload] = {
    module.WORKLOAD.name: module.WORKLOAD
    for module in (single_row_insert, multi_row_insert, scan_filter_aggregate, hash_join,
                   order_by_limit, window_subquery, union_all_subquery, point_update,
                   prepared_select, concurrent_insert,
                   copy_from, copy_to, connect, ddl_loop, catalog_reflection, fk_insert,
                   many_table_join, correlated_subquery)
}
# connect_tools has three workloads (psql -c, pgbench -C, pgbench TPC-B)
for _workload in (connect_tools.PSQL_WORKLOAD, connect_tools.PGBENCH_WORKLOAD,
                  connect_tools.TPCB_WORKLOAD):
    WORKLOADS[_workload.name] = _workload
