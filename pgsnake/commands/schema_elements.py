"""CREATE SCHEMA's elements: the CREATE TABLE / SEQUENCE / VIEW / INDEX / TRIGGER and
GRANT statements written inside a CREATE SCHEMA, run as part of it.

Each element may name the new schema or no schema (it then goes in the new schema: the
name is filled in, and meanwhile the new schema leads the search path, so names inside
the elements find its objects first); naming another schema is 42P15. The elements run
in groups by kind, whatever their written order: sequences, tables, views, indexes,
triggers, grants (PostgreSQL 15's transformCreateSchemaStmt), so a view may be written
before the table it reads. Each one runs as its own statement of the same transaction,
through the ordinary prepare / execute path, its error positions pointing into the
CREATE SCHEMA text.

Entry point: run_elements(schema_name, elements, raw).

Where we differ: CREATE SCHEMA AUTHORIZATION another_role creates the elements as the
current user (PostgreSQL switches to the schema's owner for them).

PostgreSQL: commands/schemacmds.c (CreateSchemaCommand), parser/parse_utilcmd.c
(transformCreateSchemaStmt, setSchemaName).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.utils.errors import PgError

INVALID_SCHEMA_DEFINITION = "42P15"

# element kind -> (its order group, the key of the RangeVar that names its schema)
_ELEMENTS = {
    "CreateSeqStmt": (0, "sequence"),
    "CreateStmt": (1, "relation"),
    "ViewStmt": (2, "view"),
    "IndexStmt": (3, "relation"),
    "CreateTrigStmt": (4, "relation"),
    "GrantStmt": (5, None),
}


def run_elements(schema_name: str, elements: list[dict], raw) -> None:
    from pgsnake.access.transam import xact
    from pgsnake.executor.portal_query import prepare_statement, start_execution
    from pgsnake.parser.raw_parser import RawStatement
    ordered = []
    for position, element in enumerate(elements):
        (kind, node), = element.items()
        group, key = _ELEMENTS[kind]
        if key is not None:
            _set_schema(node[key], schema_name)
        ordered.append((group, position, kind, element))
    ordered.sort(key=lambda entry: entry[:2])
    texts = _element_texts(raw.text)
    path = f"{cc.quote_identifier(schema_name)}, {cc.search_path_setting()}"
    with cc.search_path_as(path):
        for _group, position, kind, element in ordered:
            statement = RawStatement(element, texts[position], raw.location, kind, raw.source)
            start_execution(prepare_statement(statement, []), [])
            xact.command_counter_increment()


def _element_texts(text: str) -> list[str]:
    """Each element's own SQL text, printed by pglast from its parse of the statement:
    a command that keeps its statement's text (CREATE VIEW's query) reads it there. The
    parse tree each element runs from is the one of the whole statement (its locations
    point into the CREATE SCHEMA text)."""
    import pglast
    from pglast.stream import RawStream
    statement = pglast.parse_sql(text)[0].stmt
    return [RawStream()(element) for element in statement.schemaElts]


def _set_schema(range_var: dict, schema_name: str) -> None:
    """setSchemaName: an element's own schema must be the new one; none means it."""
    named = range_var.get("schemaname")
    if named is None:
        range_var["schemaname"] = schema_name
    elif named != schema_name:
        raise PgError(INVALID_SCHEMA_DEFINITION, f"CREATE specifies a schema ({named}) "
                      f"different from the one being created ({schema_name})")
