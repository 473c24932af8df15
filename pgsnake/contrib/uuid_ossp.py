"""uuid-ossp: functions that make UUIDs by the standard's versions, as PostgreSQL 15's
extension (version 1.1).

    uuid_nil(), uuid_ns_dns(), uuid_ns_url(), uuid_ns_oid(), uuid_ns_x500()   constants
    uuid_generate_v1()     time and this host's MAC address
    uuid_generate_v1mc()   time and a random multicast MAC (does not reveal the host)
    uuid_generate_v3(namespace uuid, name text)   MD5 of namespace + name (immutable)
    uuid_generate_v4()     random
    uuid_generate_v5(namespace uuid, name text)   SHA-1 of namespace + name (immutable)

Python's uuid module implements every version; the namespace constants are RFC 4122's.
Every function is parallel safe (the install script says so).

PostgreSQL: contrib/uuid-ossp/uuid-ossp.c, uuid-ossp--1.1.sql.
"""
from __future__ import annotations

import secrets
import uuid

from pgsnake.contrib import extensions
from pgsnake.datatypes import functions

EXTENSION = "uuid-ossp"
_UUID, _TEXT = 2950, 25
_MULTICAST_BIT = 0x010000000000      # the I/G bit of a MAC's first octet


def _generate_v1mc() -> uuid.UUID:
    return uuid.uuid1(node=secrets.randbits(48) | _MULTICAST_BIT)


_CONSTANTS = {"uuid_nil": uuid.UUID(int=0), "uuid_ns_dns": uuid.NAMESPACE_DNS,
              "uuid_ns_url": uuid.NAMESPACE_URL, "uuid_ns_oid": uuid.NAMESPACE_OID,
              "uuid_ns_x500": uuid.NAMESPACE_X500}
for _name, _value in _CONSTANTS.items():
    functions.register(_name, (), _UUID, lambda _value=_value: _value,
                       oid=extensions.next_function_oid(), volatility="i", extension=EXTENSION)
for _name, _make in (("uuid_generate_v1", uuid.uuid1), ("uuid_generate_v1mc", _generate_v1mc),
                     ("uuid_generate_v4", uuid.uuid4)):
    functions.register(_name, (), _UUID, lambda _make=_make: _make(),
                       oid=extensions.next_function_oid(), volatility="v", extension=EXTENSION)
for _name, _make in (("uuid_generate_v3", uuid.uuid3), ("uuid_generate_v5", uuid.uuid5)):
    functions.register(_name, (_UUID, _TEXT), _UUID,
                       lambda namespace, name, _make=_make: _make(namespace, name),
                       oid=extensions.next_function_oid(), volatility="i", extension=EXTENSION)
    extensions.set_arguments(_name, (_UUID, _TEXT), ("namespace", "name"))
