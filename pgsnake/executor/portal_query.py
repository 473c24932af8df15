"""The executor's face to tcop: prepare a raw statement once, execute it many times.

Entry points (docs/contracts.md, L6-L8 SQL):
    prepare_statement(raw, param_types) -> PreparedStatement
    register_utility(kind, prepare)        commands/ routes its statements through this
    PreparedStatement.execute(params) -> QueryResult       run to the end, all rows
    PreparedStatement.start(params) -> Execution           run as rows are asked for
    start_execution(statement, params) -> Execution        any statement (tcop's portals)
    Execution.fetch(max_rows) -> (rows, at_end); Execution.persist(); Execution.close()
    ResultColumn, QueryResult

Optimizable statements (SELECT/INSERT/UPDATE/DELETE) are analyzed and planned at prepare
time and the plan is kept (PostgreSQL's plancache keeps a generic plan the same way). An
execution with parameter values may plan again with the values as constants (a custom
plan), as executor/custom_plans.py decides; `plan_counters` counts both kinds.
EXPLAIN, CREATE TABLE and DROP are run by handlers that the commands package registers
with register_utility() (commands/explain.py registers all three; the executor cannot
import the higher commands layer). Transaction control, SET and SHOW are marked `is_utility` and are run by tcop
itself; executing them here is an error.

PostgreSQL: tcop/pquery.c (PortalStart, PortalRun, ChoosePortalStrategy),
tcop/utility.c (ProcessUtility routing), tcop/cmdtag.c (command tags),
executor/execMain.c (ExecutorStart/Run/Finish/End).
"""
from __future__ import annotations

import dataclasses

from pgsnake.access.transam import active_snapshot, xact
from pgsnake.catalog import invalidation, relation_locks
from pgsnake.datatypes import registry
from pgsnake.executor import current_of, custom_plans, permission_checks
from pgsnake.executor import fixed_length_subscripts  # noqa: F401  (point[0] and kin)
from pgsnake.executor.executor import start_plan
from pgsnake.executor.expression_eval import ExecutorState
from pgsnake.executor.modify_table import run_modify_table
from pgsnake.optimizer.planner import plan_query
from pgsnake.optimizer import parallel_paths
from pgsnake.parser import locking_clause, select_into, transform_expression
from pgsnake.parser.analyze import analyze
from pgsnake.parser.query import LockStrength
from pgsnake.rewrite import row_security
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError

# Statements tcop runs itself (contract: "transaction control and SET/SHOW").
TCOP_STATEMENTS = {"TransactionStmt", "VariableSetStmt", "VariableShowStmt"}
OPTIMIZABLE = {"SelectStmt": "SELECT", "InsertStmt": "INSERT", "UpdateStmt": "UPDATE",
               "DeleteStmt": "DELETE", "MergeStmt": "MERGE"}


@dataclasses.dataclass
class ResultColumn:
    name: str
    type_oid: int
    typmod: int = -1
    table_oid: int = 0
    attnum: int = 0
    typlen: int = -1


@dataclasses.dataclass
class QueryResult:
    columns: list[ResultColumn] | None
    rows: list[list]
    command_tag: str


def _result_column(name, expr, table_oid=0, attnum=0) -> ResultColumn:
    type_oid = expr.type_oid
    try:
        typlen = registry.get_type(type_oid).typlen
    except PgError:
        typlen = -1
    return ResultColumn(name, type_oid, getattr(expr, "typmod", -1), table_oid, attnum, typlen)


def _current_search_path() -> tuple:
    """The schemas names resolve in now: a plan made under others is made again
    (plancache.c's search_path check, OverrideSearchPathMatchesCurrent)."""
    from pgsnake.catalog import catalog_cache
    from pgsnake.utils import process_state
    if not process_state.database_oid:
        return ()                # no database chosen (unit tests of the layers below)
    return tuple(catalog_cache.search_path_namespaces())


def _transaction_kind(node: dict) -> str:
    kind = node["TransactionStmt"].get("kind", "")
    return {"TRANS_STMT_BEGIN": "BEGIN", "TRANS_STMT_START": "START TRANSACTION",
            "TRANS_STMT_COMMIT": "COMMIT", "TRANS_STMT_ROLLBACK": "ROLLBACK",
            "TRANS_STMT_SAVEPOINT": "SAVEPOINT", "TRANS_STMT_RELEASE": "RELEASE",
            "TRANS_STMT_ROLLBACK_TO": "ROLLBACK", "TRANS_STMT_PREPARE": "PREPARE TRANSACTION",
            "TRANS_STMT_COMMIT_PREPARED": "COMMIT PREPARED",
            "TRANS_STMT_ROLLBACK_PREPARED": "ROLLBACK PREPARED"}.get(kind, "BEGIN")


