"""The text_pattern_ops / bpchar_pattern_ops comparison operators ~<~ ~<=~ ~>=~ ~>~:
strings compared byte by byte (memcmp of the UTF-8 bytes, then the shorter first),
whatever the collation; character(n) without its trailing blanks. Their functions
(text_pattern_lt, bpchar_pattern_ge, ...) follow from pg_operator.oprcode
(catalog/derived_functions.py).

Entry point: register(register_operator) (datatypes/operators.py).

PostgreSQL: utils/adt/varlena.c (internal_text_pattern_compare, text_pattern_lt ...),
utils/adt/varchar.c (internal_bpchar_pattern_compare, bpchar_pattern_lt ...).
"""
from __future__ import annotations

TEXT, BPCHAR, BOOL = 25, 1042, 16


def _text_bytes(value) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def _bpchar_bytes(value) -> bytes:
    return _text_bytes(value).rstrip(b" ")         # bcTruelen: trailing blanks do not count


_TESTS = (("~<~", lambda a, b: a < b), ("~<=~", lambda a, b: a <= b),
          ("~>=~", lambda a, b: a >= b), ("~>~", lambda a, b: a > b))
_OIDS = {TEXT: (2314, 2315, 2317, 2318), BPCHAR: (2326, 2327, 2329, 2330)}


def register(register_operator) -> None:
    for type_oid, key in ((TEXT, _text_bytes), (BPCHAR, _bpchar_bytes)):
        for oid, (name, test) in zip(_OIDS[type_oid], _TESTS):
            register_operator(oid, name, type_oid, type_oid, BOOL,
                              lambda a, b, _test=test, _key=key: _test(_key(a), _key(b)))
