# The planner estimates array containment (@> <@ &&), `constant = ANY / ALL (array
# column)` and text search matching (tsvector @@ tsquery) from ANALYZE's element
# statistics (most_common_elems, elem_count_histogram) as PostgreSQL 15's arraycontsel,
# scalararraysel_containment and tsmatchsel do (optimizer/element_selectivity.py), and
# from their defaults for a table without statistics. The tables are smaller than
# ANALYZE's sample, so both servers hold identical statistics. Array plans are compared
# whole (costs too); tsvector plans by their row estimates, as pgsnake stores tsvector
# values in fewer bytes (other page counts, so other costs).
import re

import pytest

from regress.explain_support import run_on_both

ARRAY_ROWS = ("SELECT i, ARRAY[i % 10, i % 5 + 20, (i % 50) + 100], CASE WHEN i % 5 = 0 "
              "THEN NULL WHEN i % 11 = 0 THEN '{}' WHEN i % 13 = 0 THEN ARRAY[NULL, i % 3] "
              "ELSE ARRAY[i % 3, i % 9, i % 17] END, ARRAY['w' || (i % 6), 'x' || (i % 4)] "
              "FROM generate_series(1, 3000) i")
SETUP = [
    "DROP TABLE IF EXISTS es_a", "DROP TABLE IF EXISTS es_t", "DROP TABLE IF EXISTS es_n",
    "DROP TABLE IF EXISTS es_d", "DROP DOMAIN IF EXISTS es_intarr",
    "CREATE DOMAIN es_intarr AS int[]",
    "CREATE TABLE es_d (d es_intarr, v varchar[])",
    "INSERT INTO es_d SELECT ARRAY[i % 4], ARRAY['a' || (i % 3)]::varchar[] "
    "FROM generate_series(1, 2000) i",
    "ANALYZE es_d",
    "CREATE TABLE es_a (id int, ints int[], small int[], words text[])",
    "INSERT INTO es_a " + ARRAY_ROWS,
    "CREATE TABLE es_n (id int, ints int[], small int[], words text[])",
    "INSERT INTO es_n " + ARRAY_ROWS,
    "CREATE TABLE es_t (id int, doc tsvector)",
    "INSERT INTO es_t SELECT i, CASE WHEN i % 9 = 0 THEN NULL ELSE to_tsvector('simple', "
    "'alpha' || (i % 5) || ' beta' || (i % 17) || ' g' || (i % 40) || ' h' || (i % 150)) "
    "END FROM generate_series(1, 4000) i",
    "ANALYZE es_a", "ANALYZE es_t",
]

