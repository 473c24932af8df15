"""Join nodes: Nested Loop (with Materialize), Merge Join, Hash Join (with Hash).

A joined row is the outer row followed by the inner row. For a LEFT join an outer row
without a match is emitted once, padded with NULLs for the inner columns; for a RIGHT
join (Merge and Hash only) each inner row that matched no outer row is emitted at the
end, padded with NULLs for the outer columns. `join_qual`
decides whether two rows match; the node's `qual` then filters joined rows (for an outer
join that is after NULL padding, which is what WHERE on a nullable column needs).

PostgreSQL: executor/nodeNestloop.c, nodeMergejoin.c, nodeHashjoin.c, nodeHash.c,
nodeMaterial.c.
"""
from __future__ import annotations

from pgsnake.executor.executor import execute_plan, runner
from pgsnake.executor.expression_eval import compile_expression, compile_qual, layout_of
from pgsnake.optimizer.plan_nodes import Hash, HashJoin, Materialize, MergeJoin, NestedLoop


@runner(Materialize)
def run_materialize(plan, state):
    return iter(list(execute_plan(plan.child, state)))


@runner(Hash)
def run_hash(plan, state):
    return execute_plan(plan.child, state)


@runner(NestedLoop)
def run_nested_loop(plan, state):
    layout = layout_of(plan.row_keys())
    join_qual = compile_qual(plan.join_qual, layout, state)
    qual = compile_qual(plan.qual, layout, state)
    inner_width = len(plan.inner.output_keys)
    left = plan.join_type == "left"

    def loop():
        inner_rows = None
        for outer_row in execute_plan(plan.outer, state):
            if inner_rows is None:
                inner_rows = list(enumerate(execute_plan(plan.inner, state)))
            yield from _join_one_outer_row(outer_row, inner_rows, join_qual, qual, left,
                                           None, inner_width)
    return loop()


def _join_one_outer_row(outer_row, candidates, join_qual, qual, left: bool,
                        matched_inner: set | None, inner_width: int):
    """Join one outer row to its candidate (index, inner row) pairs: rows passing the join
    qual are matches (their indexes noted for a RIGHT join's NULL-padded leftovers), and
    a LEFT join pads an unmatched outer row with NULLs; `qual` filters what is emitted."""
    matched = False
    for index, inner_row in candidates:
        row = list(outer_row) + list(inner_row)
        if join_qual is None or join_qual(row):
            matched = True
            if matched_inner is not None:
                matched_inner.add(index)
            if qual is None or qual(row):
                yield row
    if left and not matched:
        row = list(outer_row) + [None] * inner_width
        if qual is None or qual(row):
            yield row


def _equi_join_parts(plan, clauses, state):
    """What Hash Join and Merge Join both compile: each side's key expressions (from
    (outer, inner, operator) clauses), the extra join qual, the qual on joined rows, the
    two row widths (for NULL padding), and whether it is a LEFT or RIGHT join."""
    layout = layout_of(plan.row_keys())
    outer_layout = layout_of(plan.outer.output_keys)
    inner_layout = layout_of(plan.inner.output_keys)
    return ([compile_expression(o, outer_layout, state) for o, _, _ in clauses],
            [compile_expression(i, inner_layout, state) for _, i, _ in clauses],
            compile_qual(plan.join_qual, layout, state),
            compile_qual(plan.qual, layout, state),
            len(plan.outer.output_keys), len(plan.inner.output_keys),
            plan.join_type == "left", plan.join_type == "right")


@runner(HashJoin)
def run_hash_join(plan, state):
    (outer_keys, inner_keys, join_qual, qual, outer_width, inner_width,
     left, right) = _equi_join_parts(plan, plan.hash_clauses, state)

    def join():
        table: dict = {}
        inner_rows: list = []           # every inner row, for a RIGHT join's unmatched ones
        matched_inner: set = set()      # indexes into inner_rows
        built = False

        def build():
            for inner_row in execute_plan(plan.inner, state):
                index = len(inner_rows)
                if right:
                    inner_rows.append(inner_row)
                key = tuple(k(inner_row) for k in inner_keys)
                if None in key:
                    continue          # NULL never equals anything
                table.setdefault(key, []).append((index, inner_row))

        for outer_row in execute_plan(plan.outer, state):
            if not built:
                # Build the hash table lazily: an empty outer side never scans the inner
                # (except for a RIGHT join, below).
                build()
                built = True
            key = tuple(k(outer_row) for k in outer_keys)
            candidates = table.get(key, ()) if None not in key else ()
            yield from _join_one_outer_row(outer_row, candidates, join_qual, qual, left,
                                           matched_inner if right else None, inner_width)
        if right:
            if not built:
                build()
            yield from _unmatched_inner(inner_rows, matched_inner, outer_width, qual)
    return join()


def _unmatched_inner(inner_rows, matched_inner, outer_width, qual):
    for index, inner_row in enumerate(inner_rows):
        if index not in matched_inner:
            row = [None] * outer_width + list(inner_row)
            if qual is None or qual(row):
                yield row


@runner(MergeJoin)
def run_merge_join(plan, state):
    """Both inputs are sorted ascending, NULLS LAST, on the merge keys (the planner puts
    Sorts below). The inner input is read once into runs of equal keys; the outer input
    streams, and a cursor over the runs only moves forward, so each outer row meets just
    the run with its key: duplicates on both sides give every pairing, and a key with a
    NULL in it matches nothing."""
    (outer_keys, inner_keys, join_qual, qual, outer_width, inner_width,
     left, right) = _equi_join_parts(plan, plan.merge_clauses, state)

    def join():
        inner_rows: list | None = None
        runs: list = []                 # [(key, [index into inner_rows, ...])] ascending
        matched_inner: set = set()

        def read_inner():
            rows = list(execute_plan(plan.inner, state))
            for index, inner_row in enumerate(rows):
                key = tuple(k(inner_row) for k in inner_keys)
                if None in key:
                    continue
                if runs and runs[-1][0] == key:
                    runs[-1][1].append(index)
                else:
                    runs.append((key, [index]))
            return rows

        position = 0
        for outer_row in execute_plan(plan.outer, state):
            if inner_rows is None:
                inner_rows = read_inner()
            key = tuple(k(outer_row) for k in outer_keys)
            candidates = ()
            if None not in key:
                while position < len(runs) and runs[position][0] < key:
                    position += 1
                if position < len(runs) and runs[position][0] == key:
                    candidates = [(index, inner_rows[index]) for index in runs[position][1]]
            yield from _join_one_outer_row(outer_row, candidates, join_qual, qual, left,
                                           matched_inner if right else None, inner_width)
        if right:
            if inner_rows is None:
                inner_rows = read_inner()
            yield from _unmatched_inner(inner_rows, matched_inner, outer_width, qual)
    return join()
