"""Arrays of the built-in types: text I/O ('{1,2,3}', '{"a b",NULL}', nested for more
dimensions, '[0:2]={1,2,3}' with explicit bounds) and the binary wire format; the stored
form is PostgreSQL's ArrayType (array_storage.py). A value is a Python list (nested lists for more dimensions), with None
for NULL elements; one whose lower bounds are not all 1 is an
array_values.BoundedArray.

Entry points: make_array_io(element: TypeInfo) -> (input, output, send, receive, pack,
unpack).

PostgreSQL: utils/adt/arrayfuncs.c (array_in, array_out, array_send, array_recv,
ReadArrayStr, array_isspace).
"""
from __future__ import annotations

import struct

from pgsnake.datatypes import array_storage, array_values
from pgsnake.utils.errors import PgError, INVALID_TEXT_REPRESENTATION

ARRAY_SUBSCRIPT_ERROR = "2202E"

_SPACE = " \t\n\r\v\f"


def _malformed(text: str, detail: str) -> PgError:
    return PgError(INVALID_TEXT_REPRESENTATION, f'malformed array literal: "{text}"',
                   detail=detail)


def _parse_dimensions(text: str) -> tuple[list | None, int]:
    """The '[lo:hi][lo:hi]=' decoration in front of the braces: ([(lo, hi), ...] or None
    when there is none, the position after it)."""
    position, length = 0, len(text)
    while position < length and text[position] in _SPACE:
        position += 1
    if position >= length or text[position] != "[":
        return None, 0
    bounds = []
    while position < length and text[position] == "[":
        close = text.find("]", position)
        if close < 0:
            raise _malformed(text, 'Missing "]" after array dimensions.')
        inside = text[position + 1:close]
        low_text, colon, high_text = inside.partition(":")
        if not colon:
            low_text, high_text = "1", inside
        if not _is_integer(low_text) or not _is_integer(high_text):
            if colon and not high_text.strip() and _is_integer(low_text):
                raise _malformed(text, "Missing array dimension value.")
            raise _malformed(text, '"[" must introduce explicitly-specified array '
                                   'dimensions.')
        low, high = _c_int(low_text), _c_int(high_text)
        if high < low:
            raise PgError(ARRAY_SUBSCRIPT_ERROR, "upper bound cannot be less than lower bound")
        bounds.append((low, high))
        position = close + 1
        while position < length and text[position] in _SPACE:
            position += 1
    if position >= length or text[position] != "=":
        raise _malformed(text, 'Missing "=" after array dimensions.')
    position += 1
    while position < length and text[position] in _SPACE:
        position += 1
    if position >= length or text[position] != "{":
        raise _malformed(text, 'Array contents must start with "{".')
    return bounds, position


_INT32_MAX = 2 ** 31 - 1


def _c_int(word: str) -> int:
    """A bound as PostgreSQL 15's array_in reads it: strtol (saturating at the 64-bit
    limits) stored into an int (keeping the low 32 bits), so '[21474836488:...]' is 8."""
    value = max(min(int(word), 2 ** 63 - 1), -2 ** 63)
    value &= 0xFFFFFFFF
    return value - 2 ** 32 if value > _INT32_MAX else value


def _is_integer(word: str) -> bool:
    word = word.strip(_SPACE)
    if word[:1] in "+-":
        word = word[1:]
    return word.isdigit()


def _parse(text: str) -> list:
    """Split array text into nested lists of element strings (None for NULL); explicit
    dimensions give a BoundedArray (checked against the contents)."""
    bounds, start = _parse_dimensions(text)
    items = _parse_braces(text, start)
    _check_shape(text, items)
    if bounds is None:
        return items
    if _dimensions(items) != [high - low + 1 for low, high in bounds] or not items:
        raise _malformed(text, "Specified array dimensions do not match array contents.")
    for low, high in bounds:            # ArrayCheckBounds: lower bound + length overflows
        if high + 1 > _INT32_MAX:
            raise PgError("54000", f"array lower bound is too large: {low}")
    return array_values.with_lower_bounds(items, [low for low, _ in bounds])


