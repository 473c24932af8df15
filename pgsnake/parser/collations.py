"""Collation derivation: which collation an expression's result and each function's
input carry, and PostgreSQL's errors when they conflict.

Entry points:
    collate_clause(pstate, arg, names, location) -> CollateExpr      expr COLLATE name
    check_expression(pstate, expr)   after a whole expression is analysed: raises 42P21
                                     for two different explicit collations meeting, and
                                     makes a string comparison between two different
                                     implicit ones raise 42P22 when it runs
    derive(pstate, expr) -> (collation oid, strength, location)
    check_set_operation_column(pstate, left, right)   42P21 for implicit ones
    check_sort_key(pstate, expr)     ORDER BY / GROUP BY / DISTINCT need a collation
    collation_for(pstate, expr) -> FuncExpr      pg_collation_for(expr)

Rules (assign_collations_walker / merge_collation_state): a COLLATE clause is explicit; a
column, constant or parameter of a collatable type has its own (a column its
attcollation, a value of type name "C", other string types the database default) as
implicit; a node of a collatable result type takes what its inputs agree on; explicit
beats implicit, and a non-default implicit collation beats the default. Two explicit
ones that differ are an error where they meet (at the second COLLATE's name); two
implicit non-default ones make the result indeterminate, an error (42P21) only where a
collation is required at analysis (ORDER BY, set operations) and otherwise (42P22) when
a string comparison or case mapping runs without one.

pgsnake compares strings by code point whatever the collation: the database locales it
allows (C and C.UTF-8) and the collations "C", "POSIX" and "C.utf8" all order that way.
Case mapping (upper, lower, initcap) does depend on the collation's LC_CTYPE: a call
under a collation other than the default gets that collation's (C: ASCII letters only;
C.utf8: every letter) bound here; under the default it follows the database's.

PostgreSQL: parser/parse_collate.c, utils/adt/varlena.c (check_collation_set),
utils/adt/pg_locale.c.
"""
from __future__ import annotations

import dataclasses

from pgsnake.datatypes import registry
from pgsnake.parser.expression_nodes import (
    BoolExpr, BooleanTest, CaseExpr, CoalesceExpr, CollateExpr, Const, FuncExpr,
    MinMaxExpr, NullIfExpr, NullTest, OpExpr, ScalarArrayOpExpr, SubLink, Var, children)
from pgsnake.utils import process_state
from pgsnake.utils.errors import DATATYPE_MISMATCH, PgError

COLLATION_MISMATCH = "42P21"
INDETERMINATE_COLLATION = "42P22"
DEFAULT_COLLATION_OID = 100
C_COLLATION_OID = 950
NAME_OID, UNKNOWN_OID = 19, 705

NONE, IMPLICIT, CONFLICT, EXPLICIT = 0, 1, 2, 3


@dataclasses.dataclass
class State:
    collation: int = 0
    strength: int = NONE
    location: int | None = None
    # an implicit conflict: the two collations and where the second came from
    conflict: tuple | None = None


# -- COLLATE -------------------------------------------------------------------------------------

def collate_clause(pstate, arg, names: list[str], location, lookup_collation):
    """arg COLLATE name. An unknown literal becomes text first (as PostgreSQL coerces it
    before collating); the type must take a collation (42804 otherwise)."""
    keyword = pstate.position(location)
    oid = lookup_collation(names, arg.type_oid or UNKNOWN_OID, keyword)
    # (an unknown literal stays unknown, as in PostgreSQL: coercion looks through the
    # CollateExpr, coercion.py)
    own = derive(pstate, arg)
    return CollateExpr(arg, oid, _shown_name(oid), arg.type_oid or UNKNOWN_OID, keyword,
                       own.collation if own.strength in (IMPLICIT, EXPLICIT) else 0)


def _shown_name(oid: int) -> str:
    """generate_collation_name: the catalog name, quoted as an identifier (the
    collations pgsnake has all live in pg_catalog, always visible)."""
    from pgsnake.utils.setting_values import quote_identifier
    return quote_identifier(_name(oid))


