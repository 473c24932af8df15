"""From the FROM clause to a join problem: what must be joined, in which order, and where
each qual may be evaluated.

Entry point:
    deconstruct_join_tree(from_list, where_quals) -> JoinProblem

A JoinProblem holds
    joinlist        the items to join: an rtindex, or a nested list that is planned as one
                    unit first (explicit JOINs and FROM lists beyond join_collapse_limit /
                    from_collapse_limit stay separate sub-problems)
    special_joins   one SpecialJoinInfo per LEFT/RIGHT join that was not reduced to an
                    inner join: the relations that must be on each side when it is done
    clauses         every qual with a column reference, as a RestrictInfo saying which
                    relations must be joined before it can be evaluated
    pseudoconstant  WHERE quals without column references (evaluated above the join tree)
    classes         the equivalence classes (equivalence.py) built from `=` quals

Rules (PostgreSQL's, with the simplifications listed in optimizer/README.md):
1. A LEFT join whose nullable side is made non-null by a strict qual above it (WHERE
   b.x = 5 over a LEFT JOIN b) is an inner join (reduce_outer_joins). A RIGHT join is
   a LEFT join with its sides swapped. A FULL join becomes LEFT, RIGHT or INNER when
   the quals above are strict for its right side, its left side or both; one that
   stays FULL is done exactly where it is written (its two inputs are separate
   sub-problems of the joinlist), all its ON clause is its join condition, and every
   qual above it that mentions either side is delayed to it.
2. An outer join's ON clause that mentions its preserved side is evaluated exactly at
   that join (required relids = the join's minimal sides); one that mentions only the
   nullable side is pushed into the nullable side like a WHERE clause.
3. A qual above an outer join that mentions the join's nullable side is delayed until
   the outer join is done (check_outerjoin_delay): its required relids grow by the
   join's minimal sides, and it is then a filter on (or above) the outer join, never a
   join condition that would decide NULL extension.
4. Only quals that are neither delayed nor below an outer join feed equivalence classes.

PostgreSQL: optimizer/plan/initsplan.c (deconstruct_jointree, make_outerjoininfo,
distribute_qual_to_rels, check_outerjoin_delay), optimizer/prep/prepjointree.c
(reduce_outer_joins), optimizer/util/clauses.c (find_nonnullable_rels).
"""
from __future__ import annotations

import dataclasses
from typing import Any

from pgsnake.optimizer import equivalence
from pgsnake.parser.expression_nodes import (
    BoolExpr, CoalesceExpr, Const, CoerceExpr, FuncExpr, NullTest, OpExpr, PlaceHolderVar, Var, conjuncts, walk)  # noqa: F401
from pgsnake.utils import settings


@dataclasses.dataclass(eq=False)
class SpecialJoinInfo:
    """An outer join: it can be done once one input holds min_lefthand and the other
    min_righthand (and no other outer join's boundary is crossed; join_search.py)."""
    join_type: str              # 'left' (a RIGHT JOIN is stored with its sides swapped),
                                # 'semi' or 'anti' (prep_join_tree.py), 'full' (both
                                # sides nullable, both minimal sides its whole inputs)
    min_lefthand: frozenset
    min_righthand: frozenset
    syn_lefthand: frozenset     # every relation syntactically on each side
    syn_righthand: frozenset
    strict_on_lefthand: bool    # the ON clause is strict for the preserved side (lhs_strict)


@dataclasses.dataclass(eq=False)
class RestrictInfo:
    clause: Any
    required_relids: frozenset      # evaluated at the lowest join containing these
    is_pushed_down: bool = True     # a filter (WHERE, inner ON); False: an outer join's ON


@dataclasses.dataclass
class JoinProblem:
    joinlist: list
    special_joins: list
    clauses: list
    pseudoconstant: list
    classes: list
    # ids of join clauses whose selectivity is 1: a FULL join clause whose sides a
    # WHERE COALESCE(l, r) = constant already fixed (reconsider_full_join_clause)
    unit_selectivity: frozenset = frozenset()


