"""The queries of the system views that system_views.py and stat_views.py do not define:
the role views PostgreSQL keeps for compatibility (pg_shadow, pg_group), pg_rules, the
extended-statistics views, the views over set-returning functions of the server's state
(pg_cursors, pg_timezone_names, pg_hba_file_rules, ...), replication and progress views.
Each yields the columns PostgreSQL 15's view has, in its order and with its types
(generated/system_view_facts.py). Functions pgsnake lacks are registered by
system_view_functions.py: a view over one of them is described and printed, and a query
that reaches the function fails naming it (0A000).

Entry point: QUERIES (name -> SQL), merged into system_views.QUERIES.

Where we differ from PostgreSQL: no
pg_user_mapping catalog: pg_user_mappings is empty. pg_publication_tables'
rowfilter is NULL (pgsnake has no CREATE PUBLICATION; pg_get_publication_tables fails).

PostgreSQL: catalog/system_views.sql (which views exist, their columns); the phase names
of the progress views are those of the PostgreSQL 15 documentation (progress reporting).
"""
from __future__ import annotations

from pgsnake.catalog import stat_views


def _expression_slot(kind: int, column: str, else_type: str, subscript: str = "") -> str:
    """pg_stats_ext_exprs' CASE over the five slots of an expression's pg_statistic
    value (stat.a) for the one of kind `kind`."""
    whens = " ".join(f"WHEN (stat.a).stakind{i} = {kind} THEN (stat.a).{column}{i}{subscript}"
                     for i in range(1, 6))
    return f"CASE {whens} ELSE NULL::{else_type} END"


def _phases(parameter: str, names: dict[int, str]) -> str:
    whens = " ".join(f"WHEN {number} THEN '{name}'::text" for number, name in names.items())
    return f"CASE s.{parameter} {whens} ELSE NULL::text END"


_SYSTEM = stat_views._SYSTEM_SCHEMA
_USER = stat_views._USER_SCHEMA
_STATIO_SEQUENCE_COLUMNS = "relid, schemaname, relname, blks_read, blks_hit"

