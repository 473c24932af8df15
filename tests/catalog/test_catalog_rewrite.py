# VACUUM FULL and CLUSTER of catalogs (commands/catalog_rewrite.py): a mapped catalog
# and its indexes get new files named by the relation map (pg_relation_filenode changes,
# pg_class.relfilenode stays 0, as on the oracle), another catalog's new files are in
# pg_class.relfilenode (as on the oracle), other sessions and databases read
# the new files, the indexes check clean, and kill -9 leaves the old files (change not
# committed) or the new ones (committed), never neither.
from __future__ import annotations

import pytest

CATALOGS = ("pg_class", "pg_type", "pg_authid")


def _files(conn, names):
    return {name: conn.execute("SELECT pg_relation_filenode(%s::regclass), relfilenode "
                               "FROM pg_class WHERE relname = %s", (name, name)).fetchone()
            for name in names}


def _rewrite_shows_in_the_map(server):
    names = CATALOGS + ("pg_class_oid_index", "pg_type_oid_index", "pg_authid_oid_index")
    with server.connect() as conn:
        before = _files(conn, names)
        counts = {name: conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
                  for name in CATALOGS}
        for name in CATALOGS:
            conn.execute(f"VACUUM FULL {name}")
        after = _files(conn, names)
        for name in names:
            assert after[name][0] != before[name][0] and after[name][1] == 0, name
        assert {name: conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
                for name in CATALOGS} == counts
        with pytest.raises(Exception, match="cannot cluster a shared catalog"):
            conn.execute("CLUSTER pg_authid USING pg_authid_oid_index")
        # catalogs outside the map: the new files are in their pg_class rows
        plain = ("pg_depend", "pg_index", "pg_index_indexrelid_index")
        before_plain = _files(conn, plain)
        depend_count = conn.execute("SELECT count(*) FROM pg_depend").fetchone()[0]
        conn.execute("VACUUM FULL pg_depend")
        conn.execute("VACUUM FULL pg_index")
        after_plain = _files(conn, plain)
        for name in plain:
            assert after_plain[name][0] != before_plain[name][0], name
            assert after_plain[name][0] == after_plain[name][1], name
        assert conn.execute("SELECT count(*) FROM pg_depend").fetchone()[0] == depend_count
    return after


def test_vacuum_full_of_mapped_catalogs_moves_them_as_on_the_oracle(oracle, make_pgsnake_server):
    _rewrite_shows_in_the_map(oracle)
    server = make_pgsnake_server()
    elsewhere = server.connect(dbname="template1")
    assert elsewhere.execute("SELECT count(*) FROM pg_authid").fetchone()[0] > 0
    after = _rewrite_shows_in_the_map(server)
    with server.connect() as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        for index in ("pg_class_oid_index", "pg_class_relname_nsp_index",
                      "pg_type_oid_index", "pg_authid_rolname_index",
                      "pg_depend_reference_index", "pg_index_indexrelid_index"):
            conn.execute("SELECT bt_index_check(%s::regclass, true)", (index,))
        conn.execute("CREATE TABLE regress_rewrite_t (a int)")
        assert conn.execute("SELECT relname FROM pg_class WHERE oid = "
                            "'regress_rewrite_t'::regclass").fetchone()[0] == "regress_rewrite_t"
        conn.execute("DROP TABLE regress_rewrite_t")
        conn.execute("CLUSTER pg_type USING pg_type_oid_index")
        assert conn.execute("SELECT indisclustered FROM pg_index WHERE indexrelid = "
                            "'pg_type_oid_index'::regclass").fetchone()[0]
    with elsewhere:                          # a session of another database, open across
        assert elsewhere.execute("SELECT pg_relation_filenode('pg_authid')"
                                 ).fetchone()[0] == after["pg_authid"][0]
        assert elsewhere.execute("SELECT count(*) FROM pg_authid WHERE rolname = "
                                 "'postgres'").fetchone()[0] == 1


def test_kill_9_keeps_the_old_files_or_the_committed_new_ones(make_pgsnake_server):
    server = make_pgsnake_server()
    with server.connect() as conn:
        conn.execute("CREATE TABLE regress_rewrite_k (a int)")
        conn.execute("VACUUM FULL pg_class")
        conn.execute("VACUUM FULL pg_depend")
        committed = _files(conn, ("pg_class", "pg_class_oid_index", "pg_depend"))
        before_open = _files(conn, ("pg_type", "pg_type_oid_index", "pg_namespace"))
        type_count = conn.execute("SELECT count(*) FROM pg_type").fetchone()[0]
    # a CLUSTER of pg_type still open at the kill
    open_conn = server.connect(autocommit=False)
    open_conn.execute("CLUSTER pg_type USING pg_type_oid_index")
    open_conn.execute("CLUSTER pg_namespace USING pg_namespace_oid_index")
    assert _files(open_conn, ("pg_type",))["pg_type"] != before_open["pg_type"]
    server.kill_all_9()
    open_conn.close()
    server.start()
    with server.connect() as conn:
        assert _files(conn, ("pg_class", "pg_class_oid_index", "pg_depend")) == committed
        assert _files(conn, ("pg_type", "pg_type_oid_index", "pg_namespace")) == before_open
        assert conn.execute("SELECT count(*) FROM pg_namespace WHERE nspname = "
                            "'pg_catalog'").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM pg_type").fetchone()[0] == type_count
        assert conn.execute("SELECT count(*) FROM pg_class WHERE relname = "
                            "'regress_rewrite_k'").fetchone()[0] == 1
        conn.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        conn.execute("SELECT bt_index_check('pg_class_oid_index', true)")
        conn.execute("DROP TABLE regress_rewrite_k")
