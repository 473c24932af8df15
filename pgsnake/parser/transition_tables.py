"""Transition tables (REFERENCING OLD TABLE AS o / NEW TABLE AS n): the rows an
INSERT, UPDATE or DELETE changed, readable by name in the queries of the trigger
function it fires, as PostgreSQL's ephemeral named relations are.

While a trigger function with transition tables runs, its caller (pl/trigger_call.py)
publishes them here (push / pop, innermost first). The parser looks an unqualified
FROM name up here after the WITH queries and before the catalogs (as
scanNameSpaceForENR comes before RangeVarGetRelid), and reads it as a function scan
whose function returns the rows the published table holds at execution time; so a
plan the function keeps from one firing reads the rows of the next firing. The planner
estimates the scan's rows as the table holds when planning (the function's
planning_rows()), as PostgreSQL's enrtuples.

Entry points: push(tables), pop(), find(name) -> TransitionTable | None,
function_for(table) -> the FuncExpr a FROM item scans.

PostgreSQL: utils/misc/queryenvironment.c, parser/parse_relation.c (scanNameSpaceForENR,
addRangeTableEntryForENR), executor/nodeNamedtuplestorescan.c.
"""
from __future__ import annotations

import dataclasses

from pgsnake.parser.expression_nodes import FuncExpr

RECORD = 2249


@dataclasses.dataclass
class TransitionTable:
    name: str
    columns: list            # [(name, type oid, typmod)] of the table's live columns
    positions: list          # where each column is in a stored row
    rows: list               # the changed rows (full table rows), filled by the executor


_stack: list[dict] = []


def push(tables: dict) -> None:
    _stack.append(tables)


def pop() -> None:
    _stack.pop()


def find(name: str) -> TransitionTable | None:
    for tables in reversed(_stack):
        if name in tables:
            return tables[name]
    return None


def _current_rows(name: str, positions: list) -> list:
    table = find(name)
    if table is None:
        return []
    return [[row[i] for i in positions] for row in table.rows]


class _TableRows:
    """The scan's function: the rows the table named `name` holds when it runs.
    `planning_rows()` is the planner's row estimate, how many it holds when the query
    is planned (set_namedtuplestore_size_estimates' enrtuples). EXPLAIN names the scan
    as PostgreSQL's NamedTuplestoreScan (`named_tuplestore`)."""
    __slots__ = ("name", "positions")
    named_tuplestore = True

    def __init__(self, name: str, positions: list):
        self.name, self.positions = name, positions

    def __call__(self) -> list:
        return _current_rows(self.name, self.positions)

    def planning_rows(self) -> float:
        table = find(self.name)
        return float(len(table.rows)) if table is not None else 0.0


def function_for(table: TransitionTable) -> FuncExpr:
    return FuncExpr(table.name, 0, _TableRows(table.name, list(table.positions)), (),
                    RECORD, strict=False, volatility="v", returns_set=True)
