"""A view's options (reloptions): CREATE VIEW ... WITH (...) [WITH CHECK OPTION] and
ALTER VIEW ... SET (...) / RESET (...), checked as PostgreSQL checks them and kept in
pg_class.reloptions as "name=value" texts, the value as written.

The options are PostgreSQL 15's view ones: check_option (local / cascaded; the WITH
[LOCAL | CASCADED] CHECK OPTION clause is the same option, appended after the WITH list,
so giving both is "specified more than once"), security_barrier and security_invoker
(booleans; WITH (security_barrier) means true). A security-barrier view is never merged into the query
that reads it, and only that query's leakproof quals are pushed into it
(rewrite/view_expansion.py, rewrite/view_pullup.py, optimizer/append_rel.py).

Entry points: create_options(node) -> [text] (CREATE VIEW's, checked),
alter_options(oid, cmd, reset) (an ALTER VIEW / ALTER TABLE SET / RESET subcommand),
check_option(options); catalog/view_creation.py's security_barrier(oid) reads the option.

security_invoker (boolean) makes the view's tables checked, for privileges and row-level
security, as the user running the query rather than the view's owner
(rewrite/view_expansion.py).

PostgreSQL: access/common/reloptions.c (view_reloptions, parseRelOptions),
commands/view.c (DefineView), commands/tablecmds.c (ATExecSetRelOptions).
"""
from __future__ import annotations

from pgsnake.access.common import reloptions
from pgsnake.catalog import catalog_cache as cc
from pgsnake.commands import relation_options

_CHECK_OPTION_CLAUSE = {"LOCAL_CHECK_OPTION": "local", "CASCADED_CHECK_OPTION": "cascaded"}


def _validate(options: list[tuple[str, str]]) -> None:
    """view_reloptions: each name known and given once, each value of its kind."""
    reloptions.validate(options, reloptions.VIEW)


def create_options(node: dict) -> list[str]:
    """CREATE VIEW's WITH (...) list and its WITH CHECK OPTION clause, checked."""
    options = reloptions.parse(node.get("options"))
    clause = _CHECK_OPTION_CLAUSE.get(node.get("withCheckOption", "NO_CHECK_OPTION"))
    if clause is not None:
        options.append(("check_option", clause))
    _validate(options)
    return [f"{name}={text}" for name, text in options]


def check_option(reloptions) -> str | None:
    """'local' / 'cascaded' when the options ask for a check option, else None."""
    for text in reloptions or ():
        name, _, value = text.partition("=")
        if name == "check_option":
            return value
    return None


def alter_options(oid: int, cmd: dict, reset: bool) -> list[str]:
    """ALTER VIEW ... SET (...) / RESET (...) on a view: SET replaces or appends, RESET
    removes (an unknown name in RESET is ignored). Returns the new options (stored)."""
    changes = reloptions.parse(relation_options.option_items(cmd), reset=reset)
    current = [text.partition("=") for text in
               (getattr(cc.class_row(oid), "reloptions", None) or ())]
    changed = {n for n, _ in changes}
    kept = [(name, value) for name, _, value in current if name not in changed]
    if not reset:
        kept += changes
        _validate(kept)
    options = [f"{name}={value}" for name, value in kept]
    relation_options.store(oid, options)
    return options
