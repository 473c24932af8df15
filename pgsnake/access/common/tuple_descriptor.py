"""Tuple descriptors and relation descriptors: what the access methods need to know about
a relation, independent of the catalogs that describe it.

The catalog layer (`catalog/cache`) builds these from pg_class and pg_attribute rows; the
heap and the executor only ever see these dataclasses, so `access/` never imports
`catalog/` (the layering rule in docs/architecture.md).

PostgreSQL: access/common/tupdesc.c, include/access/tupdesc.h, include/utils/rel.h.
"""
from __future__ import annotations

import dataclasses

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


@dataclasses.dataclass(frozen=True, slots=True)
class TupleDescriptor:
    attributes: tuple[Attribute, ...]

    def __len__(self) -> int:
        return len(self.attributes)

    def names(self) -> list[str]:
        return [a.name for a in self.attributes]


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

    @property
    def attributes(self) -> tuple[Attribute, ...]:
        return self.descriptor.attributes

    @property
    def needs_wal(self) -> bool:
        return self.persistence == "p"
