"""Row-level security: a table's policies become security quals on every query that
reads it and WITH CHECK options on every row INSERT or UPDATE writes to it.

Entry points:
    apply_row_security(query, expanding)   rewrite_query's last step at each query level
    rls_enabled(table oid, user) / current_user()   check_enable_rls (COPY FROM's refusal)
    bypassed()                             context: no policies (foreign-key queries)
    checked_as(role)                       context: the tables being rewritten are read
                                           with `role`'s policies (a view's owner)
    order_scan_quals(rte, quals, by_cost)  the planner's order for one scan's quals
    tables_seen() / environment()          the plan cache's revalidation key
    RowSecurityCheck                       marks a Query.check_options entry as a policy's
    row_security_active(table)             the SQL function

When policies apply (check_enable_rls): the table has relrowsecurity, and the user is not
a superuser or BYPASSRLS role, and does not own the table (unless relforcerowsecurity).
Then, with row_security = off, the query is refused (42501). The user is the current one,
or the owner of the view the table is read through.

Which policies (get_row_security_policies): those whose polcmd is ALL or the command, for
PUBLIC or a role the user has the privileges of. The scan of the table gets each
restrictive policy's USING qual (in name order) AND the OR of the permissive ones', a
qual met twice only once; no permissive policy means no row (a false qual). A table read by SELECT (or any query
that is not its target) takes SELECT policies, and UPDATE ones too under FOR UPDATE /
SHARE; the target of UPDATE / DELETE takes that command's policies, and SELECT's when
the statement reads the table's columns (WHERE, RETURNING, SET ... = col). Rows written
are checked (Query.check_options, executor/constraint_checks.py) against the policies'
WITH CHECK (or USING when there is none): INSERT's (and SELECT's USING with RETURNING),
UPDATE's (and SELECT's USING when the UPDATE reads columns); ON CONFLICT DO UPDATE
checks the row it would change against UPDATE's USING ("(USING expression)" in the
error) and the new row as UPDATE does. MERGE reads the target with SELECT's policies
when it reads its columns (a row they hide is NOT MATCHED), checks a matched row against
UPDATE's or DELETE's USING before changing it ("target row violates ..."), and the new
rows as INSERT and UPDATE do. Foreign-key queries bypass policies, and a table met in a policy's own
subqueries while its policies are being added is 42P17.

The quals are placed where the table is: in WHERE (first), or in the ON condition of
the outer join whose nullable side it is; where neither filters the table alone (a FULL
join), the table becomes a subquery of itself filtered by them. The RTE keeps them in
`security_quals` as well, so the planner can put them ahead of every qual of the scan
that is not leakproof (order_qual_clauses's security_level): a user's function never
sees a row the policies hide.

PostgreSQL: rewrite/rowsecurity.c (get_row_security_policies, add_security_quals,
add_with_check_options), utils/misc/rls.c (check_enable_rls, row_security_active),
optimizer/plan/createplan.c (order_qual_clauses), optimizer/util/clauses.c
(contain_leaked_vars).
"""
from __future__ import annotations

import contextlib
import dataclasses

from pgsnake.catalog import catalog_cache as cc
from pgsnake.parser.expression_nodes import (BoolExpr, Const, FuncExpr, OpExpr, SubLink, Var,
                                             walk)
from pgsnake.parser import permission_info
from pgsnake.parser.query import JoinTreeNode, Query, RangeTableEntry, TargetEntry
from pgsnake.rewrite import tree_mapping
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError

INSUFFICIENT_PRIVILEGE = "42501"
INFINITE_RECURSION = "42P17"
BOOL = 16

# polcmd letters (catalog/policy_catalog.py) per command
_SELECT, _INSERT, _UPDATE, _DELETE = "r", "a", "w", "d"


@dataclasses.dataclass(frozen=True)
class RowSecurityCheck:
    """A Query.check_options entry that is a policy check, not a view's CHECK OPTION.
    kind: 'insert' / 'update' (the new row), 'conflict' (the row ON CONFLICT DO UPDATE
    would change, checked with UPDATE's USING quals) or 'merge_update' / 'merge_delete'
    (the row a MERGE action would change, with UPDATE's / DELETE's USING); policy: the restrictive policy's
    name, or '' for the OR of the permissive ones."""
    kind: str
    table: str
    policy: str = ""

    def message(self) -> str:
        named = f' "{self.policy}"' if self.policy else ""
        existing = self.kind in ("conflict", "merge_update", "merge_delete")
        using = " (USING expression)" if existing else ""
        row = "target row" if self.kind.startswith("merge_") else "new row"
        return f'{row} violates row-level security policy{named}{using} ' \
               f'for table "{self.table}"'


