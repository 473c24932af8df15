"""unaccent: remove accents (diacritic signs) from text, as PostgreSQL 15's extension
(version 1.1), by the rules of PostgreSQL's own unaccent.rules file.

    unaccent(text) -> text                   every rule applied, longest source first
    unaccent(regdictionary, text) -> text    the same through a named dictionary
    unaccent_init(internal), unaccent_lexize(internal, ...)   the dictionary template's
                                             functions: members, refused when called

The rules are not pgsnake's text: they are read at run time from the installed
PostgreSQL's share directory (RULES_FILE), when CREATE EXTENSION runs (so a missing
file refuses the extension, as PostgreSQL's dictionary creation does: F0000 "could not
open unaccent file") and at the first call in a backend. A line is a source string,
white space, and its replacement (in double quotes if it holds blanks, "" standing for
a quote); a line with a source alone deletes it. Text is rewritten left to right, at
each position by the longest source that starts there, else kept.

Not done: the text search template and dictionary `unaccent` (pgsnake has no CREATE
TEXT SEARCH TEMPLATE / DICTIONARY / CONFIGURATION, and its dictionaries are the
built-in ones), so ts_lexize('unaccent', ...) and configurations mapping tokens to
it are not available; unaccent(regdictionary, text) accepts only a built-in
dictionary (whose lexize it applies, as PostgreSQL's would).

PostgreSQL: contrib/unaccent/unaccent.c (initTrie, findReplaceTo, unaccent_dict),
unaccent--1.1.sql, unaccent.rules.
"""
from __future__ import annotations

import re

from pgsnake.contrib import extensions
from pgsnake.datatypes import functions
from pgsnake.utils.errors import PgError

EXTENSION = "unaccent"
RULES_FILE = "/usr/share/postgresql/15/tsearch_data/unaccent.rules"
CONFIG_FILE_ERROR = "F0000"
_TEXT, _REGDICTIONARY, _INTERNAL = 25, 3769, 2281

_RULE = re.compile(r"([^ \t]+)[ \t]*(.*)")      # source, blanks (spaces, tabs), target
_rules: tuple[dict[str, str], int] | None = None     # (source -> target, longest source)


def parse_rules(lines) -> tuple[dict[str, str], int]:
    """The rules of a rules file's lines; the first rule for a source wins."""
    rules: dict[str, str] = {}
    for line in lines:
        fields = _RULE.match(line.strip(" \t\r\n"))
        if fields is None:
            continue
        source, target = fields.group(1), fields.group(2)
        if len(target) >= 2 and target[0] == target[-1] == '"':
            target = target[1:-1].replace('""', '"')
        rules.setdefault(source, target)
    return rules, max((len(s) for s in rules), default=0)


def load_rules() -> tuple[dict[str, str], int]:
    global _rules
    if _rules is None:
        try:
            with open(RULES_FILE, encoding="utf-8") as f:
                _rules = parse_rules(f)
        except OSError as exc:
            raise PgError(CONFIG_FILE_ERROR, f'could not open unaccent file "{RULES_FILE}": '
                                             f'{exc.strerror or exc}') from None
    return _rules


def unaccent(text: str) -> str:
    rules, longest = load_rules()
    out: list[str] = []
    pos = 0
    while pos < len(text):
        for length in range(min(longest, len(text) - pos), 0, -1):
            target = rules.get(text[pos:pos + length])
            if target is not None:
                out.append(target)
                pos += length
                break
        else:
            out.append(text[pos])
            pos += 1
    return "".join(out)


def unaccent_with(dictionary: int, text: str) -> str:
    """A built-in dictionary's lexize of the whole text (its first lexeme), or the
    text when it has none, as unaccent_dict does with any dictionary."""
    from pgsnake.datatypes import ts_config
    found = ts_config.lexize(dictionary, text)
    return found[0] if found else text


def _refuse(name: str):
    def refuse(*_args):
        raise PgError("0A000", f"function {name} is the unaccent dictionary template's; "
                               f"pgsnake has no text search templates of extensions")
    return refuse


def _register(name, arg_types, result_type, fn, **kwargs) -> None:
    functions.register(name, arg_types, result_type, fn, oid=extensions.next_function_oid(),
                       extension=EXTENSION, **kwargs)


_register("unaccent", (_REGDICTIONARY, _TEXT), _TEXT, unaccent_with, volatility="s")
_register("unaccent", (_TEXT,), _TEXT, unaccent, volatility="s")
_register("unaccent_init", (_INTERNAL,), _INTERNAL, _refuse("unaccent_init"), strict=False)
_register("unaccent_lexize", (_INTERNAL,) * 4, _INTERNAL, _refuse("unaccent_lexize"),
          strict=False)


def _check_rules(_extension_oid: int, _namespace: int) -> None:
    """CREATE EXTENSION reads the rules (PostgreSQL's CREATE TEXT SEARCH DICTIONARY
    runs the template's init, which does)."""
    load_rules()


extensions.add(extensions.Extension(
    EXTENSION, "1.1", True, "text search dictionary that removes accents", parallel="s",
    trusted=True, after_script=_check_rules))
