"""What depends on a role: the objects it owns, the ACLs that name it and the policies
that apply to it, read from pg_shdepend (catalog/shared_dependencies.py keeps it).
DROP ROLE uses check_droppable().

The DETAIL of DROP ROLE's 2BP01 lists the current database's objects and the shared ones
(databases) sorted by OID (then by column number), as PostgreSQL's
checkSharedDependencies sorts them, then one "N objects in database D" line per other
database.

Entry points: check_droppable(role, name), dependents(role) -> [Dependent],
describe(dependent).

PostgreSQL: catalog/pg_shdepend.c (checkSharedDependencies, shdepDropOwned,
shdepReassignOwned), catalog/objectaddress.c (getObjectDescription).
"""
from __future__ import annotations

from typing import NamedTuple

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import shared_dependencies
from pgsnake.utils import process_state
from pgsnake.utils.errors import PgError

_RELKIND_NAMES = {"r": "table", "p": "table", "v": "view", "m": "materialized view",
                  "S": "sequence", "i": "index", "I": "index", "f": "foreign table",
                  "c": "composite type", "t": "TOAST table"}
# The catalogs, in pg_class OID order (for sorting ties like PostgreSQL's classid order).
PG_TYPE, PG_PROC, PG_CLASS, PG_DATABASE, PG_NAMESPACE = 1247, 1255, 1259, 1262, 2615
PG_DEFAULT_ACL = 826
PG_POLICY = 3256
_DEFAULT_ACL_NOUNS = {"r": "relations", "S": "sequences", "f": "functions", "T": "types",
                      "n": "schemas"}


class Dependent(NamedTuple):
    oid: int
    classid: int
    subid: int          # column number for a column ACL, else 0
    kind: str           # 'owner', 'acl' or 'policy' (a role a policy applies to)
    database: int       # 0 for a shared object (a database)


_KINDS = {"o": "owner", "a": "acl", "r": "policy"}


def _dependents_in(rows, database: int) -> list[Dependent]:
    return [Dependent(r.objid, r.classid, r.objsubid, _KINDS.get(r.deptype, "acl"), r.dbid)
            for r in rows if r.dbid == database]


def dependents(role: int) -> list[Dependent]:
    """The current database's dependents, sorted as PostgreSQL sorts them."""
    rows = shared_dependencies.role_rows(role)
    return sorted(_dependents_in(rows, process_state.database_oid),
                  key=lambda d: (d.oid, d.classid, d.subid))


def describe(dep: Dependent) -> str:
    """getObjectDescription."""
    if dep.classid == PG_CLASS:
        row = cc.class_row(dep.oid)
        name = cc.relation_display_name(dep.oid)
        what = f"{_RELKIND_NAMES.get(row.relkind, 'relation')} {name}"
        if dep.subid:
            column = next(a.name for a in cc.get_relation(dep.oid).attributes
                          if a.attnum == dep.subid)
            what = f"column {column} of {what}"
        return what
    if dep.classid == PG_NAMESPACE:
        return f"schema {cc.namespace_name(dep.oid)}"
    if dep.classid == PG_PROC:
        from pgsnake.catalog.lookup_functions import proc_row, regprocedure_output
        row = proc_row(dep.oid)
        kind = "procedure" if row is not None and row.prokind == "p" else "function"
        return f"{kind} {regprocedure_output(dep.oid)}"
    if dep.classid == PG_TYPE:
        from pgsnake.datatypes import registry
        try:
            return f"type {registry.format_type(dep.oid)}"
        except PgError:             # a type the built-in table does not know
            row = cc.get_type_row(dep.oid)
            return f"type {row.typname if row is not None else dep.oid}"
    if dep.classid == PG_DEFAULT_ACL:
        row = next(r for r in cc.scan_catalog("pg_default_acl") if r.oid == dep.oid)
        text = (f"default privileges on new {_DEFAULT_ACL_NOUNS.get(row.defaclobjtype, '')} "
                f"belonging to role {cc.role_name(row.defaclrole)}")
        if row.defaclnamespace:
            text += f" in schema {cc.namespace_name(row.defaclnamespace)}"
        return text
    if dep.classid == PG_POLICY:
        row = next(r for r in cc.scan_catalog("pg_policy") if r.oid == dep.oid)
        return f"policy {row.polname} on table {cc.relation_display_name(row.polrelid)}"
    if dep.classid == PG_DATABASE:
        row = next(r for r in cc.scan_catalog("pg_database") if r.oid == dep.oid)
        return f"database {row.datname}"
    if dep.classid in (3381, 2617, 2613):  # statistics objects, operators, large objects
        from pgsnake.catalog import object_descriptions
        return object_descriptions.describe_object(dep.classid, dep.oid, 0)
    return f"object {dep.oid}"


def _line(dep: Dependent) -> str:
    prefix = {"owner": "owner of ", "policy": "target of "}.get(dep.kind, "privileges for ")
    return prefix + describe(dep)


def check_droppable(role: int, name: str) -> None:
    rows = shared_dependencies.role_rows(role)
    # Local and shared objects sorted together by OID (shared_dependency_comparator).
    found = sorted(_dependents_in(rows, process_state.database_oid)
                   + _dependents_in(rows, 0), key=lambda d: (d.oid, d.classid, d.subid))
    lines = [_line(dep) for dep in found]
    for row in sorted(cc.scan_catalog("pg_database"), key=lambda r: r.oid):
        if row.oid == process_state.database_oid:
            continue
        count = sum(1 for r in rows if r.dbid == row.oid)
        if count:
            lines.append(f"{count} object{'s' if count != 1 else ''} in database "
                         f"{row.datname}")
    if lines:
        raise PgError("2BP01", f'role "{name}" cannot be dropped because some objects '
                               f'depend on it', detail="\n".join(lines))
