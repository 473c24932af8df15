"""User-defined functions and procedures in pg_proc: creating, replacing, dropping and
finding them.

A CREATE FUNCTION / PROCEDURE writes one pg_proc row as PostgreSQL's ProcedureCreate
does (proargtypes holds the IN, INOUT and VARIADIC arguments; proallargtypes,
proargmodes and proargnames are NULL when every argument is IN and, for the names, when
none has one; prorows 1000 for a set-returning function, else 0; procost 100) and
pg_depend rows: the function lives in its schema ('n'), and a PL/pgSQL function
depends on its language ('n' on pg_language 13563). Built-in types are pinned, so no
rows are written for them, as in PostgreSQL.

The functions of a database are found by name through a per-backend cache of the
pg_proc rows with OIDs from FirstNormalObjectId up (built-ins are compiled in:
datatypes/functions.py), dropped with every other cache when catalogs change
(invalidation.py rule 2).

Entry points: FunctionDefinition, create_function(definition, replace) -> oid,
drop_function(oid), functions_named(name) -> [ProcRow], function_row(oid), stored_row(oid),
all_user_functions().

PostgreSQL: catalog/pg_proc.c (ProcedureCreate), commands/functioncmds.c
(CreateFunction, RemoveFunctionById), catalog/namespace.c (FuncnameGetCandidates).
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, invalidation
from pgsnake.catalog import dependency
from pgsnake.catalog import definitions as d
from pgsnake.utils import process_state

ProcRow = d.row_class("pg_proc")

PG_PROC = 1255
PG_LANGUAGE = 2612
LANGUAGE_OIDS = {"internal": 12, "c": 13, "sql": 14, "plpgsql": 13563}


@dataclasses.dataclass
class FunctionDefinition:
    """What CREATE FUNCTION / PROCEDURE says, resolved to OIDs. `arg_modes` are
    PostgreSQL's letters: i(n), o(ut), b (inout), v(ariadic), t (a TABLE column)."""
    name: str
    namespace_oid: int
    language: str
    arg_types: list[int]
    arg_modes: list[str]
    arg_names: list[str]            # '' for an unnamed argument
    arg_defaults: list[str | None]  # SQL text of each argument's default, or None
    result_type: int
    returns_set: bool
    kind: str = "f"                 # 'f' function, 'p' procedure
    volatility: str = "v"
    strict: bool = False
    security_definer: bool = False
    leakproof: bool = False
    parallel: str = "u"
    cost: float = 100.0
    rows: float = 0.0
    source: str = ""                # prosrc
    sql_body: str | None = None     # prosqlbody (pgsnake keeps the SQL text, see README)
    variadic_type: int = 0
    config: list[str] | None = None     # proconfig: the SET clauses, 'name=value' each


def _input_indexes(modes: list[str], kind: str) -> list[int]:
    """The arguments proargtypes lists: IN, INOUT and VARIADIC ones (a procedure's OUT
    ones too only in what a CALL writes: call_view)."""
    return [i for i, m in enumerate(modes) if m in ("i", "b", "v")]


def _call_indexes(row) -> list[int]:
    modes = row.proargmodes or ["i"] * row.pronargs
    return [i for i, m in enumerate(modes) if m in ("i", "b", "v") or
            (row.prokind == "p" and m == "o")]


def _has_out_arguments(row) -> bool:
    return row.prokind == "p" and row.proargmodes is not None and "o" in row.proargmodes


def call_view(row):
    """A procedure's row as CALL sees it: a CALL writes an argument for each OUT
    parameter too (SQL-standard), so its argument list is every parameter's. Other
    rows as they are."""
    if not _has_out_arguments(row):
        return row
    indexes = _call_indexes(row)
    return row._replace(proargtypes=[row.proallargtypes[i] for i in indexes],
                        pronargs=len(indexes))


def input_view(row):
    """The row whose argument list is the inputs again, after call_view (or a binding
    of polymorphic types made on it): what the procedure is called with."""
    if not _has_out_arguments(row):
        return row
    indexes = _input_indexes(row.proargmodes, row.prokind)
    return row._replace(proargtypes=[row.proallargtypes[i] for i in indexes],
                        pronargs=len(indexes))


def call_inputs(row, values: list) -> list:
    """The values a procedure receives from a CALL's arguments (arranged over
    call_view's list): those of its OUT parameters left out, as PostgreSQL's
    transformCallStmt keeps them apart."""
    if not _has_out_arguments(row):
        return values
    return [v for v, m in zip(values, (m for m in row.proargmodes if m != "t")) if m != "o"]


