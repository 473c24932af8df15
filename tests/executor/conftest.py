# Shared fixtures for the SQL-layer tests: fakes of the lower layers (see sql_fakes.py).
import importlib
import os
import sys
import types

sys.path.insert(0, os.path.dirname(__file__))

_LOWER = ["pgsnake.datatypes.registry", "pgsnake.datatypes.operators", "pgsnake.datatypes.casts",
          "pgsnake.datatypes.functions", "pgsnake.datatypes.aggregates",
          "pgsnake.catalog.catalog_cache", "pgsnake.access.heap.heapam",
          "pgsnake.access.transam.xact", "pgsnake.storage.buffer.buffer_manager",
          "pgsnake.commands.table_commands"]
for _name in _LOWER:
    try:
        importlib.import_module(_name)
    except Exception:
        # Not written yet (or broken mid-edit by its owner): a placeholder module, so that
        # our modules import; the `sql` fixture replaces every reference with a fake.
        _module = types.ModuleType(_name)
        sys.modules[_name] = _module
        _parent, _, _child = _name.rpartition(".")
        setattr(importlib.import_module(_parent), _child, _module)

import pytest  # noqa: E402

import sql_fakes  # noqa: E402


@pytest.fixture
def sql(monkeypatch):
    import pgsnake.executor.portal_query  # noqa: F401  (imports every SQL module)
    import pgsnake.commands.explain  # noqa: F401
    return sql_fakes.install(monkeypatch)
