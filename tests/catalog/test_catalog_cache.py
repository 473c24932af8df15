# Proves the catalog cache's contract: roles and databases are found through the shared
# catalogs even outside a transaction (backend startup), relations are resolved through
# search_path (pg_catalog first) or an explicit schema, catalog relations carry their
# compiled-in descriptors, and a change committed by "another backend" (the shared
# invalidation ring) makes accept_invalidations() drop what its messages name: one
# relation for a pg_class message, everything for a reset message or a lapped reader.
from __future__ import annotations

import mmap

import pytest

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import definitions as d
from pgsnake.catalog import invalidation
from pgsnake.storage.ipc import shared_memory
from pgsnake.storage.ipc.atomics import AtomicWords
from pgsnake.storage.smgr.relation_path import RelFileLocator
from pgsnake.utils.errors import PgError


def test_startup_lookups_run_in_their_own_transaction(world):
    from pgsnake.access.transam import xact
    assert xact.transaction_status() == "I"
    role = cc.lookup_role("alice")
    assert (role.oid, role.rolsuper, role.rolcanlogin) == (10, True, True)
    assert cc.lookup_role("nobody") is None
    database = cc.lookup_database("postgres")
    assert (database.oid, database.datallowconn) == (5, True)
    assert cc.lookup_database("template0").datallowconn is False
    assert cc.lookup_database("nosuch") is None
    assert xact.transaction_status() == "I"


def test_catalog_relations_come_from_definitions(world, transaction):
    with transaction():
        pg_class = cc.lookup_relation("pg_class")
        assert pg_class.oid == 1259 and pg_class.namespace_name == "pg_catalog"
        assert pg_class.locator == RelFileLocator(1663, 5, 1259)
        assert pg_class.descriptor == d.catalog_relation(1259).descriptor
        assert cc.get_relation(1262).locator == RelFileLocator(1664, 0, 1262)
        assert cc.lookup_relation("pg_class", "pg_catalog").oid == 1259
        assert cc.lookup_relation("pg_class", "public") is None
        assert cc.lookup_relation("nosuch") is None


def test_missing_relation_and_schema_errors(world, transaction):
    with transaction():
        with pytest.raises(PgError) as e:
            cc.get_relation(99999)
        assert e.value.sqlstate == "42P01"
        # SELECT * FROM nosuch.t says 'relation "nosuch.t" does not exist' in PostgreSQL,
        # so a missing schema is just "not found" here; DDL asks for the schema error.
        assert cc.lookup_relation("t", "nosuch") is None
        with pytest.raises(PgError) as e:
            cc.lookup_relation_oid("t", "nosuch", schema_must_exist=True)
        assert (e.value.sqlstate, e.value.message) == ("3F000", 'schema "nosuch" does not exist')


def test_namespaces_and_search_path(world, transaction):
    with transaction():
        assert cc.get_namespace_oid("public") == 2200
        assert cc.get_namespace_oid("nosuch") is None
        assert cc.search_path_namespaces() == [11, 2200]   # "$user" (alice) has no schema
        assert cc.creation_namespace() == 2200
        assert cc.lookup_type_row("int4").oid == 23


def _fake_region(monkeypatch):
    """A private invalidation ring (and a CatalogCacheLock word after it), as another
    backend would share it."""
    from pgsnake.storage.lmgr import lwlock
    size = 8 + invalidation.RING_SLOTS * 8
    segment = mmap.mmap(-1, size + 8)
    atomics = AtomicWords(segment)
    region = shared_memory.Region("CatalogInvalidation", 0, size, memoryview(segment)[:size],
                                  atomics)
    monkeypatch.setattr(invalidation, "_region", region)
    monkeypatch.setitem(lwlock._named, "CatalogCacheLock",
                        lwlock.LWLock("CatalogCacheLock", atomics, size))
    return region


def _other_backend_commits(region, *messages) -> None:
    """Write messages to the ring as another backend's commit does."""
    count = region.atomics.load_u64(0)
    for number, (catalog, key) in enumerate(messages, count):
        invalidation._SLOT.pack_into(region.view, 8 + (number % invalidation.RING_SLOTS) * 8,
                                     catalog, key)
    region.atomics.store_u64(0, count + len(messages))


def test_a_reset_message_drops_every_cache(world, transaction, monkeypatch):
    region = _fake_region(monkeypatch)
    with transaction():
        cc.lookup_relation("pg_class")
        assert cc._classes is not None
    with transaction():
        assert cc._classes is not None          # nothing changed: caches kept
    _other_backend_commits(region, invalidation.RESET_ALL)
    with transaction():
        assert cc._classes is None
        cc.lookup_relation("pg_class")


def test_a_pg_class_message_drops_only_that_relation(world, transaction, monkeypatch):
    region = _fake_region(monkeypatch)
    with transaction():
        cc.lookup_relation("pg_class")
        cc.lookup_relation("pg_type")
        cc.get_type_row(23)
        types = cc._types
    _other_backend_commits(region, (1259, 1247))      # pg_type's pg_class row changed
    with transaction():
        assert 1259 in cc._classes and 1247 not in cc._classes
        assert 1259 in cc._relations and 1247 not in cc._relations
        assert cc._types is types                      # other catalogs' caches kept
        assert cc.lookup_relation("pg_type").oid == 1247   # re-read by a keyed scan
        assert 1247 in cc._classes


def test_a_reader_lapped_by_the_ring_drops_every_cache(world, transaction, monkeypatch):
    region = _fake_region(monkeypatch)
    with transaction():
        cc.get_type_row(23)
    _other_backend_commits(region, *[(2620, n) for n in range(invalidation.RING_SLOTS + 1)])
    with transaction():
        assert cc._types is None


def test_commit_of_catalog_change_writes_its_messages(world, transaction, monkeypatch):
    region = _fake_region(monkeypatch)
    with transaction(rollback=True):
        invalidation.record_change(1259, 42)
        invalidation.note_catalog_change()
    assert region.atomics.load_u64(0) == 0      # rolled back: nothing to announce
    with transaction():
        invalidation.record_change(1259, 42)
        invalidation.record_change(1249, 42)
        invalidation.record_change(1259, 42)    # once per transaction is enough
        invalidation.note_catalog_change()
    assert region.atomics.load_u64(0) == 2
    assert [invalidation._SLOT.unpack_from(region.view, 8 + n * 8) for n in range(2)] == [
        (1259, 42), (1249, 42)]
    assert world.catalog_changed_marks == 2
    with transaction():
        invalidation.note_catalog_change()      # a change nobody described: reset all
    assert invalidation._SLOT.unpack_from(region.view, 8 + 2 * 8) == invalidation.RESET_ALL
