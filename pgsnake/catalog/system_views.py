"""The queries of PostgreSQL's system views (pg_locks, pg_settings, pg_roles, ...): the SQL
each view's "_RETURN" rule holds.

PostgreSQL defines these views in system_views.sql over the catalogs and set-returning
functions; pgsnake's initdb makes them real views in pg_catalog (system_view_rows.py:
pg_class, pg_attribute, pg_type, pg_rewrite rows) whose rules hold the queries below,
written for pgsnake, and the rewriter expands them like any view. This module holds the
views of the catalogs' contents and the server's locks, settings and activity;
stat_views.py the cumulative-statistics views; system_view_queries.py the others.

Entry point: QUERIES (view name -> SQL text), every view of
generated/system_view_facts.py.

PostgreSQL: catalog/system_views.sql.
"""
from __future__ import annotations

_VIEWS = {
    # one row per lock held or awaited (storage/lmgr/lock_functions.py)
    "pg_locks": "SELECT * FROM pg_catalog.pg_lock_status() AS l",
    # one row per server process (storage/ipc/activity_functions.py)
    "pg_stat_activity": (
        "SELECT s.datid, d.datname, s.pid, s.leader_pid, s.usesysid, u.rolname AS usename, "
        "s.application_name, s.client_addr, s.client_hostname, s.client_port, "
        "s.backend_start, s.xact_start, s.query_start, s.state_change, s.wait_event_type, "
        "s.wait_event, s.state, s.backend_xid, s.backend_xmin, s.query_id, s.query, "
        "s.backend_type "
        "FROM pg_catalog.pg_stat_get_activity(NULL::integer) AS s "
        "LEFT JOIN pg_catalog.pg_database AS d ON s.datid = d.oid "
        "LEFT JOIN pg_catalog.pg_authid AS u ON s.usesysid = u.oid"),
    # one row per setting (utils/setting_functions.py)
    "pg_settings": "SELECT * FROM pg_catalog.pg_show_all_settings() AS a",
    # security labels of objects (pg_dump reads it). pgsnake has no SECURITY LABEL and no
    # label provider, so both catalogs stay empty; objtype and objnamespace, which
    # PostgreSQL computes per kind of object, are not computed here.
    "pg_seclabels": (
        "SELECT l.objoid, l.classoid, l.objsubid, NULL::text AS objtype, "
        "NULL::oid AS objnamespace, "
        "pg_catalog.pg_describe_object(l.classoid, l.objoid, l.objsubid) AS objname, "
        "l.provider, l.label FROM pg_catalog.pg_seclabel AS l "
        "UNION ALL SELECT l.objoid, l.classoid, 0, NULL::text, NULL::oid, "
        "pg_catalog.pg_describe_object(l.classoid, l.objoid, 0), l.provider, l.label "
        "FROM pg_catalog.pg_shseclabel AS l"),
    # one row per prepared transaction (access/transam/twophase.py)
    "pg_prepared_xacts": (
        "SELECT p.transaction, p.gid, p.prepared, u.rolname AS owner, d.datname AS database "
        "FROM pg_catalog.pg_prepared_xact() AS p "
        "LEFT JOIN pg_catalog.pg_authid AS u ON p.ownerid = u.oid "
        "LEFT JOIN pg_catalog.pg_database AS d ON p.dbid = d.oid"),
    # one row per index of a table (catalog/object_definitions.py prints indexdef)
    "pg_indexes": (
        "SELECT n.nspname AS schemaname, c.relname AS tablename, i.relname AS indexname, "
        "t.spcname AS tablespace, pg_catalog.pg_get_indexdef(i.oid) AS indexdef "
        "FROM pg_catalog.pg_index x "
        "JOIN pg_catalog.pg_class c ON c.oid = x.indrelid "
        "JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid "
        "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_catalog.pg_tablespace t ON t.oid = i.reltablespace "
        "WHERE c.relkind IN ('r', 'm', 'p') AND i.relkind IN ('i', 'I')"),
    # row-level security policies (catalog/policy_catalog.py), as system_views.sql
    "pg_policies": (
        "SELECT n.nspname AS schemaname, c.relname AS tablename, pol.polname AS policyname, "
        "CASE WHEN pol.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END AS permissive, "
        "CASE WHEN pol.polroles = '{0}' THEN pg_catalog.string_to_array('public', '')::name[] "
        "ELSE ARRAY(SELECT pg_authid.rolname FROM pg_catalog.pg_authid "
        "WHERE pg_authid.oid = ANY (pol.polroles) ORDER BY pg_authid.rolname) END AS roles, "
        "CASE pol.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' "
        "WHEN 'd' THEN 'DELETE' WHEN '*' THEN 'ALL' ELSE NULL END AS cmd, "
        "pg_catalog.pg_get_expr(pol.polqual, pol.polrelid) AS qual, "
        "pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid) AS with_check "
        "FROM pg_catalog.pg_policy pol JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid "
        "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"),
    # tables, with owner and flags
    "pg_tables": (
        "SELECT n.nspname AS schemaname, c.relname AS tablename, "
        "pg_catalog.pg_get_userbyid(c.relowner) AS tableowner, t.spcname AS tablespace, "
        "c.relhasindex AS hasindexes, c.relhasrules AS hasrules, "
        "c.relhastriggers AS hastriggers, c.relrowsecurity AS rowsecurity "
        "FROM pg_catalog.pg_class c "
        "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_catalog.pg_tablespace t ON t.oid = c.reltablespace "
        "WHERE c.relkind IN ('r', 'p')"),
    # roles without their passwords; rolconfig: ALTER ROLE ... SET in every database
    "pg_roles": (
        "SELECT pg_authid.rolname, pg_authid.rolsuper, pg_authid.rolinherit, "
        "pg_authid.rolcreaterole, pg_authid.rolcreatedb, pg_authid.rolcanlogin, "
        "pg_authid.rolreplication, pg_authid.rolconnlimit, '********'::text AS rolpassword, "
        "pg_authid.rolvaliduntil, pg_authid.rolbypassrls, s.setconfig AS rolconfig, "
        "pg_authid.oid FROM pg_catalog.pg_authid "
        "LEFT JOIN pg_catalog.pg_db_role_setting s "
        "ON pg_authid.oid = s.setrole AND s.setdatabase = 0::oid"),
    "pg_user": (
        "SELECT pg_shadow.usename, pg_shadow.usesysid, pg_shadow.usecreatedb, "
        "pg_shadow.usesuper, pg_shadow.userepl, pg_shadow.usebypassrls, "
        "'********'::text AS passwd, pg_shadow.valuntil, pg_shadow.useconfig "
        "FROM pg_catalog.pg_shadow"),
    # sequences and their settings; last_value to those who may read the sequence, other
    # sessions' temporary sequences left out
    "pg_sequences": (
        "SELECT n.nspname AS schemaname, c.relname AS sequencename, "
        "pg_catalog.pg_get_userbyid(c.relowner) AS sequenceowner, "
        "s.seqtypid::regtype AS data_type, s.seqstart AS start_value, "
        "s.seqmin AS min_value, s.seqmax AS max_value, s.seqincrement AS increment_by, "
        "s.seqcycle AS cycle, s.seqcache AS cache_size, "
        "CASE WHEN pg_catalog.has_sequence_privilege(c.oid, 'SELECT,USAGE'::text) "
        "THEN pg_catalog.pg_sequence_last_value(c.oid::regclass) ELSE NULL::bigint END "
        "AS last_value "
        "FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid "
        "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE NOT pg_catalog.pg_is_other_temp_schema(n.oid) AND c.relkind = 'S'"),
    # views and materialized views with their definitions (rewrite/view_deparse.py)
    "pg_views": (
        "SELECT n.nspname AS schemaname, c.relname AS viewname, "
        "pg_catalog.pg_get_userbyid(c.relowner) AS viewowner, "
        "pg_catalog.pg_get_viewdef(c.oid) AS definition "
        "FROM pg_catalog.pg_class c "
        "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind = 'v'"),
    "pg_matviews": (
        "SELECT n.nspname AS schemaname, c.relname AS matviewname, "
        "pg_catalog.pg_get_userbyid(c.relowner) AS matviewowner, t.spcname AS tablespace, "
        "c.relhasindex AS hasindexes, c.relispopulated AS ispopulated, "
        "pg_catalog.pg_get_viewdef(c.oid) AS definition "
        "FROM pg_catalog.pg_class c "
        "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_catalog.pg_tablespace t ON t.oid = c.reltablespace "
        "WHERE c.relkind = 'm'"),
}


