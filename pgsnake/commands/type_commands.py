"""CREATE TYPE ... AS ENUM, ALTER TYPE (enum values, RENAME, SET SCHEMA), and
DROP TYPE / DROP DOMAIN.

An enum is a pg_type row (typtype 'e', category 'E', 4 bytes by value), its array type
'_name' and one pg_enum row per label with enumsortorder 1, 2, 3, ...; ADD VALUE
BEFORE / AFTER gives the new label a sort order halfway between its neighbours (and
renumbers the labels when floats run out of room, as RenumberEnumType does). A label
added by ALTER TYPE ... ADD VALUE cannot be used before its transaction commits (55P04,
datatypes/enum.py); this module remembers such labels until the transaction ends.

DROP TYPE / DROP DOMAIN refuse (2BP01, with a DETAIL line per dependent) when table
columns, domains, functions, views or other types use the type or its array type, unless
CASCADE, which drops those first: the search follows pg_depend
(commands/dependent_objects.py). The type's rows go with it: pg_type (both
rows), pg_enum, pg_constraint (a domain's constraints), pg_depend and comments.

Entry points: execute_create_enum(node), execute_alter_enum(node),
execute_drop_types(node), execute_rename_type(node),
execute_alter_type_schema(node); for the other type commands insert_type_rows(...),
type_target(names) -> (namespace oid, name), check_new_type_name, find_type, done;
drop_type; remove_type_rows(row) (commands/dependent_objects.py drops a type with it).

PostgreSQL: commands/typecmds.c (DefineEnum, AlterEnum, RenameType, AlterTypeOwner,
AlterTypeNamespace, RemoveTypeById), catalog/pg_enum.c (EnumValuesCreate, AddEnumLabel,
RenameEnumLabel), catalog/pg_type.c (TypeCreate), catalog/dependency.c
(reportDependentObjects), commands/dropcmds.c.
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, comments, invalidation
from pgsnake.catalog import array_type_names, dependency
from pgsnake.catalog import definitions as d
from pgsnake.catalog import relation_locks, user_types  # noqa: F401 (loader)
from pgsnake.catalog.generated import pg_proc_rows
from pgsnake.commands import utility_statement
from pgsnake.datatypes import enum
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import notices, process_state
from pgsnake.utils.errors import (DEPENDENT_OBJECTS_STILL_EXIST, DUPLICATE_OBJECT, FEATURE_NOT_SUPPORTED,
                                  INVALID_PARAMETER_VALUE, INVALID_SCHEMA_NAME,
                                  UNDEFINED_OBJECT, WRONG_OBJECT_TYPE, PgError)

INVALID_NAME = "42602"
NAMEDATALEN = 64


def _proc_oid(name: str) -> int:
    """A built-in function's OID by name (I/O functions have one overload each)."""
    index = pg_proc_rows.COLUMNS.index("proname")
    return next(row[0] for row in pg_proc_rows.ROWS if row[index] == name)


# ---------------------------------------------------------------------------------------
# names and rows


def type_target(names: list[str]) -> tuple[int, str]:
    """The schema a new type goes in and its name (3F000 for a missing schema; 42501
    without CREATE on it, as DefineType / DefineDomain / DefineEnum check)."""
    from pgsnake.catalog import object_permissions
    if len(names) >= 2:
        if names[-2] == "pg_temp":                    # LookupCreationNamespace makes it
            from pgsnake.catalog import temp_namespace
            return temp_namespace.init_temp_namespace(), names[-1]
        namespace = cc.get_namespace_oid(names[-2])
        if namespace is None:
            raise PgError(INVALID_SCHEMA_NAME, f'schema "{names[-2]}" does not exist')
        object_permissions.check_namespace_create(namespace)
        return namespace, names[-1]
    namespace = cc.creation_namespace()
    object_permissions.check_namespace_create(namespace)
    return namespace, names[0]


def _strings(items: list[dict]) -> list[str]:
    return [item["String"]["sval"] for item in items]


def _owner() -> int:
    return process_state.user_oid or d.BOOTSTRAP_SUPERUSER


