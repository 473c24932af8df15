"""Plan state nodes: one execution's running copy of an immutable plan tree.

A plan tree (optimizer.plan_nodes) is built once and may be executed many times (a
prepared statement, a cursor, a SubPlan re-run per outer row). Each execution builds a
tree of PlanState objects, one class per plan node type, with PostgreSQL's life cycle:

    init_node(plan, estate) -> PlanState      ExecInitNode: make the node and its children
    state.next_batch() -> list[row] | None    ExecProcNode, a batch at a time: a non-empty,
                                              read-only list of rows, or None at the end
    state.rescan(changed_params)              ExecReScan: start again from the beginning;
                                              `changed_params` (a set of PARAM_EXEC slot
                                              numbers) says which parameters changed since
                                              the last scan, so a node that caches its
                                              input (Materialize, Sort, Hash) re-reads it
                                              only when the input depends on one of them
                                              (PostgreSQL's chgParam)
    state.end()                               ExecEndNode: release what the node holds

Adding a node type: subclass PlanState, decorate it with `@node_state(PlanClass)`, and
implement `batches()` (a generator of non-empty lists of rows in the node's input layout,
already filtered by the node's qual where the node filters: `self.filtered(rows)`), plus
`compile_node(plan)` if it has expressions of its own and `setup()` if it has children
(`self.child_state(plan.child)`). The base class projects the target list, counts rows,
loops and time for EXPLAIN ANALYZE, checks for interrupts once per batch, and re-creates
the generator on rescan; a node that caches its input overrides `restart`.

Rows are lists; a batch and its rows belong to the node that returned them and must not
be changed by the caller. A scan's batch is one heap page of visible tuples; a node whose
output can be larger than its input (joins, set-returning functions) returns at most
BATCH_ROWS rows per call and resumes on the next. An execution whose ExecutorState says
one_row_at_a_time (an INSERT whose rows call a volatile function, which must see the rows
inserted before its own) gets batches of one row, each projected only when asked for;
a scan's qual still runs over its page at once.

Expressions are compiled once per plan node and kept on the plan (`compiled_for`): the
same code serves every execution, reading per-execution values from the ExecutorState.

PostgreSQL: executor/execProcnode.c (ExecInitNode, ExecProcNode, ExecEndNode),
executor/execAmi.c (ExecReScan, chgParam), executor/instrument.c (Instrumentation),
optimizer/plan/subselect.c (SS_finalize_plan: extParam/allParam).
"""
from __future__ import annotations

import dataclasses
import time
from operator import itemgetter

from pgsnake.executor import batch_expressions, resource_usage
from pgsnake.executor.expression_eval import compile_expression, compile_qual, layout_of
from pgsnake.optimizer.plan_nodes import Plan
from pgsnake.optimizer.planner import key_of
from pgsnake.parser.expression_nodes import Const, Param, SubPlan
from pgsnake.utils.errors import LOCK_NOT_AVAILABLE, QUERY_CANCELED, FatalError
from pgsnake.utils.interrupts import check_for_interrupts

BATCH_ROWS = 1000          # most rows a row-multiplying node returns per call
# A node's qual / projection gets a generated batch loop (batch_expressions.py) the first
# time it meets a batch of at least this many rows: short statements (catalog queries)
# never pay for generating code they would barely use.
GENERATE_AT_ROWS = 64

_STATE_CLASSES: dict = {}
_CODE_ATTRIBUTE = "_executor_code"     # where a plan node keeps its compiled code


def node_state(plan_class):
    """Register the PlanState class that runs plan nodes of `plan_class`."""
    def register(cls):
        _STATE_CLASSES[plan_class] = cls
        cls.plan_class = plan_class
        return cls
    return register


def init_node(plan, estate) -> "PlanState":
    """ExecInitNode: the state tree for `plan` in execution `estate`."""
    try:
        cls = _STATE_CLASSES[type(plan)]
    except KeyError:
        from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f"plan node {type(plan).__name__} cannot be executed yet") from None
    node = cls()
    node.init(plan, estate)
    return node


def compiled_for(plan, build):
    """The code `build(plan)` made for this plan node, built on first use and then kept
    on the (immutable) plan node itself, so it lives exactly as long as the cached plan."""
    code = plan.__dict__.get(_CODE_ATTRIBUTE)
    if code is None:
        code = build(plan)
        setattr(plan, _CODE_ATTRIBUTE, code)
    return code


