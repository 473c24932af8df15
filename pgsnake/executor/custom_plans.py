"""Custom or generic plan: the choice a prepared statement makes at each execution.

A prepared statement (PREPARE, a protocol Parse, EXPLAIN EXECUTE of one) keeps one
generic plan, made with its $n as parameters. An execution with parameter values may
instead plan the query again with those values as constants (a custom plan: constants
folded, partitions pruned at plan time, selectivities from the values). As PostgreSQL's
plan cache: the first five executions with parameters use custom plans; after that the
generic plan is used when its cost is below the average custom plan's cost, which counts
a charge for planning (1000 * cpu_operator_cost per range-table entry, plus one).
plan_cache_mode forces either. An execution without parameters always uses the generic
plan, and so does a statement marked `generic_plan_only` (a SQL function's statements,
which PostgreSQL plans without their arguments' values). PL/pgSQL's statements and
commands' internal statements (SPI) choose as prepared statements do. pg_prepared_statements shows the counts (generic_plans, custom_plans).

Entry points:
    PlanCounters                                 a statement's counts and costs
    wants_custom_plan(counters, params) -> bool   choose_custom_plan
    note_custom_plan(counters, query, plan)       a custom plan was made: count its cost
    generic_plan_cost(plan) -> float
    bind_parameter_values(query, values)
        the query (freshly analysed) with $n replaced by constants of their values

Every $n is replaced, in subqueries (sublinks, FROM, WITH) too, as the planner's
eval_const_expressions does with the bound parameters of a custom plan.

PostgreSQL: utils/cache/plancache.c (choose_custom_plan, cached_plan_cost,
GetCachedPlan), optimizer/util/clauses.c (eval_const_expressions' Param replacement).
"""
from __future__ import annotations

import dataclasses

from pgsnake.optimizer import function_inlining
from pgsnake.parser.expression_nodes import Const, Param
from pgsnake.parser.range_table_size import range_table_size
from pgsnake.rewrite import tree_mapping
from pgsnake.utils import settings

# Custom plans made before their average cost is weighed against the generic plan's.
CUSTOM_PLANS_FIRST = 5


@dataclasses.dataclass
class PlanCounters:
    """A statement's plan history (CachedPlanSource's generic_cost, total_custom_cost,
    num_custom_plans, num_generic_plans)."""
    generic_plans: int = 0
    custom_plans: int = 0
    total_custom_cost: float = 0.0


def wants_custom_plan(counters: PlanCounters, params, generic_cost) -> bool:
    """Whether this execution plans again with its parameter values. `generic_cost` is
    a callable giving the generic plan's cost (computed only when it is compared)."""
    if not params:
        return False
    mode = settings.get("plan_cache_mode")
    if mode == "force_generic_plan":
        return False
    if mode == "force_custom_plan":
        return True
    if counters.custom_plans < CUSTOM_PLANS_FIRST:
        return True
    average_custom = counters.total_custom_cost / counters.custom_plans
    return not generic_cost() < average_custom


def generic_plan_cost(plan) -> float:
    return float(getattr(plan, "total_cost", 0.0) or 0.0)


def note_custom_plan(counters: PlanCounters, query, plan) -> None:
    """Count a custom plan and its cost, with the planning charge."""
    planning = 1000.0 * float(settings.get("cpu_operator_cost")) * (range_table_size(query) + 1)
    counters.total_custom_cost += generic_plan_cost(plan) + planning
    counters.custom_plans += 1


def bind_parameter_values(query, values: list) -> bool:
    """Replace the query's $n, in it and in every query nested in it, by constants of
    `values`, in place; whether any was replaced."""
    if not values:
        return False
    replaced = []

    def constant(e):
        if isinstance(e, Param) and e.kind == "extern" and 0 < e.number <= len(values):
            replaced.append(e.number)
            return Const(e.type_oid, values[e.number - 1], e.typmod)
        return None

    def bind(level) -> None:
        function_inlining.substitute_in_query(level, constant)
        for nested in tree_mapping.nested_queries(level):
            bind(nested)
    bind(query)
    return bool(replaced)
