"""Procedural languages: LANGUAGE sql functions and the PL/pgSQL interpreter
(PostgreSQL: executor/functions.c, src/pl/plpgsql). Importing the package makes
CREATE FUNCTION's functions visible to the function registry."""
from pgsnake.pl import function_info, function_manager, trigger_call, user_aggregates
from pgsnake.pl import user_casts, user_operators, user_ordered_set_aggregates

function_manager.install()
function_info.register()
trigger_call.install()
user_aggregates.install()
user_ordered_set_aggregates.install()
user_operators.install()
user_casts.install()
