"""SELECT ... FOR UPDATE / FOR NO KEY UPDATE / FOR SHARE / FOR KEY SHARE: which range-table
entries a statement locks, how strongly, and what it does about rows others hold.

A locking clause is analysed in two places, as PostgreSQL does:
  * while FROM is transformed, `relation_lock_mode` decides how each table is opened:
    RowShareLock when a clause names it (or names nothing, or an outer query locks the
    subquery it is in), else AccessShareLock;
  * after the rest of the SELECT, `transform_locking_clauses` turns the clauses into
    RowMarkClauses on the Query: one per locked relation or subquery, with the strongest
    strength and the strictest wait policy of the clauses naming it. A subquery's mark
    is pushed into the subquery, which then locks its own tables.

Errors, in PostgreSQL's order and words (0A000 unless said otherwise):
  "FOR UPDATE is not allowed with UNION/INTERSECT/EXCEPT" (also DISTINCT clause,
  GROUP BY clause, HAVING clause, aggregate functions), "FOR UPDATE cannot be applied
  to VALUES" / "to a function", 42601 "FOR UPDATE must specify unqualified relation
  names", 42P01 'relation "x" in FOR UPDATE clause not found in FROM clause'. The
  nullable side of an outer join is refused later, by the planner.

Entry points: locking_clauses_of(body), relation_lock_mode(pstate, refname),
transform_locking_clauses(pstate, query, clauses), check_select_locking(query, strength),
refuse_for_values(clauses), refuse_for_set_operation(body), first_locking_strength(query).

PostgreSQL: parser/analyze.c (transformLockingClause, applyLockingClause,
CheckSelectLocking, LCS_asString), parser/parse_relation.c (isLockedRefname).
"""
from __future__ import annotations

import dataclasses

from pgsnake.parser.query import LockStrength, LockWaitPolicy, Query, RowMarkClause
from pgsnake.storage.lmgr.lock_modes import ACCESS_SHARE, ROW_SHARE
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError, SYNTAX_ERROR, UNDEFINED_TABLE

_STRENGTHS = {"LCS_FORKEYSHARE": LockStrength.KEY_SHARE, "LCS_FORSHARE": LockStrength.SHARE,
              "LCS_FORNOKEYUPDATE": LockStrength.NO_KEY_UPDATE,
              "LCS_FORUPDATE": LockStrength.UPDATE}
_WAIT_POLICIES = {"LockWaitBlock": LockWaitPolicy.BLOCK, "LockWaitSkip": LockWaitPolicy.SKIP,
                  "LockWaitError": LockWaitPolicy.ERROR}


@dataclasses.dataclass(frozen=True)
class LockingClause:
    """One raw FOR ... clause: `locked_rels` are the RangeVars of its OF list (empty:
    every table of the query)."""
    strength: LockStrength
    wait_policy: LockWaitPolicy
    locked_rels: tuple = ()


def locking_clauses_of(body: dict) -> list[LockingClause]:
    """The raw SelectStmt's locking clauses, in the order written."""
    out = []
    for item in body.get("lockingClause", ()):
        clause = item["LockingClause"]
        rels = tuple(r["RangeVar"] for r in clause.get("lockedRels", ()))
        out.append(LockingClause(_STRENGTHS[clause["strength"]],
                                 _WAIT_POLICIES[clause.get("waitPolicy", "LockWaitBlock")],
                                 rels))
    return out


# ---- opening tables -------------------------------------------------------------------------

def is_locked_refname(pstate, refname: str | None) -> bool:
    """Will a locking clause of this query level lock the FROM item called `refname`?
    (isLockedRefname: a subquery an outer clause locks locks everything in it.)"""
    if getattr(pstate, "locked_from_parent", False):
        return True
    for clause in getattr(pstate, "locking_clauses", ()):
        if not clause.locked_rels:
            return True
        if refname is not None and any(r["relname"] == refname for r in clause.locked_rels):
            return True
    return False


def relation_lock_mode(pstate, range_var: dict) -> int:
    """RowShareLock for a table a locking clause will lock, AccessShareLock otherwise."""
    alias = (range_var.get("alias") or {}).get("aliasname", range_var["relname"])
    return ROW_SHARE if is_locked_refname(pstate, alias) else ACCESS_SHARE


# ---- the checks --------------------------------------------------------------------------------

def check_select_locking(query: Query, strength: LockStrength) -> None:
    """Row locks need each output row to come from identifiable table rows
    (CheckSelectLocking)."""
    what = strength.sql
    if query.set_operation is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, f"{what} is not allowed with UNION/INTERSECT/EXCEPT")
    if query.distinct:
        raise PgError(FEATURE_NOT_SUPPORTED, f"{what} is not allowed with DISTINCT clause")
    if query.group_by:
        raise PgError(FEATURE_NOT_SUPPORTED, f"{what} is not allowed with GROUP BY clause")
    if query.having is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, f"{what} is not allowed with HAVING clause")
    if query.has_aggregates:
        raise PgError(FEATURE_NOT_SUPPORTED, f"{what} is not allowed with aggregate functions")
    if query.has_window_functions:
        raise PgError(FEATURE_NOT_SUPPORTED, f"{what} is not allowed with window functions")


