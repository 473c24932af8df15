# Proves startup packets are classified and parsed as PostgreSQL 15 does: protocol 3.0
# parameters, SSL/GSS/cancel requests, and its exact FATAL texts for bad packets.
from __future__ import annotations

import struct

import pytest

from pgsnake.protocol.startup_packet import (
    CancelRequest, GSSENCRequest, SSLRequest, StartupMessage, StartupPacketError,
    check_startup_length, encode_startup_message, parse_startup_packet,
)
from pgsnake.protocol import messages as m
from pgsnake.utils.errors import FatalError


def test_startup_message():
    packet = encode_startup_message({"user": "alice", "database": "shop",
                                     "application_name": "psql"})
    assert struct.unpack("!i", packet[:4])[0] == len(packet)
    msg = parse_startup_packet(packet[4:])
    assert isinstance(msg, StartupMessage)
    assert msg.protocol == 196608
    assert msg.params == {"user": "alice", "database": "shop", "application_name": "psql"}
    assert (msg.user, msg.database) == ("alice", "shop")
    assert not msg.needs_negotiation


def test_database_defaults_to_user_and_names_are_truncated():
    long = "u" * 80
    msg = parse_startup_packet(encode_startup_message({"user": long})[4:])
    assert msg.user == "u" * 63 and msg.database == "u" * 63


def test_newer_minor_and_pq_options_need_negotiation():
    msg = parse_startup_packet(encode_startup_message(
        {"user": "a", "_pq_.fancy": "1"}, protocol=(3 << 16) | 2)[4:])
    assert msg.needs_negotiation and msg.unrecognized_options == ("_pq_.fancy",)
    assert "_pq_.fancy" not in msg.params


def test_special_requests():
    assert parse_startup_packet(struct.pack("!I", 80877103)) == SSLRequest()
    assert parse_startup_packet(struct.pack("!I", 80877104)) == GSSENCRequest()
    assert parse_startup_packet(struct.pack("!IiI", 80877102, 4242, 0xFFFFFFFE)) == \
        CancelRequest(4242, 0xFFFFFFFE)
    with pytest.raises(StartupPacketError, match="invalid length of startup packet"):
        parse_startup_packet(struct.pack("!Ii", 80877102, 4242))


def test_second_ssl_request_is_an_unknown_protocol():
    with pytest.raises(FatalError) as info:
        parse_startup_packet(struct.pack("!I", 80877103), ssl_done=True)
    assert info.value.sqlstate == "0A000"
    assert info.value.message == \
        "unsupported frontend protocol 1234.5679: server supports 3.0 to 3.0"


def test_protocol_2_is_refused():
    with pytest.raises(FatalError) as info:
        parse_startup_packet(encode_startup_message({"user": "a"}, protocol=2 << 16)[4:])
    assert info.value.sqlstate == "0A000"
    assert info.value.message == "unsupported frontend protocol 2.0: server supports 3.0 to 3.0"
    # PostgreSQL 15 answers such a client in protocol 2's format (bytes seen from it):
    assert info.value.use_legacy_format
    assert m.legacy_error_response(info.value.severity, info.value.message) == \
        b"EFATAL:  unsupported frontend protocol 2.0: server supports 3.0 to 3.0\n\x00"


def test_missing_user():
    with pytest.raises(FatalError) as info:
        parse_startup_packet(encode_startup_message({"database": "x"})[4:])
    assert info.value.sqlstate == "28000"
    assert info.value.message == "no PostgreSQL user name specified in startup packet"


def test_missing_terminator():
    body = struct.pack("!I", 196608) + b"user\x00alice\x00"
    with pytest.raises(FatalError) as info:
        parse_startup_packet(body)
    assert info.value.sqlstate == "08P01"
    assert info.value.message == \
        "invalid startup packet layout: expected terminator as last byte"


@pytest.mark.parametrize("length", [0, 3, 7, 10005, -1])
def test_bad_lengths(length):
    with pytest.raises(StartupPacketError) as info:
        check_startup_length(length)
    assert info.value.sqlstate == "08P01"
    assert info.value.message == "invalid length of startup packet"


def test_good_length_bounds():
    check_startup_length(8)
    check_startup_length(10004)
