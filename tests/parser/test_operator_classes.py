# Proves that ORDER BY and DISTINCT accept exactly the types PostgreSQL 15 can sort and
# compare (those with a default btree / hash operator class): for every built-in type
# pgsnake knows, the oracle is asked whether `ORDER BY` and `DISTINCT` on a value of it
# work, and pgsnake's check must agree, with PostgreSQL's SQLSTATE and message.
from __future__ import annotations

import pytest
from psycopg.pq import DiagnosticField, ExecStatus

from pgsnake.datatypes import registry
from pgsnake.parser import operator_classes
from pgsnake.utils.errors import PgError


def _types():
    for oid in sorted(registry._by_oid):
        info = registry.get_type(oid)
        if info.category not in ("P", "X") and oid not in (19, 18, 22, 30):
            yield oid


def _postgres_error(conn, sql):
    result = conn.pgconn.exec_(sql.encode())
    if result.status == ExecStatus.TUPLES_OK:
        return None
    return (result.error_field(DiagnosticField.SQLSTATE).decode(),
            result.error_field(DiagnosticField.MESSAGE_PRIMARY).decode())


def _our_error(check, oid):
    try:
        check(oid)
    except PgError as err:
        return (err.sqlstate, err.message)
    return None


@pytest.mark.oracle
def test_sortable_and_comparable_types_match_postgres(oracle):
    with oracle.connect() as conn:
        for oid in _types():
            name = registry.format_type(oid)
            assert _our_error(operator_classes.require_ordering, oid) == \
                _postgres_error(conn, f"select null::{name} order by 1"), name
            assert _our_error(operator_classes.require_equality, oid) == \
                _postgres_error(conn, f"select distinct null::{name}"), name
