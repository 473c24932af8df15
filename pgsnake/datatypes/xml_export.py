"""query_to_xml and table_to_xml: a query's (or a table's) rows as an XML document or a
forest of row elements, as SQL/XML maps tables.

Entry points: query_to_xml(query, nulls, tableforest, targetns),
table_to_xml(table_oid, nulls, tableforest, targetns), cursor_to_xml(cursor, count,
nulls, tableforest, targetns), schema_to_xml(schema, ...), database_to_xml(nulls, ...),
xmlvalidate (always 0A000, as in PostgreSQL) (registered from their pg_proc rows by
catalog/system_view_functions.py).

Rules (query_to_xml_internal, SPI_sql_row_to_xmlelement):
 1. The element names: the table's name (table_to_xml) or "table" for the whole result
    and "row" for each row; column names mapped to XML names fully escaped (a leading
    "xml" and any ':' too).
 2. Without tableforest: <table xmlns:xsi="..."[ xmlns="targetns"]>, a blank line, then
    per row "<row>", one "  <col>value</col>" line per column and "</row>" plus a blank
    line, then "</table>". With tableforest each row is such a top-level element itself
    (named for the table, or "row") and nothing wraps them: no rows is ''.
 3. A NULL column is left out, or written <col xsi:nil="true"/> when nulls is true.
    Values are mapped as XMLELEMENT maps them (datatypes/xml_type.value_text).
 4. schema_to_xml / database_to_xml nest the tables' (and schemas') elements, without
    namespaces (only the top-level element has them), each followed by a blank line.
 5. The query runs read-only through datatypes/query_runner.py in the caller's
    transaction (an INSERT, UPDATE or DELETE is 0A000 "... is not allowed in a
    non-volatile function", another statement 22000 "invalid query").

PostgreSQL: utils/adt/xml.c (query_to_xml, table_to_xml, query_to_xml_internal,
xmldata_root_element_start/end, SPI_sql_row_to_xmlelement,
map_sql_identifier_to_xml_name).
"""
from __future__ import annotations

from pgsnake.datatypes import query_runner, registry, text_format, xml_type
from pgsnake.utils.errors import PgError

NAMESPACE_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def xml_name_fully_escaped(identifier: str) -> str:
    """map_sql_identifier_to_xml_name with fully_escaped: as xml_type.xml_name, and a ':'
    anywhere and a leading "xml" (any case) escaped too."""
    out = []
    for index, ch in enumerate(identifier):
        if ch == ":":
            out.append("_x003A_")
        elif index == 0 and identifier[:3].lower() == "xml":
            out.append("_x0078_" if ch == "x" else "_x0058_")
        else:
            out.append(_one(identifier, index))
    return "".join(out)


def _one(identifier: str, index: int) -> str:
    ch = identifier[index]
    if ch == "_" and identifier[index + 1:index + 2] == "x":
        return "_x005F_"
    if _name_char(ch, index == 0):
        return ch
    return f"_x{ord(ch):04X}_"


def _name_char(ch: str, first: bool) -> bool:
    if ch.isalpha() or ch == "_":
        return True
    return not first and (ch.isdigit() or ch in ".-\u00b7")


def _root_start(name: str, targetns: str, top_level: bool = True,
                xmlschema: str | None = None) -> str:
    """xmldata_root_element_start: the namespaces only on a top-level element; with an
    inline XML Schema (the *_and_xmlschema functions), where it is ("#")."""
    text = f"<{name}"
    if top_level:
        text += f' xmlns:xsi="{NAMESPACE_XSI}"'
        if targetns:
            text += f' xmlns="{targetns}"'
    if xmlschema is not None:
        text += f' xsi:schemaLocation="{targetns} #"' if targetns else \
            ' xsi:noNamespaceSchemaLocation="#"'
    return text + ">\n"


def _row(out: list, values, columns, element: str, nulls: bool, tableforest: bool,
         targetns: str, top_level: bool = True) -> None:
    out.append(_root_start(element, targetns, top_level) if tableforest else "<row>\n")
    for (name, type_oid, _typmod), value in zip(columns, values):
        tag = xml_name_fully_escaped(name)
        if value is None:
            if nulls:
                out.append(f'  <{tag} xsi:nil="true"/>\n')
            continue
        text = xml_type.value_text(value, type_oid, registry.get_type(type_oid).output)
        out.append(f"  <{tag}>{text}</{tag}>\n")
    out.append(f"</{element}>\n\n" if tableforest else "</row>\n\n")


def _rows_to_xml(columns, rows, table_name: str | None, nulls: bool, tableforest: bool,
                 targetns: str, top_level: bool = True, xmlschema: str | None = None) -> str:
    wrapper = xml_name_fully_escaped(table_name) if table_name else "table"
    element = wrapper if table_name else "row"
    out: list[str] = []
    if not tableforest:
        out.append(_root_start(wrapper, targetns, top_level, xmlschema) + "\n")
    if xmlschema is not None:
        out.append(xmlschema + "\n\n")
    for values in rows:
        _row(out, values, columns, element, nulls, tableforest, targetns, top_level)
    if not tableforest:
        out.append(f"</{wrapper}>\n")
    return "".join(out)


