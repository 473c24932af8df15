"""Ordering index keys: each key column's B-tree comparison, insertion scan keys, and
_bt_compare, the one comparison every search, insert and split decision goes through.

A key column is ordered by its type's B-tree comparison (the operator class's support
function 1): for most types Python's own ordering of pgsnake's value is PostgreSQL's
(ints, oid, bool, text/varchar/name under the C collation, bytea, date, time,
timestamps); floats and numeric order NaN after everything and equal to itself;
bpchar ignores trailing spaces; any other type orders by its `<` and `=` operators from
the datatypes package. The index's indoption can reverse a column (DESC) and put NULLs
first; by default NULLs sort last, i.e. greater than every value.

An insertion scan key (BTScanInsertData) is a list of values for the first `keysz` key
columns, optionally followed by a heap TID (`scantid`, the last key column of a version
4 index). _bt_compare(key, page, offnum) is sign(key - item):
  * key columns compare in order; NULL equals NULL;
  * the item's columns removed by suffix truncation are minus infinity, so a key that
    still has a value there is greater (README rule B5);
  * then the heap TID breaks the tie; a pivot without one is minus infinity again; a
    posting list equals every scantid between its first and last heap TID;
  * with no scantid, an item whose untruncated columns all equal the key is equal,
    except that a key equal to a truncated pivot's remaining columns counts as greater
    (unless `pivotsearch`): the pivot's minus-infinity suffix is below every real key;
  * the first data item of an internal page is minus infinity (greater always).

Entry points: IndexKeys (per index: codec, key columns, allequalimage), index_keys,
InsertionKey, make_insertion_key, compare (= _bt_compare), keep_natts,
keep_natts_fast, column_comparator (for scan keys of another type).

PostgreSQL: access/nbtree/nbtsearch.c (_bt_compare), access/nbtree/nbtutils.c
(_bt_mkscankey, _bt_keep_natts, _bt_keep_natts_fast), access/nbtree/nbtcompare.c,
utils/adt/datum.c (datum_image_eq), utils/adt/varchar.c (bpcharcmp).
"""
from __future__ import annotations

import functools
import struct
from decimal import Decimal
from typing import Callable

from pgsnake.access.common.tuple_descriptor import (INDOPTION_DESC, INDOPTION_NULLS_FIRST,
                                                     IndexDescription, Relation)
from pgsnake.access.nbtree import index_tuple as it
from pgsnake.access.nbtree import page_format as pf
from pgsnake.datatypes import operators, user_type_facts
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError

ItemPointer = tuple[int, int]

# Types whose pgsnake values Python orders as PostgreSQL's default B-tree operator class
# does (text-like ones under the C collation, the only one pgsnake has; cstring is how
# name_ops stores a name key, the catalogs' name indexes).
_NATURAL_ORDER = {16, 17, 18, 19, 20, 21, 23, 25, 26, 27, 1043, 1082, 1083, 1114, 1184, 2275}
_FLOAT_LIKE = {700, 701, 1700}
_BPCHAR = 1042

# Operator classes with an "equalimage" support function (amprocnum 4), so that equal
# keys are also bitwise equal and deduplication is safe: PostgreSQL 15's pg_amproc.
# btvarstrequalimage (text, varchar, name, bpchar) answers yes for deterministic
# collations, which every pgsnake collation is.
EQUALIMAGE_TYPES = frozenset({16, 17, 18, 19, 20, 21, 23, 25, 26, 27, 30, 774, 790, 829, 869,
                              1042, 1043, 1082, 1083, 1114, 1184, 1266, 1560, 1562, 2275,
                              2950, 3220, 3500, 5069})


def _nan_last(value):
    """Floats and numerics: NaN after every other value and equal to itself; -0 = 0."""
    if value != value or (isinstance(value, Decimal) and value.is_nan()):
        return (1, 0)
    return (0, value)


def _bpchar_key(value: str) -> str:
    return value.rstrip(" ")


def _operator_cmp(left_type: int, right_type: int) -> Callable[[object, object], int]:
    """A three-way comparison built from the `<` and `>` operators of two types."""
    try:
        less = operators.resolve_operator("<", left_type, right_type).fn
        greater = operators.resolve_operator(">", left_type, right_type).fn
    except PgError:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f"no B-tree ordering for types {left_type} and {right_type}") from None

    def cmp(a, b) -> int:
        if less(a, b):
            return -1
        return 1 if greater(a, b) else 0
    return cmp


