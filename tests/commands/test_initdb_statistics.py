# initdb ANALYZEs the catalogs as PostgreSQL's does (commands/analyze.analyze_every_table,
# called by cli/initdb.py in template1 before it is copied): a fresh cluster's pg_statistic
# has, per catalog both systems have, as many rows as a fresh PostgreSQL cluster's, in
# every database; pg_class has the catalogs' relpages / reltuples; and the planner's row
# estimates for catalog queries come from those statistics (the catalogs below hold the
# same rows in both systems and are smaller than the sample, so the statistics, and the
# estimates, are the oracle's exactly).
from __future__ import annotations

import re

_COUNTS = """
SELECT c.relname, count(*) FROM pg_statistic s JOIN pg_class c ON c.oid = s.starelid
GROUP BY c.relname"""

_QUERIES = (
    "SELECT * FROM pg_proc WHERE proname = 'sum'",
    "SELECT * FROM pg_operator WHERE oprname = '+'",
    "SELECT * FROM pg_amop WHERE amopmethod = 403",
    "SELECT * FROM pg_cast WHERE castcontext = 'i'",
)


def _estimates(conn) -> list[int]:
    plans = [conn.execute("EXPLAIN " + query).fetchone()[0] for query in _QUERIES]
    return [int(re.search(r"rows=(\d+)", plan).group(1)) for plan in plans]


def test_fresh_cluster_has_the_catalog_statistics_of_postgresql(make_oracle_server,
                                                                make_pgsnake_server):
    oracle = make_oracle_server()
    server = make_pgsnake_server()
    with oracle.connect() as conn:
        expected = dict(conn.execute(_COUNTS).fetchall())
        expected_estimates = _estimates(conn)
    with server.connect() as conn:
        ours = dict(conn.execute(_COUNTS).fetchall())
        tables = {r[0] for r in conn.execute("SELECT relname FROM pg_class WHERE relkind = 'r'")}
        assert _estimates(conn) == expected_estimates
        relpages, reltuples = conn.execute(
            "SELECT relpages, reltuples FROM pg_class WHERE relname = 'pg_proc'").fetchone()
        assert relpages > 0 and reltuples == conn.execute(
            "SELECT count(*) FROM pg_proc").fetchone()[0]
    assert len(ours) > 30
    assert ours == {name: count for name, count in expected.items() if name in tables}
    with server.connect(dbname="template1") as conn:
        assert dict(conn.execute(_COUNTS).fetchall()) == ours
