# DROP of every object kind finds what depends on it through pg_depend, as PostgreSQL 15
# does: 2BP01 with one DETAIL line per dependent (in PostgreSQL's order) and its HINT
# without CASCADE, the "drop cascades to ..." NOTICE (and its DETAIL) with CASCADE; and
# a view's recorded columns and functions stop ALTER TABLE ... DROP COLUMN / ALTER COLUMN
# TYPE and DROP FUNCTION. Each statement runs in a transaction that is rolled back, on
# both servers, and everything the client sees is compared (the differential scripts in
# tests/regress/sql compare neither DETAIL, HINT nor notices).
import psycopg

SETUP = [
    "DROP SCHEMA IF EXISTS dd CASCADE",
    "DROP SCHEMA IF EXISTS dd_other CASCADE",
    "CREATE SCHEMA dd",
    "SET search_path = dd",
    "CREATE TYPE mood AS ENUM ('sad', 'ok')",
    "CREATE DOMAIN posint AS int CHECK (VALUE > 0)",
    "CREATE DOMAIN happy AS mood",
    "CREATE FUNCTION twice(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 * 2'",
    "CREATE FUNCTION moodname(mood) RETURNS text LANGUAGE sql AS 'SELECT $1::text'",
    "CREATE TABLE p (id serial PRIMARY KEY, name text UNIQUE, m mood, n posint)",
    "CREATE TABLE c (id int REFERENCES p, pname text REFERENCES p (name), x int)",
    "CREATE INDEX c_x ON c (x)",
    "CREATE VIEW v1 AS SELECT id, name FROM p",
    "CREATE VIEW v2 AS SELECT v1.id, twice(c.x) AS tx FROM v1 JOIN c USING (id)",
    "CREATE MATERIALIZED VIEW mv AS SELECT name, m FROM p",
    "CREATE VIEW v3 AS SELECT x FROM c",
    "CREATE TABLE kid (extra int) INHERITS (p)",
    "CREATE TABLE q (a int, b mood, d happy)",
    "CREATE SCHEMA dd_other",
    "CREATE TABLE dd_other.t (a int)",
    "CREATE VIEW dd_other.tv AS SELECT a FROM dd_other.t",
    "CREATE FUNCTION dd_other.f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
    "CREATE SEQUENCE dd_other.s",
    "CREATE TYPE dd_other.e AS ENUM ('a')",
    "CREATE TABLE dd_other_user (a dd_other.e, b int DEFAULT nextval('dd_other.s'))",
    "CREATE VIEW vmood AS SELECT 'sad'::mood AS m, moodname('ok') AS n",
    "CREATE TYPE pair AS (x int, y mood)",
    "CREATE TABLE pairs (p pair, t text)",
    "CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS 'begin return new; end'",
    "CREATE TRIGGER qt BEFORE UPDATE OF a ON q FOR EACH ROW EXECUTE FUNCTION trg()",
    "CREATE TABLE pt (k int, v text) PARTITION BY RANGE (k)",
    "CREATE TABLE pt1 PARTITION OF pt FOR VALUES FROM (0) TO (10)",
    "CREATE VIEW pt1v AS SELECT v FROM pt1",
    "CREATE VIEW ptv AS SELECT k FROM pt",
    "ALTER TABLE q ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY qp ON q USING (a IN (SELECT x FROM c))",
    "CREATE INDEX q_expr ON q ((twice(a)))",
    "CREATE TEMP TABLE dd_temp (a int)",
    "CREATE VIEW dd_temp_v AS SELECT a FROM dd_temp",
]

STATEMENTS = [
    "DROP TABLE p",
    "DROP TABLE p CASCADE",
    "DROP TABLE c",
    "DROP TABLE c CASCADE",
    "DROP TABLE p, c",
    "DROP TABLE p, c CASCADE",
    "DROP VIEW v1",
    "DROP VIEW v1 CASCADE",
    "DROP MATERIALIZED VIEW mv",
    "DROP INDEX p_name_key",
    "DROP INDEX p_name_key CASCADE",
    "DROP TYPE mood",
    "DROP TYPE mood CASCADE",
    "DROP DOMAIN posint",
    "DROP DOMAIN posint CASCADE",
    "DROP DOMAIN happy CASCADE",
    "DROP SCHEMA dd_other",
    "DROP SCHEMA dd_other CASCADE",
    "DROP FUNCTION twice(int)",
    "DROP FUNCTION twice(int) CASCADE",
    "DROP FUNCTION moodname(mood)",
    "ALTER TABLE p DROP COLUMN name",
    "ALTER TABLE p DROP COLUMN name CASCADE",
    "ALTER TABLE p DROP COLUMN m",
    "ALTER TABLE c DROP COLUMN x",
    "ALTER TABLE c DROP COLUMN x CASCADE",
    # (one view each: with several, PostgreSQL names the one whose pg_depend row comes
    # first in physical order, which depends on the shared oracle's history)
    "ALTER TABLE c ALTER COLUMN id TYPE bigint",
    "ALTER TABLE p ALTER COLUMN m TYPE text",
    "ALTER TABLE p ALTER COLUMN n TYPE int",
    "DROP TYPE pair",
    "DROP TYPE pair CASCADE",
    "DROP FUNCTION trg()",
    "DROP FUNCTION trg() CASCADE",
    "ALTER TABLE q DROP COLUMN a",
    "ALTER TABLE q DROP COLUMN a CASCADE",
    "DROP TABLE pt",
    "DROP TABLE pt CASCADE",
    "DROP TABLE pt1",
    "DROP TABLE c, q",
    "DROP TABLE c CASCADE",
    "DROP SCHEMA dd, dd_other",
    "DROP SCHEMA dd, dd_other CASCADE",
    "DROP TABLE dd_temp",
    "DROP TYPE mood, posint",
    "DROP VIEW vmood, v1",
    "DROP TYPE dd_other.e",
    "DROP SEQUENCE dd_other.s",
    "DROP FUNCTION twice(int), moodname(mood) CASCADE",
]


