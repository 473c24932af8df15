"""CREATE [TEMP] TABLE ... AS query [WITH [NO] DATA] and SELECT ... INTO [TEMP] table.

The query is analysed to find the new table's columns (names from the query or the
column list, types and typmods from its output; an "unknown" literal becomes text),
the table is made as CREATE TABLE makes one (in pg_temp_N for TEMP, with ON COMMIT),
then the query runs and its rows are inserted. The command tag is "SELECT n", or
"CREATE TABLE AS" for WITH NO DATA, as PostgreSQL's.

Entry points: execute_create_table_as(node, raw) (CreateTableAsStmt with objtype
OBJECT_TABLE, from view_commands), the SelectIntoStmt utility kind that
executor.portal_query routes a top-level SELECT ... INTO to, and
create_from_statement(into, columns, rows) for CREATE TABLE ... AS EXECUTE (tcop, which
owns the session's prepared statements).

PostgreSQL: commands/createas.c (ExecCreateTableAs, create_ctas_internal,
intorel_receive), parser/analyze.c (transformSelectStmt's SELECT INTO as CTAS).
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import heap_creation
from pgsnake.commands import utility_statement
from pgsnake.utils import notices
from pgsnake.utils.errors import SYNTAX_ERROR, PgError

UNKNOWN, TEXT = 705, 25


def execute_create_table_as(node: dict, raw) -> str:
    return _create(node["into"], node["query"], raw, if_not_exists=node.get("if_not_exists"))


def execute_select_into(node: dict, raw) -> str:
    from pgsnake.parser import select_into
    query_node = {"SelectStmt": select_into.without_into(node)}
    return _create(select_into.statement_into(node), query_node, raw, if_not_exists=False)


def _create(into: dict, query_node: dict, raw, *, if_not_exists) -> str:
    from pgsnake.parser import analyze

    def outputs():
        query = analyze.analyze_node(query_node, raw.source, [], fixed_params=True)
        return [(tle.name, tle.expr.type_oid, getattr(tle.expr, "typmod", -1))
                for tle in query.output_columns()]

    def rows():
        from pgsnake.executor.portal_query import prepare_statement
        select = dataclasses.replace(raw, node=query_node, kind="SelectStmt")
        return prepare_statement(select, [], fixed_params=True).execute([]).rows
    return _create_table(into, outputs, rows, if_not_exists)


def create_from_statement(into: dict, columns, rows, *, if_not_exists) -> str:
    """CREATE TABLE ... AS EXECUTE: the table of a prepared statement's `columns`
    (ResultColumns), filled with what `rows()` gives (tcop runs the statement). WITH
    NO DATA still answers "SELECT 0" (ExecuteQuery runs the statement for no rows)."""
    return _create_table(into, lambda: [(c.name, c.type_oid, getattr(c, "typmod", -1))
                                        for c in columns], rows, if_not_exists,
                         no_data_tag="SELECT 0")


def _create_table(into: dict, outputs, rows, if_not_exists,
                  no_data_tag: str = "CREATE TABLE AS") -> str:
    """The table `into` names, of the (name, type, typmod) columns outputs() gives,
    then (unless WITH NO DATA) the rows rows() gives; the command tag."""
    from pgsnake.commands import on_commit_actions, table_commands
    relation = into["rel"]
    persistence = "u" if relation.get("relpersistence", "p") == "u" else "p"
    name = relation["relname"]
    namespace_oid = table_commands.creation_namespace(relation)
    if if_not_exists and cc.relation_oid_in(namespace_oid, name) is not None:
        notices.emit("42P07", f'relation "{name}" already exists, skipping')
        return "CREATE TABLE AS"
    output_columns = outputs()
    aliases = [a["String"]["sval"] for a in into.get("colNames", ())]
    if len(aliases) > len(output_columns):
        raise PgError(SYNTAX_ERROR, "too many column names were specified")
    columns = []
    for i, (column_name, type_oid, typmod) in enumerate(output_columns):
        if type_oid == UNKNOWN:
            type_oid, typmod = TEXT, -1
        columns.append(heap_creation.ColumnSpec(aliases[i] if i < len(aliases) else column_name,
                                                type_oid, typmod))
    from pgsnake.catalog import object_permissions
    from pgsnake.commands import relation_options
    object_permissions.check_namespace_create(namespace_oid)
    options = relation_options.table_options(into.get("options"))
    oid = heap_creation.create_table(name, namespace_oid, columns, persistence)
    if options:
        relation_options.store(oid, options)
    on_commit_actions.register_for_new_table(oid, into.get("onCommit"), relation)
    if into.get("skipData"):
        return no_data_tag
    return f"SELECT {_fill(oid, rows)}"


def _fill(oid: int, rows) -> int:
    """Run the query and insert its rows into the new (empty) table."""
    from pgsnake.access.heap import heapam
    from pgsnake.access.transam import xact
    from pgsnake.storage.buffer import buffer_strategy
    xact.command_counter_increment()
    result_rows = rows()
    relation = cc.get_relation(oid)
    width = len([a for a in relation.attributes if a.attnum > 0])
    # The new table fills through a BULKWRITE ring (intorel_startup's BulkInsertState).
    strategy = buffer_strategy.get_access_strategy(buffer_strategy.BULKWRITE)
    for row in result_rows:
        heapam.heap_insert(relation, list(row[:width]), strategy=strategy)
    xact.command_counter_increment()
    return len(result_rows)


utility_statement.register("SelectIntoStmt", "SELECT INTO", execute_select_into)
