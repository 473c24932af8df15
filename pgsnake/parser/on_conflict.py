"""Parse analysis of INSERT ... ON CONFLICT: the arbiter indexes and the DO UPDATE part.

Arbiters (PostgreSQL's infer_arbiter_indexes): ON CONSTRAINT name takes that
constraint's index; a column list takes every valid unique index whose key columns are
exactly those columns (in any order), expressions and a WHERE implying a partial
index's predicate as arbiter_inference.py matches them; DO NOTHING without either takes every unique index
of the table (and EXPLAIN then lists none). DO UPDATE needs one of the two.

DO UPDATE's SET and WHERE see two rows: the existing one, under the target's name or
alias, and the proposed one, as EXCLUDED (a second range-table entry for the same table).

Entry point: transform_on_conflict(pstate, clause, target rtindex, relation, target
item) -> OnConflict.

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


def _unique_indexes(relation, exclusion: bool = False) -> list:
    out = []
    for oid in catalog_cache.index_oids_of(relation.oid):
        row = catalog_cache.index_row(oid)
        if row is not None and (row.indisunique or (exclusion and row.indisexclusion)) \
                and row.indisvalid:
            out.append(row)
    return out


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
    arbiters, explicit = _infer_arbiters(pstate, clause.get("infer"), relation, action,
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
