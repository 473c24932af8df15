"""Restriction clauses extracted from OR join clauses: from
`(a.x = 1 AND b.y = 2) OR (a.z = 3 AND b.w = 4)` the scan of `a` gets
`(a.x = 1) OR (a.z = 3)` and the scan of `b` gets `(b.y = 2) OR (b.w = 4)`, so each
table is filtered (or read through a BitmapOr) before the join, which still checks
the whole OR.

Entry point:
    extract(join_clauses, special_joins, selectivity, lateral)
        -> (extra scan clauses {rtindex: [clause]}, {id(join clause): divisor})
    `selectivity(clause)` is a one-table clause's restriction selectivity.
    The divisor is the product of the selectivities of the clauses made from that join
    clause: its own selectivity is divided by it (at most 1), so that the join's row
    estimate stays what it was without the redundant lower-level quals.

Rules (PostgreSQL's):
1. Only a join clause that is an OR, for each table it mentions, in range-table order.
2. Every arm must give something for the table: the arm's conjuncts that mention only
   that table and call no volatile function (a nested OR inside an arm handled the same
   way); otherwise nothing is extracted for that table.
3. Not into the preserved side of the outer join whose ON clause it is, nor into a
   table an outer join below the clause may NULL-extend (join_clause_is_movable_to),
   nor into a table with LATERAL references (or one they name).
4. A clause that keeps more than 90% of the table's rows is not worth adding.

PostgreSQL: optimizer/util/orclauses.c (extract_restriction_or_clauses,
extract_or_clause, consider_new_or_clause), optimizer/util/restrictinfo.c
(join_clause_is_movable_to).
"""
from __future__ import annotations

from pgsnake.optimizer import const_fold
from pgsnake.parser.expression_nodes import BoolExpr, SubLink, SubPlan, Var, walk

# consider_new_or_clause's threshold: a clause keeping more rows is not added
USEFUL_SELECTIVITY = 0.9


def _relids(expr) -> frozenset:
    return frozenset(n.rtindex for n in walk(expr) if isinstance(n, Var) and n.levels_up == 0)


def _is_or(expr) -> bool:
    return isinstance(expr, BoolExpr) and expr.op == "or"


def _safe_for(clause, rtindex: int) -> bool:
    """is_safe_restriction_clause_for: only this table's columns, nothing volatile."""
    if _relids(clause) != {rtindex}:
        return False
    if any(isinstance(n, (SubLink, SubPlan)) for n in walk(clause)):
        return False
    return not const_fold.contains_volatile(clause)


def _extract_or_clause(clause, rtindex: int):
    """The OR of what each arm of `clause` says about table `rtindex` alone, or None."""
    out = []
    for arm in clause.args:
        parts = []
        conjuncts = arm.args if isinstance(arm, BoolExpr) and arm.op == "and" else (arm,)
        for part in conjuncts:
            if _is_or(part):
                sub = _extract_or_clause(part, rtindex)
                if sub is not None:
                    parts.append(sub)
            elif _safe_for(part, rtindex):
                parts.append(part)
        if not parts:
            return None
        if len(parts) > 1:
            out.append(BoolExpr("and", tuple(parts)))
        elif _is_or(parts[0]):
            out.extend(parts[0].args)      # no OR directly under an OR
        else:
            out.append(parts[0])
    return BoolExpr("or", tuple(out)) if out else None


def _movable_to(restrict, rtindex: int, special_joins) -> bool:
    """join_clause_is_movable_to for a base table."""
    required = restrict.required_relids
    for sj in special_joins:
        whole = sj.min_lefthand | sj.min_righthand
        if not restrict.is_pushed_down and whole == required \
                and sj.join_type in ("left", "anti", "full"):
            # its own outer join: only into the nullable side
            if rtindex in sj.syn_lefthand or sj.join_type == "full":
                return False
            continue
        if whole <= required and sj.join_type != "semi" and (
                rtindex in sj.syn_righthand
                or sj.join_type == "full" and rtindex in sj.syn_lefthand):
            return False        # NULL-extended below the clause
    if not restrict.is_pushed_down and not any(
            (sj.min_lefthand | sj.min_righthand) == required for sj in special_joins):
        return False
    return True


def extract(join_clauses, special_joins, selectivity, lateral=None):
    """(extra scan clauses per table, selectivity divisor per join clause id)."""
    lateral = lateral or {}
    blocked = set(lateral)
    for names in lateral.values():
        blocked |= set(names)
    extra: dict[int, list] = {}
    divisors: dict[int, float] = {}
    candidates = [r for r in join_clauses if _is_or(r.clause)]
    if not candidates:
        return extra, divisors
    tables = sorted(frozenset().union(*(_relids(r.clause) for r in candidates)))
    for rtindex in tables:
        if rtindex in blocked:
            continue
        for restrict in candidates:
            if rtindex not in _relids(restrict.clause) \
                    or not _movable_to(restrict, rtindex, special_joins):
                continue
            clause = _extract_or_clause(restrict.clause, rtindex)
            if clause is None:
                continue
            or_selectivity = selectivity(clause)
            if or_selectivity > USEFUL_SELECTIVITY:
                continue
            extra.setdefault(rtindex, []).append(clause)
            if or_selectivity > 0:
                key = id(restrict.clause)
                divisors[key] = divisors.get(key, 1.0) * or_selectivity
    return extra, divisors
