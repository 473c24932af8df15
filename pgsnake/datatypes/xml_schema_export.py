"""table_to_xmlschema, query_to_xmlschema and cursor_to_xmlschema: the XML Schema
describing what table_to_xml / query_to_xml / cursor_to_xml return for the same
arguments, as SQL/XML maps SQL tables and types to XML Schema.

Rules (PostgreSQL 15's output, which these reproduce):
 1. <xsd:schema> with the XML Schema namespace, and with targetNamespace /
    elementFormDefault="qualified" when a target namespace is given; then one named type
    per distinct column type (a domain's base type added after the column types), each
    followed by a blank line; then the row type (a complexType of one element per
    column: nillable="true" with nulls, else minOccurs="0"), and without tableforest the
    table type (rows 0..unbounded) and the table element, with tableforest the row
    element.
 2. Type names: the SQL name of a standard type (INTEGER, SMALLINT, BIGINT, REAL,
    DOUBLE, BOOLEAN, NUMERIC, CHAR, VARCHAR, DATE, TIME, TIME_WTZ, TIMESTAMP,
    TIMESTAMP_WTZ, XML), otherwise "UDT" (or "Domain").database.schema.type with each
    part a fully escaped XML name whose '.' is escaped too. Column typmods are not
    used (PostgreSQL passes none), so VARCHAR and NUMERIC carry no facets.
 3. The table's own names: RowType.db.schema.table / TableType.db.schema.table and the
    table's escaped name; a query's or cursor's: RowType / TableType and "table" or
    "row".

Entry points: table_to_xmlschema(table_oid, nulls, tableforest, targetns),
query_to_xmlschema(query, ...), cursor_to_xmlschema(cursor, ...), schema_to_xmlschema,
database_to_xmlschema and the *_to_xml_and_xmlschema functions (the document with its
schema inline after the root element, which names it: xsi:noNamespaceSchemaLocation="#"
or xsi:schemaLocation="targetns #") (registered from their pg_proc rows by
catalog/system_view_functions.py).

Where we differ: database_to_xmlschema lists the types of the tables in OID order,
where PostgreSQL reads pg_class in no particular order.
PostgreSQL: utils/adt/xml.c (map_sql_table_to_xmlschema, map_sql_type_to_xml_name,
map_sql_type_to_xmlschema_type, map_sql_typecoll_to_xmlschema_types,
xsd_schema_element_start).
"""
from __future__ import annotations

from pgsnake.datatypes import query_runner, xml_export
from pgsnake.utils.errors import PgError

_XSD = "http://www.w3.org/2001/XMLSchema"
_STANDARD_NAMES = {1042: "CHAR", 1043: "VARCHAR", 1700: "NUMERIC", 23: "INTEGER",
                   21: "SMALLINT", 20: "BIGINT", 700: "REAL", 701: "DOUBLE", 16: "BOOLEAN",
                   1083: "TIME", 1266: "TIME_WTZ", 1114: "TIMESTAMP",
                   1184: "TIMESTAMP_WTZ", 1082: "DATE", 142: "XML"}
_DIGITS = r"\p{Nd}"
_TZ = r"(\+|-)\p{Nd}{2}:\p{Nd}{2}"


def _multipart(*parts: str) -> str:
    """map_multipart_sql_identifier_to_xml_name: each part escaped, '.' included."""
    return ".".join(xml_export.xml_name_fully_escaped(p).replace(".", "_x002E_")
                    for p in parts)


def _database() -> str:
    return query_runner.run_select("SELECT pg_catalog.current_database()::text")[1][0][0]


def _type_facts(type_oid: int):
    _c, rows = query_runner.run_select(
        "SELECT t.typtype::text, n.nspname::text, t.typname::text, t.typbasetype "
        "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
        f"WHERE t.oid = {int(type_oid)}")
    if not rows:
        raise PgError("XX000", f"cache lookup failed for type {type_oid}")
    return rows[0]


