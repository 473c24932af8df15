"""aclitem: one entry of an access control list (grantee, grantor, privileges).

The Python value is an `AclItem(grantee, grantor, privs, goptions)`: role OIDs (grantee 0
is PUBLIC) and two bit masks with PostgreSQL's ACL_* bits (`privs` the privileges held,
`goptions` those also held WITH GRANT OPTION, always a subset of `privs`). On disk it is
PostgreSQL 15's 12-byte AclItem: grantee, grantor, then one u32 whose low 16 bits are the
privileges and high 16 bits the grant options. aclitem has no binary I/O in PostgreSQL;
here its send/receive are those 12 bytes, because arrays are stored through them.

Text form `grantee=privs/grantor`, e.g. `alice=r*w/postgres` (SELECT with grant option,
UPDATE) or `=U/postgres` (PUBLIC). Role names need the catalogs, so this module parses and
prints with callables the catalog layer supplies (catalog/acl.py installs them with
registry.override_io); without them roles are shown as OIDs.

Entry points: AclItem, PRIVILEGE_LETTERS, parse_aclitem(text, role_oid, warn),
format_aclitem(item, role_name), register_types(register_type).

PostgreSQL: utils/adt/acl.c (aclitemin/aclparse/getid, aclitemout/putid), include/utils/
acl.h and include/nodes/parsenodes.h (ACL_* bits, ACL_ALL_RIGHTS_STR).
"""
from __future__ import annotations

import struct
from typing import Callable, NamedTuple

from pgsnake.utils.errors import INVALID_TEXT_REPRESENTATION, PgError

ACLITEM, ACLITEM_ARRAY = 1033, 1034
PUBLIC = 0                       # ACL_ID_PUBLIC
BOOTSTRAP_SUPERUSER = 10

# The privilege letters in bit order: bit i is PRIVILEGE_LETTERS[i] (ACL_INSERT = 1 << 0 ...).
PRIVILEGE_LETTERS = "arwdDxtXUCTcsA"
BIT = {letter: 1 << i for i, letter in enumerate(PRIVILEGE_LETTERS)}
INSERT, SELECT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER = (
    BIT[c] for c in "arwdDxt")
EXECUTE, USAGE, CREATE, CREATE_TEMP, CONNECT, SET, ALTER_SYSTEM = (BIT[c] for c in "XUCTcsA")
# Privilege names as SQL spells them (GRANT, aclexplode, has_*_privilege).
PRIVILEGE_NAMES = {INSERT: "INSERT", SELECT: "SELECT", UPDATE: "UPDATE", DELETE: "DELETE",
                   TRUNCATE: "TRUNCATE", REFERENCES: "REFERENCES", TRIGGER: "TRIGGER",
                   EXECUTE: "EXECUTE", USAGE: "USAGE", CREATE: "CREATE",
                   CREATE_TEMP: "TEMPORARY", CONNECT: "CONNECT", SET: "SET",
                   ALTER_SYSTEM: "ALTER SYSTEM"}

_DISK = struct.Struct("<III")
# pg_type facts in catalog_facts.TYPES's layout: (oid, typname, typlen, typbyval, typalign,
# typcategory, typispreferred, typarray, typelem).
TYPES = ((ACLITEM, "aclitem", 12, False, "i", "U", False, ACLITEM_ARRAY, 0),
         (ACLITEM_ARRAY, "_aclitem", -1, False, "i", "A", False, 0, ACLITEM))


class AclItem(NamedTuple):
    grantee: int
    grantor: int
    privs: int
    goptions: int = 0


def privilege_letters(privs: int, goptions: int = 0) -> str:
    out = []
    for i, letter in enumerate(PRIVILEGE_LETTERS):
        if privs & (1 << i):
            out.append(letter)
            if goptions & (1 << i):
                out.append("*")
    return "".join(out)


# ---- text form ---------------------------------------------------------------------------

def _invalid(message: str, hint: str | None = None) -> PgError:
    return PgError(INVALID_TEXT_REPRESENTATION, message, hint=hint)


def _get_identifier(text: str, i: int) -> tuple[str, int]:
    """getid: skip blanks, read an identifier (letters, digits, '_', or a double-quoted
    stretch in which "" is a quote), skip blanks; returns (name, next index)."""
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    out, in_quotes = [], False
    while i < n and (in_quotes or text[i].isalnum() or text[i] in '_"'):
        c = text[i]
        if c == '"':
            if in_quotes and i + 1 < n and text[i + 1] == '"':
                out.append('"')
                i += 1
            else:
                in_quotes = not in_quotes
        else:
            out.append(c)
        i += 1
    while i < n and text[i].isspace():
        i += 1
    return "".join(out)[:63], i


