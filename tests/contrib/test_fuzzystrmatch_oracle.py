# Differential test of fuzzystrmatch's phonetic codes over thousands of made-up words
# (syllables that exercise the rules: CH, GH, SCH, -WICZ, initial X / GN / WR, doubled
# letters, blanks, accented letters): dmetaphone, dmetaphone_alt, metaphone and
# soundex computed by pgsnake's Python functions equal PostgreSQL 15's.
from __future__ import annotations

import random

import pytest

from pgsnake.contrib import double_metaphone, fuzzystrmatch

psycopg = pytest.importorskip("psycopg")

_SYLLABLES = (
    "a", "e", "i", "o", "u", "y", "b", "bb", "c", "cc", "ch", "cia", "cz", "ck", "ce", "d",
    "dg", "dge", "dt", "f", "ff", "g", "gh", "gn", "gi", "ger", "gy", "h", "j", "jose",
    "k", "kn", "l", "ll", "illo", "m", "mb", "n", "ñ", "p", "ph", "pb", "q", "r", "ier",
    "s", "sh", "sch", "sc", "sio", "sian", "sugar", "isl", "t", "th", "tion", "tia", "tch",
    "v", "w", "wr", "wh", "wicz", "witz", "ewski", "x", "xc", "z", "zh", "zz", "ç", "é",
    "mc", "van ", "san ", "ough", "augh", "acher", "orch", " ", "-",
)


def _words(count: int) -> list[str]:
    rng = random.Random(15)
    words = set()
    while len(words) < count:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 5)))
        words.add(word.capitalize() if rng.random() < 0.5 else word)
    return sorted(words)


def test_phonetic_codes_equal_the_oracle(oracle):
    words = _words(4000)
    with psycopg.connect(oracle.dsn, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS fuzzystrmatch")
        rows = conn.execute(
            "SELECT w, dmetaphone(w), dmetaphone_alt(w), metaphone(w, 6), soundex(w) "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS u(w, n) ORDER BY n",
            (words,)).fetchall()
        conn.execute("DROP EXTENSION fuzzystrmatch")
    mismatches = []
    for word, primary, alternate, metaphone, soundex in rows:
        ours = (*double_metaphone.double_metaphone(word),
                fuzzystrmatch.metaphone(word, 6) if word else "", fuzzystrmatch.soundex(word))
        if ours != (primary, alternate, metaphone, soundex):
            mismatches.append((word, (primary, alternate, metaphone, soundex), ours))
    assert not mismatches, mismatches[:20]
