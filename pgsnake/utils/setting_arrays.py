"""Settings kept as text arrays of 'name=value' (pg_proc.proconfig, a function's SET
clauses; pg_db_role_setting.setconfig, ALTER ROLE ... SET), and the text a SET
statement's arguments make.

A SET statement's arguments become one string as PostgreSQL flattens them: a list
setting joins its elements with ', ', quoting strings as identifiers where the setting
asks for it (search_path = 'A b', c  ->  "A b", c); any other setting takes one
argument. An array item is named as the setting spells itself (TimeZone, DateStyle; a
placeholder as it was made), and one name appears at most once: adding it again
replaces the item in place, deleting it drops it, and an array left empty is NULL.
Before an item is added or deleted, the setting must exist (a dotted name becomes a
placeholder), the caller must be allowed to SET it, and the value must parse as a value
only checked (settings.check_value: a missing object it names may be a NOTICE).

Entry points: const_text(node), flatten_set_args(name, args), set_statement_value(stmt)
(None for RESET / DEFAULT), array_add(array, name, value), array_delete(array, name),
updated(array, set_statements),
applied(array) (a context: a function call's SET clauses, at a settings level of its
own).

PostgreSQL: utils/misc/guc.c (flatten_set_variable_args, ExtractSetVariableArgs,
GUCArrayAdd, GUCArrayDelete, validate_option_array_item, ProcessGUCArray).
"""
from __future__ import annotations

import contextlib
from typing import Any

from pgsnake.utils import setting_values, settings
from pgsnake.utils.errors import PgError

SYNTAX_ERROR = "42601"


def const_text(node: Any) -> str | None:
    """The text of a SET argument: a string, a number, or a bare identifier."""
    if node is None:
        return None
    if "A_Const" in node:
        const = node["A_Const"]
        if "sval" in const:
            return const["sval"].get("sval", "")
        if "ival" in const:
            return str(const["ival"].get("ival", 0))
        if "fval" in const:
            return const["fval"].get("fval", "0")
        if "boolval" in const:
            return "on" if const["boolval"].get("boolval") else "off"
        if const.get("isnull"):
            return None
    if "TypeCast" in node:
        return const_text(node["TypeCast"].get("arg"))
    raise PgError(SYNTAX_ERROR, "syntax error in SET value")


def flatten_set_args(name: str, args: list[dict]) -> str | None:
    """SET's argument list as one string (flatten_set_variable_args)."""
    if not args:
        return None
    setting = settings.DEFINITIONS.get(name.lower())
    flags = setting.flags if setting is not None else frozenset()
    if "LIST_INPUT" not in flags and len(args) > 1:
        raise PgError(settings.INVALID_PARAMETER_VALUE, f"SET {name} takes only one argument")
    parts = []
    for arg in args:
        text = const_text(arg)
        is_string = "A_Const" in arg and "sval" in arg["A_Const"]
        if is_string and "LIST_QUOTE" in flags:
            text = setting_values.quote_identifier(text)
        parts.append(text or "")
    return ", ".join(parts)


def set_statement_value(stmt: dict) -> str | None:
    """ExtractSetVariableArgs: the value a VariableSetStmt gives its setting (SET ... FROM
    CURRENT: the current value, as SHOW prints it); None for RESET and SET ... DEFAULT."""
    kind = stmt.get("kind")
    if kind == "VAR_SET_VALUE":
        return flatten_set_args(stmt["name"], stmt.get("args") or [])
    if kind == "VAR_SET_CURRENT":
        return settings.read_for_client(stmt["name"])[1]
    return None


def _check_item(name: str, value: str | None) -> str:
    """validate_option_array_item: the setting exists (a dotted name becomes a
    placeholder), this user may SET it, and `value` parses. Returns the name the array
    stores."""
    setting = settings.lookup(name, create_placeholder=True)
    settings.check_session_change(setting, name)
    if value is not None and not setting.placeholder:
        settings.check_value(setting, value, name)
    return setting.display_name


def _item_name(item: str) -> str:
    return item.split("=", 1)[0]


def array_add(array: list[str] | None, name: str, value: str) -> list[str]:
    """GUCArrayAdd: `array` with name=value in place of the item of that name, or at its
    end."""
    name = _check_item(name, value)
    items = list(array or ())
    entry = f"{name}={value}"
    for index, item in enumerate(items):
        if _item_name(item) == name:
            items[index] = entry
            return items
    items.append(entry)
    return items


def array_delete(array: list[str] | None, name: str) -> list[str] | None:
    """GUCArrayDelete: `array` without the item of that name; None when nothing is left."""
    name = _check_item(name, None)
    items = [item for item in array or () if _item_name(item) != name]
    return items or None


def updated(array: list[str] | None, set_items: list[dict]) -> list[str] | None:
    """The array after SET / RESET statements (VariableSetStmt bodies), in order:
    update_proconfig_value for a function's clauses, AlterSetting's for ALTER ROLE ...
    SET. RESET ALL empties it (None)."""
    for stmt in set_items:
        if stmt.get("kind") == "VAR_RESET_ALL":
            array = None
            continue
        value = set_statement_value(stmt)
        if value is not None:
            array = array_add(array, stmt["name"], value)
        else:
            array = array_delete(array, stmt["name"])
    return array


@contextlib.contextmanager
def applied(array: list[str] | None):
    """The body runs with `array`'s settings applied at a settings level of its own
    (NewGUCNestLevel + ProcessGUCArray: each item SET by the current user), which ends
    with the body: those settings come back, the body's other changes are kept, or all
    undone if the body raises (AtEOXact_GUC). No array: the body just runs."""
    if not array:
        yield
        return
    level = settings.new_nest_level()
    committed = False
    try:
        for item in array:
            name, _, value = item.partition("=")
            settings.set_value(name, value, save=True)
        yield
        committed = True
    finally:
        settings.at_nest_level_end(level, committed)