def _type_name(type_oid: int) -> str:
    name = _STANDARD_NAMES.get(type_oid)
    if name is not None:
        return name
    typtype, schema, typname, _base = _type_facts(type_oid)
    return _multipart("Domain" if typtype == "d" else "UDT", _database(), schema, typname)


def _restriction(type_oid: int) -> str:
    if type_oid in (1042, 1043, 25):
        return '  <xsd:restriction base="xsd:string">\n  </xsd:restriction>\n'
    if type_oid == 17:
        from pgsnake.utils import settings
        kind = "base64Binary" if settings.get("xmlbinary") == "base64" else "hexBinary"
        return f'  <xsd:restriction base="xsd:{kind}">\n  </xsd:restriction>\n'
    ranges = {21: ("short", 32767, -32768), 23: ("int", 2147483647, -2147483648),
              20: ("long", 9223372036854775807, -9223372036854775808)}
    if type_oid in ranges:
        base, high, low = ranges[type_oid]
        return (f'  <xsd:restriction base="xsd:{base}">\n'
                f'    <xsd:maxInclusive value="{high}"/>\n'
                f'    <xsd:minInclusive value="{low}"/>\n  </xsd:restriction>\n')
    simple = {700: "float", 701: "double", 16: "boolean"}
    if type_oid in simple:
        return f'  <xsd:restriction base="xsd:{simple[type_oid]}"></xsd:restriction>\n'
    if type_oid in (1083, 1266):
        tz = _TZ if type_oid == 1266 else ""
        return (f'  <xsd:restriction base="xsd:time">\n    <xsd:pattern value="'
                f'{_DIGITS}{{2}}:{_DIGITS}{{2}}:{_DIGITS}{{2}}(.{_DIGITS}+)?{tz}"/>\n'
                f'  </xsd:restriction>\n')
    if type_oid in (1114, 1184):
        tz = _TZ if type_oid == 1184 else ""
        return (f'  <xsd:restriction base="xsd:dateTime">\n    <xsd:pattern value="'
                f'{_DIGITS}{{4}}-{_DIGITS}{{2}}-{_DIGITS}{{2}}T{_DIGITS}{{2}}:{_DIGITS}{{2}}:'
                f'{_DIGITS}{{2}}(.{_DIGITS}+)?{tz}"/>\n  </xsd:restriction>\n')
    if type_oid == 1082:
        return (f'  <xsd:restriction base="xsd:date">\n    <xsd:pattern value="'
                f'{_DIGITS}{{4}}-{_DIGITS}{{2}}-{_DIGITS}{{2}}"/>\n  </xsd:restriction>\n')
    if type_oid in _STANDARD_NAMES:
        return ""                                   # NUMERIC without a typmod
    typtype, _schema, _name, base = _type_facts(type_oid)
    if typtype == "d":
        return f'  <xsd:restriction base="{_type_name(base)}"/>\n'
    return ""


def _schema_type(type_oid: int) -> str:
    if type_oid == 142:
        return ('<xsd:complexType mixed="true">\n  <xsd:sequence>\n'
                '    <xsd:any name="element" minOccurs="0" maxOccurs="unbounded" '
                'processContents="skip"/>\n  </xsd:sequence>\n</xsd:complexType>\n')
    return (f'<xsd:simpleType name="{_type_name(type_oid)}">\n{_restriction(type_oid)}'
            f'</xsd:simpleType>\n')


def _base_type(type_oid: int) -> int:
    if type_oid in _STANDARD_NAMES or type_oid < 16384:
        return type_oid
    typtype, _schema, _name, base = _type_facts(type_oid)
    return _base_type(base) if typtype == "d" else type_oid


def _schema_start(targetns: str) -> str:
    text = f'<xsd:schema\n    xmlns:xsd="{_XSD}"'
    if targetns:
        text += f'\n    targetNamespace="{targetns}"\n    elementFormDefault="qualified"'
    return text + ">\n\n"