def is_collatable(type_oid: int) -> bool:
    if type_oid in (0, UNKNOWN_OID):
        return False
    try:
        info = registry.get_type(type_oid)
    except Exception:           # a type the registry does not know takes no collation
        return False
    if info.category == "S":
        return True
    if info.category == "A" and info.element_oid:
        return is_collatable(info.element_oid)
    from pgsnake.catalog import user_types
    base = user_types.base_type(type_oid) if hasattr(user_types, "base_type") else type_oid
    return base != type_oid and is_collatable(base)


def _type_collation(type_oid: int) -> int:
    if type_oid == NAME_OID or registry.get_type(type_oid).element_oid == NAME_OID:
        return C_COLLATION_OID
    return DEFAULT_COLLATION_OID


# -- derivation --------------------------------------------------------------------------------

def derive(pstate, expr, memo: dict | None = None) -> State:
    """The collation state of `expr`'s result; memo (id -> state) saves re-deriving the
    subtrees of one expression being checked node by node."""
    if expr is None:
        return State()
    if memo is not None:
        found = memo.get(id(expr))
        if found is None:
            found = memo[id(expr)] = _derive(pstate, expr, memo)
        return found
    return _derive(pstate, expr, None)


def _derive(pstate, expr, memo) -> State:
    if isinstance(expr, CollateExpr):
        derive(pstate, expr.arg, memo)           # the argument's own conflicts still count
        return State(expr.collation_oid, EXPLICIT, expr.location)
    if isinstance(expr, Var):
        if not is_collatable(expr.type_oid):
            return State()
        return State(_column_collation(pstate, expr), IMPLICIT,
                     pstate.position(expr.location) if expr.location >= 0 else None)
    if isinstance(expr, SubLink):
        if expr.kind == "expr" and is_collatable(expr.type_oid):
            # a scalar subquery: its column's collation (implicit)
            columns = [t.expr for t in expr.subquery.target_list if not t.resjunk]
            if columns:
                inner = derive(_QueryScope(expr.subquery, pstate), columns[0])
                if inner.strength != NONE:
                    return State(inner.collation or DEFAULT_COLLATION_OID, IMPLICIT)
        if expr.arg is not None and expr.kind in ("any", "all"):
            derive(pstate, expr.arg, memo)
        return State(_type_collation(expr.type_oid), IMPLICIT) \
            if is_collatable(expr.type_oid) else State()
    if isinstance(expr, CaseExpr):
        for condition, _result in expr.whens:
            derive(pstate, condition, memo)
        inputs = [r for _c, r in expr.whens] + [expr.default]
        if getattr(expr, "arg", None) is not None:
            derive(pstate, expr.arg, memo)
    else:
        inputs = list(children(expr))
    merged = State()
    for child in inputs:
        merged = _merge(merged, derive(pstate, child, memo))
    type_oid = getattr(expr, "type_oid", 0)
    if isinstance(expr, (Const,)) or not inputs:
        return State(_type_collation(type_oid), IMPLICIT) if is_collatable(type_oid) else State()
    if isinstance(expr, (BoolExpr, NullTest, BooleanTest)) or not is_collatable(type_oid):
        return State()            # the inputs were checked; the result takes no collation
    if merged.strength == NONE:
        return State(_type_collation(type_oid), IMPLICIT)
    return merged


class _QueryScope:
    """An analysed subquery seen as the parse state its Vars were made in."""

    def __init__(self, query, parent) -> None:
        self.range_table = query.range_table
        self.parent = parent

    def position(self, _location):
        return None


def _merge(current: State, new: State) -> State:
    if new.strength > current.strength:
        return new
    if new.strength < current.strength or new.collation == current.collation:
        return current
    if current.strength == IMPLICIT:
        if new.collation == DEFAULT_COLLATION_OID:
            return current
        if current.collation == DEFAULT_COLLATION_OID:
            return new
        return State(0, CONFLICT, current.location,
                     (current.collation, new.collation, new.location))
    if current.strength == EXPLICIT:
        raise PgError(COLLATION_MISMATCH,
                      f'collation mismatch between explicit collations '
                      f'"{_name(current.collation)}" and "{_name(new.collation)}"',
                      position=new.location)
    return current


def _name(oid: int) -> str:
    from pgsnake.catalog import catalog_cache
    for row in catalog_cache.scan_catalog("pg_collation"):
        if row.oid == oid:
            return row.collname
    return str(oid)