QUERIES = {
    "pg_shadow": (
        "SELECT pg_authid.rolname AS usename, pg_authid.oid AS usesysid, "
        "pg_authid.rolcreatedb AS usecreatedb, pg_authid.rolsuper AS usesuper, "
        "pg_authid.rolreplication AS userepl, pg_authid.rolbypassrls AS usebypassrls, "
        "pg_authid.rolpassword AS passwd, pg_authid.rolvaliduntil AS valuntil, "
        "s.setconfig AS useconfig "
        "FROM pg_catalog.pg_authid LEFT JOIN pg_catalog.pg_db_role_setting s "
        "ON pg_authid.oid = s.setrole AND s.setdatabase = 0::oid "
        "WHERE pg_authid.rolcanlogin"),
    "pg_group": (
        "SELECT pg_authid.rolname AS groname, pg_authid.oid AS grosysid, "
        "ARRAY(SELECT pg_auth_members.member FROM pg_catalog.pg_auth_members "
        "WHERE pg_auth_members.roleid = pg_authid.oid) AS grolist "
        "FROM pg_catalog.pg_authid WHERE NOT pg_authid.rolcanlogin"),
    "pg_rules": (
        "SELECT n.nspname AS schemaname, c.relname AS tablename, r.rulename, "
        "pg_catalog.pg_get_ruledef(r.oid) AS definition "
        "FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class "
        "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE r.rulename <> '_RETURN'::name"),
    "pg_stats_ext": (
        "SELECT cn.nspname AS schemaname, c.relname AS tablename, "
        "sn.nspname AS statistics_schemaname, s.stxname AS statistics_name, "
        "pg_catalog.pg_get_userbyid(s.stxowner) AS statistics_owner, "
        "(SELECT pg_catalog.array_agg(a.attname ORDER BY a.attnum) "
        "FROM pg_catalog.unnest(s.stxkeys) k "
        "JOIN pg_catalog.pg_attribute a ON a.attrelid = s.stxrelid AND a.attnum = k) "
        "AS attnames, "
        "pg_catalog.pg_get_statisticsobjdef_expressions(s.oid) AS exprs, "
        "s.stxkind AS kinds, sd.stxdinherit AS inherited, "
        "sd.stxdndistinct AS n_distinct, sd.stxddependencies AS dependencies, "
        "m.most_common_vals, m.most_common_val_nulls, m.most_common_freqs, "
        "m.most_common_base_freqs "
        "FROM pg_catalog.pg_statistic_ext s JOIN pg_catalog.pg_class c ON c.oid = s.stxrelid "
        "JOIN pg_catalog.pg_statistic_ext_data sd ON s.oid = sd.stxoid "
        "LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace "
        "LEFT JOIN pg_catalog.pg_namespace sn ON sn.oid = s.stxnamespace "
        "LEFT JOIN LATERAL (SELECT pg_catalog.array_agg(i.\"values\") AS most_common_vals, "
        "pg_catalog.array_agg(i.nulls) AS most_common_val_nulls, "
        "pg_catalog.array_agg(i.frequency) AS most_common_freqs, "
        "pg_catalog.array_agg(i.base_frequency) AS most_common_base_freqs "
        "FROM pg_catalog.pg_mcv_list_items(sd.stxdmcv) i) m ON sd.stxdmcv IS NOT NULL "
        "WHERE pg_catalog.pg_has_role(c.relowner, 'USAGE'::text) "
        "AND (c.relrowsecurity = false OR NOT pg_catalog.row_security_active(c.oid))"),
    "pg_stats_ext_exprs": (
        "SELECT cn.nspname AS schemaname, c.relname AS tablename, "
        "sn.nspname AS statistics_schemaname, s.stxname AS statistics_name, "
        "pg_catalog.pg_get_userbyid(s.stxowner) AS statistics_owner, "
        "stat.expr, sd.stxdinherit AS inherited, (stat.a).stanullfrac AS null_frac, "
        "(stat.a).stawidth AS avg_width, (stat.a).stadistinct AS n_distinct, "
        f"{_expression_slot(1, 'stavalues', 'anyarray')} AS most_common_vals, "
        f"{_expression_slot(1, 'stanumbers', 'real[]')} AS most_common_freqs, "
        f"{_expression_slot(2, 'stavalues', 'anyarray')} AS histogram_bounds, "
        f"{_expression_slot(3, 'stanumbers', 'real', '[1]')} AS correlation, "
        f"{_expression_slot(4, 'stavalues', 'anyarray')} AS most_common_elems, "
        f"{_expression_slot(4, 'stanumbers', 'real[]')} AS most_common_elem_freqs, "
        f"{_expression_slot(5, 'stanumbers', 'real[]')} AS elem_count_histogram "
        "FROM pg_catalog.pg_statistic_ext s JOIN pg_catalog.pg_class c ON c.oid = s.stxrelid "
        "LEFT JOIN pg_catalog.pg_statistic_ext_data sd ON s.oid = sd.stxoid "
        "LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace "
        "LEFT JOIN pg_catalog.pg_namespace sn ON sn.oid = s.stxnamespace "
        "JOIN LATERAL (SELECT pg_catalog.unnest("
        "pg_catalog.pg_get_statisticsobjdef_expressions(s.oid)) AS expr, "
        "pg_catalog.unnest(sd.stxdexpr) AS a) stat ON stat.expr IS NOT NULL "
        "WHERE pg_catalog.pg_has_role(c.relowner, 'USAGE'::text) "
        "AND (c.relrowsecurity = false OR NOT pg_catalog.row_security_active(c.oid))"),
    "pg_publication_tables": (
        "SELECT p.pubname, n.nspname AS schemaname, c.relname AS tablename, "
        "ARRAY(SELECT a.attname FROM pg_catalog.pg_attribute a "
        "WHERE a.attrelid = g.relid AND a.attnum = ANY (g.attrs::smallint[])) AS attnames, "
        "NULL::text AS rowfilter "
        "FROM pg_catalog.pg_publication p, "
        "LATERAL pg_catalog.pg_get_publication_tables(p.pubname::text) g "
        "JOIN pg_catalog.pg_class c ON c.oid = g.relid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"),
    "pg_cursors": "SELECT * FROM pg_catalog.pg_cursor() AS c",
    "pg_available_extensions": (
        "SELECT e.name, e.default_version, x.extversion AS installed_version, e.comment "
        "FROM pg_catalog.pg_available_extensions() e "
        "LEFT JOIN pg_catalog.pg_extension x ON e.name = x.extname"),
    "pg_available_extension_versions": (
        "SELECT e.name, e.version, x.extname IS NOT NULL AS installed, e.superuser, "
        "e.trusted, e.relocatable, e.schema, e.requires, e.comment "
        "FROM pg_catalog.pg_available_extension_versions() e "
        "LEFT JOIN pg_catalog.pg_extension x "
        "ON e.name = x.extname AND e.version = x.extversion"),
    "pg_prepared_statements": "SELECT * FROM pg_catalog.pg_prepared_statement() AS p",
    "pg_file_settings": "SELECT * FROM pg_catalog.pg_show_all_file_settings() AS a",
    "pg_hba_file_rules": "SELECT * FROM pg_catalog.pg_hba_file_rules() AS a",
    "pg_ident_file_mappings": "SELECT * FROM pg_catalog.pg_ident_file_mappings() AS a",
    "pg_timezone_abbrevs": "SELECT * FROM pg_catalog.pg_timezone_abbrevs()",
    "pg_timezone_names": "SELECT * FROM pg_catalog.pg_timezone_names()",
    "pg_config": "SELECT * FROM pg_catalog.pg_config()",
    "pg_shmem_allocations": "SELECT * FROM pg_catalog.pg_get_shmem_allocations()",
    "pg_backend_memory_contexts":
        "SELECT * FROM pg_catalog.pg_get_backend_memory_contexts()",
    "pg_statio_all_sequences": (
        "SELECT c.oid AS relid, n.nspname AS schemaname, c.relname, "
        "pg_catalog.pg_stat_get_blocks_fetched(c.oid) - "
        "pg_catalog.pg_stat_get_blocks_hit(c.oid) AS blks_read, "
        "pg_catalog.pg_stat_get_blocks_hit(c.oid) AS blks_hit "
        "FROM pg_catalog.pg_class c "
        "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind = 'S'"),
    "pg_statio_sys_sequences": stat_views._subset(
        "pg_statio_all_sequences", _STATIO_SEQUENCE_COLUMNS, _SYSTEM),
    "pg_statio_user_sequences": stat_views._subset(
        "pg_statio_all_sequences", _STATIO_SEQUENCE_COLUMNS, _USER),
    "pg_stat_replication": (
        "SELECT s.pid, s.usesysid, u.rolname AS usename, s.application_name, "
        "s.client_addr, s.client_hostname, s.client_port, s.backend_start, s.backend_xmin, "
        "w.state, w.sent_lsn, w.write_lsn, w.flush_lsn, w.replay_lsn, w.write_lag, "
        "w.flush_lag, w.replay_lag, w.sync_priority, w.sync_state, w.reply_time "
        "FROM pg_catalog.pg_stat_get_activity(NULL::integer) s "
        "JOIN pg_catalog.pg_stat_get_wal_senders() w ON s.pid = w.pid "
        "LEFT JOIN pg_catalog.pg_authid u ON s.usesysid = u.oid"),
    "pg_stat_wal_receiver": (
        "SELECT s.pid, s.status, s.receive_start_lsn, s.receive_start_tli, s.written_lsn, "
        "s.flushed_lsn, s.received_tli, s.last_msg_send_time, s.last_msg_receipt_time, "
        "s.latest_end_lsn, s.latest_end_time, s.slot_name, s.sender_host, s.sender_port, "
        "s.conninfo FROM pg_catalog.pg_stat_get_wal_receiver() s WHERE s.pid IS NOT NULL"),
    "pg_stat_recovery_prefetch":
        "SELECT * FROM pg_catalog.pg_stat_get_recovery_prefetch() AS s",
    "pg_stat_subscription": (
        "SELECT su.oid AS subid, su.subname, st.pid, st.relid, st.received_lsn, "
        "st.last_msg_send_time, st.last_msg_receipt_time, st.latest_end_lsn, "
        "st.latest_end_time FROM pg_catalog.pg_subscription su "
        "LEFT JOIN pg_catalog.pg_stat_get_subscription(NULL::oid) st ON st.subid = su.oid"),
    "pg_stat_ssl": (
        "SELECT s.pid, s.ssl, s.sslversion AS version, s.sslcipher AS cipher, "
        "s.sslbits AS bits, s.ssl_client_dn AS client_dn, "
        "s.ssl_client_serial AS client_serial, s.ssl_issuer_dn AS issuer_dn "
        "FROM pg_catalog.pg_stat_get_activity(NULL::integer) s "
        "WHERE s.client_port IS NOT NULL"),
    "pg_stat_gssapi": (
        "SELECT s.pid, s.gss_auth AS gss_authenticated, s.gss_princ AS principal, "
        "s.gss_enc AS encrypted FROM pg_catalog.pg_stat_get_activity(NULL::integer) s "
        "WHERE s.client_port IS NOT NULL"),
    "pg_replication_slots": (
        "SELECT l.slot_name, l.plugin, l.slot_type, l.datoid, d.datname AS database, "
        "l.temporary, l.active, l.active_pid, l.xmin, l.catalog_xmin, l.restart_lsn, "
        "l.confirmed_flush_lsn, l.wal_status, l.safe_wal_size, l.two_phase "
        "FROM pg_catalog.pg_get_replication_slots() l "
        "LEFT JOIN pg_catalog.pg_database d ON l.datoid = d.oid"),
    "pg_stat_replication_slots": (
        "SELECT s.slot_name, s.spill_txns, s.spill_count, s.spill_bytes, s.stream_txns, "
        "s.stream_count, s.stream_bytes, s.total_txns, s.total_bytes, s.stats_reset "
        "FROM pg_catalog.pg_replication_slots r, "
        "LATERAL pg_catalog.pg_stat_get_replication_slot(r.slot_name::text) s "
        "WHERE r.datoid IS NOT NULL"),
    "pg_stat_progress_analyze": (
        "SELECT s.pid, s.datid, d.datname, s.relid, "
        + _phases("param1", {0: "initializing", 1: "acquiring sample rows",
                             2: "acquiring inherited sample rows", 3: "computing statistics",
                             4: "computing extended statistics", 5: "finalizing analyze"})
        + " AS phase, s.param2 AS sample_blks_total, s.param3 AS sample_blks_scanned, "
        "s.param4 AS ext_stats_total, s.param5 AS ext_stats_computed, "
        "s.param6 AS child_tables_total, s.param7 AS child_tables_done, "
        "s.param8::oid AS current_child_table_relid "
        "FROM pg_catalog.pg_stat_get_progress_info('ANALYZE'::text) s "
        "LEFT JOIN pg_catalog.pg_database d ON s.datid = d.oid"),
    "pg_stat_progress_create_index": (
        "SELECT s.pid, s.datid, d.datname, s.relid, s.param7::oid AS index_relid, "
        + _phases("param1", {1: "CREATE INDEX", 2: "CREATE INDEX CONCURRENTLY",
                             3: "REINDEX", 4: "REINDEX CONCURRENTLY"})
        + " AS command, CASE s.param10 WHEN 0 THEN 'initializing'::text "
        "WHEN 1 THEN 'waiting for writers before build'::text "
        "WHEN 2 THEN 'building index'::text || COALESCE(': '::text || "
        "pg_catalog.pg_indexam_progress_phasename(s.param9::oid, s.param11), ''::text) "
        "WHEN 3 THEN 'waiting for writers before validation'::text "
        "WHEN 4 THEN 'index validation: scanning index'::text "
        "WHEN 5 THEN 'index validation: sorting tuples'::text "
        "WHEN 6 THEN 'index validation: scanning table'::text "
        "WHEN 7 THEN 'waiting for old snapshots'::text "
        "WHEN 8 THEN 'waiting for readers before marking dead'::text "
        "WHEN 9 THEN 'waiting for readers before dropping'::text ELSE NULL::text END AS phase, "
        "s.param4 AS lockers_total, s.param5 AS lockers_done, "
        "s.param6 AS current_locker_pid, s.param16 AS blocks_total, "
        "s.param17 AS blocks_done, s.param12 AS tuples_total, s.param13 AS tuples_done, "
        "s.param14 AS partitions_total, s.param15 AS partitions_done "
        "FROM pg_catalog.pg_stat_get_progress_info('CREATE INDEX'::text) s "
        "LEFT JOIN pg_catalog.pg_database d ON s.datid = d.oid"),
    "pg_stat_progress_basebackup": (
        "SELECT s.pid, "
        + _phases("param1", {0: "initializing", 1: "waiting for checkpoint to finish",
                             2: "estimating backup size", 3: "streaming database files",
                             4: "waiting for wal archiving to finish",
                             5: "transferring wal files"})
        + " AS phase, CASE s.param2 WHEN -1 THEN NULL::bigint ELSE s.param2 END "
        "AS backup_total, s.param3 AS backup_streamed, s.param4 AS tablespaces_total, "
        "s.param5 AS tablespaces_streamed "
        "FROM pg_catalog.pg_stat_get_progress_info('BASEBACKUP'::text) s"),
    "pg_stat_progress_copy": (
        "SELECT s.pid, s.datid, d.datname, s.relid, "
        + _phases("param5", {1: "COPY FROM", 2: "COPY TO"}) + " AS command, "
        + _phases("param6", {1: "FILE", 2: "PROGRAM", 3: "PIPE", 4: "CALLBACK"}) + " AS type, "
        "s.param1 AS bytes_processed, s.param2 AS bytes_total, "
        "s.param3 AS tuples_processed, s.param4 AS tuples_excluded "
        "FROM pg_catalog.pg_stat_get_progress_info('COPY'::text) s "
        "LEFT JOIN pg_catalog.pg_database d ON s.datid = d.oid"),
    # pgsnake has no pg_user_mapping catalog (no CREATE USER MAPPING): no mappings
    "pg_user_mappings": (
        "SELECT NULL::oid AS umid, s.oid AS srvid, s.srvname, NULL::oid AS umuser, "
        "NULL::name AS usename, NULL::text[] AS umoptions "
        "FROM pg_catalog.pg_foreign_server s WHERE false"),
    "pg_replication_origin_status":
        "SELECT * FROM pg_catalog.pg_show_replication_origin_status()",
    "pg_stat_subscription_stats": (
        "SELECT ss.subid, s.subname, ss.apply_error_count, ss.sync_error_count, "
        "ss.stats_reset FROM pg_catalog.pg_subscription s, "
        "LATERAL pg_catalog.pg_stat_get_subscription_stats(s.oid) ss"),
}
