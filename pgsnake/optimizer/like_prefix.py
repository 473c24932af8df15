"""Index clauses derived from a pattern match's fixed prefix: `c LIKE 'abc%'` (or
`c ~ '^abc'`, ILIKE / ~* up to the first letter) answered by a B-tree scan of the range
`c >= 'abc' AND c < 'abd'`, the pattern itself then checked on every row found.

When: the clause is `column OP constant` with OP one of ~~ ~~* ~ ~* (not negated) on a
text column (a varchar one through its binary-coercible cast), the pattern has a
non-empty fixed prefix (pattern_selectivity's like / regex prefix analysis), and the
index column's operator family orders strings bytewise: text_pattern_ops (its ~>=~ and
~<~ operators), or text_ops with the C collation (>= and <; pgsnake's databases are all
C, so the default collation counts). A pattern that is all prefix (`LIKE 'abc'`, `~
'^abc$'`) gives `c = 'abc'` instead, with any collation.

The derived clauses are lossy: they are the scan's Index Cond (and what its selectivity
is estimated from), but the pattern clause stays in the scan's Filter, and a Bitmap Heap
Scan has no Recheck Cond for them (create_bitmap_subplan's `lossy` clauses). The upper
bound is the prefix with its last character incremented as PostgreSQL increments a
UTF-8 character (pg_utf8_increment: the last byte that can grow, without carrying);
a last character that cannot grow is dropped and the one before tried; with none left
there is only the lower bound.

Entry points: match_pattern_clause(index, rtindex, clause, column_var) -> list of
IndexClause (empty when the clause is not one of these), greater_string(prefix).

PostgreSQL: utils/adt/like_support.c (match_pattern_prefix, make_greater_string),
common/wchar.c (pg_utf8_increment), optimizer/path/indxpath.c (lossy IndexClauses).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache
from pgsnake.datatypes import operators
from pgsnake.optimizer import pattern_selectivity
from pgsnake.parser.expression_nodes import Const, OpExpr

TEXT = 25
NAME = 19      # name_ops is in text_ops' family: a name column (the catalogs' name
               # indexes) takes the (name, text) operators
TEXT_PATTERN_FAMILY = 2095        # text_pattern_ops (B-tree)
TEXT_FAMILY = 1994                # text_ops (B-tree)
C_COLLATIONS = (0, 100, 950, 951)   # none, default (C in pgsnake), "C", "POSIX"
_PATTERN_NAMES = {1: "~<~", 3: "=", 4: "~>=~"}
_PLAIN_NAMES = {1: "<", 3: "=", 4: ">="}


def greater_string(prefix: str) -> str | None:
    """The smallest change to `prefix` that makes a string greater than every string
    starting with it (make_greater_string in the C collation), or None."""
    data = bytearray(prefix.encode("utf-8"))
    while data:
        start = len(data) - 1
        while start > 0 and data[start] & 0xC0 == 0x80:
            start -= 1
        char = data[start:]
        if _utf8_increment(char):
            return bytes(data[:start] + char).decode("utf-8")
        del data[start:]
    return None


def _utf8_increment(char: bytearray) -> bool:
    """pg_utf8_increment: grow the last byte that has room (not carrying into the
    bytes before); False when the character cannot grow within its length."""
    length = len(char)
    for position in range(length - 1, 0, -1):
        limit = 0xBF
        if position == 1:
            limit = {0xED: 0x9F, 0xF4: 0x8F}.get(char[0], 0xBF)
        if char[position] < limit:
            char[position] += 1
            return True
    if char[0] in (0x7F, 0xDF, 0xEF, 0xF4) or length > 4:
        return False
    char[0] += 1
    return True


def _index_collation(index, position: int) -> int:
    row = catalog_cache.index_row(index.relation.oid)
    collations = tuple(row.indcollation or ()) if row is not None else ()
    return collations[position - 1] if position <= len(collations) else 0


def _operator(family: int, strategy: int, left_type: int = TEXT):
    """(name, OID, function) of the family's operator of `strategy` on (left_type,
    text), or None."""
    names = _PATTERN_NAMES if family == TEXT_PATTERN_FAMILY else _PLAIN_NAMES
    name = names[strategy]
    for oid in catalog_cache.btree_family_operators(family, left_type, TEXT):
        found = catalog_cache.btree_strategy(family, oid)
        if found is not None and found[0] == strategy:
            # pgsnake compares text bytewise, so ~>=~ and >= behave alike here.
            plain = operators.resolve_operator(_PLAIN_NAMES[strategy], left_type, TEXT)
            return name, oid, plain.fn
    return None


def match_pattern_clause(index, rtindex: int, clause, column_var) -> list:
    """The lossy IndexClauses `clause` yields on `index` (see the module docstring)."""
    from pgsnake.optimizer.index_paths import IndexClause
    if not isinstance(clause, OpExpr) or len(clause.args) != 2 \
            or clause.operator_name not in pattern_selectivity.PATTERN_OPERATORS:
        return []
    left, pattern = clause.args
    var = column_var(left, rtindex)
    if var is None or left.type_oid not in (TEXT, NAME) or not isinstance(pattern, Const) \
            or pattern.is_null or pattern.type_oid != TEXT:
        return []
    parts = pattern_selectivity.pattern_parts(clause)
    if parts is None:
        return []
    _variable, _pattern, prefix, exact, _rest, negated = parts
    if negated or (not prefix and not exact):
        return []
    for position, attnum in enumerate(index.heap_attnums[:index.key_count], start=1):
        if attnum != var.attnum:
            continue
        family = index.families[position - 1]
        if family not in (TEXT_PATTERN_FAMILY, TEXT_FAMILY):
            continue
        bytewise = family == TEXT_PATTERN_FAMILY \
            or _index_collation(index, position) in C_COLLATIONS
        if exact:
            bounds = [(3, prefix)]
        elif bytewise:
            bounds = [(4, prefix)]
            upper = greater_string(prefix)
            if upper is not None:
                bounds.append((1, upper))
        else:
            continue
        out = []
        for strategy, value in bounds:
            found = _operator(family, strategy, left.type_oid)
            if found is None:
                break
            name, oid, fn = found
            derived = OpExpr(name, oid, fn, (left, Const(TEXT, value)), 16)
            out.append(IndexClause(position, _PLAIN_NAMES[strategy], Const(TEXT, value),
                                   None, derived, derived, lossy=True))
        if out:
            return out
    return []
