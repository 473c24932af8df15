"""pg_export_snapshot and SET TRANSACTION SNAPSHOT across sessions: an importing
transaction sees exactly what the exporting one saw (not rows committed since, not the
exporter's own uncommitted rows even after it commits), PostgreSQL's checks on the
importer (isolation level, serializable source, database), and the snapshot file goes
when the exporting transaction ends. Run against both servers (server_kind).
PostgreSQL: utils/time/snapmgr.c (ExportSnapshot, ImportSnapshot).
"""
from __future__ import annotations

import psycopg
import pytest


def _import(conn, identifier, level="REPEATABLE READ"):
    conn.execute(f"BEGIN ISOLATION LEVEL {level}")
    conn.execute(f"SET TRANSACTION SNAPSHOT '{identifier}'")


@pytest.mark.slow     # ~15 s; the default tier has regress admin_snapshot_export.sql
def test_imported_snapshot_sees_what_the_exporter_saw(make_server):
    server = make_server()
    with server.connect(autocommit=True) as admin:
        admin.execute("CREATE TABLE shared_rows (a int)")
        admin.execute("INSERT INTO shared_rows VALUES (1)")
        admin.execute("CREATE DATABASE other_db")
    exporter = server.connect(autocommit=True)
    writer = server.connect(autocommit=True)
    importer = server.connect(autocommit=True)
    try:
        exporter.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        exporter.execute("INSERT INTO shared_rows VALUES (100)")      # its own xid
        identifier = exporter.execute("SELECT pg_export_snapshot()").fetchone()[0]
        writer.execute("INSERT INTO shared_rows VALUES (2)")          # committed after
        _import(importer, identifier)
        assert importer.execute("SELECT sum(a) FROM shared_rows").fetchone() == (1,)
        exporter.execute("COMMIT")
        # the exporter's row stays invisible: it was running in the imported snapshot
        assert importer.execute("SELECT sum(a) FROM shared_rows").fetchone() == (1,)
        importer.execute("COMMIT")
        assert importer.execute("SELECT sum(a) FROM shared_rows").fetchone() == (103,)
        # the file went with the exporting transaction
        with pytest.raises(psycopg.errors.InvalidParameterValue, match="invalid snapshot identifier"):
            _import(importer, identifier)
        importer.execute("ROLLBACK")

        exporter.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        identifier = exporter.execute("SELECT pg_export_snapshot()").fetchone()[0]
        with pytest.raises(psycopg.errors.FeatureNotSupported,
                           match="serializable transaction cannot import a snapshot from a "
                                 "non-serializable transaction"):
            _import(importer, identifier, "SERIALIZABLE")
        importer.execute("ROLLBACK")
        with psycopg.connect(server.dsn.replace("dbname=postgres", "dbname=other_db"),
                             autocommit=True) as elsewhere:
            with pytest.raises(psycopg.errors.FeatureNotSupported,
                               match="cannot import a snapshot from a different database"):
                _import(elsewhere, identifier)
        exporter.execute("COMMIT")
    finally:
        for conn in (exporter, writer, importer):
            conn.close()
