"""pg_shdepend: which objects need which roles (their owner, the roles their ACLs name,
the roles a policy applies to), kept as PostgreSQL keeps it.

A row (dbid, classid, objid, objsubid, refclassid = pg_authid, refobjid = role, deptype):
  'o' owner    the object's owner, unless the owner is pinned (the bootstrap superuser
               and the predefined roles, OIDs below FirstUnpinnedObjectId);
  'a' ACL      each role named in the object's ACL as grantee or grantor, except the
               owner, PUBLIC and pinned roles; a column's ACL gives rows with objsubid
               = the column number;
  'r' policy   each role a row-level security policy applies to (not PUBLIC).
dbid is the current database, or 0 for a shared object (a database). PostgreSQL 15
keeps no 'p' pin rows: the catalog starts empty.

The rows are derived from the catalog rows themselves: catalog_writes calls row_changed()
whenever a row of one of the catalogs below is inserted, updated or deleted, and the
object's rows are brought in line with its owner, ACL and policy roles then (what
recordDependencyOnOwner, changeDependencyOnOwner, updateAclDependencies and
deleteSharedDependencyRecordsFor do at their call sites in PostgreSQL). What has no
entry of its own: indexes, TOAST tables, row types and implicit array types (they go
with their parents); a stand-alone composite type is recorded on its pg_type row.

Entry points: row_changed(catalog, old row | None, new row | None) (catalog_writes),
role_rows(role) -> rows naming the role, copy_database(template oid, new oid) /
forget_database(oid) (CREATE / DROP DATABASE).

PostgreSQL: catalog/pg_shdepend.c (recordSharedDependencyOn, recordDependencyOnOwner,
changeDependencyOnOwner, updateAclDependencies, deleteSharedDependencyRecordsFor,
copyTemplateDependencies, dropDatabaseDependencies), catalog/catalog.c (IsPinnedObject).
"""
from __future__ import annotations

from pgsnake.catalog import definitions as d
from pgsnake.utils import process_state

PG_AUTHID, PG_DATABASE, PG_PROC, PG_DEFAULT_ACL, PG_POLICY = 1260, 1262, 1255, 826, 3256
OWNER, ACL, POLICY = "o", "a", "r"
FIRST_UNPINNED_OBJECT_ID = 12000
PUBLIC = 0

# catalog -> (class id, owner column, ACL column); pg_attribute and pg_policy are special.
TRACKED = {
    "pg_class": (d.PG_CLASS_OID, "relowner", "relacl"),
    "pg_namespace": (d.PG_NAMESPACE_OID, "nspowner", "nspacl"),
    "pg_proc": (PG_PROC, "proowner", "proacl"),
    "pg_type": (d.PG_TYPE_OID, "typowner", "typacl"),
    "pg_default_acl": (PG_DEFAULT_ACL, "defaclrole", "defaclacl"),
    "pg_database": (PG_DATABASE, "datdba", "datacl"),
    "pg_attribute": (d.PG_CLASS_OID, None, "attacl"),
    "pg_policy": (PG_POLICY, None, None),
    "pg_statistic_ext": (3381, "stxowner", None),       # (no ACL)
    "pg_event_trigger": (3466, "evtowner", None),
    "pg_operator": (2617, "oprowner", None),             # (no ACL)
    "pg_collation": (3456, "collowner", None),           # (no ACL)
    "pg_opclass": (2616, "opcowner", None),              # (no ACL)
    "pg_opfamily": (2753, "opfowner", None),             # (no ACL)
    "pg_extension": (3079, "extowner", None),            # (no ACL)
    "pg_largeobject_metadata": (2613, "lomowner", "lomacl"),   # class id: pg_largeobject
}


def _pinned(role: int) -> bool:
    return role < FIRST_UNPINNED_OBJECT_ID


def _acl_roles(acl) -> set[int]:
    """aclmembers: every grantee and grantor."""
    roles: set[int] = set()
    for item in acl or ():
        if item is not None:
            roles.update((item.grantee, item.grantor))
    return roles


