"""inet, cidr, macaddr, macaddr8: network addresses, as PostgreSQL's network types.

inet/cidr values are `Inet` (family 4 or 6, netmask length `bits`, address as an int);
whether a value is a cidr is a property of its type, not of the value (cidr -> inet is a
binary-coercible cast, as in PostgreSQL), so the two types share the value class and
differ in input (cidr rejects host bits and imputes classful masks), output (cidr always
shows '/bits') and the `is_cidr` byte of the binary form. Ordering is PostgreSQL's
network_cmp: family, then the network bits as a bit string (a prefix sorts first), then
the whole address. On disk: family (2 = IPv4, 3 = IPv6), bits, then the address bytes.

macaddr / macaddr8 values are `bytes` of length 6 / 8 (memcmp order, as PostgreSQL).

Entry points: inet_input, cidr_input, inet_output, cidr_output, inet_send, cidr_send,
inet_receive, inet_pack, inet_unpack, the inet functions and operators (network_*,
inet_*), macaddr_input, macaddr8_input, macaddr_output, macaddr_receive, macaddr8_receive,
macaddr8_to_macaddr, macaddr_to_macaddr8, mac_* helpers.

PostgreSQL: utils/adt/network.c, inet_net_pton.c, inet_cidr_ntop.c, mac.c, mac8.c.
"""
from __future__ import annotations

import ipaddress
import re

from pgsnake.utils.errors import (INVALID_BINARY_REPRESENTATION,
                                  INVALID_PARAMETER_VALUE, INVALID_TEXT_REPRESENTATION,
                                  NUMERIC_VALUE_OUT_OF_RANGE, PgError)

_MAX_BITS = {4: 32, 6: 128}
_DISK_FAMILY = {4: 2, 6: 3}          # PGSQL_AF_INET, PGSQL_AF_INET6
_FAMILY_OF_DISK = {2: 4, 3: 6}


class Inet:
    """An IPv4 or IPv6 address with a netmask length; ordered as network_cmp orders."""
    __slots__ = ("family", "bits", "address", "_key")

    def __init__(self, family: int, bits: int, address: int) -> None:
        self.family = family
        self.bits = bits
        self.address = address
        max_bits = _MAX_BITS[family]
        prefix = format(address >> (max_bits - bits), f"0{bits}b") if bits else ""
        self._key = (family, prefix, address)

    @property
    def max_bits(self) -> int:
        return _MAX_BITS[self.family]

    def network_int(self) -> int:
        return self.address & _mask(self.family, self.bits)

    def __eq__(self, other):
        return isinstance(other, Inet) and self._key == other._key

    def __hash__(self):
        return hash(self._key)

    def __lt__(self, other):
        return self._key < other._key

    def __le__(self, other):
        return self._key <= other._key

    def __gt__(self, other):
        return self._key > other._key

    def __ge__(self, other):
        return self._key >= other._key

    def __repr__(self) -> str:
        return f"Inet({inet_output(self)!r})"


def _mask(family: int, bits: int) -> int:
    max_bits = _MAX_BITS[family]
    return ((1 << bits) - 1) << (max_bits - bits)


# ---------------------------------------------------------------- text input

def _syntax_error(type_name: str, text: str) -> PgError:
    return PgError(INVALID_TEXT_REPRESENTATION, f'invalid input syntax for type {type_name}: "{text}"')


_RE_IPV4 = re.compile(r"(\d{1,3})(?:\.(\d{1,3}))?(?:\.(\d{1,3}))?(?:\.(\d{1,3}))?(?:/(\d{1,3}))?")


