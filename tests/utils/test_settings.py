# Settings (GUC) in one process: every PostgreSQL 15 setting is defined, values parse with
# units and print the way SHOW does, contexts and superuser rules are enforced, sources
# have PostgreSQL's priority (a -c value survives a config reload), SET is transactional
# (abort, savepoints, SET LOCAL), placeholders follow PostgreSQL's naming rule, config
# files are read (duplicates, removed entries, errors) and ALTER SYSTEM writes
# postgresql.auto.conf in PostgreSQL's format. Behaviour compared live with the oracle is
# in test_setting_values_oracle.py and tests/regress/sql/settings.sql.
from __future__ import annotations

import os

import pytest

from pgsnake.utils import config_files, process_state, settings
from pgsnake.utils.errors import PgError
from pgsnake.utils.generated import settings_facts


@pytest.fixture(autouse=True)
def _restore():
    """Each test starts from and leaves the process's settings as they were."""
    saved = {name: dict(getattr(settings, name)) for name in
             ("DEFINITIONS", "_values", "_sources", "_reset_values", "_reset_sources")}
    nest = settings._nest_level
    superuser = process_state.is_superuser
    yield
    for name, value in saved.items():
        target = getattr(settings, name)
        target.clear()
        target.update(value)
    settings._frames.clear()
    settings._session_values.clear()
    settings.pending_restart.clear()
    settings._nest_level = nest
    process_state.is_superuser = superuser


class Transaction:
    """Stands in for xact: the nest level tcop would report, and its end callbacks."""

    def __init__(self):
        self.level = 0
        settings.set_nest_level_function(lambda: self.level)

    def begin(self):
        self.level = 1

    def savepoint(self):
        self.level += 1

    def release(self):
        settings.at_subtransaction_end(self.level, True)
        self.level -= 1

    def rollback_to(self):
        settings.at_subtransaction_end(self.level, False)

    def end(self, committed: bool):
        settings.at_transaction_end(committed)
        self.level = 0


def _error(fn, *args, **kwargs) -> PgError:
    with pytest.raises(PgError) as e:
        fn(*args, **kwargs)
    return e.value


# ---- definitions ------------------------------------------------------------------------

def test_every_postgresql_setting_is_defined_with_its_facts():
    assert len(settings_facts.SETTINGS) > 350
    for fact in settings_facts.SETTINGS:
        name, vartype, context, unit = fact[0], fact[1], fact[2], fact[3]
        setting = settings.DEFINITIONS[name.lower()]
        assert (setting.display_name, setting.vartype, setting.context, setting.unit) == \
            (name, vartype, context, unit)


def test_defaults_are_postgresqls_boot_values_except_pgsnakes_own():
    from pgsnake.utils.setting_hooks import PGSNAKE_DEFAULTS
    differing = []
    for name, vartype, _context, _unit, _lo, _hi, boot, *_ in settings_facts.SETTINGS:
        setting = settings.DEFINITIONS[name.lower()]
        if settings._boot_value(vartype, boot) != setting.default:
            differing.append(setting.name)
    assert sorted(differing) == sorted(PGSNAKE_DEFAULTS)


def test_formerly_unknown_settings_are_accepted():
    for name, text, shown in (("deadlock_timeout", "200ms", "200ms"), ("lock_timeout", "1s", "1s"),
                              ("max_prepared_transactions", "5", "5"),
                              ("superuser_reserved_connections", "2", "2")):
        settings.set_value(name, text, source="command line")
        assert settings.show(name) == shown


# ---- values -------------------------------------------------------------------------------

def test_memory_units_convert_to_the_setting_unit_and_back():
    settings.set_value("work_mem", "64MB")
    assert settings.get("work_mem") == 65536
    assert settings.show("work_mem") == "64MB"
    settings.set_value("work_mem", "1536kB")
    assert settings.show("work_mem") == "1536kB"


def test_page_unit_settings_show_in_bytes_units():
    settings.set_value("shared_buffers", "16MB", source="command line")
    assert settings.get("shared_buffers") == 2048
    assert settings.show("shared_buffers") == "16MB"


def test_time_units_and_real_settings_with_units():
    settings.set_value("checkpoint_timeout", "2min", source="configuration file")
    assert settings.get("checkpoint_timeout") == 120
    assert settings.show("checkpoint_timeout") == "2min"
    settings.set_value("vacuum_cost_delay", "1.5")
    assert settings.get("vacuum_cost_delay") == 1.5
    assert settings.show("vacuum_cost_delay") == "1500us"


