"""tablefunc: functions that return whole tables, as PostgreSQL 15's extension (1.0).

    normal_rand(n, mean, stddev)         n normally distributed float8 values
    crosstab(source_sql [, int])         a pivot: one row per run of source rows with
                                         the same row name, their values left to right
    crosstab(source_sql, category_sql)   a pivot by category: each value in its
                                         category's column, extra source columns kept
    crosstab2 / crosstab3 / crosstab4    crosstab(text) as tablefunc_crosstab_N rows
    connectby(rel, key, parent_key, [orderby,] start_with, max_depth [, delimiter])
                                         a tree walked depth first from start_with:
                                         key, parent key, level, [branch], [serial]

crosstab returns `record`: the call's column definition list shapes each row, so a
call yields CrosstabRow objects and the function scan asks each for its values with
the declared columns (values_for, as json_to_record's rows). The checks that need
those columns (the source's three columns, the row name's and the values' types, the
column count) are made when the first row is shaped: a source query with no rows
gives no rows and no error, as in PostgreSQL. crosstab(text) passes values as they
are (their types must equal the declared ones); crosstab(text, text) builds each row
from the values' text through the declared types' input functions, as PostgreSQL's
BuildTupleFromCStrings does. Row names are compared as text (NULL equal to NULL),
categories likewise.

connectby checks the column definition list's shape when its first row (the start
row, made before any query) is shaped, the key column's type against the table's at
the first query with rows; keys, parents and branches travel as text, as PostgreSQL's.

PostgreSQL: contrib/tablefunc/tablefunc.c (normal_rand, crosstab, crosstab_hash,
load_categories_hash, get_crosstab_tuplestore, compatCrosstabTupleDescs, connectby,
build_tuplestore_recursively, validateConnectbyTupleDesc, compatConnectbyTupleDescs),
tablefunc--1.0.sql.
"""
from __future__ import annotations

import random

from pgsnake.contrib import extensions
from pgsnake.datatypes import functions, query_runner, registry
from pgsnake.utils.errors import PgError

EXTENSION = "tablefunc"
_TEXT, _INT4, _FLOAT8, _RECORD = 25, 23, 701, 2249
SYNTAX_ERROR, DATATYPE_MISMATCH, INVALID_PARAMETER = "42601", "42804", "22023"
DUPLICATE_OBJECT = "42710"


def normal_rand(count: int, mean: float, stddev: float):
    if count < 0:
        raise PgError(INVALID_PARAMETER, "number of rows cannot be negative")
    for _ in range(count):
        yield mean + stddev * random.gauss(0.0, 1.0)


def _text(value, type_oid: int) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else registry.get_type(type_oid).output(value)


class CrosstabRow:
    """One output row of a crosstab, shaped by the column definition list."""
    __slots__ = ("shape",)

    def __init__(self, shape) -> None:
        self.shape = shape

    def values_for(self, columns) -> list:
        return self.shape(columns)


def _incompatible() -> PgError:
    return PgError(SYNTAX_ERROR, "return and sql tuple descriptions are incompatible")


def crosstab(source_sql: str, _num_values: int | None = None):
    """crosstab(text) / crosstab(text, int): runs of equal row names, values in order."""
    columns, rows = query_runner.run_select(source_sql)
    if not rows:
        return
    if len(columns) != 3:
        raise PgError(INVALID_PARAMETER, "invalid source data SQL statement",
                      detail="The provided SQL must return 3 columns: rowid, category, "
                             "and values.")
    checked = []

    def check(declared) -> None:
        if checked:
            return
        if len(declared) < 2:
            raise _incompatible()
        if declared[0][1] != columns[0][1]:
            raise PgError(DATATYPE_MISMATCH, "invalid return type",
                          detail="SQL rowid datatype does not match return rowid datatype.")
        if any(type_oid != columns[2][1] for _name, type_oid, _typmod in declared[1:]):
            raise _incompatible()
        checked.append(True)

    def shaped(row_value, values):
        def shape(declared) -> list:
            check(declared)
            width = len(declared) - 1
            return [row_value] + (values[:width] + [None] * width)[:width]
        return CrosstabRow(shape)

    group_name, group_value, values = None, None, None
    for row in rows:
        name = _text(row[0], columns[0][1])
        if values is not None and name == group_name:
            values.append(row[2])
            continue
        if values is not None:
            yield shaped(group_value, values)
        group_name, group_value, values = name, row[0], [row[2]]
    if values is not None:
        yield shaped(group_value, values)


