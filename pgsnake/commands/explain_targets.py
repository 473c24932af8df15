"""What EXPLAIN explains besides a plain query: EXECUTE of a prepared statement, CREATE
TABLE AS / SELECT INTO / CREATE MATERIALIZED VIEW, DECLARE CURSOR.

Entry points (commands/explain.py):
    inner_statement(node) -> (query node, into | None)
        the statement whose plan EXPLAIN shows; `into` is (into clause, query node) for
        CREATE TABLE AS / SELECT INTO, which EXPLAIN ANALYZE really creates and fills
    plan_prepared(prepared, values) -> (query, plan)
        the plan EXECUTE would run: the generic plan or a custom plan for the values
        (executor/custom_plans.py decides, and counts it)
    new_table_sink(into, raw) -> callable(row)
        EXPLAIN ANALYZE CREATE TABLE AS: makes the table (as CREATE TABLE AS does) and
        returns what inserts each row the plan produces

PostgreSQL: commands/explain.c (ExplainOneUtility), commands/prepare.c
(ExplainExecuteQuery), commands/createas.c (intorel_receive).
"""
from __future__ import annotations

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
    # the plan an EXECUTE would run now, and counted as one (GetCachedPlan): a generic
    # plan keeps its Params (their values prune partitions at executor start-up,
    # "Subplans Removed"), a custom plan has the values as constants
    chosen = prepared.plan_to_explain(values) if prepared.query is not None else None
    if chosen is None:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "EXPLAIN EXECUTE of a utility statement is not supported yet")
    return chosen


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

