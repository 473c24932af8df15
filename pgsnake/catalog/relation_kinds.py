"""The words PostgreSQL's messages use for each pg_class.relkind.

Entry point: unsupported_detail(relkind) -> the DETAIL of an operation refused for a
relation of that kind ("This operation is not supported for indexes."), as
errdetail_relkind_not_supported words it.

PostgreSQL: catalog/pg_class.c (errdetail_relkind_not_supported).
"""
from __future__ import annotations

PLURAL_NAMES = {"r": "tables", "i": "indexes", "S": "sequences", "t": "TOAST tables",
                "v": "views", "m": "materialized views", "c": "composite types",
                "f": "foreign tables", "p": "partitioned tables", "I": "partitioned indexes"}


def unsupported_detail(relkind: str) -> str:
    return f"This operation is not supported for " \
           f"{PLURAL_NAMES.get(relkind, 'this kind of relation')}."
