"""hstore from rows: hstore(record), each column a pair (its name, its value as text).

The column names come with the row value: a table's or a subquery's whole row carries
them (Record.names); a row whose names are not known (ROW(...) written out) takes
PostgreSQL's f1, f2, ... Values are written by their type's output function; NULL
columns give NULL values. A NULL row gives an empty hstore (hstore(record) is not
strict).

Not done: populate_record(anyelement, hstore) and record #= hstore (the result's row
type is the first argument's, which a language C member here does not learn when that
argument is NULL): they are members (the operator made by `SCRIPT`) that refuse with
0A000.

Also here: hstore_subscript_handler(internal), the member naming hstore's subscripting
(pgsnake's subscripting of hstore is wired in hstore.py; a call refuses).

PostgreSQL: contrib/hstore/hstore_io.c (hstore_from_record, hstore_populate_record).
"""
from __future__ import annotations

from pgsnake.contrib import extensions, hstore_value
from pgsnake.contrib.hstore_value import Hstore
from pgsnake.datatypes import functions, registry
from pgsnake.utils.errors import PgError

RECORD, ANYELEMENT, INTERNAL = 2249, 2283, 2281


def _text_of(type_oid: int, value) -> str | None:
    if value is None:
        return None
    return registry.get_type(type_oid).output(value)


def hstore_from_record(row) -> Hstore:
    if row is None:
        return Hstore(())
    names = list(row.names) if len(getattr(row, "names", ())) == len(row.values) \
        else [f"f{i}" for i in range(1, len(row.values) + 1)]
    return hstore_value.from_pairs(
        [(name, _text_of(type_oid, value))
         for name, type_oid, value in zip(names, row.type_oids, row.values)])


def _refuse(name: str):
    def refuse(*_args):
        raise PgError("0A000", f"function {name} is not supported by pgsnake",
                      detail="PostgreSQL 15's hstore extension has this function; pgsnake "
                             "does not implement it yet.")
    return refuse


# The install script's operator for populate_record (a member that refuses, as it does).
SCRIPT = ("CREATE OPERATOR @extschema@.#= (LEFTARG = anyelement, RIGHTARG = @extschema@.hstore, "
          "PROCEDURE = @extschema@.populate_record)",)


def register(hstore_type: int) -> None:
    def add(name, arg_types, result, fn, strict=True):
        functions.register(name, list(arg_types), result, fn,
                           oid=extensions.next_function_oid(), volatility="i",
                           strict=strict, extension="hstore")
    add("hstore", (RECORD,), hstore_type, hstore_from_record, strict=False)
    add("populate_record", (ANYELEMENT, hstore_type), ANYELEMENT,
        _refuse("populate_record"), strict=False)
    add("hstore_subscript_handler", (INTERNAL,), INTERNAL, _refuse("hstore_subscript_handler"))