def _to_xml(query: str, table_name: str | None, nulls: bool, tableforest: bool,
            targetns: str, top_level: bool = True, xmlschema: str | None = None) -> str:
    columns, rows = query_runner.run_select(query)
    return _rows_to_xml(columns, rows, table_name, nulls, tableforest, targetns, top_level,
                        xmlschema)


def query_to_xml(query: str, nulls: bool, tableforest: bool, targetns: str) -> str:
    return _to_xml(query, None, nulls, tableforest, targetns)


def _table_xml(table_oid: int, nulls: bool, tableforest: bool, targetns: str,
               top_level: bool, xmlschema: str | None = None) -> str:
    _columns, rows = query_runner.run_select(
        f"SELECT {int(table_oid)}::pg_catalog.regclass::pg_catalog.text, relname "
        f"FROM pg_catalog.pg_class WHERE oid = {int(table_oid)}")
    if not rows:
        raise PgError("XX000", f"cache lookup failed for relation {table_oid}")
    qualified, name = rows[0]
    return _to_xml(f"SELECT * FROM {qualified}", name, nulls, tableforest, targetns,
                   top_level, xmlschema)


def table_to_xml(table_oid: int, nulls: bool, tableforest: bool, targetns: str) -> str:
    return _table_xml(table_oid, nulls, tableforest, targetns, True)


def cursor_to_xml(cursor: str, count: int, nulls: bool, tableforest: bool,
                  targetns: str) -> str:
    """The next `count` rows of an open cursor (SPI_cursor_fetch forward)."""
    columns, rows = query_runner.fetch_cursor(cursor, count)
    return _rows_to_xml(columns, rows, None, nulls, tableforest, targetns)


def schema_tables(schema_oid: int) -> list[int]:
    """schema_get_xml_visible_tables: readable tables, views, matviews by name."""
    _columns, tables = query_runner.run_select(
        f"SELECT oid FROM pg_catalog.pg_class WHERE relnamespace = {int(schema_oid)} "
        f"AND relkind IN ('r', 'm', 'v') AND pg_catalog.has_table_privilege(oid, 'SELECT') "
        f"ORDER BY relname")
    return [relid for (relid,) in tables]


def visible_schemas() -> list[tuple[int, str]]:
    """database_get_xml_visible_schemas: usable schemas but pg_* and information_schema."""
    return [tuple(row) for row in query_runner.run_select(
        "SELECT oid, nspname::text FROM pg_catalog.pg_namespace "
        "WHERE pg_catalog.has_schema_privilege(oid, 'USAGE') "
        "AND NOT (nspname ~ '^pg_' OR nspname = 'information_schema') ORDER BY nspname")[1]]


def _schema_xml(schema_oid: int, schema_name: str, nulls: bool, tableforest: bool,
                targetns: str, top_level: bool, xmlschema: str | None = None) -> str:
    """schema_to_xml_internal: each readable table, view and materialized view of the
    schema by name, as table_to_xml gives it (not top-level), one blank line after each."""
    element = xml_name_fully_escaped(schema_name)
    out = [_root_start(element, targetns, top_level, xmlschema), "\n"]
    if xmlschema is not None:
        out.append(xmlschema + "\n\n")
    for relid in schema_tables(schema_oid):
        out.append(_table_xml(relid, nulls, tableforest, targetns, False))
        out.append("\n")
    out.append(f"</{element}>\n")
    return "".join(out)


def schema_oid(name: str) -> int:
    _columns, rows = query_runner.run_select(
        "SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = "
        + text_format.quote_literal(name))
    if not rows:
        raise PgError("3F000", f'schema "{name}" does not exist')
    return rows[0][0]


def schema_to_xml(schema: str, nulls: bool, tableforest: bool, targetns: str) -> str:
    return _schema_xml(schema_oid(schema), schema, nulls, tableforest, targetns, True)


def database_to_xml(nulls: bool, tableforest: bool, targetns: str,
                    xmlschema: str | None = None) -> str:
    """database_to_xml_internal: every schema the user may use but pg_* and
    information_schema, by name."""
    _columns, rows = query_runner.run_select(
        "SELECT pg_catalog.current_database()::text")
    database = rows[0][0]
    element = xml_name_fully_escaped(database)
    out = [_root_start(element, targetns, True, xmlschema), "\n"]
    if xmlschema is not None:
        out.append(xmlschema + "\n\n")
    for oid, name in visible_schemas():
        out.append(_schema_xml(oid, name, nulls, tableforest, targetns, False))
        out.append("\n")
    out.append(f"</{element}>\n")
    return "".join(out)


def xmlvalidate(_document, _schema):
    raise PgError("0A000", "xmlvalidate is not implemented")
