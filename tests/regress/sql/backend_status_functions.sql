-- pg_stat_get_backend_idset() and the pg_stat_get_backend_*(backend id) functions: this
-- session's own entry found by its pid, and numbers that name no backend
select pg_stat_get_backend_dbid(s.id) = (select oid from pg_database where datname = current_database()) as same_db,
       pg_stat_get_backend_userid(s.id)::regrole as role,
       pg_stat_get_backend_activity(s.id) as activity,
       pg_stat_get_backend_start(s.id) <= now() as started,
       pg_stat_get_backend_xact_start(s.id) = now() as xact_start
from pg_stat_get_backend_idset() s(id) where pg_stat_get_backend_pid(s.id) = pg_backend_pid();
select count(*) > 0 as some, min(s) as first, count(*) = count(distinct s) as distinct_ids from pg_stat_get_backend_idset() s;
select pg_stat_get_backend_pid(0), pg_stat_get_backend_pid(100000), pg_stat_get_backend_activity(-1),
       pg_stat_get_backend_dbid(0), pg_stat_get_backend_userid(0), pg_stat_get_backend_client_port(99999),
       pg_stat_get_backend_client_addr(0), pg_stat_get_backend_start(0), pg_stat_get_backend_xact_start(0),
       pg_stat_get_backend_activity_start(0), pg_stat_get_backend_wait_event(0), pg_stat_get_backend_wait_event_type(0);
select pg_stat_get_backend_pid(null), pg_stat_get_backend_activity(null);
