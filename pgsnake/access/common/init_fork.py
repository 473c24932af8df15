"""An unlogged relation's init fork: what the relation looks like empty, kept so that
crash recovery can reset the relation to it (storage/smgr/unlogged_reinit.py).

A table's init fork is an empty file; an index's holds the pages of an empty index, as
its access method's create_storage builds them (B-tree: the metapage; hash: metapage,
two buckets, bitmap page; GiST: the root leaf; GIN: metapage and root leaf); a
sequence's holds its page (access/sequence/sequence_page.py). Its creation and its page are WAL-logged (XLOG_SMGR_CREATE with the
init fork, XLOG_FPI), although nothing else about the relation is, and it is synced at
once: it must exist after any crash that finds the relation in the catalogs.

Entry point: create_init_fork(relation, pages=()) for a relation whose persistence is
'u'; a no-op for any other.

PostgreSQL: catalog/storage.c (RelationCreateStorage's init fork),
access/heap/heapam_handler.c (heapam_relation_set_new_filenode), access/nbtree/
nbtree.c (btbuildempty), access/hash/hash.c (hashbuildempty), access/gist/gist.c
(gistbuildempty), access/gin/gininsert.c (ginbuildempty), commands/sequence.c
(fill_seq_with_data).
"""
from __future__ import annotations

from pgsnake.access.transam import smgr_records
from pgsnake.access.transam.wal import wal
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils import settings


def create_init_fork(relation, pages=()) -> None:
    if relation.persistence != "u":
        return
    smgr.create(relation.locator, ForkNumber.INIT)
    smgr_records.log_create(relation.locator, ForkNumber.INIT)
    for blockno, page in enumerate(pages):
        page = bytearray(page)
        lsn = wal.log_new_page(relation.locator, ForkNumber.INIT, blockno, page)
        pl.set_lsn(page, lsn)
        if settings.get("data_checksums"):
            page = pl.checksummed_copy(page, blockno)
        smgr.extend(relation.locator, ForkNumber.INIT, blockno, bytes(page))
    smgr.sync(relation.locator, ForkNumber.INIT)
