"""ALTER ... OWNER TO for tables, views, materialized views and sequences (AlterTableStmt
with AT_ChangeOwner), schemas, functions / procedures / routines, types / domains and
databases (AlterOwnerStmt); REASSIGN OWNED BY and DROP OWNED BY.

Changing an owner rewrites the object's ACL with the old owner replaced by the new one
(catalog/acl.py: acl_new_owner), as PostgreSQL does. Unless the current user is a
superuser it must (PostgreSQL 15's rules):
  - own the object (have the owner's privileges): "must be owner of <kind> <name>";
  - be able to SET ROLE to the new owner: 'must be member of role "<new>"';
  - and the new owner must have CREATE on the object's schema (for a schema: the
    current user must have CREATE on the database; for a database: CREATEDB).
A table takes its indexes, its row type and the sequences it owns along; a sequence
owned by a table cannot change owner by itself. REASSIGN OWNED and DROP OWNED find the
role's objects and grants in pg_shdepend (catalog/shared_dependencies.py); DROP OWNED
drops what the roles own in one deletion through pg_depend (commands/dependent_objects).

Entry points: is_owner_change(node), alter_relation_owner(node) (alter_table.py calls
them), registered statements AlterOwnerStmt, ReassignOwnedStmt and DropOwnedStmt.

PostgreSQL: commands/tablecmds.c (ATExecChangeOwner, change_owner_recurse_to_sequences),
commands/alter.c (AlterObjectOwner_internal), commands/schemacmds.c
(AlterSchemaOwner_internal), commands/typecmds.c (AlterTypeOwner), commands/dbcommands.c
(AlterDatabaseOwner), catalog/pg_shdepend.c (shdepReassignOwned, shdepDropOwned).
"""
from __future__ import annotations

from pgsnake.catalog import acl, catalog_writes, relation_locks, sequence_creation
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import definitions as d
from pgsnake.commands import grant_commands, role_commands, utility_statement
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import notices, process_state
from pgsnake.utils.errors import PgError

INSUFFICIENT_PRIVILEGE = "42501"
WRONG_OBJECT_TYPE = "42809"
_RELATION_OBJTYPES = {"OBJECT_TABLE": ("ALTER TABLE", None, None),
                      "OBJECT_SEQUENCE": ("ALTER SEQUENCE", "S", "a sequence"),
                      "OBJECT_VIEW": ("ALTER VIEW", "v", "a view"),
                      "OBJECT_MATVIEW": ("ALTER MATERIALIZED VIEW", "m", "a materialized view"),
                      "OBJECT_FOREIGN_TABLE": ("ALTER FOREIGN TABLE", "f", "a foreign table")}


def not_owner(noun: str, name: str) -> PgError:
    return PgError(INSUFFICIENT_PRIVILEGE, f"must be owner of {noun} {name}")


def is_owner(owner: int) -> bool:
    return acl.has_privs_of_role(role_commands.current_user(), owner)


def _check_member_of(new_owner: int) -> None:
    if not acl.is_member_of_role(role_commands.current_user(), new_owner):
        raise PgError(INSUFFICIENT_PRIVILEGE,
                      f'must be member of role "{cc.role_name(new_owner)}"')


def _check_create_on_schema(namespace: int, role: int) -> None:
    if acl.is_superuser(role):
        return
    row = next(r for r in cc.scan_catalog("pg_namespace") if r.oid == namespace)
    held = acl.acl_mask(acl.acl_or_default(row.nspacl, "schema", row.nspowner), role,
                        row.nspowner, acl.letters_mask("C"))
    if not held:
        raise PgError(INSUFFICIENT_PRIVILEGE, f"permission denied for schema {row.nspname}")


def check_owner_change(owner: int, new_owner: int, noun: str, name: str,
                  namespace: int | None) -> None:
    if role_commands.is_superuser():
        return
    if not is_owner(owner):
        raise not_owner(noun, name)
    _check_member_of(new_owner)
    if namespace is not None:
        _check_create_on_schema(namespace, new_owner)


def _new_acl(current, old_owner: int, new_owner: int):
    return None if current is None else acl.acl_new_owner(current, old_owner, new_owner)


def _changed() -> None:
    grant_commands._changed()


