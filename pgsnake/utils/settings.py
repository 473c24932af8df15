"""Run-time settings (GUC): every setting PostgreSQL 15 has, this process's values, and
the rules for changing them.

The definitions come from facts generated from PostgreSQL 15 (generated/settings_facts.py:
type, context, unit, range, boot value, enum spellings, flags), with pgsnake's own defaults
and hooks on top (setting_hooks.py). Values are per process: the postmaster reads
postgresql.conf, postgresql.auto.conf and `-c name=value` before it forks, so every child
starts with the same values; a backend's SET changes only its own copy.

Entry points:
    get(name) / show(name)          the value (Python type, base unit) / as SHOW prints it
    set_value(name, text, ...)      SET, set_config(), -c, config files: validate, convert,
                                    check the context, and apply
    reset_value(name) / reset_session()          RESET name / RESET ALL
    at_transaction_end(), at_subtransaction_end() transactional SET and SET LOCAL
    new_nest_level() / at_nest_level_end()       a function's SET clauses (save=True)
    process_config_files(datadir, reload=...)    postgresql.conf + postgresql.auto.conf
    check_alter_system() / alter_system()        ALTER SYSTEM SET / RESET [ALL]
    read_for_client(name) / show_all_rows()      SHOW, current_setting(), SHOW ALL

Rules (PostgreSQL's):
1. Contexts. internal: never changed; postmaster: at server start only; sighup: start
   or config reload; backend / superuser-backend: also at connection start (startup
   packet); superuser: also by SET, by superusers; user: by anyone.
2. Sources have a priority (SOURCE_ORDER): a value from a lower-priority source never
   replaces one from a higher (a -c option beats postgresql.conf, also after a reload;
   SET beats both). Values from sources up to "override" also become the value RESET
   returns to.
3. SET is transactional: if the transaction (or savepoint) aborts, the value before it
   comes back. SET LOCAL lasts until the end of the transaction. A transaction is nest
   level 1, each savepoint one more; tcop registers `set_nest_level_function()` and calls
   the at_*_end functions from xact callbacks.
4. transaction_isolation / transaction_read_only / transaction_deferrable are reset to
   their default_* settings when each transaction ends.
5. Names are case-insensitive. A name with a dot (myapp.tenant) that no setting has
   becomes a string placeholder when SET, set_config(), -c or a config file sets it.

PostgreSQL: utils/misc/guc.c (set_config_option, AtEOXact_GUC, ResetAllOptions,
ProcessConfigFileInternal, AlterSystemSetConfigFile, GetConfigOptionByName), guc_tables.c.
"""
from __future__ import annotations

import dataclasses
import os
import sys
from typing import Any, Callable

from pgsnake.utils import config_files, setting_hooks, setting_values
from pgsnake.utils.errors import PgError
from pgsnake.utils.generated import settings_facts

UNDEFINED_OBJECT = "42704"
INVALID_PARAMETER_VALUE = "22023"
CANT_CHANGE_RUNTIME_PARAM = "55P02"
INSUFFICIENT_PRIVILEGE = "42501"
INVALID_NAME = "42602"
CONFIG_FILE_ERROR = "F0000"

# When a setting may change (PostgreSQL's GucContext, in increasing freedom).
INTERNAL = "internal"       # read-only, reports a compiled-in or initdb-time fact
POSTMASTER = "postmaster"   # only at server start
SIGHUP = "sighup"           # at start or on a config file reload
SU_BACKEND = "superuser-backend"   # also at connection start, by a superuser
BACKEND = "backend"         # also at connection start
SUSET = "superuser"         # also by SET, by a superuser
USERSET = "user"            # also by SET, by anyone

# Where a value came from, lowest priority first (PostgreSQL's GucSource).
SOURCE_ORDER = ("default", "dynamic default", "environment variable", "configuration file",
                "command line", "global", "database", "user", "database user", "client",
                "override", "interactive", "test", "session")
_RANK = {source: rank for rank, source in enumerate(SOURCE_ORDER)}
_LAST_DEFAULT_MAKING = _RANK["override"]

# Settings whose value lives for one transaction, and the settings they start from.
PER_TRANSACTION = {"transaction_isolation": "default_transaction_isolation",
                   "transaction_read_only": "default_transaction_read_only",
                   "transaction_deferrable": "default_transaction_deferrable"}

_DBL_MAX_SHOWN = 1.79769e+308     # pg_settings prints DBL_MAX with %g


