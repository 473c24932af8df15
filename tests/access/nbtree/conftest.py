# Fixtures for the B-tree tests: a buffer pool over a data directory in tmp_path with a
# recording fake of the WAL (tests/storage_test_support.py), and index relations.
from __future__ import annotations

import pytest

from storage_test_support import buffer_pool, tiny_pool, transactions  # noqa: F401

from nbtree_support import make_index  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_btree_caches():
    from pgsnake.access.nbtree import search
    search.forget_cached_roots()
    yield
    search.forget_cached_roots()