# -- whose policies apply ------------------------------------------------------------------------

_roles: list[int] = []


@contextlib.contextmanager
def checked_as(role: int):
    """The queries rewritten inside read their tables as `role` (a view's owner)."""
    _roles.append(role)
    try:
        yield
    finally:
        _roles.pop()


_bypass_depth = 0


@contextlib.contextmanager
def bypassed():
    """Statements run inside see every row (foreign-key checks and actions: PostgreSQL's
    SECURITY_NOFORCE_RLS as the table's owner)."""
    global _bypass_depth
    _bypass_depth += 1
    try:
        yield
    finally:
        _bypass_depth -= 1


def current_user() -> int:
    from pgsnake.catalog import definitions as d
    from pgsnake.utils import process_state
    return process_state.user_oid or d.BOOTSTRAP_SUPERUSER


def _row_security_on() -> bool:
    from pgsnake.utils import settings
    return bool(settings.get("row_security"))


def _bypasses(user: int) -> bool:
    from pgsnake.catalog import acl
    row = cc.role_row(user)
    return row is None or bool(row.rolsuper) or bool(row.rolbypassrls) \
        or acl.is_superuser(user)


def rls_enabled(relation_oid: int, user: int, no_error: bool = False) -> bool:
    """check_enable_rls: do the table's policies apply to `user`? With row_security off
    a query they would apply to is an error (unless `no_error`)."""
    from pgsnake.catalog import acl
    global _tables_seen
    row = cc.class_row(relation_oid)
    if row is None or not row.relrowsecurity:
        return False
    _tables_seen += 1
    if _bypasses(user):
        return False
    owner = acl.has_privs_of_role(user, row.relowner)
    if owner and not row.relforcerowsecurity:
        return False
    if not _row_security_on() and not no_error:
        hint = "To disable the policy for the table's owner, use ALTER TABLE NO FORCE " \
               "ROW LEVEL SECURITY." if owner else None
        raise PgError(INSUFFICIENT_PRIVILEGE, "query would be affected by row-level "
                      f'security policy for table "{row.relname}"', hint=hint)
    return True


@dataclasses.dataclass
class _Policy:
    name: str
    permissive: bool
    using: object          # analysed, Vars at rtindex 1, or None
    check: object


def _policies(relation, command: str, user: int) -> list[_Policy]:
    from pgsnake.catalog import acl
    from pgsnake.catalog import policy_catalog as pc
    from pgsnake.rewrite.stored_expressions import analysed
    out = []
    for row in pc.policies_of(relation.oid):
        if row.polcmd not in ("*", command):
            continue
        roles = list(row.polroles or ())
        if pc.PUBLIC not in roles and not any(acl.has_privs_of_role(user, r) for r in roles):
            continue
        using = analysed(row.polqual, relation.oid) if row.polqual else None
        check = analysed(row.polwithcheck, relation.oid) if row.polwithcheck else None
        out.append(_Policy(row.polname, bool(row.polpermissive), using, check))
    return out


def _false() -> Const:
    return Const(BOOL, False)


def _or(exprs: list):
    """The OR of the permissive policies' quals, nested ORs flattened as the planner's
    canonicalisation does."""
    flat = []
    for e in exprs:
        flat += list(e.args) if isinstance(e, BoolExpr) and e.op == "or" else [e]
    return flat[0] if len(flat) == 1 else BoolExpr("or", tuple(flat))


def _newest_first(policies: list[_Policy]) -> list[_Policy]:
    """Permissive policies are OR-ed in reverse name order: PostgreSQL's relcache
    builds its policy list by prepending each row of its by-name index scan."""
    return list(reversed(policies))


def _security_quals(policies: list[_Policy], quals: list | None = None) -> list:
    """add_security_quals: each restrictive policy's USING qual (name order), then the
    OR of the permissive ones, appended to `quals` unless already there; only a false
    qual when no permissive policy has one."""
    quals = [] if quals is None else quals
    permissive = [p.using for p in _newest_first(policies)
                  if p.permissive and p.using is not None]
    if not permissive:
        quals.append(_false())
        return quals
    for qual in [p.using for p in policies if not p.permissive and p.using is not None] \
            + [_or(permissive)]:
        if qual not in quals:
            quals.append(qual)
    return quals