def _parse_ipv4(body: str, is_cidr: bool) -> tuple[int, int] | None:
    match = _RE_IPV4.fullmatch(body)
    if match is None:
        return None
    octets = [int(g) for g in match.groups()[:4] if g is not None]
    if any(o > 255 for o in octets):
        return None
    bits = int(match.group(5)) if match.group(5) is not None else None
    if bits is not None and bits > 32:
        return None
    if bits is None:
        if is_cidr:
            first = octets[0]
            bits = 32 if first >= 240 else 8 if first >= 224 else 24 if first >= 192 \
                else 16 if first >= 128 else 8
            bits = max(bits, len(octets) * 8)
            if bits == 8 and first == 224:
                bits = 4     # a class D address with nothing more given
        elif len(octets) == 4:
            bits = 32
        else:
            return None
    address = 0
    for octet in (octets + [0, 0, 0])[:4]:
        address = (address << 8) | octet
    return address, bits


def _parse_ipv6(body: str) -> tuple[int, int] | None:
    address_text, slash, bits_text = body.partition("/")
    if "%" in address_text or not address_text:
        return None
    try:
        address = int(ipaddress.IPv6Address(address_text))
    except ValueError:
        return None
    if slash:
        if not bits_text.isdigit() or int(bits_text) > 128:
            return None
        return address, int(bits_text)
    return address, 128


def _network_input(text: str, is_cidr: bool) -> Inet:
    type_name = "cidr" if is_cidr else "inet"
    body = text
    if ":" in body:
        family, parsed = 6, _parse_ipv6(body)
    else:
        family, parsed = 4, _parse_ipv4(body, is_cidr)
    if parsed is None:
        raise _syntax_error(type_name, text)
    address, bits = parsed
    if is_cidr and address & ~_mask(family, bits):
        raise PgError(INVALID_TEXT_REPRESENTATION, f'invalid cidr value: "{text}"',
                      detail="Value has bits set to right of mask.")
    return Inet(family, bits, address)


def inet_input(text: str, typmod: int = -1) -> Inet:
    return _network_input(text, False)


def cidr_input(text: str, typmod: int = -1) -> Inet:
    return _network_input(text, True)


# ---------------------------------------------------------------- text output

def _ipv4_text(address: int) -> str:
    return ".".join(str((address >> shift) & 0xFF) for shift in (24, 16, 8, 0))


def _ipv6_text(address: int) -> str:
    words = [(address >> (112 - 16 * i)) & 0xFFFF for i in range(8)]
    best_start, best_len, start = -1, 0, -1
    for i in range(9):
        if i < 8 and words[i] == 0:
            if start < 0:
                start = i
        elif start >= 0:
            if i - start > best_len:
                best_start, best_len = start, i - start
            start = -1
    if best_len < 2:
        best_start, best_len = -1, 0
    parts: list[str] = []
    i = 0
    while i < 8:
        if i == best_start:
            parts.append("")
            if i == 0:
                parts.append("")
            i += best_len
            if i == 8:
                parts.append("")
            continue
        # an IPv4 address embedded in IPv6 (compatible or mapped) prints dotted
        if (i == 6 and best_start == 0 and
                (best_len == 6 or (best_len == 7 and words[7] != 1)
                 or (best_len == 5 and words[5] == 0xFFFF))):
            parts.append(_ipv4_text(address & 0xFFFFFFFF))
            break
        parts.append(f"{words[i]:x}")
        i += 1
    return ":".join(parts)


def _address_text(value: Inet) -> str:
    return _ipv4_text(value.address) if value.family == 4 else _ipv6_text(value.address)


def inet_output(value: Inet) -> str:
    text = _address_text(value)
    return text if value.bits == value.max_bits else f"{text}/{value.bits}"


def cidr_output(value: Inet) -> str:
    return f"{_address_text(value)}/{value.bits}"


