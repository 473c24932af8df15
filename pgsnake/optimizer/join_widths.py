"""Join widths: a join passes up only the columns something above it still needs.

PostgreSQL gives every base relation's column an attr_needed set: the relations at
whose joins the column is used, 0 for "above the whole join tree" (the target list,
GROUP BY, HAVING). A join relation's target list holds the columns of its inputs whose
attr_needed reaches outside the join's relations (build_joinrel_tlist), so a column
used only by a join clause stops at the join that evaluates it, and the join's width
(the sum of its columns' widths) is smaller than the sum of its inputs' widths.

Where a column is needed (add_vars_to_targetlist's calls):
1. a clause evaluated at a join: at the clause's required relations (an outer join's
   ON clause: the join's minimal sides; a clause delayed by an outer join: widened);
2. a clause an equivalence class absorbed: at its own relations, as written
   (distribute_qual_to_rels marks them before process_equivalence);
3. a member of an equivalence class without a constant: at all the class's
   relations (generate_base_implied_equalities_no_const), so a semi join's RHS column
   equal to an outer column another table also equals leaves the semi join;
4. everything else the planner reads (target list, GROUP BY, HAVING, LATERAL
   references, row marks): above every join (never dropped here).

Only columns whose width the scan counted one by one (tables and function scans) are
dropped; other items keep their whole width, as before.

Entry point:
    JoinWidths(problem, top_columns, droppable_width)
        .width(joinrelids, input_width) -> the join relation's width

PostgreSQL: optimizer/plan/initsplan.c (add_vars_to_targetlist,
distribute_qual_to_rels), optimizer/path/equivclass.c
(generate_base_implied_equalities_no_const), optimizer/util/relnode.c
(build_joinrel_tlist), optimizer/path/costsize.c (set_joinrel_size_estimates' width).
"""
from __future__ import annotations

from typing import Callable

from pgsnake.parser.expression_nodes import Var, walk


def _columns(expr):
    for node in walk(expr):
        if isinstance(node, Var) and not node.levels_up:
            yield node.rtindex, node.attnum


class JoinWidths:
    def __init__(self, problem, top_columns: set,
                 droppable_width: Callable[[int, int], int | None]) -> None:
        """`top_columns`: (rtindex, attnum) read above the join tree (rule 4);
        `droppable_width(rtindex, attnum)`: the width the scan counted for that column,
        None when the item's width is not made of its columns (rule 4 applies)."""
        needed_at: dict[tuple, frozenset] = {}

        def note(expr, relids: frozenset) -> None:
            if len(relids) < 2:
                return
            for key in _columns(expr):
                needed_at[key] = needed_at.get(key, frozenset()) | relids

        for clause in problem.clauses:
            note(clause.clause, clause.required_relids)
        for ec in problem.classes:
            for source in ec.sources:
                note(source, frozenset(rt for rt, _ in _columns(source)))
            if not ec.has_const and not ec.is_broken:
                relids = ec.relids
                for member in ec.members:
                    note(member, relids)
        # (rtindex, width, where needed) of each column only joins use
        self._dropped: list[tuple[int, int, frozenset]] = []
        for (rtindex, attnum), relids in needed_at.items():
            if (rtindex, attnum) in top_columns or attnum == 0:
                continue
            width = droppable_width(rtindex, attnum)
            if width is not None:
                self._dropped.append((rtindex, width, relids))
        self._cache: dict[frozenset, int] = {}

    def dropped(self, relids: frozenset) -> int:
        """Width of the columns of `relids`' relations needed nowhere outside them."""
        width = self._cache.get(relids)
        if width is None:
            width = self._cache[relids] = sum(
                w for rtindex, w, needed in self._dropped
                if rtindex in relids and needed <= relids)
        return width

    def width(self, joinrelids: frozenset, input_width: int) -> int:
        """The join relation's width, from `input_width`: the sum of its base
        relations' scan widths."""
        return input_width - self.dropped(joinrelids)
