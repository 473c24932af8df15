"""WITH queries (common table expressions): analysis and references to them.

Entry points:
    transform_with_clause(pstate, with_clause, transform_select) -> list[CommonTableExpr]
        analyses every WITH query of one query level in order and makes them visible to
        the rest of that level (`pstate.ctes`) and to the levels inside it
    find_cte(pstate, name) -> (CommonTableExpr, levels_up) | None
    is_future_cte / add_future_cte_detail: a later item of a plain WITH named in FROM
    has_modifying_cte(query) -> bool
    transform_cte_reference(pstate, range_var, cte, levels_up) -> (JoinTreeNode, star Vars)
        a FROM item naming a WITH query: a range-table entry of kind 'cte'

A WITH query is analysed before the FROM clause of its level, in a ParseState that sees
only the earlier WITH queries and enclosing levels (not its own level's FROM items). An
unqualified name in FROM is looked up among the WITH queries of this level and then the
enclosing ones before tables are (PostgreSQL's scanNameSpaceForCTE). Each reference
counts (`ref_count`); the planner inlines a query referenced once (optimizer/
cte_planning.py).

WITH RECURSIVE: every WITH query of the list may name any other; they are analysed in
an order where each follows those it names (a cycle through two of them is 0A000
"mutual recursion between WITH items is not implemented"). One that names itself is
recursive. Before analysis its raw
tree is checked as PostgreSQL's checkWellFormedRecursion does: it must be
`non-recursive term UNION [ALL] recursive term`, the non-recursive term must not refer
to it, and the recursive term must refer to it exactly once, not inside a subquery, the
nullable side of an outer join, INTERSECT ALL or EXCEPT; no ORDER BY / LIMIT / OFFSET /
FOR UPDATE on the whole (42P19 / 0A000). The non-recursive term is analysed first and
fixes the column types the self-reference sees (its unknown literals become text); the
whole UNION must come out with the same types (42804 otherwise). The self-reference is
an RTE with `self_reference` set: the planner makes it a WorkTable Scan.

PostgreSQL: parser/parse_cte.c (transformWithClause, analyzeCTE,
checkWellFormedRecursion, determineRecursiveColTypes), parser/parse_relation.c
(scanNameSpaceForCTE, addRangeTableEntryForCTE).
"""
from __future__ import annotations

import dataclasses
import itertools
from typing import Any

from pgsnake.parser.coercion import UNKNOWN_OID
from pgsnake.parser.query import JoinTreeNode, RangeTableEntry
from pgsnake.parser.relation_resolution import ParseState
from pgsnake.parser.set_operations import raw_location
from pgsnake.utils.errors import (
    DATATYPE_MISMATCH, FEATURE_NOT_SUPPORTED, INVALID_COLUMN_REFERENCE, PgError)

INVALID_RECURSION = "42P19"
DUPLICATE_ALIAS = "42712"
TEXT_OID = 25

_cte_ids = itertools.count(1)
_MATERIALIZED = {"CTEMaterializeDefault": "default", "CTEMaterializeAlways": "always",
                 "CTEMaterializeNever": "never"}


@dataclasses.dataclass(eq=False)
class CommonTableExpr:
    """One WITH query. `query` is its analysed Query (a set operation whose tree has
    `recursive_cte` set, for a recursive one)."""
    name: str
    query: Any
    column_names: list[str]
    column_types: list[int]
    column_typmods: list[int]
    recursive: bool
    materialized: str                  # 'default' | 'always' | 'never'
    location: int | None
    cte_id: int                        # unique in the backend: keys plans and executions
    ref_count: int = 0
    being_defined: bool = False        # its own query is being analysed
    modifies: bool = False             # INSERT / UPDATE / DELETE ... RETURNING
    reference_levels: list = dataclasses.field(default_factory=list)   # levels_up per reference


def has_modifying_cte(query) -> bool:
    """Whether the statement has a data-modifying WITH query (hasModifyingCTE)."""
    return any(c.modifies for c in getattr(query, "cte_list", ()))


