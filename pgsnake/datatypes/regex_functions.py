"""The regular-expression operators and functions: ~ ~* !~ !~* (text, name, bpchar),
regexp_match(es), regexp_replace, regexp_split_to_array / _table, regexp_count,
regexp_instr, regexp_like, regexp_substr, substring(text from pattern),
substring(text similar pattern escape e), similar_escape and similar_to_escape (SIMILAR
TO is `x ~ similar_to_escape(pattern, escape)`, built by the parser).

Entry points: install_operators(register), install_functions(register) -- called by
operators.py and functions.py with their own registration functions; similar_escape().
OIDs and signatures come from regex_catalog_facts.py (generated from the oracle); the
implementations are chosen by prosrc.

Rules:
 1. Patterns compile through regex_translate.compile_regex (cached); matching happens on
    Python str, so positions are characters, as PostgreSQL counts them.
 2. A global search steps as CompiledRegex.iterate does: the next search starts at the
    end of the last match, one character later after an empty match.
 3. Parameter checks come in PostgreSQL's order (start, n, endoption, flags, subexpr) and
    before the pattern is compiled, so the same call fails with the same error.

PostgreSQL: utils/adt/regexp.c (textregexeq, textregexsubstr, textregexreplace*,
regexp_match(es), regexp_split_*, regexp_count/instr/like/substr, similar_escape_internal),
utils/adt/varlena.c (replace_text_regexp, appendStringInfoRegexpSubstr).
"""
from __future__ import annotations

from typing import Callable

from pgsnake.datatypes import regex_catalog_facts
from pgsnake.datatypes.regex_translate import (ADVANCED, ADVANCED_ICASE, compile_regex,
                                               parse_flags)
from pgsnake.utils.errors import PgError, INVALID_PARAMETER_VALUE

INVALID_ESCAPE_SEQUENCE = "22025"
INVALID_USE_OF_ESCAPE_CHARACTER = "2200C"


# -- operators -----------------------------------------------------------------------------

def regex_eq(text: str, pattern: str) -> bool:
    return compile_regex(pattern, ADVANCED).matches(text)


def regex_ne(text: str, pattern: str) -> bool:
    return not compile_regex(pattern, ADVANCED).matches(text)


def icregex_eq(text: str, pattern: str) -> bool:
    return compile_regex(pattern, ADVANCED_ICASE).matches(text)


def icregex_ne(text: str, pattern: str) -> bool:
    return not compile_regex(pattern, ADVANCED_ICASE).matches(text)


# name and bpchar values are matched as they are (bpchar with its padding), as PostgreSQL
# binary-coerces them to text for textregexeq.
_OPERATOR_CODES = {
    "textregexeq": regex_eq, "nameregexeq": regex_eq, "bpcharregexeq": regex_eq,
    "textregexne": regex_ne, "nameregexne": regex_ne, "bpcharregexne": regex_ne,
    "texticregexeq": icregex_eq, "nameicregexeq": icregex_eq, "bpcharicregexeq": icregex_eq,
    "texticregexne": icregex_ne, "nameicregexne": icregex_ne, "bpcharicregexne": icregex_ne,
}


# -- helpers -------------------------------------------------------------------------------

def _positive(name: str, value: int) -> None:
    if value <= 0:
        raise PgError(INVALID_PARAMETER_VALUE, f'invalid value for parameter "{name}": {value}')


def _flags(flags: str | None, function: str, hint: str | None = None):
    """Flags of a function that takes no 'g' (regexp_match, _split_*, _count, ...)."""
    cflags, glob = parse_flags(flags)
    if glob:
        raise PgError(INVALID_PARAMETER_VALUE,
                      f'{function}() does not support the "global" option', hint=hint)
    return cflags


# -- substring, regexp_match(es), regexp_like ----------------------------------------------