class PreparedStatement:
    """One analyzed and planned statement (or a routed utility statement)."""

    def __init__(self, raw, param_types: list[int], fixed_params: bool = False,
                 for_cursor: bool = False) -> None:
        self.raw = raw
        # DECLARE's query: junk ctid columns for WHERE CURRENT OF (executor/current_of.py)
        self.for_cursor = for_cursor
        self.cursor_ctids: dict = {}
        self.param_types = list(param_types)
        self.columns: list[ResultColumn] | None = None
        self.is_utility = raw.kind in TCOP_STATEMENTS
        self.query = None
        self.plan = None
        self._visible: list[int] = []
        self._utility = None
        self._row_lock_strength = LockStrength.NONE
        self.plan_counters = custom_plans.PlanCounters()
        self.generic_plan_only = False       # CURSOR_OPT_GENERIC_PLAN's effect
        self._custom_plan_differs = True     # False once a custom plan replaced no $n
        if raw.kind == "SelectStmt" and select_into.statement_into(raw.node["SelectStmt"]) \
                and "SelectIntoStmt" in _UTILITY_HANDLERS:
            # SELECT ... INTO is CREATE TABLE AS (commands/create_table_as.py).
            self._utility = _UTILITY_HANDLERS["SelectIntoStmt"](raw, self.param_types)
            self.command_kind = self._utility.command_kind
            self.columns = None
        elif raw.kind in OPTIMIZABLE and _routed(raw) is not None:
            # a rule of a system view takes the statement over (commands/settings_update.py)
            self._utility = _routed(raw)(raw, self.param_types)
            self.command_kind = self._utility.command_kind
            self.param_types = list(self._utility.param_types)
            self.columns = self._utility.columns
        elif raw.kind in OPTIMIZABLE:
            self.command_kind = OPTIMIZABLE[raw.kind]
            self._fixed_params = fixed_params
            self._plan()
            self._describe()
        elif raw.kind in _UTILITY_HANDLERS:
            # EXPLAIN, CREATE TABLE, DROP ...: commands/ registers these (a higher layer).
            self._utility = _UTILITY_HANDLERS[raw.kind](raw, self.param_types)
            self.command_kind = self._utility.command_kind
            self.param_types = list(self._utility.param_types)
            self.columns = self._utility.columns
        elif raw.kind == "TransactionStmt":
            self.command_kind = _transaction_kind(raw.node)
        elif raw.kind == "VariableSetStmt":
            self.command_kind = "RESET" if raw.node["VariableSetStmt"].get("kind") == "VAR_RESET" else "SET"
        elif raw.kind == "VariableShowStmt":
            self.command_kind = "SHOW"
        else:
            raise PgError(FEATURE_NOT_SUPPORTED,
                          f"{raw.kind.removesuffix('Stmt')} statements are not supported yet")

    def _plan(self) -> None:
        """Analyze and plan; remember the relations to lock and the catalog state the
        plan was made under (PostgreSQL's CachedPlanSource)."""
        self._catalog_generation = invalidation.shared_counter()
        self._search_path = _current_search_path()
        rls_tables = row_security.tables_seen()
        # a function body's names (SPI): a custom plan analyses the statement again
        self._column_ref_hook = transform_expression.column_ref_hook()
        self.query, self.param_types = analyze(self.raw, self.param_types, self._fixed_params)
        if self.for_cursor:
            self.cursor_ctids = current_of.add_cursor_ctids(self.query)
        # a cursor's plan is never parallel (PostgreSQL plans DECLARE without
        # CURSOR_OPT_PARALLEL_OK: it may be fetched from a bit at a time, or backward)
        with parallel_paths.serial_planning(self.for_cursor):
            self.plan = plan_query(self.query)
        self._custom_plan_differs = True
        self.relation_locks = _relation_locks(self.query)
        # A plan over tables with row-level security holds the policies of the user
        # it was made for (PlannedStmt.dependsOnRole): another user or row_security
        # setting plans again.
        self._row_security_environment = row_security.environment() \
            if row_security.tables_seen() != rls_tables else None
        # SELECT ... FOR UPDATE writes (row locks): a read-only transaction refuses it
        # under the name of the first table lock's strength.
        self._row_lock_strength = locking_clause.first_locking_strength(self.query)

    def is_current(self) -> bool:
        """Whether the plan was made under the catalog state, search path and row
        security environment of now (what _revalidate checks before re-planning)."""
        return self.plan is not None and \
            invalidation.shared_counter() == self._catalog_generation and \
            self._search_path == _current_search_path() and (
                self._row_security_environment is None
                or self._row_security_environment == row_security.environment())

    def _revalidate(self) -> None:
        """Before each execution (AcquireExecutorLocks + RevalidateCachedQuery): lock
        what the plan uses, as the parser did, since this may be a later transaction;
        if any DDL committed since planning, analyze and plan again. A prepared statement
        may not change its result columns that way."""
        for oid, mode in self.relation_locks:
            relation_locks.lock_relation_oid(oid, mode)
            # Its indexes too, in the same mode (get_relation_info, ExecOpenIndices), so
            # that REINDEX's AccessExclusiveLock on an index keeps scans of its old file out.
            relation_locks.lock_indexes_of(oid, mode)
        if invalidation.shared_counter() == self._catalog_generation and \
                self._search_path == _current_search_path() and (
                self._row_security_environment is None
                or self._row_security_environment == row_security.environment()):
            return
        original = self.columns
        before = [(c.type_oid, c.typmod) for c in original or ()]
        route = _routed(self.raw) if self.command_kind != "SELECT" else None
        if route is not None:
            # a rule made since the statement was planned (CREATE RULE) takes it over,
            # as the rewriter would now turn the query into the rules' queries
            utility = route(self.raw, self.param_types)
            if [(c.type_oid, c.typmod) for c in utility.columns or ()] != before:
                raise PgError(FEATURE_NOT_SUPPORTED, "cached plan must not change result type")
            self._utility, self.plan, self.query = utility, None, None
            self.columns = utility.columns
            return
        self._plan()
        self._describe()
        if [(c.type_oid, c.typmod) for c in self.columns or ()] != before:
            # The statement keeps the result it was prepared with (the plan source's
            # resultDesc) and plans again next time: undoing the change (ALTER TABLE
            # ... DROP the added column) makes it runnable again.
            self.columns = original
            self._catalog_generation = None
            raise PgError(FEATURE_NOT_SUPPORTED, "cached plan must not change result type")

    def choose_plan(self, params: list):
        """GetCachedPlan, after _revalidate(): (query, plan) to run with `params`, the
        generic plan or a custom plan made for their values (executor/custom_plans.py),
        counted in plan_counters."""
        counters = self.plan_counters
        if self.generic_plan_only or not custom_plans.wants_custom_plan(
                counters, params, lambda: custom_plans.generic_plan_cost(self.plan)):
            counters.generic_plans += 1
            return self.query, self.plan
        query, plan = self._custom_plan(params)
        custom_plans.note_custom_plan(counters, query, plan)
        return query, plan

    def plan_to_explain(self, params: list):
        """EXPLAIN EXECUTE: (query, plan) as an execution now would choose it (and
        counted as one), or None when a rule's statements run instead."""
        self._revalidate()
        if self.plan is None:
            return None
        return self.choose_plan(params)

    def _custom_plan(self, params: list):
        """The query analysed again with the values of its $n as constants, and planned
        (a query whose $n cannot be replaced plans as the generic plan did: that one)."""
        if not self._custom_plan_differs:
            return self.query, self.plan
        previous = transform_expression.set_column_ref_hook(self._column_ref_hook)
        try:
            query, _ = analyze(self.raw, self.param_types, True)
        finally:
            transform_expression.set_column_ref_hook(previous)
        if self.for_cursor:
            current_of.add_cursor_ctids(query)
        if not custom_plans.bind_parameter_values(query, params):
            self._custom_plan_differs = False
            return self.query, self.plan
        with parallel_paths.serial_planning(self.for_cursor):
            return query, plan_query(query)

    def _describe(self) -> None:
        query = self.query
        if query.command_type == "SELECT":
            entries = query.target_list
            self._visible = [i for i, t in enumerate(entries) if not t.resjunk]
            self.columns = [_result_column(entries[i].name, entries[i].expr,
                                           entries[i].table_oid, entries[i].attnum)
                            for i in self._visible]
        elif query.returning:
            self._visible = list(range(len(query.returning)))
            self.columns = [_result_column(t.name, t.expr, t.table_oid, t.attnum)
                            for t in query.returning]

    def execute(self, params: list | None = None, snapshot=None) -> QueryResult:
        """Run to the end. `snapshot`: the one to read with (a stable function's
        statement: the calling query's, access/transam/active_snapshot.py), else a
        new one as the transaction's isolation level gives."""
        params = list(params or [])
        if self.plan is not None:
            if self.command_kind == "SELECT":
                execution = self.start(params, snapshot=snapshot)
                try:
                    rows, _ = execution.fetch(0)
                finally:
                    execution.close()
                return QueryResult(self.columns, rows, f"SELECT {len(rows)}")
            self._revalidate()
            if self.plan is None:               # a rule's statements run it now
                return self.execute(params, snapshot)
            permission_checks.check_permissions(self.query.required_permissions)
            try:
                xact.prevent_command_if_read_only(self.command_kind)
            except PgError:
                # A READ ONLY transaction may still write temporary tables.
                if not permission_checks.writes_only_temporary_relations(
                        self.query.required_permissions):
                    raise
            _, plan = self.choose_plan(params)
            state = ExecutorState(params, snapshot if snapshot is not None
                                  else xact.get_transaction_snapshot())
            with active_snapshot.running(state.snapshot):
                count, rows = run_modify_table(plan, state)
            tag = f"INSERT 0 {count}" if self.command_kind == "INSERT" else f"{self.command_kind} {count}"
            return QueryResult(self.columns, rows, tag)
        if self._utility is not None:
            if _utility_wrapper is not None:
                return _utility_wrapper(self.raw, lambda: self._utility.execute(params))
            return self._utility.execute(params)
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f"{self.command_kind} must be run by the traffic cop, not the executor")

    @property
    def utility(self):
        """The commands-layer object a utility statement runs through, or None."""
        return self._utility

    def plan_for_run(self):
        """What start() does before it builds the state tree, for a caller that runs a
        kept SELECT's plan itself (executor/referential_locks.py's foreign-key probe):
        the locks, re-planning after DDL, permission and read-only checks. The plan to
        run now, or None when the statement is no longer a plain SELECT plan."""
        if self.plan is None or self.command_kind != "SELECT":
            return None
        self._revalidate()
        if self.plan is None:
            return None
        permission_checks.check_permissions(self.query.required_permissions)
        if self._row_lock_strength:
            xact.prevent_command_if_read_only(f"SELECT {self._row_lock_strength.sql}")
        return self.plan

    def start(self, params: list | None = None, snapshot=None, plan=None) -> "Execution":
        """Begin running the statement for a portal. A SELECT runs only as far as its
        rows are fetched (its snapshot is taken now, unless `snapshot` is given: a
        cursor running its plan again, `plan`: the Execution's plan); anything else runs to completion
        here and its result (RETURNING rows, a command tag) is handed out from memory,
        as PostgreSQL's PORTAL_ONE_RETURNING and PORTAL_MULTI_QUERY strategies do."""
        params = list(params or [])
        if self.plan is None or self.command_kind != "SELECT":
            return Execution.of_result(self.execute(params))
        self._revalidate()
        if plan is None:
            _, plan = self.choose_plan(params)
        permission_checks.check_permissions(self.query.required_permissions)
        if self._row_lock_strength:
            xact.prevent_command_if_read_only(f"SELECT {self._row_lock_strength.sql}")
        state = ExecutorState(params, snapshot if snapshot is not None
                              else xact.get_transaction_snapshot())
        execution = Execution(self.columns, start_plan(plan, state), self._visible)
        execution.snapshot = state.snapshot
        execution.plan = plan
        return execution


