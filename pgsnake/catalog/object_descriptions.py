"""pg_describe_object: an object named in words, as pg_depend, pg_shdepend, pg_locks and
pg_description identify it by (catalog oid, object oid, sub-id).

The words are PostgreSQL's: "table t", "column a of table t", "function f(integer)",
"constraint c on table t", "default value for column a of table t", "operator
=(integer,integer)", "operator class int4_ops for access method btree", "cast from
integer to bigint", "rule _RETURN on view v", "trigger g on table t", "schema s", ...
Names are schema-qualified when the search path would not find them unqualified (as
regclass and regprocedure output do). An object that does not exist, or a catalog this
module does not know, gives NULL, as PostgreSQL's missing_ok form does.

Entry points: describe_object(classid, objid, subid) -> str | None, register_all().

PostgreSQL: catalog/objectaddress.c (getObjectDescription, getRelationDescription).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import lookup_functions

OID, INT4, TEXT = 26, 23, 25

# pg_class.relkind -> the word for a relation of that kind
_RELATION_KINDS = {"r": "table", "p": "table", "i": "index", "I": "index", "S": "sequence",
                   "t": "toast table", "v": "view", "m": "materialized view",
                   "c": "composite type", "f": "foreign table"}

# Catalogs whose objects are described as "<word> <name>": catalog oid -> (catalog,
# word, name column)
_NAMED = {
    2615: ("pg_namespace", "schema", "nspname"),
    1260: ("pg_authid", "role", "rolname"),
    1262: ("pg_database", "database", "datname"),
    1213: ("pg_tablespace", "tablespace", "spcname"),
    2612: ("pg_language", "language", "lanname"),
    3079: ("pg_extension", "extension", "extname"),
    2601: ("pg_am", "access method", "amname"),
    2607: ("pg_conversion", "conversion", "conname"),
    3456: ("pg_collation", "collation", "collname"),
    6104: ("pg_publication", "publication", "pubname"),
    3466: ("pg_event_trigger", "event trigger", "evtname"),
    3381: ("pg_statistic_ext", "statistics object", "stxname"),
    3601: ("pg_ts_parser", "text search parser", "prsname"),
    3600: ("pg_ts_dict", "text search dictionary", "dictname"),
    3764: ("pg_ts_template", "text search template", "tmplname"),
    3602: ("pg_ts_config", "text search configuration", "cfgname"),
    2328: ("pg_foreign_data_wrapper", "foreign-data wrapper", "fdwname"),
    1417: ("pg_foreign_server", "server", "srvname"),
}


# Collations, conversions, statistics objects and text search objects
_QUOTED = {3456, 2607, 3381, 3601, 3600, 3764, 3602}


def _row(catalog: str, oid: int):
    return next((r for r in cc.scan_catalog(catalog) if r.oid == oid), None)


def _type_name(oid: int) -> str:
    from pgsnake.catalog.sql_functions import format_type
    return format_type(oid, None)


def relation_description(oid: int, subid: int = 0) -> str | None:
    row = cc.class_row(oid)
    if row is None:
        return None
    name = cc.relation_display_name(oid) or row.relname
    text = f"{_RELATION_KINDS.get(row.relkind, 'relation')} {name}"
    if subid:
        column = next((a.name for a in cc.get_relation(oid).attributes if a.attnum == subid),
                      None)
        if column is None:
            return None
        text = f"column {column} of {text}"
    return text


def _function(oid: int) -> str | None:
    row = lookup_functions.proc_row(oid)
    if row is None:
        return None
    # (PostgreSQL 15 describes a procedure as a function too)
    return f"function {lookup_functions.regprocedure_output(oid)}"


def _operator_text(oid: int) -> str | None:
    """format_operator: regoperator's text, NULL for no such operator."""
    if lookup_functions.operator_row(oid) is None:
        return None
    return lookup_functions.regoperator_output(oid)


def _access_method(oid: int) -> str:
    row = _row("pg_am", oid)
    return row.amname if row is not None else str(oid)


def _visible_name(catalog: str, oid: int, name: str, namespace: int) -> str:
    """quote_qualified_identifier with the schema only when the object is not visible
    (OpclassIsVisible / OpfamilyIsVisible)."""
    if lookup_functions.object_is_visible(catalog, oid):
        return cc.quote_identifier(name)
    return f"{cc.quote_identifier(cc.namespace_name(namespace))}.{cc.quote_identifier(name)}"