def pg_proc_values(oid: int, definition: FunctionDefinition) -> list:
    modes = definition.arg_modes
    inputs = _input_indexes(modes, definition.kind)
    all_in = all(m == "i" for m in modes)
    names = definition.arg_names
    defaults = [definition.arg_defaults[i] for i in inputs if definition.arg_defaults[i] is not None]
    return d.row_values(
        "pg_proc", oid=oid, proname=definition.name, pronamespace=definition.namespace_oid,
        proowner=process_state.user_oid or d.BOOTSTRAP_SUPERUSER,
        prolang=LANGUAGE_OIDS[definition.language], procost=definition.cost,
        prorows=definition.rows, provariadic=definition.variadic_type, prosupport=0,
        prokind=definition.kind, prosecdef=definition.security_definer,
        proleakproof=definition.leakproof, proisstrict=definition.strict,
        proretset=definition.returns_set, provolatile=definition.volatility,
        proparallel=definition.parallel, pronargs=len(inputs), pronargdefaults=len(defaults),
        prorettype=definition.result_type,
        proargtypes=[definition.arg_types[i] for i in inputs],
        proallargtypes=None if all_in else list(definition.arg_types),
        proargmodes=None if all_in else list(modes),
        proargnames=list(names) if any(names) else None,
        # PostgreSQL stores node trees here; pgsnake stores the defaults' SQL text, one
        # per line (readable by pl/function_manager.py, opaque to clients as in PG).
        proargdefaults="\n".join(defaults) if defaults else None,
        protrftypes=None, prosrc=definition.source, probin=None,
        prosqlbody=definition.sql_body, proconfig=definition.config, proacl=None)


def create_function(definition: FunctionDefinition, replace_oid: int | None = None,
                    references=()) -> int:
    """Insert (or, with replace_oid, overwrite) the pg_proc row and its pg_depend rows.
    The caller has checked for conflicts (commands/function_commands.py). `references`:
    the objects its argument defaults and SQL-standard body use (normal dependencies,
    commands/routine_dependencies.py)."""
    from pgsnake.access.transam import transaction_ids, xact
    from pgsnake.catalog import object_permissions
    object_permissions.check_namespace_create(definition.namespace_oid)
    if replace_oid is not None:
        object_permissions.check_function_owner(replace_oid)
        oid = replace_oid
        values = pg_proc_values(oid, definition)
        changes = dict(zip(d.catalog("pg_proc").column_names(), values))
        del changes["oid"]
        del changes["proowner"], changes["proacl"]     # CREATE OR REPLACE keeps both
        catalog_writes.update_rows("pg_proc", lambda row: row.oid == oid,
                                   key=("oid", oid), **changes)
        catalog_writes.delete_rows("pg_depend", lambda row: row.classid == PG_PROC and row.objid == oid,
                                   key=("objid", oid))
    else:
        oid = transaction_ids.get_new_oid()
        catalog_writes.insert_row("pg_proc", pg_proc_values(oid, definition))
    # sql and the built-in types are pinned and so not recorded; plpgsql and the types
    # made after initdb (a table's row type, ...) are.
    function = dependency.ObjectAddress(PG_PROC, oid)
    dependency.record(function, dependency.ObjectAddress(
        PG_LANGUAGE, LANGUAGE_OIDS[definition.language]), dependency.NORMAL)
    for type_oid in dict.fromkeys(list(definition.arg_types) + [definition.result_type]):
        dependency.record(function, dependency.ObjectAddress(d.PG_TYPE_OID, type_oid),
                          dependency.NORMAL)
    dependency.record(function, dependency.ObjectAddress(
        d.PG_NAMESPACE_OID, definition.namespace_oid), dependency.NORMAL)
    dependency.record_all(function, references, dependency.NORMAL)
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    if replace_oid is None:
        from pgsnake.catalog import default_privileges
        default_privileges.apply_to_new_object("f", oid)     # ALTER DEFAULT PRIVILEGES
    return oid


def drop_function(oid: int) -> None:
    from pgsnake.access.transam import xact
    row = stored_row(oid)
    if row is not None and row.prokind == "a":     # an aggregate's pg_aggregate row goes too
        catalog_writes.delete_rows("pg_aggregate", lambda agg: agg.aggfnoid == oid)
    catalog_writes.delete_rows("pg_proc", lambda row: row.oid == oid, key=("oid", oid))
    catalog_writes.delete_rows("pg_depend", lambda row: row.classid == PG_PROC and row.objid == oid,
                               key=("objid", oid))
    invalidation.note_catalog_change()
    xact.command_counter_increment()


# ---------------------------------------------------------------------------------------
# Finding user functions (the cache is per backend, dropped with the others)

