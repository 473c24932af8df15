"""Parse analysis of INSERT ... ON CONFLICT: the arbiter indexes and the DO UPDATE part.

Arbiters (PostgreSQL's infer_arbiter_indexes): ON CONSTRAINT name takes that
constraint's index; a column list takes every valid unique index whose key columns are
exactly those columns (in any order), expressions and a WHERE implying a partial
index's predicate as arbiter_inference.py matches them; DO NOTHING without either takes every unique index
of the table (and EXPLAIN then lists none). DO UPDATE needs one of the two.

DO UPDATE's SET and WHERE see two rows: the existing one, under the target's name or
alias, and the proposed one, as EXCLUDED (a second range-table entry for the same table).

An INSERT into a view (automatically updatable, or with an INSTEAD OF trigger) keeps
its specification analysed over the view (OnConflict.inference); the rewriter maps it
onto the base table and calls infer_after_rewrite, as PostgreSQL's planner infers the
arbiters of the rewritten statement.

Entry points: transform_on_conflict(pstate, clause, target rtindex, relation, target
item) -> OnConflict; infer_after_rewrite(on_conflict, relation, rtindex).

PostgreSQL: parser/parse_clause.c (transformOnConflictClause, transformOnConflictArbiter),
optimizer/util/plancat.c (infer_arbiter_indexes).
"""
from __future__ import annotations

import dataclasses
from typing import Any

from pgsnake.catalog import catalog_cache
from pgsnake.parser import arbiter_inference
from pgsnake.storage.lmgr.lock_modes import ROW_EXCLUSIVE
from pgsnake.utils.errors import (FEATURE_NOT_SUPPORTED, SYNTAX_ERROR, UNDEFINED_COLUMN,
                                  UNDEFINED_OBJECT, PgError)

INVALID_COLUMN_REFERENCE = "42P10"


@dataclasses.dataclass
class OnConflict:
    action: str                          # 'nothing' | 'update'
    arbiters: list[int]                  # index OIDs checked for a conflicting row
    explicit_arbiters: bool              # named by the statement (EXPLAIN lists them)
    assignments: dict[int, Any] = dataclasses.field(default_factory=dict)   # attnum -> expr
    where: Any = None
    excluded_rtindex: int = 0
    # an INSERT into a view: the specification, analysed over the view, whose arbiters
    # are found by infer_after_rewrite once the rewriter has made the base table the
    # target (PostgreSQL infers them in the planner); None otherwise
    inference: "PendingInference | None" = None


@dataclasses.dataclass
class PendingInference:
    elements: list | None                # the columns and expressions; None: no target
    where: Any = None


def _unique_indexes(relation, exclusion: bool = False) -> list:
    out = []
    for oid in catalog_cache.index_oids_of(relation.oid):
        row = catalog_cache.index_row(oid)
        if row is not None and (row.indisunique or (exclusion and row.indisexclusion)) \
                and row.indisvalid:
            out.append(row)
    return out


def _view_inference(pstate, infer: dict | None, relation, rtindex: int) -> PendingInference:
    """The specification of an INSERT into a view, analysed over the view's columns."""
    if infer is None:
        return PendingInference(None)
    elements = []
    for wrapped in infer.get("indexElems", []):
        name = wrapped["IndexElem"].get("name")
        if name is None:
            continue
        attribute = next((a for a in relation.attributes
                          if a.name == name and not a.is_dropped), None)
        if attribute is None:
            raise PgError(UNDEFINED_COLUMN, f'column "{name}" does not exist',
                          position=pstate.position(infer.get("location")))
        elements.append(pstate.make_var(rtindex, attribute.attnum))
    expressions, where = arbiter_inference.analysed_specification(pstate, infer, rtindex)
    return PendingInference(elements + expressions, where)


def infer_after_rewrite(on_conflict: OnConflict, relation, rtindex: int) -> None:
    """The arbiters of an INSERT into a view, now that its target is `relation` (at
    `rtindex`): a plain column of it names a key column, anything else an expression
    key, as infer_arbiter_indexes takes them."""
    from pgsnake.parser.expression_nodes import Var
    pending, on_conflict.inference = on_conflict.inference, None
    if pending.elements is None:
        on_conflict.arbiters = [row.indexrelid
                                for row in _unique_indexes(relation, exclusion=True)]
        return
    def is_column(e):
        return isinstance(e, Var) and e.rtindex == rtindex and e.levels_up == 0 \
            and e.attnum > 0
    attnums = {e.attnum for e in pending.elements if is_column(e)}
    expressions = [e for e in pending.elements if not is_column(e)]
    arbiters = arbiter_inference.matching_indexes(relation, rtindex, attnums, expressions,
                                                  pending.where, _unique_indexes(relation))
    if not arbiters:
        raise PgError(INVALID_COLUMN_REFERENCE, "there is no unique or exclusion constraint "
                      "matching the ON CONFLICT specification")
    on_conflict.arbiters = arbiters


