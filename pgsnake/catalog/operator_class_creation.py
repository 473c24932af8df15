"""Operator families and classes made after initdb (an extension's: gin_trgm_ops,
citext_ops, gin_hstore_ops, ...): their
pg_opfamily, pg_opclass, pg_amop and pg_amproc rows, with pg_depend rows as
CREATE OPERATOR CLASS leaves them, and their removal.

A family depends on its schema; a class on its schema and (auto) on its family; each
pg_amop / pg_amproc row (auto) on its family and (normal) on its operator or function
when that is not a built-in (built-in objects are pinned and get no rows). So dropping
the family takes its members, and DROP EXTENSION (members through 'e' rows) removes
all of them. There is no CREATE OPERATOR CLASS statement yet: extensions call these
functions directly.

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
    oid = transaction_ids.get_new_oid()
    catalog_writes.insert_row("pg_opclass", d.row_values(
        "pg_opclass", oid=oid, opcmethod=method, opcname=name, opcnamespace=namespace,
        opcowner=_owner(), opcfamily=family, opcintype=input_type, opcdefault=default,
        opckeytype=key_type))
    _depends(PG_OPCLASS, oid, d.PG_NAMESPACE_OID, namespace, dependency.NORMAL)
    _depends(PG_OPCLASS, oid, PG_OPFAMILY, family, dependency.AUTO)
    return oid


def _member_of(classid: int, oid: int, family: int, opclass: int) -> None:
    """A pg_amop / pg_amproc row made with its class (CREATE OPERATOR CLASS) is part of
    the class ('i'); one added to the family alone (ALTER OPERATOR FAMILY ... ADD) is
    a loose member of the family ('a')."""
    if opclass:
        _depends(classid, oid, PG_OPCLASS, opclass, dependency.INTERNAL)
    else:
        _depends(classid, oid, PG_OPFAMILY, family, dependency.AUTO)


def add_operator(family: int, method: int, strategy: int, operator: int, left: int,
                 right: int, purpose: str = "s", sort_family: int = 0,
                 opclass: int = 0) -> int:
    oid = transaction_ids.get_new_oid()
    catalog_writes.insert_row("pg_amop", d.row_values(
        "pg_amop", oid=oid, amopfamily=family, amoplefttype=left, amoprighttype=right,
        amopstrategy=strategy, amoppurpose=purpose, amopopr=operator, amopmethod=method,
        amopsortfamily=sort_family))
    _member_of(PG_AMOP, oid, family, opclass)
    _depends(PG_AMOP, oid, PG_OPERATOR, operator, dependency.NORMAL)
    return oid


def add_function(family: int, number: int, function: int, left: int, right: int,
                 opclass: int = 0) -> int:
    oid = transaction_ids.get_new_oid()
    catalog_writes.insert_row("pg_amproc", d.row_values(
        "pg_amproc", oid=oid, amprocfamily=family, amproclefttype=left,
        amprocrighttype=right, amprocnum=number, amproc=function))
    _member_of(PG_AMPROC, oid, family, opclass)
    _depends(PG_AMPROC, oid, PG_PROC, function, dependency.NORMAL)
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
    changed()


def handles(classid: int) -> bool:
    return classid in _CATALOGS
