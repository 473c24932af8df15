"""Evaluating a tsquery: tsvector @@ tsquery, and the same walk over what an index knows.

Entry points: matches(query_root, vector) (ts_match_vq), execute(root, check) the
three-valued walk over any operand callback, YES / NO / MAYBE, and the GIN support
functions gin_extract_value(vector), gin_extract_query(query),
gin_consistent(query, present) for access/gin's tsvector_ops opclass.

An operand check returns NO, YES or MAYBE (present but without positions) and, when
positions are asked for (inside a phrase), a PhraseData: the sorted match positions
(each the END of a match), whether the set is negated (match everywhere but there), and
the width of the match. Inside a phrase ! & | combine position sets as PostgreSQL does
(!L <-> R is "R and not L", !L <-> !R is "not (L or R)" ...); outside a phrase a phrase
that cannot be checked for lack of positions is NO, everything else three-valued, and a
final MAYBE counts as a match (TS_execute != TS_NO).

PostgreSQL: utils/adt/tsvector_op.c (TS_execute, TS_execute_recurse, TS_phrase_execute,
TS_phrase_output, checkcondition_str), utils/adt/tsginidx.c (gin_extract_tsvector,
gin_extract_tsquery, gin_tsquery_consistent).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from pgsnake.datatypes.tsquery import TsQuery, children, operands
from pgsnake.datatypes.tsvector import TsVector

NO, YES, MAYBE = 0, 1, 2
_BOTH, _L_ONLY, _R_ONLY = 1, 2, 4


@dataclass
class PhraseData:
    positions: list = field(default_factory=list)
    negate: bool = False
    width: int = 0


def vector_check(vector: TsVector):
    """The operand callback over a tsvector (checkcondition_str)."""
    def check(node, want_positions: bool):
        _v, lexeme, weights, prefix = node
        if prefix:
            key = lexeme.encode()
            found = [positions for lex, positions in vector.entries
                     if lex.encode().startswith(key)]
        else:
            positions = vector.positions_of(lexeme)
            found = [] if positions is None else [positions]
        if not found:
            return NO, None
        if any(not positions for positions in found):
            # a stripped lexeme: no positions, so no weights either
            if weights or want_positions:
                return MAYBE, None
            return YES, None
        matched = sorted({pos for positions in found for pos, weight in positions
                          if not weights or weights & (1 << weight)})
        if not matched:
            return NO, None
        return YES, PhraseData(matched) if want_positions else None
    return check


def _phrase_output(left: PhraseData, right: PhraseData, mode: int, loffset: int,
                   roffset: int) -> tuple[int, PhraseData]:
    lset = {pos + loffset for pos in left.positions}
    rset = {pos + roffset for pos in right.positions}
    out = set()
    if mode & _BOTH:
        out |= lset & rset
    if mode & _L_ONLY:
        out |= lset - rset
    if mode & _R_ONLY:
        out |= rset - lset
    data = PhraseData(sorted(out))
    return (YES if out else NO), data


def phrase_execute(node, check) -> tuple[int, PhraseData]:
    kind = node[0]
    if kind == "v":
        status, data = check(node, True)
        return status, data if data is not None else PhraseData()
    if kind == "!":
        status, data = phrase_execute(node[1], check)
        if status == NO:
            return YES, PhraseData([], True, data.width)
        if status == MAYBE:
            return MAYBE, data
        if data.positions:
            data.negate = not data.negate
            return YES, data
        data.negate = False
        return NO, data
    left_node, right_node = children(node)
    if kind in ("<>", "&"):
        lstatus, ldata = phrase_execute(left_node, check)
        if lstatus == NO:
            return NO, PhraseData()
        rstatus, rdata = phrase_execute(right_node, check)
        if rstatus == NO:
            return NO, PhraseData()
        if MAYBE in (lstatus, rstatus):
            return MAYBE, PhraseData()
        if kind == "<>":
            loffset, roffset = node[1] + rdata.width, 0
            width = node[1] + ldata.width + rdata.width
        else:
            width = max(ldata.width, rdata.width)
            loffset, roffset = width - ldata.width, width - rdata.width
        if ldata.negate and rdata.negate:
            _s, data = _phrase_output(ldata, rdata, _BOTH | _L_ONLY | _R_ONLY, loffset, roffset)
            data.negate, data.width = True, width
            return YES, data
        if ldata.negate:
            status, data = _phrase_output(ldata, rdata, _R_ONLY, loffset, roffset)
        elif rdata.negate:
            status, data = _phrase_output(ldata, rdata, _L_ONLY, loffset, roffset)
        else:
            status, data = _phrase_output(ldata, rdata, _BOTH, loffset, roffset)
        data.width = width
        return status, data
    # OR
    lstatus, ldata = phrase_execute(left_node, check)
    rstatus, rdata = phrase_execute(right_node, check)
    if lstatus == NO and rstatus == NO:
        return NO, PhraseData()
    if MAYBE in (lstatus, rstatus):
        return MAYBE, PhraseData()
    if lstatus == NO:
        ldata.width = rdata.width
    if rstatus == NO:
        rdata.width = ldata.width
    width = max(ldata.width, rdata.width)
    loffset, roffset = width - ldata.width, width - rdata.width
    if ldata.negate and rdata.negate:
        mode, negate = _BOTH, True
    elif ldata.negate:
        mode, negate = _L_ONLY, True
    elif rdata.negate:
        mode, negate = _R_ONLY, True
    else:
        mode, negate = _BOTH | _L_ONLY | _R_ONLY, False
    status, data = _phrase_output(ldata, rdata, mode, loffset, roffset)
    data.width = width
    if negate:
        data.negate = True
        return YES, data
    return status, data


def execute(node, check, phrase_without_positions: bool = False) -> int:
    """TS_execute_recurse: NO, YES or MAYBE."""
    kind = node[0]
    if kind == "v":
        return check(node, False)[0]
    if kind == "!":
        result = execute(node[1], check, phrase_without_positions)
        return {NO: YES, YES: NO, MAYBE: MAYBE}[result]
    if kind == "<>":
        status, data = phrase_execute(node, check)
        if status == MAYBE:
            return MAYBE if phrase_without_positions else NO
        if status == YES and not data.positions and not data.negate:
            return NO
        return status
    left, right = children(node)
    lresult = execute(left, check, phrase_without_positions)
    if kind == "&":
        if lresult == NO:
            return NO
        rresult = execute(right, check, phrase_without_positions)
        if rresult == NO:
            return NO
        return YES if lresult == YES and rresult == YES else MAYBE
    if lresult == YES:
        return YES
    rresult = execute(right, check, phrase_without_positions)
    if rresult == YES:
        return YES
    return MAYBE if MAYBE in (lresult, rresult) else NO


def matches(query: TsQuery, vector: TsVector) -> bool:
    if query.root is None:
        return False
    return execute(query.root, vector_check(vector)) != NO


# --- GIN tsvector_ops support (the opclass itself lives in access/gin) ----------------

def gin_extract_value(vector: TsVector) -> list[str]:
    """The keys of an indexed tsvector: its lexemes."""
    return vector.lexemes()


def gin_extract_query(query: TsQuery) -> list[tuple[str, bool, int]]:
    """The keys a query searches for: (lexeme, prefix, weights) of each operand, in
    query order (duplicates kept, as the consistency check numbers them). A query that
    needs no lexeme to match (empty, or with a NOT at the top) must scan everything:
    see gin_requires_full_scan."""
    return [(node[1], node[3], node[2]) for node in operands(query.root)]


def gin_requires_full_scan(query: TsQuery) -> bool:
    """True when the query can match a vector holding none of its lexemes
    (tsquery_requires_match is false): the index then cannot narrow the search."""
    if query.root is None:
        return False
    return execute(query.root, lambda node, want: (NO, None), True) != NO


def gin_consistent(query: TsQuery, present: list[bool]) -> tuple[bool, bool]:
    """(may match, needs recheck) for a row whose index entries hold the query keys
    marked in `present` (indexed like gin_extract_query). Weights, prefixes and phrases
    cannot be decided from the keys alone: they force a recheck against the heap row."""
    if query.root is None:
        return False, False
    nodes = operands(query.root)
    index_of = {id(node): i for i, node in enumerate(nodes)}
    recheck = [False]

    def check(node, want_positions: bool):
        if not present[index_of[id(node)]]:
            return NO, None
        if node[2] or want_positions:
            recheck[0] = True
            return MAYBE, None
        return YES, None

    result = execute(query.root, check, True)
    if result == NO:
        return False, False
    return True, recheck[0] or result == MAYBE