# ---- relations -------------------------------------------------------------------------------

def is_owner_change(node: dict) -> bool:
    cmds = [c["AlterTableCmd"] for c in node.get("cmds", ())]
    return bool(cmds) and all(c["subtype"] == "AT_ChangeOwner" for c in cmds)


def alter_relation_owner(node: dict) -> str:
    objtype = node.get("objtype", "OBJECT_TABLE")
    tag, relkind, noun = _RELATION_OBJTYPES.get(objtype, ("ALTER TABLE", None, None))
    range_var = node["relation"]
    schema = range_var.get("schemaname")
    shown = f"{schema}.{range_var['relname']}" if schema else range_var["relname"]
    oid = relation_locks.open_relation_oid(range_var["relname"], schema,
                                           lock_modes.ACCESS_EXCLUSIVE)
    if oid is None:
        if node.get("missing_ok"):
            notices.emit("00000", f'relation "{shown}" does not exist, skipping')
            return tag
        raise PgError("42P01", f'relation "{shown}" does not exist')
    row = cc.class_row(oid)
    if relkind is not None and row.relkind != relkind:
        raise PgError(WRONG_OBJECT_TYPE, f'"{range_var["relname"]}" is not {noun}')
    object_noun = grant_commands.RELKIND_OBJECT_NOUN.get(row.relkind, "table")
    if not is_owner(row.relowner):
        raise not_owner(object_noun, range_var["relname"])
    for wrapped in node["cmds"]:
        new_owner = role_commands.role_from_spec(wrapped["AlterTableCmd"]["newowner"])
        change_relation_owner(oid, new_owner)
    return tag


def change_relation_owner(oid: int, new_owner: int, *, recursing: bool = False) -> None:
    row = cc.class_row(oid)
    if row.relkind in ("i", "I") and not recursing:
        notices.emit("42809", f'cannot change owner of index "{row.relname}"',
                     severity="WARNING", hint="Change the ownership of the index's table, "
                                              "instead.")
        return
    if row.relowner == new_owner:
        return
    if row.relkind == "S" and not recursing:
        owner_table = _owning_table(oid)
        if owner_table is not None:
            raise PgError("0A000", f'cannot change owner of sequence "{row.relname}"',
                          detail=f'Sequence "{row.relname}" is linked to table '
                                 f'"{cc.class_row(owner_table).relname}".')
    if not recursing:
        check_owner_change(row.relowner, new_owner,
                      grant_commands.RELKIND_OBJECT_NOUN.get(row.relkind, "table"),
                      row.relname, row.relnamespace)
    catalog_writes.update_rows("pg_class", lambda r: r.oid == oid, relowner=new_owner,
                               relacl=_new_acl(row.relacl, row.relowner, new_owner))
    for attribute in [r for r in cc.scan_catalog("pg_attribute")
                      if r.attrelid == oid and r.attacl is not None]:
        catalog_writes.update_rows(
            "pg_attribute", lambda r, a=attribute: r.attrelid == oid and r.attnum == a.attnum,
            attacl=acl.acl_new_owner(attribute.attacl, row.relowner, new_owner))
    if row.reltype:
        types = {row.reltype}
        type_row = cc.get_type_row(row.reltype)
        if type_row is not None and type_row.typarray:
            types.add(type_row.typarray)
        catalog_writes.update_rows("pg_type", lambda r: r.oid in types, typowner=new_owner)
    _changed()
    if row.relkind in ("r", "p", "m"):
        for index in cc.index_oids_of(oid):
            change_relation_owner(index, new_owner, recursing=True)
        for sequence in sequence_creation.owned_sequences(oid):
            change_relation_owner(sequence, new_owner, recursing=True)


def _owning_table(sequence_oid: int) -> int | None:
    for r in cc.scan_catalog("pg_depend"):
        if r.classid == 1259 and r.objid == sequence_oid and r.refclassid == 1259 \
                and r.deptype in ("a", "i"):
            return r.refobjid
    return None


# ---- other objects ---------------------------------------------------------------------------

