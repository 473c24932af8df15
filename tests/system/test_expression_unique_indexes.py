# Unique expression and partial indexes hold as PostgreSQL's do, on pgsnake and on
# PostgreSQL 15 with the same expectations: the 23505 DETAIL names the expression as
# pg_get_indexdef prints it; a second session inserting a key equal under the
# expression ('A@x' after 'a@x' for lower(email)) waits for the first, then fails if it
# committed and succeeds if it rolled back; a unique partial index ("one active row per
# user") leaves rows outside its predicate alone.
from __future__ import annotations

import psycopg
import pytest

from system.test_unique_constraints import _insert_in_thread, _wait_until_blocked


def test_expression_duplicate_detail(shared_server):
    with shared_server.connect(autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS ue_detail")
        conn.execute("CREATE TABLE ue_detail (id int, email varchar(40), a int, b int)")
        conn.execute("CREATE UNIQUE INDEX ue_detail_email ON ue_detail (lower(email))")
        conn.execute("CREATE UNIQUE INDEX ue_detail_sum ON ue_detail ((a + b), a)")
        conn.execute("INSERT INTO ue_detail VALUES (1, 'Ann@x', 1, 2)")
        with pytest.raises(psycopg.errors.UniqueViolation) as caught:
            conn.execute("INSERT INTO ue_detail VALUES (2, 'ANN@x', 5, 5)")
        diag = caught.value.diag
        assert (diag.message_primary, diag.message_detail, diag.constraint_name) == (
            'duplicate key value violates unique constraint "ue_detail_email"',
            "Key (lower(email::text))=(ann@x) already exists.", "ue_detail_email")
        with pytest.raises(psycopg.errors.UniqueViolation) as caught:
            conn.execute("INSERT INTO ue_detail VALUES (3, 'bob@x', 1, 2)")
        assert caught.value.diag.message_detail == "Key ((a + b), a)=(3, 1) already exists."
        conn.execute("INSERT INTO ue_detail VALUES (4, 'cy@x', 2, 1)")     # 3 but a = 2
        with pytest.raises(psycopg.errors.UniqueViolation) as caught:
            conn.execute("UPDATE ue_detail SET email = 'ann@X' WHERE id = 4")
        assert caught.value.diag.message_detail == \
            "Key (lower(email::text))=(ann@x) already exists."
        conn.execute("DROP INDEX ue_detail_email")
        conn.execute("INSERT INTO ue_detail VALUES (5, 'Dee@x', 7, 7), (6, 'dee@x', 8, 8)")
        with pytest.raises(psycopg.errors.UniqueViolation) as caught:
            conn.execute("CREATE UNIQUE INDEX ue_detail_upper ON ue_detail (upper(email))")
        assert (caught.value.diag.message_primary, caught.value.diag.message_detail) == (
            'could not create unique index "ue_detail_upper"',
            "Key (upper(email::text))=(DEE@X) is duplicated.")
        conn.execute("DROP TABLE ue_detail")


def test_one_active_row_per_user(shared_server):
    with shared_server.connect(autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS ue_active")
        conn.execute("CREATE TABLE ue_active (id int, user_id int, active bool)")
        conn.execute("CREATE UNIQUE INDEX ue_active_one ON ue_active (user_id) "
                     "WHERE active")
        conn.execute("INSERT INTO ue_active VALUES (1, 1, true), (2, 1, false), "
                     "(3, 1, false), (4, 2, true)")
        with pytest.raises(psycopg.errors.UniqueViolation) as caught:
            conn.execute("UPDATE ue_active SET active = true WHERE id = 2")
        assert caught.value.diag.message_detail == "Key (user_id)=(1) already exists."
        with conn.transaction():
            conn.execute("UPDATE ue_active SET active = false WHERE user_id = 1 AND active")
            conn.execute("UPDATE ue_active SET active = true WHERE id = 3")
        assert conn.execute("SELECT id FROM ue_active WHERE active ORDER BY id").fetchall() \
            == [(3,), (4,)]
        conn.execute("DROP TABLE ue_active")


@pytest.mark.parametrize("ending", ["COMMIT", "ROLLBACK"])
def test_second_inserter_of_an_equal_expression_waits(shared_server, ending):
    table = f"ue_wait_{ending.lower()}"
    with shared_server.connect(autocommit=True) as observer:
        observer.execute(f"DROP TABLE IF EXISTS {table}")
        observer.execute(f"CREATE TABLE {table} (email text, who text)")
        observer.execute(f"CREATE UNIQUE INDEX {table}_email ON {table} (lower(email))")
        with shared_server.connect(autocommit=False) as first:
            first.execute(f"INSERT INTO {table} VALUES ('a@x', 'first')")
            first_pid = first.info.backend_pid
            thread, outcome, second_pid = _insert_in_thread(
                shared_server, f"INSERT INTO {table} VALUES ('A@X', 'second')")
            _wait_until_blocked(observer, second_pid, first_pid)
            assert "result" not in outcome
            first.commit() if ending == "COMMIT" else first.rollback()
        thread.join(30)
        assert outcome["result"] == ("23505" if ending == "COMMIT" else "ok")
        rows = observer.execute(f"SELECT who FROM {table}").fetchall()
        assert rows == ([("first",)] if ending == "COMMIT" else [("second",)])
        observer.execute(f"DROP TABLE {table}")
