"""What a GIN index's catalog rows say that a B-tree's do not: its columns store the
operator class's key type (pg_opclass.opckeytype: text for jsonb_ops, int4 for
jsonb_path_ops, the element type for array_ops' anyelement), the reloptions it takes
(fastupdate, gin_pending_list_limit), and the column options it refuses.

Entry points: stored_columns(columns, opclass_oids), reloptions(options) -> [text],
check_column_options(spec).

PostgreSQL: catalog/index.c (ConstructTupleDescriptor's opckeytype), access/gin/
ginutil.c (ginoptions), commands/indexcmds.c (ComputeIndexAttrs' amcan* checks).
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import catalog_cache as cc
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE, PgError

_ANYELEMENT = 2283
_ANYRANGE = 3831


def stored_columns(columns: list, opclass_oids: list[int]) -> list:
    """The index columns with the type their keys are stored as."""
    by_oid = {r.oid: r for r in cc.scan_catalog("pg_opclass")}
    out = []
    for column, opclass_oid in zip(columns, opclass_oids):
        row = by_oid.get(opclass_oid)
        key_type = row.opckeytype if row is not None else 0
        if key_type == _ANYELEMENT:
            type_row = cc.get_type_row(column.type_oid)
            while type_row is not None and type_row.typtype == "d":
                type_row = cc.get_type_row(type_row.typbasetype)
            key_type = type_row.typelem if type_row is not None else 0
        if key_type == _ANYRANGE:                # GiST multirange_ops: its range type
            key_type = next((r.rngtypid for r in cc.scan_catalog("pg_range")
                             if r.rngmultitypid == column.type_oid), 0)
        if key_type:
            collation = cc.get_type_row(key_type).typcollation if key_type == 25 else 0
            column = dataclasses.replace(column, type_oid=key_type, typmod=-1,
                                         collation=collation if column.collation else 0)
        out.append(column)
    return out + list(columns[len(opclass_oids):])


_BOOLEAN = {"on": "on", "off": "off", "true": "true", "false": "false", "yes": "yes",
            "no": "no", "1": "1", "0": "0", "t": "t", "f": "f", "y": "y", "n": "n"}


def _option_text(arg: dict) -> str:
    """A DefElem argument as written: `off` parses as a type name, `1` as an integer."""
    if "TypeName" in arg:
        return arg["TypeName"]["names"][-1]["String"]["sval"]
    if "String" in arg:
        return arg["String"].get("sval", "")
    if "Integer" in arg:
        return str(arg["Integer"].get("ival", 0))
    if "Boolean" in arg:
        return "true" if arg["Boolean"].get("boolval") else "false"
    return ""


def reloptions(options) -> list[str]:
    """WITH (fastupdate = ..., gin_pending_list_limit = ...) as pg_class.reloptions."""
    out = []
    for wrapped in options or ():
        option = wrapped["DefElem"]
        name = option["defname"]
        arg = option.get("arg", {})
        if name == "fastupdate":
            if not arg:
                out.append("fastupdate=true")
                continue
            text = _option_text(arg)
            if text.lower() not in _BOOLEAN:
                raise PgError(INVALID_PARAMETER_VALUE,
                              f'invalid value for boolean option "fastupdate": {text}')
            out.append(f"fastupdate={text}")
        elif name == "gin_pending_list_limit":
            value = arg.get("Integer", {}).get("ival")
            if value is None or not 64 <= value <= 2147483647:
                raise PgError(INVALID_PARAMETER_VALUE,
                              f'value {value} out of bounds for option '
                              f'"gin_pending_list_limit"',
                              detail='Valid values are between "64" and "2147483647".')
            out.append(f"gin_pending_list_limit={value}")
        else:
            raise PgError(INVALID_PARAMETER_VALUE, f'unrecognized parameter "{name}"')
    return out


def check_spec(spec) -> None:
    """What GIN cannot do (its amcanunique, amcaninclude, amcanorder are false)."""
    if spec.unique:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      'access method "gin" does not support unique indexes')
    if spec.include_columns:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      'access method "gin" does not support included columns')
    if any(options for _name, options in spec.key_columns):
        raise PgError(FEATURE_NOT_SUPPORTED,
                      'access method "gin" does not support ASC/DESC options')