def check_new_type_name(namespace: int, name: str) -> None:
    """42710 if a type of the schema has the name, unless it is an array type made for
    another type, which moves out of the way (array_type_names.py)."""
    if cc.lookup_type_row(name, namespace) is not None \
            and not array_type_names.move_array_type_name(name, namespace):
        raise PgError(DUPLICATE_OBJECT, f'type "{name}" already exists')


def insert_type_rows(*, oid: int, array_oid: int, name: str, namespace: int, typtype: str,
                     category: str, typlen: int, typbyval: bool, typalign: str,
                     typstorage: str, io: tuple, basetype: int = 0,
                     typmod: int = -1, notnull: bool = False, collation: int = 0,
                     default: str | None = None, base_type_oid: int = 0,
                     defined: bool = True, extra: dict | None = None) -> None:
    """The pg_type rows of a new type and of its array type (none when array_oid is 0:
    a shell type), and their pg_depend rows (the type in its schema, the array type part
    of the type, a domain on its base). `extra`: other pg_type columns of the type's row
    (a base type's typdelim, typelem, typmodin, ...)."""
    from pgsnake.catalog import default_privileges
    owner = _owner()
    common = dict(typnamespace=namespace, typowner=owner, typispreferred=False,
                  typisdefined=True, typdelim=",", typmodin=0, typmodout=0, typndims=0,
                  typacl=None, typdefaultbin=None)
    input_, output, receive, send = (_proc_oid(n) if isinstance(n, str) else n for n in io)
    own = dict(common, typisdefined=defined, typsubscript=0, typelem=0, typanalyze=0,
               # ALTER DEFAULT PRIVILEGES ... ON TYPES (TypeCreate's get_user_default_acl;
               # the implicit array type gets none)
               typacl=default_privileges.default_acl_for("T", owner, namespace))
    own.update(extra or {})
    catalog_writes.insert_row("pg_type", d.row_values(
        "pg_type", oid=oid, typname=name, typtype=typtype, typcategory=category,
        typlen=typlen, typbyval=typbyval, typrelid=0,
        typarray=array_oid, typinput=input_, typoutput=output, typreceive=receive,
        typsend=send, typalign=typalign, typstorage=typstorage,
        typnotnull=notnull, typbasetype=basetype, typtypmod=typmod,
        typcollation=collation, typdefault=default, **own))
    new_type = dependency.ObjectAddress(d.PG_TYPE_OID, oid)
    dependency.record(new_type, dependency.ObjectAddress(d.PG_NAMESPACE_OID, namespace),
                      dependency.NORMAL)
    if not array_oid:
        return
    catalog_writes.insert_row("pg_type", d.row_values(
        "pg_type", oid=array_oid, typname=array_type_names.array_type_name(name, namespace),
        typtype="b",
        typcategory="A", typlen=-1, typbyval=False, typrelid=0,
        typsubscript=_proc_oid("array_subscript_handler"), typelem=oid, typarray=0,
        typinput=_proc_oid("array_in"), typoutput=_proc_oid("array_out"),
        typreceive=_proc_oid("array_recv"), typsend=_proc_oid("array_send"),
        typanalyze=_proc_oid("array_typanalyze"),
        typalign="d" if typalign == "d" else "i", typstorage="x", typnotnull=False,
        typbasetype=0, typtypmod=-1, typcollation=collation, typdefault=None,
        # (the element's delimiter and typmod functions: int4[]'s are int4's)
        **dict(common, typdelim=own["typdelim"], typmodin=own["typmodin"],
               typmodout=own["typmodout"])))
    dependency.record(dependency.ObjectAddress(d.PG_TYPE_OID, array_oid), new_type,
                      dependency.INTERNAL)
    dependency.record(new_type, dependency.ObjectAddress(d.PG_TYPE_OID, base_type_oid),
                      dependency.NORMAL)


def done() -> None:
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def _new_oid() -> int:
    from pgsnake.access.transam import transaction_ids
    return transaction_ids.get_new_oid()


# ---------------------------------------------------------------------------------------
# CREATE TYPE ... AS ENUM


def _check_label(label: str) -> None:
    if len(label.encode()) > NAMEDATALEN - 1:
        raise PgError(INVALID_NAME, f'invalid enum label "{label}"',
                      detail=f"Labels must be {NAMEDATALEN - 1} bytes or less.")


