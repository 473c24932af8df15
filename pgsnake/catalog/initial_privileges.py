"""The ACLs PostgreSQL 15's initdb gives the objects it creates, applied to the initial
catalog rows before bootstrap inserts them.

initdb's setup_privileges gives every pg_catalog table, view and sequence its owner's
default ACL plus SELECT to PUBLIC; system_views.sql then revokes PUBLIC's SELECT from the
catalogs holding secrets (pg_authid, pg_statistic, ...) and EXECUTE from the
administrative functions (pg_read_file, pg_reload_conf, ...), granting some of them to
predefined roles; pg_catalog and information_schema are USAGE to PUBLIC, public is
USAGE to PUBLIC and owned by pg_database_owner; template1 and template0 lose PUBLIC's
TEMPORARY. The values below are those a PostgreSQL 15 initdb leaves (read from its
catalogs), with the bootstrap superuser as OID 10 whatever its name.

Entry point: apply(rows) (catalog/bootstrap.py, on initial_rows()'s result); it also
fills pg_init_privs with every ACL it set, as initdb records them for pg_dump.

PostgreSQL: bin/initdb/initdb.c (setup_privileges, make_template0),
catalog/system_views.sql and catalog/system_functions.sql (REVOKE / GRANT statements).
"""
from __future__ import annotations

from pgsnake.catalog import definitions as d
from pgsnake.datatypes.aclitem import AclItem

_SUPERUSER = d.BOOTSTRAP_SUPERUSER
PG_MONITOR, PG_READ_ALL_STATS, PG_DATABASE_OWNER = 3373, 3375, 6171
_ALL_TABLE = 0b1111111           # arwdDxt
_SELECT, _UPDATE, _EXECUTE, _USAGE, _CREATE = 1 << 1, 1 << 2, 1 << 7, 1 << 8, 1 << 9
_TEMP, _CONNECT = 1 << 10, 1 << 11
_OWNER_TABLE = AclItem(_SUPERUSER, _SUPERUSER, _ALL_TABLE)
_PUBLIC_SELECT = AclItem(0, _SUPERUSER, _SELECT)

# Catalogs whose SELECT is not granted to PUBLIC.
_RESTRICTED_CATALOGS = frozenset({"pg_authid", "pg_largeobject", "pg_statistic",
                                  "pg_statistic_ext_data", "pg_subscription",
                                  "pg_user_mapping"})
# Built-in functions whose EXECUTE is revoked from PUBLIC; value: roles granted it instead.
_RESTRICTED_FUNCTIONS = {
    764: (), 765: (), 767: (), 2172: (), 2274: (), 2282: (PG_READ_ALL_STATS,), 2307: (),
    2621: (), 2622: (), 2623: (), 2624: (), 2625: (), 2739: (), 2848: (), 3071: (),
    3072: (), 3098: (), 3293: (), 3295: (), 3297: (), 3307: (), 3329: (),
    3353: (PG_MONITOR,), 3354: (PG_MONITOR,), 3400: (), 3401: (), 3436: (), 3775: (),
    3776: (), 3777: (), 3800: (), 3801: (), 3826: (), 3827: (), 3828: (), 4543: (),
    5029: (PG_MONITOR,), 5030: (PG_MONITOR,), 5031: (PG_MONITOR,),
    5052: (PG_READ_ALL_STATS,), 6003: (), 6004: (), 6005: (), 6006: (), 6007: (), 6008: (),
    6009: (), 6010: (), 6011: (), 6012: (), 6013: (), 6014: (), 6170: (), 6230: (),
    6232: (), 6250: (), 6270: (PG_MONITOR,), 6271: (PG_MONITOR,), 6272: (PG_MONITOR,),
}


# pg_subscription's columns that PUBLIC may read (all but subconninfo, which may hold a
# password): system_views.sql grants SELECT on them column by column.
_PUBLIC_SUBSCRIPTION_COLUMNS = frozenset({
    "oid", "subdbid", "subskiplsn", "subname", "subowner", "subenabled", "subbinary",
    "substream", "subtwophasestate", "subdisableonerr", "subslotname", "subsynccommit",
    "subpublications"})


def relation_acl(name: str) -> list[AclItem]:
    from pgsnake.catalog import system_view_rows
    view_acl = system_view_rows.acl(name)      # system_views.sql's GRANT / REVOKE
    if view_acl is not None:
        return view_acl
    if name in _RESTRICTED_CATALOGS:
        return [_OWNER_TABLE]
    return [_OWNER_TABLE, _PUBLIC_SELECT]


