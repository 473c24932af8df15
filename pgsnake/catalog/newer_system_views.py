"""System views newer than PostgreSQL 15 that pgsnake offers anyway: pg_stat_io
(PostgreSQL 16), which issue 11 asks for. Their catalog rows are made at initdb exactly as
the generated 15 ones are (system_view_rows.py), from the facts below, in the same shape
as generated/system_view_facts.VIEWS; FUNCTIONS are the pg_proc rows of the functions they
read (utils/activity/stat_functions.py implements them).

OIDs: PostgreSQL assigns a system view's OIDs as initdb runs system_views.sql, so 16's
are not 15's; these come from the range 16300..16383, below FirstNormalObjectId (16384,
where user objects start) and above every OID PostgreSQL 15's initdb uses (its system
views and information_schema end at 13558).

Where we differ from PostgreSQL 15: the oracle has no such view. Regress scripts that
list pg_catalog's views leave these out (tests/regress/sql/system_views.sql).

PostgreSQL 16: catalog/system_views.sql (pg_stat_io), utils/adt/pgstatfuncs.c.
"""
from __future__ import annotations

_TEXT = (25, -1, -1, False, "i", "x", 100)
_INT8 = (20, -1, 8, True, "d", "p", 0)
_FLOAT8 = (701, -1, 8, True, "d", "p", 0)
_TIMESTAMPTZ = (1184, -1, 8, True, "d", "p", 0)
_OWNER_AND_PUBLIC_READ = ((10, 10, "arwdDxt"), (0, 10, "r"))

# name -> (relation oid, row type oid, array type oid, rule oid, acl, columns)
VIEWS = {
    "pg_stat_io": (16300, 16302, 16301, 16303, _OWNER_AND_PUBLIC_READ, tuple(
        (name, *kind) for name, kind in (
            ("backend_type", _TEXT), ("object", _TEXT), ("context", _TEXT),
            ("reads", _INT8), ("read_time", _FLOAT8), ("writes", _INT8),
            ("write_time", _FLOAT8), ("writebacks", _INT8), ("writeback_time", _FLOAT8),
            ("extends", _INT8), ("extend_time", _FLOAT8), ("op_bytes", _INT8),
            ("hits", _INT8), ("evictions", _INT8), ("reuses", _INT8), ("fsyncs", _INT8),
            ("fsync_time", _FLOAT8), ("stats_reset", _TIMESTAMPTZ)))),
}

# pg_proc rows of the functions they read (PostgreSQL 16's), as pg_proc's column values.
_OUT = [(name, typid) for name, typid, *_ in VIEWS["pg_stat_io"][5]]
FUNCTIONS = (
    dict(oid=8459, proname="pg_stat_get_io", pronamespace=11, proowner=10, prolang=12,
         procost=1.0, prorows=30.0, provariadic=0, prosupport=0, prokind="f",
         prosecdef=False, proleakproof=False, proisstrict=False, proretset=True,
         provolatile="v", proparallel="r", pronargs=0, pronargdefaults=0, prorettype=2249,
         proargtypes=[], proallargtypes=[typid for _, typid in _OUT],
         proargmodes=["o"] * len(_OUT), proargnames=[name for name, _ in _OUT],
         prosrc="pg_stat_get_io"),
)

QUERIES = {
    "pg_stat_io": (
        "SELECT b.backend_type, b.object, b.context, b.reads, b.read_time, b.writes, "
        "b.write_time, b.writebacks, b.writeback_time, b.extends, b.extend_time, "
        "b.op_bytes, b.hits, b.evictions, b.reuses, b.fsyncs, b.fsync_time, "
        "b.stats_reset FROM pg_catalog.pg_stat_get_io() b"),
}
