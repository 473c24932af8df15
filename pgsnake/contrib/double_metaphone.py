"""Double Metaphone (Lawrence Philips, 2000), as fuzzystrmatch's dmetaphone and
dmetaphone_alt compute it: a primary and an alternate code of up to four characters.

Entry point: double_metaphone(text) -> (primary, alternate).

The word is upper-cased character by character, then read as PostgreSQL's C code reads
it: byte by byte (UTF-8), padded with five blanks, so positions, the "last" position
and the look-ahead past the end are those of the bytes; a byte that is not an ASCII
letter is skipped, except 0xC7 and 0xD1 (C cedilla and N tilde in Latin-1), which
count as S and N. Each letter's rule looks at its neighbours and returns what it adds
to each code and how far it moves.

PostgreSQL: contrib/fuzzystrmatch/dmetaphone.c (DoubleMetaphone).
"""
from __future__ import annotations

_VOWELS = frozenset("AEIOUY")


class _Word:
    def __init__(self, text: str) -> None:
        upper = "".join(ch.upper() if len(ch.upper()) == 1 else ch for ch in text)
        raw = upper.encode("utf-8").decode("latin-1")
        self.length = len(raw)                  # before the padding
        self.last = self.length - 1
        self.s = raw + "     "
        self.slavo_germanic = any(part in self.s for part in ("W", "K", "CZ", "WITZ"))

    def at(self, pos: int) -> str:
        return self.s[pos] if 0 <= pos < len(self.s) else "\0"

    def has(self, start: int, *options: str) -> bool:
        """StringAt: one of the options (all of one length) starts at `start`."""
        if start < 0 or start >= len(self.s):
            return False
        size = len(options[0])
        return self.s[start:start + size] in options

    def vowel(self, pos: int) -> bool:
        return 0 <= pos < len(self.s) and self.s[pos] in _VOWELS


def _germanic(w: _Word) -> bool:
    return w.has(0, "VAN ", "VON ") or w.has(0, "SCH")


def _c(w: _Word, i: int):
    if (i > 1 and not w.vowel(i - 2) and w.has(i - 1, "ACH") and w.at(i + 2) != "I"
            and (w.at(i + 2) != "E" or w.has(i - 2, "BACHER", "MACHER"))):
        return "K", "K", 2
    if i == 0 and w.has(i, "CAESAR"):
        return "S", "S", 2
    if w.has(i, "CHIA"):
        return "K", "K", 2
    if w.has(i, "CH"):
        if i > 0 and w.has(i, "CHAE"):
            return "K", "X", 2
        if i == 0 and (w.has(i + 1, "HARAC", "HARIS") or w.has(i + 1, "HOR", "HYM", "HIA", "HEM")) \
                and not w.has(0, "CHORE"):
            return "K", "K", 2
        if (_germanic(w) or w.has(i - 2, "ORCHES", "ARCHIT", "ORCHID") or w.has(i + 2, "T", "S")
                or ((w.has(i - 1, "A", "O", "U", "E") or i == 0)
                    and w.has(i + 2, "L", "R", "N", "M", "B", "H", "F", "V", "W", " "))):
            return "K", "K", 2
        if i > 0:
            return ("K", "K", 2) if w.has(0, "MC") else ("X", "K", 2)
        return "X", "X", 2
    if w.has(i, "CZ") and not w.has(i - 2, "WICZ"):
        return "S", "X", 2
    if w.has(i + 1, "CIA"):
        return "X", "X", 3
    if w.has(i, "CC") and not (i == 1 and w.at(0) == "M"):
        if w.has(i + 2, "I", "E", "H") and not w.has(i + 2, "HU"):
            if (i == 1 and w.at(i - 1) == "A") or w.has(i - 1, "UCCEE", "UCCES"):
                return "KS", "KS", 3
            return "X", "X", 3
        return "K", "K", 2
    if w.has(i, "CK", "CG", "CQ"):
        return "K", "K", 2
    if w.has(i, "CI", "CE", "CY"):
        return ("S", "X", 2) if w.has(i, "CIO", "CIE", "CIA") else ("S", "S", 2)
    if w.has(i + 1, " C", " Q", " G"):
        return "K", "K", 3
    if w.has(i + 1, "C", "K", "Q") and not w.has(i + 1, "CE", "CI"):
        return "K", "K", 2
    return "K", "K", 1


def _d(w: _Word, i: int):
    if w.has(i, "DG"):
        return ("J", "J", 3) if w.has(i + 2, "I", "E", "Y") else ("TK", "TK", 2)
    if w.has(i, "DT", "DD"):
        return "T", "T", 2
    return "T", "T", 1


