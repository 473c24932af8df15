"""Operator class options: `column opclass (name = value, ...)` in CREATE INDEX, kept in
the index column's pg_attribute.attoptions as `name=value` texts.

Only the BRIN minmax-multi classes take options here (values_per_range, 8..256, 32 by
default). An operator class without an options support function refuses any (22023
"operator class ... has no options"); the classes PostgreSQL gives options that pgsnake
does not implement (bloom, the GiST signature lengths) refuse them as not supported
(0A000). Values are checked as reloptions are (access/common/reloptions.py: unknown
names, bounds, integer syntax).

Entry points: checked(opclass_oid, access_method, defelems) -> [text] | None (CREATE
INDEX), values(attoptions) -> [(name, value)], definition_text(attoptions) (what
pg_get_indexdef prints after the operator class).

PostgreSQL: commands/indexcmds.c (ComputeIndexAttrs' opclassopts),
access/index/indexam.c (index_opclass_options), access/brin/brin_minmax_multi.c
(brin_minmax_multi_options), utils/adt/ruleutils.c (get_reloptions).
"""
from __future__ import annotations

from pgsnake.access.common import reloptions as relopts
from pgsnake.catalog import catalog_cache as cc
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE, PgError

BRIN = 3580
MINMAX_MULTI = {"values_per_range": relopts.Parameter("integer", 8, 256)}
# The options support function's number per access method (amoptsprocnum).
_OPTIONS_PROCNUM = {403: 5, 405: 3, 783: 10, 2742: 7, 4000: 6, 3580: 5}


def _parameters(row, access_method: int):
    if access_method == BRIN and row.opcname.endswith("_minmax_multi_ops"):
        return MINMAX_MULTI
    return None


def _has_options_function(row, access_method: int) -> bool:
    procnum = _OPTIONS_PROCNUM.get(access_method)
    return procnum is not None and any(
        r.amprocfamily == row.opcfamily and r.amprocnum == procnum
        for r in cc.scan_catalog("pg_amproc"))


def checked(opclass_oid: int, access_method: int, defelems) -> list[str] | None:
    """The attoptions texts of a column's operator class options (None when none are
    given), or the error PostgreSQL gives."""
    if not defelems:
        return None
    row = next(iter(cc.scan_catalog("pg_opclass", key=("oid", opclass_oid))), None)
    if row is None:
        return None
    parameters = _parameters(row, access_method)
    if parameters is None:
        if _has_options_function(row, access_method):
            raise PgError(FEATURE_NOT_SUPPORTED,
                          f"options of operator class {row.opcname} are not supported yet")
        raise PgError(INVALID_PARAMETER_VALUE, f"operator class {row.opcname} has no options")
    return relopts.as_texts(relopts.checked(defelems, parameters))


def values(attoptions) -> list[tuple[str, str]]:
    return [tuple(text.split("=", 1)) for text in (attoptions or ())]


def definition_text(attoptions) -> str:
    """` (name='value', ...)`, as get_reloptions prints them, or ''."""
    if not attoptions:
        return ""
    parts = []
    for name, value in values(attoptions):
        parts.append(f"{cc.quote_identifier(name)}='" + value.replace("'", "''") + "'")
    return " (" + ", ".join(parts) + ")"
