"""contrib: PostgreSQL's contrib modules that let a learner watch pgsnake's mechanisms
from SQL (pageinspect, amcheck, pg_walinspect), as extensions created with CREATE EXTENSION.

Importing the package registers every module's SQL functions with the datatypes
function registry, each tagged with its extension, and installs the check that makes
them resolve only in a database where that extension is created (extensions.py).

PostgreSQL: contrib/pageinspect, contrib/amcheck, contrib/pg_walinspect,
commands/extension.c.
"""
from pgsnake.contrib import (amcheck, btree_gin, citext, extensions,  # noqa: F401
                             fuzzystrmatch,
                             hstore, pageinspect,
                             pg_buffercache, pg_freespacemap, pg_visibility,
                             pg_trgm, pg_trgm_gin, pg_walinspect, pgcrypto,
                             pgcrypto_pgp, pgstattuple, tablefunc, unaccent,
                             uuid_ossp)
from pgsnake.contrib import btree_gist, pg_trgm_gist  # noqa: F401,E402

extensions.register_all()
