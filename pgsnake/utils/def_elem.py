"""The value of a DefElem option (WITH (name = value), COPY's options, ...) as text, the
way PostgreSQL's defGetString reads it: a number as written, a boolean as true / false,
an unquoted word (which the grammar hands over as a type name) as the word, * as "*".

Entry points: arg_text(defelem) -> str | None (None for an option given without a
value); qualified_name(arg, what) -> [names] (defGetQualifiedName: 42601 "argument of
<what> must be a name" for anything else).

PostgreSQL: commands/define.c (defGetString, defGetQualifiedName).
"""
from __future__ import annotations


def arg_text(defelem: dict) -> str | None:
    arg = defelem.get("arg")
    if arg is None:
        return None
    (kind, value), = arg.items()
    if kind == "String":
        return value.get("sval", "")
    if kind == "Integer":
        return str(value.get("ival", 0))
    if kind == "Float":
        return value.get("fval", "")
    if kind == "Boolean":
        return "true" if value.get("boolval") else "false"
    if kind == "A_Star":
        return "*"
    if kind == "TypeName":
        return ".".join(n["String"]["sval"] for n in value.get("names", ()))
    return str(value)


def qualified_name(arg, what: str) -> list[str]:
    """A DefElem argument that names an object, possibly schema-qualified."""
    from pgsnake.utils.errors import PgError
    if arg is not None and "TypeName" in arg:
        return [n["String"]["sval"] for n in arg["TypeName"]["names"]]
    if arg is not None and "List" in arg:
        return [n["String"]["sval"] for n in arg["List"]["items"]]
    if arg is not None and "String" in arg:
        return [arg["String"]["sval"]]
    raise PgError("42601", f"argument of {what} must be a name")