def regexp_substring(text: str, pattern: str) -> str | None:
    """substring(text from pattern): the first parenthesized subexpression's text if the
    pattern has one, else the whole match; NULL if there is no match."""
    found = compile_regex(pattern, ADVANCED).search(text)
    if found is None:
        return None
    return found.group(1) if found.re.groups else found.group(0)


def substring_similar(text: str, pattern: str, escape: str) -> str | None:
    """substring(text similar pattern escape e) (pg_proc 2074, an SQL function)."""
    return regexp_substring(text, similar_escape(pattern, escape))


def _match_array(found) -> list:
    if found.re.groups == 0:
        return [found.group(0)]
    return list(found.groups())


def regexp_match(text: str, pattern: str, flags: str | None = None) -> list | None:
    cflags = _flags(flags, "regexp_match", "Use the regexp_matches function instead.")
    found = compile_regex(pattern, cflags).search(text)
    return None if found is None else _match_array(found)


def regexp_matches(text: str, pattern: str, flags: str | None = None):
    cflags, glob = parse_flags(flags)
    compiled = compile_regex(pattern, cflags)
    for found in compiled.iterate(text):
        yield _match_array(found)
        if not glob:
            return


def regexp_like(text: str, pattern: str, flags: str | None = None) -> bool:
    return compile_regex(pattern, _flags(flags, "regexp_like")).matches(text)


# -- regexp_count, regexp_instr, regexp_substr ---------------------------------------------

def regexp_count(text: str, pattern: str, start: int = 1, flags: str | None = None) -> int:
    _positive("start", start)
    compiled = compile_regex(pattern, _flags(flags, "regexp_count"))
    if start - 1 > len(text):
        return 0
    return sum(1 for _ in compiled.iterate(text, start - 1))


def _nth_match(text: str, compiled, start: int, n: int):
    if start - 1 > len(text):
        return None
    for count, found in enumerate(compiled.iterate(text, start - 1), 1):
        if count == n:
            return found
    return None


def _subexpression(compiled, subexpr: int) -> int | None:
    """The group a subexpr argument names: a pattern without parentheses has the whole
    match as its only subexpression (as regexp_matches reports it); None if too big."""
    if compiled.ngroups == 0:
        return 0 if subexpr <= 1 else None
    return subexpr if subexpr <= compiled.ngroups else None


def regexp_instr(text: str, pattern: str, start: int = 1, n: int = 1, endoption: int = 0,
                 flags: str | None = None, subexpr: int = 0) -> int:
    _positive("start", start)
    _positive("n", n)
    if endoption not in (0, 1):
        raise PgError(INVALID_PARAMETER_VALUE,
                      f'invalid value for parameter "endoption": {endoption}')
    cflags = _flags(flags, "regexp_instr")
    if subexpr < 0:
        raise PgError(INVALID_PARAMETER_VALUE, f'invalid value for parameter "subexpr": {subexpr}')
    compiled = compile_regex(pattern, cflags)
    found = _nth_match(text, compiled, start, n)
    subexpr = _subexpression(compiled, subexpr)
    if found is None or subexpr is None or found.start(subexpr) < 0:
        return 0
    return (found.end(subexpr) if endoption else found.start(subexpr)) + 1


def regexp_substr(text: str, pattern: str, start: int = 1, n: int = 1,
                  flags: str | None = None, subexpr: int = 0) -> str | None:
    _positive("start", start)
    _positive("n", n)
    cflags = _flags(flags, "regexp_substr")
    if subexpr < 0:
        raise PgError(INVALID_PARAMETER_VALUE, f'invalid value for parameter "subexpr": {subexpr}')
    compiled = compile_regex(pattern, cflags)
    found = _nth_match(text, compiled, start, n)
    subexpr = _subexpression(compiled, subexpr)
    if found is None or subexpr is None:
        return None
    return found.group(subexpr)


# -- regexp_split_to_array / _table --------------------------------------------------------

