"""The rows of the views over the configuration files and the build: pg_file_settings
(pg_show_all_file_settings), pg_hba_file_rules, pg_ident_file_mappings and pg_config.

Each reads the file as the server does *now* (not what was loaded at start or reload), as
PostgreSQL's functions do, and reports a line it cannot use as a row with the error text
rather than failing:
  - pg_file_settings: postgresql.conf, its includes, then postgresql.auto.conf, one row per
    `name = value` in order (seqno from 1). A setting given again later is not applied
    (applied false, no error); an unknown name's error is "unrecognized configuration
    parameter"; a value the setting refuses, or a postmaster-context setting that differs
    from the running value, "setting could not be applied"; a line that does not parse is
    a row without name and setting whose error is "syntax error" (the other lines still
    count, as in guc-file.l, which goes on after a bad line);
  - pg_hba_file_rules: each rule line of hba_file parsed by protocol/hba.py; a bad line
    gives only its line number and the error message;
  - pg_ident_file_mappings: each line of ident_file, three fields (map, system user,
    database user);
  - pg_config: PostgreSQL's keys with pgsnake's own values: where the server's program,
    its packaged files and its extensions are (BINDIR is the Python interpreter's
    directory, SHAREDIR / PKGLIBDIR the pgsnake package), and the interpreter's build
    (CC, CFLAGS, LIBS, ... from Python's sysconfig: pgsnake itself is not compiled).

Entry points: file_settings(), hba_file_rules(), ident_file_mappings(), config() (registered
by catalog/system_view_functions.py).

PostgreSQL: utils/misc/guc-file.l (ProcessConfigFileInternal's ConfigVariable list),
utils/misc/guc.c (show_all_file_settings), libpq/hba.c (fill_hba_view, fill_ident_view),
utils/misc/pg_config.c, common/config_info.c.
"""
from __future__ import annotations

import ipaddress
import os
import re
import sys
import sysconfig

from pgsnake.protocol import hba
from pgsnake.utils import config_files, settings
from pgsnake.utils.errors import PgError

_LINE_IN_MESSAGE = re.compile(r' line (\d+)')


# ---- pg_file_settings ---------------------------------------------------------------

