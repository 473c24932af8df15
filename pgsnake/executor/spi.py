"""Running SQL from inside the server: PostgreSQL's SPI (Server Programming Interface).

Commands that need a query of their own (a foreign-key check, ALTER TABLE's scan for a
row that breaks a new constraint, the rewrite that fills a new column's DEFAULT) build its
text and run it here, through the ordinary parse / analyze / plan / execute path, in the
caller's transaction and with its snapshot rules. Nothing here bypasses the executor, so
locks, visibility and constraint checks are exactly those of a client's statement.

A statement run often (one per changed row) is kept prepared under a caller-chosen key,
as SPI_keepplan does for ri_triggers.c: the text is parsed and planned once per backend,
and a DDL committed in between makes it re-plan before its next use (portal_query's
re-validation), so a kept statement never runs against a stale table definition.

Entry points: execute(text, param_types, params, keep=key) -> result with .rows and
.command_tag; kept_statement(text, param_types, keep) -> the kept PreparedStatement;
qualified_name(relation) -> '"schema"."table"'; forget_kept() (tests).
It also installs the runner built-in functions use to read a query's rows
(datatypes/query_runner.py: ts_rewrite(tsquery, text), ts_stat, query_to_xml ...).

PostgreSQL: executor/spi.c (SPI_execute, SPI_prepare, SPI_keepplan).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache
from pgsnake.datatypes import query_runner
from pgsnake.utils.errors import PgError

_kept: dict = {}


def execute(text: str, param_types=(), params=(), *, keep=None):
    """Run one SQL statement with $n parameters of `param_types` bound to `params`.
    keep: a hashable key under which the prepared statement is kept for reuse (pass
    one for statements run per row); None prepares it for this call only."""
    if keep is None:
        return _prepare(text, param_types).execute(list(params))
    return kept_statement(text, param_types, keep).execute(list(params))


def kept_statement(text: str, param_types, keep):
    """The statement kept under `keep` for `text` (prepared on first use): for a caller
    that runs its plan itself (executor/referential_locks.py) after
    PreparedStatement.plan_for_run()."""
    statement = _kept.get((keep, text))
    if statement is None:
        statement = _kept[(keep, text)] = _prepare(text, param_types)
    return statement


def _prepare(text: str, param_types):
    from pgsnake.executor.portal_query import prepare_statement
    from pgsnake.parser.raw_parser import parse_sql
    (raw,) = parse_sql(text)
    return prepare_statement(raw, list(param_types))


_READ_ONLY_REFUSED = {"InsertStmt": "INSERT", "UpdateStmt": "UPDATE", "DeleteStmt": "DELETE",
                      "MergeStmt": "MERGE", "CreateStmt": "CREATE TABLE"}


def _rows_for_functions(text: str, read_only: bool):
    """datatypes/query_runner's runner: one statement's columns and rows; read_only
    (SPI_execute's) refuses a statement that is not a query."""
    if read_only:
        from pgsnake.parser.raw_parser import parse_sql
        statements = parse_sql(text)
        kind = statements[0].kind if len(statements) == 1 else None
        if kind in _READ_ONLY_REFUSED:
            raise PgError("0A000", f"{_READ_ONLY_REFUSED[kind]} is not allowed in a "
                          "non-volatile function", context=f'SQL statement "{text}"')
        if kind != "SelectStmt":
            raise PgError("22000", "invalid query")
    try:
        result = execute(text)
    except PgError as error:
        # a position inside the function's query is no position in the caller's text
        # (PostgreSQL reports it as an internal query position)
        error.position = None
        raise
    columns = [(c.name, c.type_oid, c.typmod) for c in (result.columns or ())]
    return columns, result.rows


query_runner.set_runner(_rows_for_functions)


def qualified_name(relation) -> str:
    """The relation's schema-qualified, quoted name, safe to put into statement text."""
    quote = catalog_cache.quote_identifier
    return f"{quote(relation.namespace_name)}.{quote(relation.name)}"


def kept_count() -> int:
    return len(_kept)


def forget_kept() -> None:
    """Drop the kept statements (tests; a dropped table's statement is useless)."""
    _kept.clear()