def _check_options(policies: list[_Policy], kind: str, table: str,
                   force_using: bool = False) -> list:
    """add_with_check_options: one check for the permissive policies (OR-ed), one per
    restrictive policy (named in its error), or a false one when nothing permits."""
    def expr(p):
        return p.using if force_using or p.check is None else p.check
    permissive = [expr(p) for p in _newest_first(policies)
                  if p.permissive and expr(p) is not None]
    if not permissive:
        return [(RowSecurityCheck(kind, table), _false(), False)]
    out = [(RowSecurityCheck(kind, table), _or(permissive), False)]
    for p in policies:
        if not p.permissive and expr(p) is not None:
            out.append((RowSecurityCheck(kind, table, p.name), expr(p), False))
    return out


# -- applying them to a query level ------------------------------------------------------------

def apply_row_security(query: Query, expanding: tuple[int, ...] = ()) -> None:
    """Add the policies of every table this level reads or writes (not the levels nested
    in it: rewrite_query has already been through those)."""
    if _bypass_depth or query.command_type == "SELECT" and not query.range_table:
        return
    user = _roles[-1] if _roles else (query.check_as_user or current_user())
    command = query.command_type
    marked = {m.rtindex for m in query.row_marks}
    for rtindex, rte in enumerate(list(query.range_table), start=1):
        if rte.kind != "relation" or rte.relation is None or rte.security_quals is not None \
                or rte.relation.relkind not in ("r", "p"):
            continue
        relation = rte.relation
        is_target = rtindex == query.result_relation and command != "SELECT"
        rte.security_quals = []       # looked at (a view's tables, once pulled up, are not
                                      # looked at again as the outer query's)
        if not rls_enabled(relation.oid, user):
            continue
        if relation.oid in expanding:
            raise PgError(INFINITE_RECURSION, "infinite recursion detected in policy for "
                          f'relation "{relation.name}"')
        inner = expanding + (relation.oid,)
        reads = is_target and _reads_target(query, rtindex)
        quals, checks = [], []
        if not is_target:
            policies = _policies(relation, _SELECT, user)
            quals = _security_quals(policies)
            if rtindex in marked:
                _security_quals(_policies(relation, _UPDATE, user), quals)
        elif command in ("UPDATE", "DELETE"):
            letter = _UPDATE if command == "UPDATE" else _DELETE
            quals = _security_quals(_policies(relation, letter, user))
            if reads:
                _security_quals(_policies(relation, _SELECT, user), quals)
            if command == "UPDATE":
                checks = _check_options(_policies(relation, _UPDATE, user), "update",
                                        relation.name)
                if reads:
                    checks += _check_options(_policies(relation, _SELECT, user), "update",
                                             relation.name, force_using=True)
        elif command == "INSERT":
            checks = _check_options(_policies(relation, _INSERT, user), "insert",
                                    relation.name)
            if reads:
                checks += _check_options(_policies(relation, _SELECT, user), "insert",
                                         relation.name, force_using=True)
            on_conflict = query.on_conflict
            if on_conflict is not None and getattr(on_conflict, "action", "") == "update":
                checks += _conflict_checks(relation, user, reads)
        elif command == "MERGE":
            if reads:
                quals = _security_quals(_policies(relation, _SELECT, user))
            checks = _merge_checks(relation, user, reads)
        _rewrite_sublinks(quals + [c[1] for c in checks], inner)
        # what their subqueries read, the user the policies apply to must be allowed
        permission_info.note_policy_subqueries(
            quals + [c[1] for c in checks], _roles[-1] if _roles else query.check_as_user or 0)
        query.check_options[:0] = [c for c in checks]
        if quals:
            placed = [_at_rtindex(q, rtindex) for q in _conjuncts(quals)]
            _place(query, rtindex, rte, placed)


def _conflict_checks(relation, user: int, reads: bool) -> list:
    """ON CONFLICT DO UPDATE: the existing row must pass UPDATE's USING quals (and
    SELECT's when the statement reads the table), the new row UPDATE's WITH CHECK
    (executor/on_conflict.py checks each kind where PostgreSQL does)."""
    existing = _check_options(_policies(relation, _UPDATE, user), "conflict", relation.name,
                              force_using=True)
    updated = _check_options(_policies(relation, _UPDATE, user), "update", relation.name)
    if reads:
        existing += _check_options(_policies(relation, _SELECT, user), "conflict",
                                   relation.name, force_using=True)
        updated += _check_options(_policies(relation, _SELECT, user), "update",
                                  relation.name, force_using=True)
    return existing + updated