def _type_collection(column_lists) -> str:
    """map_sql_typecoll_to_xmlschema_types: each distinct column type in order of first
    use, then the base types of the domains among them, each followed by a blank line."""
    types = []
    for columns in column_lists:
        for _name, type_oid in columns:
            if type_oid not in types:
                types.append(type_oid)
    for type_oid in list(types):
        base = _base_type(type_oid)
        if base not in types:
            types.append(base)
    return "".join(_schema_type(t) + "\n" for t in types)


def _table_schema(columns, names, nulls: bool, tableforest: bool, targetns: str) -> str:
    """columns: (name, type oid); names: (element, table type, row type)."""
    element, table_type, row_type = names
    out = [_schema_start(targetns), _type_collection([columns])]
    out.append(f'<xsd:complexType name="{row_type}">\n  <xsd:sequence>\n')
    occurs = ' nillable="true"' if nulls else ' minOccurs="0"'
    for name, type_oid in columns:
        out.append(f'    <xsd:element name="{xml_export.xml_name_fully_escaped(name)}" '
                   f'type="{_type_name(type_oid)}"{occurs}></xsd:element>\n')
    out.append("  </xsd:sequence>\n</xsd:complexType>\n\n")
    if tableforest:
        out.append(f'<xsd:element name="{element}" type="{row_type}"/>\n\n')
    else:
        out.append(f'<xsd:complexType name="{table_type}">\n  <xsd:sequence>\n'
                   f'    <xsd:element name="row" type="{row_type}" minOccurs="0" '
                   f'maxOccurs="unbounded"/>\n  </xsd:sequence>\n</xsd:complexType>\n\n')
        out.append(f'<xsd:element name="{element}" type="{table_type}"/>\n\n')
    out.append("</xsd:schema>")
    return "".join(out)


def _anonymous_names(tableforest: bool):
    return ("row" if tableforest else "table", "TableType", "RowType")


def _table_columns(table_oid: int) -> list:
    _c, columns = query_runner.run_select(
        "SELECT attname::text, atttypid FROM pg_catalog.pg_attribute "
        f"WHERE attrelid = {int(table_oid)} AND attnum > 0 AND NOT attisdropped "
        "ORDER BY attnum")
    return [tuple(c) for c in columns]


def table_to_xmlschema(table_oid: int, nulls: bool, tableforest: bool, targetns: str) -> str:
    _c, rows = query_runner.run_select(
        "SELECT c.relname::text, n.nspname::text FROM pg_catalog.pg_class c "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        f"WHERE c.oid = {int(table_oid)}")
    if not rows:
        raise PgError("XX000", f"cache lookup failed for relation {table_oid}")
    relname, schema = rows[0]
    database = _database()
    names = (xml_export.xml_name_fully_escaped(relname),
             _multipart("TableType", database, schema, relname),
             _multipart("RowType", database, schema, relname))
    return _table_schema(_table_columns(table_oid), names, nulls, tableforest, targetns)


def query_to_xmlschema(query: str, nulls: bool, tableforest: bool, targetns: str) -> str:
    columns, _rows = query_runner.run_select(query)
    return _table_schema([(c[0], c[1]) for c in columns], _anonymous_names(tableforest),
                         nulls, tableforest, targetns)


def cursor_to_xmlschema(cursor: str, nulls: bool, tableforest: bool, targetns: str) -> str:
    """The schema of an open cursor's rows (it reads none of them)."""
    columns, _rows = query_runner.fetch_cursor(cursor, 0, describe_only=True)
    return _table_schema([(c[0], c[1]) for c in columns], _anonymous_names(tableforest),
                         nulls, tableforest, targetns)


