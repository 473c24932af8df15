"""Evaluating a subquery inside an expression: SubPlan, InitPlan and hashed SubPlan.

Entry point: importing this module teaches expression_eval.compile_expression the
SubPlan node (optimizer/subselect.py makes them). The compiled code, kept with the plan
like every expression, does per call:

    set the PARAM_EXEC slots `par_params` from the outer row (`args`)
    re-scan the subquery's state tree, telling it which slots changed (chgParam)
    read as many rows as the kind needs:
        exists   the first row decides: TRUE, or FALSE when there is none
        expr     NULL when there is no row, the value of the only row, or 21000 "more
                 than one row returned by a subquery used as an expression"
        array    every row's value, as an array (empty, never NULL, for no rows)
        any      TRUE on the first row that compares TRUE; else NULL if some comparison
                 was NULL, else FALSE (also for no rows)
        all      FALSE on the first FALSE; else NULL if some was NULL, else TRUE

The subquery's state tree belongs to the execution (ExecutorState.subplan_nodes, made
on first use and ended with the execution). An InitPlan runs once per execution and its
value is kept in its result slot; a hashed SubPlan reads its rows once into a set.

PostgreSQL: executor/nodeSubplan.c (ExecSubPlan, ExecScanSubPlan, ExecHashSubPlan,
ExecSetParamPlan).
"""
from __future__ import annotations

from pgsnake.executor import hash_keys
from pgsnake.executor.expression_eval import compile_expression, register_builder
from pgsnake.executor.plan_state import batches_of, init_node
from pgsnake.parser.expression_nodes import AlternativeSubPlan, Param, SubPlan
from pgsnake.utils.errors import PgError

CARDINALITY_VIOLATION = "21000"
_UNSET = object()


def subplan_node(subplan: SubPlan, ex):
    """The execution's state tree for this subquery, made on first use."""
    node = ex.subplan_nodes.get(subplan.plan_id)
    if node is None:
        node = ex.subplan_nodes[subplan.plan_id] = init_node(subplan.plan, ex)
    return node


def _compile_subplan(expr: SubPlan, layout):
    arg_fns = list(zip(expr.par_params, [compile_expression(a, layout) for a in expr.args]))
    kind = expr.kind
    if expr.hashed:
        return _compile_hashed(expr, layout)
    test = compile_expression(expr.arg, layout) if expr.arg is not None else None
    test_slot = expr.test_slot

    reset_slots = expr.reset_slots

    def start(row, ex):
        slots = ex.exec_params
        for slot, fn in arg_fns:
            slots[slot] = fn(row, ex)
        for slot in reset_slots:
            slots.pop(slot, None)
        node = subplan_node(expr, ex)
        # Every parameter the subquery reads may have changed since its last run (its
        # own, or an enclosing level's): parts that read none keep their cached rows.
        node.rescan(node.params_used)
        return node

    if kind == "exists":
        def exists(row, ex):
            return start(row, ex).next_batch() is not None
        run = exists
    elif kind == "expr":
        def scalar(row, ex):
            node = start(row, ex)
            batch = node.next_batch()
            if batch is None:
                return None
            if len(batch) > 1 or node.next_batch() is not None:
                raise PgError(CARDINALITY_VIOLATION,
                              "more than one row returned by a subquery used as an expression")
            return batch[0][0]
        run = scalar
    elif kind == "array" and expr.array_of_arrays:
        from pgsnake.datatypes.ordered_aggregates import accumulate_array

        def array_of_arrays(row, ex):
            # ARRAY(SELECT arr ...): one more dimension (array_agg(anyarray)'s rules:
            # 22004 for a NULL array, 2202E for empty ones or unlike dimensions)
            state = None
            for batch in batches_of(start(row, ex)):
                for sub_row in batch:
                    state = accumulate_array(state, sub_row[0])
            return [] if state is None else state
        run = array_of_arrays
    elif kind == "array":
        def array(row, ex):
            return [sub_row[0] for batch in batches_of(start(row, ex)) for sub_row in batch]
        run = array
    elif kind == "rowcompare":
        more_slots = tuple(enumerate(expr.more_test_slots, start=1))

        def row_compare(row, ex):
            # (a, b) = (SELECT x, y): NULL without a row, 21000 past one
            node = start(row, ex)
            slots = ex.exec_params
            result = seen = None
            for batch in batches_of(node):
                for sub_row in batch:
                    if seen:
                        raise PgError(CARDINALITY_VIOLATION, "more than one row returned by "
                                      "a subquery used as an expression")
                    seen = True
                    slots[test_slot] = sub_row[0]
                    for index, slot in more_slots:
                        slots[slot] = sub_row[index]
                    result = test(row, ex)
            return result
        run = row_compare
    else:
        want_any = kind == "any"
        more_slots = tuple(enumerate(expr.more_test_slots, start=1))

        def any_all(row, ex):
            node = start(row, ex)
            slots = ex.exec_params
            saw_null = False
            for batch in batches_of(node):
                for sub_row in batch:
                    slots[test_slot] = sub_row[0]
                    for index, slot in more_slots:
                        slots[slot] = sub_row[index]
                    result = test(row, ex)
                    if result is None:
                        saw_null = True
                    elif result is want_any:
                        return want_any
            return None if saw_null else not want_any
        run = any_all
    if not expr.init_plan:
        return run
    result_slot = expr.result_slot

    def init_plan(row, ex):
        value = ex.exec_params.get(result_slot, _UNSET)
        if value is _UNSET:
            value = ex.exec_params[result_slot] = run(row, ex)
        return value
    return init_plan