class NodeCounters:
    """EXPLAIN ANALYZE's per-node counters (PostgreSQL's Instrumentation): loops started,
    rows returned, and milliseconds spent inside the node (its children included), summed
    over loops; startup_ms sums each loop's time to its first row. The detail counts,
    summed over loops, are PostgreSQL's nfiltered1 / nfiltered2 and the scans' own:
    rows the node's qual removed (`filter_removed`; PlanState.filtered and the joins
    count it), joined pairs the join qual rejected (`join_filter_removed`), an Index Only
    Scan's heap visits (`heap_fetches`) and a Bitmap Heap Scan's pages (`exact_pages`)."""

    def __init__(self) -> None:
        self.loops = 0
        self.rows = 0
        self.startup_ms = 0.0
        self.total_ms = 0.0
        self.filter_removed = 0
        self.join_filter_removed = 0
        self.heap_fetches = 0
        self.exact_pages = 0
        self.usage = resource_usage.ZERO   # BUFFERS / WAL counts (resource_usage.py)

    def add_usage(self, before: tuple) -> None:
        """Count the buffers and WAL used since `before` (resource_usage.snapshot()),
        the children's included."""
        self.usage = tuple(n + d for n, d in zip(self.usage, resource_usage.since(before)))


@dataclasses.dataclass(slots=True)
class _Code:
    """What every node compiles: its qual and its projection."""
    qual: object
    projection: list | None
    exec_params: frozenset         # PARAM_EXEC slots this node's own expressions read
    # A projection of input columns only (`SELECT a, c FROM t ...`): their positions,
    # copied by one itemgetter per row instead of a closure call per column.
    projection_columns: tuple | None = None
    # The generated batch loops (batch_expressions.py), made on first use: None until
    # then, False where the expressions are not of the shapes it handles.
    batch_qual: object = None
    batch_projection: object = None


# Per node class: the fields exec_params_in looks into (None: a class it does not walk).
_WALKED_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _walked_fields(cls: type) -> tuple[str, ...] | None:
    names = _WALKED_FIELDS.get(cls, ())
    if names == ():
        names = None
        if dataclasses.is_dataclass(cls) and cls.__module__.startswith(
                ("pgsnake.parser", "pgsnake.optimizer")):
            names = tuple(f.name for f in dataclasses.fields(cls)
                          if f.name not in ("relation", "plan"))
        _WALKED_FIELDS[cls] = names
    return names


def exec_params_in(value) -> set:
    """The PARAM_EXEC slot numbers referenced anywhere in `value` (an expression, or a list,
    tuple or dict of them), not looking into plan nodes."""
    found: set = set()
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, Param):
            if v.kind == "exec":
                found.add(v.number)
        elif isinstance(v, (list, tuple)):
            stack.extend(v)
        elif isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, Plan) or v is None or type(v) is Const:
            continue          # a Const's value may be a list or dict: no Params in it
        else:
            names = _walked_fields(type(v))
            if names is None:
                continue
            if isinstance(v, SubPlan):
                # What its plan reads from outside counts as read here (PostgreSQL's
                # extParam of a node with a SubPlan in its expressions).
                found |= plan_exec_params(v.plan)
            stack.extend(getattr(v, name) for name in names)
    return found


def plan_exec_params(plan) -> frozenset:
    """Every PARAM_EXEC slot read anywhere in a plan tree (kept on the plan)."""
    found = plan.__dict__.get("_executor_all_params")
    if found is None:
        params = set()
        for f in dataclasses.fields(plan):
            value = getattr(plan, f.name)
            if isinstance(value, Plan):
                params |= plan_exec_params(value)
            elif isinstance(value, list) and value and all(isinstance(x, Plan) for x in value):
                for child in value:
                    params |= plan_exec_params(child)
            elif f.name != "relation":
                params |= exec_params_in(value)
        if type(plan).__name__ == "CteScan" and plan.cte_plan is not None \
                and plan.cte_plan.plan is not None:
            # reads its WITH query's rows: what that query reads (a correlated WITH in
            # a subquery) is read here too, so an InitPlan over it is evaluated again
            # (SS_finalize_plan's CTE Scan case)
            params |= plan_exec_params(plan.cte_plan.plan)
        if type(plan).__name__ == "WorkTableScan":
            # reads the work table in its slot: a WITH query inside a recursive term
            # that reads it is computed again each iteration (PostgreSQL's wtParam)
            params.add(plan.work_param)
        found = frozenset(params)
        setattr(plan, "_executor_all_params", found)
    return found


def _build_base_code(plan) -> _Code:
    layout = layout_of(plan.row_keys())
    projection = columns = None
    if plan.target_list is not None:
        projection = [compile_expression(e, layout) for e in plan.target_list]
        columns = _column_positions(plan.target_list, layout)
    own = set()
    for f in dataclasses.fields(plan):
        value = getattr(plan, f.name)
        if f.name != "relation" and not isinstance(value, Plan):
            own |= exec_params_in(value)
    return _Code(compile_qual(plan.qual, layout), projection, frozenset(own), columns)