def _schema_types(schema_oid: int, schema: str, tables: list, tableforest: bool) -> str:
    """map_sql_schema_to_xmlschema_types: the schema's complex type (its tables' table
    types, or with tableforest their row types, 0..unbounded) and its element."""
    database = _database()
    schema_type = _multipart("SchemaType", database, schema)
    out = [f'<xsd:complexType name="{schema_type}">\n',
           "  <xsd:sequence>\n" if tableforest else "  <xsd:all>\n"]
    for relid in tables:
        _c, rows = query_runner.run_select(
            f"SELECT relname::text FROM pg_catalog.pg_class WHERE oid = {int(relid)}")
        relname = rows[0][0]
        kind = "RowType" if tableforest else "TableType"
        extra = ' minOccurs="0" maxOccurs="unbounded"' if tableforest else ""
        out.append(f'    <xsd:element name="{xml_export.xml_name_fully_escaped(relname)}" '
                   f'type="{_multipart(kind, database, schema, relname)}"{extra}/>\n')
    out.append("  </xsd:sequence>\n" if tableforest else "  </xsd:all>\n")
    out.append("</xsd:complexType>\n\n")
    out.append(f'<xsd:element name="{xml_export.xml_name_fully_escaped(schema)}" '
               f'type="{schema_type}"/>\n\n')
    return "".join(out)


def schema_to_xmlschema(schema: str, nulls: bool, tableforest: bool, targetns: str) -> str:
    oid = xml_export.schema_oid(schema)
    tables = xml_export.schema_tables(oid)
    return (_schema_start(targetns)
            + _type_collection([_table_columns(t) for t in tables])
            + _schema_types(oid, schema, tables, tableforest) + "</xsd:schema>")


def database_to_xmlschema(nulls: bool, tableforest: bool, targetns: str) -> str:
    """The types of every visible table (in OID order: PostgreSQL reads them unordered)
    and the catalog type naming each visible schema's type."""
    schemas = xml_export.visible_schemas()
    tables = [t for oid, _name in schemas for t in xml_export.schema_tables(oid)]
    database = _database()
    catalog_type = _multipart("CatalogType", database)
    out = [_schema_start(targetns),
           _type_collection([_table_columns(t) for t in sorted(tables)]),
           f'<xsd:complexType name="{catalog_type}">\n  <xsd:all>\n']
    for _oid, name in schemas:
        out.append(f'    <xsd:element name="{xml_export.xml_name_fully_escaped(name)}" '
                   f'type="{_multipart("SchemaType", database, name)}"/>\n')
    out.append("  </xsd:all>\n</xsd:complexType>\n\n")
    out.append(f'<xsd:element name="{xml_export.xml_name_fully_escaped(database)}" '
               f'type="{catalog_type}"/>\n\n</xsd:schema>')
    return "".join(out)


def table_to_xml_and_xmlschema(table_oid: int, nulls: bool, tableforest: bool,
                               targetns: str) -> str:
    schema = table_to_xmlschema(table_oid, nulls, tableforest, targetns)
    return xml_export._table_xml(table_oid, nulls, tableforest, targetns, True, schema)


def query_to_xml_and_xmlschema(query: str, nulls: bool, tableforest: bool,
                               targetns: str) -> str:
    schema = query_to_xmlschema(query, nulls, tableforest, targetns)
    return xml_export._to_xml(query, None, nulls, tableforest, targetns, True, schema)


def schema_to_xml_and_xmlschema(schema: str, nulls: bool, tableforest: bool,
                                targetns: str) -> str:
    xmlschema = schema_to_xmlschema(schema, nulls, tableforest, targetns)
    return xml_export._schema_xml(xml_export.schema_oid(schema), schema, nulls, tableforest,
                                  targetns, True, xmlschema)


def database_to_xml_and_xmlschema(nulls: bool, tableforest: bool, targetns: str) -> str:
    xmlschema = database_to_xmlschema(nulls, tableforest, targetns)
    return xml_export.database_to_xml(nulls, tableforest, targetns, xmlschema)