def _g(w: _Word, i: int):
    nxt = w.at(i + 1)
    if nxt == "H":
        if i > 0 and not w.vowel(i - 1):
            return "K", "K", 2
        if i == 0:
            return ("J", "J", 2) if w.at(i + 2) == "I" else ("K", "K", 2)
        if (i > 1 and w.has(i - 2, "B", "H", "D")) or (i > 2 and w.has(i - 3, "B", "H", "D")) \
                or (i > 3 and w.has(i - 4, "B", "H")):
            return "", "", 2
        if i > 2 and w.at(i - 1) == "U" and w.has(i - 3, "C", "G", "L", "R", "T"):
            return "F", "F", 2
        if i > 0 and w.at(i - 1) != "I":
            return "K", "K", 2
        return "", "", 2
    if nxt == "N":
        if i == 1 and w.vowel(0) and not w.slavo_germanic:
            return "KN", "N", 2
        if not w.has(i + 2, "EY") and nxt != "Y" and not w.slavo_germanic:
            return "N", "KN", 2
        return "KN", "KN", 2
    if w.has(i + 1, "LI") and not w.slavo_germanic:
        return "KL", "L", 2
    if i == 0 and (nxt == "Y" or w.has(i + 1, "ES", "EP", "EB", "EL", "EY", "IB", "IL", "IN",
                                        "IE", "EI", "ER")):
        return "K", "J", 2
    if (w.has(i + 1, "ER") or nxt == "Y") and not w.has(0, "DANGER", "RANGER", "MANGER") \
            and not w.has(i - 1, "E", "I") and not w.has(i - 1, "RGY", "OGY"):
        return "K", "J", 2
    if w.has(i + 1, "E", "I", "Y") or w.has(i - 1, "AGGI", "OGGI"):
        if _germanic(w) or w.has(i + 1, "ET"):
            return "K", "K", 2
        return ("J", "J", 2) if w.has(i + 1, "IER ") else ("J", "K", 2)
    return "K", "K", 2 if nxt == "G" else 1


def _h(w: _Word, i: int):
    if (i == 0 or w.vowel(i - 1)) and w.vowel(i + 1):
        return "H", "H", 2
    return "", "", 1


def _j(w: _Word, i: int):
    if w.has(i, "JOSE") or w.has(0, "SAN "):
        if (i == 0 and w.at(i + 4) == " ") or w.has(0, "SAN "):
            return "H", "H", 1
        return "J", "H", 1
    step = 2 if w.at(i + 1) == "J" else 1
    if i == 0 and not w.has(i, "JOSE"):
        return "J", "A", step
    if w.vowel(i - 1) and not w.slavo_germanic and w.at(i + 1) in ("A", "O"):
        return "J", "H", step
    if i == w.last:
        return "J", "", step
    if not w.has(i + 1, "L", "T", "K", "S", "N", "M", "B", "Z") and not w.has(i - 1, "S", "K", "L"):
        return "J", "J", step
    return "", "", step


def _l(w: _Word, i: int):
    if w.at(i + 1) == "L":
        if (i == w.length - 3 and w.has(i - 1, "ILLO", "ILLA", "ALLE")) or \
                ((w.has(w.last - 1, "AS", "OS") or w.has(w.last, "A", "O"))
                 and w.has(i - 1, "ALLE")):
            return "L", "", 2
        return "L", "L", 2
    return "L", "L", 1


def _m(w: _Word, i: int):
    if (w.has(i - 1, "UMB") and (i + 1 == w.last or w.has(i + 2, "ER"))) or w.at(i + 1) == "M":
        return "M", "M", 2
    return "M", "M", 1


def _p(w: _Word, i: int):
    if w.at(i + 1) == "H":
        return "F", "F", 2
    return "P", "P", 2 if w.has(i + 1, "P", "B") else 1


def _r(w: _Word, i: int):
    step = 2 if w.at(i + 1) == "R" else 1
    if i == w.last and not w.slavo_germanic and w.has(i - 2, "IE") and not w.has(i - 4, "ME", "MA"):
        return "", "R", step
    return "R", "R", step


