# Proves that no body, however malformed, makes the decoders fail with anything but a
# PgError: 08P01 for framing problems (22021 only for invalid UTF-8 in a string, as
# PostgreSQL reports it), and that every encodable Bind/Parse round-trips.
from __future__ import annotations

import struct

from hypothesis import given, settings, strategies as st

from pgsnake.protocol import messages as m
from pgsnake.protocol.startup_packet import StartupPacketError, parse_startup_packet
from pgsnake.utils.errors import PgError

TYPES = [b"Q", b"P", b"B", b"D", b"E", b"S", b"H", b"C", b"X", b"p", b"d", b"c", b"f", b"F"]


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(TYPES), st.binary(max_size=64))
def test_random_bodies_decode_or_raise_08p01(type_byte, body):
    try:
        m.decode_frontend(type_byte, body)
    except PgError as e:
        assert e.sqlstate in ("08P01", "22021"), e
        if e.sqlstate == "22021":
            assert e.message.startswith('invalid byte sequence for encoding "UTF8"')


# Structured near-misses: valid prefixes with counts that lie about what follows.
@settings(max_examples=500, deadline=None)
@given(st.sampled_from([b"P", b"B", b"F"]), st.integers(-2, 40), st.binary(max_size=24))
def test_lying_counts(type_byte, count, tail):
    if type_byte == b"F":
        body = b"\x00\x00\x00\x01" + struct.pack("!h", count) + tail
    else:
        body = b"a\x00b\x00" + struct.pack("!h", count) + tail
    try:
        m.decode_frontend(type_byte, body)
    except PgError as e:
        assert e.sqlstate in ("08P01", "22021")


def _encode_bind(b: m.Bind) -> bytes:
    out = [b.portal.encode() + b"\x00", b.statement.encode() + b"\x00",
           struct.pack("!h", len(b.param_formats))]
    out += [struct.pack("!h", f) for f in b.param_formats]
    out.append(struct.pack("!h", len(b.params)))
    for p in b.params:
        out.append(b"\xff\xff\xff\xff" if p is None else struct.pack("!i", len(p)) + p)
    out.append(struct.pack("!h", len(b.result_formats)))
    out += [struct.pack("!h", f) for f in b.result_formats]
    return b"".join(out)


names = st.text(alphabet=st.characters(blacklist_characters="\x00",
                                       blacklist_categories=("Cs",)), max_size=10)


@settings(max_examples=300, deadline=None)
@given(names, names, st.lists(st.one_of(st.none(), st.binary(max_size=8)), max_size=5),
       st.lists(st.sampled_from([0, 1]), max_size=3), st.data())
def test_bind_round_trip(portal, statement, params, result_formats, data):
    formats = data.draw(st.sampled_from([(), (1,), tuple([0] * len(params))]))
    bind = m.Bind(portal, statement, formats, tuple(params), tuple(result_formats))
    assert m.decode_frontend(b"B", _encode_bind(bind)) == bind


@settings(max_examples=1000, deadline=None)
@given(st.binary(max_size=48))
def test_random_startup_bodies(body):
    try:
        parse_startup_packet(body)
    except StartupPacketError:
        pass
    except PgError as e:
        assert e.sqlstate in ("08P01", "0A000", "28000")