class Execution:
    """A statement running for a portal (PostgreSQL's Portal with its QueryDesc): rows are
    pulled from the plan's top node a batch at a time, only as the client asks for them,
    so a big result never sits in memory. `fetch(n)` returns up to n rows (n <= 0: all
    the rest) and whether the end was reached: as in PostgreSQL, a fetch that returns
    exactly n rows has not seen the end yet."""

    def __init__(self, columns, node=None, visible=None, result: QueryResult | None = None):
        self.columns = columns
        self._node = node
        self._visible = visible
        self._buffer: list = []        # rows of the last batch not yet handed out
        self._result = result
        self.processed = 0             # rows handed out so far
        self.snapshot = None           # a SELECT's snapshot (a cursor may run it again)
        self.plan = None               # a SELECT's plan (the same, when run again)
        self.at_end = node is None and result is None
        self.current_row = None        # the row a cursor is on (with junk), see fetch

    def run_without_workers(self) -> None:
        """The client fetches this portal in pieces (an Execute with a row limit): its
        Gathers start no workers, which would otherwise wait between fetches
        (PostgreSQL's ExecutePlan without execute_once leaves parallel mode off)."""
        if self._node is not None:
            self._node.estate.no_parallel_workers = True

    @classmethod
    def of_result(cls, result: QueryResult) -> "Execution":
        execution = cls(result.columns, result=result)
        execution._buffer = list(result.rows)
        return execution

    @property
    def command_tag(self) -> str:
        """The tag of a statement that ran to completion (INSERT 0 1, CREATE TABLE, ...);
        a SELECT's tag counts the rows of the fetch that ended it."""
        if self._result is not None:
            return self._result.command_tag
        return f"SELECT {self.processed}"

    def fetch(self, max_rows: int, with_junk: bool = False) -> tuple[list, bool]:
        """Up to max_rows rows and whether the end was reached. The last row handed out,
        with its resjunk columns, stays as `current_row` (WHERE CURRENT OF reads its
        ctids: executor/current_of.py); None once a fetch runs off the end."""
        out: list = []
        want = max_rows if max_rows > 0 else None
        while want is None or len(out) < want:
            if not self._buffer:
                batch = self._next_batch()
                if batch is None:
                    self.at_end = True
                    break
                self._buffer = batch
            if want is None:
                take, self._buffer = self._buffer, []
            else:
                room = want - len(out)
                take, self._buffer = self._buffer[:room], self._buffer[room:]
            out.extend(take)
        self.processed += len(out)
        if want is None or len(out) < want:
            self.current_row = None
        elif out:
            self.current_row = out[-1]
        if not with_junk:
            out = self.visible_rows(out)
        return out, self.at_end

    def visible_rows(self, rows: list) -> list:
        """Rows without their resjunk columns (hidden ORDER BY keys, LockRows' and
        cursors' ctids)."""
        visible = self._visible
        if visible is not None and rows and len(visible) != len(rows[0]):
            return [[row[i] for i in visible] for row in rows]
        return rows

    def _next_batch(self):
        node = self._node
        if node is None:
            return None
        with active_snapshot.running(self.snapshot):
            batch = node.next_batch()
        if batch is None:
            self.close()
            return None
        return batch

    def persist(self) -> None:
        """WITH HOLD at commit (PersistHoldablePortal): run the rest now, while the
        transaction's snapshot and locks still hold, and keep the rows in memory."""
        if self._node is None:
            return
        rest, _ = self.fetch(0)
        self.processed -= len(rest)
        self._buffer = rest
        self.at_end = False

    def close(self) -> None:
        """End the plan's state tree (PortalDrop / ExecutorEnd)."""
        node, self._node = self._node, None
        if node is not None:
            node.end()
            node.estate.end()