def refuse_for_values(clauses: list[LockingClause]) -> None:
    """A bare VALUES list has no rows to lock."""
    if clauses:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f"{clauses[0].strength.sql} cannot be applied to VALUES")


def refuse_for_set_operation(body: dict) -> None:
    """UNION/INTERSECT/EXCEPT with a locking clause, on the whole statement or on one of
    its branches (transformSetOperationStmt, transformSetOperationTree)."""
    clauses = locking_clauses_of(body)
    if clauses:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f"{clauses[0].strength.sql} is not allowed with UNION/INTERSECT/EXCEPT")
    for side in ("larg", "rarg"):
        branch = body.get(side)
        if branch is None:
            continue
        if branch.get("op", "SETOP_NONE") != "SETOP_NONE":
            refuse_for_set_operation(branch)
        else:
            inner = locking_clauses_of(branch)
            if inner:
                raise PgError(FEATURE_NOT_SUPPORTED, f"{inner[0].strength.sql} is not "
                                                     f"allowed with UNION/INTERSECT/EXCEPT")


# ---- turning clauses into row marks -------------------------------------------------------------

def transform_locking_clauses(pstate, query: Query, clauses: list[LockingClause]) -> None:
    for clause in clauses:
        _transform_clause(pstate, query, clause, pushed_down=False)


def _transform_clause(pstate, query: Query, clause: LockingClause, pushed_down: bool) -> None:
    check_select_locking(query, clause.strength)
    every_table = LockingClause(clause.strength, clause.wait_policy)
    if not clause.locked_rels:
        for rtindex, rte in enumerate(query.range_table, 1):
            if rte.kind == "relation":
                apply_locking_clause(query, rtindex, clause, pushed_down)
            elif rte.kind == "subquery":
                apply_locking_clause(query, rtindex, clause, pushed_down)
                _transform_clause(None, rte.subquery, every_table, pushed_down=True)
            # VALUES and functions have no table rows to lock: ignored.
        return
    for range_var in clause.locked_rels:
        position = pstate.position(range_var.get("location")) if pstate is not None else None
        if range_var.get("schemaname") or range_var.get("catalogname"):
            raise PgError(SYNTAX_ERROR,
                          f"{clause.strength.sql} must specify unqualified relation names",
                          position=position)
        name = range_var["relname"]
        for rtindex, rte in enumerate(query.range_table, 1):
            if rte.kind in ("subquery", "values", "join") and not rte.explicit_alias:
                continue        # an unaliased subquery or join is no relation name
            if rte.alias != name:
                continue
            if rte.kind == "relation":
                apply_locking_clause(query, rtindex, clause, pushed_down)
            elif rte.kind == "subquery":
                apply_locking_clause(query, rtindex, clause, pushed_down)
                _transform_clause(None, rte.subquery, every_table, pushed_down=True)
            else:
                target = {"function": "a function", "values": "VALUES",
                          "join": "a join", "cte": "a WITH query"}[rte.kind]
                raise PgError(FEATURE_NOT_SUPPORTED,
                              f"{clause.strength.sql} cannot be applied to {target}",
                              position=position)
            break
        else:
            if pstate is not None and name in getattr(pstate, "join_aliases", ()):
                raise PgError(FEATURE_NOT_SUPPORTED,        # a JOIN alias (join_alias.py)
                              f"{clause.strength.sql} cannot be applied to a join",
                              position=position)
            raise PgError(UNDEFINED_TABLE,
                          f'relation "{name}" in {clause.strength.sql} clause not found in '
                          f'FROM clause', position=position)


def push_locking_clause(query: Query, clause: LockingClause) -> None:
    """An outer clause applied to every table of `query` (a view's query, by the
    rewriter): PostgreSQL's markQueryForLocking, with CheckSelectLocking's checks."""
    _transform_clause(None, query, LockingClause(clause.strength, clause.wait_policy),
                      pushed_down=True)


def apply_locking_clause(query: Query, rtindex: int, clause: LockingClause,
                         pushed_down: bool) -> None:
    """Mark one range-table entry (applyLockingClause): a second clause naming it keeps
    the stronger strength and the stricter wait policy (NOWAIT over SKIP LOCKED over
    waiting: an error is better than silently inconsistent results)."""
    if not pushed_down:
        query.has_for_update = True
    for mark in query.row_marks:
        if mark.rtindex == rtindex:
            mark.strength = max(mark.strength, clause.strength)
            mark.wait_policy = max(mark.wait_policy, clause.wait_policy)
            mark.pushed_down = mark.pushed_down and pushed_down
            return
    query.row_marks.append(RowMarkClause(rtindex, clause.strength, clause.wait_policy,
                                         pushed_down))


def first_locking_strength(query: Query) -> LockStrength:
    """The strength of the first table this statement locks (looking into subqueries),
    NONE if it locks no table: what a read-only transaction's error names
    ("cannot execute SELECT FOR SHARE ..."), as PostgreSQL names its first PlanRowMark."""
    for mark in query.row_marks:
        rte = query.range_table[mark.rtindex - 1]
        if rte.kind == "relation":
            return mark.strength
    for rte in query.range_table:
        if rte.kind == "subquery":
            found = first_locking_strength(rte.subquery)
            if found:
                return found
    if query.set_operation is not None:
        for branch in query.set_operation[1]:
            found = first_locking_strength(branch)
            if found:
                return found
    return LockStrength.NONE