@dataclasses.dataclass(slots=True, eq=False)
class Setting:
    name: str                 # lower case: the lookup key
    vartype: str              # 'bool' | 'integer' | 'real' | 'string' | 'enum'
    default: Any              # the built-in (boot) value, in the setting's type and base unit
    context: str
    unit: str | None = None   # base unit of numbers: B kB MB 8kB ms s min
    enumvals: tuple[str, ...] = ()
    short_desc: str = ""
    min_value: float | None = None
    max_value: float | None = None
    report: bool = False      # sent to the client as ParameterStatus when it changes
    normalize: Callable[[str], str] | None = None   # string check hook: canonical spelling
    display_name: str = ""    # PostgreSQL's spelling (DateStyle, TimeZone); default: name
    category: str = ""
    extra_desc: str | None = None
    flags: frozenset = frozenset()
    spellings: dict = dataclasses.field(default_factory=dict)   # enum: lower spelling -> value
    check: Callable[[Any], Any] | None = None       # typed check hook (after parsing)
    assign: Callable[[Any], None] | None = None     # side effect of a new value
    show_hook: Callable[[Any], str] | None = None
    placeholder: bool = False
    # assign also when a SET / RESET leaves the value as it was (set_config_option always
    # calls the hook: RESET SESSION AUTHORIZATION to the same user still drops SET ROLE)
    assign_every_set: bool = False

    def __post_init__(self) -> None:
        self.display_name = self.display_name or self.name
        self.name = self.name.lower()
        if self.vartype == "enum" and not self.spellings:
            self.spellings = {v.lower(): v for v in self.enumvals}


@dataclasses.dataclass(slots=True)
class _Frame:
    """A setting's state before its first change at one nest level."""
    level: int
    value: Any
    source: str
    session_value: Any
    session_source: str
    save: bool = False        # a function's SET clause: restored when its level ends
    set_here: bool = False    # a plain (not LOCAL) SET at this level or a deeper one


DEFINITIONS: dict[str, Setting] = {}
_values: dict[str, Any] = {}
_sources: dict[str, str] = {}
_reset_values: dict[str, Any] = {}
_reset_sources: dict[str, str] = {}
pending_restart: set[str] = set()
_frames: dict[str, list[_Frame]] = {}
_session_values: dict[str, tuple[Any, str]] = {}   # what a commit keeps, for settings with frames
report_pending = False     # a reported (ParameterStatus) setting may have changed
_nest_level: Callable[[], int] = lambda: 0
_function_levels = 0       # levels opened by calls of functions with SET clauses (rule 3)


def define(setting: Setting) -> None:
    DEFINITIONS[setting.name] = setting
    if setting.name not in _values:
        _values[setting.name] = _reset_values[setting.name] = setting.default
        _sources[setting.name] = _reset_sources[setting.name] = "default"


def define_custom(setting: Setting) -> None:
    """DefineCustom*Variable, when a module loads: the setting replaces a placeholder
    of its name, whose value (SET before the module loaded) it takes if that value
    parses; otherwise it starts at its default. A setting already defined stays."""
    old = DEFINITIONS.get(setting.name)
    if old is not None and not old.placeholder:
        return
    old_value, old_source = _values.get(setting.name), _sources.get(setting.name)
    for table in (_values, _sources, _reset_values, _reset_sources, _frames, _session_values):
        table.pop(setting.name, None)
    define(setting)
    if old is not None and old_source not in (None, "default"):
        try:
            set_value(setting.name, old_value, source=old_source, check_context=False)
        except PgError as exc:           # kept at its default, with a WARNING
            from pgsnake.utils import notices
            notices.emit(exc.sqlstate, exc.message, severity="WARNING", hint=exc.hint)


_reserved_prefixes: set[str] = set()


def reserve_prefix(prefix: str) -> None:
    """MarkGUCPrefixReserved: a module owns the names "prefix.*"; SET of one it did not
    define is then 42602 instead of making a placeholder, and placeholders it did not
    define go, each with a WARNING."""
    prefix = prefix.lower()
    _reserved_prefixes.add(prefix)
    from pgsnake.utils import notices
    for name, setting in list(DEFINITIONS.items()):
        if setting.placeholder and name.startswith(prefix + "."):
            for table in (DEFINITIONS, _values, _sources, _reset_values, _reset_sources,
                          _frames, _session_values):
                table.pop(name, None)
            notices.emit(INVALID_NAME, f'invalid configuration parameter name '
                         f'"{setting.display_name}", removing it', severity="WARNING",
                         detail=f'"{prefix}" is now a reserved prefix.')


