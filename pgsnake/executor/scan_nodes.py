"""Leaf and pass-through nodes: Seq Scan, Values Scan, Function Scan, Subquery Scan,
Result, Append.

A Seq Scan row is the relation's columns in attnum order followed by ctid and tableoid,
then the header system columns the query asks for (xmin, cmin, xmax, cmax: the plan's
system_columns), the layout optimizer.planner gives SeqScan.output_keys; its batch is one heap page of
visible tuples (heapam.heap_scan_rows), decoded only up to the last column the plan reads
(column_pruning.py: the others are None). During an EvalPlanQual re-check every scan
returns just its substitute row (eval_plan_qual.py).

PostgreSQL: executor/nodeSeqscan.c, nodeValuesscan.c, nodeFunctionscan.c,
nodeSubqueryscan.c, nodeResult.c, nodeAppend.c.
"""
from __future__ import annotations

import itertools

from pgsnake.access.heap import heapam
from pgsnake.datatypes.registry import Record
from pgsnake.executor import (catalog_scan_keys, column_pruning, eval_plan_qual,
                              rows_from_scan, run_time_pruning, xml_table_scan)
from pgsnake.executor.expression_eval import compile_expression
from pgsnake.executor.function_results import CallResults
from pgsnake.executor.plan_state import (BATCH_ROWS, PlanState, batches_of, exec_params_in,
                                         node_state)
from pgsnake.parser.rows_from import RECORD, RowsFromCall, call_out_columns
from pgsnake.parser.xml_table import XmlTableCall
from pgsnake.optimizer.plan_nodes import (Append, FunctionScan, Result, SeqScan, SubqueryScan,
                                          ValuesScan)


class ScanState(PlanState):
    """A scan of one FROM item: in EvalPlanQual mode it returns its substitute row only."""

    def batches(self):
        substitutes = eval_plan_qual.substitute_rows(self.plan, self.estate)
        if substitutes is not None:
            rows = self.filtered(substitutes)
            if rows:
                yield rows
            return
        yield from self.scan_batches()

    def scan_batches(self):
        raise NotImplementedError


@node_state(SeqScan)
class SeqScanState(ScanState):
    def scan_batches(self):
        return self.table_batches(None)

    def table_batches(self, blocks, keep=None):
        """The filtered rows of the table's pages, of the `blocks` given (an iterator of
        block numbers: a parallel scan's share, a sample's blocks) or of them all;
        keep(tid) -> bool, when given, chooses among each page's visible rows (a
        BERNOULLI sample's line pointers)."""
        share = {} if blocks is None else {"blocks": blocks}
        relation = self.plan.relation
        reloid = relation.oid
        extra = self.plan.system_columns
        natts = len(relation.attributes)
        mapping = self.plan.column_map
        prefilter = catalog_scan_keys.prefilter_for(self.plan, self.estate)  # catalog key = value
        if mapping is None:
            # the columns up to the last one the plan reads, ctid, tableoid, extra
            for rows in heapam.heap_scan_rows(relation, self.estate.snapshot, extra,
                                              prefilter, column_pruning.decode_upto(self.plan),
                                              **share):
                if keep is not None:
                    rows = [row for row in rows if keep(row[natts])]
                rows = self.filtered(rows)
                if rows:
                    yield rows
            return
        # An inheritance child laid out unlike its parent: rows into the parent's layout.
        width = len(mapping)
        for page in heapam.heap_scan_pages(relation, self.estate.snapshot, extra,
                                           prefilter=prefilter, **share):
            page = [(tid, [None if i is None else values[i] for i in mapping]
                     + values[natts:]) for tid, values in page if keep is None or keep(tid)]
            # xmin, cmin, xmax, cmax follow ctid and tableoid
            rows = [values[:width] + [tid, reloid] + values[width:] for tid, values in page]
            rows = self.filtered(rows)
            if rows:
                yield rows


@node_state(ValuesScan)
class ValuesScanState(ScanState):
    def compile_node(self, plan):
        return [[compile_expression(e, {}) for e in row] for row in plan.values_lists]

    def scan_batches(self):
        ex = self.estate
        lists = self.code
        size = 1 if ex.one_row_at_a_time else BATCH_ROWS
        for start in range(0, len(lists), size):
            rows = self.filtered([[f(None, ex) for f in fns]
                                  for fns in lists[start:start + size]])
            if rows:
                yield rows