def cidr_abbrev(value: Inet) -> str:
    """abbrev(cidr): only the octets (IPv4) or 16-bit words (IPv6) the mask covers."""
    if value.family == 6:
        return _cidr_abbrev_ipv6(value)
    octets = [(value.address >> shift) & 0xFF for shift in (24, 16, 8, 0)]
    count = max(1, (value.bits + 7) // 8)
    return ".".join(str(o) for o in octets[:count]) + f"/{value.bits}"


def _cidr_abbrev_ipv6(value: Inet) -> str:
    """The covered words (at least two); the longest zero run among them, even a single
    word, is written '::'; an IPv4-compatible or -mapped tail prints dotted."""
    if value.bits == 128:
        return cidr_output(value)
    count = max(2, (value.bits + 15) // 16)
    words = [(value.address >> (112 - 16 * i)) & 0xFFFF for i in range(count)]
    best_start, best_len, i = -1, 0, 0
    while i < count:
        if words[i] == 0:
            start = i
            while i < count and words[i] == 0:
                i += 1
            if i - start > best_len:
                best_start, best_len = start, i - start
        else:
            i += 1
    texts = [f"{w:x}" for w in words]
    if best_start == 0 and count > 6 and (best_len == 6 or (best_len == 5 and words[5] == 0xFFFF)):
        octets = value.address.to_bytes(16, "big")[12:(value.bits + 7) // 8]
        texts = texts[:6] + [".".join(str(o) for o in octets)]
    if best_start < 0:
        return ":".join(texts) + f"/{value.bits}"
    before = ":".join(texts[:best_start])
    after = ":".join(texts[best_start + best_len:])
    return f"{before}::{after}/{value.bits}"


# ---------------------------------------------------------------- binary and disk forms

def _address_bytes(value: Inet) -> bytes:
    return value.address.to_bytes(4 if value.family == 4 else 16, "big")


def inet_send(value: Inet) -> bytes:
    address = _address_bytes(value)
    return bytes([_DISK_FAMILY[value.family], value.bits, 0, len(address)]) + address


def cidr_send(value: Inet) -> bytes:
    address = _address_bytes(value)
    return bytes([_DISK_FAMILY[value.family], value.bits, 1, len(address)]) + address


def _receive(data: bytes, is_cidr: bool) -> Inet:
    type_name = "cidr" if is_cidr else "inet"
    if len(data) < 4 or data[0] not in _FAMILY_OF_DISK:
        raise PgError(INVALID_BINARY_REPRESENTATION,
                      f'invalid address family in external "{type_name}" value')
    family = _FAMILY_OF_DISK[data[0]]
    bits, size = data[1], data[3]
    if bits > _MAX_BITS[family]:
        raise PgError(INVALID_BINARY_REPRESENTATION, f'invalid bits in external "{type_name}" value')
    if size != _MAX_BITS[family] // 8 or len(data) != 4 + size:
        raise PgError(INVALID_BINARY_REPRESENTATION, f'invalid length in external "{type_name}" value')
    address = int.from_bytes(data[4:], "big")
    if is_cidr and address & ~_mask(family, bits):
        raise PgError(INVALID_BINARY_REPRESENTATION,
                      'invalid external "cidr" value',
                      detail="Value has bits set to right of mask.")
    return Inet(family, bits, address)


def inet_receive(data: bytes, typmod: int = -1) -> Inet:
    return _receive(bytes(data), False)


def cidr_receive(data: bytes, typmod: int = -1) -> Inet:
    return _receive(bytes(data), True)


def inet_pack(value: Inet) -> bytes:
    return bytes([_DISK_FAMILY[value.family], value.bits]) + _address_bytes(value)


def inet_unpack(data: bytes) -> Inet:
    data = bytes(data)
    return Inet(_FAMILY_OF_DISK[data[0]], data[1], int.from_bytes(data[2:], "big"))


# ---------------------------------------------------------------- functions

def network_host(value: Inet) -> str:
    return _address_text(value)


def network_show(value: Inet) -> str:
    return f"{_address_text(value)}/{value.bits}"


def network_masklen(value: Inet) -> int:
    return value.bits


def network_family(value: Inet) -> int:
    return value.family


def network_network(value: Inet) -> Inet:
    return Inet(value.family, value.bits, value.network_int())


def network_broadcast(value: Inet) -> Inet:
    host = (1 << (value.max_bits - value.bits)) - 1
    return Inet(value.family, value.bits, value.address | host)


def network_netmask(value: Inet) -> Inet:
    return Inet(value.family, value.max_bits, _mask(value.family, value.bits))


def network_hostmask(value: Inet) -> Inet:
    return Inet(value.family, value.max_bits, (1 << (value.max_bits - value.bits)) - 1)


def _checked_masklen(value: Inet, bits: int) -> int:
    if bits == -1:
        return value.max_bits
    if bits < 0 or bits > value.max_bits:
        raise PgError(INVALID_PARAMETER_VALUE, f"invalid mask length: {bits}")
    return bits


def inet_set_masklen(value: Inet, bits: int) -> Inet:
    return Inet(value.family, _checked_masklen(value, bits), value.address)


def cidr_set_masklen(value: Inet, bits: int) -> Inet:
    bits = _checked_masklen(value, bits)
    return Inet(value.family, bits, value.address & _mask(value.family, bits))


def inet_to_cidr(value: Inet) -> Inet:
    return Inet(value.family, value.bits, value.network_int())


def inet_abbrev(value: Inet) -> str:
    return inet_output(value)


def inet_same_family(left: Inet, right: Inet) -> bool:
    return left.family == right.family


def inet_merge(left: Inet, right: Inet) -> Inet:
    if left.family != right.family:
        raise PgError(INVALID_PARAMETER_VALUE, "cannot merge addresses from different families")
    bits = min(left.bits, right.bits)
    common = 0
    while common < bits and _prefix(left, common + 1) == _prefix(right, common + 1):
        common += 1
    return Inet(left.family, common, left.address & _mask(left.family, common))


def _prefix(value: Inet, bits: int) -> int:
    return value.address >> (value.max_bits - bits)


# ---------------------------------------------------------------- operators

def _contains(outer: Inet, inner: Inet, strict: bool) -> bool:
    if outer.family != inner.family:
        return False
    if inner.bits < outer.bits or (strict and inner.bits == outer.bits):
        return False
    return _prefix(outer, outer.bits) == _prefix(inner, outer.bits)


def network_sub(a: Inet, b: Inet) -> bool:
    return _contains(b, a, True)


def network_subeq(a: Inet, b: Inet) -> bool:
    return _contains(b, a, False)


def network_sup(a: Inet, b: Inet) -> bool:
    return _contains(a, b, True)


def network_supeq(a: Inet, b: Inet) -> bool:
    return _contains(a, b, False)


def network_overlap(a: Inet, b: Inet) -> bool:
    if a.family != b.family:
        return False
    bits = min(a.bits, b.bits)
    return _prefix(a, bits) == _prefix(b, bits)


def inet_not(value: Inet) -> Inet:
    return Inet(value.family, value.bits, ~value.address & ((1 << value.max_bits) - 1))


def _bitwise(a: Inet, b: Inet, verb: str, combine) -> Inet:
    if a.family != b.family:
        raise PgError(INVALID_PARAMETER_VALUE, f"cannot {verb} inet values of different sizes")
    return Inet(a.family, max(a.bits, b.bits), combine(a.address, b.address))


def inet_and(a: Inet, b: Inet) -> Inet:
    return _bitwise(a, b, "AND", lambda x, y: x & y)


def inet_or(a: Inet, b: Inet) -> Inet:
    return _bitwise(a, b, "OR", lambda x, y: x | y)


def inet_plus(value: Inet, addend: int) -> Inet:
    result = value.address + addend
    if result < 0 or result >= (1 << value.max_bits):
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "result is out of range")
    return Inet(value.family, value.bits, result)


def inet_minus_int(value: Inet, amount: int) -> Inet:
    return inet_plus(value, -amount)


def inet_minus(a: Inet, b: Inet) -> int:
    if a.family != b.family:
        raise PgError(INVALID_PARAMETER_VALUE, "cannot subtract inet values of different sizes")
    result = a.address - b.address
    if result < -(1 << 63) or result >= (1 << 63):
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "result is out of range")
    return result


# ---------------------------------------------------------------- macaddr, macaddr8

_HEX = "[0-9a-fA-F]"
_MACADDR_FORMS = [re.compile(p.replace("H", f"({_HEX}+)").replace("P", f"({_HEX}{{1,2}})"))
                  for p in (r"H:H:H:H:H:H", r"H-H-H-H-H-H", r"PPP:PPP", r"PPP-PPP",
                            r"PP\.PP\.PP", r"PP-PP-PP", r"PPPPPP")]


def macaddr_input(text: str, typmod: int = -1) -> bytes:
    body = text.strip()
    for form in _MACADDR_FORMS:
        match = form.fullmatch(body)
        if match:
            octets = [int(g, 16) for g in match.groups()]
            if any(o > 255 for o in octets):
                raise PgError(NUMERIC_VALUE_OUT_OF_RANGE,
                              f'invalid octet value in "macaddr" value: "{text}"')
            return bytes(octets)
    raise PgError(INVALID_TEXT_REPRESENTATION, f'invalid input syntax for type macaddr: "{text}"')


def macaddr8_input(text: str, typmod: int = -1) -> bytes:
    def syntax_error():
        return PgError(INVALID_TEXT_REPRESENTATION,
                       f'invalid input syntax for type macaddr8: "{text}"')
    body = text.strip(" \t\n\r\f\v")
    octets: list[int] = []
    separator = None
    i = 0
    while i < len(body):
        pair = body[i:i + 2]
        if len(pair) != 2 or not all(c in "0123456789abcdefABCDEF" for c in pair):
            raise syntax_error()
        octets.append(int(pair, 16))
        i += 2
        if len(octets) > 8:
            raise syntax_error()
        if i < len(body) and body[i] in ":-.":
            if separator is None:
                separator = body[i]
            elif body[i] != separator:
                raise syntax_error()
            i += 1
            if i == len(body):
                raise syntax_error()
    if len(octets) == 6:
        octets = octets[:3] + [0xFF, 0xFE] + octets[3:]
    elif len(octets) != 8:
        raise syntax_error()
    return bytes(octets)


def macaddr_output(value: bytes) -> str:
    return ":".join(f"{b:02x}" for b in value)


def _mac_receiver(size: int):
    def receive(data: bytes, typmod: int = -1) -> bytes:
        data = bytes(data)
        if size == 8 and len(data) == 6:
            return data[:3] + b"\xff\xfe" + data[3:]
        if len(data) != size:
            raise PgError(INVALID_BINARY_REPRESENTATION, "insufficient data left in message")
        return data
    return receive


macaddr_receive = _mac_receiver(6)
macaddr8_receive = _mac_receiver(8)


def mac_identity(value: bytes) -> bytes:
    return bytes(value)


def macaddr_to_macaddr8(value: bytes) -> bytes:
    return value[:3] + b"\xff\xfe" + value[3:]


def macaddr8_to_macaddr(value: bytes) -> bytes:
    if value[3] != 0xFF or value[4] != 0xFE:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE,
                      "macaddr8 data out of range to convert to macaddr",
                      hint="Only addresses that have FF and FE as values in the 4th and 5th "
                           "bytes from the left, for example xx:xx:xx:ff:fe:xx:xx:xx, are "
                           "eligible to be converted from macaddr8 to macaddr.")
    return value[:3] + value[5:]


def mac_not(value: bytes) -> bytes:
    return bytes(~b & 0xFF for b in value)


def mac_and(a: bytes, b: bytes) -> bytes:
    return bytes(x & y for x, y in zip(a, b))


def mac_or(a: bytes, b: bytes) -> bytes:
    return bytes(x | y for x, y in zip(a, b))


def macaddr_trunc(value: bytes) -> bytes:
    return value[:3] + bytes(len(value) - 3)


def macaddr8_set7bit(value: bytes) -> bytes:
    return bytes([value[0] | 0x02]) + value[1:]

