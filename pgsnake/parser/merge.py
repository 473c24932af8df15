"""MERGE INTO target USING source ON condition WHEN [NOT] MATCHED ... (PostgreSQL 15).

Entry point: transform_merge(pstate, body) -> Query (command_type 'MERGE')

The Query joins the source to the target: `source LEFT JOIN target ON condition` when a
WHEN NOT MATCHED ... INSERT exists (a source row without a target row must still be
seen), else an inner join (PostgreSQL's transform_MERGE_to_join). `Query.merge_actions` lists
the WHEN clauses in order as MergeAction: whether it is for matched rows, its command
(UPDATE / DELETE / INSERT / NOTHING), its AND condition, and for UPDATE the new values
by attnum (over the joined row), for INSERT one expression per column of the target
(defaults filled in) over the source row.

Rules, as PostgreSQL 15's parser has them:
- the source is analysed before the target joins the namespace (it cannot see the
  target); a source named like the target is 42712 "name ... specified more than once";
- the ON condition and WHEN MATCHED clauses see both; WHEN NOT MATCHED clauses see the
  source only (a target column there: 42P01 "invalid reference to FROM-clause entry");
- a WHEN clause without AND after another of its kind without AND can never run: 42601
  "unreachable WHEN clause specified after unconditional WHEN clause";
- the target must be a table: a view is 0A000 "cannot execute MERGE on relation";
- PostgreSQL 16+'s WHEN NOT MATCHED BY SOURCE and RETURNING, which the newer grammar
  of our raw parser accepts, are syntax errors here as in PostgreSQL 15.

PostgreSQL: parser/parse_merge.c (transformMergeStmt, setNamespaceForMergeWhen),
optimizer/prep/prepjointree.c (transform_MERGE_to_join).
"""
from __future__ import annotations

import dataclasses
from typing import Any

from pgsnake.parser.expression_nodes import Const
from pgsnake.parser.query import JoinTreeNode, Query
from pgsnake.parser.relation_resolution import DUPLICATE_ALIAS
from pgsnake.utils.errors import (DUPLICATE_COLUMN, GENERATED_ALWAYS,
                                  PgError, SYNTAX_ERROR)


@dataclasses.dataclass
class MergeAction:
    matched: bool
    command: str                          # 'UPDATE' | 'DELETE' | 'INSERT' | 'NOTHING'
    qual: Any = None                      # the WHEN ... AND condition
    assignments: dict = dataclasses.field(default_factory=dict)   # UPDATE: attnum -> expr
    values: list = dataclasses.field(default_factory=list)        # INSERT: one per column

    def expressions(self) -> list:
        return [self.qual, list(self.assignments.values()), list(self.values)]

    def converted(self, convert) -> "MergeAction":
        """The action with every expression passed through `convert` (the planner's
        SubLink / outer-reference conversion)."""
        return dataclasses.replace(
            self, qual=convert(self.qual),
            assignments={k: convert(v) for k, v in self.assignments.items()},
            values=[convert(v) for v in self.values])


_COMMANDS = {"CMD_UPDATE": "UPDATE", "CMD_DELETE": "DELETE", "CMD_INSERT": "INSERT",
             "CMD_NOTHING": "NOTHING"}


def transform_merge(pstate, body: dict) -> Query:
    from pgsnake.parser import modify_analysis
    from pgsnake.parser.analyze import transform_from_item
    _refuse_newer_syntax(pstate, body)
    if (body.get("withClause") or {}).get("recursive"):
        raise PgError(SYNTAX_ERROR, "WITH RECURSIVE is not supported for MERGE statement")
    ctes = modify_analysis._with_clause(pstate, body)
    query = Query("MERGE")
    query.cte_list = ctes
    rtindex, relation = modify_analysis._open_target(pstate, body["relation"], visible=False,
                                                     merge=True)
    query.result_relation = rtindex
    target_item = pstate.namespace.pop()           # joins the namespace after the source
    source_tree, _ = transform_from_item(pstate, body["sourceRelation"])
    for item in pstate.namespace:
        if item.visible and item.alias == target_item.alias:
            raise PgError(DUPLICATE_ALIAS, f'name "{target_item.alias}" specified more than once',
                          detail="The name is used both as MERGE target table and data source.")
    source_items = list(pstate.namespace)
    target_item.visible = True
    pstate.namespace.append(target_item)

    pstate.expression_kind = "JOIN conditions"
    from pgsnake.parser.analyze import transform_where
    condition = transform_where(pstate, body["joinCondition"], "JOIN/ON")
    clauses = [c["MergeWhenClause"] for c in body.get("mergeWhenClauses", ())]
    _check_reachable(clauses)
    for clause in clauses:
        matched = clause["matchKind"] == "MERGE_WHEN_MATCHED"
        # NOT MATCHED clauses see the source only (setNamespaceForMergeWhen).
        target_item.visible = matched
        for item in source_items:
            item.visible = True
        query.merge_actions.append(_transform_action(pstate, clause, matched, relation))
    target_item.visible = True

    target = JoinTreeNode(rtindex=rtindex)
    # Only an INSERT needs the source rows without a target row (mergeUseOuterJoin).
    if any(not a.matched and a.command == "INSERT" for a in query.merge_actions):
        query.from_list = [JoinTreeNode(join_type="left", left=source_tree, right=target,
                                        quals=condition)]
    else:
        query.from_list = [JoinTreeNode(join_type="inner", left=target, right=source_tree,
                                        quals=condition)]
    query.range_table = pstate.range_table
    return query