def _infer_arbiters(pstate, infer: dict | None, relation, action: str,
                    clause_location, rtindex: int = 1) -> tuple[list[int], bool]:
    if infer is None:
        if action == "update":
            raise PgError(SYNTAX_ERROR, "ON CONFLICT DO UPDATE requires inference "
                          "specification or constraint name",
                          hint="For example, ON CONFLICT (column_name).",
                          position=pstate.position(clause_location))
        # DO NOTHING without a target: every unique and exclusion constraint arbitrates.
        return [row.indexrelid for row in _unique_indexes(relation, exclusion=True)], False
    name = infer.get("conname")
    if name is not None:
        for row in catalog_cache.scan_catalog("pg_constraint"):
            if row.conrelid == relation.oid and row.conname == name:
                if row.contype == "x" and action == "update":
                    raise PgError("42809", "ON CONFLICT DO UPDATE not supported with "
                                           "exclusion constraints")
                if row.contype not in ("p", "u", "x"):
                    raise PgError(FEATURE_NOT_SUPPORTED, "ON CONFLICT ON CONSTRAINT with a "
                                  "non-unique constraint is not supported yet")
                return [row.conindid], True
        raise PgError(UNDEFINED_OBJECT,
                      f'constraint "{name}" for table "{relation.name}" does not exist')
    attnums = set()
    for wrapped in infer.get("indexElems", []):
        elem = wrapped["IndexElem"]
        if elem.get("name") is None:
            continue                    # an expression: arbiter_inference.py
        attribute = next((a for a in relation.attributes
                          if a.name == elem["name"] and not a.is_dropped), None)
        if attribute is None:
            raise PgError(UNDEFINED_COLUMN, f'column "{elem["name"]}" does not exist',
                          position=pstate.position(infer.get("location")))
        attnums.add(attribute.attnum)
    arbiters = [row.indexrelid for row in _unique_indexes(relation)
                if set(row.indkey[:row.indnkeyatts]) == attnums and row.indpred is None]
    if infer.get("whereClause") is not None or any(
            w["IndexElem"].get("name") is None for w in infer.get("indexElems", [])):
        arbiters = arbiter_inference.inferred_indexes(pstate, infer, relation, rtindex,
                                                      attnums, _unique_indexes(relation))
    if not arbiters:
        raise PgError(INVALID_COLUMN_REFERENCE, "there is no unique or exclusion constraint "
                      "matching the ON CONFLICT specification")
    return arbiters, True


def transform_on_conflict(pstate, clause: dict, rtindex: int, relation, target_item,
                          range_var: dict) -> OnConflict:
    from pgsnake.parser.analyze import transform_where
    from pgsnake.parser.modify_analysis import transform_assignments
    action = "update" if clause.get("action") == "ONCONFLICT_UPDATE" else "nothing"
    infer = clause.get("infer")
    if relation.relkind == "v" and not (infer or {}).get("conname"):
        if infer is None and action == "update":
            _infer_arbiters(pstate, infer, relation, action, clause.get("location"), rtindex)
        result = OnConflict(action, [], infer is not None,
                            inference=_view_inference(pstate, infer, relation, rtindex))
    else:
        arbiters, explicit = _infer_arbiters(pstate, infer, relation, action,
                                             clause.get("location"), rtindex)
        result = OnConflict(action, arbiters, explicit)
    if action == "nothing":
        return result
    excluded_var = dict(range_var, alias={"aliasname": "excluded"})
    excluded_rtindex, excluded_item = pstate.add_relation(excluded_var, ROW_EXCLUSIVE)
    result.excluded_rtindex = excluded_rtindex
    target_item.visible = True
    pstate.namespace.append(excluded_item)
    pstate.expression_kind = "UPDATE"
    result.assignments = transform_assignments(pstate, relation, clause.get("targetList", []))
    if clause.get("whereClause") is not None:
        pstate.expression_kind = "WHERE"
        result.where = transform_where(pstate, clause["whereClause"], "WHERE")
    # EXCLUDED is visible to SET and WHERE only: RETURNING sees the target alone
    # (transformInsertStmt resets the namespace), so its `tableoid` is not ambiguous.
    pstate.namespace.remove(excluded_item)
    return result
