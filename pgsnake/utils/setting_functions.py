"""SQL functions on settings: current_setting(name [, missing_ok]), set_config(name, value,
is_local) and pg_reload_conf(), registered with the datatypes function registry.

Entry point: register() (tcop calls it once; a second call does nothing).

    current_setting   the value as SHOW prints it; 42704 for an unknown name unless
                      missing_ok (then NULL); 42501 for a superuser-only setting
    set_config        SET (is_local false or NULL) or SET LOCAL (true); a NULL value
                      resets; returns the new value as shown
    pg_reload_conf    SIGHUP to the postmaster, which re-reads the configuration files
                      and passes the signal on to every child; superuser only

PostgreSQL: utils/misc/guc_funcs.c (show_config_by_name, show_config_by_name_missing_ok,
set_config_by_name), storage/ipc/signalfuncs.c (pg_reload_conf).
"""
from __future__ import annotations

import os
import signal

from pgsnake.utils import process_state, settings
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
    _registered = True