def _schema_owner(name: str, new_owner: int) -> None:
    oid = grant_commands._schema_oid(name)
    row = next(r for r in cc.scan_catalog("pg_namespace") if r.oid == oid)
    if row.nspowner == new_owner:
        return
    if not role_commands.is_superuser():
        if not is_owner(row.nspowner):
            raise not_owner("schema", name)
        _check_member_of(new_owner)
        db = next(r for r in cc.scan_catalog("pg_database")
                  if r.oid == process_state.database_oid)
        held = acl.acl_mask(acl.acl_or_default(db.datacl, "database", db.datdba),
                            role_commands.current_user(), db.datdba, acl.letters_mask("C"))
        if not held:
            raise PgError(INSUFFICIENT_PRIVILEGE, f"permission denied for database {db.datname}")
    catalog_writes.update_rows("pg_namespace", lambda r: r.oid == oid, nspowner=new_owner,
                               nspacl=_new_acl(row.nspacl, row.nspowner, new_owner))
    _changed()


def _function_owner(oid: int, new_owner: int) -> None:
    from pgsnake.catalog.lookup_functions import proc_row
    row = proc_row(oid)
    if row.proowner == new_owner:
        return
    check_owner_change(row.proowner, new_owner, "procedure" if row.prokind == "p" else "function",
                  row.proname, row.pronamespace)
    catalog_writes.update_rows("pg_proc", lambda r: r.oid == oid, proowner=new_owner,
                               proacl=_new_acl(row.proacl, row.proowner, new_owner))
    _changed()


def _operator_owner(oid: int, new_owner: int) -> None:
    from pgsnake.catalog.lookup_functions import operator_row
    row = operator_row(oid)
    if row.oprowner == new_owner:
        return
    check_owner_change(row.oprowner, new_owner, "operator", row.oprname, row.oprnamespace)
    catalog_writes.update_rows("pg_operator", lambda r: r.oid == oid, oprowner=new_owner)
    _changed()


def _collation_owner(names: list[str], new_owner: int) -> None:
    from pgsnake.catalog import collation_creation
    row = collation_creation.lookup(names)
    if row.collowner == new_owner:
        return
    check_owner_change(row.collowner, new_owner, "collation", ".".join(names), row.collnamespace)
    collation_creation.update(row.oid, collowner=new_owner)


def _type_owner(names: list[str], new_owner: int, objtype: str) -> None:
    from pgsnake.catalog.sql_functions import regtype_input
    oid = regtype_input(".".join(names))
    row = cc.get_type_row(oid)
    shown = ".".join(names)
    if objtype == "OBJECT_DOMAIN" and row.typtype != "d":
        raise PgError(WRONG_OBJECT_TYPE, f'"{shown}" is not a domain')
    if row.typrelid and cc.class_row(row.typrelid) is not None and \
            cc.class_row(row.typrelid).relkind != "c":
        raise PgError(WRONG_OBJECT_TYPE, f"{shown} is a table's row type",
                      hint="Use ALTER TABLE instead.")
    if row.typcategory == "A" and row.typelem:
        from pgsnake.datatypes import registry
        raise PgError(WRONG_OBJECT_TYPE, f"cannot alter array type {shown}",
                      hint=f"You can alter type {registry.format_type(row.typelem)}, which "
                           f"will alter the array type as well.")
    if row.typowner == new_owner:
        return
    check_owner_change(row.typowner, new_owner, "domain" if row.typtype == "d" else "type",
                  row.typname, row.typnamespace)
    # One update per row: a second update in the same command would not see the first's
    # new row version (and the ACL would keep the old owner).
    catalog_writes.update_rows("pg_type", lambda r: r.oid == oid, typowner=new_owner,
                               typacl=_new_acl(row.typacl, row.typowner, new_owner))
    if row.typarray:
        catalog_writes.update_rows("pg_type", lambda r: r.oid == row.typarray,
                                   typowner=new_owner)
    if row.typrelid:
        catalog_writes.update_rows("pg_class", lambda r: r.oid == row.typrelid,
                                   relowner=new_owner)
    _changed()


