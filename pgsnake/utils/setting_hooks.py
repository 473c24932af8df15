"""What pgsnake adds to the generated settings facts: its own built-in values where they
differ from PostgreSQL's on purpose, and the check, assign and show hooks of the settings
whose values need more than the generic parsing.

    PGSNAKE_DEFAULTS   name -> pgsnake's built-in value (with the reason beside each)
    HOOKS              name -> {"normalize" | "check" | "assign" | "show": function}
        normalize(text) -> text    a string setting's canonical spelling, or PgError 22023
        check(value)    -> value   a parsed value adjusted or refused
        assign(value)              a side effect of the new value
        show(value)     -> str     what SHOW prints instead of the plain value
Hooks read other settings through `settings.get()` (imported lazily: settings imports
this module).

PostgreSQL: commands/variable.c (check_datestyle, check_timezone, check_client_encoding,
check_role, check_session_authorization, assign_random_seed, show_random_seed, show_role),
catalog/namespace.c (check_search_path), access/transam/xlog.c (check_wal_buffers),
utils/misc/guc.c (show_archive_command, show_data_directory_mode, show_log_file_mode,
show_unix_socket_permissions, show_tcp_keepalives_*, show_tcp_user_timeout).
"""
from __future__ import annotations

import random
from typing import Any

from pgsnake.utils.errors import PgError
from pgsnake.utils.generated.settings_facts import SERVER_VERSION_NUM

INVALID_PARAMETER_VALUE = "22023"
FEATURE_NOT_SUPPORTED = "0A000"


def _get(name: str) -> Any:
    from pgsnake.utils import settings
    return settings.get(name)


def _invalid(name: str, text: str, **fields) -> PgError:
    return PgError(INVALID_PARAMETER_VALUE, f'invalid value for parameter "{name}": "{text}"', **fields)


def server_version_text() -> str:
    """'15.18' from 150018: PostgreSQL's own build adds a vendor suffix ("15.18 (Debian
    ...)") that is not pgsnake's."""
    return f"{SERVER_VERSION_NUM // 10000}.{SERVER_VERSION_NUM % 100}"


# Built-in values that differ from PostgreSQL's boot values, and why.
PGSNAKE_DEFAULTS: dict[str, Any] = {
    "server_version": server_version_text(),
    # pgsnake stores and speaks UTF8 only; PostgreSQL takes these from the database.
    "server_encoding": "UTF8",
    "client_encoding": "UTF8",
    # PostgreSQL's initdb writes the C locale and the host's zone into postgresql.conf;
    # pgsnake starts from them so that a server without a config file behaves the same.
    "lc_messages": "C",
    "default_text_search_config": "pg_catalog.english",
    "timezone": "UTC",
    "log_timezone": "UTC",
    "timezone_abbreviations": "Default",
    # PostgreSQL computes these at start (from the stack rlimit; from shared_buffers).
    "max_stack_depth": 2048,
    # Upstream PostgreSQL's default socket directory (Debian patches in /var/run/postgresql).
    "unix_socket_directories": "/tmp",
    # Shared buffers cost Python-side bookkeeping per page: 8 MB, not 128 MB, by default;
    # and 4 MB of WAL buffers rather than -1 (which would choose shared_buffers / 32).
    "shared_buffers": 1024,
    "wal_buffers": 512,
}


# ---- DateStyle ------------------------------------------------------------------------------

_STYLES = {"iso": "ISO", "sql": "SQL", "postgres": "Postgres", "german": "German"}
_ORDERS = {"mdy": "MDY", "dmy": "DMY", "ymd": "YMD", "us": "MDY", "noneuropean": "MDY",
           "european": "DMY", "euro": "DMY"}


def normalize_datestyle(text: str) -> str:
    """DateStyle is an output format plus a field order, printed as e.g. 'ISO, MDY';
    a value that names only one of them keeps the other's current setting."""
    tokens = split_identifier_list(text)
    if tokens is None:
        raise _invalid("DateStyle", text, detail="List syntax is invalid.")
    current = str(_get("datestyle")).split(", ")
    style, order = current[0], current[1] if len(current) > 1 else "MDY"
    seen_style = seen_order = False
    for token in tokens:
        if token in _STYLES:
            if seen_style and _STYLES[token] != style:
                raise _invalid("DateStyle", text, detail='Conflicting "datestyle" specifications.')
            style, seen_style = _STYLES[token], True
            if token == "german" and not seen_order:
                order = "DMY"     # German implies day-month-year unless an order is given
        elif token in _ORDERS:
            if seen_order and _ORDERS[token] != order:
                raise _invalid("DateStyle", text, detail='Conflicting "datestyle" specifications.')
            order, seen_order = _ORDERS[token], True
        elif token == "default":
            style, order = "ISO", "MDY"
        else:
            raise _invalid("DateStyle", text, detail=f'Unrecognized key word: "{token}".')
    return f"{style}, {order}"


# ---- TimeZone ------------------------------------------------------------------------------

_zone_names: dict[str, str] | None = None


def _zone_spelling(lowered: str) -> str | None:
    global _zone_names
    if _zone_names is None:
        import zoneinfo
        _zone_names = {name.lower(): name for name in zoneinfo.available_timezones()}
    return _zone_names.get(lowered)


