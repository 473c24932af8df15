"""Name lookups and search_path visibility from SQL: to_regclass, to_regtype, to_regproc,
to_regprocedure, to_regoper, to_regoperator, to_regnamespace, to_regrole (and the text
I/O of regproc,
regprocedure, regnamespace and regrole),
pg_table_is_visible, pg_type_is_visible, pg_function_is_visible, current_schemas.

Drivers and psql call these to find objects without risking an error: the to_reg*
functions return NULL where a cast to regclass / regtype / regproc would raise
(no such object, or for regproc more than one function of the name), but a malformed
name is still an error. An object is visible when its schema is on the effective
search_path (pg_catalog first unless listed) and no schema before it holds an object of
the same name (for functions: of the same name and argument types). A nonexistent OID
gives NULL.

Entry point: register_all() (from sql_functions.register_all).

PostgreSQL: utils/adt/regproc.c (to_regclass, to_regtype, to_regproc),
catalog/namespace.c (RelationIsVisible, TypeIsVisible, FunctionIsVisible,
fetch_search_path), utils/adt/name.c (current_schemas).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import definitions as d
from pgsnake.catalog import invalidation
from pgsnake.utils.errors import PgError

TEXT, BOOL, OID, REGPROC, REGCLASS, REGTYPE, NAME_ARRAY = 25, 16, 26, 24, 2205, 2206, 1003


class _ProcIndex:
    """pg_proc's rows by OID and by name, each looked up when first asked for (through
    pg_proc_oid_index / pg_proc_proname_args_nsp_index, as PostgreSQL's PROCOID and
    PROCNAMEARGSNSP syscaches) and kept until pg_proc changes: regproc output runs once
    per row of a result, and decoding pg_proc's ~3000 rows at a backend's first use
    cost more than all its keyed lookups."""
    by_oid: dict = {}
    by_name: dict = {}


def _reset_proc_index() -> None:
    _ProcIndex.by_oid = {}
    _ProcIndex.by_name = {}


invalidation.add_cache_reset(_reset_proc_index, (1255,))  # pg_proc


def proc_row(oid: int):
    """The pg_proc row of `oid`, or None."""
    try:
        return _ProcIndex.by_oid[oid]
    except KeyError:
        pass
    rows = cc.scan_catalog("pg_proc", key=("oid", oid))
    row = _ProcIndex.by_oid[oid] = rows[0] if rows else None
    return row


def procs_named(name: str) -> list:
    """Every pg_proc row called `name`, in any schema."""
    rows = _ProcIndex.by_name.get(name)
    if rows is None:
        rows = _ProcIndex.by_name[name] = cc.scan_catalog("pg_proc", key=("proname", name))
        for row in rows:
            _ProcIndex.by_oid.setdefault(row.oid, row)
    return rows


def _quietly(lookup, text: str):
    """lookup(text), with 'does not exist' (and ambiguity) turned into NULL."""
    try:
        return lookup(text)
    except PgError as error:
        if error.sqlstate in ("42P01", "42704", "42883", "3F000", "42725"):
            return None
        raise


def to_regclass(text: str):
    from pgsnake.catalog.sql_functions import regclass_input
    return _quietly(regclass_input, text)


def to_regtype(text: str):
    from pgsnake.catalog.sql_functions import regtype_input
    return _quietly(regtype_input, text)


def _procs_named(name: str, namespace_oid: int | None) -> list:
    spaces = [namespace_oid] if namespace_oid is not None else cc.function_search_path()
    rows = procs_named(name)
    for nsp in spaces:
        found = [r for r in rows if r.pronamespace == nsp]
        if found:
            return found
    return []


def regproc_input(text: str, typmod: int = -1) -> int:
    """regprocin: a function name, unique among functions of that name on the path."""
    from pgsnake.catalog.sql_functions import _split_qualified_name, reg_input_oid
    oid = reg_input_oid(text)
    if oid is not None:
        return oid
    parts = _split_qualified_name(text.strip())
    namespace = None
    if len(parts) == 2:
        namespace = cc.get_namespace_oid(parts[0])
        if namespace is None:
            raise PgError("3F000", f'schema "{parts[0]}" does not exist')
    elif len(parts) > 2:
        raise PgError("42601", f"improper qualified name (too many dotted names): {text}")
    found = _procs_named(parts[-1], namespace)
    if not found:
        raise PgError("42883", f'function "{text}" does not exist')
    if len(found) > 1:
        raise PgError("42725", f'more than one function named "{text}"')
    return found[0].oid


def regproc_output(oid: int) -> str:
    """regprocout: the name, schema-qualified when another function of that name would
    be found first; the OID when there is no such function."""
    if oid == 0:
        return "-"
    row = proc_row(oid)
    if row is None:
        return str(oid)
    found = _procs_named(row.proname, None)
    if len(found) == 1 and found[0].oid == oid:
        return cc.quote_identifier(row.proname)
    return f"{cc.quote_identifier(cc.namespace_name(row.pronamespace))}." \
           f"{cc.quote_identifier(row.proname)}"


def to_regproc(text: str):
    return _quietly(regproc_input, text)


def function_with_args(names: list[str], arg_types: list[int]) -> int | None:
    """The OID of the function called `names` (maybe schema-qualified) whose input
    types are exactly `arg_types`, the first along search_path (LookupFuncName), or
    None."""
    namespace = cc.get_namespace_oid(names[-2]) if len(names) > 1 else None
    if namespace is not None:            # LookupExplicitNamespace: USAGE on the schema
        from pgsnake.catalog import object_permissions
        object_permissions.check_namespace_usage(namespace)
    spaces = [namespace] if namespace is not None else cc.function_search_path()
    rows = [r for r in procs_named(names[-1]) if list(r.proargtypes) == arg_types]
    for nsp in spaces:
        for row in rows:
            if row.pronamespace == nsp:
                return row.oid
    return None


def with_out_arguments(found: int | None, rows: list, objtype: str, spec: dict,
                       types: list[int], shown_name: str) -> int | None:
    """LookupFuncWithArgs' second lookup: DROP / ALTER / COMMENT ON PROCEDURE or ROUTINE
    whose argument list marks no parameter modes may list every argument, OUT ones
    too (SQL-standard); `found` is the routine the input types chose, `rows` the
    candidates named so (search path order), `types` the types written. A different
    routine found both ways: 42725."""
    if objtype not in ("OBJECT_PROCEDURE", "OBJECT_ROUTINE"):
        return found
    if any(p["FunctionParameter"].get("mode", "FUNC_PARAM_DEFAULT") != "FUNC_PARAM_DEFAULT"
           for p in spec.get("objfuncargs") or ()):
        return found
    by_all = next((r.oid for r in rows if (objtype == "OBJECT_ROUTINE" or r.prokind == "p")
                   and list(r.proallargtypes if r.proallargtypes is not None
                            else r.proargtypes) == list(types)), None)
    if by_all is None or found == by_all:
        return found if by_all is None else by_all
    if found is None:
        return by_all
    noun = "procedure" if objtype == "OBJECT_PROCEDURE" else "routine"
    raise PgError("42725", f'{noun} name "{shown_name}" is not unique')


def routines_named_alone(rows: list, objtype: str) -> list:
    """LookupFuncWithArgs without an argument list: of `rows` (routines of the name, in
    search path order), those not hidden by one of the same argument types earlier in
    the path, of the kind `objtype` asks for (FUNCTION and AGGREGATE: not procedures;
    PROCEDURE: procedures only); the caller wants exactly one."""
    seen, out = set(), []
    for row in rows:
        key = tuple(row.proargtypes)
        if key in seen:
            continue
        seen.add(key)
        if objtype == "OBJECT_PROCEDURE" and row.prokind != "p":
            continue
        if objtype in ("OBJECT_FUNCTION", "OBJECT_AGGREGATE") and row.prokind == "p":
            continue
        out.append(row)
    return out


def routines_named(names: list[str]) -> list:
    """The pg_proc rows called `names` (maybe schema-qualified), in search path order."""
    namespace = cc.get_namespace_oid(names[-2]) if len(names) > 1 else None
    spaces = [namespace] if namespace is not None else cc.function_search_path()
    rows = [r for r in procs_named(names[-1]) if r.pronamespace in spaces]
    return sorted(rows, key=lambda r: spaces.index(r.pronamespace))


def regprocedure_input(text: str, typmod: int = -1) -> int:
    """regprocedurein: 'name(type, ...)', exactly one function."""
    from pgsnake.catalog.sql_functions import _split_qualified_name, reg_input_oid, regtype_input
    oid = reg_input_oid(text)
    if oid is not None:
        return oid
    name, _, rest = text.strip().partition("(")
    if not rest.rstrip().endswith(")"):
        raise PgError("22P02", "expected a left parenthesis")
    inside = rest.rstrip()[:-1].strip()
    arg_types = [regtype_input(t.strip()) for t in inside.split(",")] if inside else []
    names = _split_qualified_name(name.strip())
    if len(names) > 1 and cc.get_namespace_oid(names[0]) is None:
        raise PgError("3F000", f'schema "{names[0]}" does not exist')
    oid = function_with_args(names, arg_types)
    if oid is None:
        raise PgError("42883", f'function "{text.strip()}" does not exist')
    return oid


def regprocedure_output(oid: int) -> str:
    """regprocedureout: name(argument types), schema-qualified when not visible."""
    if oid == 0:
        return "-"
    row = proc_row(oid)
    if row is None:
        return str(oid)
    name = cc.quote_identifier(row.proname)
    if not function_is_visible(oid):
        name = f"{cc.quote_identifier(cc.namespace_name(row.pronamespace))}.{name}"
    return f"{name}({','.join(_type_text(t) for t in row.proargtypes)})"


# pg_operator's rows by oid and by name, built at first use, dropped at invalidation
_operator_index: dict[str, dict] = {}
invalidation.add_cache_reset(_operator_index.clear, (2617,))  # pg_operator


def _operators() -> dict[str, dict]:
    if not _operator_index:
        by_oid, by_name = {}, {}
        for row in cc.scan_catalog("pg_operator"):
            by_oid[row.oid] = row
            by_name.setdefault(row.oprname, []).append(row)
        _operator_index.update(by_oid=by_oid, by_name=by_name)
    return _operator_index


def operator_row(oid: int):
    """The pg_operator row of `oid`, or None."""
    return _operators()["by_oid"].get(oid)


def _operators_named(names: list[str], schema_must_exist: bool = False) -> list:
    """pg_operator rows called names[-1], in names[0]'s schema or on the search path
    (the first schema of the path that has any). A missing schema finds none, or is
    3F000 when schema_must_exist (regoperin; regoperatorin says the operator does not
    exist)."""
    rows = _operators()["by_name"].get(names[-1], [])
    if len(names) > 1:
        namespace = cc.get_namespace_oid(names[0])
        if namespace is None and schema_must_exist:
            raise PgError("3F000", f'schema "{names[0]}" does not exist')
        return [r for r in rows if r.oprnamespace == namespace]
    path = cc.function_search_path()       # never the temporary schema
    return sorted((r for r in rows if r.oprnamespace in path),
                  key=lambda r: path.index(r.oprnamespace))


def _operator_text(row, qualify: bool) -> str:
    name = row.oprname
    if qualify:
        name = f"{cc.quote_identifier(cc.namespace_name(row.oprnamespace))}.{name}"
    left = "NONE" if not row.oprleft else _type_text(row.oprleft)
    return f"{name}({left},{_type_text(row.oprright)})"


def _type_text(type_oid: int) -> str:
    """An argument type as regprocedure / regoperator print it (format_type_be: no
    typmod, so bpchar is "character")."""
    from pgsnake.catalog.sql_functions import format_type
    return format_type(type_oid, None)


def regoper_input(text: str, typmod: int = -1) -> int:
    """regoperin: an operator name that names exactly one operator."""
    from pgsnake.catalog.sql_functions import _split_qualified_name, reg_input_oid
    oid = reg_input_oid(text)
    if oid is not None:
        return oid
    rows = _operators_named(_split_qualified_name(text.strip()), schema_must_exist=True)
    if not rows:
        raise PgError("42883", f"operator does not exist: {text.strip()}")
    if len(rows) > 1:
        raise PgError("42725", f"more than one operator named {text.strip()}")
    return rows[0].oid


def regoper_output(oid: int) -> str:
    """regoperout: the bare name when it names only this operator, else qualified."""
    if oid == 0:
        return "0"
    row = operator_row(oid)
    if row is None:
        return str(oid)
    if [r.oid for r in _operators_named([row.oprname])] == [oid]:
        return row.oprname
    return f"{cc.quote_identifier(cc.namespace_name(row.oprnamespace))}.{row.oprname}"


def regoperator_input(text: str, typmod: int = -1) -> int:
    """regoperatorin: 'name(left type, right type)', NONE for a prefix operator's left."""
    from pgsnake.catalog.sql_functions import _split_qualified_name, reg_input_oid, regtype_input
    oid = reg_input_oid(text)
    if oid is not None:
        return oid
    name, _, rest = text.strip().partition("(")
    if not rest.rstrip().endswith(")"):
        raise PgError("22P02", "expected a left parenthesis")
    arguments = [a.strip() for a in rest.rstrip()[:-1].split(",")]
    if len(arguments) == 1:
        raise PgError("42P02", "missing argument",
                      hint="Use NONE to denote the missing argument of a unary operator.")
    if len(arguments) != 2:
        raise PgError("42601", "too many arguments",
                      hint="Provide two argument types for operator.")
    left = 0 if arguments[0].upper() == "NONE" else regtype_input(arguments[0])
    right = regtype_input(arguments[1])
    for row in _operators_named(_split_qualified_name(name.strip())):
        if row.oprleft == left and row.oprright == right:
            return row.oid
    raise PgError("42883", f"operator does not exist: {text.strip()}")