def _split(text: str, pattern: str, flags: str | None, function: str) -> list[str]:
    compiled = compile_regex(pattern, _flags(flags, function))
    pieces, previous_end = [], 0
    for found in compiled.iterate(text):
        # degenerate matches (empty at the start or end, or right after the last
        # separator) do not split
        if found.start() < len(text) and found.end() > previous_end:
            pieces.append(text[previous_end:found.start()])
            previous_end = found.end()
    pieces.append(text[previous_end:])
    return pieces


def regexp_split_to_array(text: str, pattern: str, flags: str | None = None) -> list[str]:
    return _split(text, pattern, flags, "regexp_split_to_array")


def regexp_split_to_table(text: str, pattern: str, flags: str | None = None):
    yield from _split(text, pattern, flags, "regexp_split_to_table")


# -- regexp_replace ------------------------------------------------------------------------

def _expand_replacement(replacement: str, found) -> str:
    r"""\1..\9 are the subexpressions (empty if absent or unmatched), \& the whole match,
    \\ a backslash; any other backslash stays as it is."""
    if "\\" not in replacement:
        return replacement
    out, i = [], 0
    while i < len(replacement):
        c = replacement[i]
        if c != "\\" or i + 1 >= len(replacement):
            out.append(c)
            i += 1
            continue
        d = replacement[i + 1]
        if "1" <= d <= "9":
            if int(d) <= found.re.groups:
                out.append(found.group(int(d)) or "")
            i += 2
        elif d == "&":
            out.append(found.group(0))
            i += 2
        elif d == "\\":
            out.append("\\")
            i += 2
        else:
            out.append("\\")
            i += 1
    return "".join(out)


def _replace(text: str, pattern: str, replacement: str, cflags, start: int, n: int) -> str:
    compiled = compile_regex(pattern, cflags)
    if start - 1 > len(text):
        return text
    out, copied, count = [], 0, 0
    for found in compiled.iterate(text, start - 1):
        count += 1
        if n and count != n:
            continue
        out.append(text[copied:found.start()])
        out.append(_expand_replacement(replacement, found))
        copied = found.end()
        if n:
            break
    out.append(text[copied:])
    return "".join(out)


def regexp_replace_noopt(text: str, pattern: str, replacement: str) -> str:
    return _replace(text, pattern, replacement, ADVANCED, 1, 1)


def regexp_replace_flags(text: str, pattern: str, replacement: str, flags: str) -> str:
    if flags[:1].isdigit() and flags[:1].isascii():
        raise PgError(INVALID_PARAMETER_VALUE, f'invalid regular expression option: "{flags[0]}"',
                      hint="If you meant to use regexp_replace() with a start parameter, "
                           "cast the fourth argument to integer explicitly.")
    cflags, glob = parse_flags(flags)
    return _replace(text, pattern, replacement, cflags, 1, 0 if glob else 1)


def regexp_replace_extended(text: str, pattern: str, replacement: str, start: int,
                            n: int | None = None, flags: str | None = None) -> str:
    _positive("start", start)
    if n is not None and n < 0:
        raise PgError(INVALID_PARAMETER_VALUE, f'invalid value for parameter "n": {n}')
    cflags, glob = parse_flags(flags)
    if n is None:
        n = 0 if glob else 1
    return _replace(text, pattern, replacement, cflags, start, n)


# -- SIMILAR TO ----------------------------------------------------------------------------

