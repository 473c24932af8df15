"""Checking, each time a plan starts, that the user may do what the statement asks of
every relation it names (PostgreSQL's ExecCheckRTPerms).

The requirements come from the analyser (parser/permission_info.py): per relation the
privileges wanted and the columns read, inserted and updated, and the user to check as
(the current user, or a view's owner for the relations inside the view). A table-level
privilege covers every column; otherwise SELECT needs the privilege on each column read
(on any column when none is named, as count(*)), INSERT and UPDATE on each column set.
A failure is 42501 "permission denied for table t" (view, sequence, materialized view:
their nouns), whichever column was missing, as in PostgreSQL.

Superusers pass; so do members of pg_read_all_data (SELECT) and pg_write_all_data
(INSERT, UPDATE, DELETE).

Entry point: check_permissions(requirements).

PostgreSQL: executor/execMain.c (ExecCheckRTPerms, ExecCheckRTEPerms,
ExecCheckRTEPermsModified), catalog/aclchk.c (pg_class_aclmask, pg_attribute_aclmask,
pg_attribute_aclcheck_all).
"""
from __future__ import annotations

from pgsnake.catalog import acl
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import definitions as d
from pgsnake.utils import process_state
from pgsnake.utils.errors import PgError

SELECT, INSERT, UPDATE, DELETE, TRUNCATE, USAGE = 1 << 1, 1 << 0, 1 << 2, 1 << 3, 1 << 4, 1 << 8
PG_READ_ALL_DATA, PG_WRITE_ALL_DATA = 6181, 6182
_NOUNS = {"r": "table", "p": "table", "v": "view", "m": "materialized view",
          "S": "sequence", "f": "foreign table"}


def relation_privileges(oid: int, role: int, mask: int) -> int:
    """pg_class_aclmask (ACLMASK_ALL)."""
    if acl.is_superuser(role):
        return mask
    row = cc.class_row(oid)
    if row is None:
        return 0
    kind = "sequence" if row.relkind == "S" else "relation"
    if d.is_catalog(oid):
        # Nobody but a superuser changes a system catalog, whatever its ACL says.
        mask &= ~(INSERT | UPDATE | DELETE | TRUNCATE | USAGE)
    held = acl.acl_mask(acl.acl_or_default(row.relacl, kind, row.relowner), role,
                        row.relowner, mask)
    if mask & SELECT and not held & SELECT and acl.has_privs_of_role(role, PG_READ_ALL_DATA):
        held |= SELECT
    write = INSERT | UPDATE | DELETE
    if mask & write and acl.has_privs_of_role(role, PG_WRITE_ALL_DATA):
        held |= mask & write
    return held & mask


def _column_acls(oid: int) -> dict[int, list]:
    return {r.attnum: (r.attacl or []) for r in cc.scan_catalog("pg_attribute")
            if r.attrelid == oid and r.attnum > 0 and not r.attisdropped}


def _column_ok(acls: dict, attnum: int, role: int, owner: int, privilege: int) -> bool:
    return bool(acl.acl_mask(acls.get(attnum, []), role, owner, privilege))


def _all_columns(acls: dict, role: int, owner: int, privilege: int, any_: bool) -> bool:
    """pg_attribute_aclcheck_all."""
    if not acls:
        return False
    results = (_column_ok(acls, attnum, role, owner, privilege) for attnum in acls)
    return any(results) if any_ else all(results)


def _columns_ok(acls, columns, role: int, owner: int, privilege: int) -> bool:
    if not columns:
        return _all_columns(acls, role, owner, privilege, True)
    for attnum in columns:
        if attnum == 0:
            if not _all_columns(acls, role, owner, privilege, False):
                return False
        elif not _column_ok(acls, attnum, role, owner, privilege):
            return False
    return True


def _allowed(requirement, role: int) -> bool:
    wanted = requirement.privileges
    if not wanted or cc.class_row(requirement.relation_oid) is None:
        return True            # dropped since planning: the re-validation re-plans
    held = relation_privileges(requirement.relation_oid, role, wanted)
    remaining = wanted & ~held
    if not remaining:
        return True
    if remaining & ~(SELECT | INSERT | UPDATE):
        return False
    row = cc.class_row(requirement.relation_oid)
    acls = _column_acls(requirement.relation_oid)
    if remaining & SELECT and not _columns_ok(acls, requirement.selected, role, row.relowner,
                                              SELECT):
        return False
    if remaining & INSERT and not _columns_ok(acls, requirement.inserted, role, row.relowner,
                                              INSERT):
        return False
    if remaining & UPDATE and not _columns_ok(acls, requirement.updated, role, row.relowner,
                                              UPDATE):
        return False
    return True


def check_permissions(requirements) -> None:
    current = process_state.user_oid
    if not requirements or (process_state.is_superuser and not any(
            r.check_as and r.kind == "relation" for r in requirements)):
        return
    for requirement in requirements:
        if requirement.kind == "function":
            if not process_state.is_superuser:
                from pgsnake.catalog import object_permissions
                object_permissions.check_function_execute(requirement.relation_oid)
            continue
        role = requirement.check_as or current
        if _allowed(requirement, role):
            continue
        row = cc.class_row(requirement.relation_oid)
        if row is None:
            continue
        noun = _NOUNS.get(row.relkind, "table")
        raise PgError("42501", f"permission denied for {noun} {row.relname}")


def writes_only_temporary_relations(requirements) -> bool:
    """Does the statement write only temporary tables? A READ ONLY transaction may write
    those (ExecCheckXactReadOnly skips relations in temporary schemas)."""
    from pgsnake.datatypes import aclitem
    written = [r for r in requirements
               if r.kind == "relation" and r.privileges & ~aclitem.SELECT]
    return bool(written) and all(
        (row := cc.class_row(r.relation_oid)) is not None and row.relpersistence == "t"
        for r in written)