def find_cte(pstate, name: str):
    levels_up = 0
    level = pstate
    while level is not None:
        for cte in getattr(level, "ctes", ()):
            if cte.name == name and (cte.query is not None or cte.being_defined):
                return cte, levels_up
        level = level.parent
        levels_up += 1
    return None


def is_future_cte(pstate, name: str) -> bool:
    """Whether `name` is a WITH query of the list being analysed that this part of it
    may not see yet (isFutureCTE): a plain WITH's later item."""
    level = pstate
    while level is not None:
        for cte in getattr(level, "ctes", ()):
            if cte.name == name and cte.query is None and not cte.being_defined:
                return True
        level = level.parent
    return False


def add_future_cte_detail(pstate, name: str, error: PgError) -> None:
    """parserOpenTable's DETAIL and HINT on a missing relation named like such a WITH
    query."""
    if error.sqlstate == "42P01" and is_future_cte(pstate, name):
        error.detail = (f'There is a WITH item named "{name}", but it cannot be referenced '
                        f'from this part of the query.')
        error.hint = "Use WITH RECURSIVE, or re-order the WITH items to remove forward " \
                     "references."


def transform_with_clause(pstate, with_clause: dict, transform_select) -> list:
    """The WITH queries in the order they are analysed (and planned): the written order,
    or for WITH RECURSIVE an order in which each comes after those it refers to."""
    recursive = bool(with_clause.get("recursive"))
    ctes: list[CommonTableExpr] = []
    nodes = []
    for item in with_clause.get("ctes", ()):
        node = item["CommonTableExpr"]
        name = node["ctename"]
        location = node.get("location")
        if any(c.name == name for c in ctes):
            raise PgError(DUPLICATE_ALIAS, f'WITH query name "{name}" specified more than once',
                          position=pstate.position(location))
        if node.get("search_clause") or node.get("cycle_clause"):
            # the clauses become columns the recursive query computes (search_cycle.py)
            from pgsnake.parser.search_cycle import rewrite_search_cycle
            pstate.ctes = ctes          # the WITH queries before it, for its columns
            node = rewrite_search_cycle(pstate, node, recursive and _refers_to(
                node["ctequery"], name), transform_select)
        aliases = [c["String"]["sval"] for c in node.get("aliascolnames", ())]
        self_referencing = recursive and _refers_to(node["ctequery"], name)
        ctes.append(CommonTableExpr(name, None, aliases, [], [], self_referencing,
                                    _MATERIALIZED.get(node.get("ctematerialized"), "default"),
                                    location, next(_cte_ids)))
        nodes.append(node)
    # Every WITH query of the list is known from the start; one becomes visible once it
    # is analysed (find_cte), so a plain WITH sees only the earlier ones.
    pstate.ctes = ctes
    order = _dependency_order(pstate, ctes, nodes) if recursive else range(len(ctes))
    for i in order:
        _transform_one(pstate, ctes[i], nodes[i]["ctequery"], transform_select)
        mark = nodes[i].get("pgsnake_cycle_mark")        # CYCLE ... SET mark (search_cycle.py)
        if mark is not None and mark in ctes[i].column_names:
            from pgsnake.parser import operator_classes
            operator_classes.require_equality(
                ctes[i].column_types[ctes[i].column_names.index(mark)])
    return [ctes[i] for i in order]


def _dependency_order(pstate, ctes, nodes) -> list[int]:
    """WITH RECURSIVE: each WITH query after the other ones it names (the first ready one
    in written order first); a cycle through two or more is 0A000."""
    names = [c.name for c in ctes]
    needs = [{j for j, other in enumerate(names) if j != i and _refers_to(node["ctequery"], other)}
             for i, node in enumerate(nodes)]
    order: list[int] = []
    while len(order) < len(ctes):
        ready = [i for i in range(len(ctes)) if i not in order and needs[i] <= set(order)]
        if not ready:
            first = next(i for i in range(len(ctes)) if i not in order)
            raise PgError(FEATURE_NOT_SUPPORTED,
                          "mutual recursion between WITH items is not implemented",
                          position=pstate.position(ctes[first].location))
        order.append(ready[0])
    return order


