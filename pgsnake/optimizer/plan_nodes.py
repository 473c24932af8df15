"""Plan nodes: the tree the planner builds and the executor runs.

Every node carries PostgreSQL's cost estimates (startup_cost, total_cost, plan_rows,
plan_width) and the two optional expression lists PostgreSQL's Plan has:
    qual         filter conjuncts, evaluated over the node's input row
    target_list  a projection: when set, the node outputs one column per expression
                 (upper nodes then refer to its columns as ColumnReference(i))

A node's *input row layout* is the list of "keys" its expressions may reference: a scan
of range-table entry r exposes ('var', r, attnum) for each column plus ctid and tableoid;
a join exposes its outer child's output then its inner child's; an Aggregate exposes its
group keys then its aggregates. `explain_name()` is the label EXPLAIN prints.

PostgreSQL: include/nodes/plannodes.h (Plan, SeqScan, NestLoop, MergeJoin, HashJoin, Agg, Sort, ...).
"""
from __future__ import annotations

import dataclasses
from typing import Any


@dataclasses.dataclass(eq=False)
class Plan:
    startup_cost: float = 0.0
    total_cost: float = 0.0
    plan_rows: float = 0.0
    plan_width: int = 0
    qual: list = dataclasses.field(default_factory=list)
    target_list: list | None = None
    output_keys: list = dataclasses.field(default_factory=list)   # layout of the output row
    input_keys: list | None = None     # layout before projection (when target_list is set)
    # The planner's sort order of the output (PostgreSQL's pathkeys): one frozenset of
    # equivalent layout keys per sort column, all ascending NULLS LAST. Empty = unordered.
    pathkeys: list = dataclasses.field(default_factory=list)
    # Width of the junk columns a LockRows at the top of this plan carries (ctids and
    # copied rows): a Subquery Scan over it counts only the visible columns.
    junk_width: int = 0
    # The uncorrelated subqueries of the query level this node is the top of (SubPlan
    # expressions with init_plan set): EXPLAIN lists them here ("InitPlan 1 (returns $0)").
    init_plans: list = dataclasses.field(default_factory=list)

    def row_keys(self) -> list:
        """The layout qual and target_list are evaluated over."""
        return self.input_keys if self.input_keys is not None else self.output_keys

    def children(self) -> list["Plan"]:
        return []

    def explain_name(self) -> str:
        return type(self).__name__


@dataclasses.dataclass(eq=False)
class SeqScan(Plan):
    rtindex: int = 0
    relation: Any = None
    alias: str = ""
    system_columns: tuple = ()        # header attnums (xmin, cmin, xmax, cmax) to append
    # A child of an inheritance parent laid out differently: for each parent column,
    # the child's position of it (None: NULL), so rows come out in the parent's layout.
    column_map: tuple | None = None

    def explain_name(self) -> str:
        name = self.relation.name
        return f"Seq Scan on {name}" + (f" {self.alias}" if self.alias != name else "")


@dataclasses.dataclass(eq=False)
class SampleScan(SeqScan):
    """A Seq Scan of the rows TABLESAMPLE chooses (optimizer/sample_scan_paths.py):
    `tablesample` is the range-table entry's parser/table_sample.TableSampleClause with
    its arguments folded and outer references made Params."""
    tablesample: Any = None

    def explain_name(self) -> str:
        return "Sample" + super().explain_name()[len("Seq"):]


@dataclasses.dataclass(eq=False)
class _TidScanBase(Plan):
    """What Tid Scan and Tid Range Scan share: the table, its alias, and the header
    system columns to append (as SeqScan's); the output row is a Seq Scan's."""
    rtindex: int = 0
    relation: Any = None
    alias: str = ""
    system_columns: tuple = ()
    column_map: tuple | None = None   # an inheritance child laid out unlike its parent
    kind = ""                         # EXPLAIN's label

    def explain_name(self) -> str:
        name = self.relation.name
        return f"{self.kind} on {name}" + (f" {self.alias}" if self.alias != name else "")


@dataclasses.dataclass(eq=False)
class TidScan(_TidScanBase):
    """Fetch the rows at the TIDs `tid_quals` name (OR-ed: ctid = expr, ctid = ANY
    (array), CURRENT OF; optimizer/tid_paths.py)."""
    tid_quals: list = dataclasses.field(default_factory=list)
    kind = "Tid Scan"


