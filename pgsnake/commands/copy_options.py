"""COPY's options: the WITH (...) list (and the old `CSV HEADER ...` spelling, which the
grammar turns into the same DefElem list) checked and defaulted as PostgreSQL does.

Entry point:
    parse_copy_options(defelems, is_from, position) -> CopyOptions
        defelems   the CopyStmt's "options" (pglast JSON DefElem nodes)
        position   node location -> error position (the statement's SourceText)

Column-name options (FORCE_QUOTE, FORCE_NOT_NULL, FORCE_NULL) are kept as names here;
copy.py resolves them against the COPY's column list.

Invariants: every check runs in PostgreSQL's order, so the first error reported for a
bad option list is PostgreSQL's; defaults are filled in only after the checks that look
at what the user gave (DELIMITER in BINARY mode is an error, the default tab is not).

PostgreSQL: commands/copy.c (ProcessCopyOptions, defGetCopyHeaderChoice),
commands/define.c (defGetString, defGetBoolean, errorConflictingDefElem).
"""
from __future__ import annotations

import dataclasses

from pgsnake.utils import def_elem
from pgsnake.utils.errors import (FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE, PgError,
                                  SYNTAX_ERROR)

HEADER_NONE, HEADER_SKIP, HEADER_MATCH = 0, 1, 2
ALL_COLUMNS = "*"

# The server encodings' names that ENCODING accepts (PostgreSQL's pg_enc2name_tbl and
# its aliases, normalised as pg_char_to_encoding does: case and punctuation ignored).
_ENCODINGS = {
    "sqlascii", "utf8", "unicode", "latin1", "latin2", "latin3", "latin4", "latin5",
    "latin6", "latin7", "latin8", "latin9", "latin10", "iso88591", "iso88592", "iso88593",
    "iso88594", "iso88599", "iso885910", "iso885913", "iso885914", "iso885915",
    "iso885916", "iso88595", "iso88596", "iso88597", "iso88598", "win1250", "win1251",
    "win1252", "win1253", "win1254", "win1255", "win1256", "win1257", "win1258", "win866",
    "win874", "koi8r", "koi8u", "koi8", "eucjp", "euccn", "euckr", "euctw", "eucjis2004",
    "sjis", "shiftjis2004", "big5", "gbk", "uhc", "gb18030", "johab", "mulecinternal",
    "windows1250", "windows1251", "windows1252", "windows1253", "windows1254",
    "windows1255", "windows1256", "windows1257", "windows1258", "windows866",
    "windows874", "alt", "cp866", "cp874", "cp932", "cp936", "cp949", "cp950", "cp1250",
    "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "mskanji", "shiftjis", "tcvn", "tcvn5712", "vscii", "abc", "iso88595", "win", "unicode",
    "koi8", "euc_jp", "iso_8859_5",
}


@dataclasses.dataclass
class CopyOptions:
    format: str = "text"                 # 'text' | 'csv' | 'binary'
    freeze: bool = False
    delimiter: str | None = None
    null: str | None = None
    header: int = HEADER_NONE
    quote: str | None = None
    escape: str | None = None
    force_quote: list[str] | str | None = None       # names, or ALL_COLUMNS
    force_not_null: list[str] | None = None
    force_null: list[str] | None = None
    encoding: str | None = None

    @property
    def csv(self) -> bool:
        return self.format == "csv"

    @property
    def binary(self) -> bool:
        return self.format == "binary"


def _arg_string(defelem: dict) -> str:
    """defGetString: a parameter of any scalar kind, as text."""
    text = def_elem.arg_text(defelem)
    if text is None:
        raise PgError(SYNTAX_ERROR, f"{defelem['defname']} requires a parameter")
    return text


_TRUE = ("true", "on")
_FALSE = ("false", "off")


def _text_boolean(text: str) -> bool | None:
    """defGetBoolean's text spellings: true/false/on/off (any case)."""
    lowered = text.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    return None


def _arg_boolean(defelem: dict) -> bool:
    arg = defelem.get("arg")
    name = defelem["defname"]
    if arg is None:
        return True
    (kind, value), = arg.items()
    if kind == "Integer":
        number = value.get("ival", 0)
        if number in (0, 1):
            return bool(number)
    elif kind == "Boolean":
        return bool(value.get("boolval"))
    else:
        choice = _text_boolean(_arg_string(defelem))
        if choice is not None:
            return choice
    raise PgError(SYNTAX_ERROR, f"{name} requires a Boolean value")


def _arg_header(defelem: dict, is_from: bool) -> int:
    """defGetCopyHeaderChoice: a Boolean, or MATCH (COPY FROM only)."""
    arg = defelem.get("arg")
    name = defelem["defname"]
    if arg is None:
        return HEADER_SKIP
    (kind, value), = arg.items()
    if kind == "Integer":
        number = value.get("ival", 0)
        if number in (0, 1):
            return HEADER_SKIP if number else HEADER_NONE
    elif kind == "Boolean":
        return HEADER_SKIP if value.get("boolval") else HEADER_NONE
    else:
        text = _arg_string(defelem)
        choice = _text_boolean(text)
        if choice is not None:
            return HEADER_SKIP if choice else HEADER_NONE
        if text.lower() == "match":
            if not is_from:
                raise PgError(FEATURE_NOT_SUPPORTED, 'cannot use "match" with HEADER in COPY TO')
            return HEADER_MATCH
    raise PgError(SYNTAX_ERROR, f'{name} requires a Boolean value or "match"')


