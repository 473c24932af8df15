"""Utility statements (PostgreSQL: src/backend/commands/). Importing the package
registers each command's statements with executor.portal_query."""
from pgsnake.commands import (alter_table, explain, index_commands,  # noqa: F401 (registration)
                              lock_commands, schema_commands, sequence_commands,
                              table_commands, truncate)