def _merge_checks(relation, user: int, reads: bool) -> list:
    """MERGE: a matched row must pass UPDATE's (or DELETE's) USING quals before the
    action changes it ("target row violates ..."); the rows it inserts INSERT's WITH
    CHECK, the rows it updates UPDATE's (and SELECT's USING when the statement reads
    the target). executor/merge_nodes.py checks each kind where PostgreSQL does."""
    update = _policies(relation, _UPDATE, user)
    checks = _check_options(update, "merge_update", relation.name, force_using=True)
    checks += _check_options(_policies(relation, _DELETE, user), "merge_delete",
                             relation.name, force_using=True)
    checks += _check_options(_policies(relation, _INSERT, user), "insert", relation.name)
    checks += _check_options(update, "update", relation.name)
    if reads:
        checks += _check_options(_policies(relation, _SELECT, user), "update",
                                 relation.name, force_using=True)
    return checks


def _reads_target(query: Query, rtindex: int) -> bool:
    """Does the statement read the target's columns (the target's requiredPerms has
    ACL_SELECT)? Its WHERE, RETURNING, SET expressions or ON CONFLICT parts name them."""
    found = []

    def note(var, depth):
        if var.levels_up == depth and var.rtindex == rtindex:
            found.append(var)
        return None
    parts = [query.where, [t.expr for t in query.returning],
             list(query.update_assignments.values())]
    on_conflict = query.on_conflict
    if on_conflict is not None:
        parts += [getattr(on_conflict, "where", None),
                  list((getattr(on_conflict, "assignments", None) or {}).values())]
    for action in query.merge_actions:
        if action.matched:
            parts += action.expressions()
    for part in parts:
        tree_mapping.map_expression(part, note)
    for node in query.from_list:
        tree_mapping.map_expression(node, note)
    return bool(found)


def _conjuncts(quals: list) -> list:
    out = []
    for q in quals:
        if isinstance(q, BoolExpr) and q.op == "and":
            out += _conjuncts(list(q.args))
        else:
            out.append(q)
    return out


def _at_rtindex(expr, rtindex: int):
    """A policy expression (its table at rtindex 1) moved to the table's rtindex."""
    if rtindex == 1:
        return expr

    def move(var, depth):
        if var.levels_up == depth and var.rtindex == 1:
            return dataclasses.replace(var, rtindex=rtindex)
        return None
    return tree_mapping.map_expression(expr, move)


def _rewrite_sublinks(exprs: list, expanding: tuple[int, ...]) -> None:
    """Views and policies of the tables a policy's subqueries read."""
    from pgsnake.rewrite.view_expansion import _sublink_queries, rewrite_query
    found: list = []
    _sublink_queries([e for e in exprs if e is not None], found)
    for sub in found:
        rewrite_query(sub, expanding)


def _and(exprs: list):
    exprs = [e for e in exprs if e is not None]
    if not exprs:
        return None
    return exprs[0] if len(exprs) == 1 else BoolExpr("and", tuple(exprs))


def _place(query: Query, rtindex: int, rte: RangeTableEntry, quals: list) -> None:
    from pgsnake.rewrite.view_pullup import _find
    place = _find(query.from_list, rtindex)
    if place is None or isinstance(place[0], list) or not place[2]:
        # the target of UPDATE / DELETE, or a FROM item no outer join makes nullable
        rte.security_quals = list(quals)
        query.where = _and(list(quals) + _where_conjuncts(query.where))
        return
    container, key, _nullable = place
    if container.join_type in ("inner", "cross", "semi", "anti") or \
            (container.join_type, key) in (("left", "right"), ("right", "left")):
        # the ON condition of the join that filters this side
        rte.security_quals = list(quals)
        container.quals = _and(list(quals) + _where_conjuncts(container.quals))
        return
    _wrap(query, rtindex, rte, quals)


def _where_conjuncts(where) -> list:
    return [] if where is None else _conjuncts([where])


