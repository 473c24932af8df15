# Which databases the catalog warmer reads (postmaster/catalog_warmer.py) and which
# caches the postmaster keeps between warmers (catalog/warm_caches.build): pure logic,
# no server. The end-to-end behaviour is tests/system/test_warm_caches.py.
from __future__ import annotations

import collections

from pgsnake.catalog import warm_caches
from pgsnake.postmaster import catalog_warmer
from pgsnake.storage.ipc import shared_memory

Row = collections.namedtuple("Row", "oid datname datallowconn datistemplate datconnlimit",
                             defaults=(-1,))


def test_postgres_first_then_the_newest_no_templates_no_refusing_databases():
    # (16700 is invalid: a DROP DATABASE cut short, datconnlimit -2)
    rows = [Row(1, "template1", True, True), Row(4, "template0", False, True),
            Row(5, "postgres", True, False), Row(16384, "a", True, False),
            Row(16390, "b", False, False), Row(16400, "c", True, False),
            Row(16500, "d", True, False), Row(16600, "e", True, False),
            Row(16700, "f", True, False, -2)]
    assert catalog_warmer.choose_databases(rows) == [5, 16600, 16500, 16400]


def test_build_keeps_recent_caches_of_chosen_databases_only(monkeypatch):
    generation = shared_memory.generation
    monkeypatch.setattr(warm_caches, "_states", {16384: {"position": 10},
                                                 16385: {"position": 10}})
    monkeypatch.setattr(warm_caches, "_generation", generation)
    assert not warm_caches.needs_reading(16384, 10 + warm_caches.REFRESH_AFTER_MESSAGES)
    assert warm_caches.needs_reading(16384, 11 + warm_caches.REFRESH_AFTER_MESSAGES)
    assert warm_caches.needs_reading(16386, 10)
    warm_caches.build(300, generation, {}, keep=[16384, 16386])
    assert warm_caches.warm_databases() == [16384]      # 16385 was not chosen
    assert warm_caches.position(16384) == 10


def test_build_keeps_nothing_of_another_shared_memory_generation(monkeypatch):
    monkeypatch.setattr(warm_caches, "_states", {16384: {"position": 10}})
    monkeypatch.setattr(warm_caches, "_generation", shared_memory.generation - 1)
    warm_caches.build(0, shared_memory.generation, {}, keep=[16384])
    assert warm_caches.warm_databases() == []
    assert warm_caches.needs_reading(16384, 0)