def regoperator_output(oid: int) -> str:
    """regoperatorout: name(left,right), qualified when not visible."""
    if oid == 0:
        return "0"
    row = operator_row(oid)
    if row is None:
        return str(oid)
    return _operator_text(row, not object_is_visible("pg_operator", oid))


def regnamespace_input(text: str, typmod: int = -1) -> int:
    from pgsnake.catalog.sql_functions import _split_qualified_name, reg_input_oid
    oid = reg_input_oid(text)
    if oid is not None:
        return oid
    parts = _split_qualified_name(text.strip())
    if len(parts) != 1:
        raise PgError("42602", "invalid name syntax")
    found = cc.get_namespace_oid(parts[0])
    if found is None:
        raise PgError("3F000", f'schema "{parts[0]}" does not exist')
    return found


def regnamespace_output(oid: int) -> str:
    if oid == 0:
        return "-"
    name = cc.namespace_name(oid)
    return str(oid) if name is None else cc.quote_identifier(name)


def regrole_input(text: str, typmod: int = -1) -> int:
    from pgsnake.catalog.sql_functions import _split_qualified_name, reg_input_oid
    oid = reg_input_oid(text)
    if oid is not None:
        return oid
    parts = _split_qualified_name(text.strip())
    if len(parts) != 1:
        raise PgError("42602", "invalid name syntax")
    row = cc.lookup_role(parts[0])
    if row is None:
        raise PgError("42704", f'role "{parts[0]}" does not exist')
    return row.oid