def _wrap(query: Query, rtindex: int, rte: RangeTableEntry, quals: list) -> None:
    """The table becomes `(SELECT <its columns> FROM t WHERE quals)`: its place in the
    join tree filters nothing on its own (a FULL join)."""
    relation = rte.relation
    columns = [a for a in relation.attributes if a.attnum > 0]

    def refuses(var, depth):
        if var.levels_up == depth and var.rtindex == rtindex and var.attnum <= 0:
            raise PgError(FEATURE_NOT_SUPPORTED, "system columns and whole-row references "
                          "of a table with row-level security under a FULL join are not "
                          "supported yet")
        return None
    tree_mapping.map_query(query, refuses)
    inner = RangeTableEntry("relation", rte.alias, list(rte.column_names),
                            list(rte.column_types), list(rte.column_typmods),
                            relation=relation, explicit_alias=rte.explicit_alias,
                            lock_mode=rte.lock_mode)
    inner.security_quals = [_at_rtindex_back(q, rtindex) for q in quals]
    targets = []
    for a in columns:
        if a.is_dropped:
            targets.append(TargetEntry(Const(a.type_oid, None), a.name))
        else:
            targets.append(TargetEntry(Var(1, a.attnum, a.type_oid, a.typmod,
                                           column_name=a.name, relation_alias=rte.alias),
                                       a.name, table_oid=relation.oid, attnum=a.attnum))
    sub = Query("SELECT", range_table=[inner], from_list=[JoinTreeNode(rtindex=1)],
                where=_and(list(inner.security_quals)), target_list=targets,
                check_as_user=query.check_as_user)
    rte.kind = "subquery"
    rte.subquery = sub
    rte.relation = None
    rte.lock_mode = 0


def _at_rtindex_back(expr, rtindex: int):
    def move(var, depth):
        if var.levels_up == depth and var.rtindex == rtindex:
            return dataclasses.replace(var, rtindex=1)
        return None
    return tree_mapping.map_expression(expr, move)


# -- the planner's order of a scan's quals ------------------------------------------------------

def order_scan_quals(rte, quals: list, by_cost) -> list:
    """order_qual_clauses with security levels: the table's security quals (its
    policies', then those of the security_barrier view written through) first, then
    (each group by cost) the other quals; a leakproof qual cheaper than ten operators
    may go ahead, since it cannot leak what it sees. Without security quals: by cost."""
    security = None if rte is None else \
        list(getattr(rte, "security_quals", None) or ()) + \
        list(getattr(rte, "view_security_quals", None) or ())
    if not security or len(quals) < 2:
        return by_cost(quals)
    first, rest = [], []
    for q in quals:
        (first if q in security or _cheap_leakproof(q) else rest).append(q)
    return by_cost(first) + by_cost(rest)


def _cheap_leakproof(qual) -> bool:
    from pgsnake.optimizer import cost
    return cost.qual_cost_per_row([qual]) < 10 * cost.CPU_OPERATOR_COST and is_leakproof(qual)


def is_leakproof(expr) -> bool:
    """contain_leaked_vars, conservatively: every function and operator in it is
    LEAKPROOF, and it has no subquery."""
    from pgsnake.catalog.lookup_functions import operator_row, proc_row
    for node in walk(expr):
        if isinstance(node, SubLink):
            return False
        oid = 0
        if isinstance(node, FuncExpr):
            oid = node.function_oid
        elif isinstance(node, OpExpr):
            row = operator_row(node.operator_oid)
            oid = row.oprcode if row is not None else 0
            if not oid:
                return False
        elif not isinstance(node, (Var, Const, BoolExpr)):
            continue
        if oid:
            row = proc_row(oid)
            if row is None or not row.proleakproof:
                return False
    return True


# -- the plan cache -------------------------------------------------------------------------------

_tables_seen = 0


def tables_seen() -> int:
    """How many times a table with row-level security on was met (only grows): a plan
    whose analysis changed it may depend on who runs it (PlannedStmt.dependsOnRole)."""
    return _tables_seen


def environment() -> tuple:
    """What a plan made with policies depends on besides the catalogs."""
    return (current_user(), _row_security_on(), bool(_bypass_depth))


# -- SQL functions --------------------------------------------------------------------------------

def row_security_active(table_oid: int) -> bool:
    """row_security_active(regclass): would this user's queries on it get policies?"""
    return rls_enabled(table_oid, current_user(), no_error=True)


def register_all() -> None:
    from pgsnake.datatypes import functions
    functions.register("row_security_active", [26], BOOL, row_security_active, oid=3298,
                       volatility="s")
    functions.register("row_security_active", [25], BOOL, _row_security_active_by_name,
                       oid=3299, volatility="s")


def _row_security_active_by_name(name: str) -> bool:
    from pgsnake.rewrite.sql_functions import _oid_of_name
    return row_security_active(_oid_of_name(name))
