"""SQL functions on settings: current_setting(name [, missing_ok]), set_config(name, value,
is_local) and pg_reload_conf(), registered with the datatypes function registry.

Entry point: register() (tcop calls it once; a second call does nothing).

    current_setting   the value as SHOW prints it; 42704 for an unknown name unless
                      missing_ok (then NULL); 42501 for a superuser-only setting
    set_config        SET (is_local false or NULL) or SET LOCAL (true); a NULL value
                      resets; returns the new value as shown
    pg_reload_conf    SIGHUP to the postmaster, which re-reads the configuration files
                      and passes the signal on to every child; superuser only
    pg_show_all_settings  one row per visible setting, the rows of the pg_settings view:
                      numbers in their base unit (the unit column names it), booleans
                      on / off, the boot and reset values in the same form

PostgreSQL: utils/misc/guc_funcs.c (show_config_by_name, show_config_by_name_missing_ok,
set_config_by_name, show_all_settings, GetConfigOptionValues), storage/ipc/signalfuncs.c
(pg_reload_conf).
"""
from __future__ import annotations

import os
import signal

from pgsnake.utils import process_state, setting_values, settings
from pgsnake.utils.errors import PgError

TEXT, BOOL = 25, 16
NULL_VALUE_NOT_ALLOWED = "22004"

_registered = False


def current_setting(name: str, missing_ok: bool = False) -> str | None:
    found = settings.read_for_client(name, missing_ok=missing_ok)
    return None if found is None else found[1]


def set_config(name: str | None, value: str | None, is_local: bool | None) -> str:
    if name is None:
        raise PgError(NULL_VALUE_NOT_ALLOWED, "SET requires parameter name")
    settings.set_value(name, value, is_local=bool(is_local))
    return settings.read_for_client(name)[1]


def pg_reload_conf() -> bool:
    if not process_state.is_superuser:
        raise PgError("42501", "permission denied for function pg_reload_conf")
    if not process_state.is_under_postmaster:
        return False
    try:
        os.kill(os.getppid(), signal.SIGHUP)
    except OSError as e:
        from pgsnake.utils import notices
        notices.emit("01000", f"failed to send signal to postmaster: {e.strerror}", severity="WARNING")
        return False
    return True


# pg_show_all_settings' columns (pg_proc's proallargtypes: text x 11, text[], text x 3,
# int4, bool).
SETTINGS_COLUMNS = [(name, 25) for name in (
    "name", "setting", "unit", "category", "short_desc", "extra_desc", "context", "vartype",
    "source", "min_val", "max_val")] + [("enumvals", 1009)] + [
    (name, 25) for name in ("boot_val", "reset_val", "sourcefile")] + [
    ("sourceline", 23), ("pending_restart", BOOL)]


def _raw_text(setting: settings.Setting, value) -> str | None:
    """A value as pg_settings prints it: without units, through the show hook if any."""
    if value is None:
        return None
    if setting.show_hook is not None:
        return setting.show_hook(value)
    if setting.vartype == "bool":
        return "on" if value else "off"
    if setting.vartype == "real":
        return setting_values.format_g(value)
    return str(value)


def _limit_text(setting: settings.Setting, limit) -> str | None:
    if setting.vartype not in ("integer", "real") or limit is None:
        return None
    if setting.vartype == "integer":
        return str(int(limit))
    return setting_values.format_g(limit)


def pg_show_all_settings():
    for setting in settings.visible_settings():
        value, source, reset_value = settings.current_state(setting)
        yield (setting.display_name, _raw_text(setting, value), setting.unit,
               setting.category, setting.short_desc, setting.extra_desc, setting.context,
               setting.vartype, source, _limit_text(setting, setting.min_value),
               _limit_text(setting, setting.max_value),
               list(setting.enumvals) if setting.vartype == "enum" else None,
               _raw_text(setting, setting.default), _raw_text(setting, reset_value),
               None, None, setting.name in settings.pending_restart)


def register() -> None:
    global _registered
    if _registered:
        return
    from pgsnake.datatypes import functions
    functions.register("current_setting", [TEXT], TEXT, current_setting, oid=2077, volatility="s")
    functions.register("current_setting", [TEXT, BOOL], TEXT, current_setting, oid=3294,
                       volatility="s")
    functions.register("set_config", [TEXT, TEXT, BOOL], TEXT, set_config, oid=2078,
                       strict=False, volatility="v")
    functions.register("pg_reload_conf", [], BOOL, pg_reload_conf, oid=2621, volatility="v")
    functions.register("pg_show_all_settings", [], 2249, pg_show_all_settings, oid=2084,
                       returns_set=True, out_columns=SETTINGS_COLUMNS, rows=1000,
                       volatility="s")
    _registered = True
