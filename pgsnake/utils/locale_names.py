"""Locale names as initdb and CREATE DATABASE take them: which are valid in pgsnake, how
they are spelled once accepted, and which one the environment names.

pgsnake implements two behaviours: the C locale (byte order, ASCII-only case mapping and
character classes) and C.UTF-8 (code point order, which for UTF-8 is byte order, with
Unicode case mapping and character classes). The names accepted are those the C library
accepts for them: "C" and "POSIX" (spelled back "C", as setlocale answers), and "C."
followed by a spelling of the UTF-8 codeset ("C.UTF-8", "C.utf8", "C.UTF8", "C.utf-8"),
kept as given. Any other name is an invalid locale name, as it is to PostgreSQL on a
system where no other locale is installed.

Entry points:
    canonical(name) -> str | None        the accepted spelling, None if not valid
    from_environment(category, environ)  setlocale(category, "")'s name: LC_ALL, then
                                         the category's variable, then LANG, then "C";
                                         empty variables do not count
    is_c(name) -> bool                   C-locale behaviour (C, POSIX) or C.UTF-8's

PostgreSQL: bin/initdb/initdb.c (check_locale_name, setlocales),
utils/adt/pg_locale.c (check_locale, lc_ctype_is_c).
"""
from __future__ import annotations

CATEGORIES = ("LC_COLLATE", "LC_CTYPE", "LC_MESSAGES", "LC_MONETARY", "LC_NUMERIC",
              "LC_TIME")


def canonical(name: str) -> str | None:
    if name in ("C", "POSIX"):
        return "C"
    language, dot, codeset = name.partition(".")
    if language == "C" and dot and codeset.lower().replace("-", "") == "utf8":
        return name
    return None


def from_environment(category: str, environ) -> str:
    for variable in ("LC_ALL", category, "LANG"):
        value = environ.get(variable)
        if value:
            return value
    return "C"


def is_c(name: str) -> bool:
    return canonical(name) == "C"
