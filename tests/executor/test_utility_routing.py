# Proves statement routing: CREATE TABLE and DROP go to commands.table_commands (with the
# CreateStmt/DropStmt body), tcop's own statements are marked is_utility, and command
# kinds/tags are PostgreSQL's.
import pytest

import pgsnake.commands.explain as explain_module
from pgsnake.executor.portal_query import prepare_statement
from pgsnake.parser.raw_parser import parse_sql
from pgsnake.utils.errors import PgError


def prepare(text):
    (raw,) = parse_sql(text)
    return prepare_statement(raw, [])


def test_create_and_drop_go_to_table_commands(sql, monkeypatch):
    calls = []
    from pgsnake.commands import table_commands
    monkeypatch.setattr(table_commands, "execute_create_table",
                        lambda node, source=None: calls.append(("create", node["relation"]["relname"]))
                        or "CREATE TABLE")
    monkeypatch.setattr(table_commands, "execute_drop",
                        lambda node: calls.append(("drop", node["removeType"])) or "DROP TABLE")
    created = prepare("create table z (a int)")
    assert (created.command_kind, created.columns, created.is_utility) == ("CREATE TABLE", None, False)
    assert created.execute([]).command_tag == "CREATE TABLE"
    assert prepare("drop table z").execute([]).command_tag == "DROP TABLE"
    assert calls == [("create", "z"), ("drop", "OBJECT_TABLE")]


def test_transaction_and_set_statements_are_left_to_tcop(sql):
    begin = prepare("begin")
    assert (begin.is_utility, begin.command_kind) == (True, "BEGIN")
    assert prepare("set work_mem = '8MB'").is_utility
    assert prepare("show work_mem").is_utility
    with pytest.raises(PgError):
        begin.execute([])


def test_explain_is_registered(sql):
    assert explain_module.portal_query._UTILITY_HANDLERS["ExplainStmt"] is explain_module.prepare_explain
    assert prepare("explain select 1").command_kind == "EXPLAIN"
