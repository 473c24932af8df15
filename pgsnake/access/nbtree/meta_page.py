"""The metapage: block 0 of every B-tree index, which says where the root is.

BTMetaPageData sits right after the page header (offset 24), 48 bytes:

    btm_magic u32 (0x053162)  btm_version u32 (4)  btm_root u32  btm_level u32
    btm_fastroot u32  btm_fastlevel u32  btm_last_cleanup_num_delpages u32  (pad 4)
    btm_last_cleanup_num_heap_tuples f64 (-1: unknown)  btm_allequalimage bool (pad 7)

pd_lower is set just past it (72), so that a full-page image that drops the page's
"hole" keeps the metadata. The special space has BTP_META. An index with no entries
has root = 0 (P_NONE): the first insert creates the root (search.get_root).

The fast root equals the root in pgsnake: they differ only after VACUUM deletes pages
and leaves a chain of single-child levels on top, which does not happen yet.

Entry points: MetaData (a decoded copy), read_meta, write_meta, init_meta_page,
pack_xl_metadata / unpack_xl_metadata (xl_btree_metadata in WAL records).

PostgreSQL: include/access/nbtree.h (BTMetaPageData), access/nbtree/nbtpage.c
(_bt_initmetapage, _bt_getmeta), include/access/nbtxlog.h (xl_btree_metadata).
"""
from __future__ import annotations

import dataclasses
import struct

from pgsnake.access.nbtree import page_format as pf
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.errors import PgError

BTREE_METAPAGE = 0
BTREE_MAGIC = 0x053162
BTREE_VERSION = 4           # heapkeyspace: the heap TID is the last key column
BTREE_MIN_VERSION = 2
BTREE_NOVAC_VERSION = 3

_META = struct.Struct("<IIIIIII4xd?7x")        # at offset 24: 48 bytes
META_OFFSET = pl.SIZE_OF_PAGE_HEADER
META_END = META_OFFSET + _META.size             # 72: pd_lower of a metapage
_XL_METADATA = struct.Struct("<IIIIII?3x")      # xl_btree_metadata: 28 bytes
INDEX_CORRUPTED = "XX002"


@dataclasses.dataclass(slots=True)
class MetaData:
    magic: int = BTREE_MAGIC
    version: int = BTREE_VERSION
    root: int = pf.P_NONE
    level: int = 0
    fastroot: int = pf.P_NONE
    fastlevel: int = 0
    last_cleanup_num_delpages: int = 0
    last_cleanup_num_heap_tuples: float = -1.0
    allequalimage: bool = False


def read_meta(page, index_name: str = "") -> MetaData:
    """Decode the metapage; XX002 if it is not one (_bt_getmeta's checks)."""
    if not pf.Opaque(page).flags & pf.BTP_META:
        raise PgError(INDEX_CORRUPTED, f'index "{index_name}" is not a btree')
    meta = MetaData(*_META.unpack_from(page, META_OFFSET))
    if meta.magic != BTREE_MAGIC:
        raise PgError(INDEX_CORRUPTED, f'index "{index_name}" is not a btree')
    if not BTREE_MIN_VERSION <= meta.version <= BTREE_VERSION:
        raise PgError(INDEX_CORRUPTED,
                      f'version mismatch in index "{index_name}": file version '
                      f'{meta.version}, current version {BTREE_VERSION}, minimal supported '
                      f'version {BTREE_MIN_VERSION}')
    return meta


def write_meta(page, meta: MetaData) -> None:
    _META.pack_into(page, META_OFFSET, meta.magic, meta.version, meta.root, meta.level,
                    meta.fastroot, meta.fastlevel, meta.last_cleanup_num_delpages,
                    meta.last_cleanup_num_heap_tuples, meta.allequalimage)


def init_meta_page(page, meta: MetaData) -> None:
    """A fresh metapage (_bt_initmetapage, _bt_restore_meta)."""
    pf.init_page(page, flags=pf.BTP_META)
    write_meta(page, meta)
    struct.pack_into("<H", page, 12, META_END)


def pack_xl_metadata(meta: MetaData) -> bytes:
    return _XL_METADATA.pack(meta.version, meta.root, meta.level, meta.fastroot,
                             meta.fastlevel, meta.last_cleanup_num_delpages,
                             meta.allequalimage)


def unpack_xl_metadata(data: bytes) -> MetaData:
    version, root, level, fastroot, fastlevel, delpages, allequal = \
        _XL_METADATA.unpack_from(data, 0)
    return MetaData(BTREE_MAGIC, version, root, level, fastroot, fastlevel, delpages, -1.0,
                    allequal)
