"""What CREATE INDEX ... USING hash accepts: PostgreSQL's hash access method cannot be
unique, have INCLUDE columns, more than one key column or ASC/DESC / NULLS options
(amcanunique, amcaninclude, amcanmulticol, amcanorder are false), and takes one
reloption, fillfactor (10-100, default 75).

Entry points: check_spec(spec, index_params) (in PostgreSQL's order: unique, included
columns, multicolumn), fillfactor(options) -> int | None, check_column_options
(index_params) (after the reloptions, as ComputeIndexAttrs runs after them).

PostgreSQL: commands/indexcmds.c (DefineIndex's am* checks, ComputeIndexAttrs),
access/hash/hashutil.c (hashoptions), access/common/reloptions.c.
"""
from __future__ import annotations

from pgsnake.access.common import reloptions as relopts
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError

HASH_ACCESS_METHOD = 405


def _refuse(what: str) -> PgError:
    return PgError(FEATURE_NOT_SUPPORTED, f'access method "hash" does not support {what}')


def check_spec(spec) -> None:
    if spec.unique:
        raise _refuse("unique indexes")
    if spec.include_columns:
        raise _refuse("included columns")
    if len(spec.key_columns) > 1:
        raise _refuse("multicolumn indexes")


def check_column_options(index_params: list[dict]) -> None:
    for wrapped in index_params:
        elem = wrapped["IndexElem"]
        if elem.get("ordering", "SORTBY_DEFAULT") != "SORTBY_DEFAULT":
            raise _refuse("ASC/DESC options")
        if elem.get("nulls_ordering", "SORTBY_NULLS_DEFAULT") != "SORTBY_NULLS_DEFAULT":
            raise _refuse("NULLS FIRST/LAST options")


def fillfactor(options) -> int | None:
    """WITH (fillfactor = n): the only reloption a hash index takes."""
    return relopts.integer_value(relopts.checked(options, relopts.HASH), "fillfactor")
