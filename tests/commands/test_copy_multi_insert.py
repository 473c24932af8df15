"""Buffered inserts (executor/multi_insert.py, access/heap/heap_multi_insert.py),
differential: COPY FROM and multi-row INSERT into tables where rows are buffered and
where they must not be (BEFORE ROW triggers, volatile functions that read the table,
partitions with and without triggers), on pgsnake and on PostgreSQL 15. Compared: the
command tag, the error (SQLSTATE, message, detail, CONTEXT with the line of the row a
flush-time unique violation is about), and the rows with their TIDs afterwards (a batch
lands on the pages where PostgreSQL puts the same rows)."""
from __future__ import annotations

import psycopg
import pytest

DROP = ("drop table if exists mi, mi_log, mi_p cascade; "
        "drop function if exists mi_count(), mi_t(), mi_r() cascade")


def _lines(first: int, last: int, width: int = 30) -> bytes:
    return "".join(f"{i}\t{'v' * (i % width)}\n" for i in range(first, last + 1)).encode()


PLAIN = "create table mi (a int primary key, b text)"
COUNTING = ("create table mi_log (a int, seen int);"
            "create function mi_count() returns int language sql volatile as "
            "'select count(*)::int from mi'")
CASES = {
    # (setup, statement, COPY data or None for a plain statement)
    "copy_pages": (PLAIN, "copy mi from stdin", _lines(1, 2500)),
    "copy_duplicate_mid_batch": (PLAIN, "copy mi from stdin",
                                 _lines(1, 1500) + _lines(700, 700) + _lines(1501, 2600)),
    "copy_duplicate_in_last_batch": (PLAIN, "copy mi from stdin",
                                     _lines(1, 1200) + _lines(5, 5)),
    "copy_volatile_default": (PLAIN + ";" + COUNTING +
                              ";alter table mi add column c int default mi_count()",
                              "copy mi (a, b) from stdin", _lines(1, 300)),
    "copy_before_trigger_sees_earlier_rows": (
        PLAIN + ";" + COUNTING + ";create function mi_t() returns trigger language plpgsql as "
        "$$begin insert into mi_log values (new.a, mi_count()); return new; end$$;"
        "create trigger mi_t before insert on mi for each row execute function mi_t()",
        "copy mi from stdin", _lines(1, 400)),
    "copy_after_trigger_and_transition_table": (
        PLAIN + ";create table mi_log (a int, seen int);"
        "create function mi_t() returns trigger language plpgsql as "
        "$$begin insert into mi_log select count(*), max(a) from new_rows; return null; end$$;"
        "create trigger mi_t after insert on mi referencing new table as new_rows "
        "for each statement execute function mi_t();"
        "create function mi_r() returns trigger language plpgsql as "
        "$$begin insert into mi_log values (new.a, -1); return null; end$$;"
        "create trigger mi_r after insert on mi for each row execute function mi_r()",
        "copy mi from stdin", _lines(1, 1100)),
    "copy_partitions": (
        "create table mi_p (a int, k int, b text) partition by list (k);"
        "create table mi_p0 partition of mi_p for values in (0);"
        "create table mi_p1 partition of mi_p for values in (1);"
        "create table mi_p2 partition of mi_p for values in (2);"
        "create unique index on mi_p (a, k);"
        + COUNTING.replace("from mi'", "from mi_p'") +
        ";create function mi_t() returns trigger language plpgsql as "
        "$$begin insert into mi_log values (new.a, mi_count()); return new; end$$;"
        "create trigger mi_t before insert on mi_p2 for each row execute function mi_t()",
        "copy mi_p from stdin", "".join(f"{i}\t{i % 7 // 3}\tp{i}\n" for i in
                                        range(1, 1200)).encode() + b"5\t1\tp5\n"),
    "insert_values_volatile": (PLAIN + ";" + COUNTING,
                               "insert into mi select g, mi_count()::text "
                               "from generate_series(1, 300) g", None),
    "insert_values_list_volatile": (PLAIN + ";" + COUNTING,
                                    "insert into mi values " + ", ".join(
                                        f"({i}, mi_count()::text)" for i in range(1, 40)),
                                    None),
    "insert_select_plpgsql_volatile": (
        PLAIN + ";create table mi_log (a int, seen int);create function mi_count() returns "
        "int language plpgsql as $$begin return (select count(*) from mi); end$$",
        "insert into mi select g, mi_count()::text from generate_series(1, 300) g", None),
    "insert_values_pages": (PLAIN, "insert into mi values " + ", ".join(
        f"({i}, '{'w' * (i % 50)}')" for i in range(1, 1500)), None),
    "insert_values_duplicate": (PLAIN, "insert into mi values " + ", ".join(
        f"({i % 1200}, 'x')" for i in range(1, 1500)), None),
    "insert_select_fk": ("create table mi_p (id int primary key);"
                         "insert into mi_p select generate_series(1, 1000);"
                         "create table mi (a int primary key, p int references mi_p)",
                         "insert into mi select g, g from generate_series(1, 1001) g", None),
}

