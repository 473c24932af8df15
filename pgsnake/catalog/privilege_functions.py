"""The privilege inquiry functions: has_table_privilege and its family (sequence, schema,
database, function, type, language, tablespace, foreign-data wrapper, server,
parameter), pg_has_role.

Each function answers whether a role (the current user, or one given by name or OID)
holds privileges on an object (given by name or OID); the privilege argument lists one
or more privilege names, comma-separated, any case, each optionally WITH GRANT OPTION,
and the answer is true when any of them is held. An object given by OID that does not
exist gives NULL; one given by name is an error, as PostgreSQL's.

Who holds what is catalog/acl.py's aclmask over the object's ACL column (NULL: its
default ACL, acldefault): a superuser holds everything; otherwise what is granted to the
role, to PUBLIC and to the roles whose privileges it has, and the owner's rights.
has_column_privilege is true when the table-level privilege or the column's own is held.
pg_has_role: MEMBER is membership (SET ROLE), USAGE membership with inheritance, WITH
ADMIN OPTION the admin option.

Entry point: register_all() (from sql_functions.register_all), which also installs the
aclitem text I/O, the ACL functions (acl_functions.py) and the role settings' hooks
(session_roles.py).

PostgreSQL: utils/adt/acl.c (has_*_privilege_*, convert_*_priv_string, pg_has_role,
column_privilege_check), catalog/aclchk.c (pg_class_aclmask and friends).
"""
from __future__ import annotations

from pgsnake.catalog import acl
from pgsnake.catalog import catalog_cache as cc
from pgsnake.utils import process_state
from pgsnake.utils.errors import INVALID_PARAMETER_VALUE, PgError

NAME, TEXT, OID, INT2, BOOL = 19, 25, 26, 21, 16

# Privilege names and their ACL letters, per kind of object (convert_*_priv_string).
_TABLE = {"SELECT": "r", "INSERT": "a", "UPDATE": "w", "DELETE": "d", "TRUNCATE": "D",
          "REFERENCES": "x", "TRIGGER": "t"}
_KINDS = {
    "table": dict(_TABLE, RULE=""),      # RULE: accepted, and never held (PostgreSQL 15)
    "column": {k: _TABLE[k] for k in ("SELECT", "INSERT", "UPDATE", "REFERENCES")},
    "sequence": {"USAGE": "U", "SELECT": "r", "UPDATE": "w"},
    "schema": {"USAGE": "U", "CREATE": "C"},
    "database": {"CREATE": "C", "CONNECT": "c", "TEMPORARY": "T", "TEMP": "T"},
    "function": {"EXECUTE": "X"},
    "type": {"USAGE": "U"},
    "language": {"USAGE": "U"},
    "tablespace": {"CREATE": "C"},
    "foreign_data_wrapper": {"USAGE": "U"},
    "server": {"USAGE": "U"},
    "parameter": {"SET": "s", "ALTER SYSTEM": "A"},
    "role": {"MEMBER": "C", "USAGE": "U"},
}


def _wanted(kind: str, text: str) -> int:
    """The ACL mask asked for: privilege bits, and their grant-option bits (<< 16) for
    those followed by WITH GRANT OPTION."""
    mask = 0
    names = _KINDS[kind]
    for part in text.split(","):
        words = part.strip().upper().split()
        with_option = len(words) >= 4 and words[-3:] in (["WITH", "GRANT", "OPTION"],
                                                         ["WITH", "ADMIN", "OPTION"])
        if with_option:
            words = words[:-3]
        name = " ".join(words)
        if name not in names or (kind != "role" and with_option and
                                 part.strip().upper().split()[-2] == "ADMIN"):
            raise PgError(INVALID_PARAMETER_VALUE,
                          f'unrecognized privilege type: "{part.strip()}"')
        bits = acl.letters_mask(names[name]) if names[name] else 0
        mask |= bits << acl.GOPTION_SHIFT if with_option else bits
    return mask


