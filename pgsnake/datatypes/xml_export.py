"""query_to_xml and table_to_xml: a query's (or a table's) rows as an XML document or a
forest of row elements, as SQL/XML maps tables.

Entry points: query_to_xml(query, nulls, tableforest, targetns),
table_to_xml(table_oid, nulls, tableforest, targetns) (registered from their pg_proc
rows by catalog/system_view_functions.py).

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
 4. The query runs read-only through datatypes/query_runner.py in the caller's
    transaction (an INSERT, UPDATE or DELETE is 0A000 "... is not allowed in a
    non-volatile function", another statement 22000 "invalid query").

PostgreSQL: utils/adt/xml.c (query_to_xml, table_to_xml, query_to_xml_internal,
xmldata_root_element_start/end, SPI_sql_row_to_xmlelement,
map_sql_identifier_to_xml_name).
"""
from __future__ import annotations

from pgsnake.datatypes import query_runner, registry, xml_type
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


def _root_start(name: str, targetns: str) -> str:
    text = f'<{name} xmlns:xsi="{NAMESPACE_XSI}"'
    if targetns:
        text += f' xmlns="{targetns}"'
    return text + ">\n"


def _row(out: list, values, columns, element: str, nulls: bool, tableforest: bool,
         targetns: str) -> None:
    out.append(_root_start(element, targetns) if tableforest else "<row>\n")
    for (name, type_oid, _typmod), value in zip(columns, values):
        tag = xml_name_fully_escaped(name)
        if value is None:
            if nulls:
                out.append(f'  <{tag} xsi:nil="true"/>\n')
            continue
        text = xml_type.value_text(value, type_oid, registry.get_type(type_oid).output)
        out.append(f"  <{tag}>{text}</{tag}>\n")
    out.append(f"</{element}>\n\n" if tableforest else "</row>\n\n")


def _to_xml(query: str, table_name: str | None, nulls: bool, tableforest: bool,
            targetns: str) -> str:
    columns, rows = query_runner.run_select(query)
    wrapper = xml_name_fully_escaped(table_name) if table_name else "table"
    element = wrapper if table_name else "row"
    out: list[str] = []
    if not tableforest:
        out.append(_root_start(wrapper, targetns) + "\n")
    for values in rows:
        _row(out, values, columns, element, nulls, tableforest, targetns)
    if not tableforest:
        out.append(f"</{wrapper}>\n")
    return "".join(out)


def query_to_xml(query: str, nulls: bool, tableforest: bool, targetns: str) -> str:
    return _to_xml(query, None, nulls, tableforest, targetns)


def table_to_xml(table_oid: int, nulls: bool, tableforest: bool, targetns: str) -> str:
    _columns, rows = query_runner.run_select(
        f"SELECT {int(table_oid)}::pg_catalog.regclass::pg_catalog.text, relname "
        f"FROM pg_catalog.pg_class WHERE oid = {int(table_oid)}")
    if not rows:
        raise PgError("XX000", f"cache lookup failed for relation {table_oid}")
    qualified, name = rows[0]
    return _to_xml(f"SELECT * FROM {qualified}", name, nulls, tableforest, targetns)
