# Proves that pgsnake parses and shows setting values exactly as PostgreSQL 15 does, by
# asking the oracle: for each (setting, text) the oracle runs set_config() (SET without
# the statement's list quoting, which tests/regress/sql/settings.sql covers), pgsnake's
# settings module parses and formats in-process, and the outcomes must be equal - the
# shown value, or the SQLSTATE, message, DETAIL and HINT of the error. The texts cover
# integers (hex, octal, exponents, rounding, overflow), reals, every unit spelling and
# misspelling, bool prefixes, every spelling of every session-settable enum, and the
# string settings with check hooks (DateStyle, search_path, TimeZone).
from __future__ import annotations

import psycopg
import pytest

from pgsnake.utils import settings
from pgsnake.utils.errors import PgError
from pgsnake.utils.generated import settings_facts

NUMBERS = ["0", "1", "-1", "+5", "1.5", "2.5", "-0.5", ".5", " .5", "5.", "1e3", "1.5e3",
           "1e-3", "0x10", "0X1f", "010", "09", "1e400", "1e-400", "2147483648",
           "99999999999", "inf", "-Infinity", "nan", "", "abc", "0x", "1e", "+ 1", "  42  ",
           "0.0001", "1.0000001", "24.9999999999", "1.23456789"]
UNITS = ["", "B", "kB", "MB", "GB", "TB", "kb", "us", "ms", "s", "min", "h", "d", "mins",
         " kB", "  min ", "x"]
NUMERIC_SETTINGS = ["work_mem", "temp_buffers", "statement_timeout", "log_min_duration_statement",
                    "vacuum_cost_delay", "seq_page_cost", "extra_float_digits",
                    "gin_pending_list_limit"]
BOOLS = ["", "t", "tr", "tru", "true", "truex", "TRUE", "f", "fa", "false", "y", "ye", "yes",
         "n", "no", "on", "of", "off", "o", "ON", "Of", "1", "0", "01", "2", " on", "on ",
         "yes!"]
STRINGS = {
    "DateStyle": ["iso", "ISO, DMY", "german", "sql, ymd", "postgres, euro", "us", "default",
                  "foo", "iso, german", "ymd, dmy", "iso,", "  sql  "],
    "search_path": ["a", "A b", '"A b", c', "a,,b", '"unterminated', '""', "a, 1", " x ,y "],
    "TimeZone": ["UTC", "utc", "europe/paris", "America/New_York", "foo", "EST5EDT"],
    "IntervalStyle": ["ISO_8601", "postgres_verbose", "sql"],
}


def _session_enums() -> dict[str, list[str]]:
    out = {}
    for name, _vt, context, *_ in settings_facts.SETTINGS:
        if name in settings_facts.ENUMS and context in ("user", "superuser"):
            if name.lower() in ("transaction_isolation",):
                continue     # its SET has transaction-state checks of its own
            _visible, pairs = settings_facts.ENUMS[name]
            spellings = [s for s, _ in pairs]
            out[name] = spellings + [s.upper() for s in spellings] + ["", " on", "xx", "onn"]
    return out


def _cases() -> list[tuple[str, str]]:
    cases = [(name, number + unit) for name in NUMERIC_SETTINGS for number in NUMBERS
             for unit in UNITS]
    cases += [("enable_seqscan", text) for text in BOOLS]
    cases += [(name, text) for name, texts in _session_enums().items() for text in texts]
    cases += [(name, text) for name, texts in STRINGS.items() for text in texts]
    return cases


def _oracle_outcome(conn, name: str, text: str) -> tuple:
    try:
        return ("ok", conn.execute("SELECT set_config(%s, %s, false)", (name, text)).fetchone()[0])
    except psycopg.Error as e:
        d = e.diag
        return ("error", d.sqlstate, d.message_primary, d.message_detail, d.message_hint)


def _pgsnake_outcome(name: str, text: str) -> tuple:
    setting = settings.DEFINITIONS[name.lower()]
    try:
        value = settings.parse_value(setting, text, name)
    except PgError as e:
        return ("error", e.sqlstate, e.message, e.detail, e.hint)
    if setting.vartype == "string" and setting.normalize is not None and name == "DateStyle":
        settings._values["datestyle"] = value     # DateStyle reads its current value
    return ("ok", settings.format_value(setting, value))


@pytest.fixture
def _fresh_datestyle():
    saved = settings._values["datestyle"]
    yield
    settings._values["datestyle"] = saved


def test_values_parse_and_show_exactly_as_postgresql(oracle, _fresh_datestyle):
    differences = []
    cases = _cases()
    assert len(cases) > 1000
    with psycopg.connect(oracle.dsn, autocommit=True) as conn:
        conn.execute("SET DateStyle = 'ISO, MDY'")
        for name, text in cases:
            want = _oracle_outcome(conn, name, text)
            got = _pgsnake_outcome(name, text)
            if want != got:
                differences.append(f"SET {name} = {text!r}: PostgreSQL {want}, pgsnake {got}")
    assert not differences, f"{len(differences)} differences:\n" + "\n".join(differences[:40])
