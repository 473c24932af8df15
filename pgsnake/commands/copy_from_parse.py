"""COPY FROM's input formats: a stream of bytes -> one list of raw fields per row.

Entry points (each a generator over `chunks`, an iterable of bytes from the client's
CopyData messages or a file):
    text_records(chunks, opts, ncols, progress)    -> [str | None, ...] per row
    csv_records(chunks, opts, ncols, progress)     -> [str | None, ...] per row
    binary_records(chunks, converters, progress)   -> typed values per row (each field
                                                      converted as soon as it is read)
    CopyProgress                                    where we are, for error CONTEXT lines

The generators keep `progress` current (line number, the line's text) before they hand
out a row, so any error raised while the row is converted or inserted can say where it
came from ('COPY t, line 2, column b: "x"'). Header lines are skipped (or checked, for
HEADER MATCH, against `progress.column_names`) here.

Rules:
1. Lines end with \\n; a first line ending in \\r\\n makes every line end so (PostgreSQL's
   EOL detection; a lone \\r is data it refuses: "literal carriage return found in data").
2. The end-of-data marker is \\. followed by a line end: anywhere on a line in text
   format (what precedes it is the last line), alone on a line in CSV; what follows it
   is ignored.
3. NULL is recognised on the raw field, before de-escaping (text) or when unquoted (CSV),
   as PostgreSQL does: in text mode a field written \\\\N is the string \\N, not NULL.

PostgreSQL: commands/copyfromparse.c (CopyReadLine, CopyReadLineText,
CopyReadAttributesText, CopyReadAttributesCSV, CopyReadBinaryAttribute, ReceiveCopyBinaryHeader).
"""
from __future__ import annotations

import struct

from pgsnake.commands.copy_options import HEADER_MATCH, CopyOptions
from pgsnake.utils.errors import CHARACTER_NOT_IN_REPERTOIRE, PgError

BAD_COPY_FILE_FORMAT = "22P04"

MAX_DISPLAY = 100        # PostgreSQL's MAX_COPY_DATA_DISPLAY: longer values end in "..."
BINARY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"

_INT16 = struct.Struct("!h")
_INT32 = struct.Struct("!i")


def limit_printout(text: str) -> str:
    """limit_printout_length: at most 100 bytes of a value in a CONTEXT line."""
    data = text.encode("utf-8")
    if len(data) <= MAX_DISPLAY:
        return text
    return data[:MAX_DISPLAY].decode("utf-8", errors="ignore") + "..."


class CopyProgress:
    """What COPY FROM is working on, for the CONTEXT of an error (CopyFromErrorCallback)."""

    __slots__ = ("relname", "lineno", "line", "column", "value", "binary", "done",
                 "column_names", "terminated")

    def __init__(self, relname: str, column_names: list[str], binary: bool = False) -> None:
        self.relname = relname
        self.column_names = column_names
        self.lineno = 0
        self.line: str | None = None       # the current line's text, while it is valid
        self.column: str | None = None     # the column being converted
        self.value = None                  # its raw text (None: NULL input)
        self.binary = binary
        self.done = False                  # every row read: later errors get no context
        self.terminated = True             # the line just read ended with a line end

    def context(self, sqlstate: str) -> str | None:
        if self.done or (self.binary and self.lineno == 0):
            return None                    # the binary header is read before any row
        prefix = f"COPY {self.relname}, line {self.lineno}"
        if self.column is not None:
            if self.binary:
                return f"{prefix}, column {self.column}"
            if self.value is None:
                return f"{prefix}, column {self.column}: null input"
            return f'{prefix}, column {self.column}: "{limit_printout(self.value)}"'
        # A unique violation comes from PostgreSQL's batched index insertion, after the
        # line buffer has moved on: its context has the line number alone.
        if self.line is not None and sqlstate != "23505":
            return f'{prefix}: "{limit_printout(self.line)}"'
        return prefix


def _utf8_length(lead: int) -> int:
    """pg_utf_mblen: how many bytes a character starting with `lead` claims."""
    if lead & 0x80 == 0:
        return 1
    if lead & 0xE0 == 0xC0:
        return 2
    if lead & 0xF0 == 0xE0:
        return 3
    if lead & 0xF8 == 0xF0:
        return 4
    return 1


