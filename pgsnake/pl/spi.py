"""Running SQL from inside a function (PostgreSQL's SPI): statements prepared once per
call site and kept, with the function's arguments and variables as parameters.

A function body's statement is analysed with a column-reference hook
(parser/transform_expression.set_column_ref_hook) that turns the names of arguments and
variables into parameters, so the same plan serves every call with new values
(SPI_prepare + SPI_keepplan, and PL/pgSQL's expression plans). When any DDL has
committed since, the statement is prepared again under the same hook before it runs
(the plan cache's revalidation, which cannot itself know the hook). After a statement
that may have changed data, the command counter moves on, so the next statement of the
function sees the change (SPI's CommandCounterIncrement for non-read-only execution).
A statement of a volatile function (read_only False, the default) also moves it on
before it runs, so it sees what the statement calling the function wrote so far (an
INSERT ... SELECT f() whose f counts the table's rows); the calling statement keeps
stamping its own command id (ExecutorState.output_cid). A stable or immutable
function's statements (SQL or PL/pgSQL) are read_only: they run without moving the
counter, read with the calling query's snapshot (access/transam/active_snapshot.py: a
cursor's FETCH still sees through them what the cursor sees), and one that is not a
plain SELECT is refused (0A000 "... is not allowed in a
non-volatile function").

Entry points: SpiStatement(text, param_types, hook), .execute(params) -> QueryResult,
.rows(params) -> iterator of row lists (FOR loops, RETURN QUERY: pulled a batch at a time),
.columns, .for_cursor / .before_cursor() (PL/pgSQL's OPEN: plpgsql/cursors.py); prepare_text(text, param_types, hook) -> [SpiStatement] for a string of several.

See also executor/spi.py, the same door for the internal statements of commands (no
names to resolve, no hook).

PostgreSQL: executor/spi.c (SPI_prepare, SPI_keepplan, SPI_execute_plan, SPI_cursor_*),
utils/cache/plancache.c (RevalidateCachedQuery).
"""
from __future__ import annotations

from pgsnake.access.transam import active_snapshot, xact
from pgsnake.catalog import invalidation
from pgsnake.executor import portal_query
from pgsnake.parser import raw_parser
from pgsnake.parser import transform_expression

FETCH_BATCH = 50


def _prepare(raw, param_types: list[int], hook, for_cursor: bool = False,
             fixed_params: bool = False):
    previous = transform_expression.set_column_ref_hook(hook)
    try:
        statement = portal_query.prepare_statement(raw, list(param_types),
                                                   for_cursor=for_cursor,
                                                   fixed_params=fixed_params)
    finally:
        transform_expression.set_column_ref_hook(previous)
    # a SQL function's statements are planned without their arguments' values
    # (functions.c plans with no bound parameters): never a custom plan
    statement.generic_plan_only = fixed_params
    return statement


class SpiStatement:
    """One statement of a function body, prepared on first use and kept."""

    __slots__ = ("raw", "text", "param_types", "hook", "_statement", "_generation",
                 "read_only", "for_cursor", "fixed_params")

    def __init__(self, raw, param_types: list[int], hook) -> None:
        self.raw = raw
        self.text = raw.text
        self.param_types = list(param_types)
        self.hook = hook
        self._statement = None
        self._generation = None
        self.read_only = False
        # a PL/pgSQL cursor's query: its rows carry ctids for WHERE CURRENT OF
        self.for_cursor = False
        # a SQL function's statement: $n past its arguments is 42P02, not a new parameter
        self.fixed_params = False

    @classmethod
    def from_text(cls, text: str, param_types: list[int], hook) -> "SpiStatement":
        raws = raw_parser.parse_sql(text)
        if len(raws) != 1:
            from pgsnake.utils.errors import PgError
            raise PgError("42601", "cannot insert multiple commands into a prepared statement")
        return cls(raws[0], param_types, hook)

    def prepared(self):
        generation = invalidation.shared_counter()
        if self._statement is None or generation != self._generation:
            self._statement = _prepare(self.raw, self.param_types, self.hook,
                                       self.for_cursor, self.fixed_params)
            self._generation = generation
        return self._statement

    @property
    def columns(self):
        return self.prepared().columns

    @property
    def command_kind(self) -> str:
        return self.prepared().command_kind

    def execute(self, params: list):
        statement = self.prepared()
        snapshot = None
        if not self.read_only:
            xact.command_counter_increment()
        else:
            _check_read_only(statement)
            snapshot = active_snapshot.current()
        result = statement.execute(list(params), snapshot=snapshot)
        if statement.command_kind != "SELECT" or statement.query is None \
                or getattr(statement.query, "command_type", "SELECT") != "SELECT":
            xact.command_counter_increment()
        return result

    def before_cursor(self) -> None:
        """A cursor over the statement is about to start: it sees what the function
        wrote so far (SPI_cursor_open's CommandCounterIncrement when not read-only)."""
        if not self.read_only:
            xact.command_counter_increment()

    def rows(self, params: list):
        """The rows of a query, pulled FETCH_BATCH at a time (a cursor over the plan)."""
        statement = self.prepared()
        if statement.plan is None or statement.command_kind != "SELECT":
            yield from self.execute(params).rows
            return
        if not self.read_only:
            xact.command_counter_increment()
        execution = statement.start(list(params), snapshot=active_snapshot.current()
                                    if self.read_only else None)
        try:
            while True:
                batch, at_end = execution.fetch(FETCH_BATCH)
                yield from batch
                if at_end:
                    break
        finally:
            execution.close()


def _check_read_only(statement) -> None:
    """A statement of a stable or immutable function only reads: any other is 0A000
    (_SPI_execute_plan's and init_execution_state's CommandIsReadOnly check)."""
    kind = statement.raw.kind
    if kind == "SelectStmt" and not statement.raw.node["SelectStmt"].get("intoClause"):
        return
    name = "SELECT INTO" if kind == "SelectStmt" else statement.command_kind
    from pgsnake.utils.errors import PgError
    raise PgError("0A000", f"{name} is not allowed in a non-volatile function")


def check_read_only(statements) -> None:
    """The read-only check of every statement of a body, before any runs (a SQL
    function's, at its start)."""
    for statement in statements:
        if statement.read_only:
            _check_read_only(statement.prepared())


def prepare_text(text: str, param_types: list[int], hook) -> list[SpiStatement]:
    """Every statement of a string (a LANGUAGE sql body), each prepared on first use,
    its parameters the function's arguments only."""
    statements = [SpiStatement(raw, param_types, hook) for raw in raw_parser.parse_sql(text)]
    for statement in statements:
        statement.fixed_params = True
    return statements
