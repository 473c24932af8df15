"""jsonb values in memory: the tree, its normal form, text output, ordering and equality.

A jsonb datum is a `Jsonb` wrapping a tree of plain Python values:
    JSON_NULL (the JSON null; SQL NULL stays None), str, Decimal (numbers), bool,
    list (arrays), dict (objects)
Invariants of the tree (what jsonb_in and every jsonb-producing function guarantee):
 1. Object keys are unique (the last duplicate wins) and the dict's order is jsonb's
    storage order: shorter keys first, equal lengths by UTF-8 bytes (`key_order`).
 2. Numbers are Decimals as numeric_in reads them ('1.0e1' -> 10, '-0.0' -> 0.0).
 3. bool is tested before Decimal anywhere types are told apart (True is not 1 here).
Jsonb compares and hashes as PostgreSQL's jsonb btree/hash opclasses do: equal values are
equal whatever their text ('1.0' = '1'), and ordering is compareJsonbContainers' (null <
string < number < boolean < array < object; an empty array sorts before any scalar).

Entry points: Jsonb, JSON_NULL, from_node(node), jsonb_input(text), jsonb_output(value),
jsonb_pretty(value), to_text(tree), type_name(tree), normalize_object(pairs), compare(a, b).

PostgreSQL: utils/adt/jsonb.c (jsonb_in, JsonbToCString), utils/adt/jsonb_util.c
(compareJsonbContainers, lengthCompareJsonbString, uniqueifyJsonbObject).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from pgsnake.datatypes import json_text, numeric


class _JsonNull:
    """The JSON null (a value inside jsonb, distinct from SQL NULL)."""
    __slots__ = ()

    def __repr__(self) -> str:
        return "JSON_NULL"

    def __reduce__(self):
        return (_json_null, ())


def _json_null():
    return JSON_NULL


JSON_NULL = _JsonNull()


def key_order(key: str) -> tuple[int, bytes]:
    """jsonb's storage order of object keys (lengthCompareJsonbString)."""
    raw = key.encode("utf-8")
    return (len(raw), raw)


def normalize_object(pairs) -> dict:
    """A jsonb object from (key, value) pairs: last duplicate wins, keys in storage order."""
    merged: dict = {}
    for key, value in pairs:
        merged[key] = value
    return {key: merged[key] for key in sorted(merged, key=key_order)}


def from_node(node) -> Any:
    """A json_text Node tree (strings decoded) as a jsonb tree."""
    kind, value = node[0], node[1]
    if kind == "object":
        return normalize_object((key, from_node(child)) for key, child in value)
    if kind == "array":
        return [from_node(child) for child in value]
    if kind == "string":
        return value
    if kind == "number":
        return numeric.numeric_input(value)
    if kind == "true":
        return True
    if kind == "false":
        return False
    return JSON_NULL


def type_name(tree) -> str:
    """jsonb_typeof's answer."""
    if tree is JSON_NULL:
        return "null"
    if isinstance(tree, bool):
        return "boolean"
    if isinstance(tree, str):
        return "string"
    if isinstance(tree, Decimal):
        return "number"
    if isinstance(tree, list):
        return "array"
    return "object"


def scalar_text(tree) -> str:
    """A scalar's JSON text (strings quoted and escaped)."""
    if isinstance(tree, str):
        return json_text.escape_string(tree)
    if tree is JSON_NULL:
        return "null"
    if isinstance(tree, bool):
        return "true" if tree else "false"
    return numeric.numeric_output(tree)


def to_text(tree) -> str:
    """JsonbToCString: `{"a": 1, "b": [1, 2]}`."""
    if isinstance(tree, dict):
        if not tree:
            return "{}"
        return "{" + ", ".join(json_text.escape_string(k) + ": " + to_text(v)
                               for k, v in tree.items()) + "}"
    if isinstance(tree, list):
        return "[" + ", ".join(to_text(v) for v in tree) + "]"
    return scalar_text(tree)


def pretty_text(tree) -> str:
    """jsonb_pretty: four spaces per level, one member per line."""
    out: list[str] = []
    _pretty(tree, 0, out)
    return "".join(out)


def _pretty(tree, level: int, out: list[str]) -> None:
    indent = "    "
    if isinstance(tree, dict):
        out.append("{")
        first = True
        for key, value in tree.items():
            out.append("\n" if first else ",\n")
            first = False
            out.append(indent * (level + 1) + json_text.escape_string(key) + ": ")
            _pretty(value, level + 1, out)
        out.append("\n" + indent * level + "}")
    elif isinstance(tree, list):
        out.append("[")
        first = True
        for value in tree:
            out.append("\n" if first else ",\n")
            first = False
            out.append(indent * (level + 1))
            _pretty(value, level + 1, out)
        out.append("\n" + indent * level + "]")
    else:
        out.append(scalar_text(tree))


