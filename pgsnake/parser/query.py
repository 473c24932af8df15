"""The Query tree: one analyzed SELECT / INSERT / UPDATE / DELETE.

Entry points: Query, RangeTableEntry, TargetEntry, SortClause, JoinTreeNode,
RowMarkClause, LockStrength, LockWaitPolicy.

PostgreSQL: include/nodes/parsenodes.h (Query, RangeTblEntry, TargetEntry, SortGroupClause,
RowMarkClause), include/nodes/lockoptions.h (LockClauseStrength, LockWaitPolicy),
include/nodes/primnodes.h (FromExpr, JoinExpr, RangeTblRef).
"""
from __future__ import annotations

import dataclasses
from enum import IntEnum
from typing import Any


class LockStrength(IntEnum):
    """A row-locking clause's strength, weakest first (PostgreSQL's LockClauseStrength):
    when several clauses name one table, the strongest wins."""
    NONE = 0
    KEY_SHARE = 1
    SHARE = 2
    NO_KEY_UPDATE = 3
    UPDATE = 4

    @property
    def sql(self) -> str:
        """The clause as messages spell it: 'FOR NO KEY UPDATE'."""
        return {1: "FOR KEY SHARE", 2: "FOR SHARE", 3: "FOR NO KEY UPDATE",
                4: "FOR UPDATE"}.get(int(self), "")


class LockWaitPolicy(IntEnum):
    """What a locker does about a row someone else holds: wait, skip the row (SKIP
    LOCKED) or fail (NOWAIT). Ordered so that the strictest wins when several clauses
    name one table, as PostgreSQL orders LockWaitPolicy."""
    BLOCK = 0
    SKIP = 1
    ERROR = 2


@dataclasses.dataclass
class RowMarkClause:
    """FOR UPDATE/SHARE applied to one range-table entry (a relation, or a subquery whose
    own tables are then locked too). `pushed_down`: it came from an outer query's clause."""
    rtindex: int
    strength: LockStrength
    wait_policy: LockWaitPolicy
    pushed_down: bool = False


@dataclasses.dataclass
class RangeTableEntry:
    """One FROM item (or the INSERT/UPDATE/DELETE target).

    kind: 'relation' | 'values' | 'subquery' | 'join' | 'function' | 'cte'
    """
    kind: str
    alias: str
    column_names: list[str]
    column_types: list[int]
    column_typmods: list[int]
    relation: Any = None              # access.common.tuple_descriptor.Relation
    values_lists: list[list] | None = None
    subquery: "Query | None" = None
    explicit_alias: bool = False
    lock_mode: int = 0                # heavyweight lock the statement holds on `relation`
    function: Any = None              # kind 'function': the FuncExpr called in FROM
    with_ordinality: bool = False     # kind 'function': a bigint row number is the last column
    cte: Any = None                   # kind 'cte': the WITH query (parser/cte.CommonTableExpr)
    cte_levels_up: int = 0            # kind 'cte': how many query levels out its WITH is
    self_reference: bool = False      # kind 'cte': a recursive query's reference to itself
    # LATERAL subquery / function in FROM: the rtindexes of this level's FROM items it
    # refers to (parser/lateral.py); the planner joins it below them, by a nested loop.
    lateral_relids: frozenset = frozenset()
    # kind 'relation': its row-level security policies' quals (rewrite/row_security.py),
    # also in the WHERE / ON clause; the planner evaluates them first. None: not looked
    # at yet; [] no policy applies.
    security_quals: list | None = None
    # kind 'subquery': a security_barrier view's query (commands/view_options.py): never
    # merged into this query, and only leakproof quals of this query pushed into it.
    security_barrier: bool = False
    # kind 'relation': the quals of the security_barrier view an UPDATE / DELETE writes
    # through (rewrite/updatable_views.py), also in the WHERE; evaluated first, like
    # security_quals (which row_security.py alone sets).
    view_security_quals: list = dataclasses.field(default_factory=list)
    # kind 'relation': not ONLY, so a parent's partitions / inheritance children are
    # scanned too (optimizer/inheritance.py).
    inh: bool = False
    # kind 'relation': TABLESAMPLE (parser/table_sample.TableSampleClause), else None.
    tablesample: Any = None


@dataclasses.dataclass
class TargetEntry:
    expr: Any
    name: str
    resjunk: bool = False             # used by ORDER BY / UPDATE ctid, not returned
    table_oid: int = 0                # resorigtbl: RowDescription's table OID
    attnum: int = 0                   # resorigcol


@dataclasses.dataclass
class SortClause:
    target_index: int                 # 0-based index into Query.target_list
    descending: bool = False
    nulls_first: bool = False
    order_proc: int = 0               # ORDER BY ... USING an operator of a user-defined
                                      # B-tree family: its support function 1 (0: the
                                      # type's own order)
    using_operator: str = ""          # ... and that operator's name, for EXPLAIN
    order_family: int = 0             # ... and that family (index_ordering's pathkeys)