def sort_key_for(type_oid: int) -> Callable[[object], object]:
    """A function mapping a value to something Python orders as the type's B-tree
    comparison orders the value."""
    if type_oid in _NATURAL_ORDER or user_type_facts.is_extension_base(type_oid):
        return _identity        # an extension's values order as its default opclass
    if type_oid in _FLOAT_LIKE:
        return _nan_last
    if type_oid == _BPCHAR:
        return _bpchar_key
    return functools.cmp_to_key(_operator_cmp(type_oid, type_oid))


def _identity(value):
    return value


def support_function_key(proc_oid: int) -> Callable[[object], object]:
    """A sort key ordering values as an operator class's comparison support function
    (one written in SQL or a PL, run through the function manager) orders them."""
    from pgsnake.datatypes import functions
    function = functions.function_by_oid(proc_oid)
    if function is None:
        raise PgError("XX000", f"cache lookup failed for function {proc_oid}")
    call = function.fn

    def cmp(a, b) -> int:
        result = call(a, b)
        if result is None:
            raise PgError("XX000", f"function {proc_oid} returned NULL")
        return (result > 0) - (result < 0)
    return functools.cmp_to_key(cmp)


class KeyColumn:
    """One key column's ordering: its sort key and indoption. `order_proc` is the
    support function 1 of a user-defined operator class (0: the type's own ordering);
    such a class has no equalimage function, so its index is not deduplicated."""
    __slots__ = ("type_oid", "key", "desc", "nulls_first", "equalimage", "typlen")

    def __init__(self, type_oid: int, option: int, typlen: int, order_proc: int = 0) -> None:
        self.type_oid = type_oid
        self.key = support_function_key(order_proc) if order_proc else sort_key_for(type_oid)
        self.desc = bool(option & INDOPTION_DESC)
        self.nulls_first = bool(option & INDOPTION_NULLS_FIRST)
        self.equalimage = type_oid in EQUALIMAGE_TYPES and not order_proc
        self.typlen = typlen

    def compare_values(self, a, b) -> int:
        """sign(a - b) in index order (DESC reversed); NULLs placed by nulls_first."""
        if a is None or b is None:
            if a is None and b is None:
                return 0
            if a is None:
                return -1 if self.nulls_first else 1
            return 1 if self.nulls_first else -1
        ka, kb = self.key(a), self.key(b)
        result = (ka > kb) - (ka < kb)
        return -result if self.desc else result


class IndexKeys:
    """What the B-tree code needs to know about one index relation, computed once."""

    __slots__ = ("rel", "name", "codec", "natts", "nkeyatts", "columns", "allequalimage",
                 "deduplicate", "description", "keys")

    def __init__(self, rel: Relation) -> None:
        description = rel.index
        if description is None:
            description = IndexDescription(heap_oid=0, key_count=len(rel.descriptor))
        self.rel = rel
        self.name = rel.name
        self.description = description
        self.codec = it.codec_for(rel.descriptor)
        self.natts = len(rel.descriptor)
        self.nkeyatts = description.key_count
        if not 0 < self.nkeyatts <= self.natts or self.natts > it.INDEX_MAX_KEYS:
            raise ValueError(f"index {rel.name}: {self.nkeyatts} key columns of {self.natts}")
        procs = description.order_procs
        self.columns = [KeyColumn(att.type_oid, description.option(i), att.typlen,
                                  procs[i] if i < len(procs) else 0)
                        for i, att in enumerate(rel.descriptor.attributes[:self.nkeyatts])]
        self.keys = [c.key for c in self.columns]
        # _bt_allequalimage: deduplication needs every key column to be equalimage and
        # no INCLUDE columns.
        self.allequalimage = (self.natts == self.nkeyatts
                              and all(c.equalimage for c in self.columns))
        # Deduplicate leaf pages (dedup.py): allowed by the opclasses and not switched
        # off with the deduplicate_items reloption (BTGetDeduplicateItems).
        self.deduplicate = self.allequalimage and description.deduplicate_items


_index_keys: dict[int, IndexKeys] = {}


