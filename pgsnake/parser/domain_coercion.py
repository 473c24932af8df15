"""Coercion to a domain: convert to the base type, then check the domain's constraints.

Coercing an expression to a domain type (a cast, an INSERT or UPDATE into a domain
column, a function result) is two steps, as PostgreSQL's coerce_to_domain builds them:
the ordinary coercion to the base type (with the domain's typmod), then a
`DomainCoercion` node whose result type is the domain. Unlike a plain CoerceExpr it is
not strict: a NULL reaches the check, so NOT NULL domains refuse it. The executor
evaluates the node through registry.check_domain (executor/domain_checks.py).

Entry points: DomainCoercion, coerce_to_domain(ctx, expr, domain, context, location,
coerce_to_type), assignment_input(pstate, current, base) (SET d.f = v / d[i] = v into a
domain column), null_of_type(type_oid, typmod) (a missing INSERT column's NULL),
analyze_domain_check / analyze_stored_check (a CHECK over VALUE), show_value_placeholder.

PostgreSQL: parser/parse_coerce.c (coerce_to_domain), nodes/primnodes.h (CoerceToDomain).
"""
from __future__ import annotations

import dataclasses
import re

from pgsnake.datatypes import registry, user_type_facts
from pgsnake.parser.expression_nodes import CoerceExpr, Const
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError


@dataclasses.dataclass(frozen=True, slots=True)
class DomainCoercion(CoerceExpr):
    """CoerceToDomain: arg (already of the base type) checked against the domain
    `type_oid`; `fn(value, typmod)` runs the checks and returns the value."""


def _checker(domain_oid: int):
    def check(value, _typmod=-1):
        registry.check_domain(domain_oid, value)
        return value
    return check


def coerce_to_domain(ctx, expr, domain_oid: int, context: str, location, coerce_to_type):
    """expr coerced to the domain, or None when it cannot be coerced to the base type."""
    base_oid, base_typmod = user_type_facts.domain_base(domain_oid)
    inner = coerce_to_type(ctx, expr, base_oid, base_typmod, context, location)
    if inner is None:
        return None
    return DomainCoercion(inner, _checker(domain_oid), domain_oid, -1, context == "explicit")


def assignment_input(pstate, current, base_oid: int):
    """`current`, a domain column or what earlier assignments into its parts made, as the
    base value the next part is assigned into: an earlier assignment's domain check is
    dropped, so the domain is checked once, on the finished value (PostgreSQL's rewriter
    strips the CoerceToDomain when it merges assignments to one column)."""
    if isinstance(current, DomainCoercion) and current.arg.type_oid == base_oid:
        return current.arg
    from pgsnake.parser.coercion import coerce_or_error
    return coerce_or_error(pstate, current, base_oid, -1, "implicit", None)


def null_of_type(type_oid: int, typmod: int = -1):
    """A NULL of the type; of a domain, coerced to it, so that NOT NULL applies."""
    base = user_type_facts.domain_base(type_oid) \
        if type_oid >= user_type_facts.FIRST_CATALOG_TYPE_OID else None
    if base is None:
        return Const(type_oid, None, typmod)
    return DomainCoercion(Const(base[0], None, base[1]), _checker(type_oid), type_oid, -1,
                          False)


def analyze_domain_check(base_oid: int, base_typmod: int, node: dict, source=None):
    """A domain CHECK expression analysed with VALUE as a column of the base type (a
    one-column VALUES entry named VALUE; PostgreSQL's CoerceToDomainValue)."""
    from pgsnake.parser.analyze import transform_where
    from pgsnake.parser.expression_nodes import SubLink, walk
    from pgsnake.parser.relation_resolution import ParseState
    pstate = ParseState(source)
    _rtindex, item = pstate.add_values(None, ["value"], [base_oid], [base_typmod],
                                       alias="VALUE")
    pstate.namespace.append(item)
    pstate.expression_kind = "check constraints"
    expr = transform_where(pstate, node, "CHECK")
    if any(isinstance(n, SubLink) for n in walk(expr)):
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot use subquery in check constraint")
    return expr


def analyze_stored_check(conbin: str, base_oid: int, base_typmod: int):
    """A domain CHECK as stored in pg_constraint.conbin, analysed again."""
    from pgsnake.parser import raw_parser
    raw = raw_parser.parse_sql(f"SELECT {conbin}")[0]
    node = raw.node["SelectStmt"]["targetList"][0]["ResTarget"]["val"]
    return analyze_domain_check(base_oid, base_typmod, node, raw.source)


def outside_literals(text: str, pattern: str, replacement: str) -> str:
    """re.sub on the parts of an SQL expression text that are not string literals."""
    parts = re.split(r"('(?:[^']|'')*')", text)
    return "".join(part if part.startswith("'") else re.sub(pattern, replacement, part)
                   for part in parts)


def show_value_placeholder(text: str) -> str:
    """A deparsed domain CHECK with its VALUE column (deparsed 'value') printed VALUE."""
    return outside_literals(text, r'(?<![\w."])value(?![\w"(])', "VALUE")