def _column_names(defelem: dict, position, allow_star: bool):
    arg = defelem.get("arg")
    if arg is not None:
        (kind, value), = arg.items()
        if kind == "A_Star" and allow_star:
            return ALL_COLUMNS
        if kind == "List":
            return [item["String"]["sval"] for item in value.get("items", ())]
    raise PgError(INVALID_PARAMETER_VALUE,
                  f'argument to option "{defelem["defname"]}" must be a list of column names',
                  position=position(defelem.get("location")))


def _normalised_encoding(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def parse_copy_options(defelems, is_from: bool, position) -> CopyOptions:
    opts = CopyOptions()
    seen: set[str] = set()
    for wrapped in defelems or ():
        defelem = wrapped["DefElem"]
        name = defelem["defname"]
        where = position(defelem.get("location"))
        if name in seen and name in _KNOWN:
            raise PgError(SYNTAX_ERROR, "conflicting or redundant options", position=where)
        seen.add(name)
        if name == "format":
            fmt = _arg_string(defelem)
            if fmt not in ("text", "csv", "binary"):
                raise PgError(INVALID_PARAMETER_VALUE, f'COPY format "{fmt}" not recognized',
                              position=where)
            opts.format = fmt
        elif name == "freeze":
            opts.freeze = _arg_boolean(defelem)
        elif name == "delimiter":
            opts.delimiter = _arg_string(defelem)
        elif name == "null":
            opts.null = _arg_string(defelem)
        elif name == "header":
            opts.header = _arg_header(defelem, is_from)
        elif name == "quote":
            opts.quote = _arg_string(defelem)
        elif name == "escape":
            opts.escape = _arg_string(defelem)
        elif name == "force_quote":
            opts.force_quote = _column_names(defelem, position, allow_star=True)
        elif name == "force_not_null":
            opts.force_not_null = _column_names(defelem, position, allow_star=False)
        elif name == "force_null":
            opts.force_null = _column_names(defelem, position, allow_star=False)
        elif name == "encoding":
            encoding = _arg_string(defelem)
            if _normalised_encoding(encoding) not in _ENCODINGS:
                raise PgError(INVALID_PARAMETER_VALUE,
                              f'argument to option "{name}" must be a valid encoding name',
                              position=where)
            opts.encoding = encoding
        elif name == "convert_selectively":
            # file_fdw's: which columns to convert; a COPY statement accepts it and
            # converts every column anyway
            arg = defelem.get("arg") or {}
            items = arg.get("List", {}).get("items") if isinstance(arg, dict) else None
            if items is None or not all("String" in item for item in items):
                raise PgError(INVALID_PARAMETER_VALUE, f'argument to option "{name}" must '
                              'be a list of column names', position=where)
        else:
            raise PgError(SYNTAX_ERROR, f'option "{name}" not recognized', position=where)
    _check(opts, is_from)
    return opts


_KNOWN = {"format", "freeze", "delimiter", "null", "header", "quote", "escape", "force_quote",
          "force_not_null", "force_null", "encoding", "convert_selectively"}


def _check(opts: CopyOptions, is_from: bool) -> None:
    """The cross-option checks and defaults, in ProcessCopyOptions' order."""
    if opts.binary and opts.delimiter is not None:
        raise PgError(SYNTAX_ERROR, "cannot specify DELIMITER in BINARY mode")
    if opts.binary and opts.null is not None:
        raise PgError(SYNTAX_ERROR, "cannot specify NULL in BINARY mode")
    if opts.delimiter is None:
        opts.delimiter = "," if opts.csv else "\t"
    if opts.null is None:
        opts.null = "" if opts.csv else "\\N"
    if opts.csv:
        if opts.quote is None:
            opts.quote = '"'
        if opts.escape is None:
            opts.escape = opts.quote
    delimiter = opts.delimiter
    if len(delimiter.encode("utf-8")) != 1:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY delimiter must be a single one-byte character")
    if delimiter in "\r\n":
        raise PgError(INVALID_PARAMETER_VALUE,
                      "COPY delimiter cannot be newline or carriage return")
    if "\r" in opts.null or "\n" in opts.null:
        raise PgError(INVALID_PARAMETER_VALUE,
                      "COPY null representation cannot use newline or carriage return")
    if not opts.csv and delimiter in "\\.abcdefghijklmnopqrstuvwxyz0123456789":
        raise PgError(INVALID_PARAMETER_VALUE, f'COPY delimiter cannot be "{delimiter}"')
    if opts.binary and opts.header:
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot specify HEADER in BINARY mode")
    if not opts.csv and opts.quote is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY quote available only in CSV mode")
    if opts.csv and len(opts.quote.encode("utf-8")) != 1:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY quote must be a single one-byte character")
    if opts.csv and delimiter == opts.quote:
        raise PgError(INVALID_PARAMETER_VALUE, "COPY delimiter and quote must be different")
    if not opts.csv and opts.escape is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY escape available only in CSV mode")
    if opts.csv and len(opts.escape.encode("utf-8")) != 1:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY escape must be a single one-byte character")
    if not opts.csv and opts.force_quote is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY force quote available only in CSV mode")
    if opts.force_quote is not None and is_from:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY force quote only available using COPY TO")
    if not opts.csv and opts.force_not_null is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY force not null available only in CSV mode")
    if opts.force_not_null is not None and not is_from:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "COPY force not null only available using COPY FROM")
    if not opts.csv and opts.force_null is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY force null available only in CSV mode")
    if opts.force_null is not None and not is_from:
        raise PgError(FEATURE_NOT_SUPPORTED, "COPY force null only available using COPY FROM")
    if delimiter in opts.null:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "COPY delimiter must not appear in the NULL specification")
    if opts.csv and opts.quote in opts.null:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "CSV quote character must not appear in the NULL specification")
