"""A DefElem's argument (an option of VACUUM, CREATE DATABASE, ...) as text.

Entry point: argument_text(def_elem) -> str | None

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
