# Proves the test harness itself is right, using only the real PostgreSQL: scripts split as
# documented, the differential runner reports no difference oracle-vs-oracle and does
# report real differences, EXPLAIN shapes ignore costs but not structure, the psql runner
# captures output, and the process helpers find PostgreSQL's children, titles and pid file.
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from harness import differential, processes, psql_runner, sql_script
from harness.differential import Outcome

SQL_DIR = Path(__file__).parents[1] / "regress" / "sql"


def test_split_script_groups_lines_and_drops_comments():
    text = "-- heading\n\nSELECT 1;\nSELECT\n  2\n  -- inner\n  ;\n-- tail\nSELECT ';';\n"
    statements = sql_script.split_script(text)
    assert [s.sql for s in statements] == ["SELECT 1;", "SELECT\n  2\n  -- inner\n  ;",
                                           "SELECT ';';"]
    assert [s.line for s in statements] == [3, 4, 9]


def test_split_script_keeps_dollar_quoted_bodies_whole():
    text = ("CREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  x := 1;\n  RETURN x;\nEND $$;\n"
            "DO $body$ BEGIN\n  PERFORM '$$;';\nEND $body$;\n"
            "SELECT '$$' AS a;\nSELECT $1;\n-- $$ in a comment\nSELECT 2;\n")
    statements = sql_script.split_script(text)
    assert [s.line for s in statements] == [1, 6, 9, 10, 12]
    assert statements[0].sql.endswith("END $$;") and "x := 1;" in statements[0].sql
    assert statements[1].sql == "DO $body$ BEGIN\n  PERFORM '$$;';\nEND $body$;"


def test_split_script_takes_copy_data_up_to_backslash_dot():
    text = "COPY t FROM STDIN;\n1\tone\n-- not a comment\n\\.\nSELECT 1;\n"
    first, second = sql_script.split_script(text)
    assert (first.sql, first.copy_data) == ("COPY t FROM STDIN;", "1\tone\n-- not a comment\n")
    assert (second.sql, second.line, second.copy_data) == ("SELECT 1;", 5, None)
    with pytest.raises(ValueError):
        sql_script.split_script("COPY t FROM stdin;\n1\n")


def test_runner_sends_and_receives_copy_data(oracle):
    statements = sql_script.split_script(
        "CREATE TEMP TABLE cp (a int, b text);\nCOPY cp FROM STDIN;\n1\tx\n2\t\\N\n\\.\n"
        "COPY cp TO STDOUT;\nCOPY cp FROM STDIN;\n\\.\nSELECT count(*) FROM cp;\n")
    _create, copy_in, copy_out, empty, count = differential.run_script(oracle.dsn, statements)
    assert copy_in.command_tag == "COPY 2" and empty.command_tag == "COPY 0"
    assert copy_out.command_tag == "COPY 2" and copy_out.rows == [("1\tx\n",), ("2\t\\N\n",)]
    assert count.rows == [("2",)]


def test_split_script_rejects_unterminated_statement():
    with pytest.raises(ValueError):
        sql_script.split_script("SELECT 1;\nSELECT 2\n")


# What a regress script could leave behind on the oracle all scripts share: anything a
# later script could trip over (a type, a function, a table, a schema, a role, ...).
# Temporary objects are not counted: they go with the script's session, whose backend
# may still be dropping them when the next connection looks.
LEFTOVERS = ("SELECT 'class ' || oid::regclass FROM pg_class WHERE oid >= 16384 "
             "AND relpersistence <> 't' "
             "UNION ALL SELECT 'type ' || oid::regtype FROM pg_type WHERE oid >= 16384 "
             "AND typnamespace::regnamespace::text NOT LIKE 'pg\\_temp\\_%' "
             "AND typnamespace::regnamespace::text NOT LIKE 'pg\\_toast\\_temp\\_%' "
             "UNION ALL SELECT 'function ' || oid::regprocedure FROM pg_proc WHERE oid >= 16384 "
             "UNION ALL SELECT 'schema ' || nspname FROM pg_namespace WHERE oid >= 16384 "
             "AND nspname NOT LIKE 'pg_temp%' AND nspname NOT LIKE 'pg_toast_temp%' "
             "UNION ALL SELECT 'role ' || rolname FROM pg_roles WHERE oid >= 16384 "
             "UNION ALL SELECT 'database ' || datname FROM pg_database WHERE oid >= 16384 "
             "UNION ALL SELECT 'operator ' || oid::regoperator FROM pg_operator WHERE oid >= 16384 "
             "UNION ALL SELECT 'cast ' || castsource::regtype || ' -> ' || casttarget::regtype "
             "FROM pg_cast WHERE oid >= 16384 "
             "UNION ALL SELECT 'extension ' || extname FROM pg_extension WHERE oid >= 16384")


def _leftovers(oracle) -> set[str]:
    outcome = differential.run_script(oracle.dsn, sql_script.split_script(LEFTOVERS + ";"))[0]
    assert outcome.status == "ok", outcome.message
    return {row[0] for row in outcome.rows}


