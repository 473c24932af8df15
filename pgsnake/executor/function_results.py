"""A Function Scan's kept results: what one call returned, read again on a rescan.

PostgreSQL runs each function of a Function Scan into a tuplestore and, on a rescan,
reads the tuplestore again unless a parameter the function reads changed (a lateral
reference to the outer row): a call with no outer reference, say nextval('s') beside
generate_series(1, t.x) in ROWS FROM, or generate_series(1, 3) on the inner side of a
Nested Loop, runs once however often the scan restarts.

Entry points:
    CallResults(params)         one call's kept rows; params: the PARAM_EXEC slots it reads
    .source(produce)            an iterator over the rows: the kept ones, or produce()'s,
                                recorded as they pass
    .forget_if_changed(changed) a rescan: drop the rows when the call must run again

Rules:
1. Rows are kept only when the call ran to its end: a scan stopped early (LIMIT) runs the
   call again on its next scan.
2. At most work_mem's worth of rows is kept (at _ROW_BYTES a row): a bigger result is
   not kept, and the call runs again on a rescan.

Where we differ from PostgreSQL: a result too big to keep (rule 2) is computed again on a
rescan where PostgreSQL's tuplestore spills to disk, so a volatile call there runs again.

PostgreSQL: executor/nodeFunctionscan.c (ExecReScanFunctionScan, the per-function
tuplestores), executor/execSRF.c (ExecMakeTableFunctionResult).
"""
from __future__ import annotations

from pgsnake.utils import settings

_ROW_BYTES = 64          # rule 2: a row's size for the work_mem bound


class CallResults:
    __slots__ = ("params", "rows")

    def __init__(self, params) -> None:
        self.params = frozenset(params)
        self.rows: list | None = None       # complete results (rule 1), or None

    def forget_if_changed(self, changed) -> None:
        if self.rows is not None and not self.params.isdisjoint(changed):
            self.rows = None

    def source(self, produce):
        if self.rows is not None:
            return iter(self.rows)
        return self._recording(produce())

    def _recording(self, produced):
        limit = settings.get("work_mem") * 1024 // _ROW_BYTES
        kept: list | None = []
        for row in produced:
            if kept is not None:
                kept.append(row)
                if len(kept) > limit:
                    kept = None
            yield row
        self.rows = kept
