# Proves that the Chinook sample database's PostgreSQL script (tests/third_party/chinook,
# unchanged) loads into pgsnake with the real psql exactly as into PostgreSQL 15 (same
# psql output: every command tag, no error), and that the loaded database then behaves
# the same: the same rows for reporting queries (joins over the foreign keys, grouping,
# window functions, subqueries, set operations), the same constraint errors
# (23505 / 23503 / 23502 with their constraint names), the same catalog answers for its
# constraints and indexes, and the same answers after updates and deletes that the
# foreign keys allow or refuse.
# The default tier loads the script without its three largest INSERTs (track,
# invoice_line, playlist_track: 14,500 of the 15,600 rows, each checked against its
# foreign keys, ~1 minute on pgsnake); the slow tier loads all of it.
from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness import differential, psql_runner, sql_script

SCRIPT = Path(__file__).parent / "chinook" / "Chinook_PostgreSql.sql"

QUERIES = """
SELECT count(*) FROM artist;
SELECT count(*), sum(total), min(invoice_date), max(invoice_date) FROM invoice;
SELECT count(*), sum(unit_price * quantity) FROM invoice_line;
SELECT g.name, count(*) AS tracks, round(avg(t.milliseconds) / 60000.0, 2) AS minutes
  FROM track t JOIN genre g USING (genre_id) GROUP BY g.name ORDER BY tracks DESC, g.name;
SELECT ar.name, count(DISTINCT al.album_id) AS albums, count(t.track_id) AS tracks
  FROM artist ar JOIN album al USING (artist_id) JOIN track t USING (album_id)
  GROUP BY ar.name ORDER BY tracks DESC, ar.name LIMIT 10;
SELECT c.country, count(DISTINCT c.customer_id) AS customers, sum(i.total) AS revenue
  FROM customer c JOIN invoice i USING (customer_id)
  GROUP BY c.country HAVING sum(i.total) > 50 ORDER BY revenue DESC, c.country;
SELECT e.first_name || ' ' || e.last_name AS agent, m.last_name AS manager,
       count(c.customer_id) AS customers
  FROM employee e LEFT JOIN employee m ON m.employee_id = e.reports_to
  LEFT JOIN customer c ON c.support_rep_id = e.employee_id
  GROUP BY e.employee_id, e.first_name, e.last_name, m.last_name ORDER BY e.employee_id;
SELECT extract(year FROM invoice_date) AS year, sum(total),
       sum(sum(total)) OVER (ORDER BY extract(year FROM invoice_date)) AS running
  FROM invoice GROUP BY 1 ORDER BY 1;
SELECT customer_id, invoice_id, total,
       rank() OVER (PARTITION BY customer_id ORDER BY total DESC, invoice_id) AS r
  FROM invoice WHERE customer_id <= 3 ORDER BY customer_id, r;
SELECT name FROM track WHERE track_id IN
  (SELECT track_id FROM playlist_track WHERE playlist_id = 3) ORDER BY name LIMIT 15;
SELECT p.name, count(pt.track_id) FROM playlist p
  LEFT JOIN playlist_track pt USING (playlist_id) GROUP BY p.playlist_id, p.name
  ORDER BY p.playlist_id;
SELECT a.title FROM album a WHERE NOT EXISTS
  (SELECT 1 FROM track t JOIN invoice_line il USING (track_id) WHERE t.album_id = a.album_id)
  ORDER BY a.title LIMIT 10;
SELECT billing_country FROM invoice EXCEPT SELECT country FROM customer WHERE country LIKE 'U%'
  ORDER BY 1;
SELECT media_type_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY bytes) FROM track
  GROUP BY media_type_id ORDER BY 1;
SELECT composer, count(*) FROM track WHERE composer ILIKE '%lennon%'
  GROUP BY composer ORDER BY 2 DESC, 1;
SELECT to_char(hire_date, 'YYYY-MM-DD'), age(hire_date, birth_date) FROM employee
  ORDER BY employee_id;
SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid)
  FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2;
SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'
  ORDER BY 1, 2;
SELECT table_name, column_name, data_type, character_maximum_length, numeric_precision,
       numeric_scale, is_nullable
  FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, ordinal_position;
INSERT INTO genre VALUES (1, 'Duplicate');
INSERT INTO album VALUES (9999, 'Nobody''s', 9999);
INSERT INTO track (track_id, name, media_type_id, milliseconds, unit_price)
  VALUES (99999, NULL, 1, 1, 0.99);
DELETE FROM artist WHERE artist_id = 1;
BEGIN;
DELETE FROM invoice_line WHERE invoice_id IN (SELECT invoice_id FROM invoice WHERE customer_id = 1);
DELETE FROM invoice WHERE customer_id = 1;
DELETE FROM customer WHERE customer_id = 1;
UPDATE track SET unit_price = unit_price * 1.1 WHERE genre_id = 1;
SELECT count(*), sum(unit_price) FROM track;
SELECT count(*), sum(total) FROM invoice;
ROLLBACK;
SELECT count(*), sum(unit_price) FROM track;
"""


_LARGEST = re.compile(r"^INSERT INTO (track|invoice_line|playlist_track) .*?;\n",
                      re.MULTILINE | re.DOTALL)


def _script(size: str) -> str:
    text = SCRIPT.read_text(encoding="utf-8")
    return text if size == "full" else _LARGEST.sub("", text)


def _load(server, size: str) -> None:
    server.chinook_output = psql_runner.run_psql_script(server, _script(size), timeout=900)


def _chinook_dsn(server) -> str:
    return server.dsn.replace(f"dbname={server.dbname}", "dbname=chinook")


@pytest.fixture(scope="module", params=["partial", pytest.param("full", marks=pytest.mark.slow)])
def chinook(request, oracle, pgsnake_server):
    for server in (oracle, pgsnake_server):
        _load(server, request.param)
    yield oracle, pgsnake_server
    for server in (oracle, pgsnake_server):
        with server.connect(autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS chinook")


def test_the_script_loads_as_on_postgresql(chinook):
    oracle, pgsnake = chinook
    assert "ERROR" not in oracle.chinook_output
    assert pgsnake.chinook_output == oracle.chinook_output
    assert pgsnake.chinook_output.count("INSERT 0") in (24, 8)


def test_the_loaded_database_answers_as_postgresql(chinook):
    oracle, pgsnake = chinook
    statements = sql_script.split_script(QUERIES)
    report = differential.diff_script(_chinook_dsn(oracle), _chinook_dsn(pgsnake), statements)
    assert report is None, f"Chinook on pgsnake differs from PostgreSQL 15\n{report}"
