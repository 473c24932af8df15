"""Tid Scan and Tid Range Scan (plans from optimizer/tid_paths.py).

Tid Scan: the TID conditions are evaluated once per scan (a rescan with new parameter
values evaluates them again) into a list of TIDs: `ctid = expr`'s value, the elements
of `ctid = ANY (array)`, the row a cursor is on for CURRENT OF (its newest version this
snapshot sees); NULLs, offset 0 and pages past the table's end are dropped; several are
sorted and deduplicated. Each is fetched exactly (no HOT chain is followed: a TID of a
dead version finds nothing) and returned if the snapshot sees it and the filter passes.

Tid Range Scan: the bounds' expressions are evaluated once; a NULL bound gives no rows;
the pages from the lower bound's to the upper bound's are read as a Seq Scan reads
them, keeping the rows whose ctid is within both bounds.

Rows are a Seq Scan's (columns, ctid, tableoid, the requested header system columns); an
inheritance child laid out unlike its parent gives them in the parent's layout.

PostgreSQL: executor/nodeTidscan.c (TidListEval, TidNext), nodeTidrangescan.c
(TidRangeEval, TidRangeNext).
"""
from __future__ import annotations

from pgsnake.access.heap import heapam
from pgsnake.executor import column_pruning, current_of
from pgsnake.executor.expression_eval import compile_expression
from pgsnake.executor.plan_state import node_state
from pgsnake.executor.scan_nodes import ScanState
from pgsnake.optimizer import tid_paths
from pgsnake.optimizer.plan_nodes import TidRangeScan, TidScan
from pgsnake.parser.current_of import CurrentOfExpr
from pgsnake.parser.expression_nodes import ScalarArrayOpExpr
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.smgr.relation_path import ForkNumber


def _operand(qual, rtindex: int, operators):
    return tid_paths._ctid_comparison(qual, rtindex, operators)


@node_state(TidScan)
class TidScanState(ScanState):
    def compile_node(self, plan):
        sources = []
        for qual in plan.tid_quals:
            if isinstance(qual, CurrentOfExpr):
                sources.append(("current", current_of.compile_current_tid(qual)))
            elif isinstance(qual, ScalarArrayOpExpr):
                if qual.array is not None:
                    sources.append(("array", compile_expression(qual.array, {})))
                else:
                    sources.extend(("one", compile_expression(item, {}))
                                   for item in qual.items)
            else:
                _op, other = _operand(qual, plan.rtindex, ("=",))
                sources.append(("one", compile_expression(other, {})))
        return sources

    def _tids(self) -> list:
        ex = self.estate
        relation = self.plan.relation
        tids = []
        for kind, fn in self.code:
            if kind == "current":
                tid = fn(relation, ex)
                if tid is not None:
                    tids.append(tid)
            elif kind == "array":
                value = fn(None, ex)
                if value is not None:
                    tids.extend(t for t in value if t is not None)
            else:
                tid = fn(None, ex)
                if tid is not None:
                    tids.append(tid)
        blocks = bufmgr.nblocks(relation.locator, ForkNumber.MAIN)
        tids = [t for t in tids if t[1] != 0 and t[0] < blocks]
        return sorted(set(tids)) if len(tids) > 1 else tids

    def scan_batches(self):
        relation = self.plan.relation
        snapshot = self.estate.snapshot
        extra = self.plan.system_columns
        mapping = self.plan.column_map
        reloid = relation.oid
        rows = []
        for tid in self._tids():
            values = heapam.heap_fetch(relation, tid, snapshot)
            if values is None:
                continue
            if mapping is not None:
                values = [None if i is None else values[i] for i in mapping]
            row = list(values) + [tid, reloid]
            if extra:
                row += heapam.heap_system_columns(relation, tid, extra)
            rows.append(row)
        rows = self.filtered(rows)
        if rows:
            yield rows


@node_state(TidRangeScan)
class TidRangeScanState(ScanState):
    def compile_node(self, plan):
        bounds = []
        for qual in plan.tid_range_quals:
            operator, other = _operand(qual, plan.rtindex, ("<", "<=", ">", ">="))
            bounds.append((operator, compile_expression(other, {})))
        return bounds

    def _bounds(self):
        """(lowest tid, highest tid) included, None when no row can qualify."""
        low, high = (0, 1), (0xFFFFFFFF, 0xFFFF)
        for operator, fn in self.code:
            value = fn(None, self.estate)
            if value is None:
                return None
            block, offset = value
            if operator == ">":
                value = (block, offset + 1) if offset < 0xFFFF else (block + 1, 1)
            elif operator == "<":
                value = (block, offset - 1) if offset > 1 else (block - 1, 0xFFFF)
                if block == 0 and offset <= 1:
                    return None
            if operator in (">", ">="):
                low = max(low, value)
            else:
                high = min(high, value)
        return (low, high) if low <= high else None

    def scan_batches(self):
        bounds = self._bounds()
        if bounds is None:
            return
        (low_block, _), (high_block, _) = low, high = bounds
        relation = self.plan.relation
        blocks = bufmgr.nblocks(relation.locator, ForkNumber.MAIN)
        if low_block >= blocks:
            return
        ctid_at = len(relation.attributes)
        mapping = self.plan.column_map
        for rows in heapam.heap_scan_rows(relation, self.estate.snapshot,
                                          self.plan.system_columns, None,
                                          column_pruning.decode_upto(self.plan),
                                          blocks=iter(range(low_block,
                                                            min(high_block, blocks - 1) + 1))):
            rows = [r for r in rows if low <= r[ctid_at] <= high]
            if mapping is not None:     # an inheritance child: into the parent's layout
                rows = [[None if i is None else r[i] for i in mapping] + r[ctid_at:]
                        for r in rows]
            rows = self.filtered(rows)
            if rows:
                yield rows