def execute_create_enum(node: dict) -> str:
    namespace, name = type_target(_strings(node["typeName"]))
    check_new_type_name(namespace, name)
    labels = _strings(node.get("vals", []))
    for label in labels:
        _check_label(label)
    array_oid, oid = _new_oid(), _new_oid()
    seen: set[str] = set()
    for label in labels:
        if label in seen:
            raise PgError("23505", 'duplicate key value violates unique constraint '
                                   '"pg_enum_typid_label_index"',
                          detail=f"Key (enumtypid, enumlabel)=({oid}, {label}) already exists.",
                          schema="pg_catalog", table="pg_enum",
                          constraint="pg_enum_typid_label_index")
        seen.add(label)
    insert_type_rows(oid=oid, array_oid=array_oid, name=name, namespace=namespace,
                     typtype="e", category="E", typlen=4, typbyval=True, typalign="i",
                     typstorage="p", io=("enum_in", "enum_out", "enum_recv", "enum_send"))
    for position, label in enumerate(labels, start=1):
        catalog_writes.insert_row("pg_enum", d.row_values(
            "pg_enum", oid=_new_oid(), enumtypid=oid, enumsortorder=float(position),
            enumlabel=label))
    done()
    return "CREATE TYPE"


# ---------------------------------------------------------------------------------------
# ALTER TYPE ... ADD VALUE / RENAME VALUE

# pg_enum OIDs added by ALTER TYPE ... ADD VALUE in the running transaction: unsafe to
# use until it commits (PostgreSQL's uncommitted-enum-value check, check_safe_enum_use).
_added_in_transaction: set[int] = set()


def _forget_added(event: str) -> None:
    if event in ("commit", "abort", "prepare"):
        _added_in_transaction.clear()


xact.register_callback(_forget_added)
enum.set_unsafe_check(lambda label: label.oid in _added_in_transaction)


def find_type(names: list[str], missing_ok: bool = False):
    """The pg_type row a (qualified) name denotes, or 42704."""
    if len(names) >= 2:
        namespace = cc.get_namespace_oid(names[-2])
        if namespace is None:
            raise PgError(INVALID_SCHEMA_NAME, f'schema "{names[-2]}" does not exist')
        from pgsnake.catalog import object_permissions
        object_permissions.check_namespace_usage(namespace)
        row = cc.lookup_type_row(names[-1], namespace)
    else:
        row = cc.lookup_type_row(names[-1])
    if row is None and not missing_ok:
        raise PgError(UNDEFINED_OBJECT, f'type "{".".join(names)}" does not exist')
    return row


def _enum_rows(type_oid: int) -> list:
    return sorted((r for r in cc.scan_catalog("pg_enum") if r.enumtypid == type_oid),
                  key=lambda r: r.enumsortorder)


def _require_enum(row) -> None:
    if row.typtype != "e":
        from pgsnake.datatypes import registry
        raise PgError(WRONG_OBJECT_TYPE, f"{registry.format_type(row.oid)} is not an enum")


