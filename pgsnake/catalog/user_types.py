"""TypeInfo for user-defined types, built from the catalogs on first use: enums (pg_type
typtype 'e' with their pg_enum rows), domains (typtype 'd'), composite types (typtype
'c': a table's row type or CREATE TYPE ... AS (...), from the relation's live columns)
and the array types of all of them.

The datatypes layer knows the built-in types only; it asks this module (through the
loader installed with registry.set_user_type_loader and user_type_facts.set_loader) for
any other type OID. What it builds is cached until the catalogs change: every catalog
invalidation drops the cache, so ALTER TYPE ... ADD VALUE or DROP DOMAIN take effect at
once in the backend that ran them and at the next transaction in the others.

A domain's TypeInfo is its base type's with the domain's OID and name; its text and
binary input functions check the domain's constraints (domain_in / domain_recv), through
the checker the executor installs (registry.set_domain_checker).

Entry points: load(oid) (installed as the loader), type_display_name(row).

PostgreSQL: utils/cache/typcache.c (lookup_type_cache, load_enum_cache_data,
load_domaintype_info), utils/adt/format_type.c (format_type_extended),
utils/adt/domains.c (domain_in, domain_recv).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import definitions as d
from pgsnake.catalog import invalidation
from pgsnake.catalog import json_populate  # noqa: F401  (json(b)_populate_record(set))
from pgsnake.catalog import type_io_functions  # noqa: F401  (int4in, int4out, float4send, ...)
from pgsnake.catalog import range_types  # noqa: F401  (the range types in the type table)
from pgsnake.catalog import row_type_inheritance  # noqa: F401  (child rows as parent rows)
from pgsnake.datatypes import (arrays, enum, functions, json_catalog_facts, multiranges,
                               range_functions, ranges, record, registry, user_type_facts)
from pgsnake.datatypes.type_info import TypeInfo
from pgsnake.utils import process_state
from pgsnake.utils.errors import PgError


def type_display_name(row) -> str:
    """format_type's spelling: the name, schema-qualified unless the search path finds it."""
    name = cc.quote_identifier(row.typname)
    visible = cc.lookup_type_row(row.typname)
    if visible is not None and visible.oid == row.oid:
        return name
    schema = cc.namespace_name(row.typnamespace) or ""
    return f"{cc.quote_identifier(schema)}.{name}"


def _enum_labels(type_oid: int) -> list[enum.EnumLabel]:
    """The enum type's pg_enum rows as they are now (load_enum_cache_data)."""
    return [enum.EnumLabel(r.oid, r.enumlabel, r.enumsortorder)
            for r in cc.scan_catalog("pg_enum") if r.enumtypid == type_oid]


def _enum_info(row) -> TypeInfo:
    return enum.make_enum_type(row.oid, row.typname, type_display_name(row), row.typarray,
                               _enum_labels(row.oid))


def _domain_info(row) -> TypeInfo:
    base = registry.get_type(row.typbasetype)
    info = TypeInfo(row.oid, row.typname, base.typlen, base.typbyval, base.typalign,
                    base.category, False, row.typarray, 0, type_display_name(row))
    domain_oid = row.oid

    def input_(text: str, typmod: int = -1, _in=base.input):
        value = _in(text, row.typtypmod)
        if row.typtypmod >= 0:
            value = registry.apply_typmod(row.typbasetype, value, row.typtypmod)
        registry.check_domain(domain_oid, value)
        return value

    def receive(data: bytes, typmod: int = -1, _recv=base.receive):
        value = _recv(data, row.typtypmod)
        registry.check_domain(domain_oid, value)
        return value

    info.input, info.receive = input_, receive
    info.output, info.send = base.output, base.send
    info.pack, info.unpack = base.pack, base.unpack
    return info


def _ultimate_base(row) -> tuple[int, int]:
    typmod = row.typtypmod
    while row is not None and row.typtype == "d":
        typmod = row.typtypmod if row.typtypmod >= 0 else typmod
        base = cc.get_type_row(row.typbasetype)
        if base is None or base.typtype != "d":
            return row.typbasetype, typmod
        row = base
    return row.oid, typmod


