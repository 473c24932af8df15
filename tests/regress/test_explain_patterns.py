# The planner estimates LIKE / ILIKE / ~ / ~* (and their negations) with a constant
# pattern as PostgreSQL 15 does without statistics (optimizer/pattern_selectivity.py):
# fixed prefixes, exact patterns, the per-character heuristic, alternatives, case
# insensitivity, SIMILAR TO's folded pattern. EXPLAIN text is compared with the oracle
# (costs and rows) on text and varchar columns; on name and char(n) columns, whose width
# estimates are another matter, only the row estimates are.
import re

import pytest

from regress.explain_support import run_on_both

SETUP = ["DROP TABLE IF EXISTS rx_pat",
         "CREATE TABLE rx_pat (t text, v varchar(20), n name, c char(8))"]

PATTERNS = ["a", "^a", "^abc", "^abc$", "^ab.*", "^a+b", "^a?b", "abc", "^a|^b", "x.*y$",
            "[a-z]+", "^(ab)c", "^(?:ab)c", "^a{2}b", "^a{2,3}b", "^[ab]c", "", "^", "^$",
            "a[^b]c.?", "^A1", "^1a$", "^.*", "^\\.x", "(a|b)c", "^a{3}"]
LIKE_PATTERNS = ["%", "abc%", "ab_c%", "%abc", "a%b%c", "ABC%", "abc", "a\\%b%", "_a%"]

CASES = ([f"SELECT t, v FROM rx_pat WHERE {col} {op} '{p}'"
          for col in ("t", "v") for op in ("~", "~*", "!~", "!~*") for p in PATTERNS] +
         [f"SELECT t, v FROM rx_pat WHERE {col} {op} '{p}'"
          for col in ("t", "v") for op in ("~~", "~~*", "!~~", "!~~*") for p in LIKE_PATTERNS] +
         ["SELECT t, v FROM rx_pat WHERE lower(t) ~ '^ab'",
          "SELECT t, v FROM rx_pat WHERE t ~ v",
          "SELECT t, v FROM rx_pat WHERE 'abc' ~ t",
          "SELECT t, v FROM rx_pat WHERE t ~ '^ab' AND v !~* 'x'"])
ROWS_CASES = [f"SELECT * FROM rx_pat WHERE {col} {op} '{p}'"
              for col in ("n", "c") for op in ("~", "!~*", "~~", "!~~*")
              for p in ("^abc", "abc%", "x.*y$", "%b")]


def explain_all(server, queries) -> list[list[str]]:
    with server.connect(autocommit=True) as conn:
        return [[row[0] for row in conn.execute("EXPLAIN " + query)] for query in queries]


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE rx_pat"])


def test_pattern_estimates_match_postgresql(tables, oracle, pgsnake_server):
    ours, theirs = explain_all(pgsnake_server, CASES), explain_all(oracle, CASES)
    differing = [(query, mine, expected) for query, mine, expected in zip(CASES, ours, theirs)
                 if mine != expected]
    assert not differing, differing[:5]


def test_pattern_row_estimates_on_name_and_char(tables, oracle, pgsnake_server):
    def rows(plans):
        return [re.findall(r"rows=\d+", plan[0]) for plan in plans]
    assert rows(explain_all(pgsnake_server, ROWS_CASES)) == \
        rows(explain_all(oracle, ROWS_CASES))