def execute_alter_enum(node: dict) -> str:
    row = find_type(_strings(node["typeName"]))
    _require_enum(row)
    from pgsnake.catalog import object_permissions    # checkEnumOwner
    from pgsnake.datatypes import registry
    object_permissions.check_owner_of(row.typowner, "type", registry.format_type(row.oid))
    relation_locks.lock_database_object(d.PG_TYPE_OID, row.oid, lock_modes.ACCESS_EXCLUSIVE)
    labels = _enum_rows(row.oid)
    by_name = {r.enumlabel: r for r in labels}
    new = node["newVal"]
    if node.get("oldVal") is not None:
        old = node["oldVal"]
        if old not in by_name:
            raise PgError(INVALID_PARAMETER_VALUE, f'"{old}" is not an existing enum label')
        if new in by_name:
            raise PgError(DUPLICATE_OBJECT, f'enum label "{new}" already exists')
        _check_label(new)
        catalog_writes.update_rows("pg_enum", lambda r: r.oid == by_name[old].oid,
                                   enumlabel=new)
        done()
        return "ALTER TYPE"
    _check_label(new)
    if new in by_name:
        if node.get("skipIfNewValExists"):
            notices.emit(DUPLICATE_OBJECT, f'enum label "{new}" already exists, skipping')
            return "ALTER TYPE"
        raise PgError(DUPLICATE_OBJECT, f'enum label "{new}" already exists')
    neighbor = node.get("newValNeighbor")
    orders = [r.enumsortorder for r in labels]
    if neighbor is None:
        order = (orders[-1] + 1) if orders else 1.0
    else:
        if neighbor not in by_name:
            raise PgError(INVALID_PARAMETER_VALUE, f'"{neighbor}" is not an existing enum label')
        at = orders.index(by_name[neighbor].enumsortorder)
        other = at + 1 if node.get("newValIsAfter") else at - 1
        if other < 0:                       # before the first label: one below it
            order = orders[at] - 1
        elif other >= len(orders):          # after the last: one above it
            order = orders[at] + 1
        else:
            order = _float4((orders[at] + orders[other]) / 2)
            if order in (orders[at], orders[other]):
                # No float4 between the neighbours: renumber the labels 1, 2, ... and
                # retry; from the last down, so no two rows share an order meanwhile.
                for position, label_row in reversed(list(enumerate(labels, start=1))):
                    catalog_writes.update_rows(
                        "pg_enum", lambda r, o=label_row.oid: r.oid == o,
                        enumsortorder=float(position))
                done()
                return execute_alter_enum(node)
    label_oid = _new_oid()
    catalog_writes.insert_row("pg_enum", d.row_values(
        "pg_enum", oid=label_oid, enumtypid=row.oid, enumsortorder=order, enumlabel=new))
    _added_in_transaction.add(label_oid)
    done()
    return "ALTER TYPE"


def _float4(value: float) -> float:
    import struct
    return struct.unpack("<f", struct.pack("<f", value))[0]


# ---------------------------------------------------------------------------------------
# DROP TYPE / DROP DOMAIN


def drop_type(row, cascade: bool) -> None:
    """Remove one type (an enum, a domain, a range or a composite type) with its array
    type, and what depends on it (CASCADE), or refuse when anything does (2BP01): the
    search follows pg_depend (commands/dependent_objects.py)."""
    from pgsnake.catalog.dependency import ObjectAddress
    from pgsnake.commands import dependent_objects
    dependent_objects.perform_deletion([ObjectAddress(d.PG_TYPE_OID, row.oid)], cascade)


def remove_type_rows(row) -> None:
    oids = {row.oid, row.typarray} - {0}
    _remove_internal_dependents(row)
    if row.typtype == "c":
        from pgsnake.catalog import composite_type_creation
        composite_type_creation.drop_composite_relation(row.typrelid)
    catalog_writes.delete_rows("pg_type", lambda r: r.oid in oids)
    catalog_writes.delete_rows("pg_enum", lambda r: r.enumtypid == row.oid)
    catalog_writes.delete_rows("pg_constraint", lambda r: r.contypid == row.oid)
    catalog_writes.delete_rows("pg_depend", lambda r: r.classid == d.PG_TYPE_OID
                               and r.objid in oids)
    for oid in oids:
        comments.delete_comments(oid, d.PG_TYPE_OID)
    done()


def _remove_internal_dependents(row) -> None:
    """What is part of the type ('i' in pg_depend): a range type's multirange type,
    pg_range row, constructor functions and its cast to the multirange type."""
    from pgsnake.catalog import function_creation
    parts = [r for r in cc.scan_catalog("pg_depend")
             if r.refclassid == d.PG_TYPE_OID and r.refobjid == row.oid and r.deptype == "i"]
    for part in parts:
        if part.classid == function_creation.PG_PROC:
            if function_creation.function_row(part.objid) is not None:
                function_creation.drop_function(part.objid)
        elif part.classid == d.PG_TYPE_OID and part.objid != row.typarray:
            inner = cc.get_type_row(part.objid)
            if inner is not None:
                remove_type_rows(inner)
        elif part.classid == 2605:                      # pg_cast
            from pgsnake.catalog import cast_creation
            cast_creation.delete_cast(part.objid)
    if row.typtype == "r":
        catalog_writes.delete_rows("pg_range", lambda r: r.rngtypid == row.oid)