@dataclasses.dataclass(eq=False)
class TidRangeScan(_TidScanBase):
    """Read the rows whose ctid lies within the bounds `tid_range_quals` set (AND-ed
    ctid < <= > >= expr)."""
    tid_range_quals: list = dataclasses.field(default_factory=list)
    kind = "Tid Range Scan"


@dataclasses.dataclass(eq=False)
class ValuesScan(Plan):
    rtindex: int = 0
    values_lists: list = dataclasses.field(default_factory=list)
    alias: str = "*VALUES*"

    def explain_name(self) -> str:
        return f'Values Scan on "{self.alias}"'


@dataclasses.dataclass(eq=False)
class FunctionScan(Plan):
    rtindex: int = 0
    function: Any = None              # the FuncExpr
    with_ordinality: bool = False
    alias: str = ""

    def explain_name(self) -> str:
        if getattr(self.function, "namespace_names", None) is not None:
            # XMLTABLE: ExplainTargetRel's object name, quoted as the keyword it is
            from pgsnake.utils.setting_values import quote_identifier
            return 'Table Function Scan on "xmltable"' + (
                f" {quote_identifier(self.alias)}" if self.alias != "xmltable" else "")
        if getattr(getattr(self.function, "fn", None), "named_tuplestore", False):
            return "Named Tuplestore Scan"      # a transition table (no target printed)
        name = self.function.function_name     # None: ROWS FROM of several functions
        if name is None:
            return f"Function Scan on {self.alias}"
        return f"Function Scan on {name}" + (f" {self.alias}" if self.alias != name else "")


@dataclasses.dataclass(eq=False)
class IndexScan(Plan):
    """Fetch the table rows an index finds for `index_clauses` (optimizer/index_paths
    IndexClause), in index order; `qual` filters what they return. The output row is a
    Seq Scan's (columns, ctid, tableoid). An Index Only Scan takes the columns from the
    index tuple instead and fills only those."""
    rtindex: int = 0
    relation: Any = None              # the table
    index: Any = None                 # the index's Relation
    index_clauses: list = dataclasses.field(default_factory=list)
    alias: str = ""
    backward: bool = False
    index_only: bool = False
    system_columns: tuple = ()        # as SeqScan's
    # ORDER BY col <-> value served by a GiST index (optimizer/gist_knn_paths.py):
    # IndexClauses of the ordering operators ("Order By"), rows nearest first
    order_by: list = dataclasses.field(default_factory=list)

    def explain_name(self) -> str:
        kind = "Index Only Scan" if self.index_only else "Index Scan"
        if self.backward:
            kind += " Backward"
        name = self.relation.name
        return f"{kind} using {self.index.name} on {name}" + (
            f" {self.alias}" if self.alias != name else "")


@dataclasses.dataclass(eq=False)
class BitmapIndexScan(Plan):
    """The heap TIDs an index finds for `index_clauses`, as a bitmap for its parent."""
    rtindex: int = 0
    relation: Any = None
    index: Any = None
    index_clauses: list = dataclasses.field(default_factory=list)

    def explain_name(self) -> str:
        return f"Bitmap Index Scan on {self.index.name}"


@dataclasses.dataclass(eq=False)
class BitmapAnd(Plan):
    """The TIDs every child bitmap has (optimizer/bitmap_paths.py)."""
    bitmaps: list = dataclasses.field(default_factory=list)

    def children(self):
        return list(self.bitmaps)

    def explain_name(self) -> str:
        return "BitmapAnd"


@dataclasses.dataclass(eq=False)
class BitmapOr(Plan):
    """The TIDs any child bitmap has (optimizer/bitmap_paths.py)."""
    bitmaps: list = dataclasses.field(default_factory=list)

    def children(self):
        return list(self.bitmaps)

    def explain_name(self) -> str:
        return "BitmapOr"


@dataclasses.dataclass(eq=False)
class BitmapHeapScan(Plan):
    """Read the table pages its child's bitmap names, in block order; `recheck_quals`
    are the index clauses (re-checked when a bitmap is lossy), `qual` the rest."""
    rtindex: int = 0
    relation: Any = None
    child: Plan | None = None
    recheck_quals: list = dataclasses.field(default_factory=list)
    alias: str = ""
    system_columns: tuple = ()        # as SeqScan's

    def children(self):
        return [self.child]

    def explain_name(self) -> str:
        name = self.relation.name
        return f"Bitmap Heap Scan on {name}" + (f" {self.alias}" if self.alias != name else "")