def _categories(category_sql: str) -> dict[str, int]:
    """load_categories_hash: each category's text -> its column among the values."""
    columns, rows = query_runner.run_select(category_sql)
    if len(columns) != 1 or not rows:
        raise PgError(SYNTAX_ERROR,
                      'provided "categories" SQL must return 1 column of at least one row')
    found: dict[str, int] = {}
    for row in rows:
        name = _text(row[0], columns[0][1])
        if name is None:
            raise PgError(SYNTAX_ERROR,
                          'provided "categories" SQL must not return NULL values')
        if name in found:
            raise PgError(DUPLICATE_OBJECT, "duplicate category name")
        found[name] = len(found)
    return found


def crosstab_hash(source_sql: str, category_sql: str):
    """crosstab(text, text): the row name, any extra columns of a group's first row, then
    each category's value (the last one given), the rest NULL; every field through
    text into its declared type."""
    categories = _categories(category_sql)
    columns, rows = query_runner.run_select(source_sql)
    if not rows:
        return
    if len(columns) < 3:
        raise PgError(INVALID_PARAMETER, "invalid source data SQL statement",
                      detail="The provided SQL must return 3  columns; rowid, category, "
                             "and values.")
    extra = len(columns) - 3
    width = 1 + extra + len(categories)
    checked = []

    def check(declared) -> None:
        if checked:
            return
        if len(declared) < 2:
            raise PgError(SYNTAX_ERROR, "query-specified return tuple and crosstab "
                                        "function are not compatible")
        if len(declared) != width:
            raise PgError(SYNTAX_ERROR, "invalid return type",
                          detail=f"Query-specified return tuple has {len(declared)} "
                                 f"columns but crosstab returns {width}.")
        checked.append(True)

    def shaped(texts):
        def shape(declared) -> list:
            check(declared)
            return [None if text is None else registry.get_type(type_oid).input(text, typmod)
                    for text, (_name, type_oid, typmod) in zip(texts, declared)]
        return CrosstabRow(shape)

    texts = None
    group_name = None
    for row in rows:
        name = _text(row[0], columns[0][1])
        if texts is None or name != group_name:
            if texts is not None:
                yield shaped(texts)
            group_name = name
            texts = [name] + [_text(row[1 + i], columns[1 + i][1]) for i in range(extra)]
            texts += [None] * len(categories)
        category = _text(row[1 + extra], columns[1 + extra][1])
        position = categories.get(category) if category is not None else None
        if position is not None:
            texts[1 + extra + position] = _text(row[2 + extra], columns[2 + extra][1])
    if texts is not None:
        yield shaped(texts)


# ---- connectby ------------------------------------------------------------------------------

INVALID_RECURSION = "42P19"
_DEFAULT_DELIMITER = "~"        # the cycle check's delimiter when no branch is asked for


def _invalid_return(detail: str) -> PgError:
    return PgError(DATATYPE_MISMATCH, "invalid return type", detail=detail)


def _check_connectby_shape(declared, branch: bool, serial: bool) -> None:
    """validateConnectbyTupleDesc: keyid, parent_keyid (one type), level int4, [branch
    text], [serial int4]."""
    if len(declared) != 3 + branch + serial:
        raise _invalid_return("Query-specified return tuple has wrong number of columns.")
    if declared[0][1] != declared[1][1]:
        raise _invalid_return("First two columns must be the same type.")
    if declared[2][1] != _INT4:
        raise _invalid_return("Third column must be type integer.")
    if branch and declared[3][1] != _TEXT:
        raise _invalid_return("Fourth column must be type text.")
    if serial and declared[-1][1] != _INT4:
        position = "fifth" if branch else "fourth"
        raise PgError(DATATYPE_MISMATCH, "query-specified return tuple not valid for "
                                         f"Connectby: {position} column must be type integer")


