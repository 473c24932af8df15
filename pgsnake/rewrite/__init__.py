"""The query rewriter (PostgreSQL: src/backend/rewrite/). Importing the package registers
its SQL functions (pg_get_viewdef, pg_get_ruledef)."""
from pgsnake.rewrite import sql_functions  # noqa: F401 (registration)