def _check_shape(text: str, items: list) -> None:
    """Nested braces must form a rectangular array: a level holds only sub-arrays or
    only elements, and sub-arrays of one level have the same shape (ReadArrayStr's
    checks, with its DETAIL texts)."""
    def shape(level: list, nested: bool = False) -> tuple:
        if not level:
            if nested:                       # '{{}}', '{{1},{}}'
                raise _malformed(text, 'Unexpected "}" character.')
            return ()
        if isinstance(level[0], list):
            shapes = []
            for item in level:
                if not isinstance(item, list):
                    raise _malformed(text, "Unexpected array element.")
                shapes.append(shape(item, True))
            if any(s != shapes[0] for s in shapes):
                raise _malformed(text, "Multidimensional arrays must have sub-arrays with "
                                       "matching dimensions.")
            return (len(level),) + shapes[0]
        if any(isinstance(item, list) for item in level):
            raise _malformed(text, 'Unexpected "{" character.')
        return (len(level),)
    shape(items)


def _parse_braces(text: str, start: int) -> list:
    position = start
    length = len(text)

    def skip_space() -> None:
        nonlocal position
        while position < length and text[position] in _SPACE:
            position += 1

    def parse_level() -> list:
        nonlocal position
        # text[position] == '{'
        position += 1
        items: list = []
        skip_space()
        if position < length and text[position] == "}":
            position += 1
            return items
        while True:
            skip_space()
            if position >= length:
                raise _malformed(text, "Unexpected end of input.")
            ch = text[position]
            if ch == "{":
                items.append(parse_level())
            elif ch == '"':
                position += 1
                chars = []
                while True:
                    if position >= length:
                        raise _malformed(text, "Unexpected end of input.")
                    ch = text[position]
                    if ch == "\\":
                        position += 1
                        if position >= length:
                            raise _malformed(text, "Unexpected end of input.")
                        chars.append(text[position])
                    elif ch == '"':
                        position += 1
                        break
                    else:
                        chars.append(ch)
                    position += 1
                items.append("".join(chars))
            else:
                chars = []
                escaped_any = False
                while position < length and text[position] not in ",}":
                    ch = text[position]
                    if ch == "\\":
                        position += 1
                        if position >= length:
                            raise _malformed(text, "Unexpected end of input.")
                        chars.append(text[position])
                        escaped_any = True
                    elif ch in '{"':
                        raise _malformed(text, "Unexpected \"%s\" character." % ch)
                    else:
                        chars.append(ch)
                    position += 1
                word = "".join(chars).rstrip(_SPACE)
                if word == "":
                    raise _malformed(text, 'Unexpected "%s" character.' %
                                     (text[position] if position < length else "}"))
                items.append(None if (word.upper() == "NULL" and not escaped_any) else word)
            skip_space()
            if position >= length:
                raise _malformed(text, "Unexpected end of input.")
            if text[position] == ",":
                position += 1
                continue
            if text[position] == "}":
                position += 1
                return items
            if text[position] != "{":
                # more element text after a quoted element or a sub-array
                raise _malformed(text, "Unexpected array element.")
            raise _malformed(text, 'Unexpected "%s" character.' % text[position])

    skip_space()
    if position >= length or text[position] != "{":
        raise _malformed(text, 'Array value must start with "{" or dimension information.')
    result = parse_level()
    skip_space()
    if position != length:
        raise _malformed(text, "Junk after closing right brace.")
    return result


def _needs_quotes(text: str) -> bool:
    if text == "" or text.upper() == "NULL":
        return True
    return any(ch in '{},"\\' or ch in _SPACE for ch in text)


