"""Lock tags: what a heavyweight lock is a lock *on*.

A tag is four numbers, a lock type and a lock method, exactly PostgreSQL's LOCKTAG, so
pg_locks can show each field in the column PostgreSQL shows it in:

    type            field1      field2      field3      field4      made by
    relation        database    relation                            relation(db, rel)
    extend          database    relation                            relation_extend(db, rel)
    page            database    relation    block                   page(db, rel, block)
    tuple           database    relation    block       offset      tuple(db, rel, blk, off)
    transactionid   xid                                             transaction(xid)
    virtualxid      backend id  local xid                           virtual_transaction(b, l)
    object          database    class oid   object oid  sub-id      object(db, cls, obj, sub)
    advisory        database    key high    key low     1 or 2      advisory(db, ...)

The lock method is 1 (DEFAULT) for everything but advisory locks, which use 2 (USER):
their locks are never released by the lock-release-at-commit path unless they were
taken at transaction level.

In shared memory a tag is 16 bytes, "<IIIHBB" (field1..field4, type, method), the same
order as PostgreSQL's struct; a slot whose method byte is 0 is free.

PostgreSQL: include/storage/lock.h (LOCKTAG, SET_LOCKTAG_*), utils/adt/lockfuncs.c
(LockTagTypeNames), storage/lmgr/lmgr.c (DescribeLockTag).
"""
from __future__ import annotations

import struct
from typing import NamedTuple

RELATION, EXTEND, FROZEN_IDS, PAGE, TUPLE, TRANSACTION, VIRTUAL_TRANSACTION, \
    SPECULATIVE_TOKEN, OBJECT, USERLOCK, ADVISORY = range(11)

TYPE_NAMES = ("relation", "extend", "frozenid", "page", "tuple", "transactionid",
              "virtualxid", "spectoken", "object", "userlock", "advisory")

DEFAULT_METHOD = 1
USER_METHOD = 2

PACKED = struct.Struct("<IIIHBB")     # 16 bytes


class LockTag(NamedTuple):
    field1: int
    field2: int
    field3: int
    field4: int
    type: int
    method: int = DEFAULT_METHOD

    def pack(self) -> bytes:
        return PACKED.pack(*self)

    @property
    def type_name(self) -> str:
        return TYPE_NAMES[self.type]


def relation(database_oid: int, relation_oid: int) -> LockTag:
    return LockTag(database_oid, relation_oid, 0, 0, RELATION)


def relation_extend(database_oid: int, relation_oid: int) -> LockTag:
    return LockTag(database_oid, relation_oid, 0, 0, EXTEND)


def page(database_oid: int, relation_oid: int, block: int) -> LockTag:
    return LockTag(database_oid, relation_oid, block, 0, PAGE)


def tuple_(database_oid: int, relation_oid: int, block: int, offset: int) -> LockTag:
    return LockTag(database_oid, relation_oid, block, offset, TUPLE)


def transaction(xid: int) -> LockTag:
    return LockTag(xid & 0xFFFFFFFF, 0, 0, 0, TRANSACTION)


def virtual_transaction(backend_id: int, local_xid: int) -> LockTag:
    return LockTag(backend_id, local_xid, 0, 0, VIRTUAL_TRANSACTION)


def object_(database_oid: int, class_oid: int, object_oid: int, sub_id: int = 0) -> LockTag:
    return LockTag(database_oid, class_oid, object_oid, sub_id, OBJECT)


def advisory_int8(database_oid: int, key: int) -> LockTag:
    """pg_advisory_lock(bigint): the key's high and low 32 bits, sub-id 1."""
    key &= 0xFFFFFFFFFFFFFFFF
    return LockTag(database_oid, key >> 32, key & 0xFFFFFFFF, 1, ADVISORY, USER_METHOD)


def advisory_int4_pair(database_oid: int, key1: int, key2: int) -> LockTag:
    """pg_advisory_lock(int, int): both keys as given, sub-id 2."""
    return LockTag(database_oid, key1 & 0xFFFFFFFF, key2 & 0xFFFFFFFF, 2, ADVISORY,
                   USER_METHOD)


def describe(tag: LockTag) -> str:
    """The phrase error messages use for a tag ("transaction 745", "relation 16384 of
    database 5"), as in deadlock reports."""
    f1, f2, f3, f4, kind, _ = tag
    if kind == RELATION:
        return f"relation {f2} of database {f1}"
    if kind == EXTEND:
        return f"extension of relation {f2} of database {f1}"
    if kind == FROZEN_IDS:
        return f"pg_database.datfrozenxid of database {f1}"
    if kind == PAGE:
        return f"page {f3} of relation {f2} of database {f1}"
    if kind == TUPLE:
        return f"tuple ({f3},{f4}) of relation {f2} of database {f1}"
    if kind == TRANSACTION:
        return f"transaction {f1}"
    if kind == VIRTUAL_TRANSACTION:
        return f"virtual transaction {f1}/{f2}"
    if kind == SPECULATIVE_TOKEN:
        return f"speculative token {f2} of transaction {f1}"
    if kind == OBJECT:
        return f"object {f3} of class {f2} of database {f1}"
    if kind == USERLOCK:
        return f"user lock [{f1},{f2},{f3}]"
    if kind == ADVISORY:
        return f"advisory lock [{f1},{f2},{f3},{f4}]"
    return f"unrecognized locktag type {kind}"


def signed16(value: int) -> int:
    return value - 0x10000 if value >= 0x8000 else value
