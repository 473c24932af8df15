"""Which columns a table scan must decode: the highest attribute number its plan reads.

A scan row is every column of the table (then ctid, tableoid), but a query usually
reads a few of them: `SELECT count(*), sum(x) FROM t WHERE y > 500` needs x and y. This
module walks a plan tree once, from the top, and works out for every heap-reading scan
(Seq Scan, Index Scan, Bitmap Heap Scan) the highest attnum anything above it reads;
the scan then decodes only the attributes up to that one and leaves the rest None
(heap_tuple.scan_row_decoder), as PostgreSQL's slot_getsomeattrs deforms a tuple only
as far as the expressions that read it need (ExecInitExprSlots / get_last_attnums).

Demand flows down: the top node's output is read whole (the client, a cursor, a
SubPlan read it by position). A node with a projection reads from its input only what
its own expressions name; a node without one reads that and passes its input rows up,
so what its parent needs is needed from its input too. Expressions read input columns
through layout keys ('var', rtindex, attnum) or ('col', index) (expression_eval.
compile_expression); Sort, Unique, Limit WITH TIES and Merge Append read columns by
position, mapped back to the keys of their child's output. A projection whose output
is read only in part needs the inputs of the entries read, and of every entry that
computes something (it is computed whether read or not, so from real values); an
unread entry that only copies a column needs nothing. Subquery Scan, Append and Merge
Append hand their rows' columns over by position: the demand crosses them (and the
query level below a Subquery Scan) as the positions read. A whole-row reference, and
an output column that is an expression (which an expression above may read whole),
count as read. Only the node types listed in _PASSING are looked into; below any other
node (ModifyTable, LockRows, SetOp, ProjectSet, Recursive Union, ...) scans are left
unannotated and decode every column. A SubPlan's plan (in expressions and InitPlans)
and a CTE Scan's WITH query are walked on their own, their tops read whole.

The answer is kept on the scan's plan node (`needed_natts`, read by scan_nodes.py and
index_scan_nodes.py through `decode_upto`); it only ever grows, so a plan node reached
by two analyses serves both.

Entry point: annotate(plan), called by executor.start_plan for a portal's plan.

PostgreSQL: executor/execExpr.c (ExecInitExprSlots, get_last_attnums_walker),
executor/execTuples.c (slot_getsomeattrs), access/common/heaptuple.c
(heap_deform_tuple's natts limit).
"""
from __future__ import annotations

import dataclasses

from pgsnake.optimizer.incremental_sort import IncrementalSort
from pgsnake.optimizer.memoize_paths import Memoize
from pgsnake.optimizer.ordered_append import MergeAppend
from pgsnake.optimizer.set_operation_nodes import CteScan
from pgsnake.optimizer.plan_nodes import (Aggregate, Append, BitmapAnd, BitmapHeapScan,
                                          BitmapIndexScan, BitmapOr, Hash, HashJoin,
                                          IndexScan, Limit, Materialize, MergeJoin,
                                          NestedLoop, Plan, Result, SeqScan, Sort,
                                          SubqueryScan, Unique)
from pgsnake.optimizer.window_planning import WindowAgg
from pgsnake.parser.expression_nodes import ColumnReference, Const, SubPlan, Var

_NEEDED = "_executor_needed_natts"     # on a scan plan node: attributes to decode
_DONE = "_executor_pruning_done"       # on a top plan node: analysed
ALL = None                             # demand: every column of the output

# Node types whose reading of their input is known; anything else stops the walk.
_PASSING = (SeqScan, IndexScan, BitmapHeapScan, BitmapIndexScan, BitmapAnd, BitmapOr,
            NestedLoop, HashJoin, MergeJoin, Hash, Materialize, Sort, IncrementalSort,
            Aggregate, Unique, Limit, Result, WindowAgg, Memoize, SubqueryScan, Append,
            MergeAppend)