def _operator_family_text(oid: int) -> str | None:
    row = _row("pg_opfamily", oid)
    if row is None:
        return None
    name = _visible_name("pg_opfamily", oid, row.opfname, row.opfnamespace)
    return f"operator family {name} for access method {_access_method(row.opfmethod)}"


def _member(kind: str, number: int, left: int, right: int, family: int, target: str):
    family_text = _operator_family_text(family)
    if family_text is None:
        return None
    return (f"{kind} {number} ({_type_name(left)}, {_type_name(right)}) of {family_text}: "
            f"{target}")


def _constraint(oid: int) -> str | None:
    row = _row("pg_constraint", oid)
    if row is None:
        return None
    if row.conrelid:
        return f"constraint {row.conname} on {relation_description(row.conrelid)}"
    return f"constraint {row.conname}"


def _on_relation(catalog: str, word: str, name_column: str, relation_column: str, oid: int):
    row = _row(catalog, oid)
    if row is None:
        return None
    relation = relation_description(getattr(row, relation_column))
    return f"{word} {getattr(row, name_column)} on {relation}"


def describe_object(classid: int, objid: int, subid: int = 0) -> str | None:
    if classid == 1259:
        return relation_description(objid, subid)
    if classid == 1255:
        return _function(objid)
    if classid == 1247:
        return f"type {_type_name(objid)}" if cc.get_type_row(objid) is not None else None
    if classid == 2606:
        return _constraint(objid)
    if classid == 2604:
        row = _row("pg_attrdef", objid)
        column = None if row is None else relation_description(row.adrelid, row.adnum)
        return None if column is None else f"default value for {column}"
    if classid == 2617:
        text = _operator_text(objid)
        return None if text is None else f"operator {text}"
    if classid == 2616:
        row = _row("pg_opclass", objid)
        return None if row is None else (
            f"operator class {_visible_name('pg_opclass', objid, row.opcname, row.opcnamespace)}"
            f" for access method {_access_method(row.opcmethod)}")
    if classid == 2753:
        return _operator_family_text(objid)
    if classid == 2602:
        row = _row("pg_amop", objid)
        return None if row is None else _member(
            "operator", row.amopstrategy, row.amoplefttype, row.amoprighttype,
            row.amopfamily, _operator_text(row.amopopr) or "?")
    if classid == 2603:
        row = _row("pg_amproc", objid)
        return None if row is None else _member(
            "function", row.amprocnum, row.amproclefttype, row.amprocrighttype,
            row.amprocfamily, lookup_functions.regprocedure_output(row.amproc))
    if classid == 2605:
        row = _row("pg_cast", objid)
        return None if row is None else (
            f"cast from {_type_name(row.castsource)} to {_type_name(row.casttarget)}")
    if classid == 2618:
        return _on_relation("pg_rewrite", "rule", "rulename", "ev_class", objid)
    if classid == 2620:
        return _on_relation("pg_trigger", "trigger", "tgname", "tgrelid", objid)
    if classid == 3256:
        return _on_relation("pg_policy", "policy", "polname", "polrelid", objid)
    if classid == 2613:                      # pg_largeobject: named by its OID
        from pgsnake.catalog import large_object_storage
        return f"large object {objid}" if large_object_storage.exists(objid) else None
    named = _NAMED.get(classid)
    if named is not None:
        catalog, word, column = named
        row = _row(catalog, objid)
        if row is None:
            return None
        name = getattr(row, column)
        # schema-qualifiable objects are named as quote_qualified_identifier names them
        if classid == 3456 and row.collnamespace not in cc.search_path_namespaces():
            # (a collation outside the search path with its schema: CollationIsVisible)
            return f"{word} {cc.quote_identifier(cc.namespace_name(row.collnamespace))}." \
                   f"{cc.quote_identifier(name)}"
        return f"{word} {cc.quote_identifier(name) if classid in _QUOTED else name}"
    return None


def register_all() -> None:
    from pgsnake.datatypes import functions
    functions.register("pg_describe_object", [OID, OID, INT4], TEXT, describe_object,
                       oid=3537, volatility="s")
