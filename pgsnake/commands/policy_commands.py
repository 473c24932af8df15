"""CREATE POLICY, ALTER POLICY (roles, USING, WITH CHECK, RENAME), DROP POLICY, and
ALTER TABLE ... ENABLE / DISABLE / [NO] FORCE ROW LEVEL SECURITY.

The checks are PostgreSQL's, in its order and with its SQLSTATEs and messages: the
target must be a table (42809) the user owns (42501), the FOR command restricts which
expressions may be given (42601), a policy name is unique per table (42710), roles must
exist (42704) and PUBLIC among other roles is a WARNING that keeps only PUBLIC. The
USING and WITH CHECK expressions are analysed with the table as the only FROM item
(subqueries allowed; aggregates, window and set-returning functions refused as "not
allowed in policy expressions") and stored as SQL text (catalog/policy_catalog.py). Where
the policies take effect is rewrite/row_security.py.

Entry points: execute_create_policy(node, raw), execute_alter_policy(node, raw),
execute_drop_policies(DropStmt node), rename_policy(RenameStmt node),
is_policy_rename(node), alter_row_security(relation, AlterTableCmd) -> bool (ALTER
TABLE's hook; False when the subcommand is something else),
refuse_row_security_change(relation, AlterTableStmt node) (its error on a non-table),
remove_role_from_policies(role) (DROP OWNED BY), analysed_policies(table oid) /
store_policies_again(saved) (around ALTER TABLE ... RENAME: policies are kept as text).

PostgreSQL: commands/policy.c (CreatePolicy, AlterPolicy, rename_policy,
RemovePolicyById, policy_role_list_to_array, RangeVarCallbackForPolicy),
commands/tablecmds.c (ATExecSetRowSecurity, ATExecForceNoForceRowSecurity).
"""
from __future__ import annotations

from pgsnake.access.transam import transaction_ids, xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import invalidation, object_permissions, relation_locks
from pgsnake.catalog import definitions as d
from pgsnake.catalog import policy_catalog as pc
from pgsnake.commands import utility_statement
from pgsnake.rewrite.stored_expressions import analysed
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import notices
from pgsnake.utils.errors import (DUPLICATE_OBJECT, UNDEFINED_OBJECT, UNDEFINED_TABLE,
                                  WRONG_OBJECT_TYPE, PgError)

SYNTAX_ERROR = "42601"
INVALID_PARAMETER_VALUE = "22023"
INSUFFICIENT_PRIVILEGE = "42501"


def _done() -> None:
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def _open_table(range_var: dict, missing_ok: bool = False):
    """The policy's table, locked AccessExclusive as PostgreSQL does, after
    RangeVarCallbackForPolicy's checks (a table, owned by the user, not a catalog)."""
    name, schema = range_var["relname"], range_var.get("schemaname")
    oid = relation_locks.open_relation_oid(name, schema, lock_modes.ACCESS_EXCLUSIVE)
    if oid is None:
        if missing_ok:
            return None
        shown = f"{schema}.{name}" if schema else name
        raise PgError(UNDEFINED_TABLE, f'relation "{shown}" does not exist')
    row = cc.class_row(oid)
    object_permissions.check_relation_owner(oid)
    if row.relkind not in ("r", "p"):
        raise PgError(WRONG_OBJECT_TYPE, f'"{name}" is not a table')
    if row.relnamespace == cc.get_namespace_oid("pg_catalog"):
        raise PgError(INSUFFICIENT_PRIVILEGE,
                      f'permission denied: "{name}" is a system catalog')
    return cc.get_relation(oid)


def _role_list(specs) -> list[int]:
    """policy_role_list_to_array: no list is PUBLIC; PUBLIC with other roles keeps only
    PUBLIC, with a WARNING."""
    from pgsnake.commands.role_commands import role_from_spec
    if not specs:
        return [pc.PUBLIC]
    roles = []
    kinds = [s.get("RoleSpec", s).get("roletype") for s in specs]
    if "ROLESPEC_PUBLIC" in kinds:
        if len(specs) > 1:
            notices.emit(INVALID_PARAMETER_VALUE, "ignoring specified roles other than PUBLIC",
                         severity="WARNING", hint="All roles are members of the PUBLIC role.")
        return [pc.PUBLIC]
    for spec in specs:
        oid = role_from_spec(spec.get("RoleSpec", spec))
        if oid not in roles:
            roles.append(oid)
    return roles