def _decode(data: bytes, progress: CopyProgress | None = None) -> str:
    """UTF-8 text of a line or field; the first invalid byte (a NUL included) is
    22021. Raised while a line is read, so its CONTEXT shows no text."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        start = e.start
        nul = data.find(b"\x00", 0, start)
        if nul >= 0:
            start = nul
        # The shown bytes run on into the line end, as PostgreSQL reads them from
        # its raw buffer.
        follow = b"\n" if progress is not None and progress.terminated else b""
        bad = (data + follow)[start:start + _utf8_length(data[start])]
        shown = " ".join(f"0x{b:02x}" for b in bad)
        if progress is not None:
            progress.line = None
        raise PgError(CHARACTER_NOT_IN_REPERTOIRE,
                      f'invalid byte sequence for encoding "UTF8": {shown}') from None
    if "\x00" in text:
        if progress is not None:
            progress.line = None
        raise PgError(CHARACTER_NOT_IN_REPERTOIRE,
                      'invalid byte sequence for encoding "UTF8": 0x00')
    return text


def decode_text(data: bytes) -> str:
    """UTF-8 text of a binary field, 22021 for invalid bytes (pg_verifymbstr)."""
    return _decode(data)


EOL_NL, EOL_CRLF, EOL_CR = "nl", "crlf", "cr"


def _raw_lines(chunks, progress: CopyProgress, text_mode: bool):
    """Physical lines (bytes, without their end), rule 1. Sets progress.lineno and
    progress.terminated (did the last line read end with a line end?). The line ending
    is that of the first \r or \n; in text mode a line ending of another kind inside
    the data is an error (CSV may quote them)."""
    pending = b""
    eol = None
    separator = b"\n"
    for chunk in _reading_next_line(chunks, progress):
        if not chunk:
            continue
        data = pending + chunk if pending else bytes(chunk)
        if eol is None:
            eol = _detect_eol(data)
            if eol is None:
                pending = data
                continue
            separator = b"\r" if eol == EOL_CR else b"\n"
        start = 0
        while True:
            end = data.find(separator, start)
            if end < 0:
                break
            line = data[start:end]
            start = end + 1
            progress.lineno += 1
            yield _checked_line(line, eol, progress, text_mode)
        pending = data[start:]
    if pending:
        if eol is None:
            eol = _detect_eol(pending + b"\0")     # the data ends: a last \r is a line end
        if eol == EOL_CR:
            lines = pending.split(b"\r")
        else:
            lines = pending.split(b"\n")
        for number, line in enumerate(lines):
            last = number == len(lines) - 1
            if last and not line:
                break
            progress.lineno += 1
            progress.terminated = not last
            if eol == EOL_CRLF and last and not line.endswith(b"\r"):
                line += b"\r"                   # a last line needs no line end at all
            yield _checked_line(line, eol, progress, text_mode)


def _checked_line(line: bytes, eol, progress: CopyProgress, text_mode: bool) -> bytes:
    """A physical line without its line end; in text mode, a line end of another kind
    inside it is an error, after any invalid byte before it (PostgreSQL verifies the
    input's encoding before it parses it)."""
    if text_mode and ((eol == EOL_NL and line.endswith(b"\\.\r"))
                      or (eol == EOL_CRLF and line.endswith(b"\\."))):
        progress.line = None
        raise PgError(BAD_COPY_FILE_FORMAT,
                      "end-of-copy marker does not match previous newline style")
    if eol == EOL_CRLF:
        if not line.endswith(b"\r"):
            _eol_error(progress, not text_mode, newline=True)
        line = line[:-1]
    if text_mode:
        cr = line.find(b"\r")
        nl = line.find(b"\n") if eol == EOL_CR else -1
        if cr >= 0 or nl >= 0:
            first = min(i for i in (cr, nl) if i >= 0)
            _decode(line[:first], progress)
            _eol_error(progress, False, newline=first == nl)
    return line


def _reading_next_line(chunks, progress: CopyProgress):
    """The chunks; an error while waiting for more (CopyFail, a protocol violation) is
    reported at the line being read, whose text is not known yet (CopyReadLine has
    counted it already)."""
    iterator = iter(chunks)
    while True:
        try:
            chunk = next(iterator)
        except StopIteration:
            return
        except PgError:
            progress.lineno += 1
            progress.line = None
            raise
        yield chunk


def _detect_eol(data: bytes) -> str | None:
    """The line ending of the first \r or \n (None: not seen yet, or a \r whose next
    byte has not arrived)."""
    nl, cr = data.find(b"\n"), data.find(b"\r")
    if cr < 0 or (0 <= nl < cr):
        return EOL_NL if nl >= 0 else None
    if cr + 1 >= len(data):
        return None
    return EOL_CRLF if data[cr + 1:cr + 2] == b"\n" else EOL_CR


def _eol_error(progress, csv_mode: bool, *, newline: bool):
    progress.line = None                   # raised while the line is read: no text shown
    if newline:
        if csv_mode:
            raise PgError(BAD_COPY_FILE_FORMAT, "unquoted newline found in data",
                          hint="Use quoted CSV field to represent newline.")
        raise PgError(BAD_COPY_FILE_FORMAT, "literal newline found in data",
                      hint='Use "\\n" to represent newline.')
    if csv_mode:
        raise PgError(BAD_COPY_FILE_FORMAT, "unquoted carriage return found in data",
                      hint="Use quoted CSV field to represent carriage return.")
    raise PgError(BAD_COPY_FILE_FORMAT, "literal carriage return found in data",
                  hint='Use "\\r" to represent carriage return.')


def _check_count(fields: list, ncols: int, progress: CopyProgress) -> None:
    """Too many fields is an error before any is converted; too few is found when the
    conversion reaches the first missing column (copy.py), as in NextCopyFrom."""
    if len(fields) > ncols:
        raise PgError(BAD_COPY_FILE_FORMAT, "extra data after last expected column")


def _check_header(fields: list, opts: CopyOptions, progress: CopyProgress) -> None:
    """HEADER MATCH: the header names the COPY's columns, in order."""
    names = progress.column_names
    if len(fields) != len(names):
        raise PgError(BAD_COPY_FILE_FORMAT,
                      f"wrong number of fields in header line: got {len(fields)}, "
                      f"expected {len(names)}")
    for number, (got, expected) in enumerate(zip(fields, names), start=1):
        if got is None:
            raise PgError(BAD_COPY_FILE_FORMAT,
                          f"column name mismatch in header line field {number}: got null "
                          f'value ("{opts.null}"), expected "{expected}"')
        if got != expected:
            raise PgError(BAD_COPY_FILE_FORMAT,
                          f"column name mismatch in header line field {number}: "
                          f'got "{got}", expected "{expected}"')


# -- text ----------------------------------------------------------------------------------

_SIMPLE_ESCAPES = {ord("b"): 8, ord("f"): 12, ord("n"): 10, ord("r"): 13, ord("t"): 9,
                   ord("v"): 11}
_OCTAL = b"01234567"
_HEX = b"0123456789abcdefABCDEF"


def _split_escaped(line: bytes, delimiter: int, null: bytes) -> list:
    """CopyReadAttributesText for a line with backslashes: split on unescaped
    delimiters, de-escape, NULL on the raw field (rule 3)."""
    fields: list = []
    i, n = 0, len(line)
    while True:
        start = i
        out = bytearray()
        ended_by_delimiter = False
        while i < n:
            c = line[i]
            i += 1
            if c == delimiter:
                ended_by_delimiter = True
                break
            if c != 0x5C:                      # not a backslash
                out.append(c)
                continue
            if i >= n:
                break                          # a lone trailing backslash: dropped
            c = line[i]
            i += 1
            if c in _OCTAL:
                value = c - 0x30
                for _ in range(2):
                    if i < n and line[i] in _OCTAL:
                        value = value * 8 + line[i] - 0x30
                        i += 1
                    else:
                        break
                out.append(value & 0xFF)
            elif c == 0x78 and i < n and line[i] in _HEX:    # \xhh
                value = int(chr(line[i]), 16)
                i += 1
                if i < n and line[i] in _HEX:
                    value = value * 16 + int(chr(line[i]), 16)
                    i += 1
                out.append(value)
            else:
                out.append(_SIMPLE_ESCAPES.get(c, c))
        raw_end = i - 1 if ended_by_delimiter else i
        fields.append(None if line[start:raw_end] == null else _decode(bytes(out)))
        if not ended_by_delimiter:
            return fields


def text_records(chunks, opts: CopyOptions, ncols: int, progress: CopyProgress):
    delimiter = opts.delimiter
    null = opts.null
    null_bytes = null.encode("utf-8")
    delimiter_byte = delimiter.encode("utf-8")[0]
    header = opts.header
    lines = _raw_lines(chunks, progress, text_mode=True)
    for line in lines:
        while line.endswith(b"\\") and (len(line) - len(line.rstrip(b"\\"))) % 2 == 1:
            # A backslash quotes the newline after it: the line goes on.
            following = next(lines, None)
            if following is None:
                break
            progress.lineno -= 1               # one logical line (CopyReadLineText)
            line = line + b"\n" + following
        marker = _end_marker(line) if b"\\" in line else -1
        if marker >= 0:
            # \. anywhere ends the data; it must end its line (rule 2). What comes
            # before it on the line is the last line of data.
            if marker + 2 != len(line) or not progress.terminated:
                progress.line = None
                raise PgError(BAD_COPY_FILE_FORMAT, "end-of-copy marker corrupt")
            line = line[:marker]
            if not line:
                break
            at_end = True
        else:
            at_end = False
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is None or "\x00" in text:
            text = _decode(line, progress)       # raises PostgreSQL's 22021
        progress.line = text
        if b"\\" in line:
            fields = _split_escaped(line, delimiter_byte, null_bytes)
        else:
            fields = text.split(delimiter)
            if null in fields:
                fields = [None if field == null else field for field in fields]
        if header:
            if header == HEADER_MATCH:
                _check_header(fields, opts, progress)
            header = 0
            continue
        _check_count(fields, ncols, progress)
        yield fields
        if at_end:
            break
    progress.line = None


def _end_marker(line: bytes) -> int:
    """Where an unescaped backslash-period starts in a text-format line, or -1."""
    i = line.find(b"\\")
    while i >= 0:
        if line[i + 1:i + 2] == b".":
            return i
        i = line.find(b"\\", i + 2)
    return -1


# -- CSV -----------------------------------------------------------------------------------

def _split_csv(text: str, opts: CopyOptions):
    """CopyReadAttributesCSV over one record; None if a quoted field is still open at
    the end (the record goes on to the next line). Returns (values, quoted flags)."""
    delimiter, quote, escape = opts.delimiter, opts.quote, opts.escape
    values: list = []
    quoted_flags: list = []
    i, n = 0, len(text)
    while True:
        out: list[str] = []
        quoted = False
        while i < n:
            c = text[i]
            if c == delimiter:
                break
            if c == quote:
                quoted = True
                i += 1
                while True:
                    if i >= n:
                        return None
                    c = text[i]
                    i += 1
                    if c == escape and i < n and text[i] in (escape, quote):
                        out.append(text[i])
                        i += 1
                        continue
                    if c == quote:
                        break
                    out.append(c)
                continue
            if c == "\r":
                return "cr"
            out.append(c)
            i += 1
        values.append("".join(out))
        quoted_flags.append(quoted)
        if i >= n:
            return values, quoted_flags
        i += 1                                   # the delimiter


def csv_records(chunks, opts: CopyOptions, ncols: int, progress: CopyProgress,
                force_not_null: set[int] = frozenset(), force_null: set[int] = frozenset()):
    null = opts.null
    quote = opts.quote
    delimiter = opts.delimiter
    header = opts.header
    lines = _raw_lines(chunks, progress, text_mode=False)
    for line in lines:
        text = _decode(line, progress)
        progress.line = text
        if text == "\\." and progress.terminated:
            break
        if quote not in text and "\r" not in text:
            fields = text.split(delimiter)
            for i, field in enumerate(fields):
                if field == null and i not in force_not_null:
                    fields[i] = None
        else:
            while True:
                parsed = _split_csv(text, opts)
                if parsed == "cr":
                    _eol_error(progress, True, newline=False)
                if parsed is not None:
                    break
                following = next(lines, None)
                if following is None:
                    progress.line = text + ("\n" if progress.terminated else "")
                    raise PgError(BAD_COPY_FILE_FORMAT, "unterminated CSV quoted field")
                # A quoted line end is data: the record counts as one line, as
                # PostgreSQL numbers CSV records.
                progress.lineno -= 1
                text = text + "\n" + _decode(following, progress)
                progress.line = text
            values, quoted_flags = parsed
            fields = []
            for i, (value, quoted) in enumerate(zip(values, quoted_flags)):
                if value == null:
                    if not quoted and i not in force_not_null:
                        value = None
                    elif quoted and i in force_null:
                        value = None
                fields.append(value)
        if header:
            if header == HEADER_MATCH:
                _check_header(fields, opts, progress)
            header = 0
            continue
        _check_count(fields, ncols, progress)
        yield fields
    progress.line = None


# -- binary --------------------------------------------------------------------------------

class _ByteStream:
    """Reads over the chunk iterator (CopyReadBinaryData): up to n bytes, fewer at the
    end of the data."""

    def __init__(self, chunks) -> None:
        self._chunks = iter(chunks)
        self._buffer = bytearray()
        self._pos = 0

    def read(self, n: int) -> bytes:
        while len(self._buffer) - self._pos < n:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            if self._pos:
                del self._buffer[:self._pos]
                self._pos = 0
            self._buffer += chunk
        data = bytes(self._buffer[self._pos:self._pos + n])
        self._pos += len(data)
        return data

    def must_read(self, n: int) -> bytes:
        data = self.read(n)
        if len(data) != n:
            raise PgError(BAD_COPY_FILE_FORMAT, "unexpected EOF in COPY data")
        return data


def _read_binary_header(stream: _ByteStream) -> None:
    """ReceiveCopyBinaryHeader."""
    if stream.read(len(BINARY_SIGNATURE)) != BINARY_SIGNATURE:
        raise PgError(BAD_COPY_FILE_FORMAT, "COPY file signature not recognized")
    flags = stream.read(4)
    if len(flags) < 4:
        raise PgError(BAD_COPY_FILE_FORMAT, "invalid COPY file header (missing flags)")
    (value,) = _INT32.unpack(flags)
    if value & (1 << 16):
        raise PgError(BAD_COPY_FILE_FORMAT, "invalid COPY file header (WITH OIDS)")
    if (value & 0xFFFF0000) & ~(1 << 16):
        raise PgError(BAD_COPY_FILE_FORMAT, "unrecognized critical flags in COPY file header")
    length = stream.read(4)
    if len(length) < 4 or _INT32.unpack(length)[0] < 0:
        raise PgError(BAD_COPY_FILE_FORMAT, "invalid COPY file header (missing length)")
    (extension,) = _INT32.unpack(length)
    if extension and len(stream.read(extension)) != extension:
        raise PgError(BAD_COPY_FILE_FORMAT, "invalid COPY file header (wrong length)")


def binary_records(chunks, converters: list, progress: CopyProgress):
    """Typed rows: each field is read and then converted by its column's receive
    function before the next is read (NextCopyFrom, CopyReadBinaryAttribute), so the
    first problem in the data is the one reported."""
    stream = _ByteStream(chunks)
    _read_binary_header(stream)
    ncols = len(converters)
    names = progress.column_names
    while True:
        progress.lineno += 1
        progress.column = None
        head = stream.read(2)
        if len(head) < 2:
            break                              # the end of the data, trailer or not
        (count,) = _INT16.unpack(head)
        if count == -1:
            if stream.read(1):
                raise PgError(BAD_COPY_FILE_FORMAT, "received copy data after EOF marker")
            break
        if count != ncols:
            raise PgError(BAD_COPY_FILE_FORMAT, f"row field count is {count}, expected {ncols}")
        row: list = []
        for number, convert in enumerate(converters):
            progress.column = names[number]
            (length,) = _INT32.unpack(stream.must_read(4))
            if length == -1:
                row.append(None)
                continue
            if length < 0:
                raise PgError(BAD_COPY_FILE_FORMAT, "invalid field size")
            row.append(convert(stream.must_read(length)))
        progress.column = None
        yield row