_by_name: dict[str, list] | None = None
_by_oid: dict[int, object] | None = None


def _reset() -> None:
    global _by_name, _by_oid
    _by_name = _by_oid = None


invalidation.add_cache_reset(_reset, (1255, 2608))     # pg_proc, pg_depend (_load)


def _user_tuple(item) -> bool:
    """Is this raw pg_proc tuple a user function? Its first column, oid, sits at the
    header's end (t_hoff, byte 22), so the check needs no decoding."""
    hoff = item[22]
    return int.from_bytes(item[hoff:hoff + 4], "little") >= d.FIRST_NORMAL_OBJECT_ID


def _load() -> None:
    """Fill the cache. Every user function has pg_depend rows (its schema), found
    through pg_depend's index on classid, so a database without any skips pg_proc's
    ~3000 built-in rows;
    otherwise only the user rows of pg_proc are decoded."""
    global _by_name, _by_oid
    by_name: dict[str, list] = {}
    by_oid: dict[int, object] = {}
    if cc.scan_catalog("pg_depend", key=("classid", PG_PROC)):   # pg_depend_depender_index
        for row in _scan_user_rows():
            by_name.setdefault(row.proname, []).append(row)
            by_oid[row.oid] = row
    _by_name, _by_oid = by_name, by_oid


def _scan_user_rows() -> list:
    from pgsnake.access.heap import heapam
    from pgsnake.access.transam import xact
    from pgsnake.catalog import catalog_locks
    with catalog_locks.reading(d.catalog("pg_proc").oid):
        rel = d.catalog_relation("pg_proc")
        snapshot = xact.get_catalog_snapshot()
        return [ProcRow(*values) for rows in heapam.heap_scan_pages(rel, snapshot,
                                                                        prefilter=_user_tuple)
                for _tid, values in rows]


def _warm_read() -> list:
    """catalog/warm_caches.py: the user pg_proc rows, read by the catalog warmer."""
    _reset()
    _load()
    rows = [tuple(row) for row in _by_oid.values()]
    _reset()
    return rows


def _warm_build(rows: list) -> tuple[dict, dict]:
    by_name: dict[str, list] = {}
    by_oid: dict[int, object] = {}
    for values in rows:
        row = ProcRow(*values)
        by_name.setdefault(row.proname, []).append(row)
        by_oid[row.oid] = row
    return by_name, by_oid


def _warm_install(state: tuple[dict, dict]) -> None:
    global _by_name, _by_oid
    _by_name, _by_oid = state


def functions_named(name: str) -> list:
    """Every user pg_proc row called `name`, in any schema."""
    if _by_name is None:
        _load()
    return list(_by_name.get(name, ()))


def all_user_functions() -> list:
    if _by_oid is None:
        _load()
    return list(_by_oid.values())


def function_row(oid: int):
    if _by_oid is None:
        _load()
    return _by_oid.get(oid)


def stored_row(oid: int):
    """The pg_proc row of user function `oid`: from the cache when it is filled, else
    through pg_proc's oid index without filling it (DROP EXTENSION drops hundreds of
    functions, each drop resetting the cache: refilling it per function read all of
    pg_proc each time)."""
    if _by_oid is not None:
        return _by_oid.get(oid)
    if oid < d.FIRST_NORMAL_OBJECT_ID:
        return None
    return next(iter(cc.scan_catalog("pg_proc", key=("oid", oid))), None)


def input_arg_names(row) -> list[str]:
    """The names of the IN / INOUT / VARIADIC arguments, '' where unnamed."""
    names = row.proargnames or []
    modes = row.proargmodes or ["i"] * row.pronargs
    return [names[i] if i < len(names) else "" for i in _input_indexes(modes, row.prokind)]


def call_arg_names(row) -> list[str]:
    """The names of the arguments a call writes (call_view's), '' where unnamed."""
    if not _has_out_arguments(row):
        return input_arg_names(row)
    names = row.proargnames or []
    return [names[i] if i < len(names) else "" for i in _call_indexes(row)]


def output_columns(row) -> list[tuple[str, int]]:
    """(name, type) of the OUT / INOUT / TABLE arguments (the result's columns)."""
    if row.proargmodes is None:
        return []
    names = row.proargnames or []
    return [(names[i] if i < len(names) and names[i] else f"column{n}", row.proallargtypes[i])
            for n, i in enumerate((i for i, m in enumerate(row.proargmodes)
                                   if m in ("o", "b", "t")), start=1)]


def _register_warm_cache() -> None:
    from pgsnake.catalog import warm_caches
    warm_caches.register("user functions", _warm_read, _warm_build, _warm_install)


_register_warm_cache()
