"""COMMENT ON: attach a description to a table, column, index, sequence, view, schema,
type, function, procedure, constraint, trigger, rule or extension (catalog/comments.py stores it).

The object is found as PostgreSQL finds it, with its errors: a relation must be of the
kind the statement names ('"t_pkey" is not a table'), a column needs a qualified name,
a constraint is looked up on its table. A relation is locked ShareUpdateExclusive while
its comment changes. Comments on shared objects (databases, roles, tablespaces) need
pg_shdescription, which pgsnake does not have yet: refused with 0A000.

PostgreSQL: commands/comment.c (CommentObject), catalog/objectaddress.c
(get_object_address).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import comments, relation_locks
from pgsnake.commands import utility_statement
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils.errors import (FEATURE_NOT_SUPPORTED, PgError, SYNTAX_ERROR,
                                  UNDEFINED_COLUMN, UNDEFINED_OBJECT, UNDEFINED_TABLE,
                                  WRONG_OBJECT_TYPE)

PG_CLASS, PG_PROC, PG_TYPE, PG_NAMESPACE, PG_CONSTRAINT, PG_EXTENSION = (
    1259, 1255, 1247, 2615, 2606, 3079)
PG_LARGEOBJECT = 2613

# objtype -> (relkinds it accepts, the noun of "is not a ...").
_RELATION_KINDS = {
    "OBJECT_TABLE": ("rpf", "a table"), "OBJECT_INDEX": ("iI", "an index"),
    "OBJECT_SEQUENCE": ("S", "a sequence"), "OBJECT_VIEW": ("v", "a view"),
    "OBJECT_MATVIEW": ("m", "a materialized view"),
    "OBJECT_FOREIGN_TABLE": ("f", "a foreign table"),
}


def _names(node) -> list[str]:
    items = node["List"]["items"] if "List" in node else [node]
    return [item["String"]["sval"] for item in items]


def _relation(names: list[str]) -> int:
    schema, name = (names[-2], names[-1]) if len(names) > 1 else (None, names[-1])
    oid = relation_locks.open_relation_oid(name, schema, lock_modes.SHARE_UPDATE_EXCLUSIVE)
    if oid is None:
        raise PgError(UNDEFINED_TABLE, f'relation "{".".join(names)}" does not exist')
    return oid


def _domain_constraint(obj: dict) -> int:
    """CONSTRAINT name ON DOMAIN type: the constraint's pg_constraint OID."""
    from pgsnake.catalog.sql_functions import regtype_input
    from pgsnake.datatypes import registry
    type_name, constraint = obj["List"]["items"]
    written = ".".join(n["String"]["sval"] for n in type_name["TypeName"]["names"])
    type_oid = regtype_input(written)
    type_row = cc.get_type_row(type_oid)
    if type_row is None or type_row.typtype != "d":
        raise PgError("42809", f'"{written}" is not a domain')
    name = constraint["String"]["sval"]
    for row in cc.scan_catalog("pg_constraint"):
        if row.contypid == type_oid and row.conname == name:
            return row.oid
    raise PgError(UNDEFINED_OBJECT, f'constraint "{name}" for domain '
                                    f'{registry.format_type(type_oid)} does not exist')


