# Proves that the binary wire forms of enums, domains, composite types, ranges and
# multiranges are PostgreSQL 15's: the same bytes come back from both servers for the
# same values (send), and each server reads the other's bytes back as the same value
# (receive), through libpq's binary result and parameter formats.
from __future__ import annotations

SETUP = [
    "DROP SCHEMA IF EXISTS regress_binary CASCADE",
    "CREATE SCHEMA regress_binary",
    "CREATE TYPE regress_binary.mood AS ENUM ('sad', 'ok')",
    "CREATE DOMAIN regress_binary.posint AS int CHECK (VALUE > 0)",
    "CREATE TYPE regress_binary.pair AS (a int, b text, c numeric)",
]

VALUES = [
    ("'ok'::regress_binary.mood", "regress_binary.mood"),
    ("5::regress_binary.posint", "regress_binary.posint"),
    ("'(1,\"a b\",2.50)'::regress_binary.pair", "regress_binary.pair"),
    ("'(,,)'::regress_binary.pair", "regress_binary.pair"),
    ("int4range(1, 5)", "int4range"),
    ("'empty'::int4range", "int4range"),
    ("'(,7]'::int8range", "int8range"),
    ("numrange(1.5, NULL, '(]')", "numrange"),
    ("daterange('2020-01-01', '2020-03-01')", "daterange"),
    ("tstzrange('2020-01-01 10:00+00', '2020-01-02 00:00+00')", "tstzrange"),
    ("'{[1,3), [5,7)}'::int4multirange", "int4multirange"),
    ("'{}'::nummultirange", "nummultirange"),
    ("ARRAY['sad', 'ok']::regress_binary.mood[]", "regress_binary.mood[]"),
]


def _binary_results(conn) -> list[bytes]:
    out = []
    for expression, _type in VALUES:
        result = conn.pgconn.exec_params(f"SELECT {expression}".encode(), [],
                                         result_format=1)
        out.append(result.get_value(0, 0))
    return out


def _comparable(data: list[bytes]) -> list[bytes]:
    """An array's header names its element type's OID, which for a user-defined type
    each server allocates itself: left out of the comparison."""
    return [value[:8] + value[12:] if type_name.endswith("[]") else value
            for (_expression, type_name), value in zip(VALUES, data)]


def _read_back(conn, data: list[bytes]) -> list[str]:
    """Each binary value sent as a binary parameter of its type, printed as text."""
    out = []
    for (_expression, type_name), value in zip(VALUES, data):
        oid = conn.execute(f"SELECT '{type_name}'::regtype::oid").fetchone()[0]
        result = conn.pgconn.exec_params(b"SELECT $1::text", [value], [oid], [1])
        message = result.error_message
        out.append(result.get_value(0, 0).decode() if not message else message)
    return out


def test_binary_forms_match_postgresql(oracle, pgsnake_server):
    sent, read = {}, {}
    servers = {"postgresql": oracle, "pgsnake": pgsnake_server}
    connections = {name: server.connect() for name, server in servers.items()}
    try:
        for name, conn in connections.items():
            for sql in SETUP:
                conn.execute(sql)
            sent[name] = _binary_results(conn)
        # each server receives the other's bytes (an array of a user type its own: the
        # element type OID in the array header is each server's own)
        mixed = {name: [own if type_name.endswith("[]") else other
                        for (_e, type_name), own, other
                        in zip(VALUES, sent[name], sent[peer])]
                 for name, peer in (("pgsnake", "postgresql"), ("postgresql", "pgsnake"))}
        read["pgsnake"] = _read_back(connections["pgsnake"], mixed["pgsnake"])
        read["postgresql"] = _read_back(connections["postgresql"], mixed["postgresql"])
        assert _comparable(sent["pgsnake"]) == _comparable(sent["postgresql"])
        assert read["pgsnake"] == read["postgresql"]
        assert read["postgresql"][0] == "ok" and read["postgresql"][4] == "[1,5)"
    finally:
        for conn in connections.values():
            conn.execute("DROP SCHEMA regress_binary CASCADE")
            conn.close()