def _analyze_expression(relation, node):
    """A USING / WITH CHECK expression over the table's columns, as stored text."""
    from pgsnake.parser.analyze import transform_where
    from pgsnake.parser.relation_resolution import ParseState
    from pgsnake.storage.lmgr.lock_modes import ACCESS_SHARE
    if node is None:
        return None, []
    # No source text, so no error positions: PostgreSQL's CreatePolicy parses the
    # expressions in a ParseState without the query string.
    pstate = ParseState(None)
    _rtindex, item = pstate.add_relation(
        {"relname": relation.name, "schemaname": relation.namespace_name}, ACCESS_SHARE)
    pstate.namespace.append(item)
    pstate.expression_kind = "policy expressions"
    expr = transform_where(pstate, node, "POLICY")
    return _stored(expr, relation.oid), _read_relations(expr, relation.oid)


def _stored(expr, relation_oid: int) -> str:
    """The text pg_policy keeps: the expression, and the search path its names were
    resolved through (analysed through it again at every use, as a view's text is)."""
    from pgsnake.catalog.view_creation import with_search_path
    from pgsnake.rewrite.stored_expressions import stored_text
    return with_search_path(stored_text(expr, relation_oid))


def _read_relations(expr, own_oid: int) -> list:
    """What the expression uses (recordDependencyOnExpr): the columns of its own table
    and of the relations its subqueries read (a relation as a whole when none of its
    columns is), the functions, operators and types it uses; as ObjectAddresses."""
    from pgsnake.catalog import dependency
    from pgsnake.commands.view_commands import references_of
    from pgsnake.parser import expression_nodes as en
    from pgsnake.rewrite.expression_dependencies import query_references
    from pgsnake.rewrite.view_expansion import _sublink_queries
    found = set(query_references(expr))
    found |= {dependency.column(own_oid, node.attnum) for node in en.walk(expr)
              if isinstance(node, en.Var) and node.levels_up == 0 and node.attnum > 0}
    queries: list = []
    _sublink_queries([expr], queries)
    for query in queries:
        found |= {dependency.column(relid, attnum) for relid, attnum in references_of(query)}
    return sorted(a for a in found if not dependency.is_pinned(a))


def _record_dependencies(policy_oid: int, used: list) -> None:
    """A policy depends normally on what its expressions use: DROP of one of those is
    2BP01, or drops the policy with CASCADE. Recorded afresh on ALTER POLICY."""
    from pgsnake.catalog import catalog_writes
    catalog_writes.delete_rows("pg_depend", lambda r: r.classid == pc.PG_POLICY
                               and r.objid == policy_oid and r.deptype == "n")
    for address in used:
        catalog_writes.insert_row("pg_depend", d.row_values(
            "pg_depend", classid=pc.PG_POLICY, objid=policy_oid, objsubid=0,
            refclassid=address.classid, refobjid=address.objid,
            refobjsubid=address.subid, deptype="n"))


def _describe(row) -> str:
    return f"policy {row.polname} on table {cc.relation_display_name(row.polrelid)}"


def _owns(oid: int) -> bool:
    """pg_class_ownercheck for the current user (superusers own everything)."""
    from pgsnake.catalog import acl
    from pgsnake.utils import process_state
    if process_state.is_bootstrap or process_state.is_superuser:
        return True
    user = process_state.user_oid or d.BOOTSTRAP_SUPERUSER
    return acl.has_privs_of_role(user, cc.class_row(oid).relowner)


def _union(first: list, second: list) -> list:
    return first + [oid for oid in second if oid not in first]


def _find(relation, name: str, missing_ok: bool = False):
    row = next((r for r in pc.policies_of(relation.oid) if r.polname == name), None)
    if row is None and not missing_ok:
        raise PgError(UNDEFINED_OBJECT,
                      f'policy "{name}" for table "{relation.name}" does not exist')
    return row