@dataclasses.dataclass
class JoinTreeNode:
    """A FROM-list item: a range-table reference (`rtindex`) or a join of two items."""
    rtindex: int = 0
    join_type: str = ""               # 'inner' | 'left' | 'right' | 'full' | 'cross'
    left: "JoinTreeNode | None" = None
    right: "JoinTreeNode | None" = None
    quals: Any = None
    using: list = dataclasses.field(default_factory=list)   # USING / NATURAL column names (for deparsing)
    alias: str | None = None          # JOIN ... AS alias (parser/join_alias.py)


@dataclasses.dataclass
class Query:
    command_type: str                               # 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'MERGE'
    range_table: list[RangeTableEntry] = dataclasses.field(default_factory=list)
    from_list: list[JoinTreeNode] = dataclasses.field(default_factory=list)
    where: Any = None
    target_list: list[TargetEntry] = dataclasses.field(default_factory=list)
    group_by: list[Any] = dataclasses.field(default_factory=list)     # expressions
    having: Any = None
    aggregates: list[Any] = dataclasses.field(default_factory=list)   # distinct Aggrefs
    has_aggregates: bool = False
    sort_clause: list[SortClause] = dataclasses.field(default_factory=list)
    distinct: bool = False
    distinct_on: list[SortClause] = dataclasses.field(default_factory=list)   # DISTINCT ON keys
    limit_count: Any = None
    limit_offset: Any = None
    limit_with_ties: bool = False                   # FETCH FIRST n ROWS WITH TIES
    result_relation: int = 0                        # rtindex of the modified table
    # INSERT: one expression per table column (attnum order) evaluated over the source row.
    insert_source: "Query | None" = None            # INSERT ... SELECT / VALUES as a sub-query
    override: str = ""                              # INSERT's OVERRIDING: 'system' / 'user'
    # INSERT into a view: the (row, column) places of insert_source's VALUES that were
    # DEFAULT for a view column without a default of its own; NULL there until the
    # rewriter of an automatically updatable view puts the base table's default in
    # (rewriteValuesRTE's SetToDefault left for the base relation).
    view_default_items: list = dataclasses.field(default_factory=list)
    # UPDATE: attnum -> new value expression
    update_assignments: dict[int, Any] = dataclasses.field(default_factory=dict)
    returning: list[TargetEntry] = dataclasses.field(default_factory=list)
    set_operation: Any = None                       # (SetOperation tree, [leaf Query, ...]): parser/set_operations.py
    row_marks: list[RowMarkClause] = dataclasses.field(default_factory=list)   # FOR UPDATE ...
    has_for_update: bool = False                    # a locking clause written at this level
    on_conflict: Any = None                         # INSERT ... ON CONFLICT (parser/on_conflict.py)
    cte_list: list = dataclasses.field(default_factory=list)   # WITH queries (parser/cte.py)
    # Window definitions, winref order (parser/window_clause.WindowClause).
    window_clauses: list = dataclasses.field(default_factory=list)
    has_window_functions: bool = False
    # GROUPING SETS / ROLLUP / CUBE: tuples of indexes into group_by (parser/grouping_sets.py);
    # None for a plain GROUP BY.
    grouping_sets: Any = None
    grouping_shape: Any = None       # ... and the clause as written (grouping_sets._shape_of)
    group_distinct: bool = False     # GROUP BY DISTINCT
    # WITH CHECK OPTION of the views an INSERT/UPDATE went through (rewrite/updatable_views.py):
    # (view name, condition over the new row with rtindex 1, cascaded)
    check_options: list = dataclasses.field(default_factory=list)
    # MERGE: its WHEN clauses in order (parser/merge.MergeAction)
    merge_actions: list = dataclasses.field(default_factory=list)
    # Privileges to check each time the plan runs (parser/permission_info.py), and the
    # role this level's relations are checked as (0: the current user; a built-in view's
    # query: the bootstrap superuser, its owner).
    required_permissions: list = dataclasses.field(default_factory=list)
    check_as_user: int = 0
    # A one-row VALUES, analysed as a FROM-less SELECT of its expressions: printed back
    # as VALUES (...) (PostgreSQL keeps a VALUES range table entry for it).
    one_row_values: bool = False
    # Range-table entries PostgreSQL keeps that pgsnake dropped when it pulled a view up
    # (rewrite/view_pullup.py): the view's own entry and its rule's OLD and NEW. EXPLAIN
    # counts them (commands/explain.py range_table_size).
    pulled_up_entries: int = 0
    # Primary-key constraints an ungrouped column relied on (parser/functional_grouping.py):
    # a view over the query depends on them (PostgreSQL's Query.constraintDeps).
    constraint_deps: list = dataclasses.field(default_factory=list)
    # INSERT: the target columns whose every VALUES entry is DEFAULT (rewriteTargetListIU
    # lets those reach a view's base generated columns)
    default_only_columns: set = dataclasses.field(default_factory=set)

    def output_columns(self) -> list[TargetEntry]:
        return [t for t in self.target_list if not t.resjunk]