def load(oid: int) -> TypeInfo | None:
    if oid in _CATALOG_ROW_TYPES:
        return _catalog_row_type(oid)
    if not process_state.database_oid:       # no catalogs to read (tools, unit tests)
        return None
    row = cc.get_type_row(oid)
    if row is None:
        return None
    if row.typtype == "e":
        info = _enum_info(row)
        user_type_facts.record(oid, "E")
    elif row.typtype == "d":
        info = _domain_info(row)
        user_type_facts.record(oid, info.category, _ultimate_base(row))
    elif row.typtype == "c":
        relation = cc.get_relation(row.typrelid)
        attributes = [None if a.is_dropped else (a.type_oid, a.typmod)
                      for a in relation.attributes]
        info = record.make_composite_type(oid, row.typname, type_display_name(row),
                                          row.typarray, attributes, registry.get_type)
        user_type_facts.record(oid, "C")
    elif row.typtype in ("r", "m"):
        return _load_range(row)
    elif row.typtype == "b" and row.typcategory != "A":
        # an extension's base type (contrib/extension_types.py builds it), or one CREATE
        # TYPE made with a built-in type's I/O functions
        info = _base_type_builder(row, type_display_name(row))
        if info is not None:
            user_type_facts.record(oid, row.typcategory, extension_base=True)
        else:
            info = _builtin_io_base_type(row)
            if info is None:
                return None
            user_type_facts.record(oid, row.typcategory)
    elif row.typtype == "p" and not row.typisdefined:
        info = _shell_type(row)
        user_type_facts.record(oid, "P")
    elif row.typtype == "b" and row.typcategory == "A" \
            and user_type_facts.described_by_catalogs(row.typelem):
        element = registry.get_type(row.typelem)
        info = TypeInfo(oid, row.typname, -1, False, row.typalign, "A", False, 0,
                        row.typelem, type_display_name(cc.get_type_row(row.typelem)) + "[]")
        info.input, info.output, info.send, info.receive, info.pack, info.unpack = \
            arrays.make_array_io(element)
        user_type_facts.record(oid, "A", element=row.typelem)
    else:
        return None
    return info


_base_type_builder = lambda row, sql_name: None
_INTERNAL_LANGUAGE = 12
_builtin_by_input: dict[str, int] | None = None


def _builtin_input_types() -> dict[str, int]:
    """A built-in input function's name (int4in, textin, ...) -> its type's OID."""
    global _builtin_by_input
    if _builtin_by_input is None:
        from pgsnake.catalog.generated import pg_proc_rows, pg_type_rows
        names = {row[0]: row[1] for row in pg_proc_rows.ROWS}
        column = pg_type_rows.COLUMNS.index("typinput")
        _builtin_by_input = {names.get(row[column]): row[0] for row in pg_type_rows.ROWS
                             if row[pg_type_rows.COLUMNS.index("typcategory")] != "A"}
    return _builtin_by_input


def _builtin_io_base_type(row) -> TypeInfo | None:
    """A base type whose INPUT is a LANGUAGE internal function running a built-in
    type's input function (CREATE FUNCTION int42_in(cstring) ... AS 'int4in'): its
    values are that type's, read, printed and stored by its routines, when the
    declared length agrees; binary I/O only with a RECEIVE / SEND."""
    from pgsnake.catalog import lookup_functions
    proc = lookup_functions.proc_row(row.typinput)
    if proc is None or proc.prolang != _INTERNAL_LANGUAGE:
        return None
    builtin = _builtin_input_types().get(proc.prosrc)
    if builtin is None:
        return None
    base = registry.get_type(builtin)
    if base.typlen != row.typlen:
        return None
    name = type_display_name(row)
    info = TypeInfo(row.oid, row.typname, row.typlen, row.typbyval, row.typalign,
                    row.typcategory, row.typispreferred, row.typarray, 0, name)

    def no_binary(*_args):
        raise PgError("42883", f"no binary output function available for type {name}")

    def no_binary_input(*_args):
        raise PgError("42883", f"no binary input function available for type {name}")
    info.input, info.output, info.pack, info.unpack = \
        base.input, base.output, base.pack, base.unpack
    # a RECEIVE / SEND (LANGUAGE internal, naming the built-in type's) gives binary I/O
    info.send = base.send if row.typsend else no_binary
    info.receive = base.receive if row.typreceive else no_binary_input
    return info