def execute_drop_types(node: dict) -> str:
    """DROP TYPE / DROP DOMAIN [IF EXISTS] name [, ...] [CASCADE | RESTRICT]."""
    is_domain = node.get("removeType") == "OBJECT_DOMAIN"
    kind = "type"                   # PostgreSQL's messages say type for domains too
    tag = "DROP DOMAIN" if is_domain else "DROP TYPE"
    cascade = node.get("behavior") == "DROP_CASCADE"
    rows = []
    for obj in node.get("objects", []):
        names = _strings(obj["TypeName"]["names"])
        shown = ".".join(names)
        if len(names) >= 2 and cc.get_namespace_oid(names[-2]) is None:
            if node.get("missing_ok"):
                notices.emit("00000", f'schema "{names[-2]}" does not exist, skipping')
                continue
            raise PgError(INVALID_SCHEMA_NAME, f'schema "{names[-2]}" does not exist')
        row = find_type(names, missing_ok=True)
        if row is None:
            from pgsnake.datatypes import registry
            builtin = registry.lookup_type_name(names[-1]) \
                if len(names) == 1 or names[0] == "pg_catalog" else None
            if builtin is not None:
                raise PgError(DEPENDENT_OBJECTS_STILL_EXIST,
                              f"cannot drop type {registry.format_type(builtin.oid)} because "
                              f"it is required by the database system")
            if node.get("missing_ok"):
                notices.emit("00000", f'{kind} "{shown}" does not exist, skipping')
                continue
            raise PgError(UNDEFINED_OBJECT, f'{kind} "{shown}" does not exist')
        if is_domain and row.typtype != "d":
            raise PgError(WRONG_OBJECT_TYPE, f'"{shown}" is not a domain')
        if row.oid < d.FIRST_NORMAL_OBJECT_ID:
            from pgsnake.datatypes import registry
            raise PgError(DEPENDENT_OBJECTS_STILL_EXIST,
                          f"cannot drop type {registry.format_type(row.oid)} because it is "
                          f"required by the database system")
        if row.typtype == "b" and row.typcategory == "A":
            from pgsnake.datatypes import registry
            raise PgError("2BP01", f"cannot drop type {registry.format_type(row.oid)} because type "
                          f"{user_types.type_display_name(cc.get_type_row(row.typelem))} "
                          f"requires it", hint=f"You can drop type "
                          f"{user_types.type_display_name(cc.get_type_row(row.typelem))} "
                          f"instead.")
        if row.typtype == "c":
            relation = cc.class_row(row.typrelid)
            if relation is not None and relation.relkind != "c":
                raise PgError(DEPENDENT_OBJECTS_STILL_EXIST,
                              f"cannot drop type {row.typname} because table "
                              f"{relation.relname} requires it",
                              hint=f"You can drop table {relation.relname} instead.")
        rows.append(row)
    if rows:
        from pgsnake.catalog.dependency import ObjectAddress
        from pgsnake.commands import dependent_objects
        dependent_objects.perform_deletion(
            [ObjectAddress(d.PG_TYPE_OID, row.oid) for row in rows], cascade)
    return tag


# ---------------------------------------------------------------------------------------
# ALTER TYPE / DOMAIN ... RENAME TO, SET SCHEMA


def _rename_target(node: dict):
    names = _strings(node["object"]["List"]["items"]) if "List" in node["object"] \
        else _strings(node["object"]["TypeName"]["names"])
    return find_type(names)


def execute_rename_type(node: dict) -> str:
    row = _rename_target(node)
    is_domain = node["renameType"] == "OBJECT_DOMAIN"
    if is_domain and row.typtype != "d":
        raise PgError(WRONG_OBJECT_TYPE, f'"{row.typname}" is not a domain')
    array_type_names.rename_type(row.oid, node["newname"])
    return "ALTER DOMAIN" if is_domain else "ALTER TYPE"


