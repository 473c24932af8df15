"""ts_headline: a document fragment with the query's words marked.

Entry point: headline(config, text, query, options) -> str.

The document is split by the default parser; a word whose lexeme (under the
configuration) is a query operand is a query word. The fragment is the best cover (a
shortest stretch of words satisfying the query, preferring covers with more query
words), widened with following, then preceding, words up to MinWords; with no cover,
the first MinWords words. Tags become a space; compound tokens (URLs, hyphenated words)
are printed through their parts. Query words inside the fragment are wrapped in
StartSel / StopSel. Options: StartSel, StopSel, MaxWords, MinWords, ShortWord,
HighlightAll, MaxFragments (only 0), FragmentDelimiter, with PostgreSQL's checks.

PostgreSQL: tsearch/wparser_def.c (prsd_headline, mark_hl_words, hlCover),
tsearch/ts_parse.c (hlparsetext, generateHeadline), tsearch/to_tsany.c.
"""
from __future__ import annotations

from pgsnake.datatypes import ts_config, ts_match, ts_parser
from pgsnake.datatypes.tsquery import TsQuery, operands
from pgsnake.utils.errors import PgError

INVALID_PARAMETER = "22023"
FEATURE_NOT_SUPPORTED = "0A000"
_SKIPPED = (ts_parser.URL, ts_parser.NUMHWORD, ts_parser.ASCIIHWORD, ts_parser.HWORD)
_REPLACED = (ts_parser.TAG,)


def _non_word(token_type: int) -> bool:
    return token_type == ts_parser.BLANK or token_type in _SKIPPED or token_type in _REPLACED


def parse_options(text: str | None) -> dict:
    options = {"startsel": "<b>", "stopsel": "</b>", "maxwords": 35, "minwords": 15,
               "shortword": 3, "highlightall": False, "maxfragments": 0,
               "fragmentdelimiter": " ... "}
    if text:
        for part in text.split(","):
            if not part.strip():
                continue
            if "=" not in part:
                raise PgError("42601", f'invalid parameter list format: "{text}"')
            key, value = part.split("=", 1)
            key, value = key.strip().lower(), value.strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            if key in ("startsel", "stopsel", "fragmentdelimiter"):
                options[key] = value
            elif key in ("maxwords", "minwords", "shortword", "maxfragments"):
                try:
                    options[key] = int(value)
                except ValueError:
                    options[key] = 0
            elif key == "highlightall":
                options[key] = value.lower() in ("1", "on", "true", "t", "y", "yes")
            else:
                raise PgError(INVALID_PARAMETER,
                              f'unrecognized headline parameter: "{key}"')
    if not options["highlightall"]:
        if options["minwords"] >= options["maxwords"]:
            raise PgError(INVALID_PARAMETER, 'MinWords should be less than MaxWords')
        if options["minwords"] <= 0:
            raise PgError(INVALID_PARAMETER, 'MinWords should be positive')
        if options["shortword"] < 0:
            raise PgError(INVALID_PARAMETER, 'ShortWord should be >= 0')
        if options["maxfragments"] < 0:
            raise PgError(INVALID_PARAMETER, 'MaxFragments should be >= 0')
    if options["maxfragments"] > 0:
        raise PgError(FEATURE_NOT_SUPPORTED, "ts_headline with MaxFragments is not supported "
                                             "by pgsnake")
    return options


def _satisfied(query: TsQuery, present: set) -> bool:
    def check(node, want_positions):
        return (ts_match.MAYBE if (node[1], node[3]) in present else ts_match.NO), None
    return ts_match.execute(query.root, check, True) != ts_match.NO


def _query_keys(config: int, query: TsQuery, token_type: int, token: str) -> set:
    if _non_word(token_type):
        return set()
    mapped, lexemes = ts_config.token_lexemes(config, token_type, token)
    if not mapped:
        return set()
    keys = set()
    for node in operands(query.root):
        for lexeme in lexemes:
            if lexeme == node[1] or (node[3] and lexeme.startswith(node[1])):
                keys.add((node[1], node[3]))
    return keys


def headline(config: int, text: str, query: TsQuery, options_text: str | None) -> str:
    options = parse_options(options_text)
    tokens = ts_parser.parse(text)
    keys = [_query_keys(config, query, t, tok) if query.root is not None else set()
            for t, tok in tokens]
    n = len(tokens)
    if options["highlightall"]:
        begin, end = 0, n - 1
    else:
        begin, end = _choose(tokens, keys, query, options)
    out = []
    for i in range(begin, end + 1):
        token_type, token = tokens[i]
        if not options["highlightall"] and token_type in _REPLACED:
            out.append(" ")
            continue
        if token_type in _SKIPPED:
            continue
        if keys[i]:
            out.append(options["startsel"] + token + options["stopsel"])
        else:
            out.append(token)
    return "".join(out)


def _choose(tokens, keys, query: TsQuery, options) -> tuple[int, int]:
    """The first and last token of the headline (mark_hl_words)."""
    n = len(tokens)
    max_words, min_words, short = options["maxwords"], options["minwords"], options["shortword"]

    def is_word(i: int) -> bool:
        return not _non_word(tokens[i][0])

    def good_edge(i: int) -> bool:
        """A word that may end the headline: a query word or one longer than ShortWord."""
        return bool(keys[i]) or len(tokens[i][1]) > short

    best = None                      # (query words, begin, end)
    for cover_begin in range(n) if query.root is not None else ():
        # hlCover: from each query word, the shortest stretch that satisfies the query
        if not keys[cover_begin]:
            continue
        present: set = set()
        cover_end = None
        for i in range(cover_begin, n):
            present |= keys[i]
            if keys[i] and _satisfied(query, present):
                cover_end = i
                break
        if cover_end is None:
            break
        words = 0
        first = last = cover_begin
        for i in range(cover_begin, cover_end + 1):
            if words >= max_words:
                break
            if is_word(i):
                words += 1
            last = i
        if words >= max_words:
            # too long: drop non-words and short words from the end
            while last > first and (not is_word(last) or not good_edge(last)):
                if is_word(last):
                    words -= 1
                last -= 1
        else:
            # widen to MinWords, on to a word longer than ShortWord (at most MaxWords):
            # to the right first, then to the left
            edge_ok = good_edge(last)
            i = last + 1
            while i < n and words < max_words and (words < min_words or not edge_ok):
                if is_word(i):
                    words += 1
                    edge_ok = good_edge(i)
                last = i
                i += 1
            edge_ok = good_edge(first)
            i = first - 1
            while i >= 0 and words < max_words and (words < min_words or not edge_ok):
                if is_word(i):
                    words += 1
                    edge_ok = good_edge(i)
                first = i
                i -= 1
        query_words = sum(1 for i in range(first, last + 1) if keys[i])
        if best is None or query_words > best[0]:
            best = (query_words, first, last)
    if best is None:
        words = 0
        last = 0
        for i in range(n):
            if words >= min_words:
                break
            if is_word(i):
                words += 1
            last = i
        return 0, last
    return best[1], best[2]