# Nodes whose input rows are their children's output rows column by column (another
# layout, often another query level): demand crosses them by position.
_POSITIONAL = (SubqueryScan, Append, MergeAppend)
_SCANS = (SeqScan, IndexScan, BitmapHeapScan)
# Fields that are layouts or planner bookkeeping, not values a node reads.
_NOT_READ = frozenset(("relation", "index", "output_keys", "input_keys", "pathkeys",
                       "query_level", "column_map"))


def decode_upto(plan) -> int | None:
    """How many leading attributes a scan must decode (None: all of them)."""
    return plan.__dict__.get(_NEEDED)


def annotate(top) -> None:
    """Annotate every scan of `top`'s tree (once per plan) with the attributes it must
    decode; the top's output is read whole."""
    if top.__dict__.get(_DONE):
        return
    pending = [(top, ALL)]
    while pending:
        plan, demand = pending.pop()
        subplans: list = []
        _walk(plan, demand, pending, subplans)
        pending.extend((s.plan, ALL) for s in subplans if isinstance(s.plan, Plan))
    setattr(top, _DONE, True)


def _walk(plan, demand, pending: list, subplans: list) -> None:
    stack = [(plan, demand)]
    while stack:
        node, wanted = stack.pop()
        if type(node) is CteScan:
            _cte_query(node, pending)
            continue
        if type(node) not in _PASSING:
            continue        # its scans keep decoding every column
        own = _own_reads(node, subplans, wanted)
        if node.target_list is None:
            reads = ALL if wanted is ALL else own | wanted
        else:
            reads = own
        if type(node) in _SCANS:
            if not (type(node) is IndexScan and node.index_only) and \
                    node.__dict__.get("column_map") is None:
                _note(node, reads)
        children = [c for c in node.children() if c is not None]
        if type(node) in _POSITIONAL:
            positions = _positions_read(node.row_keys(), reads)
            for child in children:
                stack.append((child, _by_position(child.output_keys, positions)))
            continue
        for child in children:
            if child.__dict__.get("query_level") is not node.__dict__.get("query_level"):
                continue    # another query level's range table: not followed
            stack.append((child, reads))


def _cte_query(scan, pending: list) -> None:
    """A WITH query's plan, read by a CTE Scan: walked once on its own, its output read
    whole (its scans still decode only what its own select list and quals need, as in
    PostgreSQL, whose CTE Scan does not narrow the WITH query's output either)."""
    cte = scan.cte_plan
    plan = getattr(cte, "plan", None)
    if isinstance(plan, Plan) and not plan.__dict__.get(_DONE):
        setattr(plan, _DONE, True)
        pending.append((plan, ALL))


def _positions_read(keys: list, reads):
    """The positions of a row laid out as `keys` that `reads` needs (ALL: every one).
    A whole-row reference needs them all; a position whose key is an expression (a
    value computed below, which an expression above may read by matching it whole)
    counts as read."""
    if reads is ALL:
        return ALL
    for key in reads:
        if key.__class__ is tuple and len(key) == 3 and key[0] == "var" and key[2] == 0:
            return ALL
    return [i for i, key in enumerate(keys)
            if key in reads or key.__class__ is not tuple]


def _by_position(keys: list, positions):
    """A child's demand: its output keys at `positions` (ALL when its row is laid out
    with another width, which the node then does not pass by position)."""
    if positions is ALL:
        return ALL
    demand = set()
    for i in positions:
        if i >= len(keys):
            return ALL
        demand.add(keys[i])
    return demand


def _note(scan, reads) -> None:
    """Record what a scan must decode; a wider earlier answer stays."""
    natts = len(scan.relation.attributes)
    if reads is ALL:
        upto = natts
    else:
        rtindex = scan.rtindex
        upto = 0
        for key in reads:
            if key.__class__ is tuple and len(key) == 3 and key[0] == "var" \
                    and key[1] == rtindex:
                attnum = key[2]
                if attnum == 0:
                    upto = natts
                elif attnum > upto:
                    upto = attnum
        upto = min(upto, natts)
    old = scan.__dict__.get(_NEEDED, -1)
    if upto > old:
        setattr(scan, _NEEDED, upto)


