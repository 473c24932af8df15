"""The privilege inquiry functions: has_table_privilege and its family, pg_has_role.

Each function answers whether a role (the current user, or one given by name or OID)
holds privileges on an object (given by name or OID); the privilege argument lists one
or more privilege names, comma-separated, any case, each optionally WITH GRANT OPTION,
and the answer is true when any of them is held. An object given by OID that does not
exist gives NULL; one given by name is an error, as PostgreSQL's.

Who holds what (aclcheck): a superuser holds everything; otherwise the object's ACL
decides, and an object without one (NULL) has PostgreSQL's default ACL (acldefault):
the owner holds every privilege of the object's kind, and PUBLIC holds CONNECT and
TEMPORARY on databases, EXECUTE on functions, USAGE on types and trusted languages.
pgsnake has no GRANT yet, so ACLs are always NULL; the schemas and catalogs that
PostgreSQL's initdb opens to PUBLIC (pg_catalog, information_schema and public: USAGE;
the system catalogs: SELECT) are given those grants here. Role membership other than a
role being itself is not modelled yet (no CREATE ROLE).

Entry point: register_all() (from sql_functions.register_all).

PostgreSQL: utils/adt/acl.c (has_*_privilege_*, convert_*_priv_string, pg_has_role),
catalog/aclchk.c (pg_class_aclmask and friends), utils/adt/acl.c (acldefault).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.utils import process_state
from pgsnake.utils.errors import INVALID_PARAMETER_VALUE, PgError

NAME, TEXT, OID, INT2, BOOL = 19, 25, 26, 21, 16
PG_CATALOG = 11
_OPEN_SCHEMAS = ("pg_catalog", "public", "information_schema")   # USAGE to PUBLIC

# Privilege names and their ACL letters, per kind of object (convert_*_priv_string).
_TABLE = {"SELECT": "r", "INSERT": "a", "UPDATE": "w", "DELETE": "d", "TRUNCATE": "D",
          "REFERENCES": "x", "TRIGGER": "t"}
_KINDS = {
    "table": _TABLE,
    "column": {k: _TABLE[k] for k in ("SELECT", "INSERT", "UPDATE", "REFERENCES")},
    "sequence": {"USAGE": "U", "SELECT": "r", "UPDATE": "w"},
    "schema": {"USAGE": "U", "CREATE": "C"},
    "database": {"CREATE": "C", "CONNECT": "c", "TEMPORARY": "T", "TEMP": "T"},
    "function": {"EXECUTE": "X"},
    "type": {"USAGE": "U"},
    "language": {"USAGE": "U"},
    "tablespace": {"CREATE": "C"},
    "role": {"MEMBER": "M", "USAGE": "M"},
}
_ALL = {"table": "arwdDxt", "column": "arwx", "sequence": "rwU", "schema": "UC",
        "database": "CcT", "function": "X", "type": "U", "language": "U", "tablespace": "C"}
_PUBLIC_DEFAULT = {"database": "cT", "function": "X", "type": "U", "language": "U"}
# pg_language as PostgreSQL 15's initdb fills it: name -> (oid, trusted).
_LANGUAGES = {"internal": (12, False), "c": (13, False), "sql": (14, True),
              "plpgsql": (13563, True)}


def _wanted(kind: str, text: str) -> str:
    letters = ""
    names = _KINDS[kind]
    for part in text.split(","):
        words = part.strip().upper().split()
        if len(words) >= 4 and words[-3:] == ["WITH", "GRANT", "OPTION"]:
            words = words[:-3]
        name = " ".join(words)
        if name not in names:
            raise PgError(INVALID_PARAMETER_VALUE,
                          f'unrecognized privilege type: "{part.strip()}"')
        letters += names[name]
    return letters


def _role_oid(user) -> int:
    if user is None:
        return process_state.user_oid
    if isinstance(user, int):
        return user
    row = cc.lookup_role(user)
    if row is None:
        raise PgError("42704", f'role "{user}" does not exist')
    return row.oid


def _is_superuser(role_oid: int) -> bool:
    if role_oid == process_state.user_oid:
        return process_state.is_superuser
    row = cc.role_row(role_oid)
    return row is not None and bool(row.rolsuper)


def _holds(role_oid: int, owner: int, public: str, wanted: str) -> bool:
    if _is_superuser(role_oid):
        return True
    held = public + (_ALL_FOR_OWNER if role_oid == owner else "")
    return any(letter in held for letter in wanted)


_ALL_FOR_OWNER = "".join(sorted(set("".join(_ALL.values()))))


# -- objects ---------------------------------------------------------------------------------

def _relation(target, kind: str):
    """(owner, PUBLIC's letters) of a table or sequence, or None for a missing OID."""
    if isinstance(target, str):
        from pgsnake.catalog.sql_functions import regclass_input
        oid = regclass_input(target)
    else:
        oid = target
    row = cc.class_row(oid)
    if row is None:
        return None
    if kind == "sequence" and row.relkind != "S":
        raise PgError("42809", f'"{cc.relation_display_name(oid)}" is not a sequence')
    public = "r" if row.relnamespace == PG_CATALOG else ""
    return row.relowner, public


def _schema(target):
    if isinstance(target, str):
        oid = cc.get_namespace_oid(target)
        if oid is None:
            raise PgError("3F000", f'schema "{target}" does not exist')
    else:
        oid = target
    row = next((r for r in cc.scan_catalog("pg_namespace") if r.oid == oid), None)
    if row is None:
        return None
    public = "U" if row.nspname in _OPEN_SCHEMAS else ""
    return row.nspowner, public


def _database(target):
    rows = cc.scan_catalog("pg_database")
    if isinstance(target, str):
        row = next((r for r in rows if r.datname == target), None)
        if row is None:
            raise PgError("3D000", f'database "{target}" does not exist')
    else:
        row = next((r for r in rows if r.oid == target), None)
        if row is None:
            return None
    return row.datdba, _PUBLIC_DEFAULT["database"]


def _function(target):
    if isinstance(target, str):
        from pgsnake.catalog.lookup_functions import regprocedure_input
        oid = regprocedure_input(target)
    else:
        oid = target
    from pgsnake.catalog.lookup_functions import proc_row
    row = proc_row(oid)
    if row is None:
        return None
    return row.proowner, _PUBLIC_DEFAULT["function"]


def _type(target):
    if isinstance(target, str):
        from pgsnake.catalog.sql_functions import regtype_input
        oid = regtype_input(target)
    else:
        oid = target
    row = cc.get_type_row(oid)
    if row is None:
        return None
    return row.typowner, _PUBLIC_DEFAULT["type"]


def _language(target):
    if isinstance(target, str):
        if target not in _LANGUAGES:
            raise PgError("42704", f'language "{target}" does not exist')
        _oid, trusted = _LANGUAGES[target]
    else:
        found = [trusted for oid, trusted in _LANGUAGES.values() if oid == target]
        if not found:
            return None
        trusted = found[0]
    from pgsnake.catalog import definitions as d
    return d.BOOTSTRAP_SUPERUSER, "U" if trusted else ""


def _tablespace(target):
    rows = cc.scan_catalog("pg_tablespace")
    key = "spcname" if isinstance(target, str) else "oid"
    row = next((r for r in rows if getattr(r, key) == target), None)
    if row is None:
        if isinstance(target, str):
            raise PgError("42704", f'tablespace "{target}" does not exist')
        return None
    return row.spcowner, ""


_OBJECTS = {"table": lambda t: _relation(t, "table"),
            "sequence": lambda t: _relation(t, "sequence"), "schema": _schema,
            "database": _database, "function": _function, "type": _type,
            "language": _language, "tablespace": _tablespace}


def has_privilege(kind: str, user, target, privileges: str):
    wanted = _wanted(kind, privileges)
    role = _role_oid(user)
    facts = _OBJECTS[kind](target)
    if facts is None:
        return None
    owner, public = facts
    return _holds(role, owner, public, wanted)


def has_column_privilege(user, table, column, privileges: str):
    wanted = _wanted("column", privileges)
    role = _role_oid(user)
    facts = _relation(table, "table")
    if facts is None:
        return None
    oid = table if isinstance(table, int) else _relation_oid(table)
    relation = cc.get_relation(oid)
    live = [a for a in relation.attributes if not a.is_dropped]
    if isinstance(column, str):
        if not any(a.name == column for a in live):
            raise PgError("42703", f'column "{column}" of relation "{relation.name}" does not '
                                   f'exist')
    elif not any(a.attnum == column for a in live) and column >= 0:
        return None
    owner, public = facts
    return _holds(role, owner, public, wanted)


def _relation_oid(name: str) -> int:
    from pgsnake.catalog.sql_functions import regclass_input
    return regclass_input(name)


def has_any_column_privilege(user, table, privileges: str):
    wanted = _wanted("column", privileges)
    role = _role_oid(user)
    facts = _relation(table, "table")
    if facts is None:
        return None
    owner, public = facts
    return _holds(role, owner, public, wanted)


def pg_has_role(user, role, privileges: str):
    _wanted("role", privileges)
    member = _role_oid(user)
    target = _role_oid(role)
    return member == target or _is_superuser(member)


# -- registration ----------------------------------------------------------------------------

# The first pg_proc OID of each family; its overloads follow in PostgreSQL's order:
# (name, text, text), (name, oid, text), (oid, text, text), (oid, oid, text),
# (text, text), (oid, text).
_FAMILIES = {"table": 1922, "sequence": 2181, "schema": 2268, "database": 2250,
             "function": 2256, "type": 3138, "language": 2262, "tablespace": 2390}
_SIGNATURES = ((NAME, TEXT), (NAME, OID), (OID, TEXT), (OID, OID), (None, TEXT),
               (None, OID))


def _bind(fn, *fixed):
    return lambda *args: fn(*fixed, *args)


def _current(fn):
    return lambda *args: fn(None, *args)


def register_all() -> None:
    from pgsnake.catalog import acl, acl_functions, session_roles
    from pgsnake.datatypes import functions
    acl.install_io()
    session_roles.install()
    acl_functions.register_all()
    for kind, first_oid in _FAMILIES.items():
        for offset, (user_type, object_type) in enumerate(_SIGNATURES):
            arg_types = ([user_type] if user_type else []) + [object_type, TEXT]
            fn = _bind(has_privilege, kind)
            functions.register(f"has_{kind}_privilege", arg_types, BOOL,
                               fn if user_type else _current(fn), oid=first_oid + offset,
                               volatility="s")
    column_oid = 3012
    for user_type in (NAME, OID, None):
        for table_type in (TEXT, OID):
            for column_type in (TEXT, INT2):
                arg_types = ([user_type] if user_type else []) + [table_type, column_type, TEXT]
                fn = has_column_privilege if user_type else _current(has_column_privilege)
                functions.register("has_column_privilege", arg_types, BOOL, fn,
                                   oid=column_oid, volatility="s")
                column_oid += 1
    for offset, (user_type, table_type) in enumerate(_SIGNATURES):
        arg_types = ([user_type] if user_type else []) + [table_type, TEXT]
        fn = has_any_column_privilege if user_type else _current(has_any_column_privilege)
        functions.register("has_any_column_privilege", arg_types, BOOL, fn, oid=3024 + offset,
                           volatility="s")
    for offset, (user_type, role_type) in enumerate(((NAME, NAME), (NAME, OID), (OID, NAME),
                                                     (OID, OID), (None, NAME), (None, OID))):
        arg_types = ([user_type] if user_type else []) + [role_type, TEXT]
        fn = pg_has_role if user_type else _current(pg_has_role)
        functions.register("pg_has_role", arg_types, BOOL, fn, oid=2705 + offset,
                           volatility="s")
