"""CHECK constraints, evaluated on every row version INSERT and UPDATE write.

A table's CHECK constraints (pg_constraint contype 'c', the expression kept as SQL text
in conbin) are analysed and compiled once per statement, in name order as PostgreSQL
evaluates them; a row passes when each expression is true or NULL. A false one raises
23514 'new row for relation "t" violates check constraint "c"' with the failing row.

Entry point: TableChecks(relation, executor state).check(values).

PostgreSQL: executor/execMain.c (ExecConstraints, ExecRelCheck).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache
from pgsnake.datatypes import registry
from pgsnake.executor.expression_eval import compile_expression
from pgsnake.rewrite.row_security import RowSecurityCheck
from pgsnake.utils.errors import CHECK_VIOLATION, PgError

WITH_CHECK_OPTION_VIOLATION = "44000"
INSUFFICIENT_PRIVILEGE = "42501"


def failing_row(relation, values) -> str:
    """DETAIL 'Failing row contains (...)': the row's live columns, output as text."""
    shown = ", ".join("null" if v is None else registry.get_type(a.type_oid).output(v)
                      for a, v in zip(relation.attributes, values) if not a.is_dropped)
    return f"Failing row contains ({shown})."


class TableChecks:
    """The compiled CHECK constraints of one table for one statement."""

    __slots__ = ("relation", "checks", "estate", "view_checks", "policy_checks",
                 "policy_kind")

    def __init__(self, relation, estate, check_options=()) -> None:
        self.relation = relation
        self.estate = estate
        self.checks = []
        # WITH CHECK OPTION of the views the statement writes through (Query.check_options,
        # rewrite/updatable_views.py): checked after the table's own constraints; the
        # table's row-level security policies (rewrite/row_security.py): before them.
        layout = {("var", 1, a.attnum): a.attnum - 1 for a in relation.attributes}
        self.view_checks, self.policy_checks = [], []
        # which policy checks check() applies: None, those of the one command the
        # statement runs; INSERT ... ON CONFLICT DO UPDATE says (executor/on_conflict.py)
        self.policy_kind = None
        for view, expr, _cascaded in check_options:
            test = compile_expression(expr, layout)
            if isinstance(view, RowSecurityCheck):
                self.policy_checks.append((view, test))
            else:
                self.view_checks.append((view, test))
        rows = sorted((r for r in catalog_cache.check_constraints(relation.oid)),
                      key=lambda r: r.conname)
        if not rows:
            return
        from pgsnake.parser import raw_parser
        from pgsnake.parser.constraint_expressions import analyze_check
        layout = {("var", 1, a.attnum): a.attnum - 1 for a in relation.attributes}
        for row in rows:
            raw = raw_parser.parse_sql(f"SELECT {row.conbin}")[0]
            node = raw.node["SelectStmt"]["targetList"][0]["ResTarget"]["val"]
            expr = analyze_check(relation, node, raw.source)
            self.checks.append((row.conname, compile_expression(expr, layout)))

    def __bool__(self) -> bool:
        return bool(self.checks) or bool(self.view_checks) or bool(self.policy_checks)

    def check(self, values: list, policy_kind: str | None = None) -> None:
        self.check_policies(values, policy_kind or self.policy_kind)
        for name, test in self.checks:
            if test(values, self.estate) is False:
                relation = self.relation
                raise PgError(CHECK_VIOLATION, f'new row for relation "{relation.name}" '
                              f'violates check constraint "{name}"',
                              detail=failing_row(relation, values),
                              schema=relation.namespace_name, table=relation.name,
                              constraint=name)
        for view, test in self.view_checks:
            if not test(values, self.estate):
                raise PgError(WITH_CHECK_OPTION_VIOLATION,
                              f'new row violates check option for view "{view}"',
                              detail=failing_row(self.relation, values))

    def check_policies(self, values: list, kind: str | None = None) -> None:
        """The row-level security checks of `kind` ('insert', 'update', 'conflict',
        'merge_update', 'merge_delete'; None: 'insert' and 'update', the new row's):
        42501 on a row they do not pass (false or NULL)."""
        for policy, test in self.policy_checks:
            if (policy.kind == kind) if kind else policy.kind in ("insert", "update"):
                if not test(values, self.estate):
                    raise PgError(INSUFFICIENT_PRIVILEGE, policy.message())