def var_relids(expr) -> frozenset:
    return frozenset(n.rtindex for n in walk(expr) if isinstance(n, Var))


def nonnullable_relids(expr) -> frozenset:
    """Relations of which a NULL-extended row makes `expr` not true: a strict operator
    or function is NULL for a NULL input (find_nonnullable_rels)."""
    if isinstance(expr, Var):
        return frozenset({expr.rtindex})
    if isinstance(expr, BoolExpr):
        parts = [nonnullable_relids(a) for a in expr.args]
        if expr.op == "and":
            return frozenset().union(*parts)
        if expr.op == "or":
            return frozenset.intersection(*parts) if parts else frozenset()
        return frozenset()
    if isinstance(expr, (OpExpr, FuncExpr)) and expr.strict:
        return frozenset().union(*(nonnullable_relids(a) for a in expr.args))
    if isinstance(expr, NullTest) and not expr.is_null:
        return nonnullable_relids(expr.arg)
    if isinstance(expr, CoerceExpr):
        return nonnullable_relids(expr.arg)
    if isinstance(expr, PlaceHolderVar):
        # what its expression forces, as find_nonnullable_rels (never its row markers)
        return nonnullable_relids(expr.arg)
    return frozenset()


def deconstruct_join_tree(from_list, where_quals) -> JoinProblem:
    return _Deconstructor().run(from_list, where_quals)


def _relids_of(item) -> frozenset:
    if item.rtindex:
        return frozenset({item.rtindex})
    return _relids_of(item.left) | _relids_of(item.right)


