"""hstore's GiST operator class gist_hstore_ops and its key type ghstore: @>, ?, ?| and
?& searches through a GiST index.

Every key, leaf or internal, is a signature: siglen bytes (16 by default) with a bit per
hashed key and per hashed non-NULL value of the pairs below (bit = CRC-32 of the string
modulo siglen * 8), or "all true" when every bit is set. So every answer is rechecked
(two strings may share a bit). Stored as ghstore values: a 4-byte flag word (ALLISTRUE
4) and the signature.

    compress(hstore)      the signature of its keys and values
    union(keys)           the OR of the signatures
    penalty(orig, new)    the Hamming distance
    picksplit(keys)       the two keys furthest apart seed the halves; the others join
                          the nearer half (ghstore_picksplit)
    consistent            @> (7): every pair's key bit and, for a non-NULL value, its
                          value bit set; ? (9): the key's bit; ?| (10): some key's bit (no
                          keys: false); ?& (11): every key's bit (no keys: true). NULL
                          array elements are skipped.

Not done: the siglen operator class parameter (operator class options are refused: the
default 16 is used).

Entry point: register(hstore placeholder) (hstore.py): the ghstore type, the member
functions (ghstore_in ... ghstore_options; a call refuses, the index runs this module)
and the operator class (extension_types.OperatorClass; its rows as PostgreSQL 15's).

PostgreSQL: contrib/hstore/hstore_gist.c (ghstore_compress, ghstore_consistent,
ghstore_union, ghstore_penalty, ghstore_picksplit, crc32_sz, HASHVAL).
"""
from __future__ import annotations

import functools
import zlib

from pgsnake.access.gist import opclasses as gist_opclasses
from pgsnake.contrib import extension_types, extensions, signature_picksplit
from pgsnake.datatypes import array_values, functions
from pgsnake.utils.errors import PgError

CONTAINS, EXISTS, EXISTS_ANY, EXISTS_ALL = 7, 9, 10, 11
ALLISTRUE = 0x04
SIGLEN_DEFAULT = 16
_INTERNAL, _TEXT, _TEXT_ARRAY, _INT2, _OID, _BOOL, _CSTRING, _VOID = (
    2281, 25, 1009, 21, 26, 16, 2275, 2278)
GIST = 783


_refuse = extension_types.refusing("Not implemented")
GHSTORE = extension_types.register_signature_key_type("hstore", "ghstore", "Not implemented")


class _Signatures:
    def __init__(self, siglen: int) -> None:
        self.siglen = siglen
        self.bits = siglen * 8
        self.full = (1 << self.bits) - 1
        self.decode = functools.lru_cache(maxsize=8192)(self._decode)

    def bit(self, text: str) -> int:
        return 1 << (zlib.crc32(text.encode()) % self.bits)

    def _decode(self, key: bytes) -> int:
        flag = int.from_bytes(key[:4], "little")
        return self.full if flag & ALLISTRUE else int.from_bytes(key[4:], "little")

    def encode(self, sign: int) -> bytes:
        if sign == self.full:
            return ALLISTRUE.to_bytes(4, "little")
        return bytes(4) + sign.to_bytes(self.siglen, "little")

    def compress(self, value) -> bytes:
        sign = 0
        for key, val in value.pairs:
            sign |= self.bit(key)
            if val is not None:
                sign |= self.bit(val)
        return self.encode(sign)

    def union(self, keys):
        present = [k for k in keys if k is not None]
        if not present:
            return None
        sign = 0
        for key in present:
            sign |= self.decode(bytes(key))
        return self.encode(sign)

    def penalty(self, orig, new) -> float:
        if orig is None or new is None:
            return 0.0 if orig is new else 1e308
        return float((self.decode(bytes(orig)) ^ self.decode(bytes(new))).bit_count())

    def picksplit(self, keys):
        return signature_picksplit.split_signatures(
            [0 if k is None else self.decode(bytes(k)) for k in keys], most_decided_first=False)

    def consistent(self, key, strategy: int, query, leaf: bool):
        sign = self.decode(bytes(key))
        if strategy == CONTAINS:
            for k, v in query.pairs:
                if not sign & self.bit(k) or (v is not None and not sign & self.bit(v)):
                    return False, True
            return True, True
        if strategy == EXISTS:
            return bool(sign & self.bit(query)), True
        if strategy in (EXISTS_ANY, EXISTS_ALL):
            wanted = [k for k in array_values.elements(query) if k is not None]
            test = any if strategy == EXISTS_ANY else all
            return test(sign & self.bit(k) for k in wanted), True
        raise PgError("XX000", f"Unsupported strategy number: {strategy}")


def _internal(name: str):
    def refuse(*_args):
        raise PgError("0A000", f"function {name} is the GiST operator class's support "
                               f"function; pgsnake runs it inside the index only")
    return refuse


def register(hstore_type: int) -> None:
    key = GHSTORE.placeholder
    for name, arg_types, result, strict in (
            ("ghstore_in", (_CSTRING,), key, True), ("ghstore_out", (key,), _CSTRING, True),
            ("ghstore_compress", (_INTERNAL,), _INTERNAL, True),
            ("ghstore_decompress", (_INTERNAL,), _INTERNAL, True),
            ("ghstore_penalty", (_INTERNAL,) * 3, _INTERNAL, True),
            ("ghstore_picksplit", (_INTERNAL,) * 2, _INTERNAL, True),
            ("ghstore_union", (_INTERNAL,) * 2, key, True),
            ("ghstore_same", (key, key, _INTERNAL), _INTERNAL, True),
            ("ghstore_consistent", (_INTERNAL, hstore_type, _INT2, _OID, _INTERNAL), _BOOL,
             True),
            ("ghstore_options", (_INTERNAL,), _VOID, False)):
        fn = _refuse if name in ("ghstore_in", "ghstore_out") else _internal(name)
        functions.register(name, list(arg_types), result, fn,
                           oid=extensions.next_function_oid(), volatility="i",
                           strict=strict, extension="hstore")
    signatures = _Signatures(SIGLEN_DEFAULT)
    gist_opclasses.register(gist_opclasses.GistOpclass(
        "gist_hstore_ops", signatures.compress, signatures.union, signatures.penalty,
        signatures.picksplit, signatures.consistent))
    extension_types.register_operator_class(extension_types.OperatorClass(
        "hstore", "gist_hstore_ops", "hstore", extension_types.GIST,
        ((CONTAINS, "@>"), (EXISTS, "?", _TEXT), (EXISTS_ANY, "?|", _TEXT_ARRAY),
         (EXISTS_ALL, "?&", _TEXT_ARRAY)),
        ((1, "ghstore_consistent"), (2, "ghstore_union"), (3, "ghstore_compress"),
         (4, "ghstore_decompress"), (5, "ghstore_penalty"), (6, "ghstore_picksplit"),
         (7, "ghstore_same"), (10, "ghstore_options")),
        key_type=key))