def set_nest_level_function(fn: Callable[[], int]) -> None:
    """tcop registers how deep the current transaction is: 0 outside one, 1 in a
    transaction, 1 + n inside n savepoints (rule 3)."""
    global _nest_level
    _nest_level = fn


def _level() -> int:
    return _nest_level() + _function_levels


# ---- names -------------------------------------------------------------------------------------

def is_defined(name: str) -> bool:
    return name.lower() in DEFINITIONS


def _lookup(name: str) -> Setting:
    setting = DEFINITIONS.get(name.lower())
    if setting is None:
        raise PgError(UNDEFINED_OBJECT, f'unrecognized configuration parameter "{name}"')
    return setting


def lookup(name: str, *, create_placeholder: bool = False) -> Setting:
    """The setting called `name`; with create_placeholder, a dotted name nobody defined
    becomes a string placeholder (rule 5). 42704 for an unknown name, 42602 for a dotted
    name that is not two or more identifiers."""
    setting = DEFINITIONS.get(name.lower())
    if setting is not None:
        return setting
    if create_placeholder and "." in name:
        if not valid_custom_name(name):
            raise PgError(INVALID_NAME, f'invalid configuration parameter name "{name}"',
                          detail="Custom parameter names must be two or more simple identifiers "
                                 "separated by dots.")
        prefix = name.split(".", 1)[0].lower()
        if prefix in _reserved_prefixes:
            raise PgError(INVALID_NAME, f'invalid configuration parameter name "{name}"',
                          detail=f'"{prefix}" is a reserved prefix.')
        placeholder = Setting(name, "string", "", USERSET, display_name=name, placeholder=True,
                              flags=frozenset({"NO_SHOW_ALL", "NOT_IN_SAMPLE"}))
        define(placeholder)
        return placeholder
    raise PgError(UNDEFINED_OBJECT, f'unrecognized configuration parameter "{name}"')


_IDENT_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")


def valid_custom_name(name: str) -> bool:
    """Two or more identifiers (letter or _ first, then letters, digits, _ or $) joined
    by dots."""
    parts = name.split(".")
    if len(parts) < 2:
        return False
    for part in parts:
        if not part or not (part[0] in _IDENT_START or ord(part[0]) > 127):
            return False
        if any(not (ch in _IDENT_START or ch.isdigit() and ch.isascii() or ch == "$" or ord(ch) > 127)
               for ch in part[1:]):
            return False
    return True


# ---- values ------------------------------------------------------------------------------------

def parse_value(setting: Setting, text: Any, name: str | None = None) -> Any:
    """`text` as the setting's type, in its base unit, checked against its range and
    hooks; PgError 22023 with PostgreSQL's message otherwise. Messages name the setting
    as the caller spelled it (`name`); check hooks use PostgreSQL's spelling."""
    if not isinstance(text, str):
        text = _python_value_text(text)
    name = name or setting.display_name
    if setting.vartype == "bool":
        value = setting_values.parse_bool(text)
        if value is None:
            raise PgError(INVALID_PARAMETER_VALUE, f'parameter "{name}" requires a Boolean value')
    elif setting.vartype in ("integer", "real"):
        parse = setting_values.parse_integer if setting.vartype == "integer" else setting_values.parse_real
        value, hint = parse(text, setting.unit)
        if value is None:
            raise PgError(INVALID_PARAMETER_VALUE, f'invalid value for parameter "{name}": "{text}"',
                          hint=hint)
        lo, hi = setting.min_value, setting.max_value
        if lo is not None and hi is not None and (value < lo or value > _real_max(hi)):
            raise PgError(INVALID_PARAMETER_VALUE, setting_values.range_error_message(
                name, setting.vartype, value, lo, hi, setting.unit))
    elif setting.vartype == "enum":
        value = setting.spellings.get(text.lower())
        if value is None:
            raise PgError(INVALID_PARAMETER_VALUE, f'invalid value for parameter "{name}": "{text}"',
                          hint="Available values: " + ", ".join(setting.enumvals) + ".")
    else:
        value = setting.normalize(text) if setting.normalize is not None else text
    if setting.check is not None:
        value = setting.check(value)
    return value


_checking_only = 0


