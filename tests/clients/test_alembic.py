# Alembic runs its migrations on pgsnake unmodified (in-process, through alembic.command
# and the autogenerate API; no CLI): autogenerate writes the first revision from the
# models of sqlalchemy_models.py against an empty database, `upgrade head` applies it,
# compare_metadata then finds nothing left to do, a hand-written revision (add column,
# alter type, create index, drop constraints) runs under the migration context, and
# `downgrade base` undoes both (slow tier). Each step's result (the generated script, the diffs, the
# reflected schema after each revision) is compared with the same run on PostgreSQL 15.
from __future__ import annotations

import re

import pytest

pytest.importorskip("alembic")
pytest.importorskip("sqlalchemy")

from alembic import command  # noqa: E402
from alembic.autogenerate import compare_metadata  # noqa: E402
from alembic.config import Config  # noqa: E402
from alembic.migration import MigrationContext  # noqa: E402
from sqlalchemy import create_engine, inspect  # noqa: E402

from sqlalchemy_models import Base, create_database, drop_database, url  # noqa: E402

DBNAME = "orm_alembic"

ENV_PY = '''
from alembic import context

config = context.config
context.configure(connection=config.attributes["connection"],
                  target_metadata=config.attributes["target_metadata"],
                  compare_type=True, compare_server_default=True)
with context.begin_transaction():
    context.run_migrations()
'''

SECOND_REVISION = '''"""add, alter, index, drop constraints

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("orm_order", sa.Column("note", sa.String(40), server_default="none",
                                         nullable=False))
    op.alter_column("orm_order", "qty", type_=sa.BigInteger(), existing_type=sa.Integer())
    op.alter_column("orm_author", "email", type_=sa.Text(), existing_type=sa.String(200))
    op.alter_column("orm_book", "pages", type_=sa.Integer(), existing_type=sa.SmallInteger(),
                    postgresql_using="pages::integer * 2")
    op.create_index("orm_order_note_qty", "orm_order", ["note", sa.text("qty DESC")])
    op.drop_constraint("orm_book_price_check", "orm_book", type_="check")
    op.drop_constraint("orm_author_name_email_key", "orm_author", type_="unique")
    op.execute("INSERT INTO orm_author (name, email) VALUES ('migrated', 'm@x')")


def downgrade():
    op.execute("DELETE FROM orm_author WHERE name = 'migrated'")
    op.create_unique_constraint("orm_author_name_email_key", "orm_author", ["name", "email"])
    op.create_check_constraint("orm_book_price_check", "orm_book", "price >= 0")
    op.drop_index("orm_order_note_qty", table_name="orm_order")
    op.alter_column("orm_book", "pages", type_=sa.SmallInteger(), existing_type=sa.Integer())
    op.alter_column("orm_author", "email", type_=sa.String(200), existing_type=sa.Text())
    op.alter_column("orm_order", "qty", type_=sa.Integer(), existing_type=sa.BigInteger())
    op.drop_column("orm_order", "note")
'''


def _schema(conn) -> dict:
    insp = inspect(conn)
    out = {"tables": sorted(insp.get_table_names())}
    for table in out["tables"]:
        out[table] = [repr(insp.get_columns(table)), insp.get_indexes(table),
                      insp.get_unique_constraints(table), insp.get_check_constraints(table),
                      insp.get_foreign_keys(table), insp.get_pk_constraint(table)]
    return out


def _migrate(server, directory, downgrade: bool) -> dict:
    """Every step's outcome, as comparable data."""
    out = {}
    directory.mkdir()
    cfg = Config(str(directory / "alembic.ini"))
    cfg.set_main_option("script_location", str(directory / "migrations"))
    directory = directory / "migrations"
    command.init(cfg, str(directory))
    (directory / "env.py").write_text(ENV_PY)
    cfg.attributes["target_metadata"] = Base.metadata
    engine = create_engine(url(server, "psycopg", DBNAME))
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            script = command.revision(cfg, message="initial", autogenerate=True, rev_id="0001")
        text = open(script.path).read()
        out["initial script"] = re.sub(r"Create Date: .*", "", text)
        # Autogenerate leaves stand-alone sequences out (an Alembic limitation): the
        # hand edit that every project using one makes.
        with open(script.path, "w") as f:
            f.write(text.replace("def upgrade() -> None:\n", "def upgrade() -> None:\n"
                                 "    op.execute(sa.schema.CreateSequence(sa.Sequence("
                                 "'orm_order_number_seq', start=100, increment=5)))\n", 1))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": True})
            out["diffs after upgrade"] = [repr(d) for d in compare_metadata(context,
                                                                             Base.metadata)]
            if downgrade:                  # compared with the schema after downgrade
                out["schema 0001"] = _schema(conn)
        (directory / "versions" / "0002_second.py").write_text(SECOND_REVISION)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        with engine.connect() as conn:
            out["schema 0002"] = _schema(conn)
            out["version"] = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
        if not downgrade:
            return out
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0001")
        with engine.connect() as conn:
            out["schema back at 0001"] = _schema(conn)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "base")
        with engine.connect() as conn:
            out["tables at base"] = sorted(inspect(conn).get_table_names())
    finally:
        engine.dispose()
    return out


# The downgrades (DROP of every table) double the time on pgsnake: slow tier only.
@pytest.mark.parametrize("downgrade", [False, pytest.param(True, marks=pytest.mark.slow)],
                         ids=["upgrade", "upgrade-downgrade"])
def test_alembic_migrations_match_postgresql(oracle, pgsnake_server, tmp_path, downgrade):
    results = {}
    for name, server in (("oracle", oracle), ("pgsnake", pgsnake_server)):
        create_database(server, DBNAME)
        try:
            results[name] = _migrate(server, tmp_path / name, downgrade)
        finally:
            drop_database(server, DBNAME)
    expected, got = results["oracle"], results["pgsnake"]
    assert got["diffs after upgrade"] == []
    if downgrade:
        assert got["schema back at 0001"] == got["schema 0001"]
        assert got["tables at base"] == ["alembic_version"]
    for key in expected:
        assert got[key] == expected[key], key