QUERIES = [
    "SELECT * FROM es_a WHERE ints @> '{1}'",
    "SELECT * FROM es_a WHERE ints @> '{1,21}'",
    "SELECT * FROM es_a WHERE ints @> '{1,1000}'",
    "SELECT * FROM es_a WHERE ints @> '{1,NULL}'",
    "SELECT * FROM es_a WHERE ints && '{1,21,999}'",
    "SELECT * FROM es_a WHERE '{1,21}' <@ ints",
    "SELECT * FROM es_a WHERE ints <@ '{1,2,3,4,20,21,22,100,101,102,103,104,105}'",
    "SELECT * FROM es_a WHERE ints <@ '{1,21}'",
    "SELECT * FROM es_a WHERE small <@ '{0,1,2,3,4,5}'",
    "SELECT * FROM es_a WHERE small <@ '{0,1,2}'",
    "SELECT * FROM es_a WHERE small @> '{2}'",
    "SELECT * FROM es_a WHERE small && '{2,16}'",
    "SELECT * FROM es_a WHERE words @> '{w1}'",
    "SELECT * FROM es_a WHERE words <@ '{w1,x1,x2}'",
    # more constant elements than the <@ estimate's work limit allows for
    "SELECT * FROM es_a WHERE ints <@ '{0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,"
    "19,20,21,22,23,24,25,100,101,102,103,104,105,106,107,108,109,110,111,112,113,114,"
    "115,116,117,118,119,120,121,122,123,124,125,126,127,128,129,130,131,132,133,134,135,"
    "136,137,138,139,140,141,142,143,144,145,146,147,148,149,150,151}'",
    "SELECT * FROM es_a WHERE 3 = ANY (ints)",
    "SELECT * FROM es_a WHERE 3 = ALL (ints)",
    "SELECT * FROM es_a WHERE 3 <> ALL (ints)",
    "SELECT * FROM es_a WHERE 3 <> ANY (small)",
    "SELECT * FROM es_a WHERE 1000 = ANY (ints)",
    "SELECT * FROM es_a WHERE 'w1' = ANY (words)",
    "SELECT * FROM es_a WHERE (3 + 2) = ANY (ints)",
    "SELECT * FROM es_a WHERE id = ANY (ints)",
    "SELECT * FROM es_a WHERE 3 = ANY (ARRAY[id, id + 1])",
    "SELECT * FROM es_a WHERE ints @> '{100}' AND 5 = ANY (ints)",
    "SELECT * FROM es_a WHERE ints @> '{}'",
    "SELECT * FROM es_a WHERE ints && '{}'",
    "SELECT * FROM es_a WHERE ints <@ '{}'",
    "SELECT * FROM es_a WHERE ints @> '{{1,2},{21,22}}'",
    "SELECT * FROM es_a WHERE NULL::int = ANY (ints)",
    # a domain over an array, varchar[] compared as text[]: the column's statistics
    "SELECT * FROM es_d WHERE d @> '{1}'",
    "SELECT * FROM es_d WHERE d <@ '{1,2}'",
    "SELECT * FROM es_d WHERE v @> '{a1}'",
    "SELECT * FROM es_d WHERE 'a1' = ANY (v)",
    "SELECT * FROM es_d WHERE 2 = ANY (d)",
    # no statistics: the defaults
    "SELECT * FROM es_n WHERE ints @> '{1,21}'",
    "SELECT * FROM es_n WHERE ints && '{1,21}'",
    "SELECT * FROM es_n WHERE ints <@ '{1,21}'",
    "SELECT * FROM es_n WHERE 3 = ANY (ints)",
    "SELECT * FROM es_n WHERE 3 = ALL (ints)",
]
ROWS_QUERIES = [
    "SELECT * FROM es_t WHERE doc @@ 'alpha1'",
    "SELECT * FROM es_t WHERE doc @@ 'alpha1 & beta3'",
    "SELECT * FROM es_t WHERE doc @@ 'alpha1 | beta3'",
    "SELECT * FROM es_t WHERE doc @@ '!alpha1'",
    "SELECT * FROM es_t WHERE doc @@ 'alpha1 <-> g3'",
    "SELECT * FROM es_t WHERE doc @@ 'nothing'",
    "SELECT * FROM es_t WHERE doc @@ 'alph:*'",
    "SELECT * FROM es_t WHERE doc @@ 'h1:*'",
    "SELECT * FROM es_t WHERE doc @@ to_tsquery('simple', 'beta3 & !g2')",
    "SELECT * FROM es_t WHERE 'g5'::tsquery @@ doc",
    "SELECT * FROM es_t WHERE doc @@ ''::tsquery",
]


def explain(server, query) -> list[str]:
    with server.connect(autocommit=True) as conn:
        return [row[0] for row in conn.execute("EXPLAIN " + query)]


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE es_a", "DROP TABLE es_n",
                                           "DROP TABLE es_t", "DROP TABLE es_d",
                                           "DROP DOMAIN es_intarr"])


@pytest.mark.parametrize("query", QUERIES)
def test_array_estimates_match_postgresql(tables, oracle, pgsnake_server, query):
    assert explain(pgsnake_server, query) == explain(oracle, query)


@pytest.mark.parametrize("query", ROWS_QUERIES)
def test_text_search_row_estimates_match_postgresql(tables, oracle, pgsnake_server, query):
    def rows(plan):
        return [re.findall(r"rows=\d+", line) for line in plan]
    assert rows(explain(pgsnake_server, query)) == rows(explain(oracle, query))


def test_custom_and_generic_plans_of_any_over_a_parameter(tables, oracle, pgsnake_server):
    # A custom plan estimates the parameter's elements (3 values of a unique-ish
    # column); a generic one 10 run-time equalities.
    def plans(server):
        with server.connect(autocommit=True) as conn:
            conn.execute("PREPARE es_p(int[]) AS SELECT * FROM es_a WHERE id = ANY ($1)")
            custom = [r[0] for r in conn.execute("EXPLAIN EXECUTE es_p('{1,2,3}')")]
            conn.execute("SET plan_cache_mode = force_generic_plan")
            generic = [r[0] for r in conn.execute("EXPLAIN EXECUTE es_p('{1,2,3}')")]
            return custom, generic
    assert plans(pgsnake_server) == plans(oracle)


def test_element_statistics_change_the_estimate(tables, pgsnake_server):
    # Without statistics `@> '{1,21}'` is 0.005 x 0.005 of the rows; with them 0.1 x 0.2.
    assert "rows=60 " in explain(pgsnake_server, "SELECT * FROM es_a WHERE ints @> '{1,21}'")[0]
    assert "rows=1 " in explain(pgsnake_server, "SELECT * FROM es_n WHERE ints @> '{1,21}'")[0]
