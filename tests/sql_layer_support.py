"""The `sql` fixture shared by tests/parser, tests/optimizer and tests/executor: it
points the SQL layer's references to the lower layers (datatypes, catalog cache, heap,
transactions, buffer manager) at the small fakes in sql_fakes.py, so the SQL layer is
tested alone; the system and regress tests cover it over the real layers."""
import pytest

import sql_fakes


@pytest.fixture
def sql(monkeypatch):
    import pgsnake.commands  # noqa: F401  (registers EXPLAIN, CREATE TABLE, DROP)
    import pgsnake.executor.portal_query  # noqa: F401  (imports every SQL module)
    return sql_fakes.install(monkeypatch)
