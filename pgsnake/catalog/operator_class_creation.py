"""Operator families and classes made after initdb (an extension's: gin_trgm_ops,
citext_ops, gin_hstore_ops, ...): their
pg_opfamily, pg_opclass, pg_amop and pg_amproc rows, with pg_depend rows as
CREATE OPERATOR CLASS leaves them, and their removal.

A family depends on its schema; a class on its schema, its input and storage types and
(auto) on its family. A pg_amop / pg_amproc row is a "hard" member (internal on its
class, normal on its operator or function) or a "soft" one (auto on its family, or on
its class, and auto on its operator or function), as the access method's
amadjustmembers decides (commands/operator_class_commands.py; extensions pass their
class for hard members); an ordering operator also depends (normal) on its sort family.
Built-in objects are pinned and get no rows. So dropping the family takes its members,
and DROP EXTENSION (members through 'e' rows) removes all of them. CREATE OPERATOR
CLASS / FAMILY and ALTER OPERATOR FAMILY (commands/operator_class_commands.py) and
extensions call these functions.

Entry points: create_family(name, method, namespace) -> oid, create_class(...) -> oid,
add_operator(...), add_function(...), delete_object(classid, oid).

PostgreSQL: commands/opclasscmds.c (DefineOpClass, CreateOpFamily, storeOperators,
storeProcedures, RemoveOpClassById, RemoveAmOpEntryById, RemoveAmProcEntryById).
"""
from __future__ import annotations

from pgsnake.access.transam import transaction_ids
from pgsnake.catalog import catalog_writes, dependency, invalidation
from pgsnake.catalog import definitions as d
from pgsnake.utils import process_state

PG_AMOP, PG_AMPROC, PG_OPCLASS, PG_OPFAMILY = 2602, 2603, 2616, 2753
PG_OPERATOR, PG_PROC = 2617, 1255
_CATALOGS = {PG_AMOP: "pg_amop", PG_AMPROC: "pg_amproc", PG_OPCLASS: "pg_opclass",
             PG_OPFAMILY: "pg_opfamily"}


def _owner() -> int:
    return process_state.user_oid or d.BOOTSTRAP_SUPERUSER


def _depends(classid: int, oid: int, ref_classid: int, ref_oid: int, deptype: str) -> None:
    if ref_oid >= d.FIRST_NORMAL_OBJECT_ID or ref_classid == d.PG_NAMESPACE_OID:
        dependency.record(dependency.ObjectAddress(classid, oid),
                          dependency.ObjectAddress(ref_classid, ref_oid), deptype)


def create_family(name: str, method: int, namespace: int) -> int:
    oid = transaction_ids.get_new_oid()
    catalog_writes.insert_row("pg_opfamily", d.row_values(
        "pg_opfamily", oid=oid, opfmethod=method, opfname=name, opfnamespace=namespace,
        opfowner=_owner()))
    _depends(PG_OPFAMILY, oid, d.PG_NAMESPACE_OID, namespace, dependency.NORMAL)
    return oid


def create_class(name: str, method: int, namespace: int, family: int, input_type: int,
                 key_type: int = 0, default: bool = False) -> int:
    """The pg_opclass row; it depends on its schema, its family (auto) and its input and
    storage types (DefineOpClass)."""
    oid = transaction_ids.get_new_oid()
    catalog_writes.insert_row("pg_opclass", d.row_values(
        "pg_opclass", oid=oid, opcmethod=method, opcname=name, opcnamespace=namespace,
        opcowner=_owner(), opcfamily=family, opcintype=input_type, opcdefault=default,
        opckeytype=key_type))
    _depends(PG_OPCLASS, oid, d.PG_NAMESPACE_OID, namespace, dependency.NORMAL)
    _depends(PG_OPCLASS, oid, PG_OPFAMILY, family, dependency.AUTO)
    _depends(PG_OPCLASS, oid, d.PG_TYPE_OID, input_type, dependency.NORMAL)
    if key_type:
        _depends(PG_OPCLASS, oid, d.PG_TYPE_OID, key_type, dependency.NORMAL)
    return oid


def _member_of(classid: int, oid: int, family: int, opclass: int, hard: bool | None,
               object_classid: int, object_oid: int) -> None:
    """storeOperators / storeProcedures' two rows: on the class (when given) or the
    family, and on the operator or function. A hard member (the default when a class is
    given) is internal to what it belongs to and a normal dependent of its object; a
    soft one an auto dependent of both (amapi.h's dependency strengths)."""
    if hard is None:
        hard = bool(opclass)
    _depends(classid, oid, object_classid, object_oid,
             dependency.NORMAL if hard else dependency.AUTO)
    _depends(classid, oid, PG_OPCLASS if opclass else PG_OPFAMILY, opclass or family,
             dependency.INTERNAL if hard else dependency.AUTO)


def add_operator(family: int, method: int, strategy: int, operator: int, left: int,
                 right: int, purpose: str = "s", sort_family: int = 0,
                 opclass: int = 0, hard: bool | None = None) -> int:
    oid = transaction_ids.get_new_oid()
    catalog_writes.insert_row("pg_amop", d.row_values(
        "pg_amop", oid=oid, amopfamily=family, amoplefttype=left, amoprighttype=right,
        amopstrategy=strategy, amoppurpose=purpose, amopopr=operator, amopmethod=method,
        amopsortfamily=sort_family))
    _member_of(PG_AMOP, oid, family, opclass, hard, PG_OPERATOR, operator)
    if sort_family:
        _depends(PG_AMOP, oid, PG_OPFAMILY, sort_family, dependency.NORMAL)
    return oid


def add_function(family: int, number: int, function: int, left: int, right: int,
                 opclass: int = 0, hard: bool | None = None) -> int:
    oid = transaction_ids.get_new_oid()
    catalog_writes.insert_row("pg_amproc", d.row_values(
        "pg_amproc", oid=oid, amprocfamily=family, amproclefttype=left,
        amprocrighttype=right, amprocnum=number, amproc=function))
    _member_of(PG_AMPROC, oid, family, opclass, hard, PG_PROC, function)
    return oid


def changed() -> None:
    from pgsnake.access.transam import xact
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def delete_object(classid: int, oid: int) -> None:
    """RemoveOpClassById / RemoveOpFamilyById / RemoveAmOpEntryById /
    RemoveAmProcEntryById: the row and its own pg_depend rows."""
    catalog_writes.delete_rows(_CATALOGS[classid], lambda r: r.oid == oid,
                               key=("oid", oid))       # through the oid index
    dependency.delete_dependencies(classid, oid)
    if classid in (PG_OPCLASS, PG_OPFAMILY):
        from pgsnake.catalog import comments
        comments.delete_comments(oid, classid)
    changed()


def handles(classid: int) -> bool:
    return classid in _CATALOGS