def _compile_hashed(expr: SubPlan, layout):
    """`x IN (uncorrelated SELECT)`: the subquery's values are read once per execution
    into a set (NULLs noted apart); each call is then one lookup, with ANY's NULL rules."""
    if expr.more_test_slots:
        return _compile_hashed_row(expr, layout)
    left = compile_expression(expr.arg.args[0], layout)
    right_expr = expr.arg.args[1]
    # the righthand side over the subquery's column ($n, or a cast of it): computed for
    # each subquery row as the table is built, as PostgreSQL's hashed SubPlan projects
    right = None if isinstance(right_expr, Param) \
        else compile_expression(right_expr, layout)
    rights = ((0, expr.test_slot, right),)
    plan_id = expr.plan_id

    def table(ex):
        built = ex.subplan_hashes.get(plan_id)
        if built is None:
            values = set()
            has_null = False
            for (value,) in _subquery_keys(expr, ex, rights):
                if value is None:
                    has_null = True
                else:
                    values.add(value)
            built = ex.subplan_hashes[plan_id] = (values, has_null)
        return built

    def hashed(row, ex):
        values, has_null = table(ex)
        x = left(row, ex)
        if x is None:
            return None if (values or has_null) else False
        if _hashable(x) in values:
            return True
        return None if has_null else False

    if expr.unknown_eq_false:
        # The IN form of an EXISTS: "no equal row" is false there, never NULL.
        return lambda row, ex: hashed(row, ex) or False
    return hashed


def _subquery_keys(expr: SubPlan, ex, rights):
    """The hashed SubPlan's subquery run once, each row as the tuple of its righthand
    values (`rights`: (column, PARAM slot, compiled righthand expression or None for the
    bare column)), hashable: computed for each subquery row as PostgreSQL's hashed
    SubPlan projects them while building its table."""
    node = subplan_node(expr, ex)
    node.rescan(frozenset())
    slots = ex.exec_params
    for batch in batches_of(node):
        for sub_row in batch:
            key = []
            for index, slot, right in rights:
                value = sub_row[index]
                if right is not None:
                    slots[slot] = value
                    value = right(None, ex)
                key.append(_hashable(value))
            yield tuple(key)


def _compile_hashed_row(expr: SubPlan, layout):
    """`(a, b) IN (uncorrelated SELECT x, y)`: the subquery's rows without NULLs are read
    once per execution into a set of tuples, those with a NULL into a list. A lefthand row
    without NULLs found in the set is true; otherwise the result is NULL when some stored
    row could still be equal (every column equal where both sides are not NULL:
    findPartialMatch) and false when none could (ExecHashSubPlan's rules)."""
    pairs = expr.arg.args
    lefts = tuple(compile_expression(pair.args[0], layout) for pair in pairs)
    slots_of_columns = (expr.test_slot,) + expr.more_test_slots
    rights = tuple((index, slot, None if isinstance(pair.args[1], Param)
                    else compile_expression(pair.args[1], layout))
                   for index, (pair, slot) in enumerate(zip(pairs, slots_of_columns)))
    plan_id = expr.plan_id

    def table(ex):
        built = ex.subplan_hashes.get(plan_id)
        if built is None:
            rows, rows_with_null = set(), []
            for key in _subquery_keys(expr, ex, rights):
                if None in key:
                    rows_with_null.append(key)
                else:
                    rows.add(key)
            built = ex.subplan_hashes[plan_id] = (rows, rows_with_null)
        return built

    def hashed_row(row, ex):
        rows, rows_with_null = table(ex)
        key = tuple(_hashable(left(row, ex)) for left in lefts)
        if None not in key:
            if key in rows:
                return True
            return None if _partial_match(rows_with_null, key) else False
        if not rows and not rows_with_null:
            return False
        if all(value is None for value in key):
            return None
        if _partial_match(rows_with_null, key) or _partial_match(rows, key):
            return None
        return False

    if expr.unknown_eq_false:
        return lambda row, ex: hashed_row(row, ex) or False
    return hashed_row


def _partial_match(stored, key: tuple) -> bool:
    """Some stored row equal to `key` in every column where neither is NULL."""
    return any(all(a is None or b is None or a == b for a, b in zip(candidate, key))
               for candidate in stored)


def _hashable(value):
    """A value as the hash table's key: float NaNs are one key (float equality says
    NaN = NaN), arrays tuples (hash_keys.hashable_key)."""
    if isinstance(value, list) or (type(value) is float and value != value):
        return hash_keys.hashable_key((value,))[0]
    return value


register_builder(SubPlan, _compile_subplan)


def _compile_alternative(expr, layout):
    # The planner chooses between the alternatives when it finishes a level; one left in
    # an expression it does not rewrite runs its plain SubPlan, which is always correct.
    return _compile_subplan(expr.alternatives[0], layout)


register_builder(AlternativeSubPlan, _compile_alternative)