def _generate_qual(plan, base: _Code):
    base.batch_qual = batch_expressions.compile_batch_qual(
        plan.qual, layout_of(plan.row_keys())) or False
    return base.batch_qual


def _generate_projection(plan, base: _Code):
    base.batch_projection = batch_expressions.compile_batch_projection(
        plan.target_list, layout_of(plan.row_keys())) or False
    return base.batch_projection


def _column_positions(exprs, layout) -> tuple | None:
    """The input positions of a target list that only reads input columns (what
    compile_expression reads straight from the row), else None."""
    positions = []
    for expr in exprs:
        try:
            index = layout.get(key_of(expr))
        except TypeError:
            return None
        if index is None:
            return None
        positions.append(index)
    return tuple(positions) if positions else None


class PlanState:
    """One node of an execution's state tree; see the module docstring."""
    plan_class = Plan

    def init(self, plan, estate) -> None:
        self.plan = plan
        self.estate = estate
        base = self.base = compiled_for(plan, _build_base_code)
        self.qual = base.qual
        self.projection = base.projection
        self.projection_columns = base.projection_columns
        self.code = compiled_for_node(plan, self)
        self.children: list[PlanState] = []
        self._batches = None
        self._held: list = []          # one_row_at_a_time: the rest of the input batch
        self._ended = False
        self.pending_error = None     # raised at the next call (rows_before_error)
        self.counters = None
        self._loop_open = False
        self._loop_rows = 0
        self._loop_ms = 0.0
        if estate.instrumentation is not None:
            self.counters = estate.instrumentation.setdefault(id(plan), NodeCounters())
        self.setup()
        # The PARAM_EXEC slots this subtree reads (PostgreSQL's allParam): a rescan
        # with none of them changed may reuse cached results.
        params = set(base.exec_params)
        for child in self.children:
            params |= child.params_used
        self.params_used = frozenset(params | self.extra_params())

    # -- for subclasses ------------------------------------------------------------------

    def compile_node(self, plan):
        """Node-specific compiled code (kept on the plan); None if there is none."""
        return None

    def setup(self) -> None:
        """Make the child states (self.child_state) and per-execution state."""

    def extra_params(self) -> set:
        """PARAM_EXEC slots the node reads other than through its expressions."""
        return set()

    def batches(self):
        """A generator of non-empty lists of rows (input layout, qual applied)."""
        raise NotImplementedError

    def child_state(self, plan) -> "PlanState":
        node = init_node(plan, self.estate)
        self.children.append(node)
        return node

    def filtered(self, rows: list) -> list:
        qual = self.qual
        if qual is None:
            return rows
        # Batches the qual empties are not handed on, so next_batch's check would not
        # run while a filter rejects row after row: check per batch filtered, as
        # ExecScan checks per tuple.
        check_for_interrupts()
        ex = self.estate
        if len(rows) >= GENERATE_AT_ROWS:
            batch_qual = self.base.batch_qual
            if batch_qual is None:
                batch_qual = _generate_qual(self.plan, self.base)
            if batch_qual:
                try:
                    out = batch_qual(rows, ex)
                except Exception as error:
                    if not deferrable(error):
                        raise   # a cancel or timeout acts now (and is not met twice)
                    # else again row by row below: the error at its own row
                else:
                    if self.counters is not None:
                        self.counters.filter_removed += len(rows) - len(out)
                    return out
        out = []
        try:
            for row in rows:
                if qual(row, ex):
                    out.append(row)
        except Exception as error:
            return self.rows_before_error(out, error)
        if self.counters is not None:
            self.counters.filter_removed += len(rows) - len(out)
        return out

    def filtered_batches(self, rows):
        """Batches of up to BATCH_ROWS of `rows` (any iterable), the node's qual applied,
        empty ones skipped: how a node that makes rows one at a time hands them on."""
        size = 1 if self.estate.one_row_at_a_time else BATCH_ROWS
        for batch in in_batches(rows, size):
            batch = self.filtered(batch)
            if batch:
                yield batch

    def rows_before_error(self, done: list, error) -> list:
        """A batch is evaluated ahead of its consumer, but an error must surface only
        when the row that causes it is reached, as in PostgreSQL's row-at-a-time
        executor (`... WHERE 1/(x-5) > 0 LIMIT 1` succeeds if a row before x = 5
        qualifies). So: return the rows done before the failing one and raise the error
        at the next call (or now, if there are none). The rows are never evaluated
        twice: a volatile function (a PL/pgSQL function's NOTICE or INSERT) runs once
        per row, as in PostgreSQL."""
        if not deferrable(error) or not done:
            raise error
        self.pending_error = error
        return done

    def restart(self, changed: set) -> None:
        """Forget the current scan; by default every child is re-scanned too."""
        self._close_batches()
        for child in self.children:
            child.rescan(changed)

    # -- the interface -------------------------------------------------------------------

    def next_batch(self) -> list | None:
        check_for_interrupts()
        if self.pending_error is not None:
            error, self.pending_error = self.pending_error, None
            raise error
        counters = self.counters
        if counters is not None:
            return self._counted_batch(counters)
        batch = self._next_input()
        if batch is not None and self.projection is not None:
            batch = self._project(batch)
        return batch

    def rescan(self, changed: set = frozenset()) -> None:
        self._end_loop()
        self.pending_error = None
        self.restart(changed)

    def end(self) -> None:
        if self._ended:
            return
        self._ended = True
        self._end_loop()
        self._close_batches()
        self.release()
        for child in self.children:
            child.end()

    def release(self) -> None:
        """Node-specific clean-up at end (files, caches)."""

    # -- helpers ---------------------------------------------------------------------------

    def _project(self, batch: list) -> list:
        ex = self.estate
        if len(batch) >= GENERATE_AT_ROWS:
            batch_projection = self.base.batch_projection
            if batch_projection is None:
                batch_projection = _generate_projection(self.plan, self.base)
            if batch_projection:
                try:
                    return batch_projection(batch, ex)
                except Exception as error:
                    if not deferrable(error):
                        raise   # a cancel or timeout acts now (and is not met twice)
                    # else again row by row below: the error at its own row
        columns = self.projection_columns
        if columns is not None:           # column reads only: nothing can fail
            if len(columns) == 1:
                (i,) = columns
                return [[row[i]] for row in batch]
            getter = itemgetter(*columns)
            return [list(getter(row)) for row in batch]
        fns = self.projection
        out = []
        try:
            for row in batch:
                out.append([f(row, ex) for f in fns])
        except Exception as error:
            return self.rows_before_error(out, error)
        return out

    def _counted_batch(self, counters: NodeCounters):
        started = time.perf_counter()
        usage = resource_usage.snapshot()
        if not self._loop_open:
            self._loop_open = True
            self._loop_rows = 0
            self._loop_ms = 0.0
            counters.loops += 1
        batch = self._next_input()
        if batch is not None and self.projection is not None:
            batch = self._project(batch)
        elapsed = (time.perf_counter() - started) * 1000.0
        self._loop_ms += elapsed
        if batch is not None:
            if self._loop_rows == 0:
                counters.startup_ms += self._loop_ms
            self._loop_rows += len(batch)
            counters.rows += len(batch)
        counters.total_ms += elapsed
        counters.add_usage(usage)
        return batch

    def _next_input(self) -> list | None:
        """The next batch of batches(), or in one_row_at_a_time mode its next row."""
        if self._held:
            return [self._held.pop()]
        if self._batches is None:
            self._batches = self.batches()
        batch = next(self._batches, None)
        if batch is not None and len(batch) > 1 and (
                self.estate.one_row_at_a_time or self.plan.__dict__.get("row_at_a_time")):
            self._held = batch[:0:-1]          # the rest, reversed for pop()
            return [batch[0]]
        return batch

    def _end_loop(self) -> None:
        self._loop_open = False

    def _close_batches(self) -> None:
        self._held = []
        if self._batches is not None:
            self._batches.close()
            self._batches = None


def deferrable(error) -> bool:
    """Whether an error met while evaluating ahead may wait for its row to be reached:
    not a cancel, a timeout or a termination, which must act at once."""
    return not isinstance(error, FatalError) and \
        getattr(error, "sqlstate", None) not in (QUERY_CANCELED, LOCK_NOT_AVAILABLE)


def compiled_for_node(plan, node: PlanState):
    """The node class's own compiled code for `plan` (kept on the plan)."""
    key = "_executor_node_code"
    code = plan.__dict__.get(key)
    if code is None:
        code = (node.compile_node(plan),)
        setattr(plan, key, code)
    return code[0]


def in_batches(rows, size: int = BATCH_ROWS):
    """`rows` (any iterable) as lists of up to `size` rows, none empty."""
    out = []
    for row in rows:
        out.append(row)
        if len(out) >= size:
            yield out
            out = []
    if out:
        yield out


def batches_of(state: PlanState):
    """Every batch a state node returns, to the end."""
    while True:
        batch = state.next_batch()
        if batch is None:
            return
        yield batch


def rows_of(state: PlanState):
    """Every row a state node returns, to the end."""
    for batch in batches_of(state):
        yield from batch