@dataclasses.dataclass(eq=False)
class SubqueryScan(Plan):
    rtindex: int = 0
    subplan: Plan | None = None
    alias: str = ""

    def children(self):
        return [self.subplan]

    def explain_name(self) -> str:
        from pgsnake.utils.setting_values import quote_identifier
        alias = self.alias
        if not alias.startswith('"'):       # "*SELECT*" comes quoted
            alias = quote_identifier(alias)         # "ANY_subquery"
        return f"Subquery Scan on {alias}"


@dataclasses.dataclass(eq=False)
class Result(Plan):
    child: Plan | None = None

    def children(self):
        return [self.child] if self.child is not None else []


@dataclasses.dataclass(eq=False)
class ProjectSet(Plan):
    """Set-returning functions of the select list (optimizer/set_projection.py): per
    child row, `srfs` run in lockstep; each output row is the child row followed by
    one value per SRF (NULL once that one is exhausted), which target_list projects."""
    child: Plan | None = None
    srfs: list = dataclasses.field(default_factory=list)

    def children(self):
        return [self.child]


@dataclasses.dataclass(eq=False)
class Append(Plan):
    subplans: list = dataclasses.field(default_factory=list)

    def children(self):
        return list(self.subplans)


@dataclasses.dataclass(eq=False)
class NestedLoop(Plan):
    """nest_params: [(PARAM_EXEC slot, expression over the outer row)]: before each
    re-scan of the inner side, the slots are set from the outer row (a parameterised
    inner side: index nested loops, LATERAL)."""
    join_type: str = "inner"
    outer: Plan | None = None
    inner: Plan | None = None
    join_qual: list = dataclasses.field(default_factory=list)
    nest_params: list = dataclasses.field(default_factory=list)

    def children(self):
        return [self.outer, self.inner]

    def explain_name(self) -> str:
        return "Nested Loop" + _join_suffix(self.join_type)


@dataclasses.dataclass(eq=False)
class HashJoin(Plan):
    join_type: str = "inner"
    outer: Plan | None = None
    inner: Plan | None = None            # a Hash node
    hash_clauses: list = dataclasses.field(default_factory=list)   # [(outer expr, inner expr, OpExpr)]
    join_qual: list = dataclasses.field(default_factory=list)

    def children(self):
        return [self.outer, self.inner]

    def explain_name(self) -> str:
        return "Hash" + _join_suffix(self.join_type) if self.join_type != "inner" else "Hash Join"


@dataclasses.dataclass(eq=False)
class MergeJoin(Plan):
    """Both inputs arrive sorted ascending (NULLS LAST) on the merge keys, in clause
    order; join_type 'inner', 'left' (outer rows kept) or 'right' (inner rows kept)."""
    join_type: str = "inner"
    outer: Plan | None = None
    inner: Plan | None = None
    merge_clauses: list = dataclasses.field(default_factory=list)  # [(outer expr, inner expr, OpExpr)]
    join_qual: list = dataclasses.field(default_factory=list)

    def children(self):
        return [self.outer, self.inner]

    def explain_name(self) -> str:
        return "Merge Join" if self.join_type == "inner" else "Merge" + _join_suffix(self.join_type)


def _join_suffix(join_type: str) -> str:
    return {"inner": "", "cross": "", "left": " Left Join", "right": " Right Join",
            "full": " Full Join", "anti": " Anti Join", "semi": " Semi Join"}[join_type]


@dataclasses.dataclass(eq=False)
class Hash(Plan):
    child: Plan | None = None

    def children(self):
        return [self.child]


@dataclasses.dataclass(eq=False)
class Materialize(Plan):
    child: Plan | None = None

    def children(self):
        return [self.child]


@dataclasses.dataclass(eq=False)
class SortKey:
    index: int                          # column of the child's output
    descending: bool = False
    nulls_first: bool = False
    shown_as: Any = None                # expression for EXPLAIN
    # Sorted by this expression over the child's row instead of a column (index -1): a
    # merge key computed from its input, as a FULL join's on a merged column
    expr: Any = None
    # ORDER BY ... USING an operator of a user-defined B-tree family: the family's
    # support function 1, which the Sort compares the values with (0: the type's order)
    order_proc: int = 0
    using_operator: str = ""            # its USING operator, as EXPLAIN shows it


@dataclasses.dataclass(eq=False)
class Sort(Plan):
    child: Plan | None = None
    keys: list = dataclasses.field(default_factory=list)

    def children(self):
        return [self.child]


