"""Join nodes: Nested Loop (with Materialize), Hash Join (with Hash).

A joined row is the outer row followed by the inner row. For a LEFT join an outer row
without a match is emitted once, padded with NULLs for the inner columns. `join_qual`
decides whether two rows match; the node's `qual` then filters joined rows (for an outer
join that is after NULL padding, which is what WHERE on a nullable column needs).

PostgreSQL: executor/nodeNestloop.c, nodeHashjoin.c, nodeHash.c, nodeMaterial.c.
"""
from __future__ import annotations

from pgsnake.executor.executor import execute_plan, runner
from pgsnake.executor.expression_eval import compile_expression, compile_qual, layout_of
from pgsnake.optimizer.plan_nodes import Hash, HashJoin, Materialize, NestedLoop


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
                inner_rows = list(execute_plan(plan.inner, state))
            matched = False
            for inner_row in inner_rows:
                row = list(outer_row) + list(inner_row)
                if join_qual is None or join_qual(row):
                    matched = True
                    if qual is None or qual(row):
                        yield row
            if left and not matched:
                row = list(outer_row) + [None] * inner_width
                if qual is None or qual(row):
                    yield row
    return loop()


@runner(HashJoin)
def run_hash_join(plan, state):
    layout = layout_of(plan.row_keys())
    outer_layout = layout_of(plan.outer.output_keys)
    inner_layout = layout_of(plan.inner.output_keys)
    outer_keys = [compile_expression(o, outer_layout, state) for o, _, _ in plan.hash_clauses]
    inner_keys = [compile_expression(i, inner_layout, state) for _, i, _ in plan.hash_clauses]
    join_qual = compile_qual(plan.join_qual, layout, state)
    qual = compile_qual(plan.qual, layout, state)
    inner_width = len(plan.inner.output_keys)
    left = plan.join_type == "left"

    def join():
        table: dict = {}
        built = False
        for outer_row in execute_plan(plan.outer, state):
            if not built:
                # Build the hash table lazily: an empty outer side never scans the inner.
                for inner_row in execute_plan(plan.inner, state):
                    key = tuple(k(inner_row) for k in inner_keys)
                    if None in key:
                        continue          # NULL never equals anything
                    table.setdefault(key, []).append(inner_row)
                built = True
            key = tuple(k(outer_row) for k in outer_keys)
            matched = False
            if None not in key:
                for inner_row in table.get(key, ()):
                    row = list(outer_row) + list(inner_row)
                    if join_qual is None or join_qual(row):
                        matched = True
                        if qual is None or qual(row):
                            yield row
            if left and not matched:
                row = list(outer_row) + [None] * inner_width
                if qual is None or qual(row):
                    yield row
    return join()