def _shell_type(row) -> TypeInfo:
    """A shell type (CREATE TYPE name;): functions may name it; it has no values."""
    name = type_display_name(row)
    info = TypeInfo(row.oid, row.typname, row.typlen, row.typbyval, row.typalign, "P",
                    False, 0, 0, name)

    def only_shell(*_args):
        raise PgError("42704", f'type "{name}" is only a shell')
    info.input = info.output = info.send = info.receive = only_shell
    return info


def set_base_type_builder(builder) -> None:
    """builder(pg_type row, display name) -> TypeInfo | None: base types made by an
    extension (CREATE EXTENSION citext), whose I/O is Python the contrib layer holds."""
    global _base_type_builder
    _base_type_builder = builder


def _load_range(row) -> TypeInfo | None:
    """A user-defined range type and its multirange (CREATE TYPE ... AS RANGE), built
    together; returns the one asked for."""
    key = "rngtypid" if row.typtype == "r" else "rngmultitypid"
    found = next((r for r in cc.scan_catalog("pg_range") if getattr(r, key) == row.oid), None)
    if found is None:
        return None
    range_row, multi_row = cc.get_type_row(found.rngtypid), cc.get_type_row(found.rngmultitypid)
    subtype = registry.get_type(found.rngsubtype)
    info, kind = ranges.make_range_type(range_row.oid, range_row.typname,
                                        type_display_name(range_row), range_row.typarray,
                                        subtype)
    multi = multiranges.make_multirange_type(multi_row.oid, multi_row.typname,
                                             type_display_name(multi_row), multi_row.typarray,
                                             kind)
    range_functions.register_range(info.oid, kind, multi.oid)
    for built in (info, multi):
        user_type_facts.record(built.oid, "R")
        if built.oid != row.oid:
            registry.remember_user_type(built)
    return info if row.typtype == "r" else multi


def _load_facts(oid: int) -> None:
    if process_state.database_oid and cc.get_type_row(oid) is not None:
        try:
            registry.get_type(oid)
        except PgError:          # not a type this module builds: no facts to record
            pass


def _forget() -> None:
    registry.forget_user_types()
    range_functions.forget_user_ranges()
    user_type_facts.clear()
    enum.forget_all()



def lookup(names: list[str]) -> TypeInfo | None:
    """The type a (possibly schema-qualified) name denotes, through the catalogs; None if
    there is none. 3F000 for a schema that does not exist."""
    if len(names) >= 2:
        namespace = cc.get_namespace_oid(names[-2])
        if namespace is None:
            raise PgError("3F000", f'schema "{names[-2]}" does not exist')
        row = cc.lookup_type_row(names[-1], namespace)
    else:
        row = cc.lookup_type_row(names[-1])
    if row is None:
        return None
    try:
        return registry.get_type(row.oid)
    except PgError:
        return None


def _display_name(oid: int) -> str | None:
    row = cc.get_type_row(oid) if process_state.database_oid else None
    return None if row is None else type_display_name(row)


def _catalog_row_types() -> dict[int, tuple[str, int, int, int]]:
    """The system catalogs' row types and their arrays (pg_class 83 / _pg_class 273,
    pg_statistic 10029 / _pg_statistic 10028, ...): OIDs below FirstUnpinnedObjectId that
    genbki gives every catalog. {oid: (typname, typrelid, typelem, typarray)} from the
    generated pg_type rows."""
    from pgsnake.catalog.generated import pg_type_rows
    column = {name: i for i, name in enumerate(pg_type_rows.COLUMNS)}
    rows = {row[column["oid"]]: row for row in pg_type_rows.ROWS}
    found = {}
    for oid, row in rows.items():
        if row[column["typtype"]] == "c" and oid < user_type_facts.FIRST_CATALOG_TYPE_OID \
                and d.catalog_by_oid(row[column["typrelid"]]) is not None:
            array = row[column["typarray"]]
            found[oid] = (row[column["typname"]], row[column["typrelid"]], 0, array)
            if array in rows:
                found[array] = (rows[array][column["typname"]], 0, oid, 0)
    return found