def parse_aclitem(text: str, role_oid: Callable[[str], int],
                  warn: Callable[[str], None] = lambda message: None) -> AclItem:
    """aclitemin: `[user|group ]grantee=privs[/grantor]`; an empty grantee is PUBLIC; a
    missing grantor defaults to the bootstrap superuser with a warning."""
    name, i = _get_identifier(text, 0)
    if text[i:i + 1] != "=":
        if name not in ("group", "user"):
            raise _invalid(f'unrecognized key word: "{name}"',
                           'ACL key word must be "group" or "user".')
        name, i = _get_identifier(text, i)
        if not name:
            raise _invalid("missing name", 'A name must follow the "group" or "user" key word.')
    if text[i:i + 1] != "=":
        raise _invalid('missing "=" sign')
    i += 1
    privs = goptions = last = 0
    while i < len(text) and (text[i].isalpha() or text[i] == "*"):
        c = text[i]
        if c == "*":
            goptions |= last
        elif c == "R":           # the RULE privilege of old releases: ignored
            last = 0
        elif c in BIT:
            last = BIT[c]
            privs |= last
        else:
            raise _invalid('invalid mode character: must be one of "arwdDxtXUCTcsA"')
        i += 1
    grantee = PUBLIC if not name else role_oid(name)
    if text[i:i + 1] == "/":
        grantor_name, i = _get_identifier(text, i + 1)
        if not grantor_name:
            raise _invalid('a name must follow the "/" sign')
        grantor = role_oid(grantor_name)
    else:
        grantor = BOOTSTRAP_SUPERUSER
        warn(f"defaulting grantor to user ID {BOOTSTRAP_SUPERUSER}")
    while i < len(text) and text[i].isspace():
        i += 1
    if i != len(text):
        raise _invalid("extra garbage at the end of the ACL specification")
    return AclItem(grantee, grantor, privs, goptions & privs)


def quote_role(name: str) -> str:
    """putid: a name with anything but letters, digits and '_' is double-quoted."""
    if all(c.isalnum() or c == "_" for c in name):
        return name
    return '"' + name.replace('"', '""') + '"'


def format_aclitem(item: AclItem, role_name: Callable[[int], str | None]) -> str:
    """aclitemout; a role that no longer exists is shown as its OID."""
    def show(oid: int) -> str:
        name = role_name(oid)
        return quote_role(name) if name is not None else str(oid)
    grantee = "" if item.grantee == PUBLIC else show(item.grantee)
    return f"{grantee}={privilege_letters(item.privs, item.goptions)}/{show(item.grantor)}"


# ---- storage -----------------------------------------------------------------------------

def aclitem_pack(item: AclItem) -> bytes:
    return _DISK.pack(item.grantee, item.grantor,
                      (item.privs & 0xFFFF) | ((item.goptions & 0xFFFF) << 16))


def aclitem_unpack(data) -> AclItem:
    grantee, grantor, bits = _DISK.unpack(bytes(data[:12]))
    return AclItem(grantee, grantor, bits & 0xFFFF, bits >> 16)


def register_types(register_type, type_info_class) -> None:
    """Add aclitem and aclitem[] to the type table (the registry builds the array's I/O
    from the element's, like every other array type)."""
    item = type_info_class(ACLITEM, "aclitem", 12, False, "i", "U", False, ACLITEM_ARRAY, 0,
                           "aclitem")
    item.input = lambda text, typmod=-1: parse_aclitem(text, _numeric_role)
    item.output = lambda value: format_aclitem(value, str)
    # PostgreSQL has no binary I/O for aclitem; pgsnake's arrays are stored in the array
    # wire format, built from the element's send/receive, so those are the disk bytes.
    item.send, item.receive = aclitem_pack, lambda data, typmod=-1: aclitem_unpack(data)
    item.pack, item.unpack = aclitem_pack, aclitem_unpack
    register_type(item)
    register_type(type_info_class(ACLITEM_ARRAY, "_aclitem", -1, False, "i", "A", False, 0,
                                  ACLITEM, "aclitem[]"))


def _numeric_role(name: str) -> int:
    if name.isdigit():
        return int(name)
    raise PgError("42704", f'role "{name}" does not exist')