def _role_oid(user) -> int:
    if user is None:
        return process_state.user_oid
    if isinstance(user, int):
        return user
    if user == "public":
        return acl.PUBLIC
    row = cc.lookup_role(user)
    if row is None:
        raise PgError("42704", f'role "{user}" does not exist')
    return row.oid


# What the predefined roles pg_read_all_data (6181) and pg_write_all_data (6182) hold on
# every relation and schema (pg_class_aclmask_ext, pg_namespace_aclmask).
_PREDEFINED = {"relation": ((6181, "r"), (6182, "awd")),
               "sequence": ((6181, "r"), (6182, "awd")),
               "schema": ((6181, "U"), (6182, "U"))}


def _holds(role_oid: int, facts, wanted: int) -> bool:
    owner, current_acl, kind = facts
    if role_oid != acl.PUBLIC and acl.is_superuser(role_oid):
        return True
    if role_oid != acl.PUBLIC:
        for predefined, letters in _PREDEFINED.get(kind, ()):
            if wanted & acl.letters_mask(letters) and acl.has_privs_of_role(role_oid,
                                                                            predefined):
                return True
    return bool(acl.acl_mask(acl.acl_or_default(current_acl, kind, owner), role_oid, owner,
                             wanted, how_any=True))


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
    return row.relowner, row.relacl, "sequence" if row.relkind == "S" else "relation"


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
    return row.nspowner, row.nspacl, "schema"


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
    return row.datdba, row.datacl, "database"


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
    return row.proowner, row.proacl, "function"


def _type(target):
    if isinstance(target, str):
        from pgsnake.catalog.sql_functions import regtype_input
        oid = regtype_input(target)
    else:
        oid = target
    row = cc.get_type_row(oid)
    if row is None:
        return None
    return row.typowner, row.typacl, "type"


def _language(target):
    key = "lanname" if isinstance(target, str) else "oid"
    row = next((r for r in cc.scan_catalog("pg_language") if getattr(r, key) == target), None)
    if row is None:
        if isinstance(target, str):
            raise PgError("42704", f'language "{target}" does not exist')
        return None
    return row.lanowner, row.lanacl, "language"


def _tablespace(target):
    rows = cc.scan_catalog("pg_tablespace")
    key = "spcname" if isinstance(target, str) else "oid"
    row = next((r for r in rows if getattr(r, key) == target), None)
    if row is None:
        if isinstance(target, str):
            raise PgError("42704", f'tablespace "{target}" does not exist')
        return None
    return row.spcowner, row.spcacl, "tablespace"


def _named_row(catalog: str, name_column: str, noun: str, target):
    """The row of `catalog` named (42704 "<noun> "x" does not exist") or with that OID
    (None when there is none)."""
    key = name_column if isinstance(target, str) else "oid"
    row = next((r for r in cc.scan_catalog(catalog) if getattr(r, key) == target), None)
    if row is None and isinstance(target, str):
        raise PgError("42704", f'{noun} "{target}" does not exist')
    return row


def _foreign_data_wrapper(target):
    row = _named_row("pg_foreign_data_wrapper", "fdwname", "foreign-data wrapper", target)
    return None if row is None else (row.fdwowner, row.fdwacl, "foreign data wrapper")


def _server(target):
    row = _named_row("pg_foreign_server", "srvname", "server", target)
    return None if row is None else (row.srvowner, row.srvacl, "foreign server")


def _parameter(name: str):
    """A parameter's ACL (pg_parameter_acl, by its lower-cased name: the default, no
    privileges for anyone, when it has no row); owned by the bootstrap superuser."""
    from pgsnake.catalog import definitions as d
    folded = name.lower()
    row = next((r for r in cc.scan_catalog("pg_parameter_acl") if r.parname == folded), None)
    return d.BOOTSTRAP_SUPERUSER, (row.paracl if row is not None else None) or [], \
        "parameter"


_OBJECTS = {"table": lambda t: _relation(t, "table"),
            "sequence": lambda t: _relation(t, "sequence"), "schema": _schema,
            "database": _database, "function": _function, "type": _type,
            "language": _language, "tablespace": _tablespace,
            "foreign_data_wrapper": _foreign_data_wrapper, "server": _server,
            "parameter": _parameter}