class _Deconstructor:
    def __init__(self) -> None:
        self.special_joins: list[SpecialJoinInfo] = []
        self.clauses: list[RestrictInfo] = []
        self.pseudoconstant: list = []
        self.classes = equivalence.EquivalenceClasses()
        self.join_types: dict[int, str] = {}     # id(JoinTreeNode) -> join type after rule 1
        self.join_collapse_limit = settings.get("join_collapse_limit")
        self.from_collapse_limit = settings.get("from_collapse_limit")

    def run(self, from_list, where_quals) -> JoinProblem:
        where_quals = list(where_quals)
        nonnullable = frozenset().union(*(nonnullable_relids(q) for q in where_quals))
        for item in from_list:
            self._reduce_outer_joins(item, nonnullable)
        joinlist: list = []
        remaining = len(from_list)
        for item in from_list:
            _, _, sub = self._recurse(item, below_outer_join=False)
            remaining -= 1
            if len(sub) <= 1 or len(joinlist) + len(sub) + remaining <= self.from_collapse_limit:
                joinlist.extend(sub)
            else:
                joinlist.append(sub)
        unit_selectivity = set()
        for qual in where_quals:
            derived = self._reconsider_full_join_clause(qual)
            if derived is None:
                self._distribute(qual, below_outer_join=False)
                continue
            join_clause, side_quals = derived
            unit_selectivity.add(id(join_clause))
            for side_qual in side_quals:
                self.clauses.append(RestrictInfo(side_qual, var_relids(side_qual)))
        classes, base_clauses = self.classes.finish()
        for qual in base_clauses:
            self.clauses.append(RestrictInfo(qual, var_relids(qual)))
        return JoinProblem(joinlist, self.special_joins, self.clauses, self.pseudoconstant,
                           classes, frozenset(unit_selectivity))

    def _reconsider_full_join_clause(self, qual):
        """`COALESCE(l, r) = constant` above a FULL join whose join clause is `l = r`
        (what WHERE x = 4 over FULL JOIN ... USING (x) is): every row that passes has
        l = constant or r = constant, and one of them NULL-extended, so both sides are
        filtered by it, the COALESCE test is then always true, and the join clause
        selects nothing more (selectivity 1). Returns (the join clause, [l = constant,
        r = constant]) or None (reconsider_full_join_clause; like PostgreSQL, only
        when the COALESCE's arguments are the join clause's, in the same order)."""
        if not (isinstance(qual, OpExpr) and qual.operator_name == "=" and len(qual.args) == 2):
            return None
        coalesce, const = qual.args
        if isinstance(const, CoalesceExpr):
            coalesce, const = const, coalesce
        if not (isinstance(coalesce, CoalesceExpr) and len(coalesce.args) == 2
                and isinstance(const, Const) and const.value is not None
                and const.type_oid == coalesce.type_oid):
            return None
        relids = var_relids(coalesce)
        if self._check_outerjoin_delay(relids)[1]:
            return None
        for sj in self.special_joins:
            if sj.join_type != "full" or relids != sj.min_lefthand | sj.min_righthand:
                continue
            for clause in self.clauses:
                if (not clause.is_pushed_down and clause.required_relids == relids
                        and isinstance(clause.clause, OpExpr)
                        and clause.clause.operator_name == "="
                        and clause.clause.args == coalesce.args
                        and var_relids(coalesce.args[0]) <= sj.min_lefthand
                        and var_relids(coalesce.args[1]) <= sj.min_righthand):
                    if not self._filters_below(sj, coalesce.args):
                        return None
                    return clause.clause, [dataclasses.replace(qual, args=(side, const))
                                           for side in coalesce.args]
        return None

    def _filters_below(self, full_join, sides) -> bool:
        """Each side's expression can filter its input's scan or join: it reads
        columns, none on the nullable side of another outer join in it (pgsnake puts the
        derived quals there directly, where PostgreSQL feeds them to equivalence
        classes and its delay checks)."""
        saved = self.special_joins
        self.special_joins = [sj for sj in saved if sj is not full_join]
        try:
            return all(var_relids(side) and not self._check_outerjoin_delay(var_relids(side))[1]
                       and not any(var_relids(side) & (sj.min_righthand | (
                           sj.min_lefthand if sj.join_type == "full" else frozenset()))
                           for sj in self.special_joins)
                       for side in sides)
        finally:
            self.special_joins = saved

    # -- rule 1: outer joins that are really inner joins ------------------------------------

    def _reduce_outer_joins(self, item, nonnullable: frozenset) -> None:
        """`nonnullable`: relations a qual above `item` rejects NULL-extended rows of."""
        if item.rtindex:
            return
        join_type = item.join_type
        if join_type == "full":
            # A qual above rejecting NULLs of one side leaves only the other side's
            # unmatched rows: LEFT (left side non-null), RIGHT, or INNER for both.
            left_strict = bool(nonnullable & _relids_of(item.left))
            right_strict = bool(nonnullable & _relids_of(item.right))
            join_type = {(True, True): "inner", (True, False): "left",
                         (False, True): "right"}.get((left_strict, right_strict), "full")
            if join_type == "full":
                # Nothing reaches either side: its quals constrain only which rows match.
                self.join_types[id(item)] = join_type
                self._reduce_outer_joins(item.left, frozenset())
                self._reduce_outer_joins(item.right, frozenset())
                return
        if join_type == "right" and nonnullable & _relids_of(item.left):
            join_type = "inner"
        elif join_type == "left" and nonnullable & _relids_of(item.right):
            join_type = "inner"
        self.join_types[id(item)] = join_type
        local = frozenset().union(*(nonnullable_relids(q) for q in conjuncts(item.quals)))
        if join_type in ("semi", "anti"):
            # Semi / anti joins (made from sublinks, prep_join_tree.py) keep their type;
            # their RHS is never visible above them.
            self._reduce_outer_joins(item.left, nonnullable | local
                                     if join_type == "semi" else nonnullable)
            self._reduce_outer_joins(item.right, local)
            return
        if join_type in ("inner", "cross"):
            self._reduce_outer_joins(item.left, nonnullable | local)
            self._reduce_outer_joins(item.right, nonnullable | local)
        else:
            preserved, nullable = ((item.left, item.right) if join_type == "left"
                                   else (item.right, item.left))
            # Upper quals still reject NULLs of the preserved side; the ON clause only
            # constrains which nullable-side rows can match.
            self._reduce_outer_joins(preserved, nonnullable)
            self._reduce_outer_joins(nullable, local)

    # -- the tree walk ----------------------------------------------------------------------

    def _recurse(self, item, below_outer_join: bool):
        """(qualscope, inner_join_rels, joinlist) of one FROM item (deconstruct_recurse)."""
        if item.rtindex:
            return frozenset({item.rtindex}), frozenset(), [item.rtindex]
        join_type = self.join_types[id(item)]
        if join_type in ("inner", "cross"):
            left_scope, _, left_list = self._recurse(item.left, below_outer_join)
            right_scope, _, right_list = self._recurse(item.right, below_outer_join)
            scope = left_scope | right_scope
            for qual in _join_quals(item):
                self._distribute(qual, below_outer_join, qualscope=scope)
            inner_rels = scope
        elif join_type == "semi":
            # A semi join's quals are distributed as an inner join's (they may feed
            # equivalence classes); its SpecialJoinInfo keeps the RHS together.
            left_scope, left_inners, left_list = self._recurse(item.left, below_outer_join)
            right_scope, right_inners, right_list = self._recurse(item.right, below_outer_join)
            scope = left_scope | right_scope
            inner_rels = left_inners | right_inners
            quals = _join_quals(item)
            sj = self._make_outer_join_info(left_scope, right_scope, right_inners, quals,
                                            "semi")
            for qual in quals:
                self._distribute(qual, below_outer_join, qualscope=scope)
            self.special_joins.append(sj)
        elif join_type == "full":
            # Both sides are nullable; the join is done exactly here, its inputs planned
            # as separate sub-problems (deconstruct_recurse forces the order).
            left_scope, left_inners, left_list = self._recurse(item.left, True)
            right_scope, right_inners, right_list = self._recurse(item.right, True)
            scope = left_scope | right_scope
            inner_rels = left_inners | right_inners
            quals = _join_quals(item)
            sj = SpecialJoinInfo("full", left_scope, right_scope, left_scope, right_scope,
                                 False)
            for qual in quals:
                self._distribute(qual, True, qualscope=scope, ojscope=scope,
                                 outerjoin_nonnullable=scope)
            self.special_joins.append(sj)
            left_part = left_list[0] if len(left_list) == 1 else left_list
            right_part = right_list[0] if len(right_list) == 1 else right_list
            return scope, inner_rels, [[left_part, right_part]]
        else:
            preserved, nullable = ((item.left, item.right) if join_type in ("left", "anti")
                                   else (item.right, item.left))
            left_scope, left_inners, left_list = self._recurse(preserved, below_outer_join)
            right_scope, right_inners, right_list = self._recurse(nullable, True)
            scope = left_scope | right_scope
            inner_rels = left_inners | right_inners
            quals = _join_quals(item)
            sj = self._make_outer_join_info(left_scope, right_scope, right_inners, quals,
                                            "anti" if join_type == "anti" else "left")
            ojscope = sj.min_lefthand | sj.min_righthand
            for qual in quals:
                self._distribute(qual, True, qualscope=scope, ojscope=ojscope,
                                 outerjoin_nonnullable=left_scope)
            # As PostgreSQL turns a RIGHT join into a LEFT one, its preserved side
            # comes first in the joinlist.
            self.special_joins.append(sj)
        if len(left_list) + len(right_list) <= self.join_collapse_limit:
            joinlist = left_list + right_list
        else:
            left_part = left_list[0] if len(left_list) == 1 else left_list
            right_part = right_list[0] if len(right_list) == 1 else right_list
            joinlist = [left_part, right_part]
        return scope, inner_rels, joinlist

    def _make_outer_join_info(self, left_rels, right_rels, right_inner_rels, quals,
                              join_type="left"):
        """The minimal sides of a LEFT join (make_outerjoininfo). A lower outer join in the
        LHS must stay below this one when our ON clause mentions its nullable side in a
        non-strict way; one in the RHS may move above it only when our clause does not
        mention its nullable side and its own clause is strict for its preserved side
        (identity 3 of optimizer/README)."""
        clause_relids = frozenset().union(*(var_relids(q) for q in quals))
        strict_relids = frozenset().union(*(nonnullable_relids(q) for q in quals))
        min_left = clause_relids & left_rels
        min_right = (clause_relids | right_inner_rels) & right_rels
        semi_or_anti = join_type in ("semi", "anti")
        for other in self.special_joins:
            if other.join_type == "full":
                # A FULL join is never reordered with another outer join.
                other_rels = other.syn_lefthand | other.syn_righthand
                if other_rels & left_rels:
                    min_left |= other_rels
                if other_rels & right_rels:
                    min_right |= other_rels
                continue
            if other.syn_righthand & left_rels:
                if (clause_relids & other.syn_righthand
                        and (semi_or_anti or not strict_relids & other.min_righthand)):
                    min_left |= other.syn_lefthand | other.syn_righthand
            if other.syn_righthand & right_rels:
                if (clause_relids & other.syn_righthand
                        or semi_or_anti
                        or not clause_relids & other.min_lefthand
                        or other.join_type in ("semi", "anti")
                        or not other.strict_on_lefthand):
                    min_right |= other.syn_lefthand | other.syn_righthand
        if not min_left:
            min_left = left_rels
        if not min_right:
            min_right = right_rels
        return SpecialJoinInfo(join_type, frozenset(min_left), frozenset(min_right),
                               left_rels, right_rels, bool(strict_relids & left_rels))

    # -- quals ------------------------------------------------------------------------------

    def _distribute(self, qual, below_outer_join: bool, qualscope=None, ojscope=None,
                    outerjoin_nonnullable=None) -> None:
        """Record where `qual` can be evaluated (distribute_qual_to_rels)."""
        relids = var_relids(qual)
        if self._redundant_nullability_qual(qual):
            return
        if outerjoin_nonnullable is not None and (not relids or relids & outerjoin_nonnullable):
            # Rule 2: an ON clause deciding which preserved rows match.
            self.clauses.append(RestrictInfo(qual, ojscope, is_pushed_down=False))
            return
        if not relids:
            if qualscope is None:
                self.pseudoconstant.append(qual)
            else:
                self.clauses.append(RestrictInfo(qual, qualscope))
            return
        relids, delayed = self._check_outerjoin_delay(relids)
        if not delayed and not below_outer_join and self.classes.add(qual):
            return
        self.clauses.append(RestrictInfo(qual, relids))

    def _redundant_nullability_qual(self, qual) -> bool:
        """`rhs.col IS NULL` above the anti join it made (LEFT JOIN ... WHERE rhs.col IS
        NULL) is dropped: always true there, it would only spoil the row estimate
        (check_redundant_nullability_qual)."""
        if not (isinstance(qual, NullTest) and qual.is_null and isinstance(qual.arg, Var)
                and qual.arg.levels_up == 0):
            return False
        return any(sj.join_type == "anti" and qual.arg.rtindex in sj.syn_righthand
                   for sj in self.special_joins)

    def _check_outerjoin_delay(self, relids: frozenset) -> tuple[frozenset, bool]:
        """Rule 3: widen `relids` by every outer join (so far) whose nullable side it
        mentions, until nothing changes."""
        delayed = False
        changed = True
        while changed:
            changed = False
            for sj in self.special_joins:
                if (relids & sj.min_righthand and sj.join_type != "semi"
                        or sj.join_type == "full" and relids & sj.min_lefthand):
                    # (Above a semi join nothing sees its RHS: a qual naming it came
                    # from a subquery merged into the RHS and belongs to its scans.)
                    whole = sj.min_lefthand | sj.min_righthand
                    if not whole <= relids:
                        relids = relids | whole
                        delayed = changed = True
        return relids, delayed


def _join_quals(item) -> list:
    """A JOIN's ON conditions as a list; `ON true` is none at all (make_ands_implicit:
    the constant true a folded ON clause keeps is no qual, so no Join Filter shows it)."""
    return [q for q in conjuncts(item.quals) if not (isinstance(q, Const) and q.value is True)]
