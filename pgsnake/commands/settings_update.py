"""UPDATE pg_settings: the view's two ON UPDATE rules, as initdb's system_views.sql makes
them in PostgreSQL. pg_settings_u (`WHERE new.name = old.name DO SELECT
set_config(old.name, new.setting, false)`) sets each chosen parameter for the session
and returns set_config's results; pg_settings_n (`DO INSTEAD NOTHING`) leaves no UPDATE
to run, so the command tag is UPDATE 0.

The statement is run as that rule action: `SELECT set_config(v.name, (<new setting>)::text,
false) AS set_config FROM pg_catalog.pg_settings v WHERE (<qual>) AND (<new name>) =
v.name`, where <new setting> / <new name> are the SET expressions (or the old values).
RETURNING is refused as PostgreSQL refuses it (the rules have none).

Where we differ: pg_rewrite holds no rows for the two rules (pg_rules does not list
them); UPDATE ... FROM on pg_settings is refused with 0A000.

Entry point: none (registers a statement route with executor/portal_query.py).

PostgreSQL: catalog/system_views.sql (pg_settings_u, pg_settings_n),
rewrite/rewriteHandler.c (fireRules).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.executor import portal_query
from pgsnake.utils.errors import PgError


def _is_pg_settings(raw) -> bool:
    if raw.kind != "UpdateStmt":
        return False
    relation = raw.node["UpdateStmt"].get("relation", {})
    if relation.get("relname") != "pg_settings" or \
            relation.get("schemaname") not in (None, "pg_catalog"):
        return False
    oid = cc.lookup_relation_oid("pg_settings", relation.get("schemaname"))
    return oid is not None and oid == cc.lookup_relation_oid("pg_settings", "pg_catalog")


def _rule_action_text(raw) -> str:
    from pglast import parse_sql
    from pglast.stream import RawStream
    update = parse_sql(raw.text)[0].stmt
    body = raw.node["UpdateStmt"]
    if body.get("returningList") or body.get("returningClause"):
        raise PgError("0A000", 'cannot perform UPDATE RETURNING on relation "pg_settings"',
                      hint="You need an unconditional ON UPDATE DO INSTEAD rule with a "
                           "RETURNING clause.")
    if body.get("fromClause") or body.get("withClause"):
        raise PgError("0A000", "UPDATE pg_settings with FROM or WITH is not supported yet")
    alias = update.relation.alias.aliasname if update.relation.alias else "pg_settings"
    quoted = cc.quote_identifier(alias)
    new = {}
    for target in update.targetList:
        if target.indirection:
            raise PgError("0A000", "UPDATE pg_settings of a subscript or field is not "
                                   "supported yet")
        new[target.name] = RawStream()(target.val)
    setting = f"CAST(({new['setting']}) AS text)" if "setting" in new else f"{quoted}.setting"
    name = f"({new['name']})" if "name" in new else f"{quoted}.name"
    where = f"({RawStream()(update.whereClause)})" if update.whereClause is not None else "true"
    return (f"SELECT pg_catalog.set_config({quoted}.name, {setting}, false) AS set_config "
            f"FROM pg_catalog.pg_settings {quoted} WHERE {where} AND {name} = {quoted}.name")


class SettingsUpdate:
    """The rule action prepared as a SELECT; its rows are the UPDATE's result."""
    command_kind = "UPDATE"

    def __init__(self, raw, param_types) -> None:
        from pgsnake.parser.raw_parser import parse_sql
        action = parse_sql(_rule_action_text(raw))[0]
        self._select = portal_query.prepare_statement(action, list(param_types))
        self.param_types = list(self._select.param_types)
        self.columns = self._select.columns

    def execute(self, params):
        result = self._select.execute(params)
        return portal_query.QueryResult(self.columns, result.rows, "UPDATE 0")


portal_query.register_statement_route(lambda raw: SettingsUpdate if _is_pg_settings(raw) else None)
