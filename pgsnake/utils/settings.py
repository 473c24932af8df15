"""Run-time settings (GUC): definitions, parsing, and this process's current values.

The postmaster reads postgresql.conf and `-c name=value` options before it forks, so every
child starts with the same values; a backend's SET changes only its own copy (settings are
per-process, like PostgreSQL's GUC variables). `SHOW` and `current_setting()` read `get()`.

Entry points:
    define()              add a setting (done once, below, for the built-in ones)
    load_config_file()    read postgresql.conf into the current values
    set_value()           SET / -c / config file; validates and converts
    get()                 the current value, converted to its Python type
    show()                the value as SHOW prints it (units included)
    reset_session()       back to the values from the config file (RESET ALL, new session)

PostgreSQL: utils/misc/guc.c, guc_tables.c, guc-file.l.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any, Callable

from pgsnake.utils.errors import PgError

UNDEFINED_OBJECT = "42704"
INVALID_PARAMETER_VALUE = "22023"
CANT_CHANGE_RUNTIME_PARAM = "55P02"

# When a setting may change (PostgreSQL's GucContext, in increasing freedom).
POSTMASTER = "postmaster"   # only at server start
SIGHUP = "sighup"           # config file reload
BACKEND = "backend"         # at connection start
SUSET = "superuser"
USERSET = "user"
INTERNAL = "internal"       # read-only, reports a compiled-in or initdb-time fact

_MEMORY_UNITS = {"B": 1, "kB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}
_TIME_UNITS = {"us": 0.001, "ms": 1, "s": 1000, "min": 60_000, "h": 3_600_000, "d": 86_400_000}


@dataclasses.dataclass(slots=True)
class Setting:
    name: str
    vartype: str            # 'bool' | 'integer' | 'real' | 'string' | 'enum'
    default: Any
    context: str
    unit: str | None = None   # for integers: '8kB', 'kB', 'MB', 'ms', 's', 'min'
    enumvals: tuple[str, ...] = ()
    short_desc: str = ""
    min_value: float | None = None
    max_value: float | None = None
    report: bool = False      # sent to the client as ParameterStatus when it changes
    normalize: Callable[[str], str] | None = None   # canonical spelling (check hook)


DEFINITIONS: dict[str, Setting] = {}
_values: dict[str, Any] = {}
_file_values: dict[str, Any] = {}
_sources: dict[str, str] = {}


def define(setting: Setting) -> None:
    DEFINITIONS[setting.name] = setting
    _values.setdefault(setting.name, setting.default)
    _file_values.setdefault(setting.name, setting.default)
    _sources.setdefault(setting.name, "default")


def _lookup(name: str) -> Setting:
    setting = DEFINITIONS.get(name.lower())
    if setting is None:
        raise PgError(UNDEFINED_OBJECT, f'unrecognized configuration parameter "{name}"')
    return setting


def parse_value(setting: Setting, text: Any) -> Any:
    """Convert `text` to the setting's type, as SET and the config file do."""
    if not isinstance(text, str):
        text = str(text)
    raw = text.strip()
    bad = PgError(INVALID_PARAMETER_VALUE,
                  f'invalid value for parameter "{setting.name}": "{text}"')
    if setting.vartype == "bool":
        low = raw.lower()
        if low in ("on", "true", "yes", "1", "t", "y") or (len(low) > 1 and "true".startswith(low)):
            return True
        if low in ("off", "false", "no", "0", "f", "n") or (len(low) > 1 and "false".startswith(low)):
            return False
        if low == "o":
            raise bad
        raise PgError(INVALID_PARAMETER_VALUE, f'parameter "{setting.name}" requires a Boolean value')
    if setting.vartype == "integer":
        m = re.fullmatch(r"(-?\d+)\s*([a-zA-Z]*)", raw)
        if not m:
            raise bad
        number, unit = int(m.group(1)), m.group(2)
        if unit:
            number = _convert_unit(setting, number, unit, bad)
        _check_range(setting, number)
        return number
    if setting.vartype == "real":
        try:
            number = float(raw)
        except ValueError:
            raise bad from None
        _check_range(setting, number)
        return number
    if setting.vartype == "enum":
        low = raw.lower()
        for val in setting.enumvals:
            if val.lower() == low:
                return val
        raise PgError(INVALID_PARAMETER_VALUE,
                      f'invalid value for parameter "{setting.name}": "{text}"',
                      hint="Available values: " + ", ".join(setting.enumvals) + ".")
    if setting.normalize is not None:
        return setting.normalize(text)
    return text