def index_keys(rel: Relation) -> IndexKeys:
    """The IndexKeys of `rel`, cached by identity of the Relation object."""
    keys = _index_keys.get(id(rel))
    if keys is None or keys.rel is not rel:
        if len(_index_keys) > 256:
            _index_keys.clear()
        keys = IndexKeys(rel)
        _index_keys[id(rel)] = keys
    return keys


class InsertionKey:
    """BTScanInsertData: values of the first `keysz` key columns plus an optional heap
    TID; `args` holds each value's sort key (None for NULL)."""

    __slots__ = ("args", "keysz", "scantid", "nextkey", "pivotsearch", "anynullkeys",
                 "comparators")

    def __init__(self, args: list, scantid: ItemPointer | None = None, *,
                 nextkey: bool = False, pivotsearch: bool = False,
                 anynullkeys: bool = False, comparators: list | None = None) -> None:
        self.args = args
        self.keysz = len(args)
        self.scantid = scantid
        self.nextkey = nextkey
        self.pivotsearch = pivotsearch
        self.anynullkeys = anynullkeys
        # Per column: None (same type: compare sort keys) or cmp(datum, arg) for a scan
        # argument of another type.
        self.comparators = comparators


def make_insertion_key(keys: IndexKeys, values, scantid: ItemPointer | None) -> InsertionKey:
    """_bt_mkscankey: an insertion key for the key columns of `values` (a full row of
    index column values, or fewer for a truncated tuple: the missing ones count as
    NULL). NULLS NOT DISTINCT indexes pretend there are no NULL keys, so that the
    uniqueness check runs."""
    args = []
    anynull = False
    for i in range(keys.nkeyatts):
        value = values[i] if i < len(values) else None
        if value is None:
            anynull = True
            args.append(None)
        else:
            args.append(keys.keys[i](value))
    if keys.description.nulls_not_distinct:
        anynull = False
    return InsertionKey(args, scantid, anynullkeys=anynull)


def insertion_key_from_tuple(keys: IndexKeys, data) -> InsertionKey:
    """An insertion key for an index tuple's present key columns and heap TID."""
    count = min(it.natts(data, keys.natts), keys.nkeyatts)
    values = keys.codec.deform(data, count)
    args = [None if v is None else keys.keys[i](v) for i, v in enumerate(values)]
    return InsertionKey(args, it.heap_tid(data))


def compare(keys: IndexKeys, key: InsertionKey, page, offnum: int, is_leaf: bool,
            first_data_offset: int) -> int:
    """_bt_compare: sign(key - item at offnum) (see the module docstring)."""
    if not is_leaf and offnum == first_data_offset:
        return 1
    item = pl.get_item(page, offnum)
    return compare_tuple(keys, key, item)


_LINE_POINTER = struct.Struct("<I").unpack_from
_ITEM_HEADER = struct.Struct("<HHHH").unpack_from     # bi_hi, bi_lo, ip_posid, t_info


def first_key_prober(keys: IndexKeys, key: InsertionKey):
    """A faster `compare` for the commonest search: a scan key that is one non-NULL
    value of a fixed-length first key column compared by its own type's order.
    probe(page, offnum) reads the item's first column straight from the page (one
    line-pointer and one header unpack, no tuple deforming) and returns sign(key -
    item), or 0 when `compare` must decide: equal values (the tie-breaks on attribute
    count and heap TID), a NULL, a pivot without the column. None when the key is not
    of that kind. The item at the first data offset of an internal page (minus
    infinity) is the caller's to skip, as `compare` does."""
    if key.keysz != 1 or key.args[0] is None or \
            (key.comparators is not None and key.comparators[0] is not None):
        return None
    span = keys.codec.first_fixed_span()
    if span is None:
        return None
    start, end = span
    unpack = keys.codec.columns[0].unpack
    sort_key = keys.keys[0]
    arg = key.args[0]
    sign = -1 if keys.columns[0].desc else 1
    base = pl.SIZE_OF_PAGE_HEADER - pl.ITEM_ID_SIZE
    null_mask, alt_tid, posting, natts_mask = (it.INDEX_NULL_MASK, it.INDEX_ALT_TID_MASK,
                                               it.BT_IS_POSTING, it.BT_OFFSET_MASK)

    def probe(page, offnum: int) -> int:
        off = _LINE_POINTER(page, base + offnum * 4)[0] & 0x7FFF
        _hi, _lo, pos, info = _ITEM_HEADER(page, off)
        if info & null_mask or (info & alt_tid and not pos & posting
                                and not pos & natts_mask):
            return 0
        datum = sort_key(unpack(page[off + start:off + end]))
        return sign * ((arg > datum) - (arg < datum))
    return probe