# ---------------------------------------------------------------- ordering and equality

# JsonbValue type codes, in PostgreSQL's enum order (the order between types).
_NULL, _STRING, _NUMERIC, _BOOL, _ARRAY, _OBJECT = 0, 1, 2, 3, 0x10, 0x11


def _code(tree) -> int:
    if tree is JSON_NULL:
        return _NULL
    if isinstance(tree, bool):
        return _BOOL
    if isinstance(tree, str):
        return _STRING
    if isinstance(tree, Decimal):
        return _NUMERIC
    if isinstance(tree, list):
        return _ARRAY
    return _OBJECT


def _tokens(tree, raw_scalar: bool):
    """The token stream JsonbIteratorNext gives: (token, type code, payload)."""
    if isinstance(tree, dict):
        yield ("begin", _OBJECT, len(tree))
        for key, value in tree.items():
            yield ("key", _STRING, key)
            if isinstance(value, (dict, list)):
                yield from _tokens(value, False)
            else:
                yield ("value", _code(value), value)
        yield ("end", _OBJECT, None)
    elif isinstance(tree, list):
        yield ("begin", _ARRAY, (len(tree), raw_scalar))
        for value in tree:
            if isinstance(value, (dict, list)):
                yield from _tokens(value, False)
            else:
                yield ("elem", _code(value), value)
        yield ("end", _ARRAY, None)
    else:   # a top-level scalar is a one-element "raw scalar" array
        yield ("begin", _ARRAY, (1, True))
        yield ("elem", _code(tree), tree)
        yield ("end", _ARRAY, None)


def _compare_scalars(code: int, a, b) -> int:
    if code == _NULL:
        return 0
    if code == _STRING:
        a, b = a.encode("utf-8"), b.encode("utf-8")
    return (a > b) - (a < b)


def compare(a, b) -> int:
    """compareJsonbContainers on two trees: <0, 0 or >0."""
    for (ta, ca, pa), (tb, cb, pb) in zip(_tokens(a, False), _tokens(b, False)):
        if ta == tb:
            if ta == "end":
                continue
            if ca != cb:
                return 1 if ca > cb else -1
            if ta == "begin":
                if ca == _ARRAY:
                    result = 0
                    if pa[1] != pb[1]:
                        result = -1 if pa[1] else 1
                    if pa[0] != pb[0]:
                        result = 1 if pa[0] > pb[0] else -1
                    if result:
                        return result
                elif pa != pb:
                    return 1 if pa > pb else -1
                continue
            result = _compare_scalars(ca, pa, pb)
            if result:
                return result
        else:
            return 1 if ca > cb else -1
    return 0


def canonical(tree):
    """A hashable key equal exactly when PostgreSQL's jsonb equality holds."""
    if isinstance(tree, dict):
        return (_OBJECT, tuple((k, canonical(v)) for k, v in tree.items()))
    if isinstance(tree, list):
        return (_ARRAY, tuple(canonical(v) for v in tree))
    return (_code(tree), None if tree is JSON_NULL else tree)


class Jsonb:
    """A jsonb datum: the tree plus PostgreSQL's comparison semantics (sorting, GROUP BY,
    DISTINCT and hashing use these)."""

    __slots__ = ("tree", "_key")

    def __init__(self, tree) -> None:
        self.tree = tree
        self._key = None

    def key(self):
        if self._key is None:
            self._key = canonical(self.tree)
        return self._key

    def __eq__(self, other) -> bool:
        return isinstance(other, Jsonb) and self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())

    def __lt__(self, other) -> bool:
        return compare(self.tree, other.tree) < 0

    def __le__(self, other) -> bool:
        return compare(self.tree, other.tree) <= 0

    def __gt__(self, other) -> bool:
        return compare(self.tree, other.tree) > 0

    def __ge__(self, other) -> bool:
        return compare(self.tree, other.tree) >= 0

    def __repr__(self) -> str:
        return f"Jsonb({to_text(self.tree)})"


def jsonb_input(text: str, typmod: int = -1) -> Jsonb:
    return Jsonb(from_node(json_text.parse(text)))


def jsonb_output(value: Jsonb) -> str:
    return to_text(value.tree)