RESULT_TABLES = ("mi", "mi_log", "mi_p")


def _run(dsn: str, setup: str, sql: str, data: bytes | None) -> dict:
    with psycopg.connect(dsn, autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute(DROP)
        cur.execute(setup)
        outcome: dict = {"error": None, "tag": None}
        try:
            if data is None:
                cur.execute(sql)
            else:
                with cur.copy(sql) as copy:
                    copy.write(data)
            outcome["tag"] = cur.statusmessage
        except psycopg.Error as e:
            d = e.diag
            outcome["error"] = (d.sqlstate, d.message_primary, d.message_detail, d.context)
        for name in RESULT_TABLES:
            if cur.execute("select count(*) from pg_class where relname = %s "
                           "and pg_table_is_visible(oid)", (name,)).fetchone()[0]:
                key = "tableoid::regclass::text, ctid::text" if name != "mi_log" else "1, 1"
                outcome[name] = cur.execute(
                    f"select {key}, * from {name} order by 1, 2, 3").fetchall()
        cur.execute(DROP)
        return outcome


@pytest.mark.parametrize("case", sorted(CASES))
def test_buffered_inserts_match_oracle(case, oracle, pgsnake_server):
    setup, sql, data = CASES[case]
    expected = _run(oracle.dsn, setup, sql, data)
    actual = _run(pgsnake_server.dsn, setup, sql, data)
    assert actual == expected


def _wal_kinds(conn, statement: str, data: bytes | None) -> dict:
    """{'Heap/INSERT': n, 'Heap2/MULTI_INSERT+INIT': n, ...} of the records `statement`
    wrote for table mi (its relfilenode in the block reference)."""
    node = conn.execute("select pg_relation_filenode('mi')").fetchone()[0]
    start = conn.execute("select pg_current_wal_lsn()").fetchone()[0]
    if data is None:
        conn.execute(statement)
    else:
        with conn.cursor().copy(statement) as copy:
            copy.write(data)
    end = conn.execute("select pg_current_wal_lsn()").fetchone()[0]
    return dict(conn.execute(
        "select resource_manager || '/' || record_type, count(*) "
        "from pg_get_wal_records_info(%s, %s) where resource_manager in ('Heap', 'Heap2') "
        "and block_ref like %s group by 1", (start, end, f"%/{node} fork main%")).fetchall())


def test_wal_shows_which_inserts_were_buffered(pgsnake_server):
    """pg_walinspect: a COPY into a new table is one Heap2 MULTI_INSERT+INIT per page (and
    a continuation record where a flush ends mid-page), never a Heap INSERT; serial
    defaults (nextval) still buffer; a volatile default or a BEFORE ROW trigger makes
    every row a Heap INSERT, as PostgreSQL's COPY falls back to single inserts."""
    with psycopg.connect(pgsnake_server.dsn, autocommit=True) as conn:
        conn.execute("create extension if not exists pg_walinspect")
        conn.execute(DROP)
        conn.execute("create table mi (a int, b text, s serial)")
        copied = _wal_kinds(conn, "copy mi (a, b) from stdin", _lines(1, 2500))
        pages = conn.execute("select pg_relation_size('mi') / 8192").fetchone()[0]
        last = conn.execute(
            "select description from pg_get_wal_records_info(pg_current_wal_lsn() - 65536, "
            "pg_current_wal_lsn()) where record_type like 'MULTI_INSERT%' "
            "order by start_lsn desc limit 1").fetchone()[0]
        inserted = _wal_kinds(conn, "insert into mi (a, b) values " + ", ".join(
            f"({i}, 'x')" for i in range(200)), None)
        conn.execute(COUNTING)
        conn.execute("alter table mi alter column a set default mi_count()")
        volatile = _wal_kinds(conn, "copy mi (b) from stdin", b"x\ny\nz\n")
        conn.execute("alter table mi alter column a drop default")
        conn.execute("create function mi_t() returns trigger language plpgsql as "
                     "$$begin return new; end$$")
        conn.execute("create trigger mi_t before insert on mi for each row "
                     "execute function mi_t()")
        triggered = _wal_kinds(conn, "copy mi (a, b) from stdin", _lines(1, 3))
        conn.execute(DROP)
        conn.execute("drop extension pg_walinspect")     # (other tests list extensions)
    assert pages > 5
    assert copied["Heap2/MULTI_INSERT+INIT"] == pages
    assert set(copied) <= {"Heap2/MULTI_INSERT+INIT", "Heap2/MULTI_INSERT"}
    assert copied.get("Heap2/MULTI_INSERT", 0) < pages
    assert last.endswith("flags 0x02")          # the batch's last record: LAST_IN_MULTI
    assert set(inserted) <= {"Heap/INSERT", "Heap/INSERT+INIT"}   # INSERT: row by row
    assert sum(inserted.values()) == 200
    assert volatile == {"Heap/INSERT": 3}
    assert triggered == {"Heap/INSERT": 3}
