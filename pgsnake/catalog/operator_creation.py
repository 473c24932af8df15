"""User-defined operators in pg_operator: creating them (and the shell operators a
COMMUTATOR or NEGATOR names before it exists), linking commutators and negators both
ways, removing them, and finding them by name.

A CREATE OPERATOR writes one pg_operator row as OperatorCreate does (or fills in a shell
of the same name and types), with pg_depend rows: the schema, the argument and result
types, the function and the estimators ('n'; built-in objects are pinned and get
none). A shell has no function and no result type; it depends on its schema and types
only. OperatorUpd's rule links the commutator and negator back to the new operator when
their own column is still 0; removing an operator clears the columns that point at it.

The user operators (OIDs from FirstNormalObjectId up) are cached per backend by name
and dropped with the other caches.

Entry points: OperatorDefinition, create_operator(definition) -> oid,
find_operator(name, namespace, left, right) -> row or None, make_shell(name, namespace,
left, right) -> oid, delete_operator(oid), user_operators_named(name) -> [row].

PostgreSQL: catalog/pg_operator.c (OperatorCreate, OperatorShellMake, OperatorUpd,
makeOperatorDependencies), commands/operatorcmds.c (RemoveOperatorById).
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, dependency, invalidation
from pgsnake.catalog import definitions as d
from pgsnake.utils import process_state

PG_OPERATOR, PG_PROC = 2617, 1255


@dataclasses.dataclass
class OperatorDefinition:
    name: str
    namespace: int
    left: int                     # 0 for a prefix operator
    right: int
    result: int
    code: int
    restrict: int = 0
    join: int = 0
    can_merge: bool = False
    can_hash: bool = False
    commutator: int = 0           # filled in by the caller (a shell if need be)
    negator: int = 0
    self_commutator: bool = False


def _changed() -> None:
    from pgsnake.access.transam import xact
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def _values(oid: int, name: str, namespace: int, left: int, right: int, **columns) -> list:
    return d.row_values(
        "pg_operator", oid=oid, oprname=name, oprnamespace=namespace,
        oprowner=process_state.user_oid or d.BOOTSTRAP_SUPERUSER,
        oprkind="b" if left else "l", oprcanmerge=columns.get("can_merge", False),
        oprcanhash=columns.get("can_hash", False), oprleft=left, oprright=right,
        oprresult=columns.get("result", 0), oprcom=columns.get("commutator", 0),
        oprnegate=columns.get("negator", 0), oprcode=columns.get("code", 0),
        oprrest=columns.get("restrict", 0), oprjoin=columns.get("join", 0))


def _record_dependencies(oid: int, namespace: int, types, functions) -> None:
    this = dependency.ObjectAddress(PG_OPERATOR, oid)
    dependency.record(this, dependency.ObjectAddress(d.PG_NAMESPACE_OID, namespace),
                      dependency.NORMAL)
    for type_oid in dict.fromkeys(t for t in types if t):
        dependency.record(this, dependency.ObjectAddress(d.PG_TYPE_OID, type_oid),
                          dependency.NORMAL)
    for function in dict.fromkeys(f for f in functions if f):
        dependency.record(this, dependency.ObjectAddress(PG_PROC, function), dependency.NORMAL)


def find_operator(name: str, namespace: int, left: int, right: int):
    """The pg_operator row (built-in or user, shell or not) with exactly this name,
    schema and argument types, or None."""
    for row in cc.scan_catalog("pg_operator"):
        if row.oprname == name and row.oprnamespace == namespace and \
                row.oprleft == left and row.oprright == right:
            return row
    return None


def make_shell(name: str, namespace: int, left: int, right: int) -> int:
    """OperatorShellMake: a placeholder a later CREATE OPERATOR fills in."""
    from pgsnake.access.transam import transaction_ids
    oid = transaction_ids.get_new_oid()
    catalog_writes.insert_row("pg_operator", _values(oid, name, namespace, left, right))
    _record_dependencies(oid, namespace, (left, right), ())
    _changed()
    return oid


def create_operator(definition: OperatorDefinition, shell_oid: int | None = None) -> int:
    """Insert the operator (or fill in shell `shell_oid`), then link its commutator and
    negator back to it."""
    from pgsnake.access.transam import transaction_ids
    o = definition
    oid = shell_oid if shell_oid is not None else transaction_ids.get_new_oid()
    columns = dict(result=o.result, code=o.code, restrict=o.restrict, join=o.join,
                   can_merge=o.can_merge, can_hash=o.can_hash,
                   commutator=oid if o.self_commutator else o.commutator, negator=o.negator)
    values = _values(oid, o.name, o.namespace, o.left, o.right, **columns)
    if shell_oid is not None:
        changes = dict(zip(d.catalog("pg_operator").column_names(), values))
        del changes["oid"], changes["oprowner"]
        catalog_writes.update_rows("pg_operator", lambda row: row.oid == oid, **changes)
        dependency.delete_dependencies(PG_OPERATOR, oid)
    else:
        catalog_writes.insert_row("pg_operator", values)
    _record_dependencies(oid, o.namespace, (o.left, o.right, o.result),
                         (o.code, o.restrict, o.join))
    _changed()
    _link(oid, o.commutator, o.negator)
    return oid


def _link(oid: int, commutator: int, negator: int) -> None:
    """OperatorUpd (not deleting): the other operators point back at this one where
    their column is still unset."""
    touched = False
    if commutator and commutator != oid:
        touched |= bool(catalog_writes.update_rows(
            "pg_operator", lambda row: row.oid == commutator and row.oprcom == 0, oprcom=oid))
    if negator:
        touched |= bool(catalog_writes.update_rows(
            "pg_operator", lambda row: row.oid == negator and row.oprnegate == 0,
            oprnegate=oid))
    if touched:
        _changed()


def delete_operator(oid: int) -> None:
    """RemoveOperatorById: clear the links other operators have to this one, then remove
    its row and what it depends on."""
    catalog_writes.update_rows("pg_operator", lambda row: row.oprcom == oid and row.oid != oid,
                               oprcom=0)
    catalog_writes.update_rows("pg_operator", lambda row: row.oprnegate == oid and row.oid != oid,
                               oprnegate=0)
    catalog_writes.delete_rows("pg_operator", lambda row: row.oid == oid)
    dependency.delete_dependencies(PG_OPERATOR, oid)
    _changed()


# ---------------------------------------------------------------------------------------
# Finding user operators (per backend, dropped with the other caches)

_by_name: dict[str, list] = {}
_loaded: list[bool] = []


def _reset() -> None:
    _by_name.clear()
    _loaded.clear()


invalidation.add_cache_reset(_reset)


def _user_tuple(item) -> bool:
    """Is this raw pg_operator tuple a user operator? (its oid, the first column, sits at
    the header's end, t_hoff: no decoding needed)"""
    hoff = item[22]
    return int.from_bytes(item[hoff:hoff + 4], "little") >= d.FIRST_NORMAL_OBJECT_ID


def _load() -> None:
    from pgsnake.access.heap import heapam
    from pgsnake.access.transam import xact
    from pgsnake.catalog import catalog_locks
    row_class = d.row_class("pg_operator")
    with catalog_locks.reading(d.catalog("pg_operator").oid):
        rel = d.catalog_relation("pg_operator")
        snapshot = xact.get_catalog_snapshot()
        for rows in heapam.heap_scan_pages(rel, snapshot, prefilter=_user_tuple):
            for _tid, values in rows:
                row = row_class(*values)
                _by_name.setdefault(row.oprname, []).append(row)
    _loaded.append(True)


def _warm_read() -> list:
    """catalog/warm_caches.py: the user pg_operator rows, read by the catalog warmer."""
    _reset()
    _load()
    rows = [tuple(row) for found in _by_name.values() for row in found]
    _reset()
    return rows


def _warm_build(rows: list) -> dict:
    row_class = d.row_class("pg_operator")
    by_name: dict[str, list] = {}
    for values in rows:
        row = row_class(*values)
        by_name.setdefault(row.oprname, []).append(row)
    return by_name


def _warm_install(state: dict) -> None:
    _reset()
    _by_name.update(state)
    _loaded.append(True)


def user_operators_named(name: str) -> list:
    """Every user pg_operator row called `name` (shells too), in any schema."""
    if not _loaded:
        _load()
    return list(_by_name.get(name, ()))


def _register_warm_cache() -> None:
    from pgsnake.catalog import warm_caches
    warm_caches.register("user operators", _warm_read, _warm_build, _warm_install)


_register_warm_cache()
