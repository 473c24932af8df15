"""The startup packet's `options` parameter: a backend's command-line switches.

A client may pass server switches in its startup packet (libpq's PGOPTIONS, e.g.
"-c work_mem=64MB --search_path=app"). PostgreSQL splits the string into words and runs
them through the same getopt loop as the `postgres` command line; every failure is a
FATAL for that connection only. We do the same, in the same order:

 1. Split on whitespace; a backslash makes the next character literal (so "a\\ b" is
    one word "a b"). Quotes are not special: "-c 'x" is the two words "-c" and "'x".
 2. Scan the words as glibc's getopt does with the option string below: a word that
    starts with "-" (and is not "-" itself) holds switches; "--" alone ends them; other
    words are set aside (permutation) and reported at the end. A switch that takes an
    argument takes the rest of its word or the next word.
 3. Each switch is applied as soon as it is read; the first bad switch stops the scan:
        unknown switch, or one missing its argument   the word that holds it
        -t or -f with an unknown letter                the argument's word
    both as 42601 "invalid command-line argument for server process: WORD" with the
    hint 'Try "postgres --help" for more information.'
 4. -c NAME=VALUE and --NAME=VALUE set a setting ("-" in NAME becomes "_"); without
    "=VALUE": 42601 "-c NAME requires a value" (or "--NAME requires a value").
 5. After the scan, a word set aside in step 2 is the same 42601 error.

Entry points:
    split_options(text) -> list[str]                 rule 1
    apply_options(text, set_setting, set_switch)     rules 2-5; each setter applies one
                                                     setting (name, value) or raises

PostgreSQL: postmaster/postmaster.c and utils/init/postinit.c (pg_split_opts,
process_startup_options), tcop/postgres.c (process_postgres_switches, set_debug_options,
set_plan_disabling_options, get_stats_option_name).
"""
from __future__ import annotations

from typing import Callable

from pgsnake.utils import errors
from pgsnake.utils.errors import FatalError

# PostgreSQL 15's option string for a backend's switches (getopt syntax: a letter
# followed by ":" takes an argument).
OPTION_STRING = "B:bc:C:D:d:EeFf:h:ijk:lN:nOPp:r:S:sTt:v:W:-:"

# Switches that set one setting to their argument, or to a fixed value.
SETTING_WITH_ARGUMENT = {"B": "shared_buffers", "h": "listen_addresses",
                         "k": "unix_socket_directories", "N": "max_connections",
                         "p": "port", "S": "work_mem", "W": "post_auth_delay"}
SETTING_WITH_VALUE = {"e": ("datestyle", "euro"), "F": ("fsync", "false"),
                      "i": ("listen_addresses", "*"), "l": ("ssl", "true"),
                      "O": ("allow_system_table_mods", "true"),
                      "P": ("ignore_system_indexes", "true"),
                      "s": ("log_statement_stats", "true")}
# Switches that only the postmaster's own command line may use ("secure" ones), or that
# PostgreSQL ignores: a client may send them, and nothing happens.
IGNORED = set("bCDEjnrTv")

PLAN_DISABLING = {"s": "enable_seqscan", "i": "enable_indexscan", "o": "enable_indexonlyscan",
                  "b": "enable_bitmapscan", "t": "enable_tidscan", "n": "enable_nestloop",
                  "m": "enable_mergejoin", "h": "enable_hashjoin"}
STATS_OPTIONS = {"pa": "log_parser_stats", "pl": "log_planner_stats", "e": "log_executor_stats"}

SetSetting = Callable[[str, str], None]
C_SPACE = " \t\n\v\f\r"            # isspace() in the C locale


class _BadArgument(Exception):
    """Rule 3: stop the scan and report this word."""

    def __init__(self, word: str) -> None:
        self.word = word


def invalid_argument_error(word: str) -> FatalError:
    return FatalError(errors.SYNTAX_ERROR, f"invalid command-line argument for server process: {word}",
                      hint='Try "postgres --help" for more information.')