def test_bool_errors_say_boolean():
    settings.set_value("enable_seqscan", "of")
    assert settings.get("enable_seqscan") is False
    err = _error(settings.set_value, "enable_seqscan", "maybe")
    assert (err.sqlstate, err.message) == ("22023", 'parameter "enable_seqscan" requires a Boolean value')


def test_enum_hidden_aliases_show_their_canonical_value():
    settings.set_value("synchronous_commit", "yes")
    assert settings.show("synchronous_commit") == "on"
    settings.set_value("client_min_messages", "debug")
    assert settings.show("client_min_messages") == "debug2"
    err = _error(settings.set_value, "synchronous_commit", "sometimes")
    assert err.hint == "Available values: local, remote_write, remote_apply, on, off."


def test_range_errors_name_the_unit():
    err = _error(settings.set_value, "temp_buffers", "1")
    assert err.message == ('1 8kB is outside the valid range for parameter "temp_buffers" '
                           "(100 .. 1073741823)")


def test_wal_buffers_minus_one_chooses_a32nd_of_shared_buffers():
    settings.set_value("shared_buffers", "64MB", source="command line")
    settings.set_value("wal_buffers", "-1", source="command line")
    assert settings.show("wal_buffers") == "2MB"
    settings.set_value("wal_buffers", "2", source="command line")
    assert settings.get("wal_buffers") == 4


# ---- contexts --------------------------------------------------------------------------------

@pytest.mark.parametrize("name, message", [
    ("server_version", 'parameter "server_version" cannot be changed'),
    ("shared_buffers", 'parameter "shared_buffers" cannot be changed without restarting the server'),
    ("log_rotation_age", 'parameter "log_rotation_age" cannot be changed now'),
    ("log_connections", 'parameter "log_connections" cannot be set after connection start'),
])
def test_session_cannot_change_settings_of_stricter_contexts(name, message):
    err = _error(settings.set_value, name, "1")
    assert (err.sqlstate, err.message) == ("55P02", message)


def test_superuser_settings_need_a_superuser():
    process_state.is_superuser = False
    err = _error(settings.set_value, "log_statement", "all")
    assert (err.sqlstate, err.message) == ("42501", 'permission denied to set parameter "log_statement"')
    settings.set_value("work_mem", "8MB")       # a user setting is fine
    process_state.is_superuser = True
    settings.set_value("log_statement", "all")
    assert settings.show("log_statement") == "all"


def test_superuser_only_settings_are_hidden_from_others():
    process_state.is_superuser = False
    err = _error(settings.read_for_client, "data_directory")
    assert err.message == ('must be superuser or have privileges of pg_read_all_settings to '
                           'examine "data_directory"')
    assert "data_directory" not in [row[0] for row in settings.show_all_rows()]
    process_state.is_superuser = True
    assert "data_directory" in [row[0] for row in settings.show_all_rows()]


def test_connection_start_may_set_backend_settings_but_not_superuser_backend_ones_for_users():
    process_state.is_superuser = False
    settings.set_value("ignore_system_indexes", "on", source="client")
    err = _error(settings.set_value, "log_connections", "on", source="client")
    assert err.sqlstate == "42501"


# ---- sources ----------------------------------------------------------------------------------

def test_command_line_beats_the_config_file_whatever_the_order():
    settings.set_value("work_mem", "8MB", source="command line")
    settings.set_value("work_mem", "16MB", source="configuration file")
    assert settings.show("work_mem") == "8MB"
    settings.set_value("work_mem", "2MB")             # SET beats both
    assert settings.show("work_mem") == "2MB"
    settings.reset_value("work_mem")                  # RESET goes back to the -c value
    assert (settings.show("work_mem"), settings.source("work_mem")) == ("8MB", "command line")


# ---- transactions -----------------------------------------------------------------------------

def test_set_is_undone_by_abort_and_kept_by_commit():
    tx = Transaction()
    settings.set_value("work_mem", "6MB")
    tx.begin()
    settings.set_value("work_mem", "5MB")
    tx.end(committed=False)
    assert settings.show("work_mem") == "6MB"
    tx.begin()
    settings.set_value("work_mem", "5MB")
    tx.end(committed=True)
    assert settings.show("work_mem") == "5MB"


def test_set_local_lasts_until_transaction_end_even_through_release():
    tx = Transaction()
    settings.set_value("work_mem", "6MB")
    tx.begin()
    tx.savepoint()
    settings.set_value("work_mem", "3MB", is_local=True)
    tx.release()
    assert settings.show("work_mem") == "3MB"
    settings.set_value("work_mem", "2MB")              # a session SET after SET LOCAL wins
    tx.end(committed=True)
    assert settings.show("work_mem") == "2MB"


