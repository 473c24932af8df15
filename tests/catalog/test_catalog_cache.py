# Proves the catalog cache's contract: roles and databases are found through the shared
# catalogs even outside a transaction (backend startup), relations are resolved through
# search_path (pg_catalog first) or an explicit schema, catalog relations carry their
# compiled-in descriptors, and a change committed by "another backend" (the shared
# invalidation counter moving) makes accept_invalidations() drop every cache.
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
    segment = mmap.mmap(-1, mmap.PAGESIZE)
    region = shared_memory.Region("CatalogInvalidation", 0, 8, memoryview(segment)[:8],
                                  AtomicWords(segment))
    monkeypatch.setattr(invalidation, "_region", region)
    return region


def test_accept_invalidations_drops_caches_when_the_counter_moves(world, transaction, monkeypatch):
    region = _fake_region(monkeypatch)
    with transaction():
        cc.lookup_relation("pg_class")
        assert cc._classes is not None
    with transaction():
        assert cc._classes is not None          # nothing changed: caches kept
    region.atomics.fetch_add_u64(0, 1)          # another backend committed DDL
    with transaction():
        assert cc._classes is None
        cc.lookup_relation("pg_class")


def test_commit_of_catalog_change_bumps_the_counter(world, transaction, monkeypatch):
    region = _fake_region(monkeypatch)
    with transaction(rollback=True):
        invalidation.note_catalog_change()
    assert region.atomics.load_u64(0) == 0      # rolled back: nothing to announce
    with transaction():
        invalidation.note_catalog_change()
    assert region.atomics.load_u64(0) == 1
    assert world.catalog_changed_marks == 2
