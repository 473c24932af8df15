# The relation mapper (catalog/relation_map.py): pg_filenode.map files in PostgreSQL 15's
# format (a fresh oracle cluster's files decode, ours decode in PostgreSQL's pg_waldump
# terms: same magic, size and CRC), the mapped relations PostgreSQL's initdb maps,
# REINDEX of mapped catalog indexes moving them to new files through the map, seen by
# other sessions and databases, and crash safety: a REINDEX committed before kill -9 is
# kept even when the map file write was lost (redo of XLOG_RELMAP_UPDATE rewrites it),
# and one still open at the kill leaves the old map in use.
from __future__ import annotations

import os

import pytest

from pgsnake.catalog import relation_map
from pgsnake.utils.errors import PgError


def test_file_format_round_trip_and_damage_refused(tmp_path):
    image = relation_map.encode({1259: 1259, 2662: 16384})
    assert len(image) == relation_map.FILE_SIZE == 512
    assert relation_map.decode(image, "x") == {1259: 1259, 2662: 16384}
    damaged = bytearray(image)
    damaged[20] ^= 1
    with pytest.raises(PgError, match="incorrect checksum"):
        relation_map.decode(bytes(damaged), "x")
    with pytest.raises(PgError, match="invalid data"):
        relation_map.decode(bytes(4) + image[4:], "x")
    with pytest.raises(PgError):
        relation_map.encode({oid: oid for oid in range(1, relation_map.MAX_MAPPINGS + 2)})


def test_oracle_map_files_decode_and_name_the_relations_we_map(make_oracle_server):
    oracle = make_oracle_server()
    with oracle.connect() as conn:
        database = conn.execute("SELECT oid FROM pg_database "
                                "WHERE datname = current_database()").fetchone()[0]
        mapped = {row[0]: row[1] for row in conn.execute(
            "SELECT oid, relisshared FROM pg_class WHERE relfilenode = 0 "
            "AND relkind IN ('r', 'i', 't')")}
    oracle.stop()
    for shared, directory in ((True, "global"), (False, f"base/{database}")):
        with open(os.path.join(oracle.datadir, directory, "pg_filenode.map"), "rb") as f:
            mapping = relation_map.decode(f.read(), directory)
        assert set(mapping) == {oid for oid, is_shared in mapped.items()
                                if is_shared == shared}
        ours = relation_map.MAPPED_SHARED if shared else relation_map.MAPPED_LOCAL
        # Ours are PostgreSQL's, less the relations pgsnake lacks (TOAST tables of
        # catalogs, pg_replication_origin).
        assert ours <= set(mapping)


def _filenodes(conn, names):
    return {name: conn.execute("SELECT pg_relation_filenode(%s::regclass), relfilenode "
                               "FROM pg_class WHERE relname = %s", (name, name)).fetchone()
            for name in names}


MAPPED_INDEXES = ("pg_class_oid_index", "pg_authid_oid_index")


def test_reindex_of_mapped_indexes_moves_them_through_the_map(make_pgsnake_server):
    server = make_pgsnake_server()
    # A session of another database, open across the change, reads the shared map again.
    elsewhere = server.connect(dbname="template1")
    assert elsewhere.execute("SELECT rolname FROM pg_authid WHERE oid = 10").fetchone()
    with server.connect() as conn:
        before = _filenodes(conn, MAPPED_INDEXES)
        assert all(node == 0 for _, node in before.values())
        conn.execute("REINDEX INDEX pg_class_oid_index")
        conn.execute("REINDEX TABLE pg_authid")
        after = _filenodes(conn, MAPPED_INDEXES)
        for name in MAPPED_INDEXES:
            assert after[name][0] != before[name][0] and after[name][1] == 0
            path = conn.execute("SELECT pg_relation_filepath(%s::regclass)",
                                (name,)).fetchone()[0]
            assert path.endswith(f"/{after[name][0]}")
            assert os.path.exists(os.path.join(server.datadir, path))
        # A rolled-back REINDEX leaves the map alone; a savepoint may not change it.
        conn.execute("BEGIN")
        conn.execute("REINDEX INDEX pg_class_oid_index")
        conn.execute("ROLLBACK")
        assert _filenodes(conn, MAPPED_INDEXES) == after
        conn.execute("BEGIN")
        conn.execute("SAVEPOINT s")
        with pytest.raises(Exception, match="within subtransaction"):
            conn.execute("REINDEX INDEX pg_class_oid_index")
        conn.execute("ROLLBACK")
    # Another session and another database (the shared map) see the new files.
    with server.connect() as other:
        assert _filenodes(other, MAPPED_INDEXES) == after
        assert other.execute("SELECT count(*) FROM pg_class WHERE oid = 1259").fetchone()[0] == 1
    with elsewhere:
        conn_index = elsewhere.execute("SELECT pg_relation_filenode('pg_authid_oid_index')"
                                       ).fetchone()[0]
        assert conn_index == after["pg_authid_oid_index"][0]
        elsewhere.execute("SET enable_seqscan = off")
        assert elsewhere.execute("SELECT rolname FROM pg_authid WHERE oid = 10").fetchone()
    with server.connect(dbname="template1") as other:
        assert other.execute("SELECT pg_relation_filenode('pg_authid_oid_index')"
                             ).fetchone()[0] == after["pg_authid_oid_index"][0]
        assert other.execute("SELECT rolname FROM pg_authid WHERE oid = 10").fetchone()


def test_committed_map_change_survives_kill_9_even_without_the_file(make_pgsnake_server):
    server = make_pgsnake_server()
    local_map = None
    with server.connect() as conn:
        database = conn.execute("SELECT oid FROM pg_database "
                                "WHERE datname = current_database()").fetchone()[0]
        conn.execute("CHECKPOINT")
        local_map = os.path.join(server.datadir, f"base/{database}/pg_filenode.map")
        shared_map = os.path.join(server.datadir, "global/pg_filenode.map")
        saved = {path: open(path, "rb").read() for path in (local_map, shared_map)}
        conn.execute("REINDEX INDEX pg_class_oid_index")
        conn.execute("REINDEX INDEX pg_database_oid_index")
        after = _filenodes(conn, ("pg_class_oid_index", "pg_database_oid_index"))
    # An open REINDEX at the kill changes nothing.
    open_conn = server.connect(autocommit=False)
    open_conn.execute("REINDEX INDEX pg_type_oid_index")
    type_index = open_conn.execute("SELECT pg_relation_filenode('pg_type_oid_index')"
                                   ).fetchone()[0]
    server.kill_all_9()
    open_conn.close()
    # As if the crash came between the WAL record's flush and the file's write.
    for path, image in saved.items():
        with open(path, "wb") as f:
            f.write(image)
    server.start()
    with server.connect() as conn:
        assert _filenodes(conn, ("pg_class_oid_index", "pg_database_oid_index")) == after
        assert conn.execute("SELECT pg_relation_filenode('pg_type_oid_index')"
                            ).fetchone()[0] != type_index
        # The catalogs answer through the rebuilt indexes.
        assert conn.execute("SELECT relname FROM pg_class WHERE oid = 1259").fetchone() == \
            ("pg_class",)
        assert conn.execute("SELECT datname FROM pg_database WHERE oid = %s",
                            (database,)).fetchone() is not None
        conn.execute("CREATE TABLE regress_after_crash (a int PRIMARY KEY)")
        conn.execute("DROP TABLE regress_after_crash")
    assert open(local_map, "rb").read() != saved[local_map]