def regrole_output(oid: int) -> str:
    if oid == 0:
        return "-"
    name = cc.role_name(oid)
    return str(oid) if name is None else cc.quote_identifier(name)


def _collation_oid(parts: list[str], text: str) -> int | None:
    """get_collation_oid: [schema.]name among the collations for UTF8 or any encoding,
    on the search path when unqualified; None when it (or its schema) does not exist."""
    if len(parts) > 2:
        raise PgError("42601", f"improper qualified name (too many dotted names): {text}")
    if len(parts) == 2:
        namespace = cc.get_namespace_oid(parts[0])
        if namespace is None:
            return None
        spaces = [namespace]
    else:
        spaces = _effective_path()
    rows = [r for r in cc.scan_catalog("pg_collation")
            if r.collname == parts[-1] and r.collencoding in (-1, 6)]
    for space in spaces:
        for row in rows:
            if row.collnamespace == space:
                return row.oid
    return None


def regcollation_input(text: str, typmod: int = -1) -> int:
    from pgsnake.catalog.sql_functions import _split_qualified_name, reg_input_oid
    oid = reg_input_oid(text)
    if oid is not None:
        return oid
    parts = _split_qualified_name(text.strip())
    if len(parts) == 2 and cc.get_namespace_oid(parts[0]) is None:
        raise PgError("3F000", f'schema "{parts[0]}" does not exist')
    found = _collation_oid(parts, text)
    if found is None:
        raise PgError("42704", f'collation "{".".join(parts)}" for encoding "UTF8" does '
                               'not exist')
    return found