def _own_reads(node, subplans: list, wanted) -> set:
    """The layout keys node's own expressions read from its input rows, when the
    node's output is read as far as `wanted` says."""
    keys: set = set()
    for name in _plan_fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, Plan) or (isinstance(value, list) and value
                                       and isinstance(value[0], Plan)):
            continue
        if name == "target_list" and value is not None and wanted is not ALL:
            value = _target_entries_read(value, node.output_keys, wanted)
        _references(value, keys, subplans)
    t = type(node)
    children = node.children()
    child_keys = children[0].output_keys if children and children[0] is not None else []
    if t is MergeAppend:
        child_keys = node.row_keys()        # its sort keys index its own row
    positions: list = []
    if t is Sort or t is IncrementalSort or t is MergeAppend:
        positions = [k.index for k in node.keys if k.index is not None and k.index >= 0]
    elif t is Unique:
        positions = list(node.key_indexes)
    elif t is Limit and node.ties_keys:
        positions = list(node.ties_keys)
    for i in positions:
        if i < len(child_keys):
            key = child_keys[i]
            keys.add(key)
            _references(key, keys, subplans)
        else:
            keys.add(("var", None, 0))        # unknown: read as a whole row
    return keys


def _target_entries_read(target_list: list, output_keys: list, wanted: set) -> list:
    """The entries of a projection whose inputs must be decoded: those at the output
    positions `wanted` reads, and every entry that computes something (an expression is
    evaluated whether read or not, so its inputs must be real values). An entry that
    only copies a column (or is a constant) and is not read is left out: it copies a
    None nobody reads."""
    if len(target_list) != len(output_keys):
        return target_list
    return [expr for expr, key in zip(target_list, output_keys)
            if key in wanted or key.__class__ is not tuple
            or expr.__class__ not in (Var, ColumnReference, Const)]


_PLAN_FIELDS: dict = {}
_EXPRESSION_FIELDS: dict = {}


def _plan_fields(cls) -> tuple:
    names = _PLAN_FIELDS.get(cls)
    if names is None:
        names = _PLAN_FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls)
                                          if f.name not in _NOT_READ)
    return names


def _expression_fields(cls) -> tuple:
    """The fields of an expression (or planner) node class to look into; () for any
    other class."""
    names = _EXPRESSION_FIELDS.get(cls)
    if names is None:
        names = ()
        if dataclasses.is_dataclass(cls) and cls.__module__.startswith(
                ("pgsnake.parser", "pgsnake.optimizer")):
            names = tuple(f.name for f in dataclasses.fields(cls)
                          if f.name not in ("relation", "plan"))
        _EXPRESSION_FIELDS[cls] = names
    return names


def _references(value, keys: set, subplans: list) -> None:
    """Add every column key found in `value` (expressions, layout keys, lists of them)."""
    stack = [value]
    while stack:
        v = stack.pop()
        cls = v.__class__
        if cls is Var:
            keys.add(("var", v.rtindex, v.attnum))
        elif cls is ColumnReference:
            keys.add(("col", v.index))
        elif cls is tuple:
            if len(v) == 3 and v[0] == "var":
                keys.add(v)
            else:
                stack.extend(v)
        elif cls is list or cls is frozenset or cls is set:
            stack.extend(v)
        elif cls is dict:
            stack.extend(v.values())
        elif v is None or cls is int or cls is str or cls is float or cls is bool \
                or cls is Const or isinstance(v, Plan):      # a Const's value: no columns
            continue
        else:
            if cls is SubPlan:
                subplans.append(v)          # its plan is walked on its own
            for name in _expression_fields(cls):
                stack.append(getattr(v, name))

