"""EXPLAIN (VERBOSE): what the VERBOSE option changes in the text format.

Entry points:
    verbose(on)                       context manager: VERBOSE for the plan being printed
    active() -> bool                  whether the plan being printed is VERBOSE
    qualified_label(plan, label)      a scan's or ModifyTable's label with its relation's
                                      (or a Function Scan's function's) schema:
                                      "Seq Scan on public.t t1"
    function_call(plan, render)       a Function Scan's "Function Call" property

Rules, as PostgreSQL 15 prints them: under VERBOSE every relation a node names is
schema-qualified (a temporary one as "pg_temp"), and so is the function a Function Scan
is named after; every expression qualifies its column names, scan quals and index
conditions included; a Function Scan lists its call as "Function Call: f(args)" before
its filter. The "Output:" lines are explain_output.py's.

PostgreSQL: commands/explain.c (ExplainScanTarget, ExplainTargetRel, show_plan_tlist,
the T_FunctionScan case of ExplainNode).
"""
from __future__ import annotations

import contextlib
import contextvars

from pgsnake.catalog import catalog_cache
from pgsnake.catalog.lookup_functions import proc_row
from pgsnake.optimizer.plan_nodes import (BitmapHeapScan, FunctionScan, IndexScan, ModifyTable,
                                          SeqScan, TidRangeScan, TidScan)

_VERBOSE: contextvars.ContextVar = contextvars.ContextVar("explain_verbose", default=False)

_PG_CATALOG = "pg_catalog"


@contextlib.contextmanager
def verbose(on: bool):
    token = _VERBOSE.set(on)
    try:
        yield
    finally:
        _VERBOSE.reset(token)


def active() -> bool:
    return _VERBOSE.get()


def relation_schema(relation) -> str:
    if relation.persistence == "t":
        return "pg_temp"          # PostgreSQL's get_namespace_name_or_temp
    return relation.namespace_name


def function_schema(function_oid: int) -> str:
    row = proc_row(function_oid)
    if row is None:
        return _PG_CATALOG
    return catalog_cache.namespace_name(row.pronamespace) or _PG_CATALOG


def _qualify(label: str, name: str, schema: str) -> str:
    """`label` with its " on <name>" (followed by the end or an alias) as
    " on <schema>.<name>"."""
    marker = f" on {name}"
    at = label.rfind(marker)
    end = at + len(marker)
    if at < 0 or (end < len(label) and label[end] != " "):
        return label
    return f"{label[:at]} on {schema}.{name}{label[end:]}"


def qualified_label(plan, label: str) -> str:
    if isinstance(plan, (SeqScan, IndexScan, BitmapHeapScan, ModifyTable, TidScan,
                         TidRangeScan)) and plan.relation is not None:
        return _qualify(label, plan.relation.name, relation_schema(plan.relation))
    if isinstance(plan, FunctionScan):
        call = single_call(plan)
        name = plan.function.function_name
        if call is not None and name is not None:
            return _qualify(label, name, function_schema(call.function_oid))
    return label


def single_call(plan):
    function = plan.function
    items = getattr(function, "items", None)
    if items is None:
        return function
    return items[0] if len(items) == 1 else None


def function_call(plan, render) -> tuple[str, str] | None:
    """("Function Call", the calls as text) for a Function Scan under VERBOSE
    ("Table Function Call" for XMLTABLE)."""
    if not isinstance(plan, FunctionScan):
        return None
    if getattr(plan.function, "namespace_names", None) is not None:     # XMLTABLE
        from pgsnake.parser import xml_table
        return "Table Function Call", xml_table.deparse(plan.function, render)
    items = getattr(plan.function, "items", None)
    calls = list(items) if items is not None else [plan.function]
    return "Function Call", ", ".join(render(call) for call in calls)