@pytest.mark.parametrize("script", sorted(SQL_DIR.glob("*.sql")), ids=lambda p: p.stem)
def test_oracle_agrees_with_itself(script, oracle):
    statements = sql_script.load_script(script)
    before = _leftovers(oracle)
    outcomes = differential.run_script(oracle.dsn, statements)
    assert len(outcomes) == len(statements)
    # every script ends clean: what it made would change a later script's answers
    assert _leftovers(oracle) - before == set(), f"{script.name} left these on the oracle"
    assert all(o.status in ("ok", "error") for o in outcomes), [o.message for o in outcomes]
    assert differential.diff_script(oracle.dsn, oracle.dsn, statements) is None


def test_runner_records_tags_types_rows_and_errors(oracle):
    statements = sql_script.split_script(
        "SELECT 1 AS a, NULL::text AS b, ''::text AS c;\nSELECT 1/0;\nBEGIN;\nSELECT x;\n"
        "SELECT 1;\nROLLBACK;\n")
    first, division, begin, bad, aborted, rollback = differential.run_script(oracle.dsn, statements)
    assert first.command_tag == "SELECT 1"
    assert first.columns == [("a", 23), ("b", 25), ("c", 25)]
    assert first.rows == [("1", None, "")]          # NULL and '' stay distinct
    assert (division.sqlstate, division.message) == ("22012", "division by zero")
    assert begin.transaction_status == "T"
    assert bad.sqlstate == "42703" and bad.position == "8" and bad.transaction_status == "E"
    assert aborted.sqlstate == "25P02"
    assert rollback.command_tag == "ROLLBACK" and rollback.transaction_status == "I"


def test_comparison_reports_each_kind_of_difference():
    statements = sql_script.split_script("SELECT 1;\nSELECT 2;\nSELECT 3;\nSELECT 4;\n")
    base = Outcome("ok", command_tag="SELECT 1", columns=[("a", 23)], rows=[("1",)],
                   transaction_status="I")
    expected = [base, base, base, Outcome("error", sqlstate="22012", message="division by zero",
                                          transaction_status="I")]
    actual = [base,
              Outcome("ok", command_tag="SELECT 1", columns=[("a", 20)], rows=[("1",)],
                      transaction_status="I"),
              Outcome("ok", command_tag="SELECT 1", columns=[("a", 23)], rows=[("01",)],
                      transaction_status="I"),
              Outcome("error", sqlstate="22003", message="division by zero",
                      transaction_status="I")]
    problems = differential.compare_outcomes(statements, expected, actual)
    assert len(problems) == 3
    assert "columns" in problems[0] and "statement 2" in problems[0]
    assert "rows differ" in problems[1] and "'01'" in problems[1]
    assert "sqlstate" in problems[2]


def test_comparison_refuses_a_broken_reference():
    statements = sql_script.split_script("SELECT 1;\n")
    lost = [Outcome("lost", message="gone")]
    assert differential.compare_outcomes(statements, lost, lost)


def test_explain_shape_ignores_costs_and_details_but_not_nesting():
    plan = ["Hash Join  (cost=1.00..2.00 rows=1 width=4)",
            "  Hash Cond: (a.id = b.id)",
            "  ->  Seq Scan on a  (cost=0.00..1.00 rows=1 width=4)",
            "        Filter: (x > 1)",
            "  ->  Hash  (cost=0.5..0.5 rows=1 width=4)",
            "        ->  Index Scan using b_pkey on b  (cost=0.1..0.5 rows=1 width=4)"]
    shape = differential.explain_shape(plan)
    assert shape == ("Hash Join", (("Seq Scan", ()), ("Hash", (("Index Scan", ()),))))
    cheaper = [line.replace("1.00", "9.99") for line in plan]
    assert differential.explain_shape(cheaper) == shape
    flattened = plan[:5] + ["  ->  Index Scan using b_pkey on b  (cost=0.1..0.5 rows=1 width=4)"]
    assert differential.explain_shape(flattened) != shape


def test_psql_runner_over_tcp_and_socket(oracle):
    tcp = psql_runner.run_psql(oracle, "SELECT 1 AS a, 'x' AS b")
    socket = psql_runner.run_psql(oracle, "SELECT 1 AS a, 'x' AS b", via="socket")
    assert tcp.returncode == 0, tcp.stderr
    assert tcp.stdout == "a|b\n1|x\n(1 row)\n"
    assert socket.stdout == tcp.stdout
    failed = psql_runner.run_psql(oracle, "SELECT 1/0")
    assert failed.returncode == 1 and "division by zero" in failed.stderr


def test_process_helpers_on_postgresql(oracle):
    pid_file = oracle.pid_file()
    assert pid_file is not None and pid_file.status == "ready"
    assert pid_file.port == oracle.port and pid_file.listen_address == "127.0.0.1"
    assert pid_file.socket_directory == oracle.socket_dir
    assert os.path.realpath(pid_file.data_directory) == os.path.realpath(oracle.datadir)
    assert abs(time.time() - pid_file.start_time) < 24 * 3600
    with oracle.connect() as conn:
        backend_pid = conn.info.backend_pid
        titles = oracle.child_titles()
        assert backend_pid in titles
        assert titles[backend_pid].startswith("postgres: postgres postgres 127.0.0.1(")
    assert "postgres: checkpointer" in titles.values()
    assert processes.parent_pid(backend_pid) in (None, pid_file.pid)
