"""Utility statements (PostgreSQL: src/backend/commands/). Importing the package
registers each command's statements with executor.portal_query."""
from pgsnake.commands import (alter_table, async_notify, copy, database_commands,  # noqa: F401
                              explain,
                              comment_commands, extension_commands, function_commands,
                              index_commands, lock_commands, schema_commands,
                              sequence_commands, table_commands, trigger_commands,
                              truncate, vacuum, view_commands)