def _namespace_acl(name: str) -> list[AclItem] | None:
    if name in ("pg_catalog", "information_schema"):
        return [AclItem(_SUPERUSER, _SUPERUSER, _USAGE | _CREATE),
                AclItem(0, _SUPERUSER, _USAGE)]
    if name == "public":
        return [AclItem(PG_DATABASE_OWNER, PG_DATABASE_OWNER, _USAGE | _CREATE),
                AclItem(0, PG_DATABASE_OWNER, _USAGE)]
    return None


def _function_acl(oid: int) -> list[AclItem] | None:
    if oid not in _RESTRICTED_FUNCTIONS:
        return None
    return [AclItem(_SUPERUSER, _SUPERUSER, _EXECUTE)] + [
        AclItem(role, _SUPERUSER, _EXECUTE) for role in _RESTRICTED_FUNCTIONS[oid]]


def _set(rows: list[list], catalog: str, key_column: str, acl_column: str, acl_of) -> None:
    definition = d.catalog(catalog)
    key, column = definition.attnum(key_column) - 1, definition.attnum(acl_column) - 1
    for row in rows:
        value = acl_of(row[key])
        if value is not None:
            row[column] = value


def apply(rows: dict[str, list[list]]) -> None:
    """Fill the ACL columns of the initial rows (in place)."""
    definition = d.catalog("pg_class")
    kind = definition.attnum("relkind") - 1
    _set([r for r in rows["pg_class"] if r[kind] in ("r", "v", "m", "S")], "pg_class",
         "relname", "relacl", relation_acl)
    _set(rows["pg_namespace"], "pg_namespace", "nspname", "nspacl", _namespace_acl)
    _set(rows["pg_proc"], "pg_proc", "oid", "proacl", _function_acl)
    template_acl = [AclItem(0, _SUPERUSER, _CONNECT),
                    AclItem(_SUPERUSER, _SUPERUSER, _CREATE | _TEMP | _CONNECT)]
    _set(rows["pg_database"], "pg_database", "datname", "datacl",
         lambda name: template_acl if name in ("template0", "template1") else None)
    _grant_subscription_columns(rows["pg_attribute"])
    rows["pg_init_privs"] = _initial_privileges_rows(rows)


def _grant_subscription_columns(attribute_rows: list[list]) -> None:
    definition = d.catalog("pg_attribute")
    relid, name, acl = (definition.attnum(c) - 1 for c in ("attrelid", "attname", "attacl"))
    subscription = d.catalog("pg_subscription").oid
    for row in attribute_rows:
        if row[relid] == subscription and row[name] in _PUBLIC_SUBSCRIPTION_COLUMNS:
            row[acl] = [_PUBLIC_SELECT]


def _initial_privileges_rows(rows: dict[str, list[list]]) -> list[list]:
    """pg_init_privs: initdb records every ACL it set ('i' rows), so that pg_dump can dump
    only the changes made since (a GRANT on a catalog, a REVOKE from a built-in function)
    rather than initdb's own grants. Only pg_catalog's objects and the pg_catalog and
    public schemas are recorded (information_schema is made after the recording, and
    shared objects such as databases never are), as in PostgreSQL."""
    out = []
    information_schema = {row[0] for row in rows["pg_namespace"]
                          if row[d.catalog("pg_namespace").attnum("nspname") - 1]
                          == "information_schema"}

    def record(catalog: str, key_column: str, acl_column: str, subid_column: str | None = None,
               key_of=None, namespace_column: str | None = None) -> None:
        definition = d.catalog(catalog)
        key, acl = definition.attnum(key_column) - 1, definition.attnum(acl_column) - 1
        subid = definition.attnum(subid_column) - 1 if subid_column else None
        namespace = definition.attnum(namespace_column) - 1 if namespace_column else None
        for row in rows[catalog]:
            if namespace is not None and row[namespace] != d.PG_CATALOG_NAMESPACE:
                continue
            if catalog == "pg_namespace" and row[key] in information_schema:
                continue
            if row[acl] is not None:
                out.append(d.row_values("pg_init_privs", objoid=row[key],
                                        classoid=d.catalog(key_of or catalog).oid,
                                        objsubid=row[subid] if subid is not None else 0,
                                        privtype="i", initprivs=row[acl]))

    record("pg_class", "oid", "relacl", namespace_column="relnamespace")
    record("pg_attribute", "attrelid", "attacl", "attnum", key_of="pg_class")
    record("pg_proc", "oid", "proacl", namespace_column="pronamespace")
    record("pg_namespace", "oid", "nspacl")
    return out
