"""The hash support functions as SQL functions: hashint4(int4) -> int4,
hashtextextended(text, int8) -> int8, ... with their pg_proc OIDs, so that
`SELECT hashtext('abc')` answers as in PostgreSQL (the codes hash indexes store and
pageinspect's hash_page_items shows).

Registered at import (access/hash/access_method.py imports this module); hashenum and
hashenumextended are bound per enum type.

PostgreSQL: utils/adt/int.c, int8.c, varlena.c, float.c, char.c, name.c, oid.c,
date.c, timestamp.c, uuid.c, pg_lsn.c (hashint4, hashint4extended, ...).
"""
from __future__ import annotations

from pgsnake.access.hash import hash_functions as hf
from pgsnake.datatypes import functions

_INT4, _INT8 = 23, 20
# The type each SQL function takes (pg_proc.proargtypes[0]); several column types share
# one function (date, xid and cid use hashint4; bool uses hashchar).
_SQL_ARGUMENT_TYPES = (hf._INT2, hf._INT4, hf._INT8, hf._OID, hf._TEXT, hf._NAME, hf._BPCHAR,
                       hf._CHAR, hf._FLOAT4, hf._FLOAT8, hf._TIME, hf._TIMESTAMP, hf._PG_LSN,
                       hf._UUID, hf._INTERVAL,
                       1700, 1266, 3802, 1033, 869, 829, 774, 27, 30)
#                      (numeric, timetz, jsonb, aclitem, inet, macaddr[8], tid, oidvector:
#                       access/hash/structured_hashes.py)


def _signed32(code: int) -> int:
    return code - (1 << 32) if code >= 1 << 31 else code


def _signed64(code: int) -> int:
    return code - (1 << 64) if code >= 1 << 63 else code


def _register() -> None:
    for type_oid in _SQL_ARGUMENT_TYPES:
        standard = hf.support_function(type_oid)
        extended = hf.extended_function(type_oid)
        oid, name = hf.support_procedure(type_oid)
        functions.register(name, [type_oid], _INT4,
                           lambda value, f=standard: _signed32(f(value)),
                           oid=oid, volatility="i")
        oid, name = hf.extended_procedure(type_oid)
        functions.register(name, [type_oid, _INT8], _INT8,
                           lambda value, seed, f=extended: _signed64(
                               f(value, seed & 0xFFFFFFFFFFFFFFFF)),
                           oid=oid, volatility="i")



def _enum_function(extended: bool):
    """hashenum(anyenum) / hashenumextended(anyenum, int8), bound per enum type."""
    def resolve(arg_types):
        from pgsnake.datatypes import registry
        from pgsnake.utils.errors import PgError
        if len(arg_types) != (2 if extended else 1) or \
                extended and arg_types[1] not in (21, _INT4, _INT8, 705):   # int8 seed
            return None
        try:
            if registry.get_type(arg_types[0]).category != "E":
                return None
        except PgError:
            return None
        if extended:
            oid, name = hf.extended_procedure(arg_types[0])
            hash_of = hf.extended_function(arg_types[0])
            return functions.Function(oid, name, (arg_types[0], _INT8), _INT8, lambda value, seed: (
                _signed64(hash_of(value, seed & 0xFFFFFFFFFFFFFFFF))))
        oid, name = hf.support_procedure(arg_types[0])
        hash_of = hf.support_function(arg_types[0])
        return functions.Function(oid, name, tuple(arg_types), _INT4,
                                  lambda value: _signed32(hash_of(value)))
    return resolve


_register()
functions.register_resolver("hashenum", _enum_function(False))
functions.register_resolver("hashenumextended", _enum_function(True))
