"""pg_trgm's GiST operator class gist_trgm_ops and its key type gtrgm: similarity (%,
%>, %>>), LIKE / ILIKE, regular expression (~, ~*) and = searches through a GiST index.

A leaf key is the indexed text's trigram set (an "array key"); an internal key is a
signature: a bit per trigram hash (siglen bytes, 12 by default; bit = the trigram's
three bytes as a little-endian integer modulo siglen * 8 - 1), or "all true" when every
bit is set. Stored as gtrgm values: a flag byte (ARRKEY 1, SIGNKEY 2, ALLISTRUE 4) and
the trigrams (3 bytes each) or the signature.

    compress(text)        the array key of its trigrams (generate_trgm)
    union(keys)           the OR of their signatures
    penalty(orig, new)    the Hamming distance of the signatures
    picksplit(keys)       the two keys furthest apart seed the halves; the others go,
                          most decided first, to the half whose signature they are
                          nearer (gtrgm_picksplit)
    consistent            per strategy, with the query's trigrams: similarity (1) on a
                          leaf is the similarity itself (exact, no recheck), word
                          similarities (7, 9) their upper bound common / |query| (rechecked);
                          on a signature, the share of the query's trigrams whose bits are
                          set against the threshold. LIKE / ILIKE (3, 4) and = (11): every
                          required trigram present (bit set); ~ / ~* (5, 6): every trigram
                          of some alternative of the pattern's condition
                          (trigram_regex.py); rechecked; a pattern without trigrams
                          matches everywhere.

    distance              <-> (2): 1 - similarity on a leaf (exact), 1 - the share of
                          the query's trigrams set in a signature (a lower bound): ORDER
                          BY t <-> 'q' as an ordered Index Scan (access/gist/knn.py)

The pg_trgm thresholds are read when the scan runs (pg_trgm.py). Not done: the siglen
operator class parameter (CREATE INDEX ... gist_trgm_ops(siglen = n) is refused, as
every operator class option is: the default 12 is used) and ordering by the word
distances <<-> and <<<-> (lossy on leaves: PostgreSQL reorders the rows it fetches;
here they are sorted).

Entry points: importing registers the type, its member functions and the class with
access/gist/opclasses.py; add_members(extension oid, schema oid) writes the operator
family and class rows (called by pg_trgm.add_members).

PostgreSQL: contrib/pg_trgm/trgm_gist.c (gtrgm_compress, gtrgm_consistent, gtrgm_union,
gtrgm_penalty, gtrgm_picksplit, makesign, cnt_sml_sign_common), trgm.h (HASHVAL,
SIGLENBIT, ISALLTRUE), trgm_op.c (cnt_sml).
"""
from __future__ import annotations

import functools

from pgsnake.access.gist import opclasses as gist_opclasses
from pgsnake.contrib import (extension_types, pg_trgm, signature_picksplit, trigram_regex,
                             trigrams)
from pgsnake.utils.errors import PgError

SIMILARITY, DISTANCE, LIKE, ILIKE, REGEX, REGEX_ICASE = 1, 2, 3, 4, 5, 6
WORD_SIMILARITY, WORD_DISTANCE, STRICT_WORD_SIMILARITY, STRICT_WORD_DISTANCE = 7, 8, 9, 10
EQUAL = 11
_LIMITS = {SIMILARITY: pg_trgm.SIMILARITY, WORD_SIMILARITY: pg_trgm.WORD_SIMILARITY,
           STRICT_WORD_SIMILARITY: pg_trgm.STRICT_WORD_SIMILARITY}
ARRKEY, SIGNKEY, ALLISTRUE = 0x01, 0x02, 0x04
SIGLEN_DEFAULT = 12
_INTERNAL, _TEXT, _INT2, _OID, _BOOL, _FLOAT8, _CSTRING, _VOID = (
    2281, 25, 21, 26, 16, 701, 2275, 2278)
GIST = 783


# ---- the key type ----------------------------------------------------------------------

_refuse = extension_types.refusing("not implemented")
GTRGM = extension_types.register_signature_key_type(pg_trgm.EXTENSION, "gtrgm", "not implemented")


def _internal(name: str):
    def refuse(*_args):
        raise PgError("0A000", f"function {name} is the GiST operator class's support "
                               f"function; pgsnake runs it inside the index only")
    return refuse