def check_value(setting: Setting, text: Any, name: str | None = None) -> Any:
    """parse_value for a value only checked, not set (PostgreSQL's PGC_S_TEST: a
    function's SET clause, ALTER ROLE ... SET): check hooks that look objects up may
    accept one that does not exist yet, with a NOTICE (checking_only())."""
    global _checking_only
    _checking_only += 1
    try:
        return parse_value(setting, text, name)
    finally:
        _checking_only -= 1


def checking_only() -> bool:
    return _checking_only > 0


def _real_max(hi: float) -> float:
    return sys.float_info.max if hi == _DBL_MAX_SHOWN else hi


def _python_value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def _check_context(setting: Setting, context: str, source: str, name: str) -> bool:
    """May a caller in `context` change `setting`? Raises PostgreSQL's error (naming the
    setting as the caller did); returns False where the change is silently skipped (a
    backend-only setting in a reload)."""
    own = setting.context
    if own == INTERNAL:
        raise PgError(CANT_CHANGE_RUNTIME_PARAM, f'parameter "{name}" cannot be changed')
    if own == POSTMASTER:
        if context not in (POSTMASTER, SIGHUP):
            raise PgError(CANT_CHANGE_RUNTIME_PARAM,
                          f'parameter "{name}" cannot be changed without restarting the server')
    elif own == SIGHUP:
        if context not in (SIGHUP, POSTMASTER):
            raise PgError(CANT_CHANGE_RUNTIME_PARAM, f'parameter "{name}" cannot be changed now')
    elif own in (SU_BACKEND, BACKEND):
        if own == SU_BACKEND and context == BACKEND:
            raise PgError(INSUFFICIENT_PRIVILEGE, f'permission denied to set parameter "{name}"')
        if context == SIGHUP:
            from pgsnake.utils import process_state
            return not process_state.is_under_postmaster
        if context not in (POSTMASTER, BACKEND, SU_BACKEND) and source != "client":
            raise PgError(CANT_CHANGE_RUNTIME_PARAM,
                          f'parameter "{name}" cannot be set after connection start')
    elif own == SUSET and context in (USERSET, BACKEND):
        raise PgError(INSUFFICIENT_PRIVILEGE, f'permission denied to set parameter "{name}"')
    return True


def check_session_change(setting: Setting, name: str) -> None:
    """Could this session's user SET `setting` (named `name` by the caller)? PostgreSQL's
    error if not. A placeholder only a superuser may name (pgsnake keeps no
    pg_parameter_acl, which could grant it)."""
    from pgsnake.utils import process_state
    if setting.placeholder:
        if not process_state.is_superuser:
            raise PgError(INSUFFICIENT_PRIVILEGE, f'permission denied to set parameter "{name}"')
        return
    _check_context(setting, _caller_context("session", False), "session", name)


def _caller_context(source: str, reload: bool) -> str:
    from pgsnake.utils import process_state
    if source in ("session", "interactive", "test"):
        return SUSET if process_state.is_superuser else USERSET
    if source == "client":
        return SU_BACKEND if process_state.is_superuser else BACKEND
    return SIGHUP if reload else POSTMASTER


def set_value(name: str, text: Any, *, source: str = "session", check_context: bool = True,
              is_local: bool = False, reload: bool = False, save: bool = False) -> bool:
    """Set `name` from `text` (None: back to its reset value, as RESET), as `source`
    would: check the context (rule 1), parse, and apply unless a higher-priority source
    set it (rule 2). Session changes are transactional (rule 3). True if applied.
    check_context=False is for values pgsnake itself computes (or tests impose): no
    context check, and the value replaces whatever source set the current one.
    save=True applies a function's SET clause at the level new_nest_level() opened."""
    setting = lookup(name, create_placeholder=True)
    if check_context and not _check_context(setting, _caller_context(source, reload), source, name):
        return False
    make_default = _RANK[source] <= _LAST_DEFAULT_MAKING and text is not None
    stored_source = source
    if text is None:
        # RESET: the reset value, remembered with the source it came from.
        value, stored_source = _reset_values[setting.name], _reset_sources[setting.name]
    else:
        value = parse_value(setting, text, name)
    if setting.context == POSTMASTER and reload and check_context:
        if value != _values[setting.name]:
            pending_restart.add(setting.name)
            raise PgError(CANT_CHANGE_RUNTIME_PARAM, f'parameter "{name}" cannot be '
                                                     f"changed without restarting the server")
        return False
    return _apply(setting, value, source, stored_source, make_default=make_default,
                  is_local=is_local, force=not check_context, save=save)