@node_state(FunctionScan)
class FunctionScanState(ScanState):
    """Call the function once per scan; a set-returning function yields its rows (tuples
    or lists, or single values when it returns a base type), any other function is one
    row. NULL arguments to a strict function give no rows at all. A rescan reads a
    call's rows again, without calling it, unless a parameter it reads changed
    (function_results.py)."""

    def compile_node(self, plan):
        if isinstance(plan.function, RowsFromCall):
            return rows_from_scan.compile_calls(plan.function)
        if isinstance(plan.function, XmlTableCall):
            return xml_table_scan.compile_call(plan.function)
        return (compile_expression(plan.function, {}),
                [compile_expression(a, {}) for a in plan.function.args])

    def setup(self) -> None:
        function = self.plan.function
        if isinstance(function, RowsFromCall):
            self.kept = [CallResults(exec_params_in(item)) for item in function.items]
        elif isinstance(function, XmlTableCall):
            self.kept = []
        else:
            self.kept = [CallResults(exec_params_in(function))]

    def restart(self, changed: set) -> None:
        for results in self.kept:
            results.forget_if_changed(changed)
        super().restart(changed)

    def scan_batches(self):
        function = self.plan.function
        if isinstance(function, XmlTableCall):
            produced = xml_table_scan.rows(function, self.code, self.estate)
        elif isinstance(function, RowsFromCall):
            sources = [results.source(lambda i=i: rows_from_scan.call_rows(
                           function, self.code, self.estate, i))
                       for i, results in enumerate(self.kept)]
            produced = rows_from_scan.rows(function, sources, self.plan.with_ordinality)
        else:
            produced = self.kept[0].source(self._function_rows)
        while True:
            batch = list(itertools.islice(produced, BATCH_ROWS))
            rows = self.filtered(batch)
            if rows:
                yield rows
            if len(batch) < BATCH_ROWS:
                return

    def _function_rows(self):
        call, arg_fns = self.code
        function = self.plan.function
        ex = self.estate
        if function.returns_set:
            args = [f(None, ex) for f in arg_fns]
            if function.strict and any(a is None for a in args):
                return
            produced = function.fn(*args)
        else:
            produced = [call(None, ex)]
        # RECORD, or a composite type the call named its columns of (json_populate_record):
        # a row per item
        record = rows_from_scan.returns_rows(function)
        declared = tuple((name, type_oid, -1) for name, type_oid in call_out_columns(function))
        ordinality = self.plan.with_ordinality
        for number, item in enumerate(produced, 1):
            if record and item is None:
                # a function returning a NULL record (not a set): one row of NULLs, as
                # ExecMakeTableFunctionResult (pg_stat_get_wal_receiver with none running)
                row = [None] * len(declared)
            elif record:
                row = list(item.values if isinstance(item, Record) else item)
                if isinstance(item, Record) and function.type_oid == RECORD:
                    # a record the function built (a SQL function's SELECT (1, 2.1) for
                    # its OUT parameters): its fields must be the OUT types
                    row = rows_from_scan.check_declared(item, row, declared, 0)
            else:
                row = [item]
            if ordinality:
                row.append(number)
            yield row


@node_state(SubqueryScan)
class SubqueryScanState(ScanState):
    def setup(self) -> None:
        self.subplan = self.child_state(self.plan.subplan)

    def scan_batches(self):
        for batch in batches_of(self.subplan):
            rows = self.filtered(batch)
            if rows:
                yield rows


@node_state(Result)
class ResultState(PlanState):
    """With a child: its rows, filtered. Without: one empty row if the one-time filter
    (the qual) passes."""

    def setup(self) -> None:
        self.child = self.child_state(self.plan.child) if self.plan.child is not None else None

    def batches(self):
        if self.child is None:
            rows = self.filtered([[]])
            if rows:
                yield rows
            return
        for batch in batches_of(self.child):
            rows = self.filtered(batch)
            if rows:
                yield rows


@node_state(Append)
class AppendState(PlanState):
    def setup(self) -> None:
        # Partitions ruled out by values known at start-up are not set up at all
        # (executor/run_time_pruning.py).
        self.subplans = [self.child_state(p)
                         for p in run_time_pruning.initial_subplans(self.plan, self.estate)]

    def batches(self):
        for subplan in run_time_pruning.running_subplans(self.plan, self.subplans,
                                                         self.estate):
            yield from batches_of(subplan)
