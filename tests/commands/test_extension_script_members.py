# Proves what an extension's install script leaves behind, over the catalogs: objects
# created while dependency.current_extension is set (as CREATE EXTENSION runs a script)
# become members ('e' pg_depend rows: a table, not its row type), and
# pg_extension_config_dump refuses outside a script (0A000) and for a table that is not
# a member (22023). (Its update of pg_extension needs heap_update, which the fake heap
# lacks; no extension pgsnake ships calls it yet.)
from __future__ import annotations

import json

import pytest
from pglast import parser

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, dependency
from pgsnake.catalog import definitions as d
from pgsnake.commands import table_commands
from pgsnake.contrib import extension_members
from pgsnake.utils.errors import PgError

EXTENSION_OID = 50000


def _create(sql: str) -> None:
    (stmt,) = json.loads(parser.parse_sql_json(sql))["stmts"]
    table_commands.execute_create_table(stmt["stmt"]["CreateStmt"])


def _members() -> set:
    return {(r.classid, r.objid) for r in cc.scan_catalog("pg_depend")
            if r.deptype == "e" and r.refobjid == EXTENSION_OID}


def test_script_objects_become_members_and_config_dump_refusals(world, transaction):
    with transaction():
        catalog_writes.insert_row("pg_extension", d.row_values(
            "pg_extension", oid=EXTENSION_OID, extname="fake", extowner=10,
            extnamespace=d.PUBLIC_NAMESPACE, extrelocatable=False, extversion="1.0",
            extconfig=None, extcondition=None))
        with dependency.current_extension(EXTENSION_OID):
            _create("create table conf (a int, b text)")
        _create("create table other (a int)")
    with transaction():
        conf, other = cc.lookup_relation("conf").oid, cc.lookup_relation("other").oid
        # the table, not its row type (part of the table) nor the table made after
        assert _members() == {(d.PG_CLASS_OID, conf)}
        with pytest.raises(PgError) as outside:
            extension_members.pg_extension_config_dump(conf, "")
        assert outside.value.sqlstate == "0A000"
        with dependency.current_extension(EXTENSION_OID):
            with pytest.raises(PgError) as not_member:
                extension_members.pg_extension_config_dump(other, "")
            assert (not_member.value.sqlstate, not_member.value.message) == (
                "22023", 'table "other" is not a member of the extension being created')
