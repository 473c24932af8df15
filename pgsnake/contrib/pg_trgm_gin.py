"""pg_trgm's GIN operator class gin_trgm_ops: an indexed text's keys are its trigrams
(as int4, trgm2int), so LIKE / ILIKE / = / % searches read only the rows that hold the
query's trigrams.

    extract_value(text)        every trigram of the text
    extract_query(q, strategy) % <% <<% (1, 7, 9) and = (11): q's trigrams;
                               LIKE / ILIKE (3, 4): the trigrams every match must hold
                               (trigrams.wildcard_trigrams); ~ / ~* (5, 6): those of the
                               pattern's condition, alternatives of trigram sets
                               (trigram_regex.py; PostgreSQL extracts a trigram graph
                               from the expression's automaton), none when it has no
                               condition, so every row is read and rechecked.
                               No trigram at all: the whole index is read (search mode ALL)
    consistent                 similarity strategies: present / query trigrams >= the
                               strategy's threshold (an upper bound of the similarity);
                               ~ / ~*: every trigram of some alternative present; the
                               others: every query trigram present. Always recheck.

PostgreSQL: contrib/pg_trgm/trgm_gin.c (gin_extract_value_trgm, gin_extract_query_trgm,
gin_trgm_consistent).
"""
from __future__ import annotations

from pgsnake.access.gin import opclass_support as gin_ops
from pgsnake.contrib import pg_trgm, trigram_regex, trigrams

SIMILARITY, LIKE, ILIKE, REGEX, REGEX_ICASE = 1, 3, 4, 5, 6
WORD_SIMILARITY, STRICT_WORD_SIMILARITY, EQUAL = 7, 9, 11
_LIMITS = {SIMILARITY: pg_trgm.SIMILARITY, WORD_SIMILARITY: pg_trgm.WORD_SIMILARITY,
           STRICT_WORD_SIMILARITY: pg_trgm.STRICT_WORD_SIMILARITY}


def _extract_value(value) -> tuple[list, bool]:
    return [trigrams.as_int(t) for t in trigrams.trigram_set(value)], False


def _extract_query(query, strategy: int) -> gin_ops.QueryKeys:
    if strategy in (LIKE, ILIKE):
        found = trigrams.wildcard_trigrams(query)
    elif strategy in (REGEX, REGEX_ICASE):
        return _regex_query(query)
    else:
        found = trigrams.trigram_set(query)
    keys = [trigrams.as_int(t) for t in found]
    mode = gin_ops.SEARCH_DEFAULT if keys else gin_ops.SEARCH_ALL
    return gin_ops.QueryKeys(keys, mode, n_entries=len(keys))


def _regex_query(pattern: str) -> gin_ops.QueryKeys:
    """Every trigram of the pattern's condition (trigram_regex.py) as a key; `extra`
    holds each alternative as positions in the keys."""
    condition = trigram_regex.regex_condition(pattern)
    if condition is None:
        return gin_ops.QueryKeys([], gin_ops.SEARCH_ALL, n_entries=0)
    found = sorted(frozenset().union(*condition), key=trigrams.sort_key)
    position = {t: i for i, t in enumerate(found)}
    alternatives = [[position[t] for t in alternative] for alternative in condition]
    return gin_ops.QueryKeys([trigrams.as_int(t) for t in found], gin_ops.SEARCH_DEFAULT,
                             extra=alternatives, n_entries=len(found))


def _consistent(strategy: int, query: gin_ops.QueryKeys, check: list) -> tuple[bool, bool]:
    if strategy in (REGEX, REGEX_ICASE) and query.extra is not None:
        return any(all(check[i] for i in alternative) for alternative in query.extra), True
    if strategy in _LIMITS:
        if not query.keys:
            return False, True
        present = sum(1 for c in check if c)
        return trigrams.float4(present / len(query.keys)) >= pg_trgm.threshold(
            _LIMITS[strategy]), True
    return all(check), True


gin_ops.register(gin_ops.GinOpclass(
    name="gin_trgm_ops", sort_key=lambda _key_type: (lambda key: key),
    extract_value=_extract_value, extract_query=_extract_query, consistent=_consistent,
    strategies=(SIMILARITY, LIKE, ILIKE, REGEX, REGEX_ICASE, WORD_SIMILARITY,
                STRICT_WORD_SIMILARITY, EQUAL)))
