"""The default text search parser: a document split into typed tokens.

Entry points: parse(text) -> list of (token type id, token text), TOKEN_TYPES (tokid,
alias, description) as ts_token_type('default') lists them, and the token type ids.

At each place the tokenizer tries, in order: an XML tag, an entity, a protocol head
(http:// https:// ftp://), an e-mail address, a URL (host with a path), a host, a file
path, a version number, a scientific-notation float, a float, a hyphenated word, a word,
a signed or unsigned integer; a character that starts none of them joins the current
blank token. A hyphenated word is followed by its parts (the '-' between them as blank
tokens); a URL by its host and its path. A word is asciiword (ASCII letters), word (any
letters) or numword (letters and digits); letters are those of the C.UTF-8 locale
(Python's str.isalpha), as the oracle's database has.

PostgreSQL: tsearch/wparser_def.c (prsd_start, prsd_nexttoken's state machine,
prsd_lextype). Where we differ: the state machine is approximated by the patterns
above, so unusual mixtures of punctuation may be split otherwise (see the package
README).
"""
from __future__ import annotations

import re

from pgsnake.datatypes.textsearch_catalog_facts import TOKEN_TYPES

(ASCIIWORD, WORD, NUMWORD, EMAIL, URL, HOST, SFLOAT, VERSION, HWORD_NUMPART, HWORD_PART,
 HWORD_ASCIIPART, BLANK, TAG, PROTOCOL, NUMHWORD, ASCIIHWORD, HWORD, URL_PATH, FILE, FLOAT,
 INT, UINT, ENTITY) = range(1, 24)

_LABEL = r"[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?"
_HOST = rf"(?:{_LABEL}\.)+[A-Za-z]{{2,}}(?::\d+)?(?![A-Za-z0-9])"
_PATH = r"/[A-Za-z0-9_.~%!$&'()*+,;=:@?#/-]*[A-Za-z0-9_~/=#-]"
_PART = r"[^\W_]*[^\W\d_][^\W_]*"          # letters and digits, at least one letter

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:_.-]*(?:\s+[A-Za-z_:][\w:.-]*"
                  r"(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")
_PROTOCOL = re.compile(r"(?:https?|ftp)://")
_EMAIL = re.compile(rf"[A-Za-z0-9][A-Za-z0-9_.+-]*@{_HOST}")
_URL = re.compile(rf"({_HOST})({_PATH}|/)")
_HOST_ONLY = re.compile(_HOST)
_FILE = re.compile(r"(?:[A-Za-z0-9.]*(?:/[A-Za-z0-9_.][A-Za-z0-9_.-]*)*"
                   r"/[A-Za-z0-9_.][A-Za-z0-9_.-]*(?<=[A-Za-z0-9_])"
                   r"|[A-Za-z][A-Za-z0-9-]*(?:\.[A-Za-z0-9_-]+)+)(?![\w])")
_VERSION = re.compile(r"\d+(?:\.\d+){2,}(?![\w.])")
_SFLOAT = re.compile(r"[-+]?\d+(?:\.\d+)?[eE][-+]?\d+(?![\w])")
_FLOAT = re.compile(r"[-+]?\d+\.\d+")
_HYPHENATED = re.compile(rf"{_PART}(?:-{_PART})+")
_WORD = re.compile(_PART)
_INT = re.compile(r"[-+]\d+(?![^\W\d_])")
_UINT = re.compile(r"\d+")


def _is_ascii_letters(text: str) -> bool:
    return text.isascii() and text.isalpha()


def _word_type(text: str) -> int:
    if _is_ascii_letters(text):
        return ASCIIWORD
    if text.isalpha():
        return WORD
    return NUMWORD


def _hyphenated(text: str) -> list[tuple[int, str]]:
    parts = text.split("-")
    if any(not part.isalpha() for part in parts):
        whole = NUMHWORD
    elif all(_is_ascii_letters(part) for part in parts):
        whole = ASCIIHWORD
    else:
        whole = HWORD
    out = [(whole, text)]
    for i, part in enumerate(parts):
        if i:
            out.append((BLANK, "-"))
        if _is_ascii_letters(part):
            out.append((HWORD_ASCIIPART, part))
        elif part.isalpha():
            out.append((HWORD_PART, part))
        else:
            out.append((HWORD_NUMPART, part))
    return out


def _token_at(text: str, i: int, after_hyphenated: bool):
    """(tokens, end) of the token starting at text[i], or None."""
    c = text[i]
    if c == "<":
        m = _TAG.match(text, i)
        if m:
            return [(TAG, m.group())], m.end()
        return None
    if c == "&":
        m = _ENTITY.match(text, i)
        if m:
            return [(ENTITY, m.group())], m.end()
        return None
    if c == "." and i == 0 and text.startswith("../"):
        m = _FILE.match(text, i)
        if m:
            return [(FILE, m.group())], m.end()
        return None
    if c.isalnum() or c in "/-+":
        if c.isalnum():
            m = _PROTOCOL.match(text, i)
            if m:
                return [(PROTOCOL, m.group())], m.end()
            m = _EMAIL.match(text, i)
            if m:
                return [(EMAIL, m.group())], m.end()
            m = _URL.match(text, i)
            if m:
                return [(URL, m.group()), (HOST, m.group(1)), (URL_PATH, m.group(2))], m.end()
            m = _HOST_ONLY.match(text, i)
            if m:
                return [(HOST, m.group())], m.end()
            m = _VERSION.match(text, i)
            if m:
                return [(VERSION, m.group())], m.end()
        if c != "-" and c != "+":
            m = _FILE.match(text, i)
            if m and ("/" in m.group() or not _FLOAT.fullmatch(m.group())):
                if c == "/" or not c.isdigit() or "/" in m.group():
                    return [(FILE, m.group())], m.end()
        m = _SFLOAT.match(text, i)
        if m:
            return [(SFLOAT, m.group())], m.end()
        m = _FLOAT.match(text, i)
        if m:
            return [(FLOAT, m.group())], m.end()
        if c.isalnum():
            found = _word_at(text, i)
            if found:
                return found
            m = _UINT.match(text, i)
            if m:
                return [(UINT, m.group())], m.end()
        elif not (after_hyphenated and c == "-"):
            m = _INT.match(text, i)
            if m:
                return [(INT, m.group())], m.end()
    elif c.isalpha():
        return _word_at(text, i)
    return None


def _word_at(text: str, i: int):
    """A hyphenated word (with its parts) or a plain word starting at i, or None."""
    m = _HYPHENATED.match(text, i)
    if m:
        return _hyphenated(m.group()), m.end()
    m = _WORD.match(text, i)
    if m:
        return [(_word_type(m.group()), m.group())], m.end()
    return None


def parse(text: str) -> list[tuple[int, str]]:
    tokens: list[tuple[int, str]] = []
    blank: list[str] = []
    i, n = 0, len(text)
    while i < n:
        after_hyphenated = bool(tokens) and not blank and \
            tokens[-1][0] in (HWORD_ASCIIPART, HWORD_PART, HWORD_NUMPART)
        found = _token_at(text, i, after_hyphenated)
        if found is None:
            if text[i] in "-+/<&" and blank:   # these start a new blank token
                tokens.append((BLANK, "".join(blank)))
                blank.clear()
            blank.append(text[i])
            i += 1
            continue
        if blank:
            tokens.append((BLANK, "".join(blank)))
            blank.clear()
        new_tokens, i = found
        tokens.extend(new_tokens)
    if blank:
        tokens.append((BLANK, "".join(blank)))
    return tokens


__all__ = ["parse", "TOKEN_TYPES"]
