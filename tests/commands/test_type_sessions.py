# Proves that a type another session creates, changes or drops is seen as PostgreSQL
# shows it: not before the creating transaction commits, at once afterwards (the
# per-backend type cache is dropped at catalog invalidation), with new enum labels and
# domain constraints, and gone after DROP.
from __future__ import annotations

import psycopg

# (session, statement): session 1 changes the types, session 2 looks at them
STEPS = [
    (1, "DROP SCHEMA IF EXISTS regress_typesess CASCADE"),
    (1, "CREATE SCHEMA regress_typesess"),
    (1, "BEGIN"),
    (1, "CREATE TYPE regress_typesess.mood AS ENUM ('sad', 'ok')"),
    (1, "CREATE DOMAIN regress_typesess.posint AS int CHECK (VALUE > 0)"),
    (2, "SELECT 'ok'::regress_typesess.mood"),
    (1, "COMMIT"),
    (2, "SELECT 'ok'::regress_typesess.mood, enum_range(NULL::regress_typesess.mood)"),
    (2, "SELECT 0::regress_typesess.posint"),
    (1, "ALTER TYPE regress_typesess.mood ADD VALUE 'happy'"),
    (1, "ALTER DOMAIN regress_typesess.posint ADD CONSTRAINT small CHECK (VALUE < 10)"),
    (2, "SELECT enum_range(NULL::regress_typesess.mood), 'happy'::regress_typesess.mood"),
    (2, "SELECT 20::regress_typesess.posint"),
    (1, "ALTER TYPE regress_typesess.mood RENAME VALUE 'sad' TO 'blue'"),
    (2, "SELECT enum_first(NULL::regress_typesess.mood)"),
    (1, "DROP TYPE regress_typesess.mood"),
    (2, "SELECT 'ok'::regress_typesess.mood"),
    (1, "DROP SCHEMA regress_typesess CASCADE"),
]


def _run(conn, sql: str) -> tuple:
    try:
        cur = conn.execute(sql)
        return ("ok", cur.statusmessage, cur.fetchall() if cur.description else None)
    except psycopg.Error as e:
        return ("error", e.diag.sqlstate, e.diag.message_primary)


def test_other_sessions_see_type_changes_as_postgresql(oracle, pgsnake_server):
    trails = []
    for server in (oracle, pgsnake_server):
        with server.connect() as first, server.connect() as second:
            sessions = {1: first, 2: second}
            trails.append([_run(sessions[who], sql) for who, sql in STEPS])
    differences = [f"{sql}\n  PostgreSQL: {want}\n  pgsnake:    {got}"
                   for (_who, sql), want, got in zip(STEPS, *trails) if want != got]
    assert not differences, "\n".join(differences)


# Session 2 has read the table (its tuple decoder and enum cache are built) before
# session 1 adds labels and stores them in rows; session 2 then decodes those rows at
# its next transaction, and inside an open READ COMMITTED transaction, which takes no
# new invalidations for a table it already locked (the enum cache reloads on a label it
# does not know, as PostgreSQL's typcache does).
ROW_STEPS = [
    (1, "DROP SCHEMA IF EXISTS regress_typesess_rows CASCADE"),
    (1, "CREATE SCHEMA regress_typesess_rows"),
    (1, "CREATE TYPE regress_typesess_rows.mood AS ENUM ('sad', 'ok')"),
    (1, "CREATE TABLE regress_typesess_rows.t (m regress_typesess_rows.mood, "
        "a regress_typesess_rows.mood[])"),
    (1, "INSERT INTO regress_typesess_rows.t VALUES ('sad', '{sad}'), ('ok', '{ok}')"),
    (2, "SELECT * FROM regress_typesess_rows.t ORDER BY m"),
    (1, "ALTER TYPE regress_typesess_rows.mood ADD VALUE 'happy'"),
    (1, "INSERT INTO regress_typesess_rows.t VALUES ('happy', '{happy,sad}')"),
    (2, "SELECT * FROM regress_typesess_rows.t ORDER BY m"),
    (2, "BEGIN"),
    (2, "SELECT * FROM regress_typesess_rows.t WHERE m > 'sad' ORDER BY m"),
    (1, "ALTER TYPE regress_typesess_rows.mood ADD VALUE 'meh' BEFORE 'ok'"),
    (1, "INSERT INTO regress_typesess_rows.t VALUES ('meh', '{meh}')"),
    (2, "SELECT * FROM regress_typesess_rows.t ORDER BY m"),
    (2, "COMMIT"),
    (1, "ALTER TYPE regress_typesess_rows.mood RENAME VALUE 'sad' TO 'blue'"),
    (2, "SELECT * FROM regress_typesess_rows.t ORDER BY m"),
    (1, "DROP SCHEMA regress_typesess_rows CASCADE"),
]


def test_other_sessions_decode_rows_with_added_enum_values(oracle, pgsnake_server):
    trails = []
    for server in (oracle, pgsnake_server):
        with server.connect() as first, server.connect() as second:
            sessions = {1: first, 2: second}
            trails.append([_run(sessions[who], sql) for who, sql in ROW_STEPS])
    differences = [f"{sql}\n  PostgreSQL: {want}\n  pgsnake:    {got}"
                   for (_who, sql), want, got in zip(ROW_STEPS, *trails) if want != got]
    assert not differences, "\n".join(differences)