def compare_tuple(keys: IndexKeys, key: InsertionKey, item) -> int:
    ntupatts = it.natts(item, keys.natts)
    ncmpkey = min(ntupatts, key.keysz)
    if ncmpkey:
        datums = keys.codec.deform(item, ncmpkey)
        columns = keys.columns
        comparators = key.comparators
        for i in range(ncmpkey):
            arg = key.args[i]
            datum = datums[i]
            column = columns[i]
            if arg is None:
                if datum is None:
                    continue
                result = -1 if column.nulls_first else 1
            elif datum is None:
                result = 1 if column.nulls_first else -1
            else:
                if comparators is not None and comparators[i] is not None:
                    result = -comparators[i](datum, arg)
                else:
                    kd = keys.keys[i](datum)
                    result = (arg > kd) - (arg < kd)
                if column.desc:
                    result = -result
            if result:
                return result
    if key.keysz > ntupatts:
        return 1
    tid = it.heap_tid(item)
    if key.scantid is None:
        if not key.pivotsearch and key.keysz == ntupatts and tid is None:
            return 1
        return 0
    if tid is None:
        return 1
    scantid = key.scantid
    if scantid <= tid or not it.is_posting(item):
        return (scantid > tid) - (scantid < tid)
    # A posting list covers the heap TIDs from its first to its last: a scantid in
    # between is "equal" (the insert that finds it splits the posting list).
    return 1 if scantid > it.max_heap_tid(item) else 0


def keep_natts(keys: IndexKeys, lastleft, firstright) -> int:
    """_bt_keep_natts: how many key columns a pivot between `lastleft` and `firstright`
    must keep to tell them apart; nkeyatts + 1 means "a heap TID is needed too"."""
    count = keys.nkeyatts
    left = keys.codec.deform(lastleft, count)
    right = keys.codec.deform(firstright, count)
    keep = 1
    for i in range(count):
        a, b = left[i], right[i]
        if (a is None) != (b is None):
            break
        if a is not None and keys.keys[i](a) != keys.keys[i](b):
            break
        keep += 1
    return keep


def keep_natts_fast(keys: IndexKeys, lastleft, firstright) -> int:
    """_bt_keep_natts_fast: the same by bitwise equality of the stored values
    (datum_image_eq), which nbtsplitloc.c uses to judge candidate split points."""
    count = keys.nkeyatts
    left = keys.codec.images(lastleft, count)
    right = keys.codec.images(firstright, count)
    keep = 1
    for a, b in zip(left, right):
        if (a is None) != (b is None):
            break
        if a is not None and a != b:
            break
        keep += 1
    return keep


def column_comparator(keys: IndexKeys, attno: int, arg_type: int | None):
    """For a scan argument of type `arg_type` on key column `attno` (1-based): None
    when it is the column's own type, else cmp(datum, arg) from the cross-type
    operators (int4 column, int8 argument; date column, timestamp argument ...)."""
    column = keys.columns[attno - 1]
    if arg_type is None or arg_type == column.type_oid:
        return None
    for family in _SAME_SORT_KEY_FAMILIES:
        if arg_type in family and column.type_oid in family:
            return None
    return cross_type_cmp(column.type_oid, arg_type)


# Operator families whose members share one sort key, so cross-type arguments need no
# operator calls (integer_ops, float_ops; text_ops / name_ops under the C collation,
# with cstring, how name_ops stores a catalog index's name key).
_SAME_SORT_KEY_FAMILIES = (frozenset({20, 21, 23}), frozenset({700, 701}),
                           frozenset({19, 25, 1043, 2275}))


@functools.lru_cache(maxsize=256)
def cross_type_cmp(left: int, right: int):
    """cmp(a, b) for a value of type `left` and one of type `right`."""
    return _operator_cmp(left, right)


def first_data_offset(page) -> int:
    return pf.first_data_offset(page)