_SUPPORT = (
    ("gtrgm_in", (_CSTRING,), GTRGM.placeholder, _refuse),
    ("gtrgm_out", (GTRGM.placeholder,), _CSTRING, _refuse),
    ("gtrgm_consistent", (_INTERNAL, _TEXT, _INT2, _OID, _INTERNAL), _BOOL, None),
    ("gtrgm_distance", (_INTERNAL, _TEXT, _INT2, _OID, _INTERNAL), _FLOAT8, None),
    ("gtrgm_compress", (_INTERNAL,), _INTERNAL, None),
    ("gtrgm_decompress", (_INTERNAL,), _INTERNAL, None),
    ("gtrgm_penalty", (_INTERNAL,) * 3, _INTERNAL, None),
    ("gtrgm_picksplit", (_INTERNAL,) * 2, _INTERNAL, None),
    ("gtrgm_union", (_INTERNAL,) * 2, GTRGM.placeholder, None),
    ("gtrgm_same", (GTRGM.placeholder, GTRGM.placeholder, _INTERNAL), _INTERNAL, None),
)
for _name, _args, _result, _fn in _SUPPORT:
    pg_trgm._register(_name, _args, _result, _fn or _internal(_name))
pg_trgm._register("gtrgm_options", (_INTERNAL,), _VOID, _internal("gtrgm_options"),
                  strict=False)


# ---- keys ---------------------------------------------------------------------------------

class _Keys:
    """The support functions for one signature length."""

    def __init__(self, siglen: int) -> None:
        self.siglen = siglen
        self.bits = siglen * 8 - 1                     # SIGLENBIT
        self.full = (1 << self.bits) - 1
        self.decode = functools.lru_cache(maxsize=8192)(self._decode)

    def bit(self, trigram: bytes) -> int:
        return 1 << (int.from_bytes(trigram, "little") % self.bits)

    def sign(self, trigram_list) -> int:
        sign = 0
        for trigram in trigram_list:
            sign |= self.bit(trigram)
        return sign

    def _decode(self, key: bytes):
        """(flag, frozenset of trigrams | signature int | None)."""
        flag = key[0]
        if flag & ARRKEY:
            return ARRKEY, frozenset(key[i:i + 3] for i in range(1, len(key), 3))
        if flag & ALLISTRUE:
            return ALLISTRUE, None
        return SIGNKEY, int.from_bytes(key[1:], "little")

    def signature_of(self, key) -> int:
        """A key's signature (all bits for an all-true key)."""
        flag, data = self.decode(bytes(key))
        if flag == ARRKEY:
            return self.sign(data)
        return self.full if flag == ALLISTRUE else data

    def encode_sign(self, sign: int) -> bytes:
        if sign == self.full:
            return bytes([SIGNKEY | ALLISTRUE])
        return bytes([SIGNKEY]) + sign.to_bytes(self.siglen, "little")

    def compress(self, value) -> bytes:
        return bytes([ARRKEY]) + b"".join(trigrams.trigram_set(value))

    def union(self, keys):
        present = [k for k in keys if k is not None]
        if not present:
            return None
        sign = 0
        for key in present:
            sign |= self.signature_of(key)
            if sign == self.full:
                break
        return self.encode_sign(sign)

    def penalty(self, orig, new) -> float:
        if orig is None or new is None:
            return 0.0 if orig is new else 1e308
        return float((self.signature_of(orig) ^ self.signature_of(new)).bit_count())

    def picksplit(self, keys):
        return signature_picksplit.split_signatures(
            [0 if k is None else self.signature_of(k) for k in keys], most_decided_first=True)

    def consistent(self, key, strategy: int, query, leaf: bool):
        flag, data = self.decode(bytes(key))
        required = _query_trigrams(query, strategy)
        if strategy in _LIMITS:
            exact = strategy == SIMILARITY
            limit = pg_trgm.threshold(_LIMITS[strategy])
            if leaf:
                count = len(data & set(required))
                if exact:
                    similarity = (trigrams.similarity_of(count, len(required), len(data))
                                  if required and data else 0.0)
                else:
                    similarity = (trigrams.float4(count / len(required))
                                  if required and data else 0.0)
                return similarity >= limit, not exact
            if flag == ALLISTRUE:
                return True, not exact
            if not required:
                return False, not exact
            count = sum(1 for t in required if data & self.bit(t))
            return count / len(required) >= limit, not exact
        if strategy in (REGEX, REGEX_ICASE):
            if required is None or flag == ALLISTRUE:
                return True, True
            if leaf:
                return any(alternative <= data for alternative in required), True
            return any(all(data & self.bit(t) for t in alternative)
                       for alternative in required), True
        if strategy in (LIKE, ILIKE, EQUAL):
            if not required or flag == ALLISTRUE:
                return True, True
            if leaf:
                return all(t in data for t in required), True
            return all(data & self.bit(t) for t in required), True
        return True, True


    def distance(self, key, strategy: int, query, leaf: bool) -> float:
        """gtrgm_distance for <-> (2): on a leaf 1 - similarity, as similarity_dist
        gives it; on a signature 1 - (query trigrams whose bits are set) / |query|, no
        more than any leaf below can be."""
        flag, data = self.decode(bytes(key))
        required = _query_trigrams(query, SIMILARITY)
        if leaf:
            count = len(data & set(required))
            similarity = (trigrams.similarity_of(count, len(required), len(data))
                          if required and data else 0.0)
            return trigrams.float4(1.0 - similarity)
        if flag == ALLISTRUE or not required:
            return 0.0
        count = sum(1 for t in required if data & self.bit(t))
        return 1.0 - count / len(required)