def _apply(setting: Setting, value: Any, source: str, stored_source: str, *, make_default: bool,
           is_local: bool, force: bool = False, save: bool = False) -> bool:
    """Rule 2 decides with `source` (unless `force`); the value is remembered as coming
    from `stored_source` (they differ only for RESET)."""
    name = setting.name
    rank = _RANK[source]
    if make_default:
        if force or _RANK[_reset_sources[name]] <= rank:
            _reset_values[name], _reset_sources[name] = value, source
        # Saved pre-transaction values that came from a weaker source follow too.
        for frame in _frames.get(name, ()):
            if _RANK[frame.source] <= rank:
                frame.value, frame.source = value, source
            if _RANK[frame.session_source] <= rank:
                frame.session_value, frame.session_source = value, source
        pending = _session_values.get(name)
        if pending is not None and _RANK[pending[1]] <= rank:
            _session_values[name] = (value, source)
    if _RANK[_sources[name]] > rank and not force:
        return False
    if not make_default:
        level = _level()
        if level > 0:
            _push_frame(name, level)
            _note_change(_frames[name][-1], save=save, is_local=is_local)
    unchanged = _values[name] == value
    _store(setting, value, stored_source)
    if unchanged and setting.assign_every_set and setting.assign is not None:
        setting.assign(value)
    if name in _session_values and not is_local:
        _session_values[name] = (value, stored_source)
    if name in PER_TRANSACTION.values() and _level() == 0:
        _sync_per_transaction()
    return True


def _note_change(frame: _Frame, *, save: bool, is_local: bool) -> None:
    """A function's SET clause marks its frame to be restored; a plain SET overrides
    that (the value stays after the call), SET LOCAL does not."""
    if save:
        frame.save = True
    elif not is_local:
        frame.save, frame.set_here = False, True


def _push_frame(name: str, level: int) -> None:
    frames = _frames.setdefault(name, [])
    if frames and frames[-1].level >= level:
        return
    session_value, session_source = _session_values.setdefault(name, (_values[name], _sources[name]))
    frames.append(_Frame(level, _values[name], _sources[name], session_value, session_source))


# How many times any setting's value changed in this process: a cache of work that
# depends on settings (tcop/unnamed_statements.py) compares it.
_change_count = 0


def change_count() -> int:
    return _change_count


def _store(setting: Setting, value: Any, source: str) -> None:
    global report_pending, _change_count
    name = setting.name
    changed = _values[name] != value
    _values[name], _sources[name] = value, source
    if changed:
        _change_count += 1
    if setting.report and changed:
        report_pending = True
    if setting.assign is not None and changed:
        setting.assign(value)


def show_transaction_characteristic(name: str, value: Any) -> None:
    """xact.py keeps the transaction's isolation level, read-only and deferrable flags
    (it alone knows when they may change); this makes SHOW / current_setting() of
    transaction_isolation etc. show them, without touching reset values or frames."""
    _store(DEFINITIONS[name], value, _sources[name])


def reset_value(name: str, *, is_local: bool = False) -> None:
    """RESET name / SET name TO DEFAULT: back to the value the session started with."""
    set_value(name, None, is_local=is_local)


def reset_session() -> None:
    """RESET ALL (and DISCARD ALL): every setting a session may change and has changed
    goes back to its reset value, except those marked NO_RESET_ALL."""
    for setting in DEFINITIONS.values():
        name = setting.name
        if "NO_RESET_ALL" in setting.flags or setting.context not in (USERSET, SUSET):
            continue
        if _RANK[_sources[name]] <= _LAST_DEFAULT_MAKING:
            continue
        level = _level()
        if level > 0:
            _push_frame(name, level)
            _note_change(_frames[name][-1], save=False, is_local=False)
        _store(setting, _reset_values[name], _reset_sources[name])
        if name in _session_values:
            _session_values[name] = (_reset_values[name], _reset_sources[name])


# ---- transactions (rule 3) -----------------------------------------------------------------------

def at_transaction_end(committed: bool) -> None:
    """Commit keeps each session value and drops SET LOCAL values; abort restores the
    values from before the transaction."""
    for name, frames in _frames.items():
        if committed:
            value, source = _session_values[name]
        else:
            value, source = frames[0].value, frames[0].source
        _store(DEFINITIONS[name], value, source)
    _frames.clear()
    _session_values.clear()
    _sync_per_transaction()


def at_subtransaction_end(level: int, committed: bool) -> None:
    """RELEASE (committed) hands the changes made at `level` and deeper to the level
    around it; ROLLBACK TO (or an error) restores the values from before `level`. (tcop
    counts levels by savepoints; the levels of the function calls around it come on top.)"""
    _end_level(level + _function_levels, committed)