def _slot_case(kind: int, column: str, else_type: str, subscript: str = "") -> str:
    """pg_stats' CASE over the five pg_statistic slots for the one of kind `kind`."""
    whens = " ".join(f"WHEN s.stakind{i} = {kind} THEN s.{column}{i}{subscript}"
                     for i in range(1, 6))
    return f"CASE {whens} ELSE NULL::{else_type} END"


# per-column statistics from ANALYZE (commands/analyze.py), as PostgreSQL defines the view
# (a table whose row-level security applies to the user shows none).
_VIEWS["pg_stats"] = (
    "SELECT n.nspname AS schemaname, c.relname AS tablename, a.attname, "
    "s.stainherit AS inherited, s.stanullfrac AS null_frac, s.stawidth AS avg_width, "
    "s.stadistinct AS n_distinct, "
    f"{_slot_case(1, 'stavalues', 'anyarray')} AS most_common_vals, "
    f"{_slot_case(1, 'stanumbers', 'real[]')} AS most_common_freqs, "
    f"{_slot_case(2, 'stavalues', 'anyarray')} AS histogram_bounds, "
    f"{_slot_case(3, 'stanumbers', 'real', '[1]')} AS correlation, "
    f"{_slot_case(4, 'stavalues', 'anyarray')} AS most_common_elems, "
    f"{_slot_case(4, 'stanumbers', 'real[]')} AS most_common_elem_freqs, "
    f"{_slot_case(5, 'stanumbers', 'real[]')} AS elem_count_histogram "
    "FROM pg_catalog.pg_statistic s JOIN pg_catalog.pg_class c ON c.oid = s.starelid "
    "JOIN pg_catalog.pg_attribute a ON c.oid = a.attrelid AND a.attnum = s.staattnum "
    "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE NOT a.attisdropped "
    "AND pg_catalog.has_column_privilege(c.oid, a.attnum, 'select'::text) "
    "AND (c.relrowsecurity = false OR NOT pg_catalog.row_security_active(c.oid))")


def _all_queries() -> dict[str, str]:
    from pgsnake.catalog import stat_views, system_view_queries
    return {**_VIEWS, **stat_views.VIEWS, **system_view_queries.QUERIES}


QUERIES = _all_queries()
