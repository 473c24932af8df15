"""Utility statements (PostgreSQL: src/backend/commands/). Importing the package
registers each command's statements with executor.portal_query."""
from pgsnake.commands import (alter_database, alter_table, async_notify, copy,  # noqa: F401
                              database_commands,
                              default_privileges_commands,
                              explain,
                              comment_commands, create_table_as, extension_commands,
                              function_commands, grant_commands, index_commands, lock_commands,
                              owner_commands, policy_commands, role_commands,
                              schema_commands,
                              sequence_commands, table_commands, temp_relations,
                              trigger_commands, truncate, vacuum, view_commands)
from pgsnake.commands import (composite_type_commands, domain_commands,  # noqa: F401
                              range_type_commands, type_commands)
from pgsnake.commands import brin_functions, cluster, gin_functions, reindex  # noqa: F401
from pgsnake.commands import statistics_commands  # noqa: F401
from pgsnake.commands import event_trigger_commands, event_trigger_firing  # noqa: F401
from pgsnake.commands import file_functions  # noqa: F401  (pg_read_file, pg_ls_dir, ...)
from pgsnake.commands import large_object_functions  # noqa: F401  (lo_open, loread, ...)
from pgsnake.commands import aggregate_commands, define_statement, operator_commands  # noqa: F401
from pgsnake.commands import cast_commands, settings_update  # noqa: F401
from pgsnake.commands import collation_commands  # noqa: F401
from pgsnake.commands import base_type_commands  # noqa: F401  (CREATE TYPE shell / base)
from pgsnake.commands import alter_type_options  # noqa: F401  (ALTER TYPE ... SET (...))
from pgsnake.commands import operator_class_commands  # noqa: F401
from pgsnake.commands import rule_actions, rule_commands  # noqa: F401
from pgsnake.commands import routine_alter  # noqa: F401  (ALTER FUNCTION attributes)
from pgsnake.executor import composite_values  # noqa: F401  (FieldSelect)
