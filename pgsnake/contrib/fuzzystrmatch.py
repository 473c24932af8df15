"""fuzzystrmatch: how alike two strings sound or are spelled, as PostgreSQL 15's
extension (version 1.1).

    soundex(text), text_soundex(text) -> text     the four-character Soundex code
    difference(a, b) -> int                       positions where the Soundex codes agree
    levenshtein(s, t [, ins, del, sub]) -> int    edit distance (characters, not bytes)
    levenshtein_less_equal(s, t, [ins, del, sub,] max_d) -> int
                                                  the distance when it is <= max_d, else
                                                  some value above max_d (the value the
                                                  banded computation below stops at)
    metaphone(text, max_len) -> text              Lawrence Philips' Metaphone, with
                                                  PostgreSQL's variations (SCHW, CHR)
    dmetaphone(text), dmetaphone_alt(text)        Double Metaphone's primary and alternate
                                                  codes (double_metaphone.py)

Letters are ASCII letters only: every other character (digits, blanks, accented
letters) is not a letter to Soundex or Metaphone, as in PostgreSQL, whose C code
tests bytes (Metaphone reads the UTF-8 bytes, so its look-backs count them). Strings are limited as PostgreSQL limits them: 255 characters for
levenshtein, 255 bytes for metaphone's input and output (22023).

levenshtein_less_equal must return exactly PostgreSQL's value when the distance
exceeds max_d, so it fills the same band of the distance matrix: the columns (source
prefixes) from which the end can still be reached within max_d, given the cheapest
insertions or deletions left to make the rest equal in length; cells left of the band
hold max_d + 1, and once the band is empty the answer is max_d + 1.

PostgreSQL: contrib/fuzzystrmatch/fuzzystrmatch.c (soundex, difference, metaphone),
utils/adt/levenshtein.c (varstr_levenshtein[_less_equal]), fuzzystrmatch--1.1.sql.
"""
from __future__ import annotations

from pgsnake.contrib import double_metaphone, extensions
from pgsnake.datatypes import functions
from pgsnake.utils.errors import PgError

EXTENSION = "fuzzystrmatch"
_TEXT, _INT4 = 25, 23
INVALID_PARAMETER_VALUE = "22023"
ZERO_LENGTH_CHARACTER_STRING = "2200F"
MAX_LEVENSHTEIN_LENGTH = 255
MAX_METAPHONE_LENGTH = 255


def _is_letter(ch: str) -> bool:
    return ("A" <= ch <= "Z") or ("a" <= ch <= "z")


# ---- Soundex ------------------------------------------------------------------------------

#                ABCDEFGHIJKLMNOPQRSTUVWXYZ
_SOUNDEX_DIGITS = "01230120022455012623010202"
SOUNDEX_LENGTH = 4


def _soundex_class(ch: str) -> str:
    """A letter's digit; any other character stands for itself (so a run of letters
    with one digit is broken by a character that is not a letter)."""
    upper = ch.upper() if ch.isascii() else ch
    if "A" <= upper <= "Z":
        return _SOUNDEX_DIGITS[ord(upper) - ord("A")]
    return ch


def soundex(text: str) -> str:
    """The first letter, then the digits of the following letters whose digit differs
    from the character before them, vowels (digit 0) left out, padded with zeros to
    four; empty when the text has no letter."""
    start = next((i for i, ch in enumerate(text) if _is_letter(ch)), None)
    if start is None:
        return ""
    code = [text[start].upper()]
    previous = text[start]
    for ch in text[start + 1:]:
        if len(code) == SOUNDEX_LENGTH:
            break
        if _is_letter(ch) and _soundex_class(ch) != _soundex_class(previous):
            digit = _soundex_class(ch)
            if digit != "0":
                code.append(digit)
        previous = ch
    return "".join(code).ljust(SOUNDEX_LENGTH, "0")


def difference(a: str, b: str) -> int:
    """How many of the four Soundex positions agree (an empty code is four NULs)."""
    code_a = soundex(a).ljust(SOUNDEX_LENGTH, "\0")
    code_b = soundex(b).ljust(SOUNDEX_LENGTH, "\0")
    return sum(1 for x, y in zip(code_a, code_b) if x == y)


# ---- Levenshtein ----------------------------------------------------------------------------

