"""Scan keys: the conditions of an index scan, simplified once, then tested per tuple.

A scan key is `column <op> argument` on one key column, op one of < <= = >= >, or
IS NULL / IS NOT NULL. Before a scan starts the keys are preprocessed, per column:

  * a comparison with a NULL argument is never true: the scan returns nothing;
  * several `=` keys must agree (else nothing matches), and an `=` key makes the
    inequalities on its column redundant (or contradictory: nothing matches);
  * of several lower (or upper) bounds the tightest is kept, when the arguments can
    be compared; otherwise all are kept and checked;
  * each key gets its direction in *index order*: on a DESC column `<` bounds from
    above in value order but from below in index order (the strategy is commuted);
    IS NOT NULL becomes "< NULL" (or "> NULL" for NULLS FIRST), since NULLs sort at
    one end of the column;
  * keys are "required" for a direction when a failing tuple proves no later tuple in
    that direction can pass: every key of the leading columns that have `=` keys, and
    the inequality keys of the first column that has none (README rule B10). A scan
    stops at the first tuple that fails a key required in its direction.

Entry points: ScanKey (what callers pass), preprocess -> PreparedKeys, check_tuple
(_bt_checkkeys), EQ/LT/LE/GE/GT/IS_NULL/IS_NOT_NULL.

PostgreSQL: access/nbtree/nbtutils.c (_bt_preprocess_keys, _bt_fix_scankey_strategy,
_bt_mark_scankey_required, _bt_compare_scankey_args, _bt_checkkeys).
"""
from __future__ import annotations

import dataclasses

from pgsnake.access.nbtree import index_tuple as it
from pgsnake.access.nbtree.key_comparison import (IndexKeys, column_comparator,
                                                    cross_type_cmp, sort_key_for)
from pgsnake.utils.errors import PgError

LT, LE, EQ, GE, GT = "<", "<=", "=", ">=", ">"
IS_NULL, IS_NOT_NULL = "IS NULL", "IS NOT NULL"
_COMMUTED = {LT: GT, LE: GE, EQ: EQ, GE: LE, GT: LT}
_STRATEGIES = (LT, LE, EQ, GE, GT, IS_NULL, IS_NOT_NULL)


@dataclasses.dataclass(frozen=True, slots=True)
class ScanKey:
    """`column attno <op> argument`. attno is the 1-based index column (a key column);
    `arg_type` is the argument's type OID when it is not the column's own (int4 column,
    int8 argument), None otherwise; IS NULL / IS NOT NULL take no argument."""
    attno: int
    strategy: str
    argument: object = None
    arg_type: int | None = None


class PreparedKey:
    """One preprocessed key: its index-order strategy and how to test a datum."""
    __slots__ = ("attno", "strategy", "search_null", "search_not_null", "argument",
                 "sort_arg", "comparator", "required_forward", "required_backward",
                 "value_strategy", "arg_type")

    def __init__(self, keys: IndexKeys, key: ScanKey) -> None:
        column = keys.columns[key.attno - 1]
        self.attno = key.attno
        self.arg_type = key.arg_type
        self.value_strategy = key.strategy
        self.search_null = key.strategy == IS_NULL
        self.search_not_null = key.strategy == IS_NOT_NULL
        self.argument = key.argument
        self.required_forward = self.required_backward = False
        if self.search_null:
            self.strategy = EQ
        elif self.search_not_null:
            self.strategy = GT if column.nulls_first else LT
        else:
            self.strategy = _COMMUTED[key.strategy] if column.desc else key.strategy
        self.comparator = None
        self.sort_arg = None
        if key.argument is not None:
            self.comparator = column_comparator(keys, key.attno, key.arg_type)
            self.sort_arg = key.argument if self.comparator else column.key(key.argument)

    @property
    def is_null_search(self) -> bool:
        return self.search_null or self.search_not_null

    def datum_cmp(self, keys: IndexKeys, datum) -> int:
        """sign(datum - argument) in value order."""
        if self.comparator is not None:
            return self.comparator(datum, self.argument)
        kd = keys.keys[self.attno - 1](datum)
        return (kd > self.sort_arg) - (kd < self.sort_arg)

    def passes(self, keys: IndexKeys, datum) -> bool:
        """The key's operator applied to a non-NULL datum."""
        c = self.datum_cmp(keys, datum)
        op = self.value_strategy
        if op == EQ:
            return c == 0
        if op == LT:
            return c < 0
        if op == LE:
            return c <= 0
        if op == GT:
            return c > 0
        return c >= 0


