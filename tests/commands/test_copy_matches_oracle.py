"""COPY, differential: the same COPY on pgsnake and on PostgreSQL 15 through psycopg's
cursor.copy(), comparing what came back (command tag, the data of COPY TO, the error's
SQLSTATE, message, detail, hint and CONTEXT) and the table's rows afterwards."""
from __future__ import annotations

import psycopg
import pytest

# (setup SQL, COPY statement, data sent for COPY FROM (None for COPY TO))
T = "create table t (a int primary key, b text not null default 'd', c varchar(3))"
F = ("create table p (id int primary key); insert into p values (1), (2);"
     "create table f (id int references p, c int check (c > 0), s serial, d text default 'dd')")
ALL = ("create table m (i2 int2, i4 int4, i8 int8, n numeric(8,3), f4 float4, f8 float8, "
       "b bool, tx text, vc varchar(5), bc char(3), by bytea, d date, ts timestamp, "
       "tz timestamptz, iv interval, tm time, ia int4[], ta text[], j json, jb jsonb, u uuid)")
M_ROW = ("insert into m values (1, -2, 3000000000, 12.5, 1.5, -2.25, true, E'a\\tb\\nc\\\\d', "
         "'vc', 'x', '\\x00ff', '2020-02-29', '2020-01-02 03:04:05.5', "
         "'2020-01-02 03:04:05+02', '1 day 2 hours', '12:34:56', '{1,NULL,3}', "
         "'{\"a b\",NULL,c}', '{\"k\": [1, 2]}', '{\"k\": [1, 2]}', "
         "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'), (null, null, null, null, null, null, null, "
         "null, null, null, null, null, null, null, null, null, null, null, null, null, null)")

