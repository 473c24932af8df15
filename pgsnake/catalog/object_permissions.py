"""Privilege and ownership checks for DDL and for the objects a statement touches
outside its range table (schemas, sequences, functions): PostgreSQL's pg_*_aclcheck and
pg_*_ownercheck with aclcheck_error's messages.

    check_relation_owner(oid)          "must be owner of table t" (ALTER, CREATE INDEX)
    check_relation_drop(oid)           owner of the relation or of its schema (DROP)
    check_relation_privilege(oid, m)   "permission denied for table t" (TRUNCATE, ...)
    check_lock_privilege(oid, mode)    LOCK TABLE's privilege for the lock mode
    check_namespace_create(oid)        CREATE on the schema a new object goes into
    check_namespace_usage(oid)         USAGE on a schema
    check_explicit_schema(name)        USAGE on a schema named in a qualified name
    check_namespace_owner(oid)         "must be owner of schema s" (DROP / ALTER SCHEMA)
    check_database_create()            CREATE on the current database (CREATE SCHEMA)
    check_sequence(oid, any_of)        nextval: USAGE or UPDATE; currval: SELECT or USAGE
    check_function_owner(oid)          "must be owner of function f"
    check_function_execute(oid)        "permission denied for function f"
Every check passes at once for a superuser (and in initdb's bootstrap).

PostgreSQL: catalog/aclchk.c (pg_class_aclcheck, pg_namespace_aclcheck,
pg_proc_aclcheck, pg_*_ownercheck, aclcheck_error), commands/sequence.c (nextval_internal's
check), catalog/namespace.c (LookupExplicitNamespace, RangeVarGetAndCheckCreationNamespace).
"""
from __future__ import annotations

from pgsnake.catalog import acl
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import definitions as d
from pgsnake.utils import process_state
from pgsnake.utils.errors import PgError

INSUFFICIENT_PRIVILEGE = "42501"
_NOUNS = {"r": "table", "p": "table", "v": "view", "m": "materialized view",
          "S": "sequence", "f": "foreign table", "i": "index", "I": "index",
          "c": "type"}
USAGE, SELECT, UPDATE, CREATE = (acl.letters_mask(c) for c in "UrwC")


def _exempt() -> bool:
    return process_state.is_bootstrap or process_state.is_superuser


def _user() -> int:
    return process_state.user_oid or d.BOOTSTRAP_SUPERUSER


def _denied(noun: str, name: str) -> PgError:
    return PgError(INSUFFICIENT_PRIVILEGE, f"permission denied for {noun} {name}")


def _not_owner(noun: str, name: str) -> PgError:
    return PgError(INSUFFICIENT_PRIVILEGE, f"must be owner of {noun} {name}")


def _namespace_row(oid: int):
    return next((r for r in cc.scan_catalog("pg_namespace") if r.oid == oid), None)


def _namespace_mask(oid: int, mask: int) -> int:
    row = _namespace_row(oid)
    if row is None:
        return mask
    return acl.acl_mask(acl.acl_or_default(row.nspacl, "schema", row.nspowner), _user(),
                        row.nspowner, mask)


def check_relation_owner(oid: int) -> None:
    if _exempt():
        return
    row = cc.class_row(oid)
    if row is not None and not acl.has_privs_of_role(_user(), row.relowner):
        raise _not_owner(_NOUNS.get(row.relkind, "table"), row.relname)


def check_relation_drop(oid: int) -> None:
    if _exempt():
        return
    row = cc.class_row(oid)
    if row is None or acl.has_privs_of_role(_user(), row.relowner):
        return
    schema = _namespace_row(row.relnamespace)
    if schema is not None and acl.has_privs_of_role(_user(), schema.nspowner):
        return
    raise _not_owner(_NOUNS.get(row.relkind, "table"), row.relname)


def check_relation_privilege(oid: int, mask: int) -> None:
    if _exempt():
        return
    row = cc.class_row(oid)
    kind = "sequence" if row.relkind == "S" else "relation"
    held = acl.acl_mask(acl.acl_or_default(row.relacl, kind, row.relowner), _user(),
                        row.relowner, mask)
    if held != mask:
        raise _denied(_NOUNS.get(row.relkind, "table"), row.relname)