def new_nest_level() -> int:
    """NewGUCNestLevel: open a level for a function call's SET clauses; the caller ends
    it with at_nest_level_end(level, ...) when the call ends, also on error."""
    global _function_levels
    _function_levels += 1
    return _level()


def at_nest_level_end(level: int, committed: bool) -> None:
    """AtEOXact_GUC at a function call's end: the settings its SET clauses set come
    back (unless it ran a plain SET of one); its other changes are kept (committed) or
    undone (an error)."""
    global _function_levels
    _end_level(level, committed)
    _function_levels -= 1


def _end_level(level: int, committed: bool) -> None:
    for name in list(_frames):
        frames = _frames[name]
        index = next((i for i, f in enumerate(frames) if f.level >= level), None)
        if index is None:
            continue
        frame = frames[index]
        del frames[index:]
        if committed and not frame.save:
            if not frames or frames[-1].level < level - 1:
                frame.level = level - 1
                frames.append(frame)
            elif frame.set_here:
                frames[-1].save, frames[-1].set_here = False, True
        else:
            _store(DEFINITIONS[name], frame.value, frame.source)
            _session_values[name] = (frame.session_value, frame.session_source)
            if not frames:
                del _frames[name]
                del _session_values[name]


def _sync_per_transaction() -> None:
    for name, default_name in PER_TRANSACTION.items():
        if name in DEFINITIONS and _frames.get(name) is None:
            _store(DEFINITIONS[name], _values[default_name], _sources[default_name])


# ---- reading -------------------------------------------------------------------------------------

def get(name: str) -> Any:
    try:
        return _values[name]
    except KeyError:
        return _values[_lookup(name).name]


def source(name: str) -> str:
    return _sources[_lookup(name).name]


def show(name: str) -> str:
    """The value as SHOW prints it: numbers in the largest unit that shows them exactly."""
    setting = _lookup(name)
    return format_value(setting, _values[setting.name])


def format_value(setting: Setting, value: Any) -> str:
    if setting.show_hook is not None:
        return setting.show_hook(value)
    if setting.vartype == "bool":
        return "on" if value else "off"
    if setting.vartype == "integer":
        return setting_values.format_integer(value, setting.unit)
    if setting.vartype == "real":
        return setting_values.format_real(value, setting.unit)
    return "" if value is None else str(value)


def _check_can_read(setting: Setting) -> None:
    from pgsnake.utils import process_state
    if "SUPERUSER_ONLY" in setting.flags and not process_state.is_superuser:
        raise PgError(INSUFFICIENT_PRIVILEGE, "must be superuser or have privileges of "
                                              f'pg_read_all_settings to examine "{setting.display_name}"')


def read_for_client(name: str, *, missing_ok: bool = False) -> tuple[str, str] | None:
    """(PostgreSQL's spelling of the name, value as shown) for SHOW and current_setting;
    None for an unknown name when missing_ok. Superuser-only settings are 42501 for
    others."""
    setting = DEFINITIONS.get(name.lower())
    if setting is None:
        if missing_ok:
            return None
        raise PgError(UNDEFINED_OBJECT, f'unrecognized configuration parameter "{name}"')
    _check_can_read(setting)
    return setting.display_name, format_value(setting, _values[setting.name])


def all_settings() -> list[Setting]:
    return sorted(DEFINITIONS.values(), key=lambda s: s.name)


def visible_settings() -> list[Setting]:
    """The settings SHOW ALL and pg_settings list, sorted by name: not the hidden ones,
    and not the superuser-only ones for other users."""
    from pgsnake.utils import process_state
    return [s for s in all_settings() if "NO_SHOW_ALL" not in s.flags
            and not ("SUPERUSER_ONLY" in s.flags and not process_state.is_superuser)]


def current_state(setting: Setting) -> tuple[Any, str, Any]:
    """(value, source, reset value) of a setting, for pg_settings."""
    return (_values[setting.name], _sources[setting.name],
            _reset_values.get(setting.name, setting.default))


def show_all_rows() -> list[list[str]]:
    """SHOW ALL: name, setting, description, sorted by name, without hidden settings
    (and without superuser-only ones for other users)."""
    return [[setting.display_name, format_value(setting, _values[setting.name]),
             setting.short_desc] for setting in visible_settings()]


def reported_settings() -> list[Setting]:
    return [s for s in all_settings() if s.report]


