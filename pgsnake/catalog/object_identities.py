"""pg_identify_object and pg_identify_object_as_address: an object's type, schema, name
and machine-readable identity, as event triggers report them.

identify(classid, objid, subid) gives an ObjectIdentity: the object type in words
("table", "index", "function", "table column", "trigger", ...), its schema (NULL for
objects that are not schema-qualified, such as schemas, triggers and constraints, whose
schema is their table's), its name (NULL where PostgreSQL's getObjectIdentityParts
gives none: functions, constraints, triggers, defaults), the identity (always schema
qualified, names quoted where needed: "public.t", "public.f(integer)", "trg on
public.t", "public.t.a") and the address names and arguments
(pg_identify_object_as_address's object_names / object_args).

Known kinds: relations and their columns, functions, types, schemas, constraints,
triggers, policies, rewrite rules, column defaults, extensions, event triggers. Other
catalogs, and objects that no longer exist, give None.

Entry points: identify(classid, objid, subid) -> ObjectIdentity | None, register_all().

PostgreSQL: catalog/objectaddress.c (getObjectTypeDescription, getObjectIdentityParts,
pg_identify_object, pg_identify_object_as_address).
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import definitions as d

OID, INT4, TEXT, TEXT_ARRAY = 26, 23, 25, 1009
PG_PROC, PG_CONSTRAINT, PG_ATTRDEF, PG_REWRITE, PG_TRIGGER = 1255, 2606, 2604, 2618, 2620
PG_POLICY, PG_EXTENSION, PG_EVENT_TRIGGER = 3256, 3079, 3466

_RELATION_TYPES = {"r": "table", "p": "table", "i": "index", "I": "index",
                   "S": "sequence", "t": "toast table", "v": "view",
                   "m": "materialized view", "c": "composite type", "f": "foreign table"}


@dataclasses.dataclass(frozen=True, slots=True)
class ObjectIdentity:
    type: str
    schema: str | None
    name: str | None
    identity: str
    address_names: list[str]
    address_args: list[str]


def _quote(name: str) -> str:
    return cc.quote_identifier(name)


def _qualified(namespace_oid: int, name: str) -> str:
    return f"{_quote(cc.namespace_name(namespace_oid) or '?')}.{_quote(name)}"


def _row(catalog: str, oid: int):
    return next((r for r in cc.scan_catalog(catalog) if r.oid == oid), None)


# Built-in types format_type prints by their SQL-standard names, never schema-qualified
# (format_type_extended's special cases); every other type gets its schema.
_STANDARD_NAMES = {"bit", "boolean", "character", "real", "double precision", "smallint",
                   "integer", "bigint", "numeric", "interval", "time without time zone",
                   "time with time zone", "timestamp without time zone",
                   "timestamp with time zone", "bit varying", "character varying"}


def _type_identity(type_oid: int) -> str:
    """format_type_be_qualified: the type's name with its schema."""
    from pgsnake.catalog.sql_functions import format_type
    row = cc.get_type_row(type_oid)
    if row is None:
        return "???"
    if row.typelem and row.typcategory == "A" and row.typlen == -1:
        return _type_identity(row.typelem) + "[]"
    text = format_type(type_oid, None)
    if "." in text or text in _STANDARD_NAMES:
        return text
    return f"{_quote(cc.namespace_name(row.typnamespace))}.{text}"


def _relation(objid: int, subid: int) -> ObjectIdentity | None:
    row = cc.class_row(objid)
    if row is None:
        return None
    schema = cc.namespace_name(row.relnamespace)
    identity = _qualified(row.relnamespace, row.relname)
    kind = _RELATION_TYPES.get(row.relkind, "relation")
    if subid:
        attribute = next((a for a in cc.attribute_rows(objid) if a.attnum == subid), None)
        if attribute is None:
            return None
        return ObjectIdentity(f"{kind} column", schema, None,
                              f"{identity}.{_quote(attribute.attname)}",
                              [schema, row.relname, attribute.attname], [])
    return ObjectIdentity(kind, schema, row.relname, identity, [schema, row.relname], [])


def _function(objid: int) -> ObjectIdentity | None:
    row = _row("pg_proc", objid)
    if row is None:
        return None
    schema = cc.namespace_name(row.pronamespace)
    arguments = [_type_identity(t) for t in row.proargtypes]
    kind = {"p": "procedure", "a": "aggregate"}.get(row.prokind, "function")
    return ObjectIdentity(kind, schema, None,
                          f"{_qualified(row.pronamespace, row.proname)}("
                          f"{','.join(arguments)})",
                          [schema, row.proname], arguments)


def _type(objid: int) -> ObjectIdentity | None:
    row = cc.get_type_row(objid)
    if row is None:
        return None
    identity = _type_identity(objid)
    return ObjectIdentity("type", cc.namespace_name(row.typnamespace), row.typname, identity,
                          [identity], [])


