"""SQL functions on ACLs: acldefault, aclexplode, makeaclitem, aclcontains, aclitemeq
(and the aclitem = aclitem operator).

Entry point: register_all() (from privilege_functions.register_all, which also installs the
aclitem text I/O with role names).

PostgreSQL: utils/adt/acl.c (acldefault_sql, aclexplode, makeaclitem, aclcontains,
aclitem_eq, convert_aclright_to_string).
"""
from __future__ import annotations

from pgsnake.catalog import acl
from pgsnake.datatypes import aclitem as ai
from pgsnake.datatypes.aclitem import AclItem
from pgsnake.utils.errors import INTERNAL_ERROR, INVALID_PARAMETER_VALUE, PgError

OID, TEXT, BOOL, CHAR, RECORD = 26, 25, 16, 18, 2249

# makeaclitem's privilege names (PostgreSQL 15 takes exactly one).
_PRIVILEGE_BY_NAME = {name: bit for bit, name in ai.PRIVILEGE_NAMES.items()}
_PRIVILEGE_BY_NAME.update({"TEMP": ai.CREATE_TEMP, "RULE": 0})


def acldefault_sql(code: str, owner: int) -> list[AclItem]:
    kind = acl.KIND_CODES.get(code)
    if kind is None:
        raise PgError(INTERNAL_ERROR, f"unrecognized objtype abbreviation: {code}")
    return acl.default_acl(kind, owner)


def aclexplode(items):
    for item in items or ():
        if item is None:
            continue
        for bit, name in ai.PRIVILEGE_NAMES.items():
            if item.privs & bit:
                yield (item.grantor, item.grantee, name, bool(item.goptions & bit))


def makeaclitem(grantee: int, grantor: int, privilege: str, grantable: bool) -> AclItem:
    bit = _PRIVILEGE_BY_NAME.get(privilege.strip().upper())
    if bit is None:
        raise PgError(INVALID_PARAMETER_VALUE, f'unrecognized privilege type: "{privilege}"')
    return AclItem(grantee, grantor, bit, bit if grantable else 0)


def aclcontains(items, item: AclItem) -> bool:
    return any(a is not None and a.grantee == item.grantee and a.grantor == item.grantor
               and (a.privs & item.privs) == item.privs
               and (a.goptions & item.goptions) == item.goptions for a in items)


def aclitem_eq(left: AclItem, right: AclItem) -> bool:
    return left == right


def register_all() -> None:
    from pgsnake.datatypes import functions, operators
    functions.register("acldefault", [CHAR, OID], ai.ACLITEM_ARRAY, acldefault_sql, oid=3943,
                       volatility="i")
    functions.register("aclexplode", [ai.ACLITEM_ARRAY], RECORD, aclexplode, oid=1689,
                       volatility="s", returns_set=True, rows=10.0,
                       out_columns=(("grantor", OID), ("grantee", OID),
                                    ("privilege_type", TEXT), ("is_grantable", BOOL)))
    functions.register("makeaclitem", [OID, OID, TEXT, BOOL], ai.ACLITEM, makeaclitem,
                       oid=1365, volatility="i")
    functions.register("aclcontains", [ai.ACLITEM_ARRAY, ai.ACLITEM], BOOL, aclcontains,
                       oid=1037, volatility="i")
    functions.register("aclitemeq", [ai.ACLITEM, ai.ACLITEM], BOOL, aclitem_eq, oid=1062,
                       volatility="i")
    operators.register(974, "=", ai.ACLITEM, ai.ACLITEM, BOOL, aclitem_eq)
    operators.register(968, "@>", ai.ACLITEM_ARRAY, ai.ACLITEM, BOOL, aclcontains)
