"""The row hash that picks a hash partition, equal to PostgreSQL's so that a row lands in
the same partition as it would there (and satisfies_hash_partition agrees).

Each non-NULL key column is hashed with its type's extended hash function seeded with
HASH_PARTITION_SEED; the column hashes are folded with hash_combine64 from 0; the row
goes to the partition whose remainder is hash % modulus (unsigned 64-bit arithmetic).
The hash functions are Bob Jenkins' lookup3 as PostgreSQL's common/hashfn.c has them
(access/hash/hash_functions.py, shared with hash indexes):
integers through hash_bytes_uint32_extended (int8 folded to 32 bits first), text-like
values through hash_bytes_extended of their UTF-8 bytes, the other types with a hash
index support function (float, date, timestamp, uuid, bytea, ...) through it.

Entry points: row_hash(values, type_oids) -> int (unsigned 64-bit),
extended_hash(value, type_oid, seed) -> int.

PostgreSQL: common/hashfn.c (hash_bytes_extended, hash_bytes_uint32_extended,
hash_combine64), utils/adt/int.c / int8.c / varlena.c (hashint4extended,
hashint8extended, hashtextextended), partitioning/partbounds.c
(compute_partition_hash_value).
"""
from __future__ import annotations

from pgsnake.access.hash.hash_functions import (extended_function, fold_int8,  # noqa: F401
                                                hash_bytes_extended, hash_combine64,
                                                hash_uint32_extended)
from pgsnake.utils.errors import PgError

HASH_PARTITION_SEED = 0x7A5B22367996DCFD
_M32 = 0xFFFFFFFF
_M64 = 0xFFFFFFFFFFFFFFFF
_INTEGER_TYPES = {20, 21, 23, 26, 16, 18}
_TEXT_TYPES = {25, 1043, 19, 1042}


def extended_hash(value, type_oid: int, seed: int) -> int:
    if type_oid == 20:
        return hash_uint32_extended(fold_int8(value), seed)
    if type_oid in _INTEGER_TYPES:
        if isinstance(value, bool):
            value = int(value)
        if isinstance(value, str):
            value = ord(value[0]) if value else 0
        return hash_uint32_extended(value & _M32, seed)
    if type_oid in _TEXT_TYPES:
        text = value.rstrip(" ") if type_oid == 1042 else value
        return hash_bytes_extended(text.encode("utf-8"), seed)
    extended = extended_function(type_oid)     # float, date, timestamp, uuid, bytea, ...
    if extended is not None:
        return extended(value, seed)
    element_oid = _array_element(type_oid)
    if element_oid:
        return _array_extended_hash(value, element_oid, seed)
    from pgsnake.datatypes import registry
    raise PgError("0A000", f"hash partitioning on type {registry.format_type(type_oid)} "
                           f"is not supported yet")


def _array_element(type_oid: int) -> int:
    from pgsnake.catalog import catalog_cache as cc
    row = cc.get_type_row(type_oid)
    if row is None or row.typcategory != "A" or not row.typelem or row.typlen != -1:
        return 0
    return row.typelem


def _array_extended_hash(value, element_oid: int, seed: int) -> int:
    """hash_array_extended: the elements in storage order (a NULL one as 0), each with
    the element type's extended hash and the same seed, folded as result * 31 + hash
    from 1 in unsigned 64-bit arithmetic (bounds and dimensions take no part)."""
    from pgsnake.datatypes.array_values import elements
    result = 1
    for item in elements(value):
        hashed = 0 if item is None else extended_hash(item, element_oid, seed)
        result = (result * 31 + hashed) & _M64
    return result


def row_hash(values, type_oids, procs: tuple = ()) -> int:
    """compute_partition_hash_value. `procs`: PartitionKey.hash_procs (a user-defined
    operator class's extended hash function per column, 0 for the type's own)."""
    result = 0
    for i, (value, type_oid) in enumerate(zip(values, type_oids)):
        if value is not None:
            proc = procs[i] if i < len(procs) else 0
            hashed = _user_hash(proc, value) if proc else \
                extended_hash(value, type_oid, HASH_PARTITION_SEED)
            result = hash_combine64(result, hashed)
    return result


def require_support_procs(key) -> None:
    """RelationBuildPartitionKey's check: every user-defined class of a partition key
    has its support function (hash: 2, B-tree: 1); 42P17 naming the first that lacks it."""
    for proc in key.hash_procs:
        missing_support_function(proc, "hash", 2)
    for proc in key.order_procs:
        missing_support_function(proc, "btree", 1)


def missing_support_function(proc, method: str, number: int) -> None:
    """Raise for a PartitionKey support-function entry that marks a missing function
    (a (class name, type) pair)."""
    if isinstance(proc, tuple):
        from pgsnake.datatypes import registry
        name, type_oid = proc
        raise PgError("42P17", f'operator class "{name}" of access method {method} is '
                               f"missing support function {number} for type "
                               f"{registry.format_type(type_oid)}")


def _user_hash(proc, value) -> int:
    """A user-defined class's support function 2 (value, seed) -> bigint, as uint64."""
    missing_support_function(proc, "hash", 2)
    from pgsnake.datatypes import functions
    result = functions.function_by_oid(proc).fn(value, HASH_PARTITION_SEED)
    if result is None:
        raise PgError("XX000", f"function {proc} returned NULL")
    return result & 0xFFFFFFFFFFFFFFFF
