"""Tuple descriptors and relation descriptors: what the access methods need to know about
a relation, independent of the catalogs that describe it.

The catalog layer (`catalog/cache`) builds these from pg_class and pg_attribute rows; the
heap and the executor only ever see these dataclasses, so `access/` never imports
`catalog/` (the layering rule in docs/architecture.md). An index relation (relkind 'i')
also carries an `IndexDescription`: what pg_index and the operator classes say about it.

PostgreSQL: access/common/tupdesc.c, include/access/tupdesc.h, include/utils/rel.h,
include/catalog/pg_index.h.
"""
from __future__ import annotations

import dataclasses

from pgsnake.access.transam import pending_syncs
from pgsnake.storage.smgr.relation_path import RelFileLocator


@dataclasses.dataclass(frozen=True, slots=True)
class Attribute:
    """One column, as pg_attribute describes it (attnum is 1-based)."""
    attnum: int
    name: str
    type_oid: int
    typmod: int = -1
    not_null: bool = False
    typlen: int = -1          # -1 varlena, -2 cstring, else fixed byte length
    typbyval: bool = False
    typalign: str = "i"       # 'c' 1, 's' 2, 'i' 4, 'd' 8 bytes
    has_default: bool = False
    is_dropped: bool = False
    identity: str = ""        # attidentity: 'a' GENERATED ALWAYS, 'd' BY DEFAULT, '' none
    # attstorage: 'p' plain, 'e' external, 'm' main, 'x' extended. Relations take it from
    # pg_attribute; the default serves descriptors made by hand (a plain column's varlena
    # values never get a 1-byte header, heap_tuple.py).
    storage: str = "x"
    compression: str = ""     # attcompression: 'p' pglz, 'l' lz4, '' the default
    generated: str = ""       # attgenerated: 's' stored generated column, '' none


@dataclasses.dataclass(frozen=True, slots=True)
class TupleDescriptor:
    attributes: tuple[Attribute, ...]

    def __len__(self) -> int:
        return len(self.attributes)

    def names(self) -> list[str]:
        return [a.name for a in self.attributes]


# pg_index.indoption bits, one per key column (PostgreSQL: catalog/pg_index.h).
INDOPTION_DESC = 0x0001          # the column is sorted descending
INDOPTION_NULLS_FIRST = 0x0002   # NULLs sort before non-NULLs (the default for DESC)


@dataclasses.dataclass(frozen=True, slots=True)
class IndexDescription:
    """What an index relation's pg_index row says, as the access methods need it.

    The index's own `TupleDescriptor` lists its columns: the `key_count` key columns
    first, then INCLUDE columns, each with the type the index stores (for a plain
    column, the heap column's type; for an expression, the expression's type).
    """
    heap_oid: int                          # indrelid
    key_count: int                         # indnkeyatts (<= number of index columns)
    unique: bool = False                   # indisunique
    nulls_not_distinct: bool = False       # indnullsnotdistinct (PostgreSQL 15)
    options: tuple[int, ...] = ()          # indoption per key column (INDOPTION_* bits)
    collations: tuple[int, ...] = ()       # indcollation per key column (0 = none)
    heap_attnums: tuple[int, ...] = ()     # indkey: heap column per index column, 0 = expression
    column_texts: tuple[str, ...] = ()     # how pg_get_indexdef_columns prints each key
                                           # column ('a', '"A"', 'lower(b)'); default:
                                           # the quoted column names
    fillfactor: int = 90                   # reloption (leaf pages)
    deduplicate_items: bool = True         # reloption
    gin_fastupdate: bool = True            # GIN reloption fastupdate
    gin_pending_list_limit: int = -1       # GIN reloption (kB); -1: the setting's
    gist_buffering: str = "auto"           # GiST reloption buffering (on / off / auto)
    access_method: int = 403               # pg_class.relam (403 btree, 2742 gin)
    opclass_names: tuple[str, ...] = ()    # pg_opclass.opcname per key column (GIN's
                                           # support functions are found by name)
    order_procs: tuple[int, ...] = ()      # B-tree / hash: per key column, the support
                                           # function 1 of a user-defined operator class
                                           # written in SQL or a PL (0: the type's own
                                           # ordering / hashing, which pgsnake runs natively)

    def option(self, keyno: int) -> int:
        """indoption of key column `keyno` (0-based); 0 when none were given."""
        return self.options[keyno] if keyno < len(self.options) else 0


@dataclasses.dataclass(frozen=True, slots=True)
class Relation:
    """An open relation: identity, storage location and row shape (a relcache entry)."""
    oid: int
    name: str
    namespace_oid: int
    relkind: str                   # 'r' table, 'i' index, 'v' view, 'S' sequence, ...
    locator: RelFileLocator
    descriptor: TupleDescriptor
    persistence: str = "p"         # 'p' permanent, 'u' unlogged, 't' temporary
    is_shared: bool = False        # shared catalogs live in global/
    namespace_name: str = "public"
    index: IndexDescription | None = None  # set for indexes (relkind 'i')
    toast_oid: int = 0             # reltoastrelid: its TOAST table, 0 if none
    toast_tuple_target: int = 2032  # reloption toast_tuple_target (TOAST_TUPLE_TARGET)
    fillfactor: int = 100          # heap reloption fillfactor (HEAP_DEFAULT_FILLFACTOR)
    parallel_workers: int = -1     # heap reloption parallel_workers (-1: not set)

    @property
    def attributes(self) -> tuple[Attribute, ...]:
        return self.descriptor.attributes

    @property
    def needs_wal(self) -> bool:
        """RelationNeedsWAL: permanent, and not a file this transaction created under
        wal_level = minimal (access/transam/pending_syncs.py syncs it at commit)."""
        return self.persistence == "p" and not pending_syncs.skips_wal(self.locator)
