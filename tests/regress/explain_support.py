# What the EXPLAIN comparison tests share: running the same setup on both servers, and
# the text of EXPLAIN after some SET commands, on one server.
from __future__ import annotations


def run_on_both(servers, statements) -> None:
    for server in servers:
        with server.connect(autocommit=True) as conn:
            for sql in statements:
                conn.execute(sql)


def explain_lines(server, settings, query) -> list[str]:
    with server.connect(autocommit=True) as conn:
        for sql in settings:
            conn.execute(sql)
        return [row[0] for row in conn.execute("EXPLAIN " + query)]