def _column_collation(pstate, var: Var) -> int:
    level = pstate
    for _ in range(var.levels_up):
        level = getattr(level, "parent", None)
        if level is None:
            return _type_collation(var.type_oid)
    table = getattr(level, "range_table", None) or []
    if not 0 < var.rtindex <= len(table) or var.attnum <= 0:
        return _type_collation(var.type_oid)
    rte = table[var.rtindex - 1]
    relation = getattr(rte, "relation", None)
    if rte.kind == "relation" and relation is not None and process_state.database_oid:
        from pgsnake.catalog import catalog_cache
        for row in catalog_cache.attribute_rows(relation.oid):
            if row.attnum == var.attnum:
                return row.attcollation or _type_collation(var.type_oid)
    if rte.kind == "subquery" and rte.subquery is not None:
        columns = [t for t in rte.subquery.target_list if not t.resjunk]
        if var.attnum <= len(columns):
            found = _output_collations(rte.subquery).get(var.attnum)
            if found:
                return found
    return _type_collation(var.type_oid)


def _output_collations(query) -> dict:
    """A subquery's output columns' collations, as recorded when it was analysed."""
    return getattr(query, "output_collations", None) or {}


# -- checks --------------------------------------------------------------------------------------

def check_expression(pstate, expr) -> None:
    """The whole expression's collations: explicit conflicts raise now; string
    comparisons whose inputs conflict implicitly will raise 42P22 when they run."""
    _mark_indeterminate(pstate, expr)


def _mark_indeterminate(pstate, expr) -> None:
    memo: dict = {}
    _sublink_columns(pstate, expr, memo)
    derive(pstate, expr, memo)
    stack = [expr]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if isinstance(node, (OpExpr, FuncExpr, ScalarArrayOpExpr, MinMaxExpr, NullIfExpr)) \
                and _needs_collation(node):
            inputs = State()
            for child in children(node):
                inputs = _merge(inputs, derive(pstate, child, memo))
            if inputs.strength == CONFLICT:
                _raise_when_run(node)
            elif inputs.strength == EXPLICIT and isinstance(node, OpExpr):
                object.__setattr__(node, "input_collation", inputs.collation)
            elif isinstance(node, FuncExpr) and inputs.collation not in (0, DEFAULT_COLLATION_OID):
                _case_map_in(node, inputs.collation)
        stack.extend(children(node))


def _sublink_columns(pstate, expr, memo: dict) -> None:
    """IN / op ANY / op ALL (subquery): the placeholder for the subquery's column in the
    comparison has that column's collation (implicit)."""
    from pgsnake.parser.expression_nodes import Param
    stack = [expr]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if isinstance(node, SubLink) and node.kind in ("any", "all") and node.arg is not None:
            columns = [t.expr for t in node.subquery.target_list if not t.resjunk]
            if columns and is_collatable(columns[0].type_oid):
                inner = derive(_QueryScope(node.subquery, pstate), columns[0])
                if inner.strength in (IMPLICIT, EXPLICIT):
                    state = State(inner.collation, IMPLICIT)
                    for item in _walk(node.arg):
                        if isinstance(item, Param) and item.kind == "sublink":
                            memo[id(item)] = state
        stack.extend(children(node))


def _walk(expr):
    stack = [expr]
    while stack:
        node = stack.pop()
        if node is not None:
            yield node
            stack.extend(children(node))


# Operators and functions that compare or case-map strings (varstr_cmp, texteq with a
# collation check, upper/lower/initcap): they need a collation when they run.
_COMPARISONS = {"=", "<>", "<", "<=", ">", ">=", "~<~", "~>~"}
_CASE_FUNCTIONS = {"upper", "lower", "initcap"}


def _needs_collation(node) -> bool:
    args = list(children(node))
    if not any(is_collatable(getattr(a, "type_oid", 0)) for a in args):
        return False
    if isinstance(node, OpExpr):
        return node.operator_name in _COMPARISONS
    if isinstance(node, ScalarArrayOpExpr):
        return getattr(node, "operator_name", "=") in _COMPARISONS
    if isinstance(node, (MinMaxExpr, NullIfExpr)):
        return True
    return isinstance(node, FuncExpr) and node.function_name in _CASE_FUNCTIONS