def object_address(objtype: str, obj) -> tuple[int, int, int]:
    """(objoid, classoid, objsubid) of the object a COMMENT ON names (ALTER EXTENSION ADD /
    DROP finds its object the same way)."""
    if objtype in _RELATION_KINDS:
        oid = _relation(_names(obj))
        kinds, noun = _RELATION_KINDS[objtype]
        if cc.class_row(oid).relkind not in kinds:
            raise PgError(WRONG_OBJECT_TYPE, f'"{cc.class_row(oid).relname}" is not {noun}')
        return oid, PG_CLASS, 0
    if objtype == "OBJECT_COLUMN":
        names = _names(obj)
        if len(names) < 2:
            raise PgError(SYNTAX_ERROR, "column name must be qualified")
        oid = _relation(names[:-1])
        relation = cc.get_relation(oid)
        for attribute in relation.attributes:
            if attribute.name == names[-1] and not attribute.is_dropped:
                return oid, PG_CLASS, attribute.attnum
        raise PgError(UNDEFINED_COLUMN, f'column "{names[-1]}" of relation "{relation.name}" '
                                        f'does not exist')
    if objtype == "OBJECT_SCHEMA":
        name = obj["String"]["sval"]
        oid = cc.get_namespace_oid(name)
        if oid is None:
            raise PgError("3F000", f'schema "{name}" does not exist')
        return oid, PG_NAMESPACE, 0
    if objtype in ("OBJECT_TYPE", "OBJECT_DOMAIN"):
        from pgsnake.catalog.sql_functions import regtype_input
        names = [n["String"]["sval"] for n in obj["TypeName"]["names"]]
        return regtype_input(".".join(names)), PG_TYPE, 0
    if objtype in ("OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE"):
        return _function(obj["ObjectWithArgs"]), PG_PROC, 0
    if objtype == "OBJECT_CAST":
        from pgsnake.commands import drop_other_objects
        try:
            return drop_other_objects.cast_address(obj).objid, 2605, 0
        except drop_other_objects.Missing as missing:
            raise PgError(missing.sqlstate, missing.error) from None
    if objtype == "OBJECT_COLLATION":
        from pgsnake.catalog import collation_creation
        return collation_creation.lookup(_names(obj)).oid, 3456, 0
    if objtype == "OBJECT_OPERATOR":
        from pgsnake.commands import operator_commands
        return operator_commands.lookup_operator(obj["ObjectWithArgs"]), 2617, 0
    if objtype in ("OBJECT_OPCLASS", "OBJECT_OPFAMILY"):
        from pgsnake.commands import drop_other_objects
        try:
            address = drop_other_objects.operator_class_from_list(objtype, obj)
        except drop_other_objects.Missing as missing:
            raise PgError(missing.sqlstate, missing.error) from None
        return address.objid, address.classid, 0
    if objtype == "OBJECT_AGGREGATE":
        from pgsnake.commands import grant_commands
        return grant_commands.lookup_function(obj["ObjectWithArgs"], objtype), PG_PROC, 0
    if objtype == "OBJECT_TABCONSTRAINT":
        names = _names(obj)
        oid = _relation(names[:-1])
        for row in cc.scan_catalog("pg_constraint"):
            if row.conrelid == oid and row.conname == names[-1]:
                return row.oid, PG_CONSTRAINT, 0
        raise PgError(UNDEFINED_OBJECT, f'constraint "{names[-1]}" for table '
                                        f'"{cc.class_row(oid).relname}" does not exist')
    if objtype == "OBJECT_DOMCONSTRAINT":
        return _domain_constraint(obj), PG_CONSTRAINT, 0
    if objtype == "OBJECT_TRIGGER":
        names = _names(obj)
        oid = _relation(names[:-1])
        from pgsnake.catalog import trigger_catalog
        for row in trigger_catalog.triggers_of(oid):
            if row.tgname == names[-1]:
                return row.oid, trigger_catalog.PG_TRIGGER, 0
        raise PgError(UNDEFINED_OBJECT, f'trigger "{names[-1]}" for table '
                                        f'"{cc.class_row(oid).relname}" does not exist')
    if objtype == "OBJECT_RULE":
        names = _names(obj)
        oid = _relation(names[:-1])
        from pgsnake.commands import rule_commands
        row = rule_commands.find_rule(oid, names[-1])
        if row is None:
            raise PgError(UNDEFINED_OBJECT, f'rule "{names[-1]}" for relation '
                                            f'"{cc.class_row(oid).relname}" does not exist')
        return row.oid, rule_commands.PG_REWRITE, 0
    if objtype == "OBJECT_STATISTIC_EXT":
        from pgsnake.commands import statistics_commands
        return statistics_commands.object_oid(_names(obj)), 3381, 0
    if objtype == "OBJECT_EXTENSION":
        name = obj["String"]["sval"]
        for row in cc.scan_catalog("pg_extension"):
            if row.extname == name:
                return row.oid, PG_EXTENSION, 0
        raise PgError(UNDEFINED_OBJECT, f'extension "{name}" does not exist')
    if objtype == "OBJECT_EVENT_TRIGGER":
        from pgsnake.commands import event_trigger_commands
        name = obj["String"]["sval"]
        row = event_trigger_commands.event_trigger_row(name)
        if row is None:
            raise PgError(UNDEFINED_OBJECT, f'event trigger "{name}" does not exist')
        return row.oid, event_trigger_commands.PG_EVENT_TRIGGER_OID, 0
    if objtype == "OBJECT_LARGEOBJECT":
        from pgsnake.commands import large_object_functions
        return large_object_functions.named_metadata(obj).oid, PG_LARGEOBJECT, 0
    if objtype in ("OBJECT_DATABASE", "OBJECT_ROLE", "OBJECT_TABLESPACE"):
        raise PgError(FEATURE_NOT_SUPPORTED, "comments on shared objects (databases, roles, "
                                             "tablespaces) are not supported yet")
    kind = objtype.removeprefix("OBJECT_").lower().replace("_", " ")
    raise PgError(FEATURE_NOT_SUPPORTED, f"COMMENT ON {kind.upper()} is not supported yet")


