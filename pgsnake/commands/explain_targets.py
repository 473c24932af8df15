"""What EXPLAIN explains besides a plain query: EXECUTE of a prepared statement, CREATE
TABLE AS / SELECT INTO / CREATE MATERIALIZED VIEW, DECLARE CURSOR.

Entry points (commands/explain.py):
    inner_statement(node) -> (query node, into | None)
        the statement whose plan EXPLAIN shows; `into` is (into clause, query node) for
        CREATE TABLE AS / SELECT INTO, which EXPLAIN ANALYZE really creates and fills
    plan_prepared(prepared, values) -> (query, plan)
        EXECUTE's plan as PostgreSQL's custom plan: the prepared query analysed again
        with its $n replaced by the arguments' values, then planned
    new_table_sink(into, raw) -> callable(row)
        EXPLAIN ANALYZE CREATE TABLE AS: makes the table (as CREATE TABLE AS does) and
        returns what inserts each row the plan produces

PostgreSQL: commands/explain.c (ExplainOneUtility), commands/prepare.c
(ExplainExecuteQuery), commands/createas.c (intorel_receive).
"""
from __future__ import annotations

from pgsnake.parser.expression_nodes import Const, Param
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError


def inner_statement(node: dict):
    kind = next(iter(node))
    body = node[kind]
    if kind == "CreateTableAsStmt":
        into = (body["into"], body["query"]) if body.get("objtype") == "OBJECT_TABLE" else None
        if into is None:
            into = ("matview", body["query"])
        return body["query"], into
    if kind == "SelectStmt" and body.get("intoClause"):
        query_node = {"SelectStmt": {k: v for k, v in body.items() if k != "intoClause"}}
        return query_node, (body["intoClause"], query_node)
    if kind == "DeclareCursorStmt":
        return body["query"], None
    return node, None


def plan_prepared(prepared, values):
    from pgsnake.optimizer import function_inlining
    from pgsnake.optimizer.planner import plan_query
    from pgsnake.parser.analyze import analyze
    from pgsnake.rewrite import tree_mapping
    if prepared.query is None:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "EXPLAIN EXECUTE of a utility statement is not supported yet")
    query, _ = analyze(prepared.raw, prepared.param_types, True)
    from pgsnake.utils import settings
    # force_generic_plan: the plan keeps its Params (their values prune partitions at
    # executor start-up, "Subplans Removed"); otherwise the custom plan for the values.
    if values and not tree_mapping.nested_queries(query) and \
            settings.get("plan_cache_mode") != "force_generic_plan":
        # (A $n inside a subquery stays a parameter: the generic plan's shape there.)
        types = prepared.param_types

        def constant(e):
            if isinstance(e, Param) and e.kind == "extern" and 0 < e.number <= len(values):
                return Const(types[e.number - 1], values[e.number - 1], e.typmod)
            return None
        function_inlining.substitute_in_query(query, constant)
    return query, plan_query(query)


def new_table_sink(into, raw):
    clause, query_node = into
    if clause == "matview":
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "EXPLAIN ANALYZE CREATE MATERIALIZED VIEW is not supported yet")
    from pgsnake.access.heap import heapam
    from pgsnake.access.transam import xact
    from pgsnake.catalog import catalog_cache
    from pgsnake.commands import create_table_as, table_commands
    from pgsnake.storage.buffer import buffer_strategy
    relation_node = clause["rel"]
    create_table_as._create(dict(clause, skipData=True), query_node, raw, if_not_exists=False)
    oid = catalog_cache.relation_oid_in(table_commands.creation_namespace(relation_node),
                                        relation_node["relname"])
    xact.command_counter_increment()
    relation = catalog_cache.get_relation(oid)
    width = len([a for a in relation.attributes if a.attnum > 0])
    strategy = buffer_strategy.get_access_strategy(buffer_strategy.BULKWRITE)

    def insert(row) -> None:
        heapam.heap_insert(relation, list(row[:width]), strategy=strategy)
    return insert

