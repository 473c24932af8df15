"""Utility statements (PostgreSQL: src/backend/commands/). Importing the package
registers each command's statements with executor.portal_query."""
from pgsnake.commands import explain, lock_commands, table_commands  # noqa: F401 (registration)