def _on_table(catalog: str, word: str, name_column: str, relation_column: str,
              objid: int) -> ObjectIdentity | None:
    row = _row(catalog, objid)
    if row is None:
        return None
    table = cc.class_row(getattr(row, relation_column))
    if table is None:
        return None
    name = getattr(row, name_column)
    schema = cc.namespace_name(table.relnamespace)
    return ObjectIdentity(word, schema if word != "rule" else None, None,
                          f"{_quote(name)} on {_qualified(table.relnamespace, table.relname)}",
                          [schema, table.relname, name], [])


def _constraint(objid: int) -> ObjectIdentity | None:
    row = _row("pg_constraint", objid)
    if row is None:
        return None
    if row.conrelid:
        table = cc.class_row(row.conrelid)
        if table is None:
            return None
        schema = cc.namespace_name(table.relnamespace)
        return ObjectIdentity("table constraint", schema, None,
                              f"{_quote(row.conname)} on "
                              f"{_qualified(table.relnamespace, table.relname)}",
                              [schema, table.relname, row.conname], [])
    domain = _type_identity(row.contypid)
    return ObjectIdentity("domain constraint", cc.namespace_name(row.connamespace), None,
                          f"{_quote(row.conname)} on {domain}", [domain], [row.conname])


def _default(objid: int) -> ObjectIdentity | None:
    row = _row("pg_attrdef", objid)
    if row is None:
        return None
    column = _relation(row.adrelid, row.adnum)
    if column is None:
        return None
    return ObjectIdentity("default value", column.schema, None, f"for {column.identity}",
                          column.address_names, [])


def _named(catalog: str, word: str, column: str, objid: int) -> ObjectIdentity | None:
    row = _row(catalog, objid)
    if row is None:
        return None
    name = getattr(row, column)
    return ObjectIdentity(word, None, name, _quote(name), [name], [])


def identify(classid: int, objid: int, subid: int = 0) -> ObjectIdentity | None:
    if classid == d.PG_CLASS_OID:
        return _relation(objid, subid)
    if classid == PG_PROC:
        return _function(objid)
    if classid == d.PG_TYPE_OID:
        return _type(objid)
    if classid == d.PG_NAMESPACE_OID:
        return _named("pg_namespace", "schema", "nspname", objid)
    if classid == PG_CONSTRAINT:
        return _constraint(objid)
    if classid == PG_ATTRDEF:
        return _default(objid)
    if classid == PG_TRIGGER:
        return _on_table("pg_trigger", "trigger", "tgname", "tgrelid", objid)
    if classid == PG_POLICY:
        return _on_table("pg_policy", "policy", "polname", "polrelid", objid)
    if classid == PG_REWRITE:
        return _on_table("pg_rewrite", "rule", "rulename", "ev_class", objid)
    if classid == PG_EXTENSION:
        return _named("pg_extension", "extension", "extname", objid)
    if classid == PG_EVENT_TRIGGER:
        return _named("pg_event_trigger", "event trigger", "evtname", objid)
    return None


# Catalogs with a namespace column: pg_identify_object's schema comes only from there
# (pg_event_trigger_dropped_objects names the owning table's schema for the others).
_NAMESPACED = {d.PG_CLASS_OID, PG_PROC, d.PG_TYPE_OID, PG_CONSTRAINT}


def identify_object(classid: int, objid: int, subid: int):
    """pg_identify_object(classid, objid, objsubid) -> (type, schema, name, identity):
    the name quoted, and for a column its relation's name."""
    found = identify(classid, objid, subid)
    if found is None:
        return (None, None, None, None)
    schema = found.schema if classid in _NAMESPACED else None
    name = found.name
    if classid == d.PG_CLASS_OID:
        name = cc.class_row(objid).relname
    return (found.type, schema, _quote(name) if name is not None else None, found.identity)


def identify_object_as_address(classid: int, objid: int, subid: int):
    found = identify(classid, objid, subid)
    if found is None:
        return (None, None, None)
    return (found.type, found.address_names, found.address_args)


def register_all() -> None:
    from pgsnake.datatypes import functions
    functions.register("pg_identify_object", [OID, OID, INT4], 2249, identify_object,
                       oid=3839, volatility="s",
                       out_columns=[("type", TEXT), ("schema", TEXT), ("name", TEXT),
                                    ("identity", TEXT)])
    functions.register("pg_identify_object_as_address", [OID, OID, INT4], 2249,
                       identify_object_as_address, oid=3382, volatility="s",
                       out_columns=[("type", TEXT), ("object_names", TEXT_ARRAY),
                                    ("object_args", TEXT_ARRAY)])
