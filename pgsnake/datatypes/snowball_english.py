"""The Snowball English stemmer (Porter2), written from the algorithm's published
description (snowballstem.org, "The English (Porter2) stemming algorithm").

Entry point: stem(word) -> str, for a lower-case word. Words of fewer than three letters
and the algorithm's exceptional forms are returned as the algorithm says; everything
else goes through the prelude, Step 0 to Step 5 and the postlude.

Invariants: R1 / R2 are indexes into the word (len(word) when empty); each step looks
for the longest suffix of its list and, when that suffix's condition fails, does
nothing (it does not try a shorter suffix), as Snowball's `among` does.

PostgreSQL: snowball/libstemmer/stem_UTF_8_english.c (generated from english.sbl), used
by the english_stem dictionary (snowball/dict_snowball.c).
"""
from __future__ import annotations

VOWELS = frozenset("aeiouy")
_DOUBLES = ("bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt")
_LI_ENDINGS = frozenset("cdeghkmnrt")

_EXCEPTIONS = {
    "skis": "ski", "skies": "sky", "idly": "idl", "gently": "gentl", "ugly": "ugli",
    "early": "earli", "only": "onli", "singly": "singl",
    "sky": "sky", "news": "news", "howe": "howe", "atlas": "atlas", "cosmos": "cosmos",
    "bias": "bias", "andes": "andes",
}
_EXCEPTIONS_AFTER_1A = frozenset(("inning", "outing", "canning", "herring", "earring",
                                  "proceed", "exceed", "succeed"))
_REGION_PREFIXES = ("gener", "commun", "arsen")

_STEP2 = (
    ("ization", "ize"), ("ational", "ate"), ("fulness", "ful"), ("ousness", "ous"),
    ("iveness", "ive"), ("tional", "tion"), ("biliti", "ble"), ("lessli", "less"),
    ("entli", "ent"), ("ation", "ate"), ("alism", "al"), ("aliti", "al"), ("ousli", "ous"),
    ("iviti", "ive"), ("fulli", "ful"), ("enci", "ence"), ("anci", "ance"),
    ("abli", "able"), ("izer", "ize"), ("ator", "ate"), ("alli", "al"), ("bli", "ble"),
    ("ogi", "og"), ("li", ""),
)
_STEP3 = (
    ("ational", "ate"), ("tional", "tion"), ("alize", "al"), ("icate", "ic"),
    ("iciti", "ic"), ("ative", ""), ("ical", "ic"), ("ness", ""), ("ful", ""),
)
_STEP4 = ("ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate",
          "iti", "ous", "ive", "ize", "ion", "al", "er", "ic")


def _is_vowel(c: str) -> bool:
    return c in VOWELS


def _region_after(word: str, start: int) -> int:
    """The index after the first non-vowel that follows a vowel, from `start`."""
    i = start
    n = len(word)
    while i < n and not _is_vowel(word[i]):
        i += 1
    while i < n and _is_vowel(word[i]):
        i += 1
    return min(i + 1, n) if i < n else n


def _regions(word: str) -> tuple[int, int]:
    for prefix in _REGION_PREFIXES:
        if word.startswith(prefix):
            r1 = len(prefix)
            break
    else:
        r1 = _region_after(word, 0)
    return r1, _region_after(word, r1)


def _ends_short_syllable(word: str) -> bool:
    """(non-vowel)(vowel)(non-vowel other than w, x, Y) at the end, or a two-letter word
    (vowel)(non-vowel)."""
    n = len(word)
    if n >= 3 and not _is_vowel(word[-3]) and _is_vowel(word[-2]) \
            and not _is_vowel(word[-1]) and word[-1] not in "wxY":
        return True
    return n == 2 and _is_vowel(word[0]) and not _is_vowel(word[1])


def _has_vowel(text: str) -> bool:
    return any(_is_vowel(c) for c in text)


def _step0(word: str) -> str:
    for suffix in ("'s'", "'s", "'"):
        if word.endswith(suffix):
            return word[:-len(suffix)]
    return word


def _step1a(word: str) -> str:
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("ied") or word.endswith("ies"):
        return word[:-3] + ("i" if len(word) > 4 else "ie")
    if word.endswith("us") or word.endswith("ss"):
        return word
    if word.endswith("s"):
        if _has_vowel(word[:-2]):
            return word[:-1]
    return word


def _step1b(word: str, r1: int) -> str:
    for suffix in ("eedly", "ingly", "edly", "eed", "ing", "ed"):
        if word.endswith(suffix):
            break
    else:
        return word
    stem_end = len(word) - len(suffix)
    if suffix in ("eed", "eedly"):
        if stem_end >= r1:
            return word[:stem_end] + "ee"
        return word
    stem = word[:stem_end]
    if not _has_vowel(stem):
        return word
    if stem.endswith(("at", "bl", "iz")):
        return stem + "e"
    if stem.endswith(_DOUBLES):
        return stem[:-1]
    if r1 >= len(stem) and _ends_short_syllable(stem):
        return stem + "e"
    return stem


def _step1c(word: str) -> str:
    if len(word) > 2 and word[-1] in "yY" and not _is_vowel(word[-2]):
        return word[:-1] + "i"
    return word


def _step2(word: str, r1: int) -> str:
    for suffix, replacement in _STEP2:
        if word.endswith(suffix):
            start = len(word) - len(suffix)
            if start < r1:
                return word
            if suffix == "ogi":
                return word[:start] + "og" if start > 0 and word[start - 1] == "l" else word
            if suffix == "li":
                return word[:start] if start > 0 and word[start - 1] in _LI_ENDINGS else word
            return word[:start] + replacement
    return word


def _step3(word: str, r1: int, r2: int) -> str:
    for suffix, replacement in _STEP3:
        if word.endswith(suffix):
            start = len(word) - len(suffix)
            if start < r1:
                return word
            if suffix == "ative" and start < r2:
                return word
            return word[:start] + replacement
    return word


def _step4(word: str, r2: int) -> str:
    for suffix in _STEP4:
        if word.endswith(suffix):
            start = len(word) - len(suffix)
            if start < r2:
                return word
            if suffix == "ion" and not (start > 0 and word[start - 1] in "st"):
                return word
            return word[:start]
    return word


def _step5(word: str, r1: int, r2: int) -> str:
    if word.endswith("e"):
        start = len(word) - 1
        if start >= r2 or (start >= r1 and not _ends_short_syllable(word[:start])):
            return word[:start]
        return word
    if word.endswith("l"):
        start = len(word) - 1
        if start >= r2 and start > 0 and word[start - 1] == "l":
            return word[:start]
    return word


def stem(word: str) -> str:
    if word in _EXCEPTIONS:
        return _EXCEPTIONS[word]
    if word in ("dying", "lying", "tying"):
        return word[0] + "ie"
    if len(word) < 3:
        return word
    # prelude
    if word.startswith("'"):
        word = word[1:]
    chars = list(word)
    for i, c in enumerate(chars):
        if c == "y" and (i == 0 or _is_vowel(chars[i - 1])):
            chars[i] = "Y"
    word = "".join(chars)
    r1, r2 = _regions(word)
    word = _step0(word)
    word = _step1a(word)
    if word not in _EXCEPTIONS_AFTER_1A:
        word = _step1b(word, r1)
        word = _step1c(word)
        word = _step2(word, r1)
        word = _step3(word, r1, r2)
        word = _step4(word, r2)
        word = _step5(word, r1, r2)
    return word.replace("Y", "y")