@dataclasses.dataclass(eq=False)
class Aggregate(Plan):
    """strategy: 'plain' (one group), 'hashed' (HashAggregate), 'sorted' (GroupAggregate)."""
    child: Plan | None = None
    strategy: str = "plain"
    group_exprs: list = dataclasses.field(default_factory=list)
    aggregates: list = dataclasses.field(default_factory=list)
    # Columns functionally dependent on the group keys (their table's primary key is
    # grouped, parser/functional_grouping.py): taken from each group's first input row
    # and output after the group keys, as PostgreSQL's Agg passes on its representative
    # tuple's columns.
    dependent_exprs: list = dataclasses.field(default_factory=list)

    def children(self):
        return [self.child]

    def explain_name(self) -> str:
        if self.strategy == "sorted" and not self.aggregates:
            return "Group"          # GROUP BY without aggregates (create_group_path)
        return {"plain": "Aggregate", "hashed": "HashAggregate",
                "sorted": "GroupAggregate"}[self.strategy]


@dataclasses.dataclass(eq=False)
class Unique(Plan):
    child: Plan | None = None
    key_indexes: list = dataclasses.field(default_factory=list)

    def children(self):
        return [self.child]


@dataclasses.dataclass(eq=False)
class Limit(Plan):
    child: Plan | None = None
    limit_count: Any = None
    limit_offset: Any = None
    # WITH TIES: the child's columns that must equal the last counted row's for a row
    # past the count to be returned too (the ORDER BY columns); None without WITH TIES.
    ties_keys: list | None = None

    def children(self):
        return [self.child]


@dataclasses.dataclass(eq=False)
class PlanRowMark:
    """What LockRows does with one base relation or other FROM item of the query
    (PlanRowMark). kind:
      'lock'       lock the row (a table a FOR UPDATE/SHARE clause names): `strength`
                   (parser.query.LockStrength) and `wait_policy` say how
      'reference'  another table: EvalPlanQual re-reads the same row version by ctid
      'copy'       a subquery, function or VALUES: EvalPlanQual reuses the row as it was
    `junk`: positions in LockRows' input row of this item's ctid ('lock', 'reference')
    or of each of its columns ('copy')."""
    rtindex: int
    kind: str
    relation: Any = None
    strength: int = 0
    wait_policy: int = 0
    junk: list = dataclasses.field(default_factory=list)


@dataclasses.dataclass(eq=False)
class LockRows(Plan):
    """Lock the rows of the FOR UPDATE/SHARE tables of each input row, re-checking the
    query on a newer version when a row was concurrently updated (EvalPlanQual: the
    child plan is run again with every FROM item replaced by its row). Its input and
    output rows are the projected target list followed by the marks' junk columns."""
    child: Plan | None = None
    row_marks: list = dataclasses.field(default_factory=list)

    def children(self):
        return [self.child]


@dataclasses.dataclass(eq=False)
class ModifyTable(Plan):
    """operation: 'INSERT' | 'UPDATE' | 'DELETE' | 'MERGE'. For INSERT the child's output is the new
    row (one column per table column); for UPDATE/DELETE the child is a scan of the target
    whose input layout the assignments, recheck qual and RETURNING are compiled against."""
    operation: str = "INSERT"
    child: Plan | None = None
    rtindex: int = 0
    relation: Any = None
    assignments: dict = dataclasses.field(default_factory=dict)
    recheck_qual: list = dataclasses.field(default_factory=list)
    returning: list = dataclasses.field(default_factory=list)
    scan_keys: list = dataclasses.field(default_factory=list)
    # INSERT ... ON CONFLICT (parser/on_conflict.OnConflict); its SET and WHERE are over
    # the existing row (the target's columns, ctid, tableoid) followed by EXCLUDED's.
    on_conflict: Any = None
    check_options: list = dataclasses.field(default_factory=list)   # views' WITH CHECK OPTION
    # MERGE: its WHEN clauses (parser/merge.MergeAction) over the joined row (scan_keys)
    merge_actions: list = dataclasses.field(default_factory=list)
    # UPDATE / DELETE of a view with an INSTEAD OF trigger: the rtindex of the view's
    # copy whose rows are the OLD rows (rewrite/instead_of_views.py); 0 otherwise.
    instead_of_source: int = 0

    def children(self):
        return [self.child]

    def explain_name(self) -> str:
        alias = getattr(self, "target_alias", self.relation.name)     # UPDATE t AS x
        return f"{self.operation.capitalize()} on {self.relation.name}" + (
            f" {alias}" if alias != self.relation.name else "")