def regcollation_output(oid: int) -> str:
    """regcollationout: the name, schema-qualified unless the search path finds it."""
    if oid == 0:
        return "-"
    row = next((r for r in cc.scan_catalog("pg_collation") if r.oid == oid), None)
    if row is None:
        return str(oid)
    name = cc.quote_identifier(row.collname)
    if object_is_visible("pg_collation", oid):
        return name
    return f"{cc.quote_identifier(cc.namespace_name(row.collnamespace) or '')}.{name}"


def to_regcollation(text: str):
    """NULL when the collation or its schema does not exist; 42601 for too many dots."""
    from pgsnake.catalog.sql_functions import _split_qualified_name
    return _collation_oid(_split_qualified_name(text.strip()), text)


def _effective_path() -> list[int]:
    return [n for n in cc.search_path_namespaces() if n is not None]


def table_is_visible(oid: int):
    row = cc.class_row(oid)
    if row is None:
        return None
    for nsp in _effective_path():
        if nsp == row.relnamespace:
            return True
        if cc.relation_oid_in(nsp, row.relname) is not None:
            return False
    return False


def type_is_visible(oid: int):
    row = cc.get_type_row(oid)
    if row is None:
        return None
    found = cc.lookup_type_row(row.typname)
    return found is not None and found.oid == oid