def _database_owner(name: str, new_owner: int) -> None:
    row = next((r for r in cc.scan_catalog("pg_database") if r.datname == name), None)
    if row is None:
        raise PgError("3D000", f'database "{name}" does not exist')
    if row.datdba == new_owner:
        return
    if not role_commands.is_superuser():
        if not is_owner(row.datdba):
            raise not_owner("database", name)
        _check_member_of(new_owner)
        me = cc.role_row(role_commands.current_user())
        if not me.rolcreatedb:
            raise PgError(INSUFFICIENT_PRIVILEGE, "permission denied to change owner of "
                                                  "database")
    catalog_writes.update_rows("pg_database", lambda r: r.oid == row.oid, datdba=new_owner,
                               datacl=_new_acl(row.datacl, row.datdba, new_owner))
    _changed()


def _large_object_owner(node: dict, new_owner: int) -> None:
    from pgsnake.commands import large_object_functions
    row = large_object_functions.named_metadata(node)
    if row.lomowner == new_owner:
        return
    if not role_commands.is_superuser():
        large_object_functions.check_owner(row)
        _check_member_of(new_owner)
    catalog_writes.update_rows("pg_largeobject_metadata", lambda r: r.oid == row.oid,
                               key=("oid", row.oid), lomowner=new_owner,
                               lomacl=_new_acl(row.lomacl, row.lomowner, new_owner))
    _changed()


def alter_owner(node: dict, raw) -> str:
    objtype = node["objectType"]
    new_owner = role_commands.role_from_spec(node["newowner"])
    obj = node["object"]
    if objtype == "OBJECT_SCHEMA":
        _schema_owner(obj["String"]["sval"], new_owner)
    elif objtype in ("OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE", "OBJECT_AGGREGATE"):
        _function_owner(grant_commands.lookup_function(obj["ObjectWithArgs"], objtype),
                        new_owner)
    elif objtype in ("OBJECT_TYPE", "OBJECT_DOMAIN"):
        _type_owner([item["String"]["sval"] for item in obj["List"]["items"]], new_owner,
                    objtype)
    elif objtype == "OBJECT_DATABASE":
        _database_owner(obj["String"]["sval"], new_owner)
    elif objtype == "OBJECT_OPERATOR":
        from pgsnake.commands import operator_commands
        _operator_owner(operator_commands.lookup_operator(obj["ObjectWithArgs"]), new_owner)
    elif objtype == "OBJECT_COLLATION":
        _collation_owner([item["String"]["sval"] for item in obj["List"]["items"]], new_owner)
    elif objtype in ("OBJECT_OPCLASS", "OBJECT_OPFAMILY"):
        from pgsnake.commands import operator_class_commands
        return operator_class_commands.alter_owner(node, new_owner)
    elif objtype == "OBJECT_STATISTIC_EXT":
        from pgsnake.commands import statistics_commands
        statistics_commands.alter_statistics_owner(node, new_owner)
    elif objtype == "OBJECT_EVENT_TRIGGER":
        from pgsnake.commands import event_trigger_commands
        return event_trigger_commands.alter_owner(node)
    elif objtype == "OBJECT_LARGEOBJECT":
        _large_object_owner(obj, new_owner)
    else:
        kind = objtype.removeprefix("OBJECT_").replace("_", " ")
        raise PgError("0A000", f"ALTER {kind} ... OWNER TO is not supported yet")
    return _owner_tag(objtype)


def _owner_tag(objtype: str) -> str:
    if objtype == "OBJECT_STATISTIC_EXT":
        return "ALTER STATISTICS"
    if objtype in ("OBJECT_OPCLASS", "OBJECT_OPFAMILY"):
        return "ALTER OPERATOR " + objtype.removeprefix("OBJECT_OP")
    if objtype == "OBJECT_LARGEOBJECT":
        return "ALTER LARGE OBJECT"
    return "ALTER " + objtype.removeprefix("OBJECT_").replace("_", " ")


# ---- REASSIGN OWNED ----------------------------------------------------------------------------

# REASSIGN OWNED's catalogs with an owner column, by class id (relations and types are
# changed as ALTER TABLE / ALTER TYPE ... OWNER TO change them; default privileges stay).
_OWNER_COLUMNS = {2615: ("pg_namespace", "nspowner", "nspacl"),
                  1255: ("pg_proc", "proowner", "proacl"),
                  1262: ("pg_database", "datdba", "datacl"),
                  3381: ("pg_statistic_ext", "stxowner", None),
                  2617: ("pg_operator", "oprowner", None),
                  3456: ("pg_collation", "collowner", None),
                  3079: ("pg_extension", "extowner", None),
                  2613: ("pg_largeobject_metadata", "lomowner", "lomacl")}


