# Helpers that evaluate the oracle cases (tests/datatypes/oracle_cases.json) with pgsnake's
# datatypes package alone: no parser, so each case names its types and literals directly.
from __future__ import annotations

import re

from pgsnake.datatypes import aggregates, casts, functions, operators, registry

UNKNOWN = 705


def parse_type(spec: str) -> tuple[int, int]:
    """'varchar(3)' -> (1043, 7); SQL's char(n) is bpchar, '"char"' is the one-byte type."""
    match = re.fullmatch(r"(.+?)(?:\(([\d,]+)\))?(\[\])?", spec.strip())
    name, mods, array = match.group(1), match.group(2), match.group(3)
    if name == "char":
        name = "character"
    info = registry.lookup_type_name(name + (array or ""))
    typmod = -1
    if mods:
        typmod = registry.typmod_from_modifiers(info.oid, [int(m) for m in mods.split(",")])
    return info.oid, typmod


def literal(spec: str, text: str):
    """CAST('text' AS spec): (type oid, value)."""
    if spec == "unknown":
        return UNKNOWN, text
    oid, typmod = parse_type(spec)
    value = registry.get_type(oid).input(text, -1)
    return oid, registry.apply_typmod(oid, value, typmod, explicit=True)


def coerce(value, source: int, target: int):
    if source == target:
        return value
    cast = casts.find_cast(source, target, "implicit")
    assert cast is not None, (source, target)
    return cast(value, -1)


def evaluate(case: dict):
    """Returns (text result or None, result type oid or None)."""
    kind = case["kind"]
    if kind == "io":
        oid, value = literal(case["type"], case["text"])
        return registry.get_type(oid).output(value), None
    if kind in ("op", "prefix"):
        right_type, right = literal(*case["right"])
        if kind == "op":
            left_type, left = literal(*case["left"])
            op = operators.resolve_operator(case["op"], left_type, right_type)
            result = op.fn(coerce(left, left_type, op.left_type),
                           coerce(right, right_type, op.right_type))
        else:
            op = operators.resolve_operator(case["op"], None, right_type)
            result = op.fn(coerce(right, right_type, op.right_type))
        out = None if result is None else registry.get_type(op.result_type).output(result)
        return out, op.result_type
    if kind == "cast":
        source, value = literal(case["source"], case["text"])
        target, typmod = parse_type(case["target"])
        result = casts.find_cast(source, target, "explicit")(value, typmod)
        return registry.get_type(target).output(result), None
    if kind == "func":
        typed = [literal(spec, text) for spec, text in case["args"]]
        function = functions.resolve_function(case["name"], [t for t, _ in typed])
        if function.variadic:
            result = function.fn(*typed)
        else:
            args = [coerce(v, t, d) for (t, v), d in zip(typed, function.arg_types)]
            result = function.fn(*args)
        out = None if result is None else registry.get_type(function.result_type).output(result)
        return out, function.result_type
    if kind == "agg":
        oid, _ = parse_type(case["type"])
        arg_types = [oid, 25] if case["name"] == "string_agg" else [oid]
        aggregate = aggregates.resolve_aggregate(case["name"], arg_types, False)
        state = aggregate.init()
        for text in case["values"]:
            if text is None:
                continue
            value = literal(case["type"], text)[1]
            state = (aggregate.transition(state, value, ",") if case["name"] == "string_agg"
                     else aggregate.transition(state, value))
        result = aggregate.final(state)
        out = None if result is None else registry.get_type(aggregate.result_type).output(result)
        return out, aggregate.result_type
    raise ValueError(kind)