def execute_alter_type_schema(node: dict) -> str:
    row = _rename_target(node)
    schema = node["newschema"]
    namespace = cc.get_namespace_oid(schema)
    if namespace is None:
        raise PgError(INVALID_SCHEMA_NAME, f'schema "{schema}" does not exist')
    if namespace != row.typnamespace:
        if cc.lookup_type_row(row.typname, namespace) is not None:
            raise PgError(DUPLICATE_OBJECT,
                          f'type "{row.typname}" already exists in schema "{schema}"')
        oids = {row.oid, row.typarray} - {0}
        catalog_writes.update_rows("pg_type", lambda r: r.oid in oids, typnamespace=namespace)
        catalog_writes.update_rows("pg_depend", lambda r: r.classid == d.PG_TYPE_OID
                                   and r.objid == row.oid
                                   and r.refclassid == d.PG_NAMESPACE_OID, refobjid=namespace)
        done()
    return "ALTER DOMAIN" if node["objectType"] == "OBJECT_DOMAIN" else "ALTER TYPE"


utility_statement.register("CreateEnumStmt", "CREATE TYPE",
                           lambda node, raw: execute_create_enum(node))
utility_statement.register("AlterEnumStmt", "ALTER TYPE",
                           lambda node, raw: execute_alter_enum(node))


def _type_object_command(run, what: str):
    """ALTER ... SET SCHEMA for types and domains; other objects are not handled here
    yet."""
    def dispatch(node, raw):
        if node.get("objectType") in ("OBJECT_TYPE", "OBJECT_DOMAIN"):
            return run(node)
        from pgsnake.commands import routine_alter
        if routine_alter.is_routine_kind(node.get("objectType")) and what == "SET SCHEMA":
            return routine_alter.set_routine_schema(node)
        if node.get("objectType") == "OBJECT_OPERATOR" and what == "SET SCHEMA":
            from pgsnake.commands import operator_commands
            return operator_commands.set_operator_schema(node)
        if node.get("objectType") == "OBJECT_COLLATION" and what == "SET SCHEMA":
            from pgsnake.commands import collation_commands
            return collation_commands.set_schema(node)
        if node.get("objectType") in ("OBJECT_OPCLASS", "OBJECT_OPFAMILY") and \
                what == "SET SCHEMA":
            from pgsnake.commands import operator_class_commands
            return operator_class_commands.set_schema(node)
        if node.get("objectType") == "OBJECT_STATISTIC_EXT" and what == "SET SCHEMA":
            from pgsnake.commands import statistics_commands
            return statistics_commands.alter_statistics_schema(node)
        from pgsnake.commands import relation_schema
        if node.get("objectType") in relation_schema.KINDS and what == "SET SCHEMA":
            return relation_schema.set_relation_schema(node)
        kind = node.get("objectType", "").removeprefix("OBJECT_").replace("_", " ")
        raise PgError(FEATURE_NOT_SUPPORTED, f"ALTER {kind} ... {what} is not supported yet")
    return dispatch


def _alter_type_kind(raw) -> str:
    from pgsnake.commands import routine_alter
    kind = raw.node[raw.kind].get("objectType")
    if routine_alter.is_routine_kind(kind) or kind in ("OBJECT_OPERATOR", "OBJECT_COLLATION"):
        return "ALTER " + kind.removeprefix("OBJECT_")
    if raw.node[raw.kind].get("objectType") == "OBJECT_STATISTIC_EXT":
        return "ALTER STATISTICS"
    if kind in ("OBJECT_OPCLASS", "OBJECT_OPFAMILY"):
        return "ALTER OPERATOR " + kind.removeprefix("OBJECT_OP")
    relation_tags = {"OBJECT_TABLE": "ALTER TABLE", "OBJECT_SEQUENCE": "ALTER SEQUENCE",
                     "OBJECT_VIEW": "ALTER VIEW", "OBJECT_MATVIEW": "ALTER MATERIALIZED VIEW"}
    if kind in relation_tags:
        return relation_tags[kind]
    return "ALTER DOMAIN" if raw.node[raw.kind].get("objectType") == "OBJECT_DOMAIN" \
        else "ALTER TYPE"


# (ALTER TYPE / DOMAIN ... OWNER TO is commands/owner_commands.py's, with the other
# objects' OWNER TO)
utility_statement.register("AlterObjectSchemaStmt", _alter_type_kind,
                           _type_object_command(execute_alter_type_schema, "SET SCHEMA"))