@dataclasses.dataclass(slots=True)
class PreparedKeys:
    """The result of preprocessing: `qual_ok` False means nothing can match; `keys`
    sorted by column, at most one per index-order strategy where the arguments could be
    compared."""
    qual_ok: bool
    keys: list[PreparedKey]


def _args_cmp(keys: IndexKeys, a: PreparedKey, b: PreparedKey) -> int | None:
    """sign(a.argument - b.argument) in value order, or None if the two arguments'
    types have no comparison (_bt_compare_scankey_args)."""
    column = keys.columns[a.attno - 1]
    if a.comparator is None and b.comparator is None:
        ka, kb = column.key(a.argument), column.key(b.argument)
        return (ka > kb) - (ka < kb)
    type_a = a.arg_type or column.type_oid
    type_b = b.arg_type or column.type_oid
    if type_a == type_b:
        sort_key = sort_key_for(type_a)
        ka, kb = sort_key(a.argument), sort_key(b.argument)
        return (ka > kb) - (ka < kb)
    try:
        return cross_type_cmp(type_a, type_b)(a.argument, b.argument)
    except PgError:
        return None


def preprocess(keys: IndexKeys, scan_keys) -> PreparedKeys:
    """_bt_preprocess_keys (see the module docstring)."""
    if len(scan_keys) == 1 and scan_keys[0].attno == 1 and \
            scan_keys[0].argument is not None and scan_keys[0].strategy in _STRATEGIES:
        # One key on the first column (every index probe of a nested loop or a
        # correlated SubPlan's re-scan): nothing to reduce; required as below.
        key = PreparedKey(keys, scan_keys[0])
        if key.strategy == EQ:
            key.required_forward = key.required_backward = True
        elif key.strategy in (LT, LE):
            key.required_forward = True
        else:
            key.required_backward = True
        return PreparedKeys(True, [key])
    by_column: dict[int, list[PreparedKey]] = {}
    for key in scan_keys:
        if not 1 <= key.attno <= keys.nkeyatts:
            raise ValueError(f"scan key on column {key.attno} of an index with "
                             f"{keys.nkeyatts} key columns")
        if key.strategy not in _STRATEGIES:
            raise ValueError(f"unknown scan key strategy {key.strategy!r}")
        if key.argument is None and key.strategy not in (IS_NULL, IS_NOT_NULL):
            return PreparedKeys(False, [])
        by_column.setdefault(key.attno, []).append(PreparedKey(keys, key))

    out: list[PreparedKey] = []
    for attno in sorted(by_column):
        column_keys = _reduce_column(keys, by_column[attno])
        if column_keys is None:
            return PreparedKeys(False, [])
        out.extend(column_keys)

    # Required keys: while the leading columns all have `=` keys (README rule B10).
    equal_columns = 0
    for attno in sorted(by_column):
        if attno != equal_columns + 1:
            break
        column_keys = [k for k in out if k.attno == attno]
        for k in column_keys:
            if k.strategy == EQ:
                k.required_forward = k.required_backward = True
            elif k.strategy in (LT, LE):
                k.required_forward = True
            else:
                k.required_backward = True
        if not any(k.strategy == EQ for k in column_keys):
            break
        equal_columns += 1
    return PreparedKeys(True, out)