def _wanted(catalog: str, row) -> tuple[tuple[int, int, int], set[tuple[str, int]]] | None:
    """(classid, objid, objsubid) and the (deptype, role) pairs the row calls for, or
    None when the row has no entry of its own."""
    classid, owner_column, acl_column = TRACKED[catalog]
    if catalog == "pg_policy":
        roles = {r for r in (row.polroles or ()) if r != PUBLIC and not _pinned(r)}
        return (classid, row.oid, 0), {(POLICY, r) for r in roles}
    if catalog == "pg_attribute":
        if row.attnum <= 0 or row.attacl is None:
            return None
        from pgsnake.catalog import catalog_cache as cc
        table = cc.class_row(row.attrelid)
        owner = table.relowner if table is not None else 0
        return (classid, row.attrelid, row.attnum), {
            (ACL, r) for r in _acl_roles(row.attacl) - {owner, PUBLIC} if not _pinned(r)}
    if catalog == "pg_class" and (row.relkind in ("i", "I", "t") or row.relnamespace == 99):
        return None
    if catalog == "pg_class" and row.relkind == "c":
        # A composite type's owner is recorded on its type (heap_create_with_catalog).
        return (d.PG_TYPE_OID, row.reltype, 0), (
            set() if _pinned(row.relowner) else {(OWNER, row.relowner)})
    elif catalog == "pg_type" and row.typelem and row.typcategory == "A":
        return None
    elif catalog == "pg_type" and row.typrelid:
        # A row type has no owner entry of its own (a composite type's comes from its
        # relation, above); only a composite type's ACL can name roles.
        return (classid, row.oid, 0), {
            (ACL, r) for r in _acl_roles(row.typacl) - {row.typowner, PUBLIC}
            if not _pinned(r)}
    else:
        oid = row.oid
    owner = getattr(row, owner_column)
    acl = getattr(row, acl_column) if acl_column else None
    pairs = {(ACL, r) for r in _acl_roles(acl) - {owner, PUBLIC} if not _pinned(r)}
    if not _pinned(owner):
        pairs.add((OWNER, owner))
    return (classid, oid, 0), pairs


def _dbid(catalog: str) -> int:
    return 0 if catalog == "pg_database" else process_state.database_oid


def row_changed(catalog: str, old, new) -> None:
    """Keep pg_shdepend true for one changed row of `catalog` (None: inserted / deleted)."""
    if catalog not in TRACKED or process_state.is_bootstrap:
        return
    before = _entries(catalog, old)
    after = _entries(catalog, new)
    if before == after:
        return
    from pgsnake.catalog import catalog_writes
    dbid = _dbid(catalog)
    gone = before - after
    if gone:
        catalog_writes.delete_rows("pg_shdepend", lambda r: r.dbid == dbid and (
            r.classid, r.objid, r.objsubid, r.deptype, r.refobjid) in gone, key=("dbid", dbid))
    for classid, objid, subid, deptype, role in sorted(after - before):
        catalog_writes.insert_row("pg_shdepend", d.row_values(
            "pg_shdepend", dbid=dbid, classid=classid, objid=objid, objsubid=subid,
            refclassid=PG_AUTHID, refobjid=role, deptype=deptype))


def _entries(catalog: str, row) -> set[tuple[int, int, int, str, int]]:
    """The pg_shdepend entries (classid, objid, objsubid, deptype, role) of one row."""
    wanted = _wanted(catalog, row) if row is not None else None
    if wanted is None or not wanted[0][1]:
        return set()
    (classid, objid, subid), pairs = wanted
    return {(classid, objid, subid, deptype, role) for deptype, role in pairs}


def role_rows(role: int) -> list:
    """The pg_shdepend rows naming `role`, every database's."""
    from pgsnake.catalog import catalog_cache as cc
    return [r for r in cc.scan_catalog("pg_shdepend")
            if r.refclassid == PG_AUTHID and r.refobjid == role]


def copy_database(template: int, new: int) -> None:
    """CREATE DATABASE: the new database's objects are the template's, and so are their
    roles (copyTemplateDependencies)."""
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.catalog import catalog_writes
    for r in [r for r in cc.scan_catalog("pg_shdepend") if r.dbid == template]:
        catalog_writes.insert_row("pg_shdepend", d.row_values(
            "pg_shdepend", **{**r._asdict(), "dbid": new}))


def forget_database(oid: int) -> None:
    """DROP DATABASE: its objects' rows go (dropDatabaseDependencies)."""
    from pgsnake.catalog import catalog_writes
    catalog_writes.delete_rows("pg_shdepend", lambda r: r.dbid == oid, key=("dbid", oid))
