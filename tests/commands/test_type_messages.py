# Proves that CREATE TYPE / CREATE DOMAIN / ALTER / DROP report PostgreSQL 15's whole
# messages - SQLSTATE, text, DETAIL, HINT, schema / datatype / constraint fields and the
# NOTICEs of IF EXISTS and CASCADE - by running the same statements on the oracle and on
# pgsnake (the regression scripts compare only the primary message). Also COPY into a
# domain column, which checks the domain in its input function.
from __future__ import annotations

import psycopg

STATEMENTS = [
    "DROP SCHEMA IF EXISTS regress_typemsg CASCADE",
    "CREATE SCHEMA regress_typemsg",
    "SET search_path = regress_typemsg",
    "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
    "CREATE TYPE long_label AS ENUM ('" + "x" * 64 + "')",
    "CREATE DOMAIN posint AS int NOT NULL CHECK (VALUE > 0)",
    "CREATE DOMAIN small_posint AS posint CONSTRAINT below_100 CHECK (VALUE < 100)",
    "CREATE TABLE regress_t (m mood, ms mood[], p posint, q small_posint)",
    "INSERT INTO regress_t VALUES ('ok', '{sad}', 1, 2)",
    "SELECT 'nope'::mood",
    "SELECT 0::posint",
    "SELECT NULL::posint",
    "SELECT 100::small_posint",
    "SELECT 0::small_posint",
    "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ok'",
    "ALTER TYPE mood ADD VALUE 'x' BEFORE 'nope'",
    "ALTER DOMAIN small_posint ADD CONSTRAINT below_2 CHECK (VALUE < 2)",
    "ALTER DOMAIN small_posint DROP CONSTRAINT IF EXISTS nope",
    "DROP TYPE mood",
    "DROP DOMAIN posint",
    "DROP TYPE IF EXISTS regress_nosuch, mood CASCADE",
    "DROP DOMAIN posint CASCADE",
    "DROP DOMAIN IF EXISTS regress_nosuch",
    "DROP TYPE int4",
    "SELECT * FROM regress_t",
    "BEGIN",
    "CREATE TYPE later AS ENUM ('a')",
    "ALTER TYPE later ADD VALUE 'b'",
    "SELECT 'b'::later",
    "ROLLBACK",
    "RESET search_path",
    "DROP SCHEMA regress_typemsg CASCADE",
]


def _outcome(conn, sql: str) -> tuple:
    notices: list[tuple] = []

    def note(d) -> None:
        notices.append((d.severity_nonlocalized, d.sqlstate, d.message_primary,
                        d.message_detail, d.message_hint))

    conn.add_notice_handler(note)
    try:
        cur = conn.execute(sql)
        result = ("ok", cur.statusmessage, cur.fetchall() if cur.description else None)
    except psycopg.Error as e:
        d = e.diag
        result = ("error", d.sqlstate, d.message_primary, d.message_detail, d.message_hint,
                  d.schema_name, d.datatype_name, d.constraint_name)
    finally:
        conn.remove_notice_handler(note)
    return result, notices


def test_type_and_domain_commands_report_postgresqls_whole_messages(oracle, pgsnake_server):
    differences = []
    with oracle.connect() as theirs, pgsnake_server.connect() as ours:
        for sql in STATEMENTS:
            want, got = _outcome(theirs, sql), _outcome(ours, sql)
            if want != got:
                differences.append(f"{sql}\n  PostgreSQL: {want}\n  pgsnake:    {got}")
    assert not differences, "\n".join(differences)


COPY_SETUP = [
    "DROP SCHEMA IF EXISTS regress_typecopy CASCADE",
    "CREATE SCHEMA regress_typecopy",
    "CREATE TYPE regress_typecopy.mood AS ENUM ('sad', 'ok')",
    "CREATE DOMAIN regress_typecopy.year AS int CHECK (VALUE BETWEEN 1901 AND 2155)",
    "CREATE TABLE regress_typecopy.t (y regress_typecopy.year, m regress_typecopy.mood)",
]


def _copy(conn, lines: list[str]) -> tuple:
    try:
        with conn.cursor() as cur:
            with cur.copy("COPY regress_typecopy.t FROM STDIN") as copy:
                for line in lines:
                    copy.write(line + "\n")
        rows = conn.execute("SELECT y, m::text FROM regress_typecopy.t ORDER BY y").fetchall()
        return ("ok", rows)
    except psycopg.Error as e:
        return ("error", e.diag.sqlstate, e.diag.message_primary)


def test_copy_checks_domains_and_enum_labels(oracle, pgsnake_server):
    outcomes = []
    for server in (oracle, pgsnake_server):
        with server.connect() as conn:
            for sql in COPY_SETUP:
                conn.execute(sql)
            outcomes.append([_copy(conn, ["2000\tsad", "1999\t\\N"]),
                             _copy(conn, ["1900\tok"]),
                             _copy(conn, ["2001\tbad"])])
            conn.execute("DROP SCHEMA regress_typecopy CASCADE")
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] == ("ok", [(1999, None), (2000, "sad")])