def _transform_one(pstate, cte: CommonTableExpr, raw_query: dict, transform_select) -> None:
    name, aliases, location = cte.name, list(cte.column_names), cte.location
    child = ParseState(pstate.source, parent=pstate)
    child.sees_parent = False
    if "SelectStmt" not in raw_query:
        _transform_modifying(pstate, child, cte, raw_query)
        return
    body = raw_query["SelectStmt"]
    if cte.recursive:
        _check_well_formed(pstate, cte, body)
        cte.being_defined = True
        child.recursive_cte = cte
    try:
        query = transform_select(child, body)
    finally:
        cte.being_defined = False
    outputs = query.output_columns()
    if len(aliases) > len(outputs):
        raise PgError(INVALID_COLUMN_REFERENCE,
                      f'WITH query "{name}" has {len(outputs)} columns available but '
                      f'{len(aliases)} columns specified', position=pstate.position(location))
    if cte.recursive:
        _check_recursive_types(pstate, cte, query)
    cte.column_names = aliases + [t.name for t in outputs[len(aliases):]]
    cte.column_types = [t.expr.type_oid for t in outputs]
    cte.column_typmods = [getattr(t.expr, "typmod", -1) for t in outputs]
    cte.query = query


def _transform_modifying(pstate, child, cte: CommonTableExpr, raw_query: dict) -> None:
    """A data-modifying WITH query (INSERT / UPDATE / DELETE, its RETURNING list as its
    columns): only at the top level of a statement, never recursive (parse_cte.c)."""
    from pgsnake.parser import modify_analysis
    if pstate.parent is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, "WITH clause containing a data-modifying "
                                             "statement must be at the top level",
                      position=pstate.position(cte.location))
    if cte.recursive:
        raise PgError(INVALID_RECURSION, f'recursive query "{cte.name}" must not contain '
                                             f'data-modifying statements',
                      position=pstate.position(cte.location))
    (tag, body), = raw_query.items()
    transform = {"InsertStmt": modify_analysis.transform_insert,
                 "UpdateStmt": modify_analysis.transform_update,
                 "DeleteStmt": modify_analysis.transform_delete}.get(tag)
    if tag == "MergeStmt":
        if body.get("returningList") or body.get("returningClause"):
            # MERGE ... RETURNING is PostgreSQL 17's: 15's grammar stops at RETURNING
            from pgsnake.parser.merge import _syntax_error_at
            _syntax_error_at(pstate, body, r"\b(returning)\b")
        raise PgError(FEATURE_NOT_SUPPORTED, "MERGE not supported in WITH query",
                      position=pstate.position(cte.location))
    if transform is None:
        raise PgError(FEATURE_NOT_SUPPORTED, f"{tag} in WITH is not supported",
                      position=pstate.position(cte.location))
    query = transform(child, body)
    returning = query.returning
    if len(cte.column_names) > len(returning) and returning:
        raise PgError(INVALID_COLUMN_REFERENCE,
                      f'WITH query "{cte.name}" has {len(returning)} columns available but '
                      f'{len(cte.column_names)} columns specified',
                      position=pstate.position(cte.location))
    cte.column_names = cte.column_names + [t.name for t in returning[len(cte.column_names):]]
    cte.column_types = [t.expr.type_oid for t in returning]
    cte.column_typmods = [getattr(t.expr, "typmod", -1) for t in returning]
    cte.modifies = True
    cte.query = query


def set_recursive_types(pstate, cte: CommonTableExpr, columns) -> None:
    """Called by set_operations once the non-recursive term is analysed: the types the
    self-reference will see (determineRecursiveColTypes); unknown literals become text."""
    from pgsnake.parser.set_operations import coerce_unknown_in_leaf
    for col in columns:
        if col.type_oid == UNKNOWN_OID:
            coerce_unknown_in_leaf(pstate, col, TEXT_OID)
    names = [col.leaf_entry.name if col.leaf_entry is not None else "?column?"
             for col in columns]
    if len(cte.column_names) > len(names):
        raise PgError(INVALID_COLUMN_REFERENCE,
                      f'WITH query "{cte.name}" has {len(names)} columns available but '
                      f'{len(cte.column_names)} columns specified',
                      position=pstate.position(cte.location))
    cte.column_names = cte.column_names + names[len(cte.column_names):]
    cte.column_types = [col.type_oid for col in columns]
    cte.column_typmods = [col.typmod for col in columns]
    cte.nonrecursive_locations = [col.location for col in columns]


