"""jsonb subscripting at run time: j['a'][0] (fetch) and j['a'][0] := v (assignment).

Entry points:
    fetch(value, subscripts) -> Jsonb | None       j[s1][s2]... (NULL when a step misses)
    assign(value, subscripts, expect_array, new) -> Jsonb
                                                   UPDATE t SET j[s1][s2] = new, a PL/pgSQL
                                                   `j[s1] := new`

Subscripts arrive as int (an int4 subscript) or str (a text one); both are path
elements as text, as jsonb_subscript_fetch / _assign turn them into.

Rules (PostgreSQL 14+'s jsonb subscripting):
 1. A fetch walks the path as `#>` does: an object step takes the key, an array step
    needs an integer (negative counts from the end), anything else gives NULL.
 2. An assignment to a NULL jsonb starts from an empty array when the first subscript
    is an integer, else from an empty object. A NULL new value is JSON null.
 3. An assignment never replaces a scalar on the way: a scalar root, or a scalar where
    the path goes on, is 22023 "cannot replace existing key".
 4. Missing steps are created: a missing key is added; an array index past the end
    pads the array with nulls; the rest of a missing path is made of new objects (text
    step) or arrays (integer-looking step, padded with nulls up to it).
 5. An array step that is not an integer is 22P02; a negative one reaching before the
    start is 22023 "path element at position N is out of range" (no prepending).
 6. A NULL subscript gives NULL in a fetch and 22004 in an assignment.

PostgreSQL: utils/adt/jsonbsubs.c (jsonb_subscript_fetch, jsonb_subscript_assign),
utils/adt/jsonfuncs.c (jsonb_get_element, jsonb_set_element, setPath with
JB_PATH_FILL_GAPS | JB_PATH_CONSISTENT_POSITION, push_path).
"""
from __future__ import annotations

from pgsnake.datatypes.jsonb_value import JSON_NULL, Jsonb, normalize_object
from pgsnake.utils.errors import (PgError, INVALID_PARAMETER_VALUE,
                                  INVALID_TEXT_REPRESENTATION, NULL_VALUE_NOT_ALLOWED)


def _path_text(subscript) -> str:
    return str(subscript)


def _integer(text: str) -> int | None:
    """strtoint's reading of a path step: optional blanks and sign, then digits only."""
    stripped = text.lstrip(" \t\n\r\f\v")
    body = stripped[1:] if stripped[:1] in "+-" else stripped
    if not body or not body.isdigit() or not body.isascii():
        return None
    value = int(stripped)
    return value if -(1 << 31) <= value < (1 << 31) else None


def fetch(value, subscripts):
    """value[s1][s2]...: a Jsonb, or None (rule 1, 6)."""
    if value is None or any(s is None for s in subscripts):
        return None
    tree = value.tree
    for subscript in subscripts:
        step = _path_text(subscript)
        if isinstance(tree, dict):
            tree = tree.get(step)
        elif isinstance(tree, list):
            index = _integer(step)
            if index is None:
                return None
            if index < 0:
                index += len(tree)
            tree = tree[index] if 0 <= index < len(tree) else None
        else:
            return None
        if tree is None:
            return None
    return Jsonb(tree)


def _scalar_error() -> PgError:
    return PgError(INVALID_PARAMETER_VALUE, "cannot replace existing key",
                   detail="The path assumes key is a composite object, but it is a scalar "
                          "value.")


def assign(value, subscripts, expect_array: bool, new):
    """value with the element at subscripts replaced by new (rules 2-6)."""
    if any(s is None for s in subscripts):
        raise PgError(NULL_VALUE_NOT_ALLOWED, "jsonb subscript in assignment must not be null")
    path = [_path_text(s) for s in subscripts]
    new_tree = JSON_NULL if new is None else new.tree
    if value is None:
        tree = [] if expect_array else {}
    else:
        tree = value.tree
    if not isinstance(tree, (dict, list)):
        raise _scalar_error()
    return Jsonb(_set(tree, path, 0, new_tree))


def _set(tree, path: list[str], level: int, new):
    step = path[level]
    last = level == len(path) - 1
    if isinstance(tree, dict):
        out = dict(tree)
        if last:
            out[step] = new
        elif step in tree:
            out[step] = _set_inside(tree[step], path, level + 1, new)
        else:
            out[step] = _build(path, level + 1, new)
        return normalize_object(out.items())
    index = _integer(step)
    if index is None:
        raise PgError(INVALID_TEXT_REPRESENTATION,
                      f'path element at position {level + 1} is not an integer: "{step}"')
    size = len(tree)
    if index < 0:
        if -index > size:
            raise PgError(INVALID_PARAMETER_VALUE,
                          f"path element at position {level + 1} is out of range: {index}")
        index += size
    out = list(tree)
    if index < size:
        out[index] = new if last else _set_inside(tree[index], path, level + 1, new)
    else:
        out.extend([JSON_NULL] * (index - size))
        out.append(new if last else _build(path, level + 1, new))
    return out


def _set_inside(tree, path, level, new):
    if not isinstance(tree, (dict, list)):
        raise _scalar_error()
    return _set(tree, path, level, new)


def _build(path: list[str], level: int, new):
    """The rest of a missing path, made of new containers (rule 4)."""
    if level == len(path):
        return new
    step = path[level]
    inner = _build(path, level + 1, new)
    index = _integer(step)
    if index is not None:
        return [JSON_NULL] * max(index, 0) + [inner]
    return {step: inner}