def has_privilege(kind: str, user, target, privileges: str):
    wanted = _wanted(kind, privileges)
    role = _role_oid(user)
    facts = _OBJECTS[kind](target)
    if facts is None:
        return None
    return bool(wanted) and _holds(role, facts, wanted)     # (RULE alone: nothing held)


def _column_holds(role: int, oid: int, attnum: int, owner: int, wanted: int) -> bool:
    row = next((r for r in cc.attribute_rows(oid) if r.attnum == attnum), None)
    return row is not None and bool(acl.acl_mask(row.attacl or [], role, owner, wanted,
                                                 how_any=True))


def has_column_privilege(user, table, column, privileges: str):
    """column_privilege_check: the table-level privilege, else the column's."""
    wanted = _wanted("column", privileges)
    role = _role_oid(user)
    facts = _relation(table, "table")
    if facts is None:
        return None
    oid = table if isinstance(table, int) else _relation_oid(table)
    relation = cc.get_relation(oid)
    live = [a for a in relation.attributes if not a.is_dropped]
    if isinstance(column, str):
        # (get_attnum finds a dropped column by its "........pg.dropped.N........" name:
        # its privilege is NULL, as for a dropped column given by number)
        attribute = next((a for a in relation.attributes if a.name == column), None)
        if attribute is not None and attribute.is_dropped:
            return None
        if attribute is None:
            raise PgError("42703", f'column "{column}" of relation "{relation.name}" does not '
                                   f'exist')
        attnum = attribute.attnum
    else:
        attnum = column
        if not any(a.attnum == column for a in live) and column >= 0:
            return None
    if _holds(role, facts, wanted):
        return True
    return attnum > 0 and _column_holds(role, oid, attnum, facts[0], wanted)


def _relation_oid(name: str) -> int:
    from pgsnake.catalog.sql_functions import regclass_input
    return regclass_input(name)


def has_any_column_privilege(user, table, privileges: str):
    wanted = _wanted("column", privileges)
    role = _role_oid(user)
    facts = _relation(table, "table")
    if facts is None:
        return None
    if _holds(role, facts, wanted):
        return True
    oid = table if isinstance(table, int) else _relation_oid(table)
    return any(_column_holds(role, oid, a.attnum, facts[0], wanted)
               for a in cc.get_relation(oid).attributes if not a.is_dropped)


def pg_has_role(user, role, privileges: str):
    """pg_role_aclcheck: MEMBER (SET ROLE), USAGE (inherited privileges), WITH ADMIN
    OPTION."""
    wanted = _wanted("role", privileges)
    member = _role_oid(user)
    target = _role_oid(role)
    if wanted & (acl.letters_mask("C") << acl.GOPTION_SHIFT | acl.letters_mask("U")
                 << acl.GOPTION_SHIFT) and acl.is_admin_of_role(member, target):
        return True
    if wanted & acl.letters_mask("C") and acl.is_member_of_role(member, target):
        return True
    if wanted & acl.letters_mask("U") and acl.has_privs_of_role(member, target):
        return True
    return False


# -- registration ----------------------------------------------------------------------------

# The first pg_proc OID of each family; its overloads follow in PostgreSQL's order:
# (name, text, text), (name, oid, text), (oid, text, text), (oid, oid, text),
# (text, text), (oid, text).
_FAMILIES = {"table": 1922, "sequence": 2181, "schema": 2268, "database": 2250,
             "function": 2256, "type": 3138, "language": 2262, "tablespace": 2390,
             "foreign_data_wrapper": 3000, "server": 3006}
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
    for offset, user_type in enumerate((NAME, OID, None)):  # the parameter is text only
        arg_types = ([user_type] if user_type else []) + [TEXT, TEXT]
        fn = _bind(has_privilege, "parameter")
        functions.register("has_parameter_privilege", arg_types, BOOL,
                           fn if user_type else _current(fn), oid=6205 + offset,
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