def _transform_action(pstate, clause: dict, matched: bool, relation) -> MergeAction:
    from pgsnake.parser import modify_analysis
    from pgsnake.parser.analyze import transform_where
    action = MergeAction(matched, _COMMANDS[clause["commandType"]])
    if clause.get("condition") is not None:
        pstate.expression_kind = "MERGE WHEN conditions"
        action.qual = transform_where(pstate, clause["condition"], "WHEN")
    if action.command == "UPDATE":
        pstate.expression_kind = "UPDATE"
        action.assignments = modify_analysis.transform_assignments(
            pstate, relation, clause["targetList"])
    elif action.command == "INSERT":
        pstate.expression_kind = "VALUES"
        action.values = _insert_values(pstate, clause, relation)
    return action


def _insert_values(pstate, clause: dict, relation) -> list:
    """One expression per column of the target (attnum order): the VALUES item for a
    listed column (or the leading columns when none are listed), else the column's
    default; INSERT DEFAULT VALUES gives every default. As INSERT's one-row VALUES."""
    from pgsnake.parser import modify_analysis as ma
    columns = clause.get("targetList") or ()
    items = clause.get("values")
    if columns:
        attributes = []
        for column in columns:
            res = column["ResTarget"]
            attribute = ma._target_attribute(pstate, relation, res["name"], res.get("location"))
            if attribute in attributes:
                raise PgError(DUPLICATE_COLUMN, f'column "{attribute.name}" specified more '
                              f'than once', position=pstate.position(res.get("location")))
            attributes.append(attribute)
    else:
        attributes = [a for a in relation.attributes if not a.is_dropped]
    given: dict = {}
    if items is None:                          # INSERT DEFAULT VALUES
        attributes = []
    else:
        if len(items) > len(attributes):
            raise PgError(SYNTAX_ERROR, "INSERT has more expressions than target columns",
                          position=ma._node_location(pstate, items[len(attributes)]))
        if not columns:
            attributes = attributes[:len(items)]
        if len(items) < len(attributes):
            first_unset = columns[len(items)]["ResTarget"].get("location") if columns else None
            raise PgError(SYNTAX_ERROR, "INSERT has more target columns than expressions",
                          position=pstate.position(first_unset))
        override = clause.get("override", "OVERRIDING_NOT_SET")
        for item, attribute in zip(items, attributes):
            if ma._is_default(item):
                continue
            if attribute.identity and override == "OVERRIDING_USER_VALUE":
                ma._assign(pstate, item, attribute)      # checked, then ignored
                continue
            if attribute.identity == "a" and override == "OVERRIDING_NOT_SET":
                raise PgError(GENERATED_ALWAYS, f'cannot insert a non-DEFAULT value into '
                              f'column "{attribute.name}"',
                              detail=f'Column "{attribute.name}" is an identity column '
                                     f'defined as GENERATED ALWAYS.',
                              hint="Use OVERRIDING SYSTEM VALUE to override.")
            given[attribute.attnum] = ma._assign(pstate, item, attribute)
    out = []
    for attribute in relation.attributes:
        if attribute.is_dropped:
            out.append(Const(attribute.type_oid, None))
        elif attribute.attnum in given:
            out.append(given[attribute.attnum])
        else:
            out.append(ma.default_expression(pstate, relation, attribute))
    return out


def _check_reachable(clauses) -> None:
    seen_unconditional = {True: False, False: False}
    for clause in clauses:
        matched = clause["matchKind"] == "MERGE_WHEN_MATCHED"
        if seen_unconditional[matched]:
            raise PgError(SYNTAX_ERROR,
                          "unreachable WHEN clause specified after unconditional WHEN clause")
        if clause.get("condition") is None:
            seen_unconditional[matched] = True


def _refuse_newer_syntax(pstate, body: dict) -> None:
    """WHEN NOT MATCHED BY SOURCE and RETURNING (PostgreSQL 17) do not exist in 15:
    42601 at the word PostgreSQL 15's grammar stops at."""
    for clause in body.get("mergeWhenClauses", ()):
        if clause["MergeWhenClause"]["matchKind"] == "MERGE_WHEN_NOT_MATCHED_BY_SOURCE":
            _syntax_error_at(pstate, body, r"\bnot\s+matched\s+(by)\b")
    if body.get("returningList") or body.get("returningClause"):
        _syntax_error_at(pstate, body, r"\b(returning)\b")


def _syntax_error_at(pstate, body: dict, pattern: str) -> None:
    import re
    source = pstate.source
    text = source.text if source is not None else ""
    start = source.char_offset(body["relation"].get("location", 0)) if source else 0
    found = re.compile(pattern, re.IGNORECASE).search(text, start)
    if found is None:
        raise PgError(SYNTAX_ERROR, "syntax error")
    raise PgError(SYNTAX_ERROR, f'syntax error at or near "{found.group(1)}"',
                  position=found.start(1) + 1)
