"""Default privileges (pg_default_acl): the ACL a new object starts with.

ALTER DEFAULT PRIVILEGES (commands/default_privileges_commands.py) stores, per creating
role, object kind and optionally schema, an ACL. A new table, view, sequence, function or
schema made by that role gets the global entry (or, without one, the built-in default)
with the schema's entry merged in, sorted as PostgreSQL sorts it; when the result is the
built-in default the ACL column stays NULL.

Entry points: default_acl_for(kind_code, owner, namespace) -> ACL | None,
apply_to_new_object(kind_code, oid) (the creation code calls it right after inserting
the object's row), KIND_BY_CODE.

PostgreSQL: catalog/aclchk.c (get_user_default_acl, get_default_acl_internal),
utils/adt/acl.c (aclmerge, aclitemsort).
"""
from __future__ import annotations

from pgsnake.catalog import acl, catalog_writes
from pgsnake.catalog import catalog_cache as cc
from pgsnake.utils import process_state

# pg_default_acl.defaclobjtype -> acl kind
KIND_BY_CODE = {"r": "relation", "S": "sequence", "f": "function", "T": "type",
                "n": "schema"}


def _entry(role: int, namespace: int, code: str):
    return next((r for r in cc.scan_catalog("pg_default_acl", key=("defaclrole", role))
                 if r.defaclnamespace == namespace
                 and r.defaclobjtype == code), None)


def _sorted(items) -> list:
    return sorted(items, key=lambda i: (i.grantee, i.grantor, i.privs, i.goptions))


def default_acl_for(code: str, owner: int, namespace: int):
    """get_user_default_acl."""
    if process_state.is_bootstrap:
        return None
    global_entry = _entry(owner, 0, code)
    schema_entry = _entry(owner, namespace, code) if namespace else None
    if global_entry is None and schema_entry is None:
        return None
    builtin = acl.default_acl(KIND_BY_CODE[code], owner)
    result = list(global_entry.defaclacl) if global_entry is not None else list(builtin)
    for item in (schema_entry.defaclacl if schema_entry is not None else ()):
        result = acl.acl_update(result, item, True, False, owner)
    result = _sorted(result)
    return None if result == _sorted(builtin) else result


def _changed() -> None:
    from pgsnake.access.transam import xact
    from pgsnake.catalog import invalidation
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    cc.reset_caches()


def apply_to_new_object(code: str, oid: int) -> None:
    """Give a just-created object its default ACL, if its owner has one."""
    if process_state.is_bootstrap:
        return
    _apply(code, oid)


def _apply(code: str, oid: int) -> None:
    if code in ("r", "S"):
        row = cc.class_row(oid)
        new_acl = default_acl_for(code, row.relowner, row.relnamespace) if row else None
        if new_acl is not None:
            catalog_writes.update_rows("pg_class", lambda r: r.oid == oid,
                                       key=("oid", oid), relacl=new_acl)
            _changed()
    elif code == "f":
        from pgsnake.catalog.lookup_functions import proc_row
        row = proc_row(oid)
        new_acl = default_acl_for(code, row.proowner, row.pronamespace) if row else None
        if new_acl is not None:
            catalog_writes.update_rows("pg_proc", lambda r: r.oid == oid,
                                       key=("oid", oid), proacl=new_acl)
            _changed()
    elif code == "n":
        row = next((r for r in cc.scan_catalog("pg_namespace") if r.oid == oid), None)
        new_acl = default_acl_for(code, row.nspowner, 0) if row else None
        if new_acl is not None:
            catalog_writes.update_rows("pg_namespace", lambda r: r.oid == oid,
                                       key=("oid", oid), nspacl=new_acl)
            _changed()