def _convert_unit(setting: Setting, number: int, unit: str, bad: PgError) -> int:
    base = setting.unit
    if base is None:
        raise bad
    if unit in _MEMORY_UNITS and base in ("8kB", "kB", "MB", "B"):
        base_bytes = {"8kB": 8192, "kB": 1024, "MB": 1024**2, "B": 1}[base]
        return number * _MEMORY_UNITS[unit] // base_bytes
    if unit in _TIME_UNITS and base in ("ms", "s", "min"):
        return int(number * _TIME_UNITS[unit] // _TIME_UNITS[base])
    raise PgError(INVALID_PARAMETER_VALUE, f'invalid value for parameter "{setting.name}": "{number}{unit}"',
                  hint='Valid units for this parameter are "B", "kB", "MB", "GB", and "TB".'
                  if base in ("8kB", "kB", "MB", "B") else
                  'Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".')


def _check_range(setting: Setting, number: float) -> None:
    lo, hi = setting.min_value, setting.max_value
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        raise PgError(INVALID_PARAMETER_VALUE,
                      f'{number} is outside the valid range for parameter "{setting.name}" '
                      f'({lo:g} .. {hi:g})')


def set_value(name: str, text: Any, *, source: str = "session", check_context: bool = True) -> None:
    setting = _lookup(name)
    if check_context and source == "session" and setting.context in (POSTMASTER, SIGHUP, INTERNAL, BACKEND):
        if setting.context == INTERNAL:
            raise PgError(CANT_CHANGE_RUNTIME_PARAM, f'parameter "{setting.name}" cannot be changed')
        if setting.context == POSTMASTER:
            raise PgError(CANT_CHANGE_RUNTIME_PARAM,
                          f'parameter "{setting.name}" cannot be changed without restarting the server')
        raise PgError(CANT_CHANGE_RUNTIME_PARAM, f'parameter "{setting.name}" cannot be changed now')
    value = parse_value(setting, text)
    _values[setting.name] = value
    _sources[setting.name] = source
    if source in ("configuration file", "command line", "default"):
        _file_values[setting.name] = value


def reset_value(name: str) -> None:
    setting = _lookup(name)
    _values[setting.name] = _file_values[setting.name]


def reset_session() -> None:
    _values.update(_file_values)


def get(name: str) -> Any:
    return _values[_lookup(name).name]


def is_defined(name: str) -> bool:
    return name.lower() in DEFINITIONS


def show(name: str) -> str:
    """The value as SHOW prints it: integers with units in the largest exact unit."""
    setting = _lookup(name)
    value = _values[setting.name]
    if setting.vartype == "bool":
        return "on" if value else "off"
    if setting.vartype == "integer" and setting.unit:
        return _format_with_unit(value, setting.unit)
    if setting.vartype == "real":
        return f"{value:g}"
    return str(value)


def _format_with_unit(value: int, unit: str) -> str:
    if value <= 0 and value != 0:
        return str(value)
    if unit in ("8kB", "kB", "MB", "B"):
        total = value * {"8kB": 8192, "kB": 1024, "MB": 1024**2, "B": 1}[unit]
        if total == 0:
            return "0"
        for name in ("TB", "GB", "MB", "kB"):
            size = _MEMORY_UNITS[name]
            if total % size == 0:
                return f"{total // size}{name}"
        return f"{total}B"
    ms = value * _TIME_UNITS[unit]
    if ms == 0:
        return "0"
    for name in ("d", "h", "min", "s", "ms"):
        size = _TIME_UNITS[name]
        if ms % size == 0:
            return f"{int(ms // size)}{name}"
    return f"{value}{unit}"


def source(name: str) -> str:
    return _sources[_lookup(name).name]


def all_settings() -> list[Setting]:
    return sorted(DEFINITIONS.values(), key=lambda s: s.name)


def load_config_file(path: str, *, reload: bool = False) -> None:
    """Apply `name = value` lines; unknown names are an error, as in PostgreSQL. On a
    reload (SIGHUP), settings fixed at server start keep their values and unknown names
    are passed over, so a running server never stops over its config file."""
    for name, value in parse_config_text(open(path, encoding="utf-8").read()):
        if reload and (name not in DEFINITIONS or DEFINITIONS[name].context in (POSTMASTER, INTERNAL)):
            continue
        set_value(name, value, source="configuration file", check_context=False)


_CONFIG_LINE = re.compile(r"""^\s*([A-Za-z_][\w.]*)\s*=?\s*('(?:[^']|'')*'|[^\s#]+)?\s*(?:#.*)?$""")


def parse_config_text(text: str) -> list[tuple[str, str]]:
    out = []
    for lineno, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _CONFIG_LINE.match(line)
        if not m or m.group(2) is None:
            raise PgError("F0000", f"syntax error in configuration file, line {lineno}")
        value = m.group(2)
        if value.startswith("'"):
            value = value[1:-1].replace("''", "'")
        out.append((m.group(1).lower(), value))
    return out


def _d(name, vartype, default, context, **kw) -> None:
    define(Setting(name, vartype, default, context, **kw))


# ---- the built-in settings ---------------------------------------------------------------
# Connections
_d("listen_addresses", "string", "localhost", POSTMASTER)
_d("port", "integer", 5432, POSTMASTER, min_value=1, max_value=65535)
_d("max_connections", "integer", 100, POSTMASTER, min_value=1, max_value=262143)
_d("unix_socket_directories", "string", "/tmp", POSTMASTER)
_d("superuser_reserved_connections", "integer", 3, POSTMASTER, min_value=0, max_value=262143)
_d("password_encryption", "enum", "scram-sha-256", USERSET, enumvals=("md5", "scram-sha-256"))
_d("authentication_timeout", "integer", 60, SIGHUP, unit="s", min_value=1, max_value=600)
_d("ssl", "bool", False, SIGHUP)
# Resources
_d("shared_buffers", "integer", 1024, POSTMASTER, unit="8kB", min_value=16, max_value=1073741823)
_d("wal_buffers", "integer", 512, POSTMASTER, unit="8kB", min_value=4, max_value=262143)
_d("work_mem", "integer", 4096, USERSET, unit="kB", min_value=64, max_value=2147483647)
_d("maintenance_work_mem", "integer", 65536, USERSET, unit="kB", min_value=1024, max_value=2147483647)
_d("temp_buffers", "integer", 1024, USERSET, unit="8kB", min_value=100, max_value=1073741823)
_d("dynamic_shared_memory_type", "enum", "posix", POSTMASTER, enumvals=("posix", "sysv", "mmap"))
# WAL
_d("wal_level", "enum", "replica", POSTMASTER, enumvals=("minimal", "replica", "logical"))
_d("fsync", "bool", True, SIGHUP)
_d("synchronous_commit", "enum", "on", USERSET, enumvals=("local", "remote_write", "remote_apply", "on", "off"))
_d("full_page_writes", "bool", True, SIGHUP)
_d("wal_writer_delay", "integer", 200, SIGHUP, unit="ms", min_value=1, max_value=10000)
_d("checkpoint_timeout", "integer", 300, SIGHUP, unit="s", min_value=30, max_value=86400)
_d("max_wal_size", "integer", 1024, SIGHUP, unit="MB", min_value=2, max_value=2147483647)
_d("min_wal_size", "integer", 80, SIGHUP, unit="MB", min_value=2, max_value=2147483647)
_d("wal_segment_size", "integer", 16 * 1024 * 1024, INTERNAL, unit="B")
_d("block_size", "integer", 8192, INTERNAL)
_d("bgwriter_delay", "integer", 200, SIGHUP, unit="ms", min_value=10, max_value=10000)
_d("bgwriter_lru_maxpages", "integer", 100, SIGHUP, min_value=0, max_value=1073741823)
_d("autovacuum", "bool", True, SIGHUP)
_d("autovacuum_naptime", "integer", 60, SIGHUP, unit="s", min_value=1, max_value=2147483)
_d("max_wal_senders", "integer", 10, POSTMASTER, min_value=0, max_value=262143)
_d("archive_mode", "enum", "off", POSTMASTER, enumvals=("always", "on", "off"))
# Client defaults (reported ones go to the client as ParameterStatus)
_d("application_name", "string", "", USERSET, report=True)
_d("client_encoding", "string", "UTF8", USERSET, report=True)
_d("server_encoding", "string", "UTF8", INTERNAL, report=True)
_d("server_version", "string", "15.18", INTERNAL, report=True)
_d("server_version_num", "integer", 150018, INTERNAL)
def normalize_datestyle(text: str) -> str:
    """DateStyle is an output format plus a field order, printed as e.g. 'ISO, MDY';
    a value that names only one of them keeps the other's current setting."""
    current = _values.get("datestyle", "ISO, MDY").split(", ")
    style, order = current[0], current[1] if len(current) > 1 else "MDY"
    styles = {"iso": "ISO", "sql": "SQL", "postgres": "Postgres", "german": "German"}
    orders = {"mdy": "MDY", "dmy": "DMY", "ymd": "YMD", "us": "MDY", "noneuropean": "MDY",
              "european": "DMY", "euro": "DMY", "nonEuropean".lower(): "MDY"}
    seen_style = seen_order = False
    for token in (t.strip().lower() for t in text.split(",")):
        if token in styles and not seen_style:
            style, seen_style = styles[token], True
            if token == "german" and not seen_order:
                order = "DMY"     # German implies day-month-year unless an order is given
        elif token in orders and not seen_order:
            order, seen_order = orders[token], True
        elif token == "default":
            style, order = "ISO", "MDY"
        else:
            raise PgError(INVALID_PARAMETER_VALUE, f'invalid value for parameter "DateStyle": "{text}"',
                          detail=f'Unrecognized key word: "{token}".' if token not in styles and
                          token not in orders else "Conflicting \"datestyle\" specifications.")
    return f"{style}, {order}"


_d("datestyle", "string", "ISO, MDY", USERSET, report=True, normalize=normalize_datestyle)
_d("intervalstyle", "enum", "postgres", USERSET, report=True,
   enumvals=("postgres", "postgres_verbose", "sql_standard", "iso_8601"))
_d("timezone", "string", "UTC", USERSET, report=True)
_d("integer_datetimes", "bool", True, INTERNAL, report=True)
_d("standard_conforming_strings", "bool", True, USERSET, report=True)
_d("is_superuser", "bool", True, INTERNAL, report=True)
_d("session_authorization", "string", "", USERSET, report=True)
_d("default_transaction_read_only", "bool", False, USERSET, report=True)
_d("in_hot_standby", "bool", False, INTERNAL, report=True)
_d("search_path", "string", '"$user", public', USERSET)
_d("extra_float_digits", "integer", 1, USERSET, min_value=-15, max_value=3)
_d("lc_messages", "string", "C", SUSET)
_d("lc_monetary", "string", "C", USERSET)
_d("lc_numeric", "string", "C", USERSET)
_d("lc_time", "string", "C", USERSET)
_d("default_transaction_isolation", "enum", "read committed", USERSET,
   enumvals=("serializable", "repeatable read", "read committed", "read uncommitted"))
_d("default_transaction_deferrable", "bool", False, USERSET)
_d("transaction_read_only", "bool", False, USERSET)
_d("transaction_deferrable", "bool", False, USERSET)
_d("transaction_isolation", "enum", "read committed", USERSET,
   enumvals=("serializable", "repeatable read", "read committed", "read uncommitted"))
_d("statement_timeout", "integer", 0, USERSET, unit="ms", min_value=0, max_value=2147483647)
_d("lock_timeout", "integer", 0, USERSET, unit="ms", min_value=0, max_value=2147483647)
_d("deadlock_timeout", "integer", 1000, SUSET, unit="ms", min_value=1, max_value=2147483647)
_d("max_locks_per_transaction", "integer", 64, POSTMASTER, min_value=10, max_value=2147483647)
_d("max_prepared_transactions", "integer", 0, POSTMASTER, min_value=0, max_value=262143)
_d("max_pred_locks_per_transaction", "integer", 64, POSTMASTER, min_value=10, max_value=2147483647)
_d("max_pred_locks_per_relation", "integer", -2, SIGHUP, min_value=-2147483648, max_value=2147483647)
_d("max_pred_locks_per_page", "integer", 2, SIGHUP, min_value=0, max_value=2147483647)
_d("log_lock_waits", "bool", False, SUSET)
_d("idle_in_transaction_session_timeout", "integer", 0, USERSET, unit="ms", min_value=0, max_value=2147483647)
_d("client_min_messages", "enum", "notice", USERSET,
   enumvals=("debug5", "debug4", "debug3", "debug2", "debug1", "log", "notice", "warning", "error"))
_d("row_security", "bool", True, USERSET)
_d("bytea_output", "enum", "hex", USERSET, enumvals=("escape", "hex"))
_d("max_identifier_length", "integer", 63, INTERNAL)
_d("max_stack_depth", "integer", 2048, SUSET, unit="kB", min_value=100, max_value=2147483647)
# Planner
_d("enable_seqscan", "bool", True, USERSET)
_d("enable_hashjoin", "bool", True, USERSET)
_d("enable_mergejoin", "bool", True, USERSET)
_d("enable_nestloop", "bool", True, USERSET)
_d("enable_sort", "bool", True, USERSET)
_d("enable_hashagg", "bool", True, USERSET)
_d("seq_page_cost", "real", 1.0, USERSET, min_value=0, max_value=1.79769e308)
_d("random_page_cost", "real", 4.0, USERSET, min_value=0, max_value=1.79769e308)
_d("cpu_tuple_cost", "real", 0.01, USERSET, min_value=0, max_value=1.79769e308)
_d("cpu_index_tuple_cost", "real", 0.005, USERSET, min_value=0, max_value=1.79769e308)
_d("cpu_operator_cost", "real", 0.0025, USERSET, min_value=0, max_value=1.79769e308)
# Logging and locations
_d("data_directory", "string", "", POSTMASTER)
_d("log_min_messages", "enum", "warning", SUSET,
   enumvals=("debug5", "debug4", "debug3", "debug2", "debug1", "info", "notice", "warning", "error", "log", "fatal", "panic"))
_d("log_statement", "enum", "none", SUSET, enumvals=("none", "ddl", "mod", "all"))
_d("log_connections", "bool", False, SUSET)
_d("log_disconnections", "bool", False, SUSET)
_d("cluster_name", "string", "", POSTMASTER)
_d("restart_after_crash", "bool", True, SIGHUP)
_d("shared_preload_libraries", "string", "", POSTMASTER)