def _run(dsn: str) -> list[tuple]:
    outcomes = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        notices = []
        conn.add_notice_handler(lambda d: notices.append(
            (d.severity_nonlocalized, d.message_primary, d.message_detail)))
        for sql in SETUP:
            conn.execute(sql)
        for sql in STATEMENTS:
            notices.clear()
            conn.execute("BEGIN")
            try:
                conn.execute(sql)
                outcome = ("ok",)
            except psycopg.Error as exc:
                d = exc.diag
                outcome = (d.sqlstate, d.message_primary, d.message_detail, d.message_hint)
            conn.execute("ROLLBACK")
            outcomes.append((sql, outcome, list(notices)))
        conn.execute("RESET search_path")
        conn.execute("DROP SCHEMA dd CASCADE")
        conn.execute("DROP SCHEMA dd_other CASCADE")
    return outcomes


def test_drop_dependents_match_postgresql(oracle, pgsnake_server):
    want = _run(oracle.dsn)
    got = _run(pgsnake_server.dsn)
    differences = [f"{w[0]}\n  oracle:  {w[1:]}\n  pgsnake: {g[1:]}"
                   for w, g in zip(want, got) if w != g]
    assert not differences, "\n".join(differences)
    assert sum(1 for w in want if w[1][0] == "2BP01") >= 10
    assert sum(1 for w in want if w[2]) >= 8, "expected CASCADE notices"


ROLE_SETUP = [
    "DROP SCHEMA IF EXISTS ddr CASCADE",
    "CREATE ROLE regress_ddr_a",
    "CREATE SCHEMA ddr",
    "SET search_path = ddr",
    "CREATE TABLE base (a int, b int)",
    "GRANT SELECT ON base TO regress_ddr_a",
    "GRANT UPDATE (b) ON base TO regress_ddr_a",
    "CREATE TABLE owned (a int)",
    "ALTER TABLE owned OWNER TO regress_ddr_a",
    "CREATE VIEW over_owned AS SELECT a FROM owned",
    "CREATE FUNCTION owned_f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
    "ALTER FUNCTION owned_f() OWNER TO regress_ddr_a",
    "CREATE TYPE owned_e AS ENUM ('x')",
    "ALTER TYPE owned_e OWNER TO regress_ddr_a",
    "CREATE TABLE uses_e (e owned_e)",
    "ALTER TABLE base ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY p ON base TO regress_ddr_a USING (true)",
]

ROLE_STATEMENTS = [
    "DROP ROLE regress_ddr_a",
    "DROP OWNED BY regress_ddr_a",
    "DROP OWNED BY regress_ddr_a CASCADE",
    "REASSIGN OWNED BY regress_ddr_a TO CURRENT_USER",
]


def _run_roles(dsn: str) -> list[tuple]:
    outcomes = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        notices = []
        conn.add_notice_handler(lambda d: notices.append(
            (d.severity_nonlocalized, d.message_primary, d.message_detail)))
        if conn.execute("SELECT FROM pg_roles WHERE rolname = 'regress_ddr_a'").fetchall():
            conn.execute("DROP OWNED BY regress_ddr_a")     # left by an interrupted run
            conn.execute("DROP ROLE regress_ddr_a")
        for sql in ROLE_SETUP:
            conn.execute(sql)
        for sql in ROLE_STATEMENTS:
            notices.clear()
            conn.execute("BEGIN")
            try:
                conn.execute(sql)
                after = conn.execute(
                    "SELECT pg_describe_object(classid, objid, objsubid), deptype "
                    "FROM pg_shdepend WHERE refobjid = 'regress_ddr_a'::regrole "
                    "ORDER BY 1, 2").fetchall()
                outcome = ("ok", after)
            except psycopg.Error as exc:
                d = exc.diag
                outcome = (d.sqlstate, d.message_primary, d.message_detail, d.message_hint)
            conn.execute("ROLLBACK")
            outcomes.append((sql, outcome, list(notices)))
        conn.execute("RESET search_path")
        conn.execute("DROP SCHEMA ddr CASCADE")
        conn.execute("DROP OWNED BY regress_ddr_a")
        conn.execute("DROP ROLE regress_ddr_a")
    return outcomes


def test_role_dependents_match_postgresql(oracle, pgsnake_server):
    """pg_shdepend behind DROP ROLE's DETAIL, DROP OWNED's refusal and cascade, and
    REASSIGN OWNED."""
    want = _run_roles(oracle.dsn)
    got = _run_roles(pgsnake_server.dsn)
    differences = [f"{w[0]}\n  oracle:  {w[1:]}\n  pgsnake: {g[1:]}"
                   for w, g in zip(want, got) if w != g]
    assert not differences, "\n".join(differences)
    assert want[0][1][0] == "2BP01" and want[1][1][0] == "2BP01"