@functools.lru_cache(maxsize=256)
def _cached_query(query: str, strategy: int, c_ctype: bool) -> tuple:
    if strategy in (LIKE, ILIKE):
        return tuple(trigrams.wildcard_trigrams(query))
    if strategy in (REGEX, REGEX_ICASE):       # alternatives of trigram sets, or None
        return trigram_regex.regex_condition(query)
    return tuple(trigrams.trigram_set(query))


def _query_trigrams(query: str, strategy: int) -> tuple:
    return _cached_query(query, strategy, trigrams._c_ctype())


_DEFAULT = _Keys(SIGLEN_DEFAULT)
gist_opclasses.register(gist_opclasses.GistOpclass(
    "gist_trgm_ops", _DEFAULT.compress, _DEFAULT.union, _DEFAULT.penalty,
    _DEFAULT.picksplit, _DEFAULT.consistent, _DEFAULT.distance, (DISTANCE,)))


# ---- the catalog rows ---------------------------------------------------------------------

_BUILTIN_TEXT_OPERATORS = {3: 1209, 4: 1627, 5: 641, 6: 1228, 11: 98}   # ~~ ~~* ~ ~* =
_OWN_OPERATORS = {1: "%", 2: "<->", 7: "%>", 8: "<->>", 9: "%>>", 10: "<->>>"}
_ORDERING = (DISTANCE, WORD_DISTANCE, STRICT_WORD_DISTANCE)
_IN_CLASS = (1, 2, 5, 6, 7)                  # amprocs part of the class ('i')
_SUPPORT_NUMBERS = {1: "gtrgm_consistent", 2: "gtrgm_union", 3: "gtrgm_compress",
                    4: "gtrgm_decompress", 5: "gtrgm_penalty", 6: "gtrgm_picksplit",
                    7: "gtrgm_same", 8: "gtrgm_distance", 10: "gtrgm_options"}


def add_members(extension_oid: int, namespace: int) -> None:
    """The GiST operator family and class gist_trgm_ops (storage gtrgm) with their
    operators (1-11; 2, 8, 10 FOR ORDER BY float_ops) and support functions (1-8, 10),
    members of the extension; pg_depend as PostgreSQL 15 leaves them."""
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.catalog import definitions as d
    from pgsnake.catalog import operator_class_creation as opclasses
    from pgsnake.catalog import operator_creation
    from pgsnake.contrib import extension_members
    float_ops = next(r.oid for r in cc.scan_catalog("pg_opfamily")
                     if r.opfname == "float_ops" and r.opfmethod == 403
                     and r.opfnamespace == d.PG_CATALOG_NAMESPACE)
    key_type = cc.lookup_type_row("gtrgm", namespace).oid
    family = opclasses.create_family("gist_trgm_ops", GIST, namespace)
    opclass = opclasses.create_class("gist_trgm_ops", GIST, namespace, family, _TEXT,
                                     key_type)
    strategies = dict(_BUILTIN_TEXT_OPERATORS)
    for strategy, name in _OWN_OPERATORS.items():
        strategies[strategy] = operator_creation.find_operator(
            name, namespace, _TEXT, _TEXT).oid
    for strategy in sorted(strategies):
        ordering = strategy in _ORDERING
        opclasses.add_operator(family, GIST, strategy, strategies[strategy], _TEXT, _TEXT,
                               purpose="o" if ordering else "s",
                               sort_family=float_ops if ordering else 0)
    procs = {r.proname: r.oid for r in cc.scan_catalog("pg_proc", key=("pronamespace", namespace))
             if r.proname.startswith("gtrgm_")}
    for number, name in _SUPPORT_NUMBERS.items():
        opclasses.add_function(family, number, procs[name], _TEXT, _TEXT,
                               opclass=opclass if number in _IN_CLASS else 0)
    extension_members.add_member(extension_oid, opclasses.PG_OPFAMILY, family)
    extension_members.add_member(extension_oid, opclasses.PG_OPCLASS, opclass)
