# Proves jsonb's on-disk form is PostgreSQL's byte for byte (the oracle's heap tuples, read
# with pageinspect, against jsonb_pack), that it reads back, and that json/jsonb values
# survive a table round trip and binary transfer through a pgsnake server.
from __future__ import annotations

import pytest

from pgsnake.datatypes import registry
from pgsnake.datatypes.jsonb_storage import jsonb_pack, jsonb_unpack
from pgsnake.datatypes.jsonb_value import jsonb_input, jsonb_output

VALUES = [
    '{"a":1,"bb":[true,false,null,"x",1.5],"c":{"d":-0.0}}', '3', '"str"', '[]', '{}',
    'null', 'true', '[1, "two", 3.25, [4, [5]], {"six": 6}]', '"é and ü"',
    '[' + ",".join(str(i * 7) for i in range(70)) + ']',                   # offset strides
    '{' + ",".join(f'"k{i}":"{"v" * (i % 5)}"' for i in range(40)) + '}',
    '{"n": 123456789012345678901234567890.000123, "m": -1e-10, "z": 0}',
]


def _payload(t_data: bytes) -> bytes:
    """The datum without its varlena header (1-byte short or 4-byte)."""
    if t_data[0] & 1:
        return t_data[1:(t_data[0] >> 1)]
    size = int.from_bytes(t_data[:4], "little") >> 2
    return t_data[4:size]


def test_pack_matches_postgresql_pages(oracle):
    with oracle.connect(autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        conn.execute("DROP TABLE IF EXISTS jsonb_bytes")
        conn.execute("CREATE TABLE jsonb_bytes (n int, j jsonb)")
        for n, text in enumerate(VALUES):
            conn.execute("INSERT INTO jsonb_bytes VALUES (%s, %s::jsonb)", (n, text))
        rows = conn.execute("SELECT t_data FROM heap_page_items(get_raw_page('jsonb_bytes', 0)) "
                            "ORDER BY lp").fetchall()
    assert len(rows) == len(VALUES)
    for text, (t_data,) in zip(VALUES, rows):
        datum = _payload(bytes(t_data)[4:])        # after the int4 column
        assert jsonb_pack(jsonb_input(text)) == datum, text
        assert jsonb_output(jsonb_unpack(datum)) == jsonb_output(jsonb_input(text))


@pytest.mark.parametrize("text", VALUES)
def test_send_receive_round_trip(text):
    info = registry.get_type(3802)
    value = info.input(text)
    assert info.send(value)[:1] == b"\x01"
    assert info.output(info.receive(info.send(value))) == info.output(value)
    json_info = registry.get_type(114)
    assert json_info.receive(json_info.send(text)) == text


@pytest.mark.parametrize("text", ['$."a"[*]?(@ > 1)', 'strict $.**{2 to last}', '(1 + $"x")'])
def test_jsonpath_wire_round_trip(text):
    info = registry.get_type(4072)
    value = info.input(text)
    assert info.send(value) == b"\x01" + text.encode()
    assert info.output(info.receive(info.send(value))) == text
    assert info.output(info.unpack(info.pack(value))) == text


def test_table_round_trip_and_binary_transfer(pgsnake_server, oracle):
    def exchange(server):
        with server.connect(autocommit=True) as conn:
            conn.execute("DROP TABLE IF EXISTS json_store")
            conn.execute("CREATE TABLE json_store (n int, j jsonb, t json, a jsonb[])")
            for n, text in enumerate(VALUES):
                conn.execute("INSERT INTO json_store VALUES (%s, %s::jsonb, %s::json, NULL)",
                             (n, text, text))
            conn.execute("UPDATE json_store SET a = '{\"{\\\"x\\\": [1]}\",NULL}' WHERE n = 0")
            text_rows = conn.execute("SELECT n, j::text, t::text, a::text FROM json_store "
                                     "ORDER BY n").fetchall()
            with conn.cursor(binary=True) as cur:
                cur.execute("SELECT n, j, t FROM json_store ORDER BY n")
                binary_rows = cur.fetchall()
            filtered = conn.execute("SELECT n FROM json_store WHERE j @> '{\"a\": 1}' "
                                    "OR j ? 'str' ORDER BY n").fetchall()
            return text_rows, binary_rows, filtered
    assert exchange(pgsnake_server) == exchange(oracle)


def test_btree_index_on_jsonb(pgsnake_server, oracle):
    """A btree index on a jsonb column orders and finds values as PostgreSQL's."""
    def answers(server):
        with server.connect(autocommit=True) as conn:
            conn.execute("DROP TABLE IF EXISTS jsonb_indexed")
            conn.execute("CREATE TABLE jsonb_indexed (id int, j jsonb)")
            conn.execute("INSERT INTO jsonb_indexed SELECT g, jsonb_build_object('k', g % 7, "
                         "'s', 'v' || g::text) FROM generate_series(1, 200) g")
            conn.execute("INSERT INTO jsonb_indexed VALUES (0, '[]'), (-1, '\"str\"'), "
                         "(-2, 'null'), (-3, '{\"k\": 1.0, \"s\": \"v1\"}'), (-4, '[1, 2]')")
            conn.execute("CREATE INDEX jsonb_indexed_j ON jsonb_indexed (j)")
            conn.execute("SET enable_seqscan = off")
            return [conn.execute(sql).fetchall() for sql in (
                "SELECT id FROM jsonb_indexed WHERE j = '{\"k\": 1, \"s\": \"v1\"}' ORDER BY id",
                "SELECT id FROM jsonb_indexed WHERE j < '\"zzz\"' ORDER BY id",
                "SELECT count(*) FROM jsonb_indexed WHERE j >= '{\"k\": 3}'",
                "SELECT j::text FROM jsonb_indexed ORDER BY j LIMIT 8",
                "SELECT j::text FROM jsonb_indexed ORDER BY j DESC LIMIT 3")]
    assert answers(pgsnake_server) == answers(oracle)