def function_is_visible(oid: int):
    row = proc_row(oid)
    if row is None:
        return None
    same = [r for r in procs_named(row.proname)
            if list(r.proargtypes) == list(row.proargtypes)]
    for nsp in cc.function_search_path():
        here = [r for r in same if r.pronamespace == nsp]
        if here:
            return any(r.oid == oid for r in here)
    return False


# Catalogs whose objects are found by (schema-qualified) name and a key, and so are
# "visible" as PostgreSQL's *IsVisible functions define it: catalog -> (name column,
# schema column, the other columns that tell two same-named objects apart).
_NAMED_OBJECTS = {
    "pg_operator": ("oprname", "oprnamespace", ("oprleft", "oprright")),
    "pg_opclass": ("opcname", "opcnamespace", ("opcmethod",)),
    "pg_opfamily": ("opfname", "opfnamespace", ("opfmethod",)),
    "pg_collation": ("collname", "collnamespace", ("collencoding",)),
    "pg_conversion": ("conname", "connamespace", ()),
    "pg_statistic_ext": ("stxname", "stxnamespace", ()),
    "pg_ts_parser": ("prsname", "prsnamespace", ()),
    "pg_ts_dict": ("dictname", "dictnamespace", ()),
    "pg_ts_template": ("tmplname", "tmplnamespace", ()),
    "pg_ts_config": ("cfgname", "cfgnamespace", ()),
}


# catalog -> ({oid: key}, {key: {schema oid: oid}}), built at first use, dropped at
# catalog invalidation (psql asks for every operator's visibility in one query)
_named_object_index: dict[str, tuple[dict, dict]] = {}
invalidation.add_cache_reset(_named_object_index.clear,
                             tuple(d.catalog(name).oid for name in _NAMED_OBJECTS))


def _named_objects(catalog: str) -> tuple[dict, dict]:
    index = _named_object_index.get(catalog)
    if index is None:
        name_column, schema_column, key_columns = _NAMED_OBJECTS[catalog]
        keys, namesakes = {}, {}
        for r in cc.scan_catalog(catalog):
            key = (getattr(r, name_column), *(getattr(r, c) for c in key_columns))
            keys[r.oid] = key
            namesakes.setdefault(key, {})[getattr(r, schema_column)] = r.oid
        index = _named_object_index[catalog] = (keys, namesakes)
    return index


