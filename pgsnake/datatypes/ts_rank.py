"""ts_rank and ts_rank_cd: how well a tsvector matches a tsquery, as float4.

Entry points: rank(weights, vector, query, method) (ts_rank), rank_cd(weights, vector,
query, method) (ts_rank_cd), check_weights(array) (the {D, C, B, A} weight array's
checks and defaults).

ts_rank: for a query whose top operator is & or <N>, every pair of distinct query lexemes
contributes sqrt(w1 * w2 * f(distance)) for each pair of their positions, combined as
independent probabilities (r = 1 - (1 - r)(1 - c)); otherwise (or with fewer than two
distinct lexemes) each lexeme found contributes the sum of its position weights divided
by the square of their rank, scaled by pi^2/6, averaged over the query's lexemes.
ts_rank_cd sums, over the query's minimal covers (the shortest stretches of the document
satisfying the query), the cover's inverse-weight-averaged density divided by 1 + the
number of other words inside it. Normalization bits: 1 log(length), 2 length, 4 mean
distance between covers (cd only), 8 unique words, 16 log(unique words), 32 r / (r + 1).
Arithmetic follows PostgreSQL's float4 / double mix (to_float4 where C stores a float).

PostgreSQL: utils/adt/tsrank.c (calc_rank_and, calc_rank_or, calc_rank, calc_rank_cd,
Cover, get_docrep, getWeights).
"""
from __future__ import annotations

import math
import struct

from pgsnake.datatypes import ts_match
from pgsnake.datatypes.tsquery import TsQuery, operands
from pgsnake.datatypes.tsvector import TsVector
from pgsnake.utils.errors import PgError

DEFAULT_WEIGHTS = (0.1, 0.2, 0.4, 1.0)
_NULL_POSITIONS = ((16383, 0),)          # a stripped lexeme counts once, far away


def to_float4(value: float) -> float:
    try:
        return struct.unpack("f", struct.pack("f", value))[0]
    except OverflowError:
        return math.copysign(math.inf, value)


def check_weights(array) -> tuple[float, ...]:
    if array is None:
        return tuple(to_float4(w) for w in DEFAULT_WEIGHTS)
    values = list(array)
    if any(isinstance(v, list) for v in values):
        raise PgError("2202E", "array of weight must be one-dimensional")
    if len(values) < 4:
        raise PgError("2202E", "array of weight is too short")
    if any(v is None for v in values):
        raise PgError("22004", "array of weight must not contain nulls")
    out = []
    for i in range(4):
        weight = values[i] if values[i] >= 0 else DEFAULT_WEIGHTS[i]
        if weight > 1.0:
            raise PgError("22023", "weight out of range")
        out.append(to_float4(weight))
    return tuple(out)


def _unique_operands(query: TsQuery) -> list:
    seen = {}
    for node in operands(query.root):
        seen.setdefault(node[1].encode(), node)
    return [seen[key] for key in sorted(seen)]


def _entries_for(vector: TsVector, node) -> list:
    """The position lists of the vector's lexemes an operand finds (prefix: several)."""
    _v, lexeme, _weights, prefix = node
    if prefix:
        key = lexeme.encode()
        return [positions or _NULL_POSITIONS for lex, positions in vector.entries
                if lex.encode().startswith(key)]
    positions = vector.positions_of(lexeme)
    if positions is None:
        return []
    return [positions or _NULL_POSITIONS]


def _word_distance(distance: int) -> float:
    if distance > 100:
        return to_float4(1e-30)
    return to_float4(1.0 / (1.005 + 0.05 * math.exp(to_float4(distance) / 1.5 - 2)))


def _rank_and(w, vector: TsVector, query: TsQuery) -> float:
    items = _unique_operands(query)
    if len(items) < 2:
        return _rank_or(w, vector, query)
    res = -1.0
    seen: list = []
    for node in items:
        lists = _entries_for(vector, node)
        if not lists:
            continue
        for positions in lists:
            stripped = positions is _NULL_POSITIONS
            for earlier, earlier_stripped in seen:
                for pos, weight in positions:
                    for pos2, weight2 in earlier:
                        distance = abs(pos - pos2)
                        if distance or stripped or earlier_stripped:
                            if not distance:
                                distance = 16384
                            current = to_float4(math.sqrt(to_float4(
                                to_float4(w[weight] * w[weight2]) * _word_distance(distance))))
                            res = current if res < 0 else \
                                to_float4(1.0 - (1.0 - res) * (1.0 - current))
        for positions in lists:
            seen.append((positions, positions is _NULL_POSITIONS))
    return res


def _rank_or(w, vector: TsVector, query: TsQuery) -> float:
    items = _unique_operands(query)
    res = 0.0
    for node in items:
        for positions in _entries_for(vector, node):
            resj = 0.0
            best_weight, best_index = -1.0, 0
            for j, (_pos, weight) in enumerate(positions):
                resj = to_float4(resj + to_float4(w[weight] / ((j + 1) * (j + 1))))
                if w[weight] > best_weight:
                    best_weight, best_index = w[weight], j
            # float arithmetic inside, then a double division and sum stored as float
            inner = to_float4(to_float4(best_weight + resj) - to_float4(
                best_weight / ((best_index + 1) * (best_index + 1))))
            res = to_float4(res + inner / 1.64493406685)
    if items:
        res = to_float4(res / len(items))
    return res


