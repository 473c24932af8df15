"""jsonpath: not built yet. The type exists (OID 4072) so that catalogs and functions
resolve, but its input refuses every value with 0A000 rather than accept paths it could
not evaluate; see datatypes/README.md, "Not done yet".

PostgreSQL: utils/adt/jsonpath.c, jsonpath_gram.y, jsonpath_exec.c.
"""
from __future__ import annotations

from pgsnake.utils.errors import PgError, FEATURE_NOT_SUPPORTED


def _refuse(*_args, **_kw):
    raise PgError(FEATURE_NOT_SUPPORTED, "type jsonpath is not supported yet")


jsonpath_input = jsonpath_output = jsonpath_send = jsonpath_receive = _refuse
jsonpath_pack = jsonpath_unpack = _refuse
