"""Machine-readable identities of objects: pg_identify_object (type, schema, name,
identity), pg_identify_object_as_address (type, object_names, object_args) and its
inverse pg_get_object_address (type, names, args -> classid, objid, objsubid).

Identities are PostgreSQL's getObjectIdentityParts: always schema-qualified, identifiers
quoted as needed, types by format_type_be_qualified (the types with SQL names such as
integer unqualified, every other one with its schema: pg_catalog.text), functions with
their argument types, constraints / triggers / rules / policies as "name on table".
pg_identify_object's name is NULL for objects whose names are not unique in their schema
(functions, operators, constraints, triggers, ...), as PostgreSQL's. An object that does
not exist gives its class's type word and NULLs.

Covered catalogs: pg_class (tables, indexes, sequences, views, materialized views,
composite types, TOAST tables, foreign tables, and their columns), pg_proc, pg_type,
pg_namespace, pg_authid, pg_database, pg_tablespace, pg_language, pg_am, pg_extension,
pg_collation, pg_constraint, pg_operator, pg_trigger, pg_rewrite, pg_policy,
pg_attrdef, pg_cast; another catalog is 0A000 naming it. pg_get_object_address knows the
same object types apart from default value and cast.

Entry points: identify(classid, objid, subid), as_address(...), describe(...) ->
ObjectIdentity | None (event triggers' reports), object_address(type, names, args),
register_all().

PostgreSQL: catalog/objectaddress.c (getObjectTypeDescription, getObjectIdentityParts,
pg_identify_object, pg_identify_object_as_address, pg_get_object_address,
get_object_address), utils/adt/format_type.c (format_type_be_qualified).
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import lookup_functions
from pgsnake.utils.errors import PgError

OID, INT4, TEXT, TEXT_ARRAY, RECORD = 26, 23, 25, 1009, 2249
_RELATION_TYPES = {"r": "table", "p": "table", "i": "index", "I": "index", "S": "sequence",
                   "t": "toast table", "v": "view", "m": "materialized view",
                   "c": "composite type", "f": "foreign table"}
# types format_type prints by their SQL names, never schema-qualified
_SQL_NAMED_TYPES = frozenset({1560, 16, 1042, 700, 701, 21, 23, 20, 1700, 1186, 1083, 1266,
                              1114, 1184, 1562, 1043})
_SIMPLE = {  # classid -> (catalog, type word, name column, has namespace column)
    2615: ("pg_namespace", "schema", "nspname", None),
    1260: ("pg_authid", "role", "rolname", None),
    1262: ("pg_database", "database", "datname", None),
    1213: ("pg_tablespace", "tablespace", "spcname", None),
    2612: ("pg_language", "language", "lanname", None),
    2601: ("pg_am", "access method", "amname", None),
    3079: ("pg_extension", "extension", "extname", None),
    3456: ("pg_collation", "collation", "collname", "collnamespace"),
    3466: ("pg_event_trigger", "event trigger", "evtname", None),
    3381: ("pg_statistic_ext", "statistics object", "stxname", "stxnamespace"),
}
_ON_RELATION = {  # classid -> (catalog, type word, name column, relation column)
    2620: ("pg_trigger", "trigger", "tgname", "tgrelid"),
    2618: ("pg_rewrite", "rule", "rulename", "ev_class"),
    3256: ("pg_policy", "policy", "polname", "polrelid"),
}
_CLASS_WORDS = {2613: "large object", 1259: "relation", 1255: "routine", 1247: "type", 2606: "constraint",
                2617: "operator", 2604: "default value", 2605: "cast",
                2616: "operator class", 2753: "operator family",
                **{k: v[1] for k, v in _SIMPLE.items()},
                **{k: v[1] for k, v in _ON_RELATION.items()}}


def _quote(name: str) -> str:
    return cc.quote_identifier(name)


def _row(catalog: str, oid: int):
    return next((r for r in cc.scan_catalog(catalog) if r.oid == oid), None)


def _schema(namespace_oid: int) -> str:
    return cc.namespace_name(namespace_oid) or str(namespace_oid)


def type_qualified(type_oid: int) -> str:
    """format_type_be_qualified."""
    from pgsnake.catalog.sql_functions import format_type
    row = cc.get_type_row(type_oid)
    if row is None:
        return "???"
    element = getattr(row, "typelem", 0)
    is_array = element and getattr(row, "typcategory", "") == "A" and row.typname.startswith("_")
    base = element if is_array else type_oid
    if base in _SQL_NAMED_TYPES:
        return format_type(type_oid, None)
    base_row = cc.get_type_row(base)
    text = f"{_quote(_schema(base_row.typnamespace))}.{_quote(base_row.typname)}"
    return text + "[]" if is_array else text


def _relation_parts(oid: int):
    row = cc.class_row(oid)
    if row is None:
        return None
    return row, _schema(row.relnamespace)


def _relation_identity(oid: int) -> tuple[str, list[str]]:
    row, schema = _relation_parts(oid)
    return f"{_quote(schema)}.{_quote(row.relname)}", [schema, row.relname]


def _parts(classid: int, objid: int, subid: int):
    """(type, schema, name, identity, names, args), or (type, None...) when missing."""
    missing = (_CLASS_WORDS.get(classid), None, None, None, None, None)
    if classid == 1259:
        found = _relation_parts(objid)
        if found is None:
            return missing
        row, schema = found
        word = _RELATION_TYPES.get(row.relkind, "relation")
        identity, names = _relation_identity(objid)
        if subid:
            column = next((a.name for a in cc.get_relation(objid).attributes
                           if a.attnum == subid), None)
            if column is None:
                return missing
            return (f"{word} column", schema, _quote(row.relname),
                    f"{identity}.{_quote(column)}", names + [column], [])
        return word, schema, _quote(row.relname), identity, names, []
    if classid == 1255:
        row = lookup_functions.proc_row(objid)
        if row is None:
            return missing
        word = {"a": "aggregate", "p": "procedure"}.get(getattr(row, "prokind", "f"), "function")
        schema = _schema(row.pronamespace)
        args = [type_qualified(t) for t in (row.proargtypes or ())]
        identity = f"{_quote(schema)}.{_quote(row.proname)}({','.join(args)})"
        return word, schema, None, identity, [schema, row.proname], args
    if classid == 1247:
        row = cc.get_type_row(objid)
        if row is None:
            return missing
        identity = type_qualified(objid)
        return "type", _schema(row.typnamespace), _quote(row.typname), identity, [identity], []
    if classid in _SIMPLE:
        catalog, word, column, namespace_column = _SIMPLE[classid]
        row = _row(catalog, objid)
        if row is None:
            return missing
        name = getattr(row, column)
        if namespace_column is None:
            return word, None, _quote(name), _quote(name), [name], []
        schema = _schema(getattr(row, namespace_column))
        return word, schema, _quote(name), f"{_quote(schema)}.{_quote(name)}", [schema, name], []
    if classid == 2606:
        row = _row("pg_constraint", objid)
        if row is None:
            return missing
        if row.conrelid:
            identity, names = _relation_identity(row.conrelid)
            schema = names[0]
            return ("table constraint", schema, None, f"{_quote(row.conname)} on {identity}",
                    names + [row.conname], [])
        domain = type_qualified(row.contypid)
        return ("domain constraint", _schema(row.connamespace), None,
                f"{_quote(row.conname)} on {domain}", [domain, row.conname], [])
    if classid in _ON_RELATION:
        catalog, word, column, relation_column = _ON_RELATION[classid]
        row = _row(catalog, objid)
        if row is None:
            return missing
        identity, names = _relation_identity(getattr(row, relation_column))
        name = getattr(row, column)
        return word, None, None, f"{_quote(name)} on {identity}", names + [name], []
    if classid == 2617:
        row = lookup_functions.operator_row(objid)
        if row is None:
            return missing
        schema = _schema(row.oprnamespace)
        left = type_qualified(row.oprleft) if row.oprleft else "NONE"
        right = type_qualified(row.oprright) if row.oprright else "NONE"
        return ("operator", schema, None, f"{_quote(schema)}.{row.oprname}({left},{right})",
                [schema, row.oprname], [left, right])
    if classid == 2604:
        row = _row("pg_attrdef", objid)
        if row is None:
            return missing
        column = _parts(1259, row.adrelid, row.adnum)
        return ("default value", None, None, f"for {column[3]}", column[4], [])
    if classid == 2613:
        from pgsnake.catalog import large_object_storage
        if not large_object_storage.exists(objid):
            return missing
        return "large object", None, None, str(objid), [str(objid)], []
    if classid == 2605:
        row = _row("pg_cast", objid)
        if row is None:
            return missing
        source, target = type_qualified(row.castsource), type_qualified(row.casttarget)
        return "cast", None, None, f"({source} AS {target})", [source], [target]
    if classid in _OPERATOR_CLASSES:
        catalog, word, prefix = _OPERATOR_CLASSES[classid]
        row = next(iter(cc.scan_catalog(catalog, key=("oid", objid))), None)
        if row is None:
            return missing
        schema, name = _schema(getattr(row, prefix + "namespace")), getattr(row, prefix + "name")
        method = next(r.amname for r in cc.scan_catalog("pg_am")
                      if r.oid == getattr(row, prefix + "method"))
        return (word, schema, _quote(name), f"{_quote(schema)}.{_quote(name)} USING "
                f"{_quote(method)}", [method, schema, name], [])
    raise PgError("0A000", f"identifying objects of catalog {classid} is not supported by pgsnake")


_OPERATOR_CLASSES = {2616: ("pg_opclass", "operator class", "opc"),
                     2753: ("pg_opfamily", "operator family", "opf")}


@dataclasses.dataclass(frozen=True, slots=True)
class ObjectIdentity:
    """What event triggers report of an object (pg_event_trigger_ddl_commands,
    pg_event_trigger_dropped_objects): the schema unquoted."""
    type: str
    schema: str | None
    name: str | None
    identity: str
    address_names: list[str]
    address_args: list[str]


def describe(classid: int, objid: int, subid: int = 0) -> ObjectIdentity | None:
    """The object's identity, or None when it does not exist or its catalog is one this
    module does not know."""
    try:
        kind, schema, name, identity, names, args = _parts(classid, objid, subid)
    except PgError:
        return None
    if identity is None:
        return None
    return ObjectIdentity(kind, schema, name, identity, list(names or []), list(args or []))


def identify(classid: int, objid: int, subid: int):
    kind, schema, name, identity, _names, _args = _parts(classid, objid, subid)
    return kind, (_quote(schema) if schema is not None else None), name, identity


def as_address(classid: int, objid: int, subid: int):
    kind, _schema_name, _name, _identity, names, args = _parts(classid, objid, subid)
    return kind, names, args


# ---- pg_get_object_address ----------------------------------------------------------------

def _split(names: list, what: str) -> tuple[str | None, str]:
    if not names:
        raise PgError("22023", "name list length must be at least 1")
    if len(names) == 1:
        return None, names[0]
    if len(names) == 2:
        return names[0], names[1]
    raise PgError("42601", f"improper {what} name (too many dotted names): {'.'.join(names)}")


def _relation_oid(names: list, kinds: str | None = None) -> int:
    schema, name = _split(names, "relation")
    oid = cc.lookup_relation_oid(name, schema)
    if oid is None:
        raise PgError("42P01", f'relation "{".".join(names)}" does not exist')
    return oid


def _relation_by_prefix(names: list, what: str) -> tuple[int, str]:
    if len(names) < 2:
        raise PgError("42601", f"must specify relation and object name")
    return _relation_oid(names[:-1]), names[-1]


def _named_in(catalog: str, column: str, relation_column: str, relation: int, name: str,
              word: str, relation_text: str) -> int:
    for row in cc.scan_catalog(catalog):
        if getattr(row, relation_column) == relation and getattr(row, column) == name:
            return row.oid
    raise PgError("42704", f'{word} "{name}" for table "{relation_text}" does not exist')


def object_address(kind: str, names: list, args: list):
    from pgsnake.catalog.sql_functions import regtype_input
    names, args = list(names or []), list(args or [])
    if None in names or None in args:
        raise PgError("22023", "name or argument lists may not contain nulls")
    if kind in ("table", "index", "sequence", "view", "materialized view", "foreign table"):
        return 1259, _relation_oid(names), 0
    if kind in ("table column", "view column", "materialized view column",
                "foreign table column", "composite type column"):
        if len(names) < 2:
            raise PgError("42601", "column name must be qualified")
        relation = _relation_oid(names[:-1])
        column = next((a.attnum for a in cc.get_relation(relation).attributes
                       if a.name == names[-1]), None)
        if column is None:
            raise PgError("42703", f'column "{names[-1]}" of relation '
                                   f'"{".".join(names[:-1])}" does not exist')
        return 1259, relation, column
    if kind in ("function", "procedure", "aggregate"):
        arg_types = [regtype_input(a) for a in args]
        oid = lookup_functions.function_with_args(names, arg_types)
        if oid is None:
            from pgsnake.datatypes import registry
            described = ",".join(registry.format_type(t) for t in arg_types)
            raise PgError("42883", f"function {'.'.join(names)}({described}) does not exist")
        return 1255, oid, 0
    if kind in ("type", "domain"):
        if len(names) != 1:
            raise PgError("22023", "name list length must be exactly 1")
        return 1247, regtype_input(names[0]), 0
    for classid, (catalog, word, column, namespace_column) in _SIMPLE.items():
        if kind != word:
            continue
        if namespace_column is None:
            if len(names) != 1:
                raise PgError("22023", "name list length must be exactly 1")
            row = next((r for r in cc.scan_catalog(catalog) if getattr(r, column) == names[0]),
                       None)
            if row is None:
                sqlstate = {"schema": "3F000", "database": "3D000"}.get(word, "42704")
                raise PgError(sqlstate, f'{word} "{names[0]}" does not exist')
            return classid, row.oid, 0
        schema, name = _split(names, word)
        spaces = [cc.get_namespace_oid(schema)] if schema else cc.search_path_namespaces()
        for space in spaces:
            row = next((r for r in cc.scan_catalog(catalog)
                        if getattr(r, column) == name and getattr(r, namespace_column) == space
                        and getattr(r, "collencoding", -1) in (-1, 6)), None)
            if row is not None:
                return classid, row.oid, 0
        raise PgError("42704", f'{word} "{".".join(names)}" for encoding "UTF8" does not exist'
                      if classid == 3456 else f'{word} "{".".join(names)}" does not exist')
    if kind == "table constraint":
        relation, name = _relation_by_prefix(names, kind)
        return 2606, _named_in("pg_constraint", "conname", "conrelid", relation, name,
                               "constraint", ".".join(names[:-1])), 0
    for classid, (catalog, word, column, relation_column) in _ON_RELATION.items():
        if kind == word:
            relation, name = _relation_by_prefix(names, kind)
            return classid, _named_in(catalog, column, relation_column, relation, name, word,
                                      ".".join(names[:-1])), 0
    if kind == "operator":
        from pgsnake.catalog.lookup_functions import regoperator_input
        left, right = (args + ["NONE", "NONE"])[:2]
        text = f"{'.'.join(names)}({left},{right})"
        return 2617, regoperator_input(text), 0
    if kind in ("default value", "cast", "operator class", "operator family", "rule",
                "text search configuration", "text search dictionary", "text search parser",
                "text search template", "conversion", "statistics object", "event trigger",
                "publication", "subscription", "server", "user mapping",
                "foreign-data wrapper", "large object", "transform", "access method operator",
                "access method procedure", "default acl", "publication relation",
                "publication namespace", "domain constraint", "policy"):
        raise PgError("0A000", f'pg_get_object_address for object type "{kind}" is not '
                               'supported by pgsnake')
    raise PgError("22023", f'unrecognized object type "{kind}"')


def register_all() -> None:
    from pgsnake.catalog.system_view_functions import register_from_proc
    register_from_proc(3839, identify)
    register_from_proc(3382, as_address)
    register_from_proc(3954, object_address)