def _quote(text: str) -> str:
    if not _needs_quotes(text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dimensions(value: list) -> list[int]:
    dims = []
    level = value
    while isinstance(level, list):
        dims.append(len(level))
        if not level:
            break
        level = level[0]
    return dims


def make_array_io(element):
    def input_(text: str, typmod: int = -1) -> list:
        def convert(node):
            if isinstance(node, list):
                return [convert(item) for item in node]
            return None if node is None else element.input(node, typmod)
        parsed = _parse(text)
        return array_values.with_lower_bounds(convert(parsed),
                                              array_values.lower_bounds(parsed))

    def output(value: list) -> str:
        def render(node) -> str:
            if isinstance(node, list):
                return "{" + ",".join(render(item) for item in node) + "}"
            if node is None:
                return "NULL"
            return _quote(element.output(node))
        return _bounds_prefix(value) + render(value)

    def send(value: list) -> bytes:
        dims = _dimensions(value) if value else []
        flat: list = []

        def flatten(node):
            if isinstance(node, list):
                for item in node:
                    flatten(item)
            else:
                flat.append(node)
        flatten(value)
        has_nulls = any(item is None for item in flat)
        parts = [struct.pack(">iiI", len(dims), 1 if has_nulls else 0, element.oid)]
        for dim, lower in zip(dims, array_values.lower_bounds(value)):
            parts.append(struct.pack(">ii", dim, lower))
        for item in flat:
            if item is None:
                parts.append(struct.pack(">i", -1))
            else:
                data = element.send(item)
                parts.append(struct.pack(">i", len(data)) + data)
        return b"".join(parts)

    def receive(data: bytes, typmod: int = -1) -> list:
        data = bytes(data)
        ndim, flags, element_oid = struct.unpack_from(">iiI", data)
        _check_received_header(ndim, flags, element_oid, element.oid)
        offset = 12
        dims, lowers = [], []
        for _ in range(ndim):
            size, lower = struct.unpack_from(">ii", data, offset)
            dims.append(size)
            lowers.append(lower)
            offset += 8
        count = 1
        for dim in dims:
            count *= dim
        flat = []
        for _ in range(count if ndim else 0):
            (size,) = struct.unpack_from(">i", data, offset)
            offset += 4
            if size < 0:
                flat.append(None)
            else:
                flat.append(element.receive(data[offset:offset + size], typmod))
                offset += size

        def build(level: int, items: list) -> list:
            if level == len(dims) - 1:
                return items
            step = len(items) // dims[level] if dims[level] else 0
            return [build(level + 1, items[i * step:(i + 1) * step]) for i in range(dims[level])]
        return array_values.with_lower_bounds(build(0, flat), lowers) if dims else []

    def pack(value: list) -> bytes:
        return array_storage.pack(element, value)

    def unpack(data, typmod: int = -1) -> list:
        return array_storage.unpack(element, data)

    return input_, output, send, receive, pack, unpack


def _check_received_header(ndim: int, flags: int, element_oid: int, expected: int) -> None:
    """array_recv's checks of the binary header, with its SQLSTATEs."""
    if ndim < 0:
        raise PgError("22P03", f"invalid number of dimensions: {ndim}")
    if ndim > array_values.MAX_DIMENSIONS:
        raise PgError("54000", f"number of array dimensions ({ndim}) exceeds the maximum "
                      f"allowed ({array_values.MAX_DIMENSIONS})")
    if flags not in (0, 1):
        raise PgError("22P03", "invalid array flags")
    if element_oid != expected:
        from pgsnake.datatypes import registry      # (registry imports this module)
        raise PgError("42804", f"binary data has array element type {element_oid} "
                      f"({registry.format_type(element_oid)}) instead of expected "
                      f"{expected} ({registry.format_type(expected)})")


def _bounds_prefix(value: list) -> str:
    """'[lo:hi]...=' in front of an array whose lower bounds are not all 1 (array_out)."""
    bounds = array_values.lower_bounds(value)
    if all(b == 1 for b in bounds):
        return ""
    return "".join(f"[{low}:{low + n - 1}]"
                   for low, n in zip(bounds, _dimensions(value))) + "="


def make_vector_io(element, array_io):
    """int2vector / oidvector: one-dimensional arrays without NULLs whose text form is
    the elements separated by spaces ('3 1') and whose subscripts start at 0. They are
    stored as arrays with lower bound 0, as PostgreSQL stores them, and sent in the
    array wire format with lower bound 0."""
    def input_(text: str, typmod: int = -1) -> list:
        return [element.input(word, typmod) for word in text.split()]

    def output(value: list) -> str:
        return " ".join(element.output(item) for item in value)

    def send(value: list) -> bytes:
        parts = [struct.pack(">iiI", 1 if value else 0, 0, element.oid)]
        if value:
            parts.append(struct.pack(">ii", len(value), 0))
        for item in value:
            data = element.send(item)
            parts.append(struct.pack(">i", len(data)) + data)
        return b"".join(parts)

    def pack(value: list) -> bytes:
        return array_storage.pack(element, value, lower_bound=0)

    def unpack(data, typmod: int = -1) -> list:
        return array_storage.unpack(element, data, lower_bound_is_stored=False)

    receive = array_io[3]
    return input_, output, send, receive, pack, unpack


def vector_as_array(value: list) -> list:
    """An int2vector / oidvector value as the array it is binary-coercible to: the same
    elements with lower bound 0 (PostgreSQL's vectors are arrays whose subscripts start
    at 0, so `indkey::int2[]` prints '[0:1]={2,3}' and generate_subscripts(indkey, 1)
    counts from 0). Vector values are kept as plain lists (the subscript node knows they
    start at 0); they take their bound when they become an array or a polymorphic
    function's anyarray argument."""
    if not value:
        return value
    return array_values.with_lower_bounds(list(value), (0,))