def start_execution(statement, params: list | None = None) -> Execution:
    """Start any prepared statement for a portal: the executor's own (streaming) or a
    utility statement of tcop or commands (run now, result kept)."""
    start = getattr(statement, "start", None)
    if start is not None:
        return start(params)
    return Execution.of_result(statement.execute(params))


def _relation_locks(query) -> list[tuple[int, int]]:
    """(relation oid, lock mode) for every relation the query (and its subqueries) uses."""
    out = []
    for rte in query.range_table:
        if rte.kind == "relation" and rte.lock_mode:
            out.append((rte.relation.oid, rte.lock_mode))
        elif rte.subquery is not None:
            out += _relation_locks(rte.subquery)
    return out


# Statement kind -> prepare(raw, param_types) returning an object with command_kind,
# param_types, columns and execute(params) -> QueryResult. Filled by commands/ at import
# time: the executor (L7) must not import commands (L8).
_UTILITY_HANDLERS: dict = {}


# wrapper(raw, execute) runs every utility statement (commands/event_trigger_firing.py:
# event triggers around DDL).
_utility_wrapper = None


def register_utility_wrapper(wrapper) -> None:
    global _utility_wrapper
    _utility_wrapper = wrapper


# Optimizable statements that a commands-layer rule runs instead (the pg_settings view's
# ON UPDATE rules): route(raw) -> prepare(raw, param_types) or None.
_STATEMENT_ROUTES: list = []


def register_statement_route(route) -> None:
    _STATEMENT_ROUTES.append(route)


def _routed(raw):
    for route in _STATEMENT_ROUTES:
        prepare = route(raw)
        if prepare is not None:
            return prepare
    return None


def register_utility(kind: str, prepare) -> None:
    """Route statements of `kind` (e.g. 'ExplainStmt') to a commands-layer handler."""
    _UTILITY_HANDLERS[kind] = prepare


def prepare_statement(raw, param_types: list[int], *, fixed_params: bool = False,
                      for_cursor: bool = False) -> PreparedStatement:
    """Analyze and plan `raw` (a parser.raw_parser.RawStatement). `param_types` are the
    client's declared $n types (0 = infer); the resolved list is prepared.param_types.
    fixed_params: the simple query protocol, where no $n beyond param_types may appear.
    for_cursor: DECLARE's query (its rows carry ctids for WHERE CURRENT OF)."""
    return PreparedStatement(raw, param_types, fixed_params, for_cursor)