def _case_map_in(node, collation: int) -> None:
    """upper / lower / initcap under a collation other than the default: its LC_CTYPE
    (C, POSIX: ASCII only; C.utf8: every character) decides, not the database's."""
    from pgsnake.datatypes.functions import CASE_MAPPINGS
    from pgsnake.utils import locale_names
    mapping = CASE_MAPPINGS.get(node.function_name)
    if mapping is None or len(node.args) != 1:
        return
    ctype = "C"
    if collation != C_COLLATION_OID:
        from pgsnake.catalog import catalog_cache as cc
        row = next((r for r in cc.scan_catalog("pg_collation") if r.oid == collation), None)
        ctype = (row.collctype or "C") if row is not None else "C"
    c_ctype = locale_names.is_c(ctype)
    object.__setattr__(node, "fn", lambda text: mapping(text, c_ctype))


def _raise_when_run(node) -> None:
    what = f"{node.function_name}() function" if isinstance(node, FuncExpr) \
        else "string comparison"
    fn_field = next((f for f in ("fn", "equal", "compare") if hasattr(node, f)), None)
    if fn_field is None:
        return

    def indeterminate(*_args, **_kwargs):
        raise PgError(INDETERMINATE_COLLATION,
                      f"could not determine which collation to use for {what}",
                      hint="Use the COLLATE clause to set the collation explicitly.")
    # (fn takes no part in the node's equality or hash)
    object.__setattr__(node, fn_field, indeterminate)


def check_sort_key(pstate, expr) -> None:
    """ORDER BY / GROUP BY / DISTINCT: an indeterminate collation is an error now."""
    state = derive(pstate, expr)
    if state.strength == CONFLICT:
        first, second, where = state.conflict
        raise _implicit_mismatch(first, second, where)


def set_operation_column(pstate, left: State | None, right: State | None,
                         right_position) -> State:
    """A set operation's output column takes its inputs' collation (select_common_
    collation with none_ok false): two different implicit ones are 42P21 at the right
    input's column."""
    left = left or State()
    right = right or State()
    if right.strength == IMPLICIT:
        right = dataclasses.replace(right, location=right_position)
    merged = _merge(left, right)
    if merged.strength == CONFLICT:
        first, second, where = merged.conflict
        raise _implicit_mismatch(first, second, where)
    return merged


def _implicit_mismatch(first: int, second: int, position) -> PgError:
    return PgError(COLLATION_MISMATCH,
                   f'collation mismatch between implicit collations "{_name(first)}" and '
                   f'"{_name(second)}"',
                   hint="You can choose the collation by applying the COLLATE clause to one "
                        "or both expressions.", position=position)


# -- pg_collation_for ----------------------------------------------------------------------------

def collation_for(pstate, arg):
    """pg_collation_for(any): the argument's collation, quoted, fixed when the call is
    analysed (the function reads its call's input collation); NULL for a type that takes
    none but is unknown, 42804 when it runs for one that takes none."""
    type_oid = arg.type_oid or UNKNOWN_OID
    if type_oid == UNKNOWN_OID and not isinstance(arg, CollateExpr):
        result = None
    elif isinstance(arg, CollateExpr):
        result = quote_identifier_always(_name(arg.collation_oid))
    elif not is_collatable(type_oid):
        shown = registry.format_type(type_oid)

        def refuse(_value):
            raise PgError(DATATYPE_MISMATCH, f"collations are not supported by type {shown}")
        return FuncExpr("pg_collation_for", 3162, refuse, (arg,), 25, False, "s")
    else:
        state = derive(pstate, arg)
        result = None if state.strength == CONFLICT else \
            quote_identifier_always(_name(state.collation or DEFAULT_COLLATION_OID))
    return FuncExpr("pg_collation_for", 3162, _Constant(result), (arg,), 25, False, "s")


def quote_identifier_always(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _Constant:
    """A function that returns the same value whatever its arguments."""
    __slots__ = ("value",)

    def __init__(self, value) -> None:
        self.value = value

    def __call__(self, *_args):
        return self.value

    def __eq__(self, other):
        return isinstance(other, _Constant) and other.value == self.value

    def __hash__(self):
        return hash(("constant", self.value))