def similar_escape(pattern: str | None, escape: str | None = "\\") -> str | None:
    """The ARE for a SQL-standard SIMILAR TO pattern: anchored, % -> .*, _ -> ., ( ->
    (?:, escape-" marks the part substring() returns. A NULL escape is the default '\\';
    an empty one means no escape character. PostgreSQL: similar_escape_internal."""
    if pattern is None:
        return None
    if escape is None:
        escape = "\\"
    if len(escape) > 1:
        raise PgError(INVALID_ESCAPE_SEQUENCE, "invalid escape string",
                      hint="Escape string must be empty or one character.")
    out = ["^(?:"]
    quotes = 0
    after_escape = False
    in_class = False
    class_position = 0          # characters seen since '[' (a leading ^ does not count)
    for c in pattern:
        if after_escape:
            if c == '"' and not in_class:
                if quotes == 0:
                    out.append("){1,1}?(")
                elif quotes == 1:
                    out.append("){1,1}(?:")
                else:
                    raise PgError(INVALID_USE_OF_ESCAPE_CHARACTER,
                                  "SQL regular expression may not contain more than two "
                                  "escape-double-quote separators")
                quotes += 1
            else:
                out.append("\\" + c)
            after_escape = False
        elif escape and c == escape:
            after_escape = True
        elif in_class:
            if c == "\\":
                out.append("\\")
            out.append(c)
            if c == "]" and class_position > 0:
                in_class = False
            elif not (c == "^" and class_position == 0):
                class_position += 1
        elif c == "[":
            out.append(c)
            in_class = True
            class_position = 0
        elif c == "%":
            out.append(".*")
        elif c == "_":
            out.append(".")
        elif c == "(":
            out.append("(?:")
        elif c in "\\.^$":
            out.append("\\" + c)
        else:
            out.append(c)
    out.append(")$")
    return "".join(out)


# -- registration --------------------------------------------------------------------------

_BY_PROSRC: dict[str, Callable] = {
    "similar_escape": similar_escape,           # not strict: a NULL escape is '\\'
    "similar_to_escape_2": similar_escape,
    "similar_to_escape_1": similar_escape,
    "textregexsubstr": regexp_substring,
    "textregexreplace_noopt": regexp_replace_noopt,
    "textregexreplace": regexp_replace_flags,
    "textregexreplace_extended": regexp_replace_extended,
    "textregexreplace_extended_no_flags": regexp_replace_extended,
    "textregexreplace_extended_no_n": regexp_replace_extended,
    "regexp_matches_no_flags": regexp_matches,
    "regexp_matches": regexp_matches,
    "regexp_match_no_flags": regexp_match,
    "regexp_match": regexp_match,
    "regexp_split_to_table_no_flags": regexp_split_to_table,
    "regexp_split_to_table": regexp_split_to_table,
    "regexp_split_to_array_no_flags": regexp_split_to_array,
    "regexp_split_to_array": regexp_split_to_array,
    "regexp_count_no_start": regexp_count,
    "regexp_count_no_flags": regexp_count,
    "regexp_count": regexp_count,
    "regexp_instr_no_start": regexp_instr,
    "regexp_instr_no_n": regexp_instr,
    "regexp_instr_no_endoption": regexp_instr,
    "regexp_instr_no_flags": regexp_instr,
    "regexp_instr_no_subexpr": regexp_instr,
    "regexp_instr": regexp_instr,
    "regexp_like_no_flags": regexp_like,
    "regexp_like": regexp_like,
    "regexp_substr_no_start": regexp_substr,
    "regexp_substr_no_n": regexp_substr,
    "regexp_substr_no_flags": regexp_substr,
    "regexp_substr_no_subexpr": regexp_substr,
    "regexp_substr": regexp_substr,
}


def _implementation(name: str, arg_types: tuple, prosrc: str) -> Callable:
    if name == "substring" and len(arg_types) == 3:
        return substring_similar            # an SQL-language function in pg_proc
    return _BY_PROSRC[prosrc]


def install_operators(register) -> None:
    for oid, name, left, right, result, code in regex_catalog_facts.OPERATORS:
        register(oid, name, left, right, result, _OPERATOR_CODES[code])


def install_functions(register) -> None:
    for oid, name, arg_types, result, strict, volatility, prosrc, retset, rows \
            in regex_catalog_facts.PROCS:
        fn = _implementation(name, arg_types, prosrc)
        register(name, arg_types, result, fn, oid=oid, strict=strict, volatility=volatility,
                 returns_set=retset, rows=rows)
