# Encoding names are matched as PostgreSQL matches them (case and punctuation ignored):
# 'UTF-8', utf8 and asyncpg's quoted "'utf-8'" all select UTF8, at start-up and by SET;
# an unknown name is refused with PostgreSQL's error.
import psycopg
import pytest


@pytest.mark.parametrize("name", ["UTF8", "utf-8", "'utf-8'", "Unicode"])
def test_encoding_spellings_at_startup_and_set(oracle, pgsnake_server, name):
    def run(server):
        with server.connect(autocommit=True, client_encoding=name) as conn:
            at_start = conn.info.parameter_status("client_encoding")
            conn.execute(f"SET client_encoding = \"{name}\"" if "'" in name else f"SET client_encoding = '{name}'")
            return at_start, conn.execute("SHOW client_encoding").fetchone()[0]
    assert run(pgsnake_server) == run(oracle)


def test_unknown_encoding_is_refused(oracle, pgsnake_server):
    def run(server):
        with server.connect(autocommit=True) as conn:
            try:
                conn.execute("SET client_encoding = 'klingon'")
            except psycopg.Error as e:
                return e.sqlstate, e.diag.message_primary
    assert run(pgsnake_server) == run(oracle)
