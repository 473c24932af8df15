"""to_char(numeric | int4 | int8 | float4 | float8, template): numbers as text by a
template of PostgreSQL's numeric template patterns.

The template is a row of positions; the text has one character per position (FM drops
the padding). `9` is a digit position that prints a blank when it is a leading zero, `0`
one that prints the zero; `.` / `D` is the decimal point and `,` / `G` a group
separator, printed only after a digit (else blank). The value is rounded to the number
of fraction positions (numeric half away from zero, floats as C's printf rounds them);
an integer part longer than its positions prints `#` in every digit position.

Sign: without a sign pattern the text has a sign column, and the sign (blank or `-`)
goes right before the first digit printed; `S` puts `+` / `-` next to the number at its
side, `MI` a `-` (or blank) and `PL` a `+` (or blank) at their own place, `SG` either
sign at its place, and `PR` wraps a negative number in angle brackets. `V` multiplies
by ten per digit position after it, `EEEE` prints scientific notation, `RN` / `rn`
roman numerals (1 to 3999, fifteen wide), `TH` / `th` an ordinal suffix, `L` the
currency symbol (a blank in the C locale). Text in double quotes and other characters
are copied.

Entry points: number_to_char(value, template, is_float), to_number(text, template),
register_sql_functions().

PostgreSQL: utils/adt/formatting.c (NUM_keywords, NUM_prepare_locale, NUM_processor,
numeric_to_char, float8_to_char, int4_to_roman), the "Template Patterns for Numeric
Formatting" table of the documentation.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from pgsnake.datatypes import functions, numeric
from pgsnake.datatypes.datetime_formatting import quoted_text
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, SYNTAX_ERROR, PgError

TEXT, INT4, INT8, FLOAT4, FLOAT8, NUMERIC = 25, 23, 20, 700, 701, 1700

# Longest first: the first that matches at a place is taken.
_KEYWORDS = ("EEEE", "eeee", "FM", "fm", "PR", "pr", "MI", "mi", "PL", "pl", "SG", "sg",
             "RN", "rn", "TH", "th", "9", "0", ".", ",", "D", "d", "G", "g", "S", "s",
             "L", "l", "V", "v")
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


class _Template(NamedTuple):
    tokens: list[tuple[str, str]]     # (kind, text): kind is a keyword (upper) or 'text'
    fill_mode: bool
    int_positions: int                # digit positions before the decimal point (and V's)
    frac_positions: int
    zero_start: int | None            # index among integer positions of the first '0'
    multiplier: int                   # V: digits after it
    has_sign_pattern: bool            # S, MI, SG (PR and PL keep the sign column)


def _parse(template: str) -> _Template:
    tokens: list[tuple[str, str]] = []
    keywords: list[str] = []
    i, n = 0, len(template)
    fill_mode = False
    while i < n:
        if template[i] == '"':
            text, i = quoted_text(template, i)
            tokens.append(("text", text))
            continue
        if template[i] == "\\" and i + 1 < n and template[i + 1] == '"':
            tokens.append(("text", '"'))
            i += 2
            continue
        keyword = next((k for k in _KEYWORDS if template.startswith(k, i)), None)
        if keyword is None:
            tokens.append(("text", template[i]))
            i += 1
            continue
        i += len(keyword)
        kind = keyword.upper()
        keywords.append(kind)
        if kind == "FM":
            fill_mode = True
            continue
        tokens.append((kind, keyword))
    _check_keywords(keywords)
    int_positions = frac_positions = multiplier = 0
    zero_start = None
    after_point = after_v = False
    for kind, _text in tokens:
        if kind in (".", "D"):
            after_point = True
        elif kind == "V":
            after_v = True
        elif kind in ("9", "0"):
            if after_point:
                frac_positions += 1
            else:
                if kind == "0" and zero_start is None:
                    zero_start = int_positions
                int_positions += 1
                multiplier += after_v
    has_sign = any(kind in ("S", "MI", "SG") for kind, _t in tokens)
    return _Template(tokens, fill_mode, int_positions, frac_positions, zero_start,
                     multiplier, has_sign)


def _template_error(message: str, detail: str | None = None) -> PgError:
    return PgError(SYNTAX_ERROR, message, detail=detail)


# The keywords before EEEE that it cannot be used with (NUMDesc_prepare's IS_BLANK,
# IS_FILLMODE, IS_LSIGN, IS_BRACKET, IS_MINUS, IS_PLUS, IS_ROMAN, IS_MULTI).
_NOT_WITH_EEEE = {"B", "FM", "S", "PR", "MI", "PL", "SG", "RN", "V"}


def _check_keywords(keywords: list[str]) -> None:
    """The template errors of PostgreSQL's NUMDesc_prepare (42601), each raised where a
    keyword meets the keywords before it (FM included, in template order)."""
    seen: set[str] = set()
    for kind in keywords:
        if "EEEE" in seen:
            raise _template_error('cannot use "EEEE" twice' if kind == "EEEE"
                                  else '"EEEE" must be the last pattern used')
        sign = seen & {"PL", "MI", "SG"}
        if kind in ("9", "0") and "PR" in seen:
            raise _template_error(f'"{kind}" must be ahead of "PR"')
        if kind in (".", "D"):
            if "." in seen:
                raise _template_error("multiple decimal points")
            if "V" in seen:
                raise _template_error('cannot use "V" and decimal point together')
            kind = "."
        elif kind == "V" and "." in seen:
            raise _template_error('cannot use "V" and decimal point together')
        elif kind == "S":
            if "S" in seen:
                raise _template_error('cannot use "S" twice')
            if sign or "PR" in seen:
                raise _template_error('cannot use "S" and "PL"/"MI"/"SG"/"PR" together')
        elif kind in ("MI", "PL", "SG") and "S" in seen:
            raise _template_error(f'cannot use "S" and "{kind}" together')
        elif kind == "PR" and (sign or "S" in seen):
            raise _template_error('cannot use "PR" and "S"/"PL"/"MI"/"SG" together')
        elif kind == "EEEE" and seen & _NOT_WITH_EEEE:
            raise _template_error('"EEEE" is incompatible with other formats',
                                  '"EEEE" may only be used together with digit and decimal '
                                  'point patterns.')
        seen.add(kind)


def _digits(value, frac: int, is_float: bool) -> tuple[bool, str, str]:
    """(negative, integer digits, fraction digits) of |value| rounded to `frac` places."""
    if is_float:
        text = f"{abs(value):.{frac}f}"
        negative = value < 0            # (a float keeps its sign when it rounds to zero)
    else:
        number = Decimal(value)
        rounded = number.quantize(Decimal(1).scaleb(-frac), rounding=ROUND_HALF_UP)
        negative = rounded < 0
        text = f"{abs(rounded):.{frac}f}"
    whole, _, fraction = text.partition(".")
    return negative, whole.lstrip("0"), fraction


def _roman(value, template: _Template, kind_text: str, is_float: bool) -> str:
    number = int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if not -2**31 <= number < 2**31:
        # numeric and int8 go through int4 (22003); a float past it becomes INT_MAX
        if not is_float:
            raise PgError("22003", "integer out of range")
        number = 2**31 - 1
    if not 1 <= number <= 3999:
        text = "#" * 15
    else:
        text = ""
        for amount, letters in _ROMAN:
            while number >= amount:
                text += letters
                number -= amount
    if kind_text == "rn":
        text = text.lower()
    return text if template.fill_mode else text.rjust(15)


def _scientific(value, template: _Template, is_float: bool) -> str:
    frac = template.frac_positions
    if is_float:
        text = f"{float(value):.{frac}e}"
    else:
        # numeric_out_sci: the mantissa rounded half away from zero
        number = Decimal(value)
        exponent = 0 if number.is_zero() else number.adjusted()
        quantum = Decimal(1).scaleb(-frac)
        # (the exponent is not adjusted after rounding: 9.9996 prints 10.000e+00)
        mantissa = number.scaleb(-exponent).quantize(quantum, rounding=ROUND_HALF_UP)
        text = f"{mantissa:.{frac}f}e{exponent:+03d}"
    if text.startswith("-"):
        return text
    return text if template.fill_mode else " " + text


def _ordinal(whole: str, upper: bool) -> str:
    if not whole:
        whole = "0"
    if len(whole) >= 2 and whole[-2] == "1":
        suffix = "th"
    else:
        suffix = {"1": "st", "2": "nd", "3": "rd"}.get(whole[-1], "th")
    return suffix.upper() if upper else suffix


def _non_finite(value, is_float: bool) -> str | None:
    if isinstance(value, int):
        return None
    number = float(value) if is_float else Decimal(value)
    if number != number:
        return "NaN"
    if number in (float("inf"), float("-inf")) or \
            (not is_float and number.is_infinite()):
        return "-Infinity" if number < 0 else "Infinity"
    return None


# Significant digits a float prints (FLT_DIG, DBL_DIG): fraction positions past them
# print nothing.
_FLOAT_DIGITS = {FLOAT4: 6, FLOAT8: 15}


def number_to_char(value, template_text: str, is_float: bool = False,
                   float_type: int = FLOAT8) -> str:
    template = _parse(template_text)
    kinds = [kind for kind, _t in template.tokens]
    special = _non_finite(value, is_float)
    if "RN" in kinds:
        if special and not is_float:
            raise PgError(FEATURE_NOT_SUPPORTED, f"cannot convert {special.lstrip('-')} "
                                                 f"to integer")
        if special:
            value = 0 if special == "NaN" else 2**31 - 1
        return _roman(value, template, next(t for k, t in template.tokens if k == "RN"),
                      is_float)
    if "EEEE" in kinds:
        if special:         # every position of the mantissa and exponent is '#'
            return ("" if template.fill_mode else " ") + "#." + "#" * (template.frac_positions + 4)
        return _scientific(value, template, is_float)
    if template.multiplier and not special:
        value = (float(value) if is_float else Decimal(value)) * 10 ** template.multiplier
    post = template.frac_positions
    if special:
        # the text NaN / Infinity stands in the digit positions; nothing follows it
        negative, whole, fraction = special.startswith("-"), special.lstrip("-"), ""
    if is_float:
        # as the C code prints a float: no more fraction digits than it has precision for
        whole_length = len(whole) if special else len(f"{abs(float(value)):.0f}")
        digits = _FLOAT_DIGITS.get(float_type, 15)
        post = 0 if whole_length >= digits else min(post, digits - whole_length)
    if not special:
        negative, whole, fraction = _digits(value, post, is_float)
    return _render(template, kinds, negative, whole, fraction,
                   point=post > 0 and not special, post=post)


def _render(template: _Template, kinds: list[str], negative: bool, whole: str,
            fraction: str, point: bool = True, post: int | None = None) -> str:
    """The text of a number whose rounded digits are `whole` . `fraction` (the
    integer digits without leading zeros). point: the number has a decimal point to
    print (none when no fraction digit is printed: '9999.' prints 5 as '    5')."""
    overflow = len(whole) > template.int_positions
    if overflow:
        fraction = "#" * (template.frac_positions if post is None else post)
        point = True
    elif template.fill_mode:
        fraction = _fill_mode_fraction(fraction, template)
    if not whole and (not point or (template.fill_mode and not fraction)):
        # a zero integer part prints its zero when nothing else would: '0', and in
        # fill mode '0.' when every fraction digit was dropped
        whole = "0"
    first_digit = template.int_positions - len(whole)
    if template.zero_start is not None:
        first_digit = min(first_digit, template.zero_start)
    whole = whole.rjust(template.int_positions, "0")
    has_point = "." in kinds or "D" in kinds

    out: list[str] = []
    sign_placed = False

    def sign_text() -> str:
        if "PR" in kinds:
            return "<" if negative else ("" if template.fill_mode else " ")
        if "S" in kinds:
            return "-" if negative else "+"
        return "-" if negative else ("" if template.fill_mode else " ")

    anchored = not template.has_sign_pattern or \
        ("S" in kinds and kinds.index("S") < _first_digit_index(kinds))
    # The sign column: a blank just before the number's first position, which the sign
    # takes when no leading blank is left for it (no column with S, MI or SG, and
    # none in fill mode).
    column_due = not template.has_sign_pattern and not template.fill_mode
    int_index = frac_index = 0
    after_point = False
    column_at = None

    def place_sign() -> None:
        # PostgreSQL writes the sign just before the first digit, after the blanks of
        # the digit positions before it and any literal among them: the sign column
        # reserved at the start moves there
        sign = sign_text()
        if sign and column_at is not None:
            del out[column_at]
            out.append(sign)
            return
        _place_sign(out, sign, template.fill_mode)
    for kind, text in template.tokens:
        if column_due and kind in ("9", "0", ".", "D"):
            column_at = len(out)
            out.append(" ")
            column_due = False
        if kind in ("9", "0") and not after_point:
            position = int_index
            int_index += 1
            if position < first_digit:
                if not template.fill_mode:
                    out.append(" ")
                continue
            if anchored and not sign_placed:
                place_sign()
                sign_placed = True
            out.append("#" if overflow else whole[position])
        elif kind in ("9", "0"):
            digit = fraction[frac_index] if frac_index < len(fraction) else ""
            frac_index += 1
            out.append(digit)
        elif kind in (".", "D"):
            if anchored and not sign_placed:
                place_sign()
                sign_placed = True
            after_point = True
            if point:
                out.append(".")
        elif kind in (",", "G"):
            printed = int_index > first_digit or after_point
            if printed:
                out.append(",")
            elif not template.fill_mode:
                out.append(" ")
        elif kind == "S":       # before the number: a column the sign may take
            out.append(" " if anchored and not template.fill_mode else
                       "" if anchored else sign_text())
        elif kind == "MI":
            out.append("-" if negative else ("" if template.fill_mode else " "))
        elif kind == "PL":
            out.append("+" if not negative else ("" if template.fill_mode else " "))
        elif kind == "SG":
            out.append("-" if negative else "+")
        elif kind == "PR":
            if point or not has_point:    # (a point that is not printed takes it along)
                out.append(">" if negative else ("" if template.fill_mode else " "))
        elif kind == "TH":
            # no ordinal for a number with a decimal point in its template
            if not negative and not overflow and not has_point:
                out.append(_ordinal(whole.lstrip("0") or "0", text == "TH"))
        elif kind == "L":
            out.append(" ")
        elif kind == "text":
            out.append(text)
    if anchored and not sign_placed and _first_digit_index(kinds) < len(kinds):
        place_sign()
    return "".join(out)


def _first_digit_index(kinds: list[str]) -> int:
    return next((i for i, kind in enumerate(kinds) if kind in ("9", "0", ".", "D")), len(kinds))


def _place_sign(out: list[str], sign: str, fill_mode: bool) -> None:
    """The sign goes right before the first digit: into the blank just printed (a
    leading digit position or the sign column) or, in fill mode, appended."""
    if not sign:
        return
    if not fill_mode and out and out[-1] == " ":
        out[-1] = sign
    else:
        out.append(sign)


def _fill_mode_fraction(fraction: str, template: _Template) -> str:
    """FM drops trailing zeros that fall on `9` positions (a `0` position keeps its)."""
    frac_kinds = []
    after_point = False
    for kind, _t in template.tokens:
        if kind in (".", "D"):
            after_point = True
        elif kind in ("9", "0") and after_point:
            frac_kinds.append(kind)
    keep = len(fraction)
    while keep and fraction[keep - 1] == "0" and frac_kinds[keep - 1] == "9":
        keep -= 1
    return fraction[:keep]


def to_number(text: str, template_text: str) -> Decimal:
    """to_number(): the digits the template's digit positions take from the text, with
    its decimal point, sign (a leading '-' or '+', or where S / MI / PL / SG / PR say)
    and group separators skipped; V divides by ten per digit position after it."""
    template = _parse(template_text)
    for kind, text_ in template.tokens:
        if kind in ("EEEE", "RN"):
            raise PgError(FEATURE_NOT_SUPPORTED, f'"{kind}" not supported for input')
    pos, n = 0, len(text)
    while pos < n and text[pos] == " ":
        pos += 1
    negative = False
    if pos < n and text[pos] in "+-" and not template.has_sign_pattern:
        negative = text[pos] == "-"
        pos += 1
    elif pos < n and text[pos] == "<" and any(k == "PR" for k, _t in template.tokens):
        negative = True
        pos += 1
    whole, fraction, after_point = "", "", False
    for kind, token_text in template.tokens:
        char = text[pos] if pos < n else ""
        if kind in ("9", "0"):
            if char.isdigit():
                if after_point:
                    fraction += char
                else:
                    whole += char
                pos += 1
        elif kind in (".", "D"):
            if char == ".":
                after_point = True
                pos += 1
        elif kind in (",", "G"):
            if char in (",", " "):
                pos += 1
        elif kind in ("S", "SG", "PL", "MI"):
            if char in "+-" and (kind != "MI" or char == "-") and (kind != "PL" or char == "+"):
                negative = char == "-"
                pos += 1
        elif kind == "PR":
            if char == ">":
                pos += 1
        elif kind == "L":
            if char and not char.isdigit() and char not in "+-.":
                pos += 1
        elif kind == "text":
            pos += len(token_text)
    if not whole and not fraction:
        raise PgError("22P02", 'invalid input syntax for type numeric: " "')
    if len(whole.lstrip("0")) > template.int_positions:
        precision = template.int_positions + len(fraction)
        raise PgError("22003", "numeric field overflow",
                      detail=f"A field with precision {precision}, scale {len(fraction)} "
                             f"must round to an absolute value less than "
                             f"10^{precision - len(fraction)}.")
    value = Decimal(f"{'-' if negative else ''}{whole or '0'}.{fraction}" if fraction
                    else f"{'-' if negative else ''}{whole}")
    if template.multiplier:         # times power(10, -n), whose scale the result keeps
        return numeric.numeric_mul(value, numeric.numeric_power(Decimal(10),
                                                                Decimal(-template.multiplier)))
    return value


def register_sql_functions() -> None:
    functions.register("to_number", [TEXT, TEXT], NUMERIC, to_number, oid=1777,
                       volatility="s")
    for oid, arg_type, is_float in ((1772, NUMERIC, False), (1773, INT4, False),
                                    (1774, INT8, False), (1775, FLOAT4, True),
                                    (1776, FLOAT8, True)):
        functions.register("to_char", [arg_type, TEXT], TEXT,
                           lambda value, template, f=is_float, t=arg_type:
                           number_to_char(value, template, f, t),
                           oid=oid, volatility="s")
