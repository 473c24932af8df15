"""XMLTABLE's rows: one document, a row filter selecting the row nodes, and per column a
filter evaluated with the row node as context, its result read by the column type's
input function.

Entry point:
    xml_table_rows(document, namespaces, row_path, column_paths, columns, defaults)
        -> iterator of row lists

Rules (as PostgreSQL's table builder for XML):
 1. The document is parsed as one XML document (2200M "could not parse XML document"
    otherwise); then the namespaces are registered (a DEFAULT namespace is 0A000, a
    NULL URI 22004), the row filter compiled (empty: 22000, not XPath: 42601), and the
    column filters (empty or not XPath: 22000), all before the first row.
 2. The row filter is evaluated once from the document; a result that is not a node
    set gives no rows. Each node of it is a row, in document order.
 3. A column filter's result: an empty node set is NULL; one node is its string value,
    more than one node 21000; for an xml column the nodes one after the other (an
    element as markup, other nodes escaped). A string, number or boolean is its XPath text (a boolean is 1 / 0 for a
    numeric column, true / false otherwise). The text goes through the column type's
    input function with the column's typmod (so varchar(1) fails with 22001 rather
    than truncating).
 4. A NULL column takes its DEFAULT (evaluated for that row only), then NOT NULL is
    checked (22004 "null is not allowed in column").
 5. The FOR ORDINALITY column numbers the rows from 1.

PostgreSQL: utils/adt/xml.c (XmlTableSetDocument, XmlTableSetNamespace,
XmlTableSetRowFilter, XmlTableSetColumnFilter, XmlTableFetchRow, XmlTableGetValue),
executor/nodeTableFuncscan.c (tfuncInitialize, tfuncLoadRows).
"""
from __future__ import annotations

import dataclasses
import math
from typing import Callable, Iterator

from pgsnake.datatypes import registry, xml_type, xml_xpath
from pgsnake.utils import interrupts
from pgsnake.utils.errors import PgError

XML = 142


@dataclasses.dataclass(frozen=True, slots=True)
class XmlTableColumn:
    """One column of the COLUMNS clause (TableFunc's colnames / coltypes / coltypmods,
    ordinalitycol and notnulls)."""
    name: str
    type_oid: int
    typmod: int
    ordinality: bool = False
    not_null: bool = False


def _namespace_map(namespaces) -> dict:
    mapping = {}
    for name, uri in namespaces:
        if uri is None:
            raise PgError("22004", "namespace URI must not be null")
        if name is None:
            raise PgError("0A000", "DEFAULT namespace is not supported")
        mapping[name] = uri
    return mapping


def _column_filters(columns, column_paths):
    compiled = []
    for column, path in zip(columns, column_paths):
        if column.ordinality:
            compiled.append(None)
            continue
        if path is None:
            raise PgError("22004", "column filter expression must not be null",
                          detail=f'Filter for column "{column.name}" is null.')
        if path == "":
            raise PgError("22000", "column path filter must not be empty string")
        compiled.append(xml_xpath.compile_path(path, "22000"))
    return compiled


def number_text(value: float) -> str:
    """An XPath number as libxml2 casts it to a string (xmlXPathFormatNumber): integers
    inside int32 plainly, else 15 significant digits, in exponent form beyond 1e9 or
    below 1e-5, trailing fraction zeros dropped. (xpath() prints numbers as float8
    instead.)"""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if -2147483648 < value < 2147483647 and value == int(value):
        return str(int(value))
    magnitude = abs(value)
    if magnitude > 1e9 or magnitude < 1e-5:
        mantissa, exponent = ("%.14e" % value).split("e")
        return mantissa.rstrip("0").rstrip(".") + "e" + exponent
    place = int(math.log10(magnitude))
    digits = 15 - place - 1 if place > 0 else 15 - place
    text = "%.*f" % (digits, value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def _text_of(result, column: XmlTableColumn) -> str | None:
    """XmlTableGetValue: the text a column filter's result gives, or None."""
    if isinstance(result, list):
        if not result:
            return None
        if column.type_oid == XML:          # every node, one after the other
            return "".join(xml_xpath.node_xml(node) for node in result)
        if len(result) > 1:
            raise PgError("21000", "more than one value returned by column XPath expression")
        return xml_xpath.node_string(result[0])
    if isinstance(result, bool):
        if registry.get_type(column.type_oid).category == "N":
            return "1" if result else "0"
        return "true" if result else "false"
    if isinstance(result, float):
        return number_text(result)
    return xml_type.escape(result) if column.type_oid == XML else result


def _input(column: XmlTableColumn) -> Callable[[str], object]:
    info = registry.get_type(column.type_oid)
    if column.typmod < 0:
        return info.input
    if column.type_oid in (registry.BPCHAR, registry.VARCHAR):
        return lambda text: info.input(text, column.typmod)     # applies it as input does
    return lambda text: registry.apply_typmod(column.type_oid, info.input(text),
                                              column.typmod)


def xml_table_rows(document: str | None, namespaces, row_path: str | None,
                   column_paths, columns, defaults) -> Iterator[list]:
    """The rows of one XMLTABLE evaluation. `namespaces` is ((name or None for DEFAULT,
    uri), ...); `column_paths[i]` the evaluated PATH text of column i (the column's name
    when it has no PATH; ignored for the ordinality column); `defaults[i]` a callable
    giving column i's DEFAULT value for the current row, or None."""
    if document is None:
        return
    tree = xml_xpath.parse_document(document)
    mapping = _namespace_map(namespaces)
    if row_path is None:
        raise PgError("22004", "row filter expression must not be null")
    if row_path == "":
        raise PgError("22000", "row path filter must not be empty string")
    row_filter = xml_xpath.compile_path(row_path, "42601")
    filters = _column_filters(columns, column_paths)
    for expression in (row_filter, *filters):
        xml_xpath.check_prefixes(expression, mapping)
    inputs = [None if c.ordinality else _input(c) for c in columns]
    nodes = xml_xpath.evaluate_at(row_filter, tree, mapping)
    if not isinstance(nodes, list):
        return
    for number, node in enumerate(nodes, 1):
        interrupts.check_for_interrupts()
        row = []
        for column, compiled, read, default in zip(columns, filters, inputs, defaults):
            if column.ordinality:
                row.append(number)
                continue
            text = _text_of(xml_xpath.evaluate_at(compiled, node, mapping), column)
            value = None if text is None else read(text)
            if value is None and default is not None:
                value = default()
            if value is None and column.not_null:
                raise PgError("22004", f'null is not allowed in column "{column.name}"')
            row.append(value)
        yield row