def execute_create_policy(node: dict, raw=None) -> str:
    command = pc.COMMAND_LETTERS[node.get("cmd_name", "all")]
    qual_node, check_node = node.get("qual"), node.get("with_check")
    if command in ("r", "d") and check_node is not None:
        raise PgError(SYNTAX_ERROR, "WITH CHECK cannot be applied to SELECT or DELETE")
    if command == "a" and qual_node is not None:
        raise PgError(SYNTAX_ERROR, "only WITH CHECK expression allowed for INSERT")
    relation = _open_table(node["table"])
    roles = _role_list(node.get("roles"))
    name = node["policy_name"]
    if _find(relation, name, missing_ok=True) is not None:
        raise PgError(DUPLICATE_OBJECT,
                      f'policy "{name}" for table "{relation.name}" already exists')
    qual, qual_reads = _analyze_expression(relation, qual_node)
    with_check, check_reads = _analyze_expression(relation, check_node)
    oid = transaction_ids.get_new_oid()
    pc.insert_policy(oid, relation.oid, name, command, bool(node.get("permissive", False)),
                     roles, qual, with_check)
    _record_dependencies(oid, _union(qual_reads, check_reads))
    _done()
    return "CREATE POLICY"


def execute_alter_policy(node: dict, raw=None) -> str:
    relation = _open_table(node["table"])
    row = _find(relation, node["policy_name"])
    qual_node, check_node = node.get("qual"), node.get("with_check")
    columns = {}
    if node.get("roles"):
        columns["polroles"] = _role_list(node["roles"])
    if row.polcmd in ("r", "d") and check_node is not None:
        raise PgError(SYNTAX_ERROR, "only USING expression allowed for SELECT, DELETE")
    if row.polcmd == "a" and qual_node is not None:
        raise PgError(SYNTAX_ERROR, "only WITH CHECK expression allowed for INSERT")
    reads = {}
    if qual_node is not None:
        columns["polqual"], reads["qual"] = _analyze_expression(relation, qual_node)
    if check_node is not None:
        columns["polwithcheck"], reads["check"] = _analyze_expression(relation, check_node)
    if columns:
        pc.update_policy(row.oid, **columns)
    if reads:            # the expression not given keeps what it reads
        for key, stored in (("qual", row.polqual), ("check", row.polwithcheck)):
            if key not in reads and stored:
                reads[key] = _read_relations(analysed(stored, relation.oid), relation.oid)
        _record_dependencies(row.oid, _union(reads.get("qual", []), reads.get("check", [])))
    _done()
    return "ALTER POLICY"


def is_policy_rename(node: dict) -> bool:
    return node.get("renameType") == "OBJECT_POLICY"


def rename_policy(node: dict) -> str:
    relation = _open_table(node["relation"])
    new_name = node["newname"]
    if _find(relation, new_name, missing_ok=True) is not None:
        raise PgError(DUPLICATE_OBJECT,
                      f'policy "{new_name}" for table "{relation.name}" already exists')
    row = _find(relation, node["subname"])
    pc.update_policy(row.oid, polname=new_name)
    _done()
    return "ALTER POLICY"


def execute_drop_policies(node: dict) -> str:
    """DROP POLICY [IF EXISTS] name ON table (DropStmt node; CASCADE and RESTRICT are
    the same: nothing depends on a policy)."""
    missing_ok = bool(node.get("missing_ok"))
    for obj in node.get("objects", []):
        names = [n["String"]["sval"] for n in obj["List"]["items"]]
        policy_name, table_names = names[-1], names[:-1]
        range_var = {"relname": table_names[-1]}
        if len(table_names) > 1:
            range_var["schemaname"] = table_names[-2]
        oid = relation_locks.open_relation_oid(range_var["relname"],
                                               range_var.get("schemaname"),
                                               lock_modes.ACCESS_EXCLUSIVE)
        if oid is None:
            if not missing_ok:
                raise PgError(UNDEFINED_TABLE,
                              f'relation "{".".join(table_names)}" does not exist')
            notices.emit("00000", f'relation "{".".join(table_names)}" does not exist, '
                                  f'skipping')
            continue
        relation = cc.get_relation(oid)
        row = _find(relation, policy_name, missing_ok)
        if row is None:
            notices.emit("00000", f'policy "{policy_name}" for relation "{relation.name}" '
                                  f'does not exist, skipping')
            continue
        if not _owns(oid):
            raise PgError(INSUFFICIENT_PRIVILEGE, f"must be owner of relation {relation.name}")
        from pgsnake.catalog.dependency import ObjectAddress
        from pgsnake.commands import dependent_objects      # event triggers' sql_drop
        dependent_objects.drop_dependents([ObjectAddress(pc.PG_POLICY, row.oid)],
                                          node.get("behavior") == "DROP_CASCADE")
        pc.delete_policy(row.oid)
        _done()
    return "DROP POLICY"