# DROP OWNED's catalogs with an ACL column, by class id.
_ACL_COLUMNS = {1259: ("pg_class", "relacl"), 2615: ("pg_namespace", "nspacl"),
                1255: ("pg_proc", "proacl"), 1247: ("pg_type", "typacl"),
                1262: ("pg_database", "datacl"),
                2613: ("pg_largeobject_metadata", "lomacl")}


def _reassign_relation(oid: int, old: int, new_owner: int) -> None:
    row = cc.class_row(oid)
    if row is None or row.relowner != old or row.relkind in ("i", "I", "t"):
        return
    if row.relkind == "S" and _owning_table(oid) is not None:
        return               # it follows its table
    change_relation_owner(oid, new_owner, recursing=True)


def reassign_owned(node: dict, raw) -> str:
    """REASSIGN OWNED BY old TO new: every object of the current database (and every
    database) owned by `old`, as pg_shdepend lists them, changes owner, as with ALTER
    ... OWNER TO (shdepReassignOwned)."""
    new_owner = role_commands.role_from_spec(node["newrole"])
    old_roles = [role_commands.role_from_spec(item.get("RoleSpec", item))
                 for item in node.get("roles") or []]
    me = role_commands.current_user()
    for old in old_roles:
        if not acl.has_privs_of_role(me, old):
            raise PgError(INSUFFICIENT_PRIVILEGE, "permission denied to reassign objects")
    if not acl.has_privs_of_role(me, new_owner):
        raise PgError(INSUFFICIENT_PRIVILEGE, "permission denied to reassign objects")
    for old in old_roles:
        if old < role_commands.FIRST_NORMAL_OBJECT_ID:
            name = cc.role_name(old)
            raise PgError("2BP01", f"cannot reassign ownership of objects owned by role "
                                   f"{name} because they are required by the database system")
        from pgsnake.catalog import shared_dependencies as sd
        owned = [r for r in sd.role_rows(old) if r.deptype == sd.OWNER
                 and r.dbid in (process_state.database_oid, 0)]
        for dep in owned:
            if dep.classid == d.PG_TYPE_OID:
                row = cc.get_type_row(dep.objid)
                if row is not None and row.typowner == old:   # as ALTER TYPE ... OWNER TO
                    # (one update per row: a second one in the same command would not
                    # see the first's new row version)
                    catalog_writes.update_rows("pg_type", lambda r, o=row.oid: r.oid == o,
                                               typowner=new_owner,
                                               typacl=_new_acl(row.typacl, old, new_owner))
                    catalog_writes.update_rows("pg_type", lambda r, o=row.typarray: r.oid == o,
                                               typowner=new_owner)
                    if row.typrelid:          # a composite type: its relation too
                        catalog_writes.update_rows(
                            "pg_class", lambda r, o=row.typrelid: r.oid == o,
                            relowner=new_owner)
            elif dep.classid == d.PG_CLASS_OID:
                _reassign_relation(dep.objid, old, new_owner)
            elif dep.classid in _OWNER_COLUMNS:
                catalog, owner_column, acl_column = _OWNER_COLUMNS[dep.classid]
                row = next((r for r in cc.scan_catalog(catalog) if r.oid == dep.objid), None)
                if row is not None and getattr(row, owner_column) == old:
                    changes = {owner_column: new_owner}
                    if acl_column:
                        changes[acl_column] = _new_acl(getattr(row, acl_column), old,
                                                       new_owner)
                    catalog_writes.update_rows(
                        catalog, lambda r, o=row.oid: r.oid == o, **changes)
        _changed()
    return "REASSIGN OWNED"


# ---- DROP OWNED ---------------------------------------------------------------------------------

def _without_role(current, role: int):
    """The ACL with every entry granted to or by `role` removed (the owner's stays)."""
    if current is None:
        return None
    return [item for item in current if item.grantee != role and item.grantor != role]


