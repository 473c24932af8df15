"""Invalid databases: what a DROP DATABASE cut short leaves behind.

DROP DATABASE marks the database invalid (pg_database.datconnlimit = -2, written in
place and WAL-flushed: commands/database_commands.mark_invalid) before it removes any
file, and deletes the row transactionally. If the transaction then fails or the server
crashes before the commit, the row stays, invalid, with its files partly or wholly gone.
Such a database must never be used: nobody may connect to it (FATAL), CREATE DATABASE
refuses it as a template (ERROR), autovacuum skips it; DROP DATABASE removes it.
(PostgreSQL's ALTER DATABASE also refuses it, FATAL; pgsnake has no ALTER DATABASE
... CONNECTION LIMIT / IS_TEMPLATE / ALLOW_CONNECTIONS yet.)

Entry points: is_invalid(row), check_connectable(row), check_template(row).

PostgreSQL: commands/dbcommands.c (database_is_invalid_form, createdb, AlterDatabase),
utils/init/postinit.c (InitPostgres), postmaster/autovacuum.c (get_database_list).
"""
from __future__ import annotations

from pgsnake.catalog import definitions
from pgsnake.utils.errors import FatalError, PgError

OBJECT_NOT_IN_PREREQUISITE_STATE = "55000"
_HINT = "Use DROP DATABASE to drop invalid databases."


def is_invalid(row) -> bool:
    """database_is_invalid_form: a DROP DATABASE of it was cut short."""
    return row.datconnlimit == definitions.DATCONNLIMIT_INVALID_DB


def check_connectable(row) -> None:
    if is_invalid(row):
        raise FatalError(OBJECT_NOT_IN_PREREQUISITE_STATE,
                         f'cannot connect to invalid database "{row.datname}"', hint=_HINT)


def check_template(row) -> None:
    if is_invalid(row):
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE,
                      f'cannot use invalid database "{row.datname}" as template', hint=_HINT)
