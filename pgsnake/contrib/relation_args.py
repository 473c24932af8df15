"""Opening the relation a contrib function's regclass argument names, and the relkind
checks PostgreSQL's contrib modules make on it.

Entry points: open_relation(oid, lock_mode), check_relkind(rel, allowed),
check_block_number(blkno).

PostgreSQL: access/common/relation.c (relation_open), catalog/pg_class.c
(errdetail_relkind_not_supported).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import relation_kinds, relation_locks
from pgsnake.utils.errors import INVALID_PARAMETER_VALUE, PgError, WRONG_OBJECT_TYPE

INTERNAL_ERROR = "XX000"

MAX_BLOCK_NUMBER = 0xFFFFFFFE

# errdetail_relkind_not_supported's words for each relkind.


def open_relation(oid: int, lock_mode: int):
    """relation_open: the relation, locked in `lock_mode` (XX000 for an OID with no
    pg_class row: PostgreSQL's elog)."""
    if cc.class_row(oid) is None:
        raise PgError(INTERNAL_ERROR, f"could not open relation with OID {oid}")
    relation_locks.lock_relation_oid(oid, lock_mode)
    return cc.get_relation(oid)


def check_relkind(rel, allowed: str, sqlstate: str = WRONG_OBJECT_TYPE) -> None:
    """'relation "x" is of wrong relation kind' with PostgreSQL's DETAIL (42809, or the
    SQLSTATE the caller's PostgreSQL function uses: pgstattuple_approx's 0A000)."""
    if rel.relkind not in allowed:
        raise PgError(sqlstate, f'relation "{rel.name}" is of wrong relation kind',
                      detail=relation_kinds.unsupported_detail(rel.relkind))


def check_block_number(blkno: int) -> None:
    if blkno < 0 or blkno > MAX_BLOCK_NUMBER:
        raise PgError(INVALID_PARAMETER_VALUE, "invalid block number")