_CATALOG_ROW_TYPES = _catalog_row_types()


def _catalog_row_type(oid: int) -> TypeInfo:
    """A catalog's row type (or its array) from the catalog's fixed column list, so that
    it is known before any database is (catalog tuple descriptors need _pg_statistic
    for pg_statistic_ext_data.stxdexpr)."""
    name, relid, element, array = _CATALOG_ROW_TYPES[oid]
    if element:
        element_info = registry.get_type(element)
        info = TypeInfo(oid, name, -1, False, "d", "A", False, 0, element,
                        element_info.sql_name + "[]")
        info.input, info.output, info.send, info.receive, info.pack, info.unpack = \
            arrays.make_array_io(element_info)
        user_type_facts.record(oid, "A", element=element)
        return info
    columns = d.catalog_by_oid(relid).columns
    info = record.make_composite_type(oid, name, cc.quote_identifier(name), array,
                                      [(c.type_oid, c.typmod) for c in columns],
                                      registry.get_type)
    user_type_facts.record(oid, "C")
    return info


user_type_facts.set_catalog_row_types(_CATALOG_ROW_TYPES)
registry.set_user_type_loader(load, _display_name)
user_type_facts.set_loader(_load_facts)
invalidation.add_cache_reset(_forget)
enum.set_label_loader(_enum_labels)


def _field_names(oid: int) -> list[str] | None:
    row = cc.get_type_row(oid) if process_state.database_oid else None
    if row is None or row.typtype != "c" or not row.typrelid:
        return None
    return [a.name for a in cc.get_relation(row.typrelid).attributes if not a.is_dropped]


def _row_to_json(arg_types: list[int]):
    """row_to_json(record [, pretty]) of a composite type or an anonymous row."""
    from pgsnake.datatypes import json_functions, type_coercion
    if not 1 <= len(arg_types) <= 2 or arg_types[1:] not in ([], [16]):
        return None
    typ = arg_types[0]
    if typ != RECORD and type_coercion.category(typ) != "C":
        return None

    def row_to_json(value, pretty=False, _typ=typ):
        names = _field_names(_typ) if _typ != RECORD else None
        if names is None and len(getattr(value, "names", ())) == len(value.values):
            names = list(value.names)       # a FROM item's whole row: its column names
        if names is None:
            names = json_functions.record_field_names(value)
        return json_functions.record_to_json_object(value, names, bool(pretty))
    oid = _JSON_OIDS.get(len(arg_types), 0)
    return functions.Function(oid, "row_to_json", tuple(arg_types), 114, row_to_json,
                              volatility="s")


RECORD = 2249
# row_to_json(record) and row_to_json(record, boolean), from the generated facts
_JSON_OIDS = {len(row[2]): row[0] for row in json_catalog_facts.PROCS
              if row[1] == "row_to_json"}


def _anyenum_oids() -> dict[str, int]:
    """The pg_operator and pg_proc OIDs of PostgreSQL's anyenum operators, functions and
    aggregates, read from the generated catalog rows."""
    from pgsnake.catalog.generated import pg_operator_rows, pg_proc_rows
    oids: dict[str, int] = {}
    columns = pg_operator_rows.COLUMNS
    name, left = columns.index("oprname"), columns.index("oprleft")
    for row in pg_operator_rows.ROWS:
        if row[left] == enum.ANYENUM:
            oids[row[name]] = row[0]
    columns = pg_proc_rows.COLUMNS
    name, args = columns.index("proname"), columns.index("proargtypes")
    for row in pg_proc_rows.ROWS:
        arg_types = list(row[args] or ())
        if arg_types and arg_types[0] == enum.ANYENUM:
            key = row[name] + (f"/{len(arg_types)}" if row[name] == "enum_range" else "")
            oids[key] = row[0]
    return oids


def _install_enum_support() -> None:
    from pgsnake.datatypes import aggregates, operators
    enum.install(operators, functions, aggregates, user_type_facts.category, _anyenum_oids())


_install_enum_support()
registry.set_composite_field_names(_field_names)
functions.register_resolver("row_to_json", _row_to_json)