def _function(spec: dict) -> int:
    """The function named with its argument types (LookupFuncWithArgs)."""
    from pgsnake.catalog.sql_functions import regtype_input
    from pgsnake.datatypes import registry
    names = [n["String"]["sval"] for n in spec["objname"]]
    arg_types = []
    for type_name in spec.get("objargs") or ():
        parts = [n["String"]["sval"] for n in type_name["TypeName"]["names"]]
        oid = regtype_input(".".join(parts))
        if type_name["TypeName"].get("arrayBounds"):
            oid = registry.get_type(oid).array_oid
        arg_types.append(oid)
    from pgsnake.catalog.lookup_functions import function_with_args
    oid = function_with_args(names, arg_types)
    if oid is not None:
        return oid
    from pgsnake.catalog.sql_functions import format_type     # format_type_be
    shown = ", ".join(format_type(t, None) for t in arg_types)
    raise PgError("42883", f"function {'.'.join(names)}({shown}) does not exist")


def _check_ownership(objoid: int, classoid: int, subid: int = 0, node: dict | None = None) -> None:
    """COMMENT needs ownership of the object (check_object_ownership): of the table for
    its columns, constraints, triggers and rules ("must be owner of relation t"), of the
    type for a domain constraint; a function is named as the statement wrote it."""
    from pgsnake.catalog import object_permissions as perms
    if classoid == PG_CLASS and subid:
        row = cc.class_row(objoid)
        perms.check_owner_of(row.relowner, "relation", row.relname)
    elif classoid == PG_CLASS:
        perms.check_relation_owner(objoid)
    elif classoid == PG_PROC:
        spec = (node or {}).get("object", {}).get("ObjectWithArgs")
        perms.check_function_owner(objoid, ".".join(n["String"]["sval"] for n in spec["objname"])
                                   if spec else None)
    elif classoid == PG_NAMESPACE:
        perms.check_namespace_owner(objoid)
    elif classoid == PG_TYPE:
        row = cc.get_type_row(objoid)
        if row is not None:
            from pgsnake.datatypes import registry
            perms.check_owner_of(row.typowner, "type", registry.format_type(objoid))
    elif classoid in (PG_CONSTRAINT, 2620, 2618):       # pg_trigger, pg_rewrite
        catalog, relation_column = {PG_CONSTRAINT: ("pg_constraint", "conrelid"),
                                    2620: ("pg_trigger", "tgrelid"),
                                    2618: ("pg_rewrite", "ev_class")}[classoid]
        row = next((r for r in cc.scan_catalog(catalog) if r.oid == objoid), None)
        if row is None:
            return
        if getattr(row, relation_column):
            owner_row = cc.class_row(getattr(row, relation_column))
            perms.check_owner_of(owner_row.relowner, "relation", owner_row.relname)
        elif classoid == PG_CONSTRAINT and row.contypid:
            _check_ownership(row.contypid, PG_TYPE)
    elif classoid == PG_LARGEOBJECT:
        from pgsnake.catalog import large_object_storage
        from pgsnake.commands import large_object_functions
        large_object_functions.check_owner(large_object_storage.metadata_or_error(objoid))
    elif classoid == PG_EXTENSION:
        row = next((r for r in cc.scan_catalog("pg_extension") if r.oid == objoid), None)
        if row is not None:
            perms.check_owner_of(row.extowner, "extension", row.extname)
    elif classoid in (2616, 2753):      # pg_opclass, pg_opfamily: named as written
        catalog, prefix, noun = ("pg_opclass", "opc", "operator class") \
            if classoid == 2616 else ("pg_opfamily", "opf", "operator family")
        row = cc.scan_catalog(catalog, key=("oid", objoid))[0]
        written = ".".join(n["String"]["sval"] for n in node["object"]["List"]["items"])
        perms.check_owner_of(getattr(row, prefix + "owner"), noun, written)


def comment_on(node: dict, raw) -> str:
    objoid, classoid, subid = object_address(node["objtype"], node["object"])
    _check_ownership(objoid, classoid, subid, node)
    comments.set_comment(objoid, classoid, subid, node.get("comment"))
    from pgsnake.access.transam import xact
    xact.command_counter_increment()
    return "COMMENT"


utility_statement.register("CommentStmt", "COMMENT", comment_on)