def check_lock_privilege(oid: int, mode: int) -> None:
    """LockTableAclCheck: ACCESS SHARE needs SELECT; ROW EXCLUSIVE any of INSERT,
    UPDATE, DELETE, TRUNCATE; stronger modes any of UPDATE, DELETE, TRUNCATE."""
    from pgsnake.storage.lmgr import lock_modes
    if _exempt():
        return
    row = cc.class_row(oid)
    if row is None:
        return
    if mode == lock_modes.ACCESS_SHARE:
        wanted = acl.letters_mask("r")
    elif mode == lock_modes.ROW_EXCLUSIVE:
        wanted = acl.letters_mask("awdD")
    else:
        wanted = acl.letters_mask("wdD")
    kind = "sequence" if row.relkind == "S" else "relation"
    if not acl.acl_mask(acl.acl_or_default(row.relacl, kind, row.relowner), _user(),
                        row.relowner, wanted, how_any=True):
        raise _denied(_NOUNS.get(row.relkind, "table"), row.relname)


def check_sequence(oid: int, any_of: int) -> None:
    """The sequence functions want any one of several privileges."""
    if _exempt():
        return
    row = cc.class_row(oid)
    if row is None:
        return
    held = acl.acl_mask(acl.acl_or_default(row.relacl, "sequence", row.relowner), _user(),
                        row.relowner, any_of, how_any=True)
    if not held:
        raise _denied("sequence", row.relname)


def check_namespace_create(oid: int, position: int | None = None) -> None:
    # A temporary schema is the session's own (PostgreSQL checks TEMPORARY on the
    # database when the session first makes one).
    name = cc.namespace_name(oid) or ""
    if _exempt() or name.startswith(("pg_temp_", "pg_toast_temp_")) or \
            _namespace_mask(oid, CREATE):
        return
    error = _denied("schema", cc.namespace_name(oid))
    error.position = position
    raise error


def creation_namespace_checked(names: list[str]) -> int:
    """The schema a new object named `names` (["s", "x"] or ["x"]) goes in, which the
    user may CREATE in (QualifiedNameGetCreationNamespace, then the ACL check that
    DefineAggregate / DefineCollation ... make first): 3F000 for a missing schema."""
    if len(names) > 1:
        namespace = cc.get_namespace_oid(names[-2])
        if namespace is None:
            raise PgError("3F000", f'schema "{names[-2]}" does not exist')
    else:
        namespace = cc.creation_namespace()
    check_namespace_create(namespace)
    return namespace


def check_namespace_usage(oid: int, position: int | None = None) -> None:
    # (the session's own temporary schema grants every right, as pg_namespace_aclmask
    # says: pg_temp.f() of a function made there)
    from pgsnake.catalog import temp_namespace
    if _exempt() or temp_namespace.is_my_temp_namespace(oid) or _namespace_mask(oid, USAGE):
        return
    error = _denied("schema", cc.namespace_name(oid))
    error.position = position
    raise error


def check_explicit_schema(name: str, position: int | None = None) -> None:
    """A schema named in a qualified name needs USAGE (a missing one is the caller's
    error to report)."""
    if _exempt():
        return
    oid = cc.get_namespace_oid(name)
    if oid is not None:
        check_namespace_usage(oid, position)


def check_namespace_owner(oid: int) -> None:
    if _exempt():
        return
    row = _namespace_row(oid)
    if row is not None and not acl.has_privs_of_role(_user(), row.nspowner):
        raise _not_owner("schema", row.nspname)


def check_database_create() -> None:
    if _exempt():
        return
    row = next((r for r in cc.scan_catalog("pg_database")
                if r.oid == process_state.database_oid), None)
    if row is None:
        return
    held = acl.acl_mask(acl.acl_or_default(row.datacl, "database", row.datdba), _user(),
                        row.datdba, CREATE)
    if not held:
        raise _denied("database", row.datname)


def _proc(oid: int):
    from pgsnake.catalog.lookup_functions import proc_row
    return proc_row(oid)


def check_function_owner(oid: int, shown: str | None = None) -> None:
    """`shown`: the name as the statement wrote it (schema-qualified or not), which is
    what PostgreSQL's message names; else the function's own name."""
    if _exempt():
        return
    row = _proc(oid)
    if row is not None and not acl.has_privs_of_role(_user(), row.proowner):
        raise _not_owner("procedure" if row.prokind == "p" else "function",
                         shown or row.proname)


def check_owner_of(owner: int, noun: str, name: str) -> None:
    """Ownership of any object whose owner the caller has read: "must be owner of
    <noun> <name>" unless the user has the owner's privileges."""
    if not _exempt() and not acl.has_privs_of_role(_user(), owner):
        raise _not_owner(noun, name)


def check_function_execute(oid: int) -> None:
    if _exempt():
        return
    row = _proc(oid)
    if row is None or row.proacl is None:
        return                       # the default ACL gives EXECUTE to PUBLIC
    if not acl.acl_mask(row.proacl, _user(), row.proowner, acl.letters_mask("X")):
        raise _denied("procedure" if row.prokind == "p" else "function", row.proname)