def _file_items(path: str, depth: int = 0) -> list:
    """(filename, line, name, value, error) for every line of one file, includes expanded;
    name None for a line that does not parse."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError as e:
        return [(path, 0, None, None, f"could not open file: {e.strerror}")]
    items = []
    for lineno, line in enumerate(text.split("\n"), 1):
        try:
            entries = config_files.parse_config_text(line, path, depth)
        except config_files.ConfigFileError as e:
            if e.filename == path:
                items.append((path, lineno, None, None, "syntax error"))
            else:
                found = _LINE_IN_MESSAGE.search(e.message)
                items.append((e.filename, int(found.group(1)) if found else 0, None, None,
                               "syntax error"))
            continue
        for entry in entries:
            number = lineno if entry.filename == path else entry.lineno
            items.append((entry.filename, number, entry.name, entry.value, None))
    return items


def _setting_error(name: str, value: str) -> str | None:
    if name not in settings.DEFINITIONS:
        return None                  # a custom (placeholder) setting takes any value
    setting = settings.DEFINITIONS[name]
    try:
        parsed = settings.parse_value(setting, value, name)
    except PgError:
        return "setting could not be applied"
    if setting.context == settings.POSTMASTER:
        try:
            running = settings.get(name)
        except PgError:
            return None
        if parsed != running:
            return "setting could not be applied"
    return None


def file_settings():
    config_file = settings.get("config_file")
    items = _file_items(config_file)
    auto_conf = os.path.join(os.path.dirname(config_file), config_files.AUTO_CONF_FILENAME)
    if os.path.exists(auto_conf):
        items += _file_items(auto_conf)
    last_of = {name: index for index, (_, _, name, _, _) in enumerate(items) if name}
    for index, (filename, lineno, name, value, error) in enumerate(items):
        applied = False
        if name is not None:
            if name not in settings.DEFINITIONS and not (
                    "." in name and settings.valid_custom_name(name)):
                error = "unrecognized configuration parameter"
            elif last_of[name] == index:         # an earlier line is superseded, no error
                error = _setting_error(name, value)
                applied = error is None
        yield (filename, lineno, index + 1, name, value, applied, error)


# ---- pg_hba_file_rules / pg_ident_file_mappings ---------------------------------------

def _read_lines(path: str) -> list[str]:
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read().splitlines()


def _tokens_text(tokens) -> list[str]:
    return [token.text for token in tokens]


def _address_and_mask(rule) -> tuple:
    if rule.conn_type == "local":
        return None, None
    if rule.network is None:
        return rule.address, None
    network = rule.network
    mask = str(network.netmask)
    return str(network.network_address), mask


def hba_file_rules():
    path = settings.get("hba_file")
    try:
        lines = _read_lines(path)
    except OSError as e:
        yield (0, None, None, None, None, None, None, None,
               f'could not open file "{path}": {e.strerror}')
        return
    for line_number, line in enumerate(lines, 1):
        try:
            rule = hba.parse_line(line, line_number, path)
        except PgError as e:
            yield (line_number, None, None, None, None, None, None, None, e.message)
            continue
        if rule is None:
            continue
        address, mask = _address_and_mask(rule)
        options = [f"{name}={value}" for name, value in rule.options.items()] or None
        yield (line_number, rule.conn_type, _tokens_text(rule.databases),
               _tokens_text(rule.users), address, mask, rule.method, options, None)


def ident_file_mappings():
    path = settings.get("ident_file")
    try:
        lines = _read_lines(path)
    except OSError as e:
        yield (0, None, None, None, f'could not open file "{path}": {e.strerror}')
        return
    for line_number, line in enumerate(lines, 1):
        fields = hba.split_fields(line, line_number, path)
        if not fields:
            continue
        if any(len(field) != 1 for field in fields[:3]):
            yield (line_number, None, None, None, "multiple values in ident field")
        elif len(fields) < 3:
            yield (line_number, None, None, None, "missing entry at end of line")
        elif len(fields) > 3:
            yield (line_number, None, None, None, "multiple values in ident field")
        else:
            yield (line_number, fields[0][0].text, fields[1][0].text, fields[2][0].text, None)


# ---- pg_config ----------------------------------------------------------------------------

def config():
    from pgsnake.datatypes.functions import VERSION
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    bindir = os.path.dirname(sys.executable)
    include = sysconfig.get_paths().get("include", "")
    var = sysconfig.get_config_var
    version = VERSION.split(" on ")[0]
    rows = (
        ("BINDIR", bindir),
        ("DOCDIR", os.path.join(os.path.dirname(package), "docs")),
        ("HTMLDIR", os.path.join(os.path.dirname(package), "docs")),
        ("INCLUDEDIR", include),
        ("PKGINCLUDEDIR", include),
        ("INCLUDEDIR-SERVER", include),
        ("LIBDIR", var("LIBDIR") or ""),
        ("PKGLIBDIR", os.path.join(package, "contrib")),
        ("LOCALEDIR", "/usr/share/locale"),
        ("MANDIR", os.path.join(sys.prefix, "share", "man")),
        ("SHAREDIR", package),
        ("SYSCONFDIR", os.path.join(sys.prefix, "etc")),
        ("PGXS", "not available: pgsnake extensions are Python modules"),
        ("CONFIGURE", var("CONFIG_ARGS") or ""),
        ("CC", var("CC") or ""),
        ("CPPFLAGS", var("CPPFLAGS") or ""),
        ("CFLAGS", var("CFLAGS") or ""),
        ("CFLAGS_SL", var("CCSHARED") or ""),
        ("LDFLAGS", var("LDFLAGS") or ""),
        ("LDFLAGS_EX", ""),
        ("LDFLAGS_SL", var("LDSHARED") or ""),
        ("LIBS", var("LIBS") or ""),
        ("VERSION", version),
    )
    yield from rows