def analysed_policies(relation_oid: int) -> list:
    """Before a RENAME of the table or of one of its columns: its policies and those
    reading it, analysed (their Vars keep attnums and relation OIDs), to be printed
    again afterwards by store_policies_again, since policies are stored as text."""
    readers = {r.objid for r in cc.scan_catalog("pg_depend")
               if r.classid == pc.PG_POLICY and r.refobjid == relation_oid}
    saved = []
    for row in cc.scan_catalog("pg_policy"):
        if row.polrelid == relation_oid or row.oid in readers:
            try:
                saved.append((row.oid, row.polrelid,
                              analysed(row.polqual, row.polrelid) if row.polqual else None,
                              analysed(row.polwithcheck, row.polrelid)
                              if row.polwithcheck else None))
            except PgError:
                continue            # no longer analyses: left as it is
    return saved


def store_policies_again(saved: list) -> None:
    for oid, relid, qual, check in saved:
        pc.update_policy(oid, polqual=_stored(qual, relid) if qual is not None else None,
                         polwithcheck=_stored(check, relid) if check is not None else None)
    if saved:
        _done()


def remove_role_from_policies(role: int) -> None:
    """DROP OWNED BY: the role leaves every policy that names it; a policy naming only
    that role is dropped (RemoveRoleFromObjectPolicy)."""
    for row in list(cc.scan_catalog("pg_policy")):
        roles = list(row.polroles or ())
        if role not in roles:
            continue
        rest = [r for r in roles if r != role]
        if rest:
            pc.update_policy(row.oid, polroles=rest)
        else:
            pc.delete_policy(row.oid)


_ROW_SECURITY = {"AT_EnableRowSecurity": {"enabled": True},
                 "AT_DisableRowSecurity": {"enabled": False},
                 "AT_ForceRowSecurity": {"forced": True},
                 "AT_NoForceRowSecurity": {"forced": False}}


_ACTION_NAMES = {"AT_EnableRowSecurity": "ENABLE ROW SECURITY",
                 "AT_DisableRowSecurity": "DISABLE ROW SECURITY",
                 "AT_ForceRowSecurity": "FORCE ROW SECURITY",
                 "AT_NoForceRowSecurity": "NO FORCE ROW SECURITY"}


def refuse_row_security_change(relation, node: dict) -> None:
    """ATSimplePermissions' error for a ROW LEVEL SECURITY subcommand on something
    that is not a table (ALTER TABLE's hook, before its generic refusal)."""
    for wrapped in node.get("cmds", []):
        action = _ACTION_NAMES.get(wrapped["AlterTableCmd"]["subtype"])
        if action is not None:
            from pgsnake.catalog.relation_kinds import unsupported_detail
            raise PgError(WRONG_OBJECT_TYPE, f'ALTER action {action} cannot be performed on '
                          f'relation "{relation.name}"',
                          detail=unsupported_detail(relation.relkind))


def alter_row_security(relation, cmd: dict) -> bool:
    """ALTER TABLE ... ENABLE / DISABLE / [NO] FORCE ROW LEVEL SECURITY; False when
    `cmd` is another subcommand."""
    change = _ROW_SECURITY.get(cmd["subtype"])
    if change is None:
        return False
    pc.set_row_security(relation.oid, **change)
    _done()
    return True


utility_statement.register("CreatePolicyStmt", "CREATE POLICY", execute_create_policy)
utility_statement.register("AlterPolicyStmt", "ALTER POLICY", execute_alter_policy)
