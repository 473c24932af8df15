"""Plan nodes of set operations and WITH queries: SetOp, Recursive Union, WorkTable
Scan, CTE Scan.

    SetOp            INTERSECT / EXCEPT [ALL] over an Append whose rows carry, after the
                     `num_columns` result columns, a flag column: 0 for a row of the
                     left input, 1 for the right. 'hashed' counts both sides per group
                     in a hash table; 'sorted' expects its input sorted on the result
                     columns. Its output row is its input row (flag included).
    RecursiveUnion   WITH RECURSIVE's UNION [ALL]: runs `non_recursive`, then
                     `recursive` again and again over the rows the previous round
                     produced (the work table, `work_table_id`) until a round adds none;
                     UNION (`distinct`) drops rows seen before.
    WorkTableScan    the rows of the work table of its Recursive Union.
    CteScan          the rows of a WITH query that is computed once per execution
                     (`cte_plan`, shared by every CTE Scan of it; EXPLAIN lists it as
                     "CTE name" above the scans).

PostgreSQL: include/nodes/plannodes.h (SetOp, RecursiveUnion, WorkTableScan, CteScan).
"""
from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

from pgsnake.optimizer.plan_nodes import Plan

_SET_OP_NAMES = {("intersect", False): "Intersect", ("intersect", True): "Intersect All",
                 ("except", False): "Except", ("except", True): "Except All"}


@dataclasses.dataclass(eq=False)
class SetOp(Plan):
    child: Plan | None = None
    op: str = "intersect"             # 'intersect' | 'except'
    all: bool = False
    strategy: str = "hashed"          # 'hashed' | 'sorted'
    num_columns: int = 0              # result columns; the flag column follows them

    def children(self):
        return [self.child]

    def explain_name(self) -> str:
        prefix = "HashSetOp" if self.strategy == "hashed" else "SetOp"
        return f"{prefix} {_SET_OP_NAMES[(self.op, self.all)]}"


@dataclasses.dataclass(eq=False)
class RecursiveUnion(Plan):
    non_recursive: Plan | None = None
    recursive: Plan | None = None
    work_table_id: int = 0            # which WorkTableScans read this union's work table
    work_param: int = 0               # PARAM_EXEC slot: the work table, changed each round
    distinct: bool = False            # UNION (not UNION ALL): drop duplicate rows
    num_columns: int = 0

    def children(self):
        return [self.non_recursive, self.recursive]

    def explain_name(self) -> str:
        return "Recursive Union"


@dataclasses.dataclass(eq=False)
class WorkTableScan(Plan):
    materializes_output: ClassVar[bool] = True    # a re-scan reads stored rows again
    rtindex: int = 0
    work_table_id: int = 0
    work_param: int = 0               # the PARAM_EXEC slot holding the work table's rows
    alias: str = ""
    cte_name: str = ""

    def explain_name(self) -> str:
        return f"WorkTable Scan on {self.cte_name}" + (
            f" {self.alias}" if self.alias != self.cte_name else "")


@dataclasses.dataclass(eq=False)
class CteScan(Plan):
    materializes_output: ClassVar[bool] = True
    rtindex: int = 0
    cte_plan: Any = None              # CtePlan (optimizer/cte_planning.py)
    alias: str = ""

    def explain_name(self) -> str:
        name = self.cte_plan.name
        return f"CTE Scan on {name}" + (f" {self.alias}" if self.alias != name else "")