def _reduce_column(keys: IndexKeys, column_keys: list[PreparedKey]) -> list[PreparedKey] | None:
    """The keys one column needs; None if they contradict each other."""
    nulls = [k for k in column_keys if k.is_null_search]
    plain = [k for k in column_keys if not k.is_null_search]
    if any(k.search_null for k in nulls):
        # IS NULL with any other condition on the column can never hold (except a
        # second IS NULL).
        if plain or any(k.search_not_null for k in nulls):
            return None
        return [nulls[0]]
    if plain and nulls:
        nulls = []                     # an ordinary comparison already excludes NULL
    if nulls:
        return [nulls[0]]

    kept: list[PreparedKey] = []
    equals = [k for k in plain if k.strategy == EQ]
    lowers = [k for k in plain if k.strategy in (GT, GE)]
    uppers = [k for k in plain if k.strategy in (LT, LE)]
    if equals:
        eq = equals[0]
        for other in equals[1:]:
            c = _args_cmp(keys, eq, other)
            if c is None:
                kept.append(other)
            elif c != 0:
                return None
        for bound in lowers + uppers:
            c = _args_cmp(keys, eq, bound)
            if c is None:
                kept.append(bound)
                continue
            if not _satisfies(c, bound.value_strategy):
                return None
        return [eq] + kept
    for group, tighter in ((lowers, _tighter_lower), (uppers, _tighter_upper)):
        if not group:
            continue
        best = group[0]
        for other in group[1:]:
            choice = tighter(keys, best, other)
            if choice is None:
                kept.append(other)
            else:
                best = choice
        kept.insert(0, best)
    return kept


def _satisfies(c: int, value_strategy: str) -> bool:
    """Does an argument that compares to the bound's argument as `c` pass the bound?"""
    return {LT: c < 0, LE: c <= 0, EQ: c == 0, GE: c >= 0, GT: c > 0}[value_strategy]


def _tighter_lower(keys: IndexKeys, a: PreparedKey, b: PreparedKey) -> PreparedKey | None:
    """Of two bounds on the low end of the index order, the one that excludes more."""
    return _tighter(keys, a, b, low_end=True)


def _tighter_upper(keys: IndexKeys, a: PreparedKey, b: PreparedKey) -> PreparedKey | None:
    return _tighter(keys, a, b, low_end=False)


def _tighter(keys: IndexKeys, a: PreparedKey, b: PreparedKey, low_end: bool) -> PreparedKey | None:
    c = _args_cmp(keys, a, b)
    if c is None:
        return None
    # In value order a "bigger lower bound" is tighter; in index order on a DESC column
    # the low end of the index is the high end of the values.
    desc = keys.columns[a.attno - 1].desc
    value_low_end = low_end != desc
    if c == 0:
        # Equal arguments: the strict operator is the tighter one.
        return a if a.value_strategy in (LT, GT) else b
    if value_low_end:
        return a if c > 0 else b
    return a if c < 0 else b


def check_tuple(keys: IndexKeys, prepared: list[PreparedKey], item, tupnatts: int,
                forward: bool) -> tuple[bool, bool]:
    """_bt_checkkeys: (passes, continue_scan) for one leaf tuple (or a high key with
    `tupnatts` columns: keys on its truncated columns are taken to pass)."""
    if not prepared:
        return True, True
    needed = max(k.attno for k in prepared)
    count = min(needed, tupnatts)
    values = keys.codec.deform(item, count) if count else []
    for key in prepared:
        if key.attno > tupnatts:
            continue
        datum = values[key.attno - 1]
        if key.is_null_search:
            if (datum is None) == key.search_null:
                continue
            return False, not _required_now(key, forward)
        if datum is None:
            column = keys.columns[key.attno - 1]
            # NULLs sit at one end: past them in that direction nothing can match.
            if (key.required_forward or key.required_backward) and (
                    (column.nulls_first and not forward) or (not column.nulls_first and forward)):
                return False, False
            return False, True
        if not key.passes(keys, datum):
            return False, not _required_now(key, forward)
    return True, True


def _required_now(key: PreparedKey, forward: bool) -> bool:
    return key.required_forward if forward else key.required_backward


def tuple_natts(keys: IndexKeys, item) -> int:
    return it.natts(item, keys.natts)
