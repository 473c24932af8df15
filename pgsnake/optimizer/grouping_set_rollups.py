"""Grouping sets arranged into rollups for sorted grouping: chains of sets each a prefix
of the one before, computed from one sort order ("Group Key: a, b / Group Key: a /
Group Key: ()"), as few chains as possible; every chain after the first sorts its
input again inside the GroupAggregate ("Sort Key: c" over its own "Group Key" lines).

Entry point:
    make_rollups(query) -> [Rollup]
        the query's grouping sets (tuples of indexes into query.group_by, largest first
        as the parser lists them) as PostgreSQL's preprocess_grouping_sets arranges
        them for AGG_SORTED

How (PostgreSQL's algorithm, its order of sets and tie-breaks):
1. The sets in PostgreSQL's order: shortest first, equal lengths as written
   (expand_grouping_sets' list_sort by length). PostgreSQL's qsort is stable only below
   seven sets, and it lists CUBE's sets by bit mask: with seven or more sets, or a CUBE
   of four or more columns, equal-length sets may be taken in another order, which can
   change which chains form (the result rows stay the same).
2. extract_rollup_sets: leading empty sets put aside; duplicates of an earlier set of
   the same length join it; a set is adjacent to every strictly smaller earlier set it
   contains; a maximum bipartite matching (Hopcroft-Karp, lib/bipartite_match.c's
   visiting order) links each set to at most one smaller set, and the links form the
   chains, numbered by their smallest set; the empty sets join the first chain.
3. reorder_grouping_sets: a chain's sets largest first, each listing its columns as the
   previous (smaller) set's, then its new ones; with a single chain the new columns
   follow ORDER BY's while they can.

PostgreSQL: optimizer/plan/planner.c (preprocess_grouping_sets, extract_rollup_sets,
reorder_grouping_sets), lib/bipartite_match.c (BipartiteMatch), parser/parse_agg.c
(expand_grouping_sets).
"""
from __future__ import annotations

import dataclasses
import math


@dataclasses.dataclass
class Rollup:
    sets: list          # tuples of group_by indexes, largest first, columns in sort order
    keys: list          # the rollup's sort order: its largest set's columns
    directions: list = dataclasses.field(default_factory=list)   # (descending, nulls_first) per key


def make_rollups(query) -> list[Rollup]:
    sets = _postgres_order([tuple(s) for s in query.grouping_sets])
    chains = _extract_rollup_sets(sets)
    sort_refs = _sort_clause_refs(query) if len(chains) == 1 else []
    directions = group_directions(query)
    out = []
    for chain in chains:
        ordered = _reorder_grouping_sets(chain, sort_refs)
        keys = list(ordered[0])
        out.append(Rollup(ordered, keys, [directions[k] for k in keys]))
    return out


def group_directions(query) -> list:
    """(descending, nulls_first) of each grouped expression: ORDER BY's direction where
    it sorts by that expression (transformGroupClause copies its operator); its NULLS
    FIRST / LAST only for an expression grouped in every set (a plain GROUP BY item),
    the others keep the operator's default of NULLS LAST."""
    out = []
    for index, expr in enumerate(query.group_by):
        direction = (False, False)
        for clause in query.sort_clause:
            if query.target_list[clause.target_index].expr == expr:
                everywhere = all(index in s for s in query.grouping_sets)
                direction = (clause.descending, clause.nulls_first if everywhere else False)
                break
        out.append(direction)
    return out


def _postgres_order(sets: list) -> list:
    return sorted(sets, key=len)                  # stable: equal lengths as written


def _extract_rollup_sets(sets: list) -> list[list]:
    empties = [s for s in sets if not s]
    rest = [s for s in sets if s]
    if len(rest) <= 1:
        return [empties + rest] if empties or rest else [[]]
    # 1-based like PostgreSQL's arrays: set i's members (masks), its duplicates
    # (orig_sets) and the smaller sets it contains (adjacency, nearest first)
    masks: list = [None]
    originals: list = [None]
    adjacency: list = [None]
    size_start, size = 0, 0
    for candidate in rest:
        members = frozenset(candidate)
        duplicate_of = 0
        if size == len(candidate):
            for k in range(size_start, len(masks)):
                if masks[k] == members:
                    duplicate_of = k
                    break
        elif size < len(candidate):
            size, size_start = len(candidate), len(masks)
        if duplicate_of:
            originals[duplicate_of].append(candidate)
            continue
        masks.append(members)
        originals.append([candidate])
        adjacency.append([k for k in range(size_start - 1, 0, -1) if masks[k] <= members])
    count = len(masks) - 1
    pair_uv, pair_vu = _bipartite_match(count, adjacency)
    chains = [0] * (count + 1)
    chain_count = 0
    for i in range(1, count + 1):
        u, v = pair_vu[i], pair_uv[i]
        if 0 < u < i:
            chains[i] = chains[u]
        elif 0 < v < i:
            chains[i] = chains[v]
        else:
            chain_count += 1
            chains[i] = chain_count
    results: list = [[] for _ in range(chain_count + 1)]
    for i in range(1, count + 1):
        results[chains[i]].extend(originals[i])
    results[1] = empties + results[1]
    return results[1:]


def _bipartite_match(size: int, adjacency: list):
    """Hopcroft-Karp over U = V = 1..size, node 0 standing for "unmatched"; each node's
    neighbours are visited from the last listed to the first, as PostgreSQL does, so
    the same matching (hence the same chains) comes out."""
    pair_uv = [0] * (size + 1)
    pair_vu = [0] * (size + 1)
    distance = [math.inf] * (size + 1)

    def breadth_search() -> bool:
        queue = []
        distance[0] = math.inf
        for u in range(1, size + 1):
            if pair_uv[u] == 0:
                distance[u] = 0
                queue.append(u)
            else:
                distance[u] = math.inf
        head = 0
        while head < len(queue):
            u = queue[head]
            head += 1
            if distance[u] < distance[0]:
                for v in reversed(adjacency[u]):
                    nxt = pair_vu[v]
                    if math.isinf(distance[nxt]):
                        distance[nxt] = distance[u] + 1
                        queue.append(nxt)
        return not math.isinf(distance[0])

    def depth_search(u: int) -> bool:
        if u == 0:
            return True
        for v in reversed(adjacency[u]):
            if distance[pair_vu[v]] == distance[u] + 1 and depth_search(pair_vu[v]):
                pair_vu[v] = u
                pair_uv[u] = v
                return True
        distance[u] = math.inf
        return False

    while breadth_search():
        for u in range(1, size + 1):
            if pair_uv[u] == 0:
                depth_search(u)
    return pair_uv, pair_vu


def _sort_clause_refs(query) -> list:
    """ORDER BY's items as group_by indexes (None for one that is not grouped)."""
    out = []
    for clause in query.sort_clause:
        expr = query.target_list[clause.target_index].expr
        out.append(query.group_by.index(expr) if expr in query.group_by else None)
    return out


def _reorder_grouping_sets(chain: list, sort_refs: list) -> list:
    previous: list = []
    result: list = []
    for candidate in chain:
        new = [c for c in candidate if c not in previous]
        while len(sort_refs) > len(previous) and new:
            ref = sort_refs[len(previous)]
            if ref in new:
                previous.append(ref)
                new.remove(ref)
            else:
                sort_refs = []
                break
        previous = previous + new
        result.insert(0, tuple(previous))
    return result


__all__ = ["Rollup", "group_directions", "make_rollups"]
