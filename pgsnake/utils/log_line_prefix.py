"""log_line_prefix: the printf-style prefix of every server log line.

    '%m [%p] '              2026-12-06 08:00:00.123 UTC [4711]    (the default)
    '%t [%p]: user=%u,db=%d,app=%a,client=%h '

Escapes (PostgreSQL 15's set): %a application_name, %u user, %d database, %r host(port)
or [local], %h host, %b backend type, %p pid, %P parallel leader pid, %t time, %m time
with milliseconds, %n epoch with milliseconds, %i command tag, %e SQLSTATE, %c session
id (start time and pid in hex), %l line number within the process, %s session start,
%v virtual transaction id, %x transaction id, %Q query id, %q end of the prefix in a
process that is not a session's, %% a percent sign. A number between % and the letter
pads the value to that width (right-aligned; negative: left-aligned).

Values about the session are blank in processes that serve no client (the postmaster,
auxiliary processes) and "[unknown]" in a backend until they are known. The transaction ids come from the
transaction layer, which registers them with `register_source` (this module is below it).

PostgreSQL: utils/error/elog.c (log_line_prefix, process_log_prefix_padding).
"""
from __future__ import annotations

import datetime
import time
from typing import Callable

from pgsnake.utils import process_state

DEFAULT = "%m [%p] "
UNKNOWN = "[unknown]"   # a session's user, database or application not known yet
_sources: dict[str, Callable[[], str]] = {}
_line_number = [0, 0]   # [pid the count belongs to, lines written]
BACKEND_TYPES = {"backend": "client backend", "standalone": "standalone backend",
                 "bootstrap": "not initialized"}


def register_source(escape: str, source: Callable[[], str]) -> None:
    """A higher layer supplies an escape's value (xact: %x and %v)."""
    _sources[escape] = source


def _timestamp(seconds: float, milliseconds: bool) -> str:
    moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    text = moment.strftime("%Y-%m-%d %H:%M:%S")
    if milliseconds:
        text += f".{moment.microsecond // 1000:03d}"
    return text + " UTC"


def _in_session() -> bool:
    """A process serving a client connection (PostgreSQL: MyProcPort is set), from its
    first line on, before authentication too."""
    return process_state.process_kind == "backend"


def _value(code: str, now: float, sqlstate: str) -> str | None:
    """An escape's text; None for an unknown escape (printed as nothing, as PostgreSQL)."""
    if code == "m":
        return _timestamp(now, True)
    if code == "t":
        return _timestamp(now, False)
    if code == "p":
        return str(process_state.pid)
    if code == "n":
        return f"{now:.3f}"
    if code == "e":
        return sqlstate
    if code == "l":
        return str(_line_number[1])
    if code == "c":
        return f"{int(process_state.start_time):x}.{process_state.pid:x}"
    if code == "s":
        return _timestamp(process_state.start_time, False)
    if code == "b":
        kind = process_state.process_kind
        return BACKEND_TYPES.get(kind, kind)
    if code in "PiQ":
        return "0" if code == "Q" else ""
    if code in "xv":
        source = _sources.get(code)
        return source() if source is not None else ("0" if code == "x" else "")
    session = _in_session()
    if not session and code in "uda":
        return ""
    if code == "u":
        return process_state.session_user_name or process_state.user_name or UNKNOWN
    if code == "d":
        return process_state.database_name or UNKNOWN
    if code == "a":
        from pgsnake.utils import settings
        return settings.get("application_name") or UNKNOWN
    if code in "rh":
        host = process_state.client_address
        if not host:
            return ""
        if code == "r" and host != "[local]" and process_state.client_port:
            return f"{host}({process_state.client_port})"
        return host
    return None


def render(template: str, sqlstate: str = "00000") -> str:
    """The prefix for one log line (counts the line for %l)."""
    now = time.time()
    if _line_number[0] != process_state.pid:
        _line_number[0], _line_number[1] = process_state.pid, 0
    _line_number[1] += 1
    if template == DEFAULT:
        return f"{_timestamp(now, True)} [{process_state.pid}] "
    out: list[str] = []
    index, length = 0, len(template)
    while index < length:
        char = template[index]
        index += 1
        if char != "%" or index >= length:
            out.append(char)
            continue
        start = index
        if template[index] == "-":
            index += 1
        while index < length and template[index].isdigit():
            index += 1
        if index >= length:
            break
        code = template[index]
        index += 1
        if code == "%":
            out.append("%")
            continue
        if code == "q":
            if not _in_session():
                break
            continue
        value = _value(code, now, sqlstate)
        if value is None:
            continue
        width = template[start:index - 1]
        if width and width != "-":
            size = int(width)
            value = value.rjust(size) if size > 0 else value.ljust(-size)
        out.append(value)
    return "".join(out)
