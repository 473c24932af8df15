# What the EXPLAIN comparison tests share: running the same setup on both servers, and
# the text of EXPLAIN after some SET commands, on one server.
#
# PostgreSQL's autovacuum may ANALYZE or VACUUM a table the tests just filled, which
# changes its statistics (relpages, reltuples, pg_statistic) and so its plans and costs
# at random moments; pgsnake has no autovacuum yet. So the oracle's tables are created
# with autovacuum off, and both servers plan from what CREATE INDEX recorded.
from __future__ import annotations

import re

_CREATE_TABLE = re.compile(r"^\s*CREATE TABLE\b", re.IGNORECASE)


def _for_oracle(sql: str) -> str:
    if _CREATE_TABLE.match(sql) and "WITH (" not in sql.upper():
        return sql.rstrip().rstrip(";") + " WITH (autovacuum_enabled = off)"
    return sql


def run_on_both(servers, statements) -> None:
    """`servers` is (oracle, pgsnake): the same statements on both, the oracle's tables
    without autovacuum."""
    oracle, *others = servers
    with oracle.connect(autocommit=True) as conn:
        for sql in statements:
            conn.execute(_for_oracle(sql))
    for server in others:
        with server.connect(autocommit=True) as conn:
            for sql in statements:
                conn.execute(sql)


def explain_lines(server, settings, query) -> list[str]:
    with server.connect(autocommit=True) as conn:
        for sql in settings:
            conn.execute(sql)
        return [row[0] for row in conn.execute("EXPLAIN " + query)]
