# Proves psql's \d and \di describe GIN indexes as they do on PostgreSQL 15: the table's
# "Indexes:" lines print "gin (col [opclass])", \di lists them, \d of the index shows the
# stored key type (int4 for jsonb_path_ops) and "gin, for table".
from __future__ import annotations

import subprocess

import pytest


def _psql(server, command: str) -> str:
    psql = "/usr/lib/postgresql/15/bin/psql"
    done = subprocess.run([psql, "-X", "-h", str(server.host), "-p", str(server.port),
                           "-U", server.user, "-d", server.dbname, "-c", command],
                          capture_output=True, text=True, timeout=60)
    return done.stdout + done.stderr


def test_describe_gin_indexes(oracle, pgsnake_server):
    outputs = []
    for server in (oracle, pgsnake_server):
        with server.connect() as conn:
            conn.execute("DROP TABLE IF EXISTS psql_gin")
            conn.execute("CREATE TABLE psql_gin (id int, tags int[], doc jsonb)")
            conn.execute("CREATE INDEX psql_gin_tags ON psql_gin USING gin (tags)")
            conn.execute("CREATE INDEX psql_gin_doc ON psql_gin USING gin "
                         "(doc jsonb_path_ops)")
        outputs.append([_psql(server, c) for c in
                        (r"\d psql_gin", r"\di psql_gin*", r"\d psql_gin_doc")])
        with server.connect() as conn:
            conn.execute("DROP TABLE psql_gin")
    if not outputs[0][0].strip():
        pytest.fail(f"psql printed nothing: {outputs[0]}")
    assert outputs[1] == outputs[0]