def _document_length(vector: TsVector) -> int:
    return sum(len(positions) or 1 for _lexeme, positions in vector.entries)


def rank(weights, vector: TsVector, query: TsQuery, method: int = 0) -> float:
    w = check_weights(weights)
    if not vector.entries or query.root is None:
        return 0.0
    if query.root[0] in ("&", "<>"):
        res = _rank_and(w, vector, query)
    else:
        res = _rank_or(w, vector, query)
    if res < 0:
        res = to_float4(1e-20)
    if method & 0x01:
        res = to_float4(res / (math.log(_document_length(vector) + 1) / math.log(2.0)))
    if method & 0x02:
        length = _document_length(vector)
        if length > 0:
            res = to_float4(res / to_float4(length))
    if method & 0x08:
        res = to_float4(res / to_float4(len(vector.entries)))
    if method & 0x10:
        res = to_float4(res / (math.log(len(vector.entries) + 1) / math.log(2.0)))
    if method & 0x20:
        res = to_float4(res / (res + 1))
    return res


# --- ts_rank_cd -------------------------------------------------------------------------

def _document(vector: TsVector, query: TsQuery):
    """(position, weight, operand indexes) of each query lexeme occurrence, by position.
    Lexemes without positions take no part; an operand with weights sees only the
    positions carrying one of them."""
    nodes = operands(query.root)
    doc = []
    done = set()
    for i, node in enumerate(nodes):
        if i in done:
            continue
        same = [k for k, other in enumerate(nodes) if other[1:] == node[1:]]
        lists = [positions for positions in _entries_for(vector, node)
                 if positions is not _NULL_POSITIONS]
        if not lists:
            continue
        done.update(same)
        for positions in lists:
            for pos, weight in positions:
                if node[2] and not node[2] & (1 << weight):
                    continue
                doc.append((pos, weight, frozenset(same)))
    doc.sort(key=lambda item: item[0])
    return nodes, doc


def _satisfied(query: TsQuery, nodes, present: dict) -> bool:
    """Does the query hold over the operands seen in a stretch of the document
    (`present`: operand index -> the position it was last seen at, the one a phrase
    sees, as in PostgreSQL's QueryRepresentation)?"""
    index_of = {id(node): i for i, node in enumerate(nodes)}

    def check(node, want_positions):
        position = present.get(index_of[id(node)])
        if position is None:
            return ts_match.NO, None
        return ts_match.YES, ts_match.PhraseData([position]) if want_positions else None
    return ts_match.execute(query.root, check) != ts_match.NO


def _note(present: dict, item) -> None:
    for index in item[2]:
        present[index] = item[0]


def _covers(query: TsQuery, nodes, doc):
    start = 0
    while start < len(doc):
        present: dict = {}
        end = None
        for i in range(start, len(doc)):
            _note(present, doc[i])
            if _satisfied(query, nodes, present):
                end = i
                break
        if end is None:
            return
        present = {}
        begin = None
        for i in range(end, start - 1, -1):
            _note(present, doc[i])
            if _satisfied(query, nodes, present):
                begin = i
                break
        if begin is not None and doc[begin][0] <= doc[end][0]:
            yield begin, end
            start = begin + 1
        else:
            start += 1


def rank_cd(weights, vector: TsVector, query: TsQuery, method: int = 0) -> float:
    w = check_weights(weights)
    inverse = [1.0 / weight for weight in w]
    if query.root is None:
        return 0.0
    nodes, doc = _document(vector, query)
    if not doc:
        return 0.0
    total = 0.0
    sum_distance = 0.0
    previous_center = 0.0
    extents = 0
    for begin, end in _covers(query, nodes, doc):
        inverse_sum = sum(inverse[doc[i][1]] for i in range(begin, end + 1))
        density = (end - begin + 1) / inverse_sum
        noise = (doc[end][0] - doc[begin][0]) - (end - begin)
        if noise < 0:
            noise = (end - begin) // 2
        total += density / (1 + noise)
        center = (doc[end][0] + doc[begin][0]) / 2.0
        if extents > 0 and center > previous_center:
            sum_distance += 1.0 / (center - previous_center)
        previous_center = center
        extents += 1
    if method & 0x01 and vector.entries:
        total /= math.log(_document_length(vector) + 1)
    if method & 0x02:
        length = _document_length(vector)
        if length > 0:
            total /= length
    if method & 0x04 and extents > 0 and sum_distance > 0:
        total /= extents / sum_distance
    if method & 0x08 and vector.entries:
        total /= len(vector.entries)
    if method & 0x10 and vector.entries:
        total /= math.log(len(vector.entries) + 1) / math.log(2.0)
    if method & 0x20:
        total /= total + 1
    return to_float4(total)
