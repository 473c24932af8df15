"""A DefElem's argument (an option of VACUUM, CREATE DATABASE, ...) as text.

Entry points: argument_text(def_elem) -> str | None; def_get_string(def_elem) -> str
(defGetString: also a type name or a qualified name as written, 42601 without a value).

PostgreSQL: commands/define.c (defGetString).
"""
from __future__ import annotations


def argument_text(def_elem: dict) -> str | None:
    """The option's value as written: a string as it is, an integer in decimal, a
    boolean as true / false; None when the option has no value (or another kind)."""
    arg = def_elem.get("arg")
    if arg is None:
        return None
    (kind, body), = arg.items()
    if kind == "String":
        return body["sval"]
    if kind == "Integer":
        return str(body.get("ival", 0))
    if kind == "Boolean":
        return "true" if body.get("boolval") else "false"
    return None


def def_get_string(def_elem: dict) -> str:
    """defGetString: the value as written, whatever its kind (a name like POSIX comes as
    a TypeName, a qualified one as a List); 42601 "x requires a parameter" without."""
    from pgsnake.utils.errors import PgError
    if def_elem.get("arg") is None:
        raise PgError("42601", f'{def_elem["defname"]} requires a parameter')
    text = argument_text(def_elem)
    if text is not None:
        return text
    (kind, body), = def_elem["arg"].items()
    if kind == "Float":
        return body["fval"]
    if kind in ("TypeName", "List"):
        items = body["names"] if kind == "TypeName" else body["items"]
        return ".".join(item["String"]["sval"] for item in items)
    return str(body)