def split_options(text: str) -> list[str]:
    """Rule 1 (pg_split_opts)."""
    words: list[str] = []
    current: list[str] = []
    in_word = escaped = False
    for ch in text:
        if escaped:
            current.append(ch)
            escaped = False
            in_word = True
        elif ch == "\\":
            escaped = in_word = True
        elif ch in C_SPACE:
            if in_word:
                words.append("".join(current))
                current, in_word = [], False
        else:
            current.append(ch)
            in_word = True
    if in_word:
        words.append("".join(current))
    return words


def _takes_argument(letter: str) -> bool | None:
    """True/False for a known switch, None for an unknown one."""
    at = OPTION_STRING.find(letter)
    if at < 0 or letter == ":":
        return None
    return OPTION_STRING[at + 1:at + 2] == ":"


def apply_options(text: str, set_setting: SetSetting, set_switch: SetSetting) -> None:
    """Rules 2-5. `set_setting` applies -c/-- settings; `set_switch` the settings other
    switches imply (it may skip a setting pgsnake does not have yet). Raises FatalError;
    settings applied before the failure stay applied, which does not matter: a failure
    ends the connection."""
    words = split_options(text)
    set_aside: list[str] = []
    i = 0
    try:
        while i < len(words):
            word = words[i]
            i += 1
            if word == "--":
                set_aside.extend(words[i:])
                break
            if not word.startswith("-") or word == "-":
                set_aside.append(word)
                continue
            pos = 1
            while pos < len(word):
                letter = word[pos]
                pos += 1
                takes = _takes_argument(letter)
                if takes is None:
                    raise _BadArgument(word)
                if not takes:
                    _apply_switch(letter, None, word, set_setting, set_switch)
                    continue
                if pos < len(word):
                    argument, arg_word = word[pos:], word
                elif i < len(words):
                    argument, arg_word = words[i], words[i]
                    i += 1
                else:
                    raise _BadArgument(word)
                _apply_switch(letter, argument, arg_word, set_setting, set_switch)
                break
    except _BadArgument as bad:
        raise invalid_argument_error(bad.word) from None
    if set_aside:
        raise invalid_argument_error(set_aside[0])


def _apply_switch(letter: str, argument: str | None, arg_word: str, set_setting: SetSetting,
                  set_switch: SetSetting) -> None:
    if letter in ("c", "-"):
        name, sep, value = argument.partition("=")
        if not sep:
            shown = f"--{argument}" if letter == "-" else f"-c {argument}"
            raise FatalError(errors.SYNTAX_ERROR, f"{shown} requires a value")
        set_setting(name.replace("-", "_"), value)
    elif letter in SETTING_WITH_ARGUMENT:
        set_switch(SETTING_WITH_ARGUMENT[letter], argument)
    elif letter in SETTING_WITH_VALUE:
        set_switch(*SETTING_WITH_VALUE[letter])
    elif letter == "d":
        level = _c_atoi(argument)
        set_switch("log_min_messages", f"debug{level}" if level > 0 else "notice")
    elif letter == "f":
        name = PLAN_DISABLING.get(argument[:1])
        if name is None:
            raise _BadArgument(arg_word)
        set_switch(name, "false")
    elif letter == "t":
        name = STATS_OPTIONS.get(argument[:1] if argument[:1] == "e" else argument[:2])
        if name is None:
            raise _BadArgument(arg_word)
        set_switch(name, "true")
    else:
        assert letter in IGNORED, letter


def _c_atoi(text: str) -> int:
    """C's atoi: leading blanks, a sign, digits; anything else ends the number."""
    text = text.lstrip()
    sign, digits = 1, ""
    if text[:1] and text[:1] in "+-":
        sign = -1 if text[0] == "-" else 1
        text = text[1:]
    for ch in text:
        if not ch.isdigit():
            break
        digits += ch
    return sign * int(digits) if digits else 0