def test_rollback_to_savepoint_restores_the_value_at_the_savepoint():
    tx = Transaction()
    settings.set_value("work_mem", "6MB")
    tx.begin()
    settings.set_value("work_mem", "5MB")
    tx.savepoint()
    settings.set_value("work_mem", "4MB")
    settings.set_value("work_mem", "3MB", is_local=True)
    tx.rollback_to()
    assert settings.show("work_mem") == "5MB"
    settings.set_value("work_mem", "1MB", is_local=True)
    tx.end(committed=True)
    assert settings.show("work_mem") == "5MB"


def test_reset_all_is_transactional_and_skips_no_reset_all_settings():
    tx = Transaction()
    settings.set_value("work_mem", "6MB")
    tx.begin()
    settings.set_value("transaction_isolation", "serializable", is_local=True)
    settings.reset_session()
    assert settings.show("work_mem") == "4MB"
    assert settings.show("transaction_isolation") == "serializable"
    tx.end(committed=False)
    assert settings.show("work_mem") == "6MB"


def test_transaction_isolation_starts_each_transaction_from_its_default():
    tx = Transaction()
    tx.begin()
    settings.set_value("default_transaction_isolation", "serializable")
    assert settings.show("transaction_isolation") == "read committed"
    tx.end(committed=True)
    assert settings.show("transaction_isolation") == "serializable"


def test_reported_settings_flag_a_pending_report():
    settings.report_pending = False
    settings.set_value("work_mem", "7MB")
    assert not settings.report_pending
    settings.set_value("application_name", "reporting-test")
    assert settings.report_pending


# ---- placeholders -----------------------------------------------------------------------------

def test_dotted_names_become_placeholders_and_others_are_unknown():
    settings.set_value("MyApp.Tenant", "acme")
    assert settings.read_for_client("myapp.tenant") == ("MyApp.Tenant", "acme")
    assert "myapp.tenant" not in [row[0].lower() for row in settings.show_all_rows()]
    err = _error(settings.set_value, "no_such_thing", "1")
    assert (err.sqlstate, err.message) == ("42704", 'unrecognized configuration parameter "no_such_thing"')
    err = _error(settings.set_value, "a..b", "1")
    assert (err.sqlstate, err.detail) == (
        "42602", "Custom parameter names must be two or more simple identifiers separated by dots.")
    assert settings.read_for_client("myapp.other", missing_ok=True) is None


# ---- configuration files ------------------------------------------------------------------------

def test_config_file_parsing():
    pairs = settings.parse_config_text("# c\nport = 5433\nlisten_addresses='a, b'  # x\nfsync off\n"
                                       "application_name = 'it''s \\101'\n")
    assert pairs == [("port", "5433"), ("listen_addresses", "a, b"), ("fsync", "off"),
                     ("application_name", "it's A")]


@pytest.mark.parametrize("line, near", [("work_mem = 1.5GB", 'near token "GB"'),
                                        ("work_mem =", "near end of line"),
                                        ("unix_socket_directories = /tmp", 'near token "/"'),
                                        ("search_path = pg_catalog.english", 'near token "pg_catalog.english"')])
def test_config_file_syntax_errors_name_the_token(line, near):
    err = _error(settings.parse_config_text, line)
    assert err.message == f'syntax error in file "postgresql.conf" line 1, {near}'


def _datadir(tmp_path, conf: str, auto: str = "") -> str:
    (tmp_path / "postgresql.conf").write_text(conf)
    (tmp_path / "postgresql.auto.conf").write_text(config_files.AUTO_CONF_HEADER + auto)
    return str(tmp_path)


def test_config_files_at_start_auto_conf_wins_and_last_duplicate_counts(tmp_path):
    datadir = _datadir(tmp_path, "work_mem = 'x'\nwork_mem = 8MB\nlock_timeout = 1s\n",
                       "lock_timeout = '2s'\n")
    assert settings.process_config_files(datadir, log=False)
    assert (settings.show("work_mem"), settings.show("lock_timeout")) == ("8MB", "2s")
    assert settings.show("config_file") == os.path.join(datadir, "postgresql.conf")


def test_a_bad_config_file_at_start_is_an_error(tmp_path):
    datadir = _datadir(tmp_path, "deadlock_timeout = abc\n")
    err = _error(settings.process_config_files, datadir, log=False)
    assert err.message == f'configuration file "{datadir}/postgresql.conf" contains errors'


