# Fixtures for the BRIN tests: an in-process cluster with real WAL
# (tests/index_wal_support.py), and what the catalog would tell access/brin about the
# test indexes (set_catalog_info is the catalog layer's hook).
from __future__ import annotations

import pytest


@pytest.fixture
def wal_cluster(tmp_path, monkeypatch):
    from index_wal_support import wal_cluster_for
    from pgsnake.access.brin import access_method as brin
    brin._descs.clear()
    brin._target_blocks.clear()
    yield from wal_cluster_for(tmp_path, monkeypatch)
    brin._descs.clear()
    brin._target_blocks.clear()