CASES = {
    # text format
    "text_basic": (T, "copy t from stdin", b"1\tx\tabc\n2\t\\N\t\\N\n"),
    "text_escapes": (T, "copy t from stdin",
                     b"1\ta\\tb\\nc\\\\d\\101\\x41\\b\\f\\r\\v\\q\tz\n"),
    "text_delimiter_null": (T, "copy t from stdin (delimiter '|', null 'NIL')",
                            b"1|x|NIL\n2|y\\|z|\n"),
    "text_end_marker": (T, "copy t from stdin", b"1\tx\tabc\n\\.\nignored\n"),
    "text_crlf": (T, "copy t from stdin", b"1\tx\tabc\r\n2\ty\tz\r\n"),
    "text_bare_cr": (T, "copy t from stdin", b"1\tx\ta\rbc\n"),
    "text_column_list_defaults": (T, "copy t (a, c) from stdin", b"1\tq\n2\t\\N\n"),
    "text_header": (T, "copy t from stdin (header)", b"a\tb\tc\n1\tx\ty\n"),
    "text_header_match": (T, "copy t from stdin (header match)", b"a\tb\tc\n1\tx\ty\n"),
    "text_header_mismatch": (T, "copy t from stdin (header match)", b"a\tc\tb\n1\tx\ty\n"),
    "text_header_count": (T, "copy t from stdin (header match)", b"a\tb\n1\tx\ty\n"),
    "text_too_long": (T, "copy t from stdin", b"1\tx\tabc\n2\ty\tabcd\n"),
    "text_missing_column": (T, "copy t from stdin", b"1\tx\tabc\n2\ty\n"),
    "text_extra_column": (T, "copy t from stdin", b"1\tx\tabc\n2\ty\ta\tb\n"),
    "text_bad_integer": (T, "copy t from stdin", b"1\tx\tabc\nx\ty\ta\n"),
    "text_duplicate_key": (T, "copy t from stdin", b"1\tx\tabc\n1\ty\ta\n"),
    "text_not_null": (T, "copy t from stdin", b"1\t\\N\tabc\n"),
    "text_long_value_context": (T, "copy t from stdin", b"1\tx\t" + b"y" * 150 + b"\n"),
    "text_marker_mid_line": (T, "copy t from stdin", b"1\tx\tab\\.\n2\ty\tz\n"),
    "text_marker_at_eof": (T, "copy t from stdin", b"1\tx\tab\\."),
    "text_marker_escaped": (T, "copy t from stdin", b"1\tx\\\\.\tz\n"),
    "text_marker_newline_style": (T, "copy t from stdin", b"1\tx\ty\n\\.\r\n"),
    "csv_marker_at_eof_is_data": (T, "copy t (b) from stdin (format csv)", b"\\."),
    "text_corrupt_marker": (T, "copy t from stdin", b"1\tx\ta\n\\.x\n"),
    "text_invalid_utf8": (T, "copy t from stdin", b"1\t\xff\ta\n"),
    "text_empty": (T, "copy t from stdin", b""),
    "text_where": (T, "copy t from stdin where a > 1 and c <> 'no'", b"1\tx\ta\n2\ty\tb\n3\tz\tno\n"),
    "text_where_sees_defaults": (T, "copy t (a, c) from stdin where b = 'd' and a < 3",
                                 b"1\tx\n2\ty\n3\tz\n"),
    "text_where_bad_column": (T, "copy t from stdin where nosuch > 1", b""),
    "text_where_error_in_row": (T, "copy t from stdin where 10 / (a - 2) > 0", b"1\tx\ta\n2\ty\tb\n"),
    # CSV
    "csv_basic": (T, "copy t from stdin (format csv)", b'1,"x,y",abc\n2,,""\n'),
    "csv_quoted_newline": (T, "copy t from stdin (format csv)", b'1,"line1\nline2",a\n2,b,c\n'),
    "csv_multiline_then_bad_row": (T, "copy t from stdin (format csv)",
                                   b'1,"a\nb\nc",c\n2,x,y\nbad,,\n'),
    "csv_doubled_quote": (T, "copy t from stdin (format csv)", b'1,"say ""hi""",a\n'),
    "csv_escape": (T, "copy t from stdin (format csv, escape '\\')", b'1,"a\\"b",c\n'),
    "csv_quote_char": (T, "copy t from stdin (format csv, quote '''')", b"1,'a,b',c\n"),
    "csv_header_match": (T, "copy t from stdin with csv header match", b"a,b,c\n1,x,y\n"),
    "csv_force_not_null": (T, "copy t from stdin (format csv, force_not_null (c))", b"1,x,\n"),
    "csv_force_null": (T, "copy t from stdin (format csv, force_null (c))", b'1,x,""\n'),
    "csv_unterminated": (T, "copy t from stdin (format csv)", b'1,"abc\n'),
    "csv_text_after_quote": (T, "copy t from stdin (format csv)", b'1,"2"x,a\n'),
    "csv_end_marker": (T, "copy t from stdin csv", b"1,a,b\n\\.\n"),
    "csv_old_syntax": (T, "copy t from stdin csv header quote as '\"' force not null c",
                       b"a,b,c\n1,x,\n"),
    # constraints and defaults
    "fk_violation": (F, "copy f (id, c) from stdin", b"1\t1\n3\t1\n"),
    "check_violation": (F, "copy f (id, c) from stdin", b"\\N\t-1\n"),
    "serial_defaults": (F, "copy f (c) from stdin", b"1\n2\n"),
    # option errors
    "opt_format_unknown": (T, "copy t from stdin (format foo)", b""),
    "opt_unknown": (T, "copy t from stdin (foo 1)", b""),
    "opt_redundant": (T, "copy t from stdin (format csv, format csv)", b""),
    "opt_delimiter_long": (T, "copy t from stdin (delimiter ',,')", b""),
    "opt_binary_delimiter": (T, "copy t from stdin (format binary, delimiter ',')", b""),
    "opt_force_quote_text": (T, "copy t to stdout (force_quote *)", None),
    "opt_force_quote_from": (T, "copy t from stdin (format csv, force_quote (a))", b""),
    "opt_force_null_text": (T, "copy t from stdin (force_null (c))", b""),
    "opt_force_null_unlisted": (T, "copy t (a) from stdin (format csv, force_null (c))", b""),
    "opt_quote_same_as_delimiter": (T, "copy t from stdin (format csv, quote ',')", b""),
    "opt_escape_text": (T, "copy t from stdin (escape 'x')", b""),
    "opt_delimiter_letter": (T, "copy t from stdin (delimiter 'a')", b""),
    "opt_null_has_delimiter": (T, "copy t from stdin (delimiter ',', null ',')", b""),
    "opt_header_bad": (T, "copy t from stdin (format csv, header 'foo')", b""),
    "opt_header_match_to": (T, "copy t to stdout (format csv, header match)", None),
    "opt_encoding_bad": (T, "copy t from stdin (encoding 'xx')", b""),
    "opt_encoding_ok": (T, "copy t from stdin (encoding 'utf8')", b"1\tx\ty\n"),
    "opt_force_not_null_star": (T, "copy t from stdin (format csv, force_not_null *)", b""),
    "opt_header_binary": (T, "copy t from stdin (format binary, header)", b""),
    "col_duplicate": (T, "copy t (a, a) from stdin", b""),
    "col_missing": (T, "copy t (z) from stdin", b""),
    "no_relation": (T, "copy nosuch from stdin", b""),
    "freeze_refused": (T, "copy t from stdin (freeze)", b""),
    "program_file_missing": (T, "copy t from '/nonexistent/pgsnake-copy-test'", None),
    "to_relative_path": (T, "copy t to 'relative.txt'", None),
    # COPY TO
    "to_text": (T + "; insert into t values (1, E'a\\tb\\\\c\\nd', null), (2, '', 'x')",
                "copy t to stdout", None),
    "to_text_header_delimiter": (T + "; insert into t values (1, 'a|b', null)",
                                 "copy t to stdout (header, delimiter '|', null 'NIL')", None),
    "to_csv": (T + "; insert into t values (1, 'a,b', null), (2, '', 'q\"'), (3, E'x\\ny', '\\.')",
               "copy t to stdout (format csv, header)", None),
    "to_csv_force_quote": (T + "; insert into t values (1, 'a', null)",
                           "copy t (a, b) to stdout (format csv, force_quote (b))", None),
    "to_csv_force_quote_star": (T + "; insert into t values (1, 'a', null)",
                                "copy t to stdout with csv force quote *", None),
    "to_csv_single_marker": ("create table s (x text); insert into s values ('\\.'), ('')",
                             "copy s to stdout (format csv)", None),
    "to_query": (T + "; insert into t values (2, 'b', 'y'), (1, 'a', 'x')",
                 "copy (select a, b || '!' as bang from t order by a) to stdout (format csv, header)",
                 None),
    "to_query_force_quote_unknown": (T, "copy (select 1 as x) to stdout (format csv, force_quote (y))",
                                     None),
    "to_dml_without_returning": (T, "copy (insert into t values (9)) to stdout", None),
    "to_dml_returning": (T, "copy (insert into t values (9) returning a, b) to stdout", None),
    "to_binary_all_types": (ALL + "; " + M_ROW, "copy m to stdout (format binary)", None),
    "to_text_all_types": (ALL + "; " + M_ROW, "copy m to stdout", None),
    "to_csv_all_types": (ALL + "; " + M_ROW, "copy m to stdout (format csv)", None),
    # binary in
    "binary_bad_signature": (T, "copy t from stdin (format binary)", b"PGCOPX\n\xff\r\n\x00"),
    "binary_short_field": (T, "copy t (a) from stdin (format binary)",
                           b"PGCOPY\n\xff\r\n\x00" + bytes(8) + b"\x00\x01\x00\x00\x00\x02\x00\x01"),
    "binary_field_count": (T, "copy t (a) from stdin (format binary)",
                           b"PGCOPY\n\xff\r\n\x00" + bytes(8) + b"\x00\x02"),
    "binary_rows": (T, "copy t (a, b) from stdin (format binary)",
                    b"PGCOPY\n\xff\r\n\x00" + bytes(8)
                    + b"\x00\x02\x00\x00\x00\x04\x00\x00\x00\x07\x00\x00\x00\x02hi"
                    + b"\x00\x02\x00\x00\x00\x04\x00\x00\x00\x08\xff\xff\xff\xff"
                    + b"\xff\xff"),
}

