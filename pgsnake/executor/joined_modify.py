"""UPDATE ... FROM / DELETE ... USING in ModifyTable: the joined row around the target's.

Entry points (plan: the ModifyTable node; row: one row of its child, in `scan_keys`
layout):
    substitutes(plan, row, target_row) -> {rtindex: row}
                                  EvalPlanQual's substitute rows: the newest version of
                                  the target row, and for every other FROM item the row
                                  it joined (PostgreSQL's row marks: a table's row
                                  re-fetched by ctid is the same version, a subquery's or
                                  function's row is its copy), so the re-check sees the
                                  same join partners as the first run
    target_values(plan, row) -> list   the target table's column values in the joined row
    updated_row(plan, row, new_values, new_tid, state) -> row
                                  the joined row with the target's columns, ctid and
                                  header (xmin, cmin, xmax, cmax) replaced by the new
                                  version's, for RETURNING
    deleted_row(plan, row, state) -> row   the deleted row with our xmax, for RETURNING
    inserted_row_header(plan, state) -> [xmin, cmin, xmax, cmax] of INSERT's new rows

The child's row holds each FROM item's whole scan row (a join row is its outer row then
its inner row, optimizer/README invariant 3), so both are slices of it. Positions are
computed once per plan and kept on it, as plan_state.compiled_for keeps code.

PostgreSQL: executor/nodeModifyTable.c (ExecUpdate's EvalPlanQual call, RETURNING over
the joined slot), executor/execMain.c (EvalPlanQualFetchRowMark).
"""
from __future__ import annotations

from pgsnake.parser.expression_nodes import (MAX_COMMAND_ID_ATTNUM, MAX_TRANSACTION_ID_ATTNUM,
                                             MIN_COMMAND_ID_ATTNUM, MIN_TRANSACTION_ID_ATTNUM,
                                             SELF_ITEM_POINTER_ATTNUM, Var, walk)


def _positions(plan):
    found = plan.__dict__.get("_joined_modify_positions")
    if found is None:
        found = _compute_positions(plan)
        setattr(plan, "_joined_modify_positions", found)
    return found


def _compute_positions(plan):
    """(rtindex -> positions of its scan row in the child row, target column positions
    as (position, attnum), the target ctid's position)."""
    by_item: dict = {}
    target_columns = []
    ctid_position = None
    for position, key in enumerate(plan.scan_keys):
        if not (isinstance(key, tuple) and key[0] == "var"):
            continue
        _, rtindex, attnum = key
        by_item.setdefault(rtindex, []).append(position)
        if rtindex == plan.rtindex:
            if attnum > 0:
                target_columns.append((position, attnum))
            elif attnum == SELF_ITEM_POINTER_ATTNUM:
                ctid_position = position
    return by_item, target_columns, ctid_position


def substitutes(plan, row, target_row) -> dict:
    by_item, _, _ = _positions(plan)
    out = {rtindex: [row[p] for p in positions]
           for rtindex, positions in by_item.items() if rtindex != plan.rtindex}
    out[plan.rtindex] = target_row
    return out


def target_values(plan, row) -> list:
    _, target_columns, _ = _positions(plan)
    natts = len(plan.relation.attributes)
    if len(target_columns) == natts and target_columns[-1][0] == natts - 1:
        return list(row[:natts])        # the target's row leads (no FROM, or it is outer)
    out = [None] * len(plan.relation.attributes)
    for position, attnum in target_columns:
        out[attnum - 1] = row[position]
    return out


# xmin, cmin, xmax, cmax: the header fields RETURNING may read of a row version
HEADER_ATTNUMS = (MIN_TRANSACTION_ID_ATTNUM, MIN_COMMAND_ID_ATTNUM,
                  MAX_TRANSACTION_ID_ATTNUM, MAX_COMMAND_ID_ATTNUM)


def new_row_header(state) -> list:
    """xmin, cmin, xmax, cmax of a row version this command just wrote: our
    (sub)transaction, the command's id (cmin and cmax share the field), no xmax."""
    from pgsnake.access.transam import xact
    return [xact.get_current_xid(), state.output_cid, 0, state.output_cid]


def updated_row(plan, row, new_values, new_tid, state=None) -> list:
    _, target_columns, ctid_position = _positions(plan)
    out = list(row)
    for position, attnum in target_columns:
        out[position] = new_values[attnum - 1]
    if ctid_position is not None:
        out[ctid_position] = new_tid
    header = _header_positions(plan)
    if header and state is not None:
        # RETURNING reads the new version's header, not the scanned one's
        for position, value in zip(header, new_row_header(state)):
            if position is not None:
                out[position] = value
    return out


def inserted_row_header(plan, state) -> list:
    """xmin, cmin, xmax, cmax for INSERT's RETURNING rows: the new version's when
    RETURNING reads them (asking for our xid assigns one), else placeholders."""
    reads = plan.__dict__.get("_joined_modify_reads_header")
    if reads is None:
        reads = any(isinstance(node, Var) and node.levels_up == 0
                    and node.rtindex == plan.rtindex and node.attnum in HEADER_ATTNUMS
                    for expr in plan.returning for node in walk(expr))
        setattr(plan, "_joined_modify_reads_header", reads)
    return new_row_header(state) if reads else [None] * len(HEADER_ATTNUMS)


def deleted_row(plan, row, state) -> list:
    """The scanned row as DELETE's RETURNING reads it: the version now has our xmax."""
    header = _header_positions(plan)
    if not header or header[2] is None:
        return list(row)
    out = list(row)
    out[header[2]] = new_row_header(state)[0]
    return out


def _header_positions(plan) -> list:
    found = plan.__dict__.get("_joined_modify_header")
    if found is None:
        where = {key[2]: i for i, key in enumerate(plan.scan_keys)
                 if isinstance(key, tuple) and key[0] == "var" and key[1] == plan.rtindex}
        found = [where.get(attnum) for attnum in HEADER_ATTNUMS]
        found = found if any(p is not None for p in found) else []
        setattr(plan, "_joined_modify_header", found)
    return found
