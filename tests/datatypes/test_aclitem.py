# Proves aclitem's storage is PostgreSQL 15's 12-byte AclItem (grantee, grantor, then
# privileges in the low and grant options in the high 16 bits of one u32) and that
# aclitem[] values survive a round trip through the array storage. The text form is
# compared with PostgreSQL itself in tests/regress/sql/privileges.sql.
from __future__ import annotations

import struct

from pgsnake.datatypes import aclitem as ai
from pgsnake.datatypes import registry


def test_storage_layout_is_postgresqls():
    item = ai.AclItem(16384, 10, ai.SELECT | ai.UPDATE, ai.SELECT)
    packed = registry.get_type(ai.ACLITEM).pack(item)
    assert packed == struct.pack("<III", 16384, 10, (ai.SELECT | ai.UPDATE) | (ai.SELECT << 16))
    assert registry.get_type(ai.ACLITEM).unpack(packed) == item


def test_array_round_trip():
    array = registry.get_type(ai.ACLITEM_ARRAY)
    value = [ai.AclItem(0, 10, ai.USAGE), ai.AclItem(10, 10, ai.USAGE | ai.CREATE)]
    assert array.unpack(array.pack(value)) == value


def test_text_form_with_role_names():
    names = {10: "postgres", 16384: "a b"}
    item = ai.parse_aclitem('"a b"=r*wU/postgres', {v: k for k, v in names.items()}.__getitem__)
    assert item == ai.AclItem(16384, 10, ai.SELECT | ai.UPDATE | ai.USAGE, ai.SELECT)
    assert ai.format_aclitem(item, names.get) == '"a b"=r*wU/postgres'
    assert ai.format_aclitem(ai.AclItem(0, 99999, ai.EXECUTE), names.get) == "=X/99999"