def _check_recursive_types(pstate, cte: CommonTableExpr, query) -> None:
    from pgsnake.datatypes import registry
    locations = getattr(cte, "nonrecursive_locations", [])
    for i, entry in enumerate(query.output_columns()):
        want, want_mod = cte.column_types[i], cte.column_typmods[i]
        got, got_mod = entry.expr.type_oid, getattr(entry.expr, "typmod", -1)
        if got != want or (want_mod != -1 and got_mod != want_mod):
            raise PgError(DATATYPE_MISMATCH,
                          f'recursive query "{cte.name}" column {i + 1} has type '
                          f'{registry.format_type(want, want_mod)} in non-recursive term but '
                          f'type {registry.format_type(got, got_mod)} overall',
                          hint="Cast the output of the non-recursive term to the correct type.",
                          position=pstate.position(locations[i] if i < len(locations) else None))


def transform_cte_reference(pstate, range_var: dict, cte: CommonTableExpr, levels_up: int):
    if cte.modifies and not cte.query.returning:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f'WITH query "{cte.name}" does not have a RETURNING clause',
                      position=pstate.position(range_var.get("location")))
    alias_node = range_var.get("alias") or {}
    alias = alias_node.get("aliasname", cte.name)
    aliases = [c["String"]["sval"] for c in alias_node.get("colnames", ())]
    names = list(cte.column_names)
    if len(aliases) > len(names):
        raise PgError(INVALID_COLUMN_REFERENCE,
                      f'table "{alias}" has {len(names)} columns available but '
                      f'{len(aliases)} columns specified')
    names[:len(aliases)] = aliases
    rte = RangeTableEntry("cte", alias, names, list(cte.column_types),
                          list(cte.column_typmods), explicit_alias=bool(alias_node),
                          cte=cte, cte_levels_up=levels_up, self_reference=cte.being_defined)
    if not cte.being_defined:
        cte.ref_count += 1
        cte.reference_levels.append(levels_up)
    rtindex, ns_item = pstate._add(rte)
    pstate.namespace.append(ns_item)
    return JoinTreeNode(rtindex=rtindex), pstate.item_columns(ns_item)


# -- checkWellFormedRecursion ----------------------------------------------------------------------

def _refers_to(node, name: str) -> bool:
    """Whether the raw tree names the WITH query `name` (not a nested WITH query of the
    same name, which hides it where it is visible: makeDependencyGraphWalker)."""
    if isinstance(node, dict):
        with_clause = node.get("withClause")
        if isinstance(with_clause, dict):
            items = [c["CommonTableExpr"] for c in with_clause.get("ctes", ())]
            inner = next((i for i, c in enumerate(items) if c.get("ctename") == name), None)
            if inner is not None:
                if with_clause.get("recursive"):
                    return False            # hidden in the whole statement
                # visible only in the WITH queries up to the one of that name
                return any(_refers_to(c.get("ctequery"), name) for c in items[:inner + 1])
        range_var = node.get("RangeVar")
        if isinstance(range_var, dict) and range_var.get("relname") == name \
                and not range_var.get("schemaname"):
            return True
        return any(_refers_to(v, name) for v in node.values())
    if isinstance(node, list):
        return any(_refers_to(v, name) for v in node)
    return False


_CONTEXT_MESSAGES = {
    "nonrecursive": "must not appear within its non-recursive term",
    "sublink": "must not appear within a subquery",
    "outer join": "must not appear within an outer join",
    "intersect": "must not appear within INTERSECT",
    "except": "must not appear within EXCEPT",
}


