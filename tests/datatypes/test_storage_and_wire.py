# Proves the on-disk (pack/unpack) and binary wire (send/receive) forms: fixed-width types
# are little-endian typlen bytes on disk and big-endian on the wire, numeric uses
# PostgreSQL's short/long on-disk header and the ndigits/weight/sign/dscale wire layout,
# and every supported type round-trips through both forms.
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pgsnake.datatypes import registry
from pgsnake.datatypes.datetime_types import Interval

SAMPLES = [
    (16, True), (21, -2), (23, 123456), (20, -(1 << 62)), (26, 4294967295), (700, 1.5),
    (701, -0.1), (1700, Decimal("123456789.123456789")), (1700, Decimal("-0.0001")),
    (1700, Decimal("NaN")), (25, "héllo"), (1043, "abc"), (1042, "ab  "), (19, "pg_class"),
    (18, "r"), (17, b"\x00\xff"), (1082, dt.date(2024, 1, 2)), (1083, dt.time(12, 34, 56, 789)),
    (1114, dt.datetime(2024, 1, 2, 3, 4, 5, 250000)),
    (1184, dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)),
    (1186, Interval(14, -3, 7_384_000_000)), (1007, [1, None, 3]),
]


@pytest.mark.parametrize("oid,value", SAMPLES)
def test_round_trips(oid, value):
    info = registry.get_type(oid)
    packed = info.pack(value)
    if info.typlen > 0:
        assert len(packed) == info.typlen
    again = info.unpack(memoryview(packed))
    assert info.output(again) == info.output(value)
    assert info.output(info.receive(info.send(value))) == info.output(value)


def test_fixed_width_layouts():
    assert registry.get_type(23).pack(1) == b"\x01\x00\x00\x00"
    assert registry.get_type(23).send(1) == b"\x00\x00\x00\x01"
    assert registry.get_type(1082).send(dt.date(2000, 1, 2)) == b"\x00\x00\x00\x01"
    assert registry.get_type(1114).pack(dt.datetime(2000, 1, 1, 0, 0, 1)) == \
        (1_000_000).to_bytes(8, "little")
    assert registry.get_type(19).pack("abc") == b"abc" + b"\x00" * 61
    assert registry.get_type(16).pack(True) == b"\x01"


def test_numeric_formats():
    numeric = registry.get_type(1700)
    # 1.50: short header 0x8000 | dscale 2 << 7, weight 0; digits 1, 5000
    assert numeric.pack(Decimal("1.50")) == bytes.fromhex("0081" "0100" "8813")
    assert numeric.send(Decimal("1.50")) == bytes.fromhex("0002 0000 0000 0002 0001 1388")
    assert numeric.pack(Decimal("NaN")) == bytes.fromhex("00c0")
    big = numeric.input("1e100")
    assert numeric.unpack(numeric.pack(big)) == big


def test_typmods_and_names():
    assert registry.typmod_from_modifiers(1043, [10]) == 14
    assert registry.typmod_from_modifiers(1700, [10, 2]) == 655366
    assert registry.format_type(1043, 14) == "character varying(10)"
    assert registry.format_type(1700, 655366) == "numeric(10,2)"
    assert registry.format_type(1114, 3) == "timestamp(3) without time zone"
    assert registry.format_type(1007, -1) == "integer[]"
    assert registry.lookup_type_name("timestamp with time zone").oid == 1184
    assert registry.lookup_type_name("int").oid == 23
    assert registry.lookup_type_name("nonesuch") is None
    assert registry.get_type(23).array_oid == 1007


def test_apply_typmod_errors_and_truncation():
    from pgsnake.utils.errors import PgError
    with pytest.raises(PgError) as raised:
        registry.apply_typmod(1043, "abcd", 7, explicit=False)
    assert (raised.value.sqlstate, raised.value.message) == \
        ("22001", "value too long for type character varying(3)")
    assert registry.apply_typmod(1043, "abcd", 7, explicit=True) == "abc"
    assert registry.apply_typmod(1043, "abc  ", 7, explicit=False) == "abc"
    assert registry.apply_typmod(1042, "ab", 8) == "ab  "


def test_unknown_type_oid_is_42704():
    from pgsnake.utils.errors import PgError
    with pytest.raises(PgError) as raised:
        registry.get_type(999999)
    assert raised.value.sqlstate == "42704"


def test_override_io_for_regclass():
    info = registry.get_type(2205)
    saved = info.output
    try:
        registry.override_io(2205, output=lambda oid: {1259: "pg_class"}.get(oid, str(oid)))
        assert info.output(1259) == "pg_class"
    finally:
        info.output = saved
    # Restored: whatever output was installed before (the catalog layer's name lookup,
    # when the catalog tests ran first in this process) is back in place.
    assert info.output is saved
