"""User-defined ordered-set and hypothetical-set aggregates at run time: CREATE AGGREGATE
name(direct args ORDER BY aggregated args) (aggkind 'o', or 'h' with HYPOTHETICAL),
called as `name(direct) WITHIN GROUP (ORDER BY keys)`.

The parser (parser/aggregate_order.py) asks `lookup(name, schema, direct_types,
sorted_types, flags, can_cast)` through datatypes/ordered_aggregates when no built-in
ordered-set aggregate takes the call (flags None: a call without WITHIN GROUP, matched
on its signature alone, to be refused). The visible aggregates of that name with kind
'o' / 'h' are tried in search-path order; one fits when the direct and aggregated
arguments can be coerced to its declared ones (polymorphic types bound as for a plain
aggregate; "any" keeps the argument's type; a folded `VARIADIC "any" ORDER BY
VARIADIC "any"` takes any number of each, and a hypothetical one as many direct
arguments as sort keys).

Running one follows nodeAgg.c for ordered-set aggregates: nodeAgg does not sort their
input (the WITHIN GROUP order is the support functions' business), so
  - a user transition function gets the aggregated arguments of each row in arrival
    order (strictness rules as for plain aggregates: user_aggregates.py);
  - the final function gets the state and the direct arguments (evaluated once per
    group: constants, or the group's first row's values), then with FINALFUNC_EXTRA one
    NULL per aggregated argument; a strict one is not called when any of these is NULL;
  - an aggregate built from PostgreSQL's own ordered_set_transition[_multi] and one of
    its final functions (percentile_disc_final, percentile_cont_*_final, mode_final,
    rank_final, dense_rank_final, percent_rank_final, cume_dist_final) runs as the
    built-in ordered-set aggregate with that final does (datatypes/ordered_aggregates
    .builtin_final): its rows sorted by the call's WITHIN GROUP keys.

Entry points: install() (called by pl/__init__.py).

PostgreSQL: executor/nodeAgg.c (ordered-set aggregates' direct arguments and final
function extra arguments), utils/adt/orderedsetaggs.c (ordered_set_transition,
hypothetical_rank_common), parser/parse_func.c (WITHIN GROUP resolution,
unify_hypothetical_args).
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import aggregate_creation, function_creation, lookup_functions
from pgsnake.datatypes import aggregates, ordered_aggregates, registry
from pgsnake.pl.user_aggregates import NO_VALUE, SupportFunction, _bind, _binding
from pgsnake.utils import process_state
from pgsnake.utils.errors import PgError

ANY = 2276
_COLLECTING = ("ordered_set_transition", "ordered_set_transition_multi")


class _State:
    """One group's state: the direct arguments' values (from its first row) and the
    transition state."""
    __slots__ = ("direct", "inner")

    def __init__(self, inner) -> None:
        self.direct = None
        self.inner = inner

    def __getstate__(self):
        return (self.direct, self.inner)

    def __setstate__(self, state) -> None:
        self.direct, self.inner = state


def _declared(row, agg, ndirect: int, nsorted: int):
    """The declared types the call's direct and aggregated arguments take, or None when
    the counts do not fit."""
    declared = list(row.proargtypes)
    if agg.aggnumdirectargs == len(declared) and row.provariadic:      # folded VARIADIC
        fixed, variadic = declared[:-1], declared[-1]
        if ndirect < len(fixed) or nsorted < 1:
            return None
        if row.provariadic != ANY:
            variadic = row.provariadic
        return fixed + [variadic] * (ndirect - len(fixed)), [variadic] * nsorted
    if ndirect != agg.aggnumdirectargs or nsorted != len(declared) - ndirect:
        return None
    return declared[:ndirect], declared[ndirect:]


def _fit(row, agg, direct_types, sorted_types, can_cast, within_group: bool = True):
    """(direct targets, sorted targets, result type) for this call, or None.
    `within_group` false: the signature alone (a call written without WITHIN GROUP)."""
    declared = _declared(row, agg, len(direct_types), len(sorted_types))
    if declared is None:
        return None
    if within_group and agg.aggkind == "h" and len(direct_types) != len(sorted_types):
        return None
    wanted = declared[0] + declared[1]
    actual = list(direct_types) + list(sorted_types)
    element = _binding(wanted, actual)
    targets = []
    for want, got in zip(wanted, actual):
        if want == ANY:
            targets.append(ANY)
            continue
        target = _bind(want, element)
        if target in (ANY, 2283, 2277, 2776, 5077, 5078, 5079):   # nothing bound it
            target = registry.TEXT if got == registry.UNKNOWN else got
        if got != registry.UNKNOWN and not can_cast(got, target):
            return None
        targets.append(target)
    return (tuple(targets[:len(direct_types)]), tuple(targets[len(direct_types):]),
            _bind(row.prorettype, element))


def _lookup(name: str, schema, direct_types, sorted_types, flags, can_cast):
    if not process_state.database_oid or not function_creation.functions_named(name):
        return None
    from pgsnake.pl import function_manager
    for row in function_manager.visible_rows(name, schema):
        if row.prokind != "a":
            continue
        agg = aggregate_creation.aggregate_row(row.oid)
        if agg is None or agg.aggkind == "n":
            continue
        fitted = _fit(row, agg, direct_types, sorted_types, can_cast, flags is not None)
        if fitted is None:
            continue
        direct_targets, sorted_targets, result_type = fitted

        def make(direct_values, _row=row, _agg=agg, _fitted=fitted):
            return _make(_row, _agg, _fitted, flags, direct_values)
        return ordered_aggregates.OrderedSetCall(row.oid, result_type, direct_targets,
                                                 sorted_targets, make,
                                                 hypothetical=agg.aggkind == "h")
    return None


def _make(row, agg, fitted, flags, direct_values) -> aggregates.Aggregate:
    direct_types, sorted_types, result_type = fitted
    ndirect, nsorted = len(direct_types), len(sorted_types)
    call_args = direct_types + sorted_types
    transfn = lookup_functions.proc_row(agg.aggtransfn)
    if transfn is not None and transfn.proname in _COLLECTING and agg.aggtransfn < 16384:
        finalfn = lookup_functions.proc_row(agg.aggfinalfn) if agg.aggfinalfn else None
        made = ordered_aggregates.builtin_final(finalfn.proname if finalfn else "", ndirect,
                                                flags, direct_values, result_type)
        if made is None:
            shown = finalfn.proname if finalfn else transfn.proname
            raise PgError("0A000", f"ordered-set aggregate support function {shown} is "
                                   f"not supported by pgsnake")
        return dataclasses.replace(made, oid=row.oid, name=row.proname, arg_types=call_args,
                                   result_type=result_type)
    transtype = _bind(agg.aggtranstype, _binding(list(call_args), list(call_args)))
    gathers = agg.aggnumdirectargs == row.pronargs and row.provariadic not in (0, ANY)
    trans = SupportFunction(agg.aggtransfn, [transtype, *sorted_types])
    final = SupportFunction(agg.aggfinalfn, [transtype, *(call_args if agg.aggfinalextra
                                                          else direct_types)]) \
        if agg.aggfinalfn else None
    initval = agg.agginitval
    extra = nsorted if agg.aggfinalextra else 0

    def init():
        if initval is None:
            return _State(NO_VALUE if trans.strict else None)
        return _State(registry.get_type(transtype).input(initval, -1))

    def transition(state, *row_values):
        if state.direct is None:
            state.direct = row_values[:ndirect]
        values = row_values[ndirect:ndirect + nsorted]
        if gathers:
            values = (list(values),)
        inner = state.inner
        if trans.strict:
            if any(v is None for v in values):
                return state
            if inner is NO_VALUE:
                first = values[0]
                state.inner = list(first) if isinstance(first, list) else first
                return state
            if inner is None:
                return state
        elif inner is NO_VALUE:
            inner = None
        state.inner = trans(inner, *values)
        return state

    def finish(state):
        inner = None if state is None or state.inner is NO_VALUE else state.inner
        if final is None:
            return inner
        direct = direct_values
        if direct is None:
            direct = state.direct if state is not None and state.direct is not None \
                else (None,) * ndirect
        arguments = [inner, *direct, *([None] * extra)]
        if final.strict and any(a is None for a in arguments):
            return None
        return final(*arguments)

    return aggregates.Aggregate(row.oid, row.proname, call_args, result_type, init,
                                transition, finish, strict=False)


def install() -> None:
    ordered_aggregates.set_user_ordered_set_lookup(_lookup)
