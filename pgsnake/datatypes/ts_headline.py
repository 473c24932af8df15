"""ts_headline: fragments of a document with the query's words marked.

Entry point: headline(config, text, query, options) -> str.

The document is split by the default parser; a token whose lexemes (under the
configuration) match a query operand is a query word. Covers are the stretches from
each query word to the first later query word where the query holds (phrases checked
on word positions), at most max(10 * MaxWords, 100) tokens. With MaxFragments 0 the
best cover becomes the headline: widened forward to a good last word once MinWords is
reached (a good endpoint is a query word, or a word longer than ShortWord that is not a
number), backward when the text ends first, or trimmed when it is too long; a headline
keeping its whole cover wins, then one with more query words, then one ending well.
With MaxFragments n, covers are cut into pieces of at most MaxWords words between query
words, and the n pieces with most query words (then fewest words) are stretched evenly
towards MaxWords without overlapping, printed in document order with
FragmentDelimiter between them. With no cover: the first MinWords words. Tags become a
space; compound tokens (URLs, hyphenated words) are printed through their parts.

PostgreSQL: tsearch/wparser_def.c (prsd_headline, hlCover, mark_hl_words,
mark_hl_fragments, get_next_fragment), tsearch/ts_parse.c (hlparsetext,
generateHeadline).
"""
from __future__ import annotations

from pgsnake.datatypes import ts_config, ts_match, ts_parser
from pgsnake.datatypes.tsquery import TsQuery, operands
from pgsnake.utils.errors import PgError

INVALID_PARAMETER = "22023"
FEATURE_NOT_SUPPORTED = "0A000"
_SKIPPED = (ts_parser.URL, ts_parser.NUMHWORD, ts_parser.ASCIIHWORD, ts_parser.HWORD)
_REPLACED = (ts_parser.TAG,)


_NO_END = (ts_parser.SFLOAT, ts_parser.VERSION, ts_parser.FLOAT, ts_parser.INT, ts_parser.UINT,
           ts_parser.TAG, ts_parser.PROTOCOL, ts_parser.ENTITY)


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
                options[key] = _integer(value)
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
    return options


def _integer(text: str) -> int:
    """pg_strtoint32's reading of an option value."""
    stripped = text.strip()
    digits = stripped[1:] if stripped[:1] in "+-" else stripped
    if not digits.isdigit():
        raise PgError("22P02", f'invalid input syntax for type integer: "{text}"')
    value = int(stripped)
    if not -2**31 <= value < 2**31:
        raise PgError("22003", f'value "{text}" is out of range for type integer')
    return value


def _query_keys(config: int, query: TsQuery, token_type: int, token: str) -> set:
    """The query operands a token's lexemes match (a compound token too: it is a query
    word even though it is printed through its parts)."""
    mapped, lexemes = ts_config.token_lexemes(config, token_type, token)
    if not mapped:
        return set()
    keys = set()
    for node in operands(query.root):
        for lexeme in lexemes:
            if lexeme == node[1] or (node[3] and lexeme.startswith(node[1])):
                keys.add((node[1], node[3]))
    return keys


class _Document:
    """The parsed document: tokens, the query operands each matches, word positions."""

    def __init__(self, config: int, text: str, query: TsQuery, shortword: int):
        self.tokens = ts_parser.parse(text)
        self.keys = [_query_keys(config, query, t, tok) if query.root is not None else set()
                     for t, tok in self.tokens]
        self.positions = []
        mapping = ts_config._config_map(config)
        position = 0
        for token_type, _token in self.tokens:
            if mapping.get(token_type):
                position += 1
            self.positions.append(position)
        self.query = query
        self.shortword = shortword

    def is_word(self, i: int) -> bool:
        return not _non_word(self.tokens[i][0])

    def interesting(self, i: int) -> bool:
        return bool(self.keys[i])

    def bad_endpoint(self, i: int) -> bool:
        """Not a place to end a headline: a non-word, a number, or a short word, unless
        it is a query word (BADENDPOINT)."""
        token_type, token = self.tokens[i]
        return (_non_word(token_type) or token_type in _NO_END
                or len(token.encode()) <= self.shortword) and not self.keys[i]

    def satisfied(self, first: int, last: int) -> bool:
        seen: dict = {}
        for i in range(first, last + 1):
            for key in self.keys[i]:
                seen.setdefault(key, []).append(self.positions[i])

        def check(node, want_positions):
            found = seen.get((node[1], node[3]))
            if not found:
                return ts_match.NO, None
            return ts_match.YES, ts_match.PhraseData(sorted(set(found))) if want_positions \
                else None
        return ts_match.execute(self.query.root, check) != ts_match.NO

    def covers(self, max_cover: int):
        """hlCover, repeatedly: from each query word on, the first stretch ending at a
        query word that satisfies the query (at most max_cover tokens long)."""
        n = len(self.tokens)
        items = [i for i in range(n) if self.keys[i]]
        for index, first in enumerate(items):
            for last in items[index:]:
                if last - first >= max_cover:
                    break
                if self.satisfied(first, last):
                    yield first, last
                    break


