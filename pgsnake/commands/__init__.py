"""Utility statements (PostgreSQL: src/backend/commands/). Importing the package
registers each command's statements with executor.portal_query."""
from pgsnake.commands import (alter_table, database_commands, explain,  # noqa: F401 (registration)
                              comment_commands, extension_commands,
                              index_commands, lock_commands, schema_commands,
                              sequence_commands, table_commands, truncate)
