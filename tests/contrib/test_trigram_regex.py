# The trigram condition pg_trgm's index classes take from a regular expression
# (pgsnake/contrib/trigram_regex.py) must be necessary: every string the expression
# matches holds all trigrams of one of its alternatives, or the index would lose rows.
# Checked against Python's re (these patterns mean the same there) over random strings
# and strings built to match; and the conditions of a few patterns are spelled out.
from __future__ import annotations

import random
import re

import pytest

from pgsnake.contrib import trigram_regex, trigrams

PATTERNS = [
    "abc", "gres", "abc|def", "x(abc|de)fgh", "[ab]cde", "colou?r", "ab+cd", "a{3}bc",
    "abcd*e", "foo.*bar", "hello$", "^hel", "a[b]c", "Post[Gg]res", "x{2,}yz",
    "x{2,3}yz", "[a-d]bc", "ab?c?de", "(ab)+cde", "a.bcd", "ca[tr]s? ", "q[uv]+ack",
    "word1[23]4", "hel+o|yell", "POST(gres)?QL", "(1|2)0{2,} ",
]


@pytest.fixture(autouse=True)
def c_ctype(monkeypatch):
    monkeypatch.setattr(trigrams, "_c_ctype", lambda: True)


def _samples(rng: random.Random) -> list[str]:
    alphabet = "abcdefghloprsquvwxyzGP 12."
    out = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
           for _ in range(3000)]
    words = ["abc", "def", "xabcdefgh", "xdefgh", "acde", "bcde", "color", "colour",
             "abbbcd", "aaabc", "abce", "abcdddde", "foo bar", "fooxbar", "hello",
             "abc", "postgres", "PostGres", "xxyz", "xxxyz", "abbc", "ade", "abcde",
             "ababcde", "axbcd", "cats ", "car ", "quuack", "qvack", "word124", "word134",
             "helo", "hellllo", "yellow", "postgresql", "POSTQL", "100 ", "2000 "]
    for word in words:
        out += [word, "zz " + word + " zz", word.upper(), "q" + word + "q"]
    return out


@pytest.mark.parametrize("flags", [0, re.IGNORECASE], ids=["~", "~*"])
def test_condition_is_necessary(flags):
    rng = random.Random(8)
    samples = _samples(rng)
    for pattern in PATTERNS:
        condition = trigram_regex.regex_condition(pattern)
        if condition is None:
            continue
        compiled = re.compile(pattern, flags)
        for text in samples:
            if compiled.search(text):
                present = set(trigrams.trigram_set(text))
                assert any(alternative <= present for alternative in condition), \
                    (pattern, text)


def _shown(pattern):
    condition = trigram_regex.regex_condition(pattern)
    return None if condition is None else sorted(
        sorted(trigrams.show(t) for t in alternative) for alternative in condition)


def test_conditions():
    assert _shown("abc|def") == [["abc"], ["def"]]
    assert _shown("[ab]cde") == [["acd", "cde"], ["bcd", "cde"]]
    assert _shown("Post[Gg]res") == [["gre", "ost", "pos", "res", "stg", "tgr"]]
    assert _shown("x{2,}yz") == [["xyz"]]
    assert _shown("foo.*bar") == [["bar", "foo"]]
    for pattern in ("ab", "a|bcd", "(?i)abc", "abc\\1", "[^a]bc", "[abc]{3}", "***:abc"):
        assert _shown(pattern) is None, pattern