TABLES = "drop table if exists t, f, p, m, s cascade"


def _run(dsn: str, setup: str, sql: str, data: bytes | None) -> dict:
    with psycopg.connect(dsn, autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute(TABLES)
        for statement in setup.split(";"):
            if statement.strip():
                cur.execute(statement)
        outcome: dict = {"error": None, "output": None, "tag": None}
        try:
            with cur.copy(sql) as copy:
                if data is None:
                    outcome["output"] = b"".join(bytes(chunk) for chunk in copy)
                elif data:
                    copy.write(data)
            outcome["tag"] = cur.statusmessage
        except psycopg.Error as e:
            d = e.diag
            outcome["error"] = (d.sqlstate, d.message_primary, d.message_detail,
                                d.message_hint, d.context, d.statement_position)
        tables = [r[0] for r in cur.execute(
            "select relname from pg_class where relname in ('t', 'f', 'm', 's') "
            "and relkind = 'r' and pg_table_is_visible(oid) order by 1").fetchall()]
        outcome["rows"] = {name: sorted(map(repr, cur.execute(f"select * from {name}").fetchall()))
                           for name in tables}
        cur.execute(TABLES)
        return outcome


@pytest.mark.parametrize("case", sorted(CASES))
def test_copy_matches_oracle(case, oracle, pgsnake_server):
    setup, sql, data = CASES[case]
    expected = _run(oracle.dsn, setup, sql, data)
    actual = _run(pgsnake_server.dsn, setup, sql, data)
    assert actual == expected


def test_binary_round_trip_of_every_type(oracle, pgsnake_server):
    """PostgreSQL's binary COPY of a row of every built-in type loads into pgsnake and
    comes back out byte for byte, and the other way round."""
    with psycopg.connect(oracle.dsn, autocommit=True) as ora, \
            psycopg.connect(pgsnake_server.dsn, autocommit=True) as snake:
        blobs = {}
        for conn in (ora, snake):
            cur = conn.cursor()
            cur.execute(TABLES)
            cur.execute(ALL)
            cur.execute(M_ROW)
            with cur.copy("copy m to stdout (format binary)") as copy:
                blobs[conn] = b"".join(bytes(c) for c in copy)
        assert blobs[ora] == blobs[snake]
        for source, target in ((ora, snake), (snake, ora)):
            cur = target.cursor()
            cur.execute("truncate m")
            with cur.copy("copy m from stdin (format binary)") as copy:
                copy.write(blobs[source])
            with cur.copy("copy m to stdout (format binary)") as copy:
                assert b"".join(bytes(c) for c in copy) == blobs[source]
        for conn in (ora, snake):
            conn.execute(TABLES)


def test_freeze_after_truncate_in_same_transaction(oracle, pgsnake_server):
    """pgbench -i's pattern: TRUNCATE then COPY ... FREEZE in one transaction."""
    results = []
    for dsn in (oracle.dsn, pgsnake_server.dsn):
        with psycopg.connect(dsn) as conn:
            cur = conn.cursor()
            cur.execute(TABLES)
            cur.execute(T)
            conn.commit()
            cur.execute("truncate t")
            with cur.copy("copy t from stdin with (freeze on)") as copy:
                copy.write(b"1\tx\ty\n")
            conn.commit()
            cur.execute("savepoint s")
            try:
                with cur.copy("copy t from stdin (freeze)") as copy:
                    copy.write(b"2\tx\ty\n")
                results.append("ok")
            except psycopg.Error as e:
                results.append(e.diag.sqlstate)
            conn.rollback()
            results.append(cur.execute("select * from t").fetchall())
            cur.execute(TABLES)
            conn.commit()
    assert results[:2] == results[2:]


def test_server_file_round_trip(pgsnake_server, tmp_path):
    """COPY TO a server file and back (the server runs as this user in the tests)."""
    path = tmp_path / "t.csv"
    with psycopg.connect(pgsnake_server.dsn, autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute(TABLES)
        cur.execute(T)
        cur.execute("insert into t values (1, 'a,b', null), (2, E'x\\ny', 'z')")
        cur.execute(f"copy t to '{path}' (format csv, header)")
        assert cur.statusmessage == "COPY 2"
        assert path.read_bytes() == b'a,b,c\n1,"a,b",\n2,"x\ny",z\n'
        cur.execute("truncate t")
        cur.execute(f"copy t from '{path}' (format csv, header match)")
        assert cur.statusmessage == "COPY 2"
        assert cur.execute("select * from t order by a").fetchall() == [
            (1, "a,b", None), (2, "x\ny", "z")]
        with pytest.raises(psycopg.errors.FeatureNotSupported):
            cur.execute("copy t from program 'cat /dev/null'")
        cur.execute(TABLES)


def _type_samples() -> dict[str, list[str]]:
    """Up to three accepted input texts per type, from the datatype tests' cases (checked
    against PostgreSQL there), plus types those cases lack."""
    import json
    import pathlib
    here = pathlib.Path(__file__).resolve().parents[1] / "datatypes"
    samples: dict[str, list[str]] = {
        "json": ['{"a": [1, 2.5, null]}'], "jsonb": ['{"b": 1, "a": [true]}'],
        "regclass": ["pg_class"], "tid": ["(1,2)"], "xid": ["12345"],
        "varchar": ["x y"], "bpchar": ["ab"], "jsonb[]": ['{"{\\"a\\": 1}"}'],
    }
    for name in ("scalar_cases.json", "oracle_cases.json"):
        for case in json.loads((here / name).read_text()):
            if case.get("kind") != "io" or case.get("result") is None or "sqlstate" in case:
                continue
            if case["type"] == "regclass":
                continue            # '0' and OIDs print differently per catalog
            texts = samples.setdefault(case["type"], [])
            if len(texts) < 3 and case["text"] not in texts:
                texts.append(case["text"])
    return samples


@pytest.mark.slow        # about 45 s; test_binary_round_trip_of_every_type is the fast one
def test_binary_copy_of_every_type_matches_oracle(oracle, pgsnake_server):
    """For every type with sample values: PostgreSQL's and pgsnake's binary COPY TO give
    the same bytes, and PostgreSQL's bytes loaded by pgsnake's binary COPY FROM come
    back out unchanged (each type's send and receive)."""
    problems = {}
    with psycopg.connect(oracle.dsn, autocommit=True) as ora, \
            psycopg.connect(pgsnake_server.dsn, autocommit=True) as snake:
        for type_name, texts in sorted(_type_samples().items()):
            blobs = {}
            for conn in (ora, snake):
                cur = conn.cursor()
                cur.execute("drop table if exists copy_types")
                cur.execute(f"create table copy_types (v {type_name})")
                for text in texts:
                    cur.execute(f"insert into copy_types values (%s::text::{type_name})", (text,))
                cur.execute("insert into copy_types values (null)")
                with cur.copy("copy copy_types to stdout (format binary)") as copy:
                    blobs[conn] = b"".join(bytes(c) for c in copy)
            if blobs[ora] != blobs[snake]:
                problems[type_name] = "COPY TO (FORMAT binary) differs"
                continue
            cur = snake.cursor()
            cur.execute("truncate copy_types")
            with cur.copy("copy copy_types from stdin (format binary)") as copy:
                copy.write(blobs[ora])
            with cur.copy("copy copy_types to stdout (format binary)") as copy:
                if b"".join(bytes(c) for c in copy) != blobs[ora]:
                    problems[type_name] = "binary round trip differs"
        for conn in (ora, snake):
            conn.execute("drop table if exists copy_types")
    assert problems == {}