def drop_owned(node: dict, raw) -> str:
    """DROP OWNED BY role: revoke what was granted to it on the current database's
    objects and on databases, then drop the objects it owns here (RESTRICT unless
    CASCADE), as shdepDropOwned does."""
    roles = [role_commands.role_from_spec(item.get("RoleSpec", item))
             for item in node.get("roles") or []]
    me = role_commands.current_user()
    for role in roles:
        if not acl.has_privs_of_role(me, role):
            raise PgError(INSUFFICIENT_PRIVILEGE, "permission denied to drop objects")
        if role < role_commands.FIRST_NORMAL_OBJECT_ID:
            raise PgError("2BP01", f"cannot drop objects owned by role {cc.role_name(role)} "
                                   f"because they are required by the database system")
    from pgsnake.catalog import shared_dependencies as sd
    for role in roles:
        # The ACLs pg_shdepend says name the role, here and on databases.
        granted = [r for r in sd.role_rows(role) if r.deptype == sd.ACL
                   and r.dbid in (process_state.database_oid, 0)]
        for classid, (catalog, column) in _ACL_COLUMNS.items():
            oids = {r.objid for r in granted if r.classid == classid and not r.objsubid}
            for row in (cc.scan_catalog(catalog) if oids else ()):
                if row.oid in oids and getattr(row, column) is not None:
                    catalog_writes.update_rows(
                        catalog, lambda r, o=row.oid: r.oid == o,
                        **{column: _without_role(getattr(row, column), role)})
        _drop_default_privileges(role)
        from pgsnake.commands import policy_commands
        policy_commands.remove_role_from_policies(role)
        columns = {(r.objid, r.objsubid) for r in granted
                   if r.classid == d.PG_CLASS_OID and r.objsubid}
        for row in (cc.scan_catalog("pg_attribute") if columns else ()):
            if (row.attrelid, row.attnum) in columns and row.attacl:
                catalog_writes.update_rows(
                    "pg_attribute",
                    lambda r, o=row.attrelid, n=row.attnum: r.attrelid == o and r.attnum == n,
                    attacl=_without_role(row.attacl, role) or None)
        _changed()
    # What the roles own here, dropped together, newest first (shdepDropOwned's
    # sort_object_addresses and performMultipleDeletions).
    from pgsnake.catalog import shared_dependencies
    from pgsnake.catalog.dependency import ObjectAddress
    from pgsnake.commands import dependent_objects
    owned = {ObjectAddress(r.classid, r.objid, r.objsubid)
             for role in roles for r in shared_dependencies.role_rows(role)
             if r.dbid == process_state.database_oid and r.deptype == "o"
             and r.classid != shared_dependencies.PG_DEFAULT_ACL}
    if owned:
        cc.reset_caches()
        dependent_objects.perform_deletion(
            sorted(owned, key=lambda a: (-a.objid, a.classid, a.subid)),
            node.get("behavior") == "DROP_CASCADE")
    return "DROP OWNED"


def _drop_default_privileges(role: int) -> None:
    """The role's own pg_default_acl entries go; it leaves the others' ACLs, and an entry
    left equal to the built-in default (or, for a schema's entry, empty) goes too."""
    from pgsnake.catalog import default_privileges
    for row in cc.scan_catalog("pg_default_acl"):
        def matches(r, o=row.oid):
            return r.oid == o
        if row.defaclrole == role:
            catalog_writes.delete_rows("pg_default_acl", matches)
            continue
        if not any(role in (i.grantee, i.grantor) for i in row.defaclacl):
            continue
        remaining = _without_role(row.defaclacl, role)
        builtin = acl.default_acl(default_privileges.KIND_BY_CODE[row.defaclobjtype],
                                  row.defaclrole)
        if (row.defaclnamespace == 0 and sorted(remaining) == sorted(builtin)) or \
                (row.defaclnamespace != 0 and not remaining):
            catalog_writes.delete_rows("pg_default_acl", matches)
        else:
            catalog_writes.update_rows("pg_default_acl", matches, defaclacl=remaining)


utility_statement.register("DropOwnedStmt", "DROP OWNED", drop_owned)
utility_statement.register("AlterOwnerStmt", lambda raw: _owner_tag(
    raw.node[raw.kind]["objectType"]), alter_owner)
utility_statement.register("ReassignOwnedStmt", "REASSIGN OWNED", reassign_owned)
