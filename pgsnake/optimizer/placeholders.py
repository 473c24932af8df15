"""PlaceHolderVars of subqueries pulled up from an outer join's nullable side, as the
planner sizes them (PostgreSQL's PlaceHolderInfo: ph_eval_at, ph_width).

rewrite/nullable_outputs.py wraps such a subquery's non-strict outputs (COALESCE, CASE,
constants) in a PlaceHolderVar whose `null_marker` is the ctids of its eval_at tables;
the executor computes its expression wherever it is read and gives NULL when every
marker is NULL (executor/expression_eval.py), and EXPLAIN shows it computed at its
eval_at level (commands/explain_output.py). What a scan carries for it differs from
PostgreSQL's: the columns its expression reads and the markers, where PostgreSQL's scan
carries the computed value. So that plan widths match, a table scan that is a
PlaceHolderVar's whole eval_at counts the PlaceHolderVar's width (the type's average,
get_typavgwidth) instead of its marker and of the columns only PlaceHolderVars read.
A PlaceHolderVar evaluated at a join keeps the scans' widths of what it reads.

Entry points:
    Needs()                      collects, from the level's expressions
        .note(expr) -> None      every Var read outside PlaceHolderVars, and each
                                 single-table PlaceHolderVar with what it reads
        .scan_width_change(rtindex, column_width) -> int

PostgreSQL: optimizer/util/placeholder.c (find_placeholder_info, ph_width),
optimizer/plan/initsplan.c (add_vars_to_targetlist: a column needed only at its own
relation is not in its target list).
"""
from __future__ import annotations

from pgsnake.optimizer import cost
from pgsnake.parser.expression_nodes import PlaceHolderVar, Var, children

_TID_WIDTH = 6          # a marker's ctid, as the scan counted it (planner.TID_WIDTH)


def is_placeholder(expr) -> bool:
    return isinstance(expr, PlaceHolderVar) and bool(expr.null_marker)


def eval_at(placeholder) -> frozenset:
    return frozenset(m.rtindex for m in placeholder.null_marker)


class Needs:
    def __init__(self) -> None:
        self.outside: set[tuple[int, int]] = set()
        self.single: dict[int, set] = {}          # rtindex -> its PlaceHolderVars
        self.inside: dict[int, set] = {}          # rtindex -> attnums they read

    def note(self, expr) -> None:
        stack = [expr]
        while stack:
            node = stack.pop()
            if is_placeholder(node):
                where = eval_at(node)
                if len(where) == 1:
                    (rtindex,) = where
                    self.single.setdefault(rtindex, set()).add(node)
                    self.inside.setdefault(rtindex, set()).update(
                        (n.rtindex, n.attnum) for n in _vars(node.arg))
                    continue
                stack.append(node.arg)       # computed at a join: what it reads
                continue
            if isinstance(node, Var):
                if not node.levels_up:
                    self.outside.add((node.rtindex, node.attnum))
                continue
            stack.extend(children(node))

    def scan_width_change(self, rtindex: int, column_width) -> int:
        placeholders = self.single.get(rtindex)
        if not placeholders:
            return 0
        change = sum(cost.column_width(p.type_oid, p.typmod) for p in placeholders)
        if (rtindex, -1) not in self.outside:
            change -= _TID_WIDTH
        for key in self.inside.get(rtindex, ()):
            if key[0] == rtindex and key not in self.outside and key[1] > 0:
                change -= column_width(key[1])
        return change


def _vars(expr):
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Var):
            if not node.levels_up:
                yield node
            continue
        stack.extend(children(node))
