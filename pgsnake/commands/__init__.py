"""Utility statements (PostgreSQL: src/backend/commands/). Importing the package
registers each command's statements with executor.portal_query."""
from pgsnake.commands import (explain, index_commands, lock_commands,  # noqa: F401 (registration)
                              table_commands)