def object_is_visible(catalog: str, oid: int):
    """Is the object found by its unqualified name (and key) through search_path, that
    is, is no same-named object in a schema earlier in the path? NULL for no object."""
    keys, by_key = _named_objects(catalog)
    if oid not in keys:
        return None
    namesakes = by_key[keys[oid]]
    # (a collation for "any encoding", -1, competes with the database's one; PostgreSQL
    # looks for both, and so does this: pgsnake's databases are all UTF8)
    for nsp in _effective_path():
        if nsp in namesakes:
            return namesakes[nsp] == oid
    return False


def current_schemas(include_implicit: bool) -> list[str]:
    """The schemas of the effective search_path, existing ones only; with
    include_implicit, the implicitly searched pg_catalog (and temporary schema) too."""
    names = []
    explicit = cc._split_search_path(cc._search_path_setting())
    if "pg_temp" in explicit:         # the alias names this backend's temporary schema
        explicit.append(cc.namespace_name(cc.get_namespace_oid("pg_temp") or 0))
    for nsp in _effective_path():
        name = cc.namespace_name(nsp)
        if name is None:
            continue
        if not include_implicit and name not in explicit:
            continue
        names.append(name)
    return names


def register_all() -> None:
    from pgsnake.datatypes import functions, registry
    registry.override_io(REGPROC, regproc_input, regproc_output)
    registry.override_io(2202, regprocedure_input, regprocedure_output)
    registry.override_io(2203, regoper_input, regoper_output)
    registry.override_io(2204, regoperator_input, regoperator_output)
    registry.override_io(4089, regnamespace_input, regnamespace_output)
    registry.override_io(4096, regrole_input, regrole_output)
    registry.override_io(4191, regcollation_input, regcollation_output)
    functions.register("to_regcollation", [TEXT], 4191, to_regcollation, oid=4195,
                       volatility="s")
    functions.register("to_regnamespace", [TEXT], 4089,
                       lambda text: _quietly(regnamespace_input, text), oid=4086,
                       volatility="s")
    functions.register("to_regrole", [TEXT], 4096, lambda text: _quietly(regrole_input, text),
                       oid=4093, volatility="s")
    functions.register("to_regprocedure", [TEXT], 2202,
                       lambda text: _quietly(regprocedure_input, text), oid=3479,
                       volatility="s")
    functions.register("to_regoper", [TEXT], 2203, lambda text: _quietly(regoper_input, text),
                       oid=3492, volatility="s")
    functions.register("to_regoperator", [TEXT], 2204,
                       lambda text: _quietly(regoperator_input, text), oid=3476,
                       volatility="s")
    functions.register("to_regclass", [TEXT], REGCLASS, to_regclass, oid=3495, volatility="s")
    functions.register("to_regtype", [TEXT], REGTYPE, to_regtype, oid=3493, volatility="s")
    functions.register("to_regproc", [TEXT], REGPROC, to_regproc, oid=3494, volatility="s")
    functions.register("pg_table_is_visible", [OID], BOOL, table_is_visible, oid=2079,
                       volatility="s")
    functions.register("pg_type_is_visible", [OID], BOOL, type_is_visible, oid=2080,
                       volatility="s")
    functions.register("pg_function_is_visible", [OID], BOOL, function_is_visible, oid=2081,
                       volatility="s")
    functions.register("current_schemas", [BOOL], NAME_ARRAY, current_schemas, oid=1403,
                       volatility="s")
    for function_oid, name, catalog in (
            (2082, "pg_operator_is_visible", "pg_operator"),
            (2083, "pg_opclass_is_visible", "pg_opclass"),
            (3829, "pg_opfamily_is_visible", "pg_opfamily"),
            (3815, "pg_collation_is_visible", "pg_collation"),
            (2093, "pg_conversion_is_visible", "pg_conversion"),
            (3403, "pg_statistics_obj_is_visible", "pg_statistic_ext"),
            (3756, "pg_ts_parser_is_visible", "pg_ts_parser"),
            (3757, "pg_ts_dict_is_visible", "pg_ts_dict"),
            (3768, "pg_ts_template_is_visible", "pg_ts_template"),
            (3758, "pg_ts_config_is_visible", "pg_ts_config")):
        functions.register(name, [OID], BOOL,
                           lambda oid, catalog=catalog: object_is_visible(catalog, oid),
                           oid=function_oid, volatility="s")
