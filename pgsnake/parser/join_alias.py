"""JOIN ... AS alias: a join that is a FROM item of its own name.

Entry point:
    apply(pstate, alias_node, first_item, node, star)

The alias hides every FROM item inside the join, for qualified and unqualified
references alike (a reference to one is errorMissingRTE's "invalid reference to
FROM-clause entry"); the join's columns, in `*` order (merged USING columns first), are
reached as `alias.column` or by an unqualified name, through one namespace item
(`NamespaceItem.join_columns`, rtindex 0: pgsnake has no join range-table entries, so a
column is the Var or merged expression it stands for). A name both sides have and USING
did not merge is ambiguous (42702). `JoinTreeNode.alias` keeps the name for
pg_get_viewdef, which then prints references to the join's columns as `alias.column`.
A column alias list (`AS j(a, b)`) renames the first columns (too many: 42P10); the
renamed columns are reached only by their new names, and `*` lists them so.

PostgreSQL: parser/parse_clause.c (transformFromClauseItem), parse_relation.c
(addRangeTableEntryForJoin).
"""
from __future__ import annotations

import dataclasses

from pgsnake.parser.relation_resolution import DUPLICATE_ALIAS, NamespaceItem
from pgsnake.utils.errors import INVALID_COLUMN_REFERENCE, PgError


def apply(pstate, alias_node: dict, first_item: int, node, star: list) -> None:
    """Hide the join's items (pstate.namespace[first_item:]) behind one item named by
    the alias."""
    name = alias_node["aliasname"]
    column_names = [c["String"]["sval"] for c in alias_node.get("colnames", ())]
    if len(column_names) > len(star):
        raise PgError(INVALID_COLUMN_REFERENCE, f'join expression "{name}" has {len(star)} '
                      f'columns available but {len(column_names)} columns specified')
    for index, column_name in enumerate(column_names):
        star[index] = dataclasses.replace(star[index], column_name=column_name)
    for item in pstate.namespace[first_item:]:
        item.visible = False
    for item in pstate.namespace[getattr(pstate, "conflict_scope", 0):]:
        if item.visible and item.alias == name:
            raise PgError(DUPLICATE_ALIAS, f'table name "{name}" specified more than once')
    pstate.namespace.append(NamespaceItem(0, name, join_columns=list(star)))
    # errorMissingRTE names a hidden JOIN alias as it names a hidden table
    pstate.join_aliases = getattr(pstate, "join_aliases", ()) + (name,)
    node.alias = name
