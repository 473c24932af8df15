"""pg_get_keywords(): PostgreSQL 15's SQL keywords, their category (U unreserved, C
unreserved but not a function or type name, T reserved but a function or type name, R
reserved) and whether each may stand as a column label without AS, with the texts that
describe both (keyword_facts.py, generated from PostgreSQL 15).

Entry point: register_functions(register).

PostgreSQL: utils/adt/misc.c (pg_get_keywords), include/parser/kwlist.h.
"""
from __future__ import annotations

from pgsnake.datatypes.keyword_facts import BARE_LABEL_TEXT, CATEGORY_TEXT, KEYWORDS

TEXT, CHAR, BOOL, RECORD = 25, 18, 16, 2249
COLUMNS = (("word", TEXT), ("catcode", CHAR), ("barelabel", BOOL), ("catdesc", TEXT),
           ("baredesc", TEXT))


def pg_get_keywords():
    for word, category, bare_label in KEYWORDS:
        yield (word, category, bare_label, CATEGORY_TEXT[category],
               BARE_LABEL_TEXT[bare_label])


def register_functions(register) -> None:
    register("pg_get_keywords", [], RECORD, pg_get_keywords, oid=1686, volatility="s",
             strict=True, returns_set=True, out_columns=COLUMNS, rows=500)