class _RecursionCheck:
    def __init__(self, pstate, name: str) -> None:
        self.pstate = pstate
        self.name = name
        self.references = 0

    def fail(self, message: str, location) -> None:
        raise PgError(INVALID_RECURSION, f'recursive reference to query "{self.name}" {message}',
                      position=self.pstate.position(location))

    def walk(self, node, context: str) -> None:
        if isinstance(node, list):
            for item in node:
                self.walk(item, context)
            return
        if not isinstance(node, dict):
            return
        if len(node) == 1:
            (tag, body), = node.items()
            if isinstance(body, dict):
                handler = getattr(self, "_" + tag, None)
                if handler is not None:
                    handler(body, context)
                    return
        for value in node.values():
            self.walk(value, context)

    def _RangeVar(self, body, context) -> None:
        if body.get("relname") == self.name and not body.get("schemaname"):
            if context != "ok":
                self.fail(_CONTEXT_MESSAGES[context], body.get("location"))
            self.references += 1
            if self.references > 1:
                self.fail("must not appear more than once", body.get("location"))

    def _SubLink(self, body, context) -> None:
        self.walk(body.get("testexpr"), context)
        self.walk(body.get("subselect"), "sublink")

    def _JoinExpr(self, body, context) -> None:
        kind = body.get("jointype")
        left = "outer join" if kind in ("JOIN_RIGHT", "JOIN_FULL") else context
        right = "outer join" if kind in ("JOIN_LEFT", "JOIN_FULL") else context
        self.walk(body.get("larg"), left)
        self.walk(body.get("rarg"), right)
        self.walk(body.get("quals"), context)

    def walk_with(self, with_clause, context: str) -> None:
        """A WITH inside the recursive term: its queries are checked in the context
        they appear in (PostgreSQL's WalkInnerWith); one naming the query itself
        hides it from what follows."""
        if not with_clause:
            return
        for item in with_clause.get("ctes", ()):
            body = item.get("CommonTableExpr", {})
            if body.get("ctename") == self.name:
                return
            self.walk(body.get("ctequery"), context)

    def _SelectStmt(self, body, context) -> None:
        op = body.get("op", "SETOP_NONE")
        self.walk_with(body.get("withClause"), context)
        if op == "SETOP_NONE":
            for key, value in body.items():
                if key != "withClause":
                    self.walk(value, context)
            return
        if op == "SETOP_INTERSECT":
            inner = "intersect" if body.get("all") else context
            self._SelectStmt(body["larg"], inner)
            self._SelectStmt(body["rarg"], inner)
        elif op == "SETOP_EXCEPT":
            self._SelectStmt(body["larg"], "except" if body.get("all") else context)
            self._SelectStmt(body["rarg"], "except")
        else:
            self._SelectStmt(body["larg"], context)
            self._SelectStmt(body["rarg"], context)
        for key in ("sortClause", "limitCount", "limitOffset"):
            self.walk(body.get(key), context)


def _check_well_formed(pstate, cte: CommonTableExpr, body: dict) -> None:
    if body.get("op") != "SETOP_UNION":
        raise PgError(INVALID_RECURSION,
                      f'recursive query "{cte.name}" does not have the form '
                      f'non-recursive-term UNION [ALL] recursive-term',
                      position=pstate.position(cte.location))
    check = _RecursionCheck(pstate, cte.name)
    # a WITH atop the UNION must not refer to the query (checkWellFormedRecursion)
    check.walk_with(body.get("withClause"), "sublink")
    check.references = 0
    check._SelectStmt(body["larg"], "nonrecursive")
    check._SelectStmt(body["rarg"], "ok")
    for key, what in (("sortClause", "ORDER BY"), ("limitOffset", "OFFSET"),
                      ("limitCount", "LIMIT"), ("lockingClause", "FOR UPDATE/SHARE")):
        value = body.get(key)
        if value:
            first = value[0] if isinstance(value, list) else value
            if isinstance(first, dict) and "SortBy" in first:
                first = first["SortBy"]["node"]
            raise PgError(FEATURE_NOT_SUPPORTED, f"{what} in a recursive query is not implemented",
                          position=pstate.position(raw_location(first)))
