"""EXPLAIN [ANALYZE] EXECUTE name(args): the plan of a prepared statement, run with the
given argument values.

pgsnake keeps one plan per prepared statement with its parameters as Params (the
generic plan, whatever plan_cache_mode says), so EXPLAIN EXECUTE shows that plan; the
values matter to run-time partition pruning ("Subplans Removed", executor/
run_time_pruning.py) and to ANALYZE's run. The statement is explained as EXPLAIN of the
prepared query text with the same options.

Entry points: is_explain_execute(node) -> bool, make_statement(raw, session) ->
TcopStatement (hooks in tcop/session_commands.py).

PostgreSQL: commands/prepare.c (ExplainExecuteQuery), commands/explain.c.
"""
from __future__ import annotations

from pgsnake.tcop.utility import Column, TcopStatement


def is_explain_execute(node: dict) -> bool:
    body = node.get("ExplainStmt")
    return body is not None and next(iter(body.get("query") or {"": 0})) == "ExecuteStmt"


def make_statement(raw, session) -> TcopStatement:
    return TcopStatement("EXPLAIN", lambda: _explain(raw, session),
                         columns=[Column("QUERY PLAN")])


def _explain(raw, session):
    from pgsnake.commands.explain import ExplainStatement
    from pgsnake.parser.raw_parser import RawStatement
    from pgsnake.tcop import session_commands
    body = raw.node["ExplainStmt"]
    execute = body["query"]["ExecuteStmt"]
    stmt = session_commands.lookup_prepared(session, execute["name"])
    values = session_commands.execute_arguments(raw, execute["name"], stmt,
                                                _execute_ast(raw))
    inner = stmt.raw
    explain_node = {"ExplainStmt": {"query": inner.node, "options": body.get("options", [])}}
    explain_raw = RawStatement(explain_node, inner.text, inner.location, "ExplainStmt",
                               inner.source)
    return ExplainStatement(explain_raw, list(stmt.param_types)).execute(values)


def _execute_ast(raw):
    from pglast import parse_sql as parse_ast
    return parse_ast(raw.text)[0].stmt.query