def headline(config: int, text: str, query: TsQuery, options_text: str | None) -> str:
    options = parse_options(options_text)
    doc = _Document(config, text, query, options["shortword"])
    max_cover = max(options["maxwords"] * 10, 100)
    if options["maxfragments"] > 0:
        max_cover *= options["maxfragments"]
    if options["highlightall"]:
        fragments = [(0, len(doc.tokens) - 1)]
    elif options["maxfragments"] > 0:
        fragments = _fragments(doc, options, max_cover)
    else:
        fragments = [_best_window(doc, options, max_cover)]
    chosen = set()
    for first, last in fragments:
        chosen.update(range(first, last + 1))
    out = []
    in_fragment = False
    started = 0
    for i, (token_type, token) in enumerate(doc.tokens):
        if i not in chosen:
            in_fragment = False
            continue
        if not in_fragment:
            in_fragment = True
            started += 1
            if started > 1:
                out.append(options["fragmentdelimiter"])
        if not options["highlightall"] and token_type in _REPLACED:
            out.append(" ")
        elif token_type in _SKIPPED:
            continue
        elif doc.keys[i]:
            out.append(options["startsel"] + token + options["stopsel"])
        else:
            out.append(token)
    return "".join(out)


def _first_words(doc: _Document, count: int) -> tuple[int, int]:
    words = last = 0
    for i in range(len(doc.tokens)):
        if words >= count:
            break
        if doc.is_word(i):
            words += 1
        last = i
    return 0, last


def _best_window(doc: _Document, options, max_cover: int) -> tuple[int, int]:
    """mark_hl_words: each cover widened or trimmed to a headline; the best one wins
    (one that keeps its whole cover, then more query words, then a good last word)."""
    n = len(doc.tokens)
    max_words, min_words = options["maxwords"], options["minwords"]
    best = None                               # (keeps cover, query words, first, last)
    for p, q in doc.covers(max_cover):
        words = query_words = 0
        first = last = p
        i = p
        while i <= q and words < max_words:
            words += doc.is_word(i)
            query_words += doc.interesting(i)
            last = i
            i += 1
        if words < max_words:
            # room left: forward to a good endpoint once MinWords is reached
            i -= 1
            while i < n and words < max_words:
                if i > q:
                    words += doc.is_word(i)
                    query_words += doc.interesting(i)
                last = i
                if not doc.bad_endpoint(i) and words >= min_words:
                    break
                i += 1
            if words < min_words:
                # the text ended first: backward from the cover
                i = p - 1
                while i >= 0:
                    words += doc.is_word(i)
                    query_words += doc.interesting(i)
                    if words >= max_words:
                        break
                    if not doc.bad_endpoint(i) and words >= min_words:
                        break
                    i -= 1
                first = max(i, 0)
        else:
            # full: give back words until the last one is a good endpoint
            i = min(i, q)
            while words > min_words and doc.bad_endpoint(i):
                words -= doc.is_word(i)
                query_words -= doc.interesting(i)
                last = i - 1
                i -= 1
        keeps_cover = first <= p and last >= q
        if best is None or keeps_cover > best[0] or (
                keeps_cover == best[0] and (query_words > best[1] or (
                    query_words == best[1] and not doc.bad_endpoint(last)
                    and doc.bad_endpoint(best[3])))):
            best = (keeps_cover, query_words, first, last)
    if best is None:
        return _first_words(doc, min_words)
    return best[2], best[3]


def _fragments(doc: _Document, options, max_cover: int) -> list[tuple[int, int]]:
    """mark_hl_fragments: covers cut into pieces of at most MaxWords words that begin
    and end with query words; the MaxFragments pieces with most query words (then
    fewest words), each stretched evenly towards MaxWords, never overlapping."""
    max_words = options["maxwords"]
    pieces = []                               # [first, last, words, query words]
    for p, q in doc.covers(max_cover):
        start, end = p, q
        while start <= end:
            i = start
            while i <= end:
                start = i
                if doc.interesting(i):
                    break
                i += 1
            words = query_words = 0
            i = start
            while i <= end and words < max_words:
                words += doc.is_word(i)
                query_words += doc.interesting(i)
                i += 1
            if end > i:
                # cut: back to a query word (from the first word not counted, as
                # get_next_fragment does)
                j = i
                while j >= start:
                    end = j
                    if doc.interesting(j):
                        break
                    words -= doc.is_word(j)
                    j -= 1
            pieces.append([start, end, words, query_words])
            start, end = end + 1, q
    chosen: list[tuple[int, int]] = []
    used: set = set()
    excluded: set = set()
    for _ in range(options["maxfragments"]):
        pick = None
        for index, (first, last, words, query_words) in enumerate(pieces):
            if index in used or index in excluded:
                continue
            if pick is None or query_words > pieces[pick][3] or (
                    query_words == pieces[pick][3] and words < pieces[pick][2]):
                pick = index
        if pick is None:
            break
        used.add(pick)
        first, last, words, _q = pieces[pick]
        taken = {i for f, l in chosen for i in range(f, l + 1)}
        if words < max_words:
            room = (max_words - words) // 2
            stretch = 0
            marker = first
            i = first - 1
            while i >= 0 and stretch < room and i not in taken:
                if doc.is_word(i):
                    words += 1
                    stretch += 1
                marker = i
                i -= 1
            i = marker
            while i < first and doc.bad_endpoint(i):
                words -= doc.is_word(i)
                i += 1
            first = i
            marker = last
            i = last + 1
            while i < len(doc.tokens) and words < max_words and i not in taken:
                words += doc.is_word(i)
                marker = i
                i += 1
            i = marker
            while i > last and doc.bad_endpoint(i):
                words -= doc.is_word(i)
                i -= 1
            last = i
        pieces[pick][0:3] = [first, last, words]
        chosen.append((first, last))
        for index, (f, l, _w, _qw) in enumerate(pieces):
            if index != pick and (first <= f <= last or first <= l <= last
                                  or (f < first and l > last)):
                excluded.add(index)
    if not chosen:
        return [_first_words(doc, options["minwords"])]
    return chosen
