"""Combo command ids: one t_cid field for both cmin and cmax of a tuple.

A tuple's t_cid holds the inserting command id (cmin) until the tuple is deleted or
updated; then it must also hold the deleting command id (cmax). Only the transaction that
inserted the tuple ever needs its cmin (other transactions decide by xmin alone), so
when a transaction deletes a tuple it inserted itself, t_cid becomes a *combo cid*: an
index into this process's private table of (cmin, cmax) pairs, flagged by HEAP_COMBOCID.
The table is dropped at transaction end, when no one needs either value any more.

Entry points: get_cmin, get_cmax, cid_for_delete, reset.

PostgreSQL: utils/time/combocid.c (HeapTupleHeaderGetCmin, HeapTupleHeaderGetCmax,
HeapTupleHeaderAdjustCmax, AtEOXact_ComboCid).
"""
from __future__ import annotations

from pgsnake.access.common.heap_tuple import HEAP_COMBOCID, HeapTupleHeader

_pairs: list[tuple[int, int]] = []
_index: dict[tuple[int, int], int] = {}
_callback_registered = False


def reset(_event: str | None = None) -> None:
    _pairs.clear()
    _index.clear()


def _register_reset() -> None:
    global _callback_registered
    if _callback_registered:
        return
    try:
        from pgsnake.access.transam import xact
        xact.register_callback(
            lambda event: reset() if event in ("commit", "abort", "prepare") else None)
        _callback_registered = True
    except (ImportError, AttributeError):    # no transaction system (tools, unit tests)
        pass


def get_cmin(header: HeapTupleHeader) -> int:
    cid = header.cid
    return _pairs[cid][0] if header.infomask & HEAP_COMBOCID else cid


def get_cmax(header: HeapTupleHeader) -> int:
    cid = header.cid
    return _pairs[cid][1] if header.infomask & HEAP_COMBOCID else cid


def cid_for_delete(header: HeapTupleHeader, cmax: int, inserted_by_me: bool) -> tuple[int, bool]:
    """(value for t_cid, whether it is a combo cid) when this transaction deletes the
    tuple in command `cmax`."""
    if not inserted_by_me:
        return cmax, False
    cmin = get_cmin(header)
    if cmin == cmax:
        return cmax, False
    key = (cmin, cmax)
    combo = _index.get(key)
    if combo is None:
        _register_reset()
        combo = len(_pairs)
        _pairs.append(key)
        _index[key] = combo
    return combo, True