def levenshtein(source: str, target: str, ins_c: int = 1, del_c: int = 1, sub_c: int = 1,
                max_d: int | None = None) -> int:
    """Columns are source prefixes (0 .. m), rows target prefixes (0 .. n); row[i] is
    the cost of turning source[:i] into the target prefix of the row."""
    m, n = len(source), len(target)
    if m == 0:
        return n * ins_c
    if n == 0:
        return m * del_c
    if m > MAX_LEVENSHTEIN_LENGTH or n > MAX_LEVENSHTEIN_LENGTH:
        raise PgError(INVALID_PARAMETER_VALUE,
                      f"levenshtein argument exceeds maximum length of "
                      f"{MAX_LEVENSHTEIN_LENGTH} characters")
    columns = m + 1
    start, stop = 0, columns
    bounded = max_d is not None and max_d >= 0
    if bounded:
        growth = n - m
        least = -growth * del_c if growth < 0 else growth * ins_c
        if least > max_d:
            return max_d + 1
        sub_c = min(sub_c, ins_c + del_c)
        if max_d >= least + sub_c * min(m, n):
            bounded = False          # the bound cannot cut anything off
        elif ins_c + del_c > 0:
            # Each column right of the best first-row column costs one more deletion
            # that another insertion must repay.
            best = -growth if growth < 0 else 0
            stop = min(best + (max_d - least) // (ins_c + del_c) + 1, columns)

    def residual(column: int, zero_point: int) -> int:
        surplus = column - zero_point
        return surplus * ins_c if surplus > 0 else -surplus * del_c

    previous = [0] * columns
    for i in range(start, stop):
        previous[i] = i * del_c
    current = [0] * columns
    for j in range(1, n + 1):
        y = target[j - 1]
        if bounded and stop < columns:
            previous[stop] = max_d + 1      # read by the cell below it, never kept
            stop += 1
        if start == 0:
            current[0] = j * ins_c
            i = 1
        else:
            i = start
        while i < stop:
            substitute = previous[i - 1] + (0 if source[i - 1] == y else sub_c)
            current[i] = min(previous[i] + ins_c, current[i - 1] + del_c, substitute)
            i += 1
        previous, current = current, previous
        if bounded:
            zero_point = j - (n - m)
            while stop > 0 and previous[stop - 1] + residual(stop - 1, zero_point) > max_d:
                stop -= 1
            while start < stop and previous[start] + residual(start, zero_point) > max_d:
                previous[start] = current[start] = max_d + 1
                start += 1
            if start >= stop:
                return max_d + 1
    return previous[m]


# ---- Metaphone -------------------------------------------------------------------------------

_VOWELS = frozenset("AEIOU")
_SOFTENING = frozenset("EIY")          # make C and G soft
_H_AFTER = frozenset("CGPST")          # form a digraph with a following H
_NO_GH_TO_F = frozenset("BDH")


class _Word:
    """The input as the algorithm reads it: upper-cased ASCII, "" past either end."""

    def __init__(self, text: str):
        self.text = text

    def at(self, index: int) -> str:
        if 0 <= index < len(self.text):
            ch = self.text[index]
            return ch.upper() if ch.isascii() else ch
        return ""


def metaphone(text: str, max_length: int) -> str:
    if text == "":
        return ""
    if len(text.encode()) > MAX_METAPHONE_LENGTH:
        raise PgError(INVALID_PARAMETER_VALUE,
                      f"argument exceeds the maximum length of {MAX_METAPHONE_LENGTH} bytes")
    if max_length > MAX_METAPHONE_LENGTH:
        raise PgError(INVALID_PARAMETER_VALUE,
                      f"output exceeds the maximum length of {MAX_METAPHONE_LENGTH} bytes")
    if max_length <= 0:
        raise PgError(ZERO_LENGTH_CHARACTER_STRING, "output cannot be empty string")
    # PostgreSQL reads the word byte by byte: a multibyte character is several
    # non-letters, which the look-backs (GH after B, D, H) count.
    return _metaphone(_Word(text.encode("utf-8").decode("latin-1")), max_length)


def _metaphone(word: _Word, limit: int) -> str:
    out: list[str] = []
    pos = 0
    while not _is_letter(word.at(pos)):
        if word.at(pos) == "":
            return ""
        pos += 1
    first, second = word.at(pos), word.at(pos + 1)
    # The word's beginning: AE -> E, GN / KN / PN -> N, WH / WR -> H / R, W + vowel ->
    # W (the vowel consumed), X -> S, a first vowel kept; anything else is read below.
    if first == "A":
        out.append("E" if second == "E" else "A")
        pos += 2 if second == "E" else 1
    elif first in "GKP" and second == "N":
        out.append("N")
        pos += 2
    elif first == "W" and second in ("H", "R"):
        out.append(second)
        pos += 2
    elif first == "W" and second in _VOWELS:
        out.append("W")
        pos += 2
    elif first == "X":
        out.append("S")
        pos += 1
    elif first in "EIOU":
        out.append(first)
        pos += 1
    while word.at(pos) != "" and len(out) < limit:
        letter = word.at(pos)
        if not _is_letter(letter) or (letter == word.at(pos - 1) and letter != "C"):
            pos += 1
            continue
        prev, nxt, after = word.at(pos - 1), word.at(pos + 1), word.at(pos + 2)
        skip = 0
        if letter == "B":
            if prev != "M":
                out.append("B")
        elif letter == "C":
            if nxt in _SOFTENING:
                if nxt == "I" and after == "A":
                    out.append("X")
                elif prev != "S":
                    out.append("S")
            elif nxt == "H":
                out.append("K" if after == "R" or prev == "S" else "X")
                skip = 1
            else:
                out.append("K")
        elif letter == "D":
            if nxt == "G" and after in _SOFTENING:
                out.append("J")
                skip = 1
            else:
                out.append("T")
        elif letter == "G":
            if nxt == "H":
                if not (word.at(pos - 3) in _NO_GH_TO_F or word.at(pos - 4) == "H"):
                    out.append("F")
                    skip = 1
            elif nxt == "N":
                silent = not _is_letter(after) or (after == "E" and word.at(pos + 3) == "D")
                if not silent:
                    out.append("K")
            elif nxt in _SOFTENING and prev != "G":
                out.append("J")
            else:
                out.append("K")
        elif letter == "H":
            if nxt in _VOWELS and prev not in _H_AFTER:
                out.append("H")
        elif letter == "K":
            if prev != "C":
                out.append("K")
        elif letter == "P":
            out.append("F" if nxt == "H" else "P")
        elif letter == "Q":
            out.append("K")
        elif letter == "S":
            if nxt == "I" and after in ("O", "A"):
                out.append("X")
            elif nxt == "H":
                out.append("X")
                skip = 1
            elif nxt == "C" and after == "H" and word.at(pos + 3) == "W":
                out.append("X")
                skip = 2
            else:
                out.append("S")
        elif letter == "T":
            if nxt == "I" and after in ("O", "A"):
                out.append("X")
            elif nxt == "H":
                out.append("0")
                skip = 1
            else:
                out.append("T")
        elif letter == "V":
            out.append("F")
        elif letter == "W":
            if nxt in _VOWELS:
                out.append("W")
        elif letter == "X":
            out.append("K")
            if len(out) < limit:
                out.append("S")
        elif letter == "Y":
            if nxt in _VOWELS:
                out.append("Y")
        elif letter == "Z":
            out.append("S")
        elif letter in "FJLMNR":
            out.append(letter)
        pos += 1 + skip
    return "".join(out)


# ---- registration ----------------------------------------------------------------------------

def _register(name, arg_types, fn, result_type=_TEXT) -> None:
    functions.register(name, arg_types, result_type, fn, oid=extensions.next_function_oid(),
                       volatility="i", extension=EXTENSION)


_TT = (_TEXT, _TEXT)
_register("levenshtein", _TT, lambda s, t: levenshtein(s, t), _INT4)
_register("levenshtein", _TT + (_INT4,) * 3,
          lambda s, t, i, d, c: levenshtein(s, t, i, d, c), _INT4)
_register("levenshtein_less_equal", _TT + (_INT4,),
          lambda s, t, k: levenshtein(s, t, max_d=k), _INT4)
_register("levenshtein_less_equal", _TT + (_INT4,) * 4,
          lambda s, t, i, d, c, k: levenshtein(s, t, i, d, c, max_d=k), _INT4)
_register("metaphone", (_TEXT, _INT4), metaphone)
_register("soundex", (_TEXT,), soundex)
_register("text_soundex", (_TEXT,), soundex)
_register("difference", _TT, difference, _INT4)
_register("dmetaphone", (_TEXT,), lambda text: double_metaphone.double_metaphone(text)[0])
_register("dmetaphone_alt", (_TEXT,),
          lambda text: double_metaphone.double_metaphone(text)[1])

extensions.add(extensions.Extension(
    EXTENSION, "1.1", True, "determine similarities and distance between strings",
    parallel="s", trusted=True))