def _normalize_zone(setting_name: str, text: str) -> str:
    """A zone name in tzdata's spelling ('utc' -> 'UTC'), an offset, or a POSIX zone;
    anything else is 22023, and so is a zone whose clock is not on a whole minute at
    2000-01-01 00:00 UTC (pg_tz_acceptable's test for leap-second zones)."""
    import datetime as dt
    from pgsnake.datatypes.datetime_types import zone_by_name
    spelled = _zone_spelling(text.strip().lower())
    if spelled is not None:
        return spelled
    zone = zone_by_name(text)
    if zone is None:
        raise _invalid(setting_name, text)
    offset = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc).astimezone(zone).utcoffset()
    if offset.seconds % 60:
        raise PgError(INVALID_PARAMETER_VALUE,
                      f'time zone "{text}" appears to use leap seconds',
                      detail="PostgreSQL does not support leap seconds.")
    from pgsnake.datatypes.posix_zone import PosixZone
    # a POSIX string is named as pg_tzset read it, upper-cased
    return text.upper() if isinstance(zone, PosixZone) else text


def normalize_timezone(text: str) -> str:
    return _normalize_zone("TimeZone", text)


def normalize_log_timezone(text: str) -> str:
    return _normalize_zone("log_timezone", text)


# ---- client_encoding -------------------------------------------------------------------------

_ENCODING_ALIASES = {"utf8": "UTF8", "unicode": "UTF8", "sqlascii": "SQL_ASCII",
                     "latin1": "LATIN1", "iso88591": "LATIN1"}


def normalize_client_encoding(text: str) -> str:
    # Encoding names compare with everything but letters and digits removed, as
    # PostgreSQL's clean_encoding_name does: 'UTF-8', utf8 and even "'utf-8'" (which
    # asyncpg sends) all name UTF8.
    cleaned = "".join(ch for ch in text.lower() if ch.isalnum())
    encoding = _ENCODING_ALIASES.get(cleaned)
    if encoding is None:
        raise _invalid("client_encoding", text)
    if encoding != "UTF8":
        raise PgError(FEATURE_NOT_SUPPORTED, f"conversion between {encoding} and UTF8 is not supported")
    return encoding


# ---- identifier lists (search_path, temp_tablespaces) ---------------------------------------

def split_identifier_list(text: str, *, downcase: bool = True) -> list[str] | None:
    """PostgreSQL's SplitIdentifierString with ',' as separator: quoted ("" escapes) or
    unquoted (lower-cased) names; None if the list syntax is invalid. downcase=False
    keeps unquoted names as written (SplitGUCList)."""
    names, i, n = [], 0, len(text)
    while i < n and text[i].isspace():
        i += 1
    if i == n:
        return []
    while True:
        if i < n and text[i] == '"':
            j, part = i + 1, []
            while True:
                k = text.find('"', j)
                if k < 0:
                    return None
                if text[k + 1:k + 2] == '"':
                    part.append(text[j:k + 1])
                    j = k + 2
                    continue
                part.append(text[j:k])
                i = k + 1
                break
            name = "".join(part)       # "" (an empty quoted name) is allowed
        else:
            start = i
            while i < n and text[i] != "," and not text[i].isspace():
                i += 1
            if i == start:
                return None
            name = text[start:i].lower() if downcase else text[start:i]
        names.append(name)
        while i < n and text[i].isspace():
            i += 1
        if i == n:
            return names
        if text[i] != ",":
            return None
        i += 1
        while i < n and text[i].isspace():
            i += 1


def _identifier_list_check(setting_name: str):
    def normalize(text: str) -> str:
        if split_identifier_list(text) is None:
            raise _invalid(setting_name, text, detail="List syntax is invalid.")
        return text
    return normalize


# ---- role and session_authorization -----------------------------------------------------------

def normalize_role(text: str) -> str:
    if text.lower() != "none":
        raise PgError(FEATURE_NOT_SUPPORTED, "SET ROLE is not supported yet")
    return "none"


def normalize_session_authorization(text: str) -> str:
    from pgsnake.utils import process_state
    if process_state.user_name and text != process_state.user_name:
        raise PgError(FEATURE_NOT_SUPPORTED, "SET SESSION AUTHORIZATION is not supported yet")
    return text


# ---- numbers ---------------------------------------------------------------------------------

def check_wal_buffers(pages: int) -> int:
    """-1 chooses 1/32 of shared_buffers, between 64 kB and one WAL segment; values
    below 4 pages mean 4."""
    if pages == -1:
        pages = _get("shared_buffers") // 32
        segment_pages = _get("wal_segment_size") // 8192
        pages = max(8, min(pages, segment_pages))
    return max(pages, 4)


def assign_seed(value: float) -> None:
    random.seed(value)


def _show_octal(value: int) -> str:
    return f"{value:04o}"


def _show_plain(value: int) -> str:
    return str(value)


def show_archive_command(value: str) -> str:
    return value if _get("archive_mode") != "off" else "(disabled)"


HOOKS: dict[str, dict[str, Any]] = {
    "datestyle": {"normalize": normalize_datestyle},
    "timezone": {"normalize": normalize_timezone},
    "log_timezone": {"normalize": normalize_log_timezone},
    "client_encoding": {"normalize": normalize_client_encoding},
    "search_path": {"normalize": _identifier_list_check("search_path")},
    "temp_tablespaces": {"normalize": _identifier_list_check("temp_tablespaces")},
    "role": {"normalize": normalize_role},
    "session_authorization": {"normalize": normalize_session_authorization},
    "wal_buffers": {"check": check_wal_buffers},
    "seed": {"assign": assign_seed, "show": lambda value: "unavailable"},
    "archive_command": {"show": show_archive_command},
    "data_directory_mode": {"show": _show_octal},
    "log_file_mode": {"show": _show_octal},
    "unix_socket_permissions": {"show": _show_octal},
    # PostgreSQL shows the socket's value without a unit (0 on a Unix socket).
    "tcp_keepalives_idle": {"show": _show_plain},
    "tcp_keepalives_interval": {"show": _show_plain},
    "tcp_keepalives_count": {"show": _show_plain},
    "tcp_user_timeout": {"show": _show_plain},
}
