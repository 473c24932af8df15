"""SQL functions about the server and its sessions: where the connection runs
(inet_server_addr / _port, inet_client_addr / _port), when the server started
(pg_postmaster_start_time, pg_conf_load_time), whether it is recovering
(pg_is_in_recovery), encodings by number and name, and signalling other backends
(pg_cancel_backend, pg_terminate_backend).

Signalling follows PostgreSQL's rules: the target must be a client backend of this
cluster (otherwise a WARNING and false); a role that is not a superuser may signal only
backends of its own role, and never a superuser's (42501). pg_terminate_backend with a
timeout waits that long for the backend to exit, checking every 100 ms on its latch as
PostgreSQL's pg_wait_until_termination does.

Entry point: register() (tcop/utility.py calls it once).

PostgreSQL: utils/adt/network.c (inet_server_addr and friends), utils/adt/timestamp.c
(pg_postmaster_start_time, pg_conf_load_time), access/transam/xlogfuncs.c
(pg_is_in_recovery), utils/mb/mbutils.c (PG_encoding_to_char), storage/ipc/signalfuncs.c.
"""
from __future__ import annotations

import datetime as dt
import os
import signal
import time

from pgsnake.utils import notices, process_state
from pgsnake.utils.encoding_names import char_to_encoding, encoding_to_char
from pgsnake.utils.errors import INSUFFICIENT_PRIVILEGE, NUMERIC_VALUE_OUT_OF_RANGE, PgError

_BACKEND_START = time.time()


def _timestamptz(epoch: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc)


def postmaster_start_time():
    """The start time postmaster.pid records (line 3, seconds since the epoch)."""
    try:
        with open(os.path.join(process_state.data_directory, "postmaster.pid")) as f:
            return _timestamptz(float(f.read().split("\n")[2]))
    except (OSError, IndexError, ValueError):
        return None


def conf_load_time():
    """When this backend's settings were loaded: at its start (a SIGHUP reload is not
    tracked separately yet)."""
    return _timestamptz(_BACKEND_START)


def _tcp_only(value):
    return value if process_state.client_port else None


def _target(pid: int):
    from pgsnake.storage.ipc import proc_array
    for slot in proc_array.slots():
        if slot.pid == pid and slot.kind == "client backend":
            return slot
    notices.emit("01000", f"PID {pid} is not a PostgreSQL backend process", severity="WARNING")
    return None


def _check_may_signal(slot, action: str, object_phrase: str) -> None:
    if process_state.is_superuser:
        return
    from pgsnake.catalog import catalog_cache as cc
    target = cc.role_row(slot.user_oid)
    if target is not None and target.rolsuper:
        raise PgError(INSUFFICIENT_PRIVILEGE, f"permission denied to {action}",
                      detail=f"Only roles with the SUPERUSER attribute may {action} "
                             f"{object_phrase} of roles with the SUPERUSER attribute.")
    if slot.user_oid != process_state.user_oid:
        raise PgError(INSUFFICIENT_PRIVILEGE, f"permission denied to {action}",
                      detail=f"Only roles with privileges of the role whose {object_phrase} "
                             f"is being {'canceled' if action == 'cancel query' else 'terminated'}"
                             f' or with privileges of the "pg_signal_backend" role may '
                             f"{action.split()[0]} this {object_phrase.rstrip('s')}.")


def cancel_backend(pid: int) -> bool:
    slot = _target(pid)
    if slot is None:
        return False
    _check_may_signal(slot, "cancel query", "queries")
    return _signal(pid, signal.SIGINT)


def terminate_backend(pid: int, timeout_ms: int = 0) -> bool:
    if timeout_ms < 0:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, '"timeout" must not be negative')
    slot = _target(pid)
    if slot is None:
        return False
    _check_may_signal(slot, "terminate process", "processes")
    if not _signal(pid, signal.SIGTERM):
        return False
    if timeout_ms == 0 or pid == os.getpid():
        return True
    return _wait_until_gone(pid, timeout_ms)


def _signal(pid: int, signum: int) -> bool:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        notices.emit("01000", f"could not send signal to process {pid}: No such process",
                     severity="WARNING")
        return False
    return True


def _wait_until_gone(pid: int, timeout_ms: int) -> bool:
    from pgsnake.storage.ipc import latch
    from pgsnake.utils import interrupts
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            notices.emit("01000", f"backend with PID {pid} did not terminate within "
                                  f"{timeout_ms} milliseconds", severity="WARNING")
            return False
        latch.wait(min(remaining, 0.1))
        latch.reset_my_latch()
        interrupts.check_for_interrupts()


_registered = False


def register() -> None:
    global _registered
    if _registered:
        return
    from pgsnake.datatypes import functions
    inet, int4, int8, boolean, name, tz = 869, 23, 20, 16, 19, 1184
    functions.register("inet_client_addr", [], inet, lambda: _inet(process_state.client_address),
                       oid=2196, strict=False, volatility="s")
    functions.register("inet_client_port", [], int4, lambda: _tcp_only(process_state.client_port),
                       oid=2197, strict=False, volatility="s")
    functions.register("inet_server_addr", [], inet, lambda: _inet(process_state.server_address),
                       oid=2198, strict=False, volatility="s")
    functions.register("inet_server_port", [], int4, lambda: _tcp_only(process_state.server_port),
                       oid=2199, strict=False, volatility="s")
    functions.register("pg_postmaster_start_time", [], tz, postmaster_start_time, oid=2560,
                       strict=False, volatility="s")
    functions.register("pg_conf_load_time", [], tz, conf_load_time, oid=2034, volatility="s")
    functions.register("pg_is_in_recovery", [], boolean, lambda: False, oid=3810,
                       volatility="v")
    functions.register("pg_jit_available", [], boolean, lambda: False, oid=315, volatility="v")
    functions.register("pg_encoding_to_char", [int4], name, encoding_to_char, oid=1597,
                       volatility="s")
    functions.register("pg_char_to_encoding", [name], int4, char_to_encoding, oid=1264,
                       volatility="s")
    # every pgsnake database is UTF8 (initdb's only encoding)
    functions.register("getdatabaseencoding", [], name, lambda: "UTF8", oid=1039,
                       volatility="s")
    functions.register("pg_cancel_backend", [int4], boolean, cancel_backend, oid=2171,
                       volatility="v")
    functions.register("pg_terminate_backend", [int4, int8], boolean, terminate_backend,
                       oid=2096, volatility="v")
    functions.register("pg_terminate_backend", [int4], boolean, terminate_backend,
                       oid=2096, volatility="v")
    _registered = True


def _inet(address: str):
    """The connection's address as inet; NULL over a Unix-domain socket."""
    if not process_state.client_port:
        return None
    from pgsnake.storage.ipc.activity_functions import inet_value
    return inet_value(address)
