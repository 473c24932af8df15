"""Domain constraints, checked wherever a value becomes a domain value.

A domain's constraints are its NOT NULL flag (pg_type.typnotnull) and its CHECK
constraints (pg_constraint rows with contypid = the domain, the expression kept as SQL
text over VALUE in conbin). A domain over a domain has its base domain's constraints
too, checked first. Each CHECK expression is analysed once per backend against a
one-column range entry named VALUE of the base type and compiled; the compiled checks
are dropped whenever the catalogs change.

The checks run from three places: the DomainCoercion node (casts, INSERT, UPDATE,
function results; parser/domain_coercion.py), the domain's input functions (COPY,
literals; catalog/user_types.py) and casts made at run time (datatypes/casts.py), all
through registry.check_domain, which this module installs.

Errors, as PostgreSQL's ExecEvalConstraintNotNull / ExecEvalConstraintCheck:
23502 'domain d does not allow null values', 23514 'value for domain d violates check
constraint "c"'. A CHECK that is NULL passes.

Entry point: check_domain_value(domain_oid, value) (installed as registry.check_domain).
The analysis of a CHECK over VALUE is parser/domain_coercion.py's.

PostgreSQL: utils/cache/typcache.c (load_domaintype_info), executor/execExprInterp.c
(ExecEvalConstraintNotNull, ExecEvalConstraintCheck), parser/parse_expr.c
(CoerceToDomainValue through the VALUE column reference).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import invalidation
from pgsnake.datatypes import registry
from pgsnake.executor.expression_eval import ExecutorState, compile_expression, register_builder
from pgsnake.parser.domain_coercion import DomainCoercion, analyze_stored_check
from pgsnake.utils.errors import CHECK_VIOLATION, NOT_NULL_VIOLATION, PgError

_VALUE_LAYOUT = {("var", 1, 1): 0}
# domain oid -> [(constraint name, compiled test), or None for NOT NULL], innermost domain
# first
_checks: dict[int, list] = {}


def _compile(base_oid: int, base_typmod: int, conbin: str):
    return compile_expression(analyze_stored_check(conbin, base_oid, base_typmod),
                              _VALUE_LAYOUT)


def _load(domain_oid: int) -> list:
    checks: list = []
    row = cc.get_type_row(domain_oid)
    if row is None or row.typtype != "d":
        return checks
    base = cc.get_type_row(row.typbasetype)
    if base is not None and base.typtype == "d":
        checks.extend(_constraints(base.oid))
    if row.typnotnull:
        checks.append(None)
    constraints = sorted((r for r in cc.scan_catalog("pg_constraint")
                          if r.contypid == domain_oid and r.contype == "c"),
                         key=lambda r: r.conname)
    for constraint in constraints:
        checks.append((constraint.conname,
                       _compile(row.typbasetype, row.typtypmod, constraint.conbin)))
    return checks


def _constraints(domain_oid: int) -> list:
    checks = _checks.get(domain_oid)
    if checks is None:
        checks = _checks[domain_oid] = _load(domain_oid)
    return checks


def check_domain_value(domain_oid: int, value) -> None:
    """Errors name the domain coerced to, even for a constraint of its base domain."""
    estate = None
    for check in _constraints(domain_oid):
        if check is None:
            if value is None:
                name = registry.format_type(domain_oid)
                raise PgError(NOT_NULL_VIOLATION, f"domain {name} does not allow null values",
                              schema=_schema_of(domain_oid), datatype=name)
            continue
        # a CHECK runs on NULL too: most give NULL, which passes, but not all
        # (CHECK (value IS NOT NULL))
        constraint_name, test = check
        if estate is None:
            estate = ExecutorState()
        if test([value], estate) is False:
            name = registry.format_type(domain_oid)
            raise PgError(CHECK_VIOLATION, f'value for domain {name} violates check '
                          f'constraint "{constraint_name}"', schema=_schema_of(domain_oid),
                          datatype=name, constraint=constraint_name)


def _schema_of(type_oid: int) -> str | None:
    row = cc.get_type_row(type_oid)
    return None if row is None else cc.namespace_name(row.typnamespace)


def _build_domain_coercion(expr, layout):
    arg = compile_expression(expr.arg, layout)
    check, typmod = expr.fn, expr.typmod
    return lambda row, ex: check(arg(row, ex), typmod)


registry.set_domain_checker(check_domain_value)
register_builder(DomainCoercion, _build_domain_coercion)
invalidation.add_cache_reset(_checks.clear)