def _s(w: _Word, i: int):
    if w.has(i - 1, "ISL", "YSL"):
        return "", "", 1
    if i == 0 and w.has(i, "SUGAR"):
        return "X", "S", 1
    if w.has(i, "SH"):
        if w.has(i + 1, "HEIM", "HOEK", "HOLM", "HOLZ"):
            return "S", "S", 2
        return "X", "X", 2
    if w.has(i, "SIO", "SIA") or w.has(i, "SIAN"):
        return ("S", "X", 3) if not w.slavo_germanic else ("S", "S", 3)
    if (i == 0 and w.has(i + 1, "M", "N", "L", "W")) or w.has(i + 1, "Z"):
        return "S", "X", 2 if w.has(i + 1, "Z") else 1
    if w.has(i, "SC"):
        if w.at(i + 2) == "H":
            if w.has(i + 3, "OO", "ER", "EN", "UY", "ED", "EM"):
                return ("X", "SK", 3) if w.has(i + 3, "ER", "EN") else ("SK", "SK", 3)
            if i == 0 and not w.vowel(3) and w.at(3) != "W":
                return "X", "S", 3
            return "X", "X", 3
        if w.has(i + 2, "I", "E", "Y"):
            return "S", "S", 3
        return "SK", "SK", 3
    step = 2 if w.has(i + 1, "S", "Z") else 1
    if i == w.last and w.has(i - 2, "AI", "OI"):
        return "", "S", step
    return "S", "S", step


def _t(w: _Word, i: int):
    if w.has(i, "TION"):
        return "X", "X", 3
    if w.has(i, "TIA", "TCH"):
        return "X", "X", 3
    if w.has(i, "TH") or w.has(i, "TTH"):
        if w.has(i + 2, "OM", "AM") or _germanic(w):
            return "T", "T", 2
        return "0", "T", 2
    return "T", "T", 2 if w.has(i + 1, "T", "D") else 1


def _w(w: _Word, i: int):
    if w.has(i, "WR"):
        return "R", "R", 2
    primary = secondary = ""
    if i == 0 and (w.vowel(i + 1) or w.has(i, "WH")):
        primary, secondary = ("A", "F") if w.vowel(i + 1) else ("A", "A")
    if (i == w.last and w.vowel(i - 1)) or w.has(i - 1, "EWSKI", "EWSKY", "OWSKI", "OWSKY") \
            or w.has(0, "SCH"):
        return primary, secondary + "F", 1
    if w.has(i, "WICZ", "WITZ"):
        return primary + "TS", secondary + "FX", 4
    return primary, secondary, 1


def _x(w: _Word, i: int):
    step = 2 if w.has(i + 1, "C", "X") else 1
    if i == w.last and (w.has(i - 3, "IAU", "EAU") or w.has(i - 2, "AU", "OU")):
        return "", "", step
    return "KS", "KS", step


def _z(w: _Word, i: int):
    if w.at(i + 1) == "H":
        return "J", "J", 2
    step = 2 if w.at(i + 1) == "Z" else 1
    if w.has(i + 1, "ZO", "ZI", "ZA") or (w.slavo_germanic and i > 0 and w.at(i - 1) != "T"):
        return "S", "TS", step
    return "S", "S", step


def _doubled(code: str):
    def rule(w: _Word, i: int):
        return code, code, 2 if w.at(i + 1) == w.at(i) else 1
    return rule


_RULES = {"C": _c, "D": _d, "G": _g, "H": _h, "J": _j, "L": _l, "M": _m, "P": _p, "R": _r,
          "S": _s, "T": _t, "W": _w, "X": _x, "Z": _z, "F": _doubled("F"),
          "K": _doubled("K"), "N": _doubled("N"), "Q": _doubled("K"), "V": _doubled("F"),
          "\xc7": lambda _w, _i: ("S", "S", 1), "\xd1": lambda _w, _i: ("N", "N", 1)}


def _b(w: _Word, i: int):
    return "P", "P", 2 if w.at(i + 1) == "B" else 1


_RULES["B"] = _b


def double_metaphone(text: str) -> tuple[str, str]:
    w = _Word(text)
    primary: list[str] = []
    secondary: list[str] = []
    pos = 0
    if w.has(0, "GN", "KN", "PN", "WR", "PS"):
        pos = 1
    if w.at(0) == "X":
        primary.append("S")
        secondary.append("S")
        pos += 1
    while (len("".join(primary)) < 4 or len("".join(secondary)) < 4) and pos < w.length:
        letter = w.at(pos)
        if letter in _VOWELS:
            if pos == 0:
                primary.append("A")
                secondary.append("A")
            pos += 1
            continue
        rule = _RULES.get(letter)
        if rule is None:
            pos += 1
            continue
        add_primary, add_secondary, step = rule(w, pos)
        primary.append(add_primary)
        secondary.append(add_secondary)
        pos += step
    return "".join(primary)[:4], "".join(secondary)[:4]