def set_shared_memory_size(total_bytes: int) -> None:
    """shared_memory_size (MB, rounded up) and shared_memory_size_in_huge_pages, computed
    once the postmaster has made the shared segment (-1 pages if the huge page size is
    unknown)."""
    mb = -(-total_bytes // (1024 * 1024))
    set_value("shared_memory_size", str(mb), source="dynamic default", check_context=False)
    huge_page_kb = _huge_page_size_kb()
    pages = -(-total_bytes // (huge_page_kb * 1024)) if huge_page_kb else -1
    set_value("shared_memory_size_in_huge_pages", str(pages), source="dynamic default",
              check_context=False)


def _huge_page_size_kb() -> int:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("Hugepagesize:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


# ---- configuration files -------------------------------------------------------------------------

def parse_config_text(text: str) -> list[tuple[str, str]]:
    """(name, value) pairs of postgresql.conf-format text (no includes resolved)."""
    try:
        return [(e.name, e.value) for e in config_files.parse_config_text(text)]
    except config_files.ConfigFileError as e:
        raise PgError(CONFIG_FILE_ERROR, e.message) from None


def load_config_file(path: str, *, reload: bool = False) -> None:
    """Apply one file (initdb's bootstrap reads postgresql.conf this way)."""
    _process_config(path, None, reload=reload, log=False)


def process_config_files(datadir: str, *, reload: bool = False, log: bool | None = None) -> bool:
    """Read DATADIR/postgresql.conf, then DATADIR/postgresql.auto.conf, and apply them.

    At start (reload=False) an error is logged and raised as 'configuration file "..."
    contains errors', which the postmaster reports as FATAL. On a reload (SIGHUP) nothing
    is raised: errors are logged, settings from files that are gone from them go back to
    their built-in values, postmaster-context changes wait for a restart. By default only
    the postmaster logs (as in PostgreSQL, where children log at DEBUG2). Returns False
    if there were errors."""
    datadir = os.path.abspath(datadir)
    if not reload:
        for name, value in (("data_directory", datadir),
                            ("config_file", os.path.join(datadir, "postgresql.conf")),
                            ("hba_file", os.path.join(datadir, "pg_hba.conf")),
                            ("ident_file", os.path.join(datadir, "pg_ident.conf"))):
            set_value(name, value, source="override", check_context=False)
    return _process_config(os.path.join(datadir, "postgresql.conf"),
                           os.path.join(datadir, config_files.AUTO_CONF_FILENAME),
                           reload=reload, log=log)


def _process_config(path: str, auto_path: str | None, *, reload: bool, log: bool | None) -> bool:
    from pgsnake.utils import elog, process_state
    if log is None:
        log = process_state.process_kind in ("postmaster", "standalone")

    def report(message: str, level: str = "LOG", **fields) -> None:
        if log:
            elog.log(message, level, **fields)

    try:
        entries = config_files.read_config_file(path)
        if auto_path is not None and os.path.exists(auto_path):
            entries += config_files.read_config_file(auto_path)
    except config_files.ConfigFileError as e:
        report(e.message)
        if not reload:
            raise PgError(CONFIG_FILE_ERROR, f'configuration file "{e.filename}" contains errors',
                          severity="FATAL") from None
        report(f'configuration file "{e.filename}" contains errors; no changes were applied')
        return False
    last: dict[str, config_files.ConfigEntry] = {}
    for entry in entries:          # a later line for the same name wins
        last.pop(entry.name, None)
        last[entry.name] = entry
    error_file = None
    for entry in last.values():
        if entry.name not in DEFINITIONS and not ("." in entry.name and valid_custom_name(entry.name)):
            report(f'unrecognized configuration parameter "{entry.name}" in file '
                   f'"{entry.filename}" line {entry.lineno}')
            error_file = error_file or entry.filename
    if error_file is not None:
        if not reload:
            raise PgError(CONFIG_FILE_ERROR, f'configuration file "{error_file}" contains errors',
                          severity="FATAL")
        report(f'configuration file "{error_file}" contains errors; no changes were applied')
        return False
    if reload:
        for name in [n for n, src in _reset_sources.items() if src == "configuration file" and n not in last]:
            setting = DEFINITIONS[name]
            if setting.context == POSTMASTER:
                report(f'parameter "{setting.display_name}" cannot be changed without restarting the server')
                pending_restart.add(name)
                error_file = error_file or path
                continue
            _reset_values[name], _reset_sources[name] = setting.default, "default"
            if _sources[name] == "configuration file":
                _store(setting, setting.default, "default")
            report(f'parameter "{setting.display_name}" removed from configuration file, reset to default')
    for entry in last.values():
        try:
            before = show(entry.name) if entry.name in DEFINITIONS else None
            applied = set_value(entry.name, entry.value, source="configuration file", reload=reload)
        except PgError as e:
            report(e.message, hint=e.hint, detail=e.detail)
            error_file = error_file or entry.filename
            continue
        if reload and applied and before is not None and show(entry.name) != before:
            report(f'parameter "{entry.name}" changed to "{entry.value}"')
    if error_file is not None:
        if not reload:
            raise PgError(CONFIG_FILE_ERROR, f'configuration file "{error_file}" contains errors',
                          severity="FATAL")
        report(f'configuration file "{error_file}" contains errors; unaffected changes were applied')
        return False
    return True


# ---- ALTER SYSTEM ----------------------------------------------------------------------------------

def check_alter_system(name: str | None, text: str | None) -> str | None:
    """Validate ALTER SYSTEM SET name = text (text None: RESET name; name None: RESET
    ALL) as PostgreSQL does; returns the setting's name as stored in the file."""
    from pgsnake.utils import process_state
    if name is None:
        if not process_state.is_superuser:
            raise PgError(INSUFFICIENT_PRIVILEGE, "permission denied to perform ALTER SYSTEM RESET ALL")
        return None
    if not process_state.is_superuser:
        raise PgError(INSUFFICIENT_PRIVILEGE, f'permission denied to set parameter "{name}"')
    setting = _lookup(name)
    if setting.context == INTERNAL or "NO_ALTER_SYSTEM" in setting.flags:
        raise PgError(CANT_CHANGE_RUNTIME_PARAM, f'parameter "{name}" cannot be changed')
    if text is not None:
        if not setting.placeholder:
            parse_value(setting, text, name)
        if "\n" in text:
            raise PgError(INVALID_PARAMETER_VALUE, "parameter value for ALTER SYSTEM must not contain a newline")
    return name.lower()


def alter_system(datadir: str, name: str | None, text: str | None) -> None:
    """Rewrite DATADIR/postgresql.auto.conf after check_alter_system() passed. The caller
    holds AutoFileLock. The new value takes effect at the next reload or restart."""
    # Relative to the working directory (the data directory, in a server process), so
    # error messages name "postgresql.auto.conf.tmp" as PostgreSQL's do.
    path = os.path.relpath(os.path.join(datadir, config_files.AUTO_CONF_FILENAME))
    entries: list[config_files.ConfigEntry] = []
    if name is not None and os.path.exists(path):
        try:
            entries = config_files.read_config_file(path)
        except config_files.ConfigFileError:
            raise PgError(CONFIG_FILE_ERROR,
                          f'could not parse contents of file "{config_files.AUTO_CONF_FILENAME}"') from None
    if name is not None:
        entries = config_files.replace_entry(entries, name, text)
    config_files.write_auto_conf(path, entries)


# ---- the settings, from PostgreSQL 15's facts ------------------------------------------------------

def _boot_value(vartype: str, text: str | None) -> Any:
    if vartype == "bool":
        return text == "on"
    if vartype == "integer":
        return int(text)
    if vartype == "real":
        return float(text)
    return "" if text is None else text


def _define_all() -> None:
    for (display_name, vartype, context, unit, lo, hi, boot, short_desc, extra_desc, category,
         flags) in settings_facts.SETTINGS:
        name = display_name.lower()
        hooks = setting_hooks.HOOKS.get(name, {})
        enumvals, spellings = (), {}
        if vartype == "enum":
            enumvals, pairs = settings_facts.ENUMS[display_name]
            spellings = {spelling.lower(): shown for spelling, shown in pairs}
        default = setting_hooks.PGSNAKE_DEFAULTS.get(name, _boot_value(vartype, boot))
        define(Setting(
            name, vartype, default, context, unit=unit, enumvals=enumvals, short_desc=short_desc,
            min_value=lo, max_value=hi, report="REPORT" in flags,
            normalize=hooks.get("normalize"), display_name=display_name, category=category,
            extra_desc=extra_desc, flags=frozenset(flags), spellings=spellings,
            check=hooks.get("check"), assign=hooks.get("assign"), show_hook=hooks.get("show")))


_define_all()

# Kept for callers that used the old name.
normalize_datestyle = setting_hooks.normalize_datestyle
