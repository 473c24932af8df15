"""The page split of GiST indexes whose keys are bit signatures (hstore's ghstore,
pg_trgm's gtrgm): Guttman's quadratic split with the Hamming distance.

Entry point:
    split_signatures(signs, most_decided_first) -> (left, right)

The two signatures farthest apart seed the halves; every other key joins the half
whose union it changes least, with a slight preference for the smaller half so the
split stays balanced. With `most_decided_first`, the keys are placed in order of how
much more one half suits them than the other (gtrgm_picksplit sorts them so; the
ghstore split here takes them in page order).

PostgreSQL: contrib/hstore/hstore_gist.c (ghstore_picksplit), contrib/pg_trgm/
trgm_gist.c (gtrgm_picksplit).
"""
from __future__ import annotations


def split_signatures(signs: list[int], most_decided_first: bool) -> tuple[list[int], list[int]]:
    """The positions of `signs` (a page's signatures as ints, 0 for a NULL key) for the
    left and the right page."""
    count = len(signs)
    if count < 2:
        return list(range(count)), []
    seed_left, seed_right, widest = 0, 1, -1
    for i in range(count):
        for j in range(i + 1, count):
            distance = (signs[i] ^ signs[j]).bit_count()
            if distance > widest:
                seed_left, seed_right, widest = i, j, distance
    left, right = [seed_left], [seed_right]
    union_left, union_right = signs[seed_left], signs[seed_right]
    others = [i for i in range(count) if i not in (seed_left, seed_right)]
    if most_decided_first:
        costs = {i: ((signs[i] ^ union_left).bit_count(),
                     (signs[i] ^ union_right).bit_count()) for i in others}
        others.sort(key=lambda i: -abs(costs[i][0] - costs[i][1]))
    for i in others:
        to_left = (signs[i] ^ union_left).bit_count()
        to_right = (signs[i] ^ union_right).bit_count()
        if to_left + 0.0001 * (len(left) - len(right)) <= to_right:
            left.append(i)
            union_left |= signs[i]
        else:
            right.append(i)
            union_right |= signs[i]
    return left, right
