"""The operators of an EXCLUDE constraint: each `column WITH op` resolved for the
column's type and checked against the index column's operator class.

    operator_oids(names, type_oids, opclass_oids) -> [pg_operator oid]

An operator is found by name for (column type, column type), exactly or through the
polymorphic pseudo-types (anyrange, anymultirange, anyarray, anyenum), a domain's
base type and binary-coercible types (cidr = cidr is inet's =). It must be its own commutator (a conflict is symmetric: 42809 "operator
&&(...) is not commutative") and a search operator of the index column's operator
family (42809 "... is not a member of operator family ..."), so that the index can
find the conflicting rows.

PostgreSQL: commands/indexcmds.c (ComputeIndexAttrs' exclusion operator checks),
parser/parse_oper.c (compatible_oper_opid).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.utils.errors import PgError

WRONG_OBJECT_TYPE = "42809"
UNDEFINED_FUNCTION = "42883"
_POLYMORPHIC = {"r": 3831, "m": 4537, "e": 3500}
_ANYARRAY, _ANYELEMENT = 2277, 2283


def _accepts(declared: int, type_oid: int) -> bool:
    if declared == type_oid:
        return True
    row = cc.get_type_row(type_oid)
    while row is not None and row.typtype == "d":
        if declared == row.typbasetype:
            return True
        row = cc.get_type_row(row.typbasetype)
    if row is None:
        return False
    if any(c.castsource == row.oid and c.casttarget == declared and c.castmethod == "b"
           for c in cc.scan_catalog("pg_cast")):
        return True
    if declared == _POLYMORPHIC.get(row.typtype):
        return True
    if declared == _ANYARRAY and row.typcategory == "A" and row.typelem:
        return True
    return declared == _ANYELEMENT


def _find(name: list[str], type_oid: int):
    from pgsnake.catalog.sql_functions import format_type
    opname = name[-1]
    rows = [r for r in cc.scan_catalog("pg_operator")
            if r.oprname == opname and r.oprkind == "b"]
    exact = [r for r in rows if r.oprleft == type_oid and r.oprright == type_oid]
    if exact:
        return exact[0]
    loose = [r for r in rows if r.oprleft == r.oprright and _accepts(r.oprleft, type_oid)]
    if loose:
        return loose[0]
    shown = format_type(type_oid, None)
    raise PgError(UNDEFINED_FUNCTION, f"operator does not exist: {shown} {opname} {shown}",
                  hint="No operator matches the given name and argument types. You might "
                       "need to add explicit type casts.")


def _operator_text(row) -> str:
    from pgsnake.catalog.sql_functions import format_type
    return f"{row.oprname}({format_type(row.oprleft, None)},{format_type(row.oprright, None)})"


def operator_oids(names: list[list[str]], type_oids: list[int],
                  opclass_oids: list[int]) -> list[int]:
    classes = {r.oid: r for r in cc.scan_catalog("pg_opclass")}
    out = []
    for name, type_oid, opclass_oid in zip(names, type_oids, opclass_oids):
        row = _find(name, type_oid)
        if row.oprcom != row.oid:
            raise PgError(WRONG_OBJECT_TYPE, f"operator {_operator_text(row)} is not "
                                             f"commutative",
                          detail="Only commutative operators can be used in exclusion "
                                 "constraints.")
        family = classes[opclass_oid].opcfamily
        if not any(r.amopfamily == family and r.amopopr == row.oid and r.amoppurpose == "s"
                   for r in cc.scan_catalog("pg_amop")):
            family_name = next(r.opfname for r in cc.scan_catalog("pg_opfamily")
                               if r.oid == family)
            raise PgError(WRONG_OBJECT_TYPE, f"operator {_operator_text(row)} is not a "
                                             f'member of operator family "{family_name}"',
                          detail="The exclusion operator must be related to the index "
                                 "operator class for the constraint.")
        out.append(row.oid)
    return out