def test_reload_applies_changes_resets_removed_entries_and_keeps_command_line(tmp_path):
    datadir = _datadir(tmp_path, "work_mem = 8MB\nlock_timeout = 1s\n")
    settings.process_config_files(datadir, log=False)
    settings.set_value("lock_timeout", "5s", source="command line")
    _datadir(tmp_path, "lock_timeout = 3s\ndeadlock_timeout = 300ms\nshared_buffers = 64MB\n")
    assert not settings.process_config_files(datadir, reload=True, log=False)   # shared_buffers
    assert settings.show("work_mem") == "4MB"             # removed: back to the default
    assert settings.show("lock_timeout") == "5s"          # -c beats the file
    assert settings.show("deadlock_timeout") == "300ms"
    assert settings.show("shared_buffers") == "8MB"       # needs a restart
    assert "shared_buffers" in settings.pending_restart


def test_reload_with_a_syntax_error_changes_nothing(tmp_path):
    datadir = _datadir(tmp_path, "work_mem = 8MB\n")
    settings.process_config_files(datadir, log=False)
    _datadir(tmp_path, "work_mem = 16MB\nlock_timeout = 1 2\n")
    assert not settings.process_config_files(datadir, reload=True, log=False)
    assert settings.show("work_mem") == "8MB"


# ---- ALTER SYSTEM ------------------------------------------------------------------------------

def test_alter_system_writes_postgresqls_format(tmp_path):
    datadir = _datadir(tmp_path, "")
    for name, value in (("work_mem", "8192"), ("application_name", "it's \\ x"),
                        ("lock_timeout", "1s"), ("work_mem", "16MB"), ("lock_timeout", None)):
        stored = settings.check_alter_system(name, value)
        settings.alter_system(datadir, stored, value)
    assert (tmp_path / "postgresql.auto.conf").read_text() == (
        "# Do not edit this file manually!\n"
        "# It will be overwritten by the ALTER SYSTEM command.\n"
        "application_name = 'it''s \\\\ x'\n"
        "work_mem = '16MB'\n")
    settings.alter_system(datadir, settings.check_alter_system(None, None), None)
    assert (tmp_path / "postgresql.auto.conf").read_text() == config_files.AUTO_CONF_HEADER
    assert not (tmp_path / "postgresql.auto.conf.tmp").exists()


@pytest.mark.parametrize("name, value, sqlstate, message", [
    ("work_mem", "1", "22023", '1 kB is outside the valid range for parameter "work_mem" (64 .. 2147483647)'),
    ("nosuch.x", "1", "42704", 'unrecognized configuration parameter "nosuch.x"'),
    ("server_version", "1", "55P02", 'parameter "server_version" cannot be changed'),
    ("transaction_isolation", "serializable", "55P02", 'parameter "transaction_isolation" cannot be changed'),
    ("application_name", "a\nb", "22023", "parameter value for ALTER SYSTEM must not contain a newline"),
])
def test_alter_system_refusals(name, value, sqlstate, message):
    err = _error(settings.check_alter_system, name, value)
    assert (err.sqlstate, err.message) == (sqlstate, message)


def test_alter_system_is_for_superusers():
    process_state.is_superuser = False
    assert _error(settings.check_alter_system, "work_mem", "8MB").message == \
        'permission denied to set parameter "work_mem"'
    assert _error(settings.check_alter_system, None, None).message == \
        "permission denied to perform ALTER SYSTEM RESET ALL"


def test_alter_system_refuses_to_rewrite_an_unparsable_auto_conf(tmp_path):
    datadir = _datadir(tmp_path, "", "work_mem = = 1\n")
    err = _error(settings.alter_system, datadir, "lock_timeout", "1s")
    assert (err.sqlstate, err.message) == ("F0000", 'could not parse contents of file "postgresql.auto.conf"')
    assert (tmp_path / "postgresql.auto.conf").read_text().endswith("work_mem = = 1\n")


# Shown values that PostgreSQL itself does not take back as input.
_SHOW_ONLY = {"seed"}     # shows 'unavailable'


def test_every_setting_takes_its_shown_value_from_the_command_line_and_a_config_file(tmp_path):
    changeable = [s for s in settings.all_settings()
                  if s.context != settings.INTERNAL and s.name not in _SHOW_ONLY
                  and "NO_ALTER_SYSTEM" not in s.flags]
    assert len(changeable) > 300
    for setting in changeable:
        settings.set_value(setting.name, settings.show(setting.name), source="command line")
    conf = "".join(f"{s.display_name} = '{settings.show(s.name).replace(chr(39), chr(39) * 2)}'\n"
                   for s in changeable)
    assert settings.process_config_files(_datadir(tmp_path, conf), log=False)
