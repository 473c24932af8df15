# Proves that raw parsing splits query strings into statements with their own text, and
# reports syntax errors as PostgreSQL does: SQLSTATE 42601, its message, and the 1-based
# character position (also after multibyte characters).
import pytest

from pgsnake.parser.raw_parser import fingerprint, parse_sql
from pgsnake.utils.errors import PgError


def test_splits_statements_with_their_text_and_kind():
    statements = parse_sql("select 1; insert into t values (2) ;select 3")
    assert [s.kind for s in statements] == ["SelectStmt", "InsertStmt", "SelectStmt"]
    assert [s.text for s in statements] == ["select 1", "insert into t values (2)", "select 3"]
    assert statements[1].node["InsertStmt"]["relation"]["relname"] == "t"


def test_empty_query_string_gives_no_statements():
    assert parse_sql("") == []
    assert parse_sql("  ;  ") == []


@pytest.mark.parametrize("sql, message, position", [
    ("select from from x", 'syntax error at or near "from"', 13),
    ("select 1 +", "syntax error at end of input", 11),
    ("select é from from", 'syntax error at or near "from"', 15),
])
def test_syntax_errors_match_postgresql(sql, message, position):
    with pytest.raises(PgError) as info:
        parse_sql(sql)
    assert info.value.sqlstate == "42601"
    assert info.value.message == message
    assert info.value.position == position


def test_node_locations_convert_from_bytes_to_characters():
    (statement,) = parse_sql("select 'é', x")
    location = statement.node["SelectStmt"]["targetList"][1]["ResTarget"]["val"]["ColumnRef"]["location"]
    assert location == 13                        # libpg_query counts bytes
    assert statement.source.position(location) == 13   # 1-based character 13 is 'x'


def test_fingerprint_ignores_constants():
    assert fingerprint("select * from t where a = 1") == fingerprint("select * from t where a = 42")
    assert fingerprint("select * from t where a = 1") != fingerprint("select * from u where a = 1")