def _connectby(relname: str, key_fld: str, parent_key_fld: str, orderby_fld: str | None,
               start_with: str, max_depth: int, delimiter: str | None):
    """Depth first from start_with: each row's children are the rows whose parent key
    is its key (rows with a NULL key or their own parent left out), in the table's
    order or orderby_fld's; levels past max_depth (> 0) are not read; a key already on
    its branch is an infinite recursion (42P19)."""
    branch_wanted, serial_wanted = delimiter is not None, orderby_fld is not None
    delim = delimiter if branch_wanted else _DEFAULT_DELIMITER
    declared_holder: list = []
    sql_key_type: list = []         # the key column's type, once a query found rows
    serial = 0

    def row(key, parent, level, branch):
        nonlocal serial
        serial += 1
        number = serial

        def shape(declared) -> list:
            if not declared_holder:
                _check_connectby_shape(declared, branch_wanted, serial_wanted)
                declared_holder.append(declared)
            if sql_key_type and sql_key_type[0] != declared[0][1]:
                raise _invalid_return(
                    f"SQL key field type {registry.format_type(declared[0][1])} does not "
                    f"match return key field type {registry.format_type(sql_key_type[0])}.")
            key_type, key_typmod = declared[0][1], declared[0][2]
            info = registry.get_type(key_type)
            values = [None if key is None else info.input(key, key_typmod),
                      None if parent is None else info.input(parent, key_typmod), level]
            if branch_wanted:
                values.append(branch)
            if serial_wanted:
                values.append(number)
            return values
        return CrosstabRow(shape)

    columns = f"{key_fld}, {parent_key_fld}" + (f", {orderby_fld}" if serial_wanted else "")
    order = f" ORDER BY {orderby_fld}" if serial_wanted else ""

    def children(parent_key: str, level: int, branch: str):
        if max_depth > 0 and level >= max_depth:
            return
        literal = "'" + parent_key.replace("'", "''") + "'"
        if "\\" in literal:
            literal = "E" + literal.replace("\\", "\\\\")
        found_columns, rows = query_runner.run_select(
            f"SELECT {columns} FROM {relname} WHERE {parent_key_fld} = {literal} AND "
            f"{key_fld} IS NOT NULL AND {key_fld} <> {parent_key_fld}{order}")
        if rows and level == 0:         # compatConnectbyTupleDescs, checked by shape()
            sql_key_type.append(found_columns[0][1])
        for found in rows:
            key = _text(found[0], found_columns[0][1])
            parent = _text(found[1], found_columns[1][1])
            if f"{delim}{key}{delim}" in f"{delim}{branch}{delim}":
                raise PgError(INVALID_RECURSION, "infinite recursion detected")
            child_branch = f"{branch}{delim}{key}"
            yield row(key, parent, level + 1, child_branch)
            yield from children(key, level + 1, child_branch)

    yield row(start_with, None, 0, start_with)
    yield from children(start_with, 0, start_with)


def connectby(relname, key_fld, parent_key_fld, start_with, max_depth, delimiter=None):
    return _connectby(relname, key_fld, parent_key_fld, None, start_with, max_depth,
                      delimiter)


def connectby_ordered(relname, key_fld, parent_key_fld, orderby_fld, start_with,
                      max_depth, delimiter=None):
    return _connectby(relname, key_fld, parent_key_fld, orderby_fld, start_with,
                      max_depth, delimiter)


def _register(name, arg_types, result_type, fn, **kwargs) -> None:
    functions.register(name, arg_types, result_type, fn, oid=extensions.next_function_oid(),
                       extension=EXTENSION, returns_set=True, **kwargs)


_register("normal_rand", (_INT4, _FLOAT8, _FLOAT8), _FLOAT8, normal_rand, volatility="v")
_register("crosstab", (_TEXT,), _RECORD, crosstab, volatility="s")
_register("crosstab", (_TEXT, _INT4), _RECORD, crosstab, volatility="s")
_register("crosstab", (_TEXT, _TEXT), _RECORD, crosstab_hash, volatility="s")
_register("connectby", (_TEXT,) * 4 + (_INT4, _TEXT), _RECORD, connectby, volatility="s")
_register("connectby", (_TEXT,) * 4 + (_INT4,), _RECORD, connectby, volatility="s")
_register("connectby", (_TEXT,) * 5 + (_INT4, _TEXT), _RECORD, connectby_ordered,
          volatility="s")
_register("connectby", (_TEXT,) * 5 + (_INT4,), _RECORD, connectby_ordered, volatility="s")

# The install script's composite types and the crosstabN functions over them (SQL
# functions here: PostgreSQL's are C functions of the same behaviour).
_SCRIPT = tuple(
    [f"CREATE TYPE @extschema@.tablefunc_crosstab_{n} AS (row_name text, "
     + ", ".join(f"category_{i} text" for i in range(1, n + 1)) + ")" for n in (2, 3, 4)]
    + [f"CREATE FUNCTION @extschema@.crosstab{n}(text) RETURNS SETOF "
       f"@extschema@.tablefunc_crosstab_{n} LANGUAGE sql STABLE STRICT AS "
       f"$$ SELECT * FROM @extschema@.crosstab($1) AS t(row_name text, "
       + ", ".join(f"category_{i} text" for i in range(1, n + 1)) + ") $$" for n in (2, 3, 4)])

extensions.add(extensions.Extension(
    EXTENSION, "1.0", True, "functions that manipulate whole tables, including crosstab",
    script=_SCRIPT, trusted=True))
