"""pg_trgm's trigrams of non-ASCII words, in a C.UTF-8 database (where letters beyond
ASCII are word characters, lower-cased by the database's lower()): show_trgm shows
multibyte trigrams as the hex of their legacy CRC-32 bytes and orders them as signed
bytes, and the similarity functions count them, exactly as PostgreSQL 15 does
(contrib/trigrams.py). Strings: fixed ones and seeded random mixtures of ASCII, Latin,
Greek, CJK letters, digits, spaces and punctuation. Slow (two CREATE DATABASEs): the
default tier's variant is tests/regress/sql/pg_trgm.sql (C ctype)."""
from __future__ import annotations

import random

import psycopg
import pytest

QUERY = ("select show_trgm(%(a)s)::text, similarity(%(a)s, %(b)s)::text, "
         "word_similarity(%(a)s, %(b)s)::text, strict_word_similarity(%(a)s, %(b)s)::text, "
         "%(a)s <%% %(b)s, %(a)s %% %(b)s")
FIXED = ["héllo wörld", "Straße strasse", "日本語 テキスト", "İstanbul istanbul",
         "ÆØÅ æøå", "ΣΊΣΥΦΟΣ σίσυφος", "naïve café", "a-b_c.d", "x日y", ""]
ALPHABET = list("abcXYZ 019,.-_%") + ["é", "ß", "Ω", "日", "ü", "İ", "ǅ", "ø", "Ж"]


def _cases() -> list[tuple[str, str]]:
    rng = random.Random(8)
    words = FIXED + ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 14)))
                     for _ in range(60)]
    return [(rng.choice(words), rng.choice(words)) for _ in range(120)]


def _answers(server) -> list:
    with psycopg.connect(server.dsn, autocommit=True) as conn:
        conn.execute("drop database if exists regress_trgm_utf8")
        conn.execute("create database regress_trgm_utf8 template template0 "
                     "locale 'C.UTF-8' encoding 'UTF8'")
    try:
        with psycopg.connect(server.dsn.replace("dbname=postgres", "dbname=regress_trgm_utf8"),
                             autocommit=True) as conn:
            conn.execute("create extension pg_trgm")
            return [conn.execute(QUERY, {"a": a, "b": b}).fetchone() for a, b in _cases()]
    finally:
        with psycopg.connect(server.dsn, autocommit=True) as conn:
            conn.execute("drop database regress_trgm_utf8")


@pytest.mark.slow      # two CREATE DATABASEs (~9 s); tests/regress/sql/pg_trgm.sql is the fast one
def test_unicode_trigrams_match_oracle(oracle, pgsnake_server):
    expected = _answers(oracle)
    assert any("0x" in row[0] for row in expected)
    assert _answers(pgsnake_server) == expected
