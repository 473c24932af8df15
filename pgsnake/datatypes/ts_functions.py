"""Full text search operators and functions, registered with PostgreSQL's OIDs.

Entry points: install_operators(register), install_functions(register) (called once by
operators.py / functions.py), and the implementations by pg_proc.prosrc in _FUNCTIONS.

Covers: tsvector / tsquery comparison, ||, @@ (both orders, text @@ text, text @@
tsquery), && || !! <-> on tsquery, @> <@, to_tsvector, to_tsquery, plainto_tsquery,
phraseto_tsquery, websearch_to_tsquery (with and without a configuration; the json /
jsonb forms of to_tsvector and ts_headline too), setweight, strip, length, numnode,
querytree, ts_rank, ts_rank_cd, ts_headline, ts_delete, ts_filter, tsvector_to_array,
array_to_tsvector, unnest(tsvector), ts_lexize, ts_parse, ts_token_type, ts_debug,
get_current_ts_config, ts_rewrite(query, target, substitute), tsvector_update_trigger
(the triggers themselves are run by pl/ts_update_trigger.py).

PostgreSQL: utils/adt/tsvector_op.c, tsquery_op.c, tsquery_rewrite.c, tsquery_cleanup.c,
tsginidx.c, tsrank.c, tsearch/to_tsany.c, wparser.c, dict.c, ts_debug in
catalog/system_functions.sql.
"""
from __future__ import annotations

from pgsnake.datatypes import (ts_config, ts_headline, ts_match, ts_parser, ts_rank,
                               tsquery as tsq)
from pgsnake.datatypes import query_runner
from pgsnake.datatypes import ts_rewrite as ts_rewrite_module
from pgsnake.datatypes.textsearch_catalog_facts import OPERATORS, PROCS, TOKEN_TYPES
from pgsnake.datatypes.tsquery import TsQuery
from pgsnake.datatypes.tsvector import (MAX_POS, WEIGHT_LETTERS, TsVector, check_lexeme_length,
                                        make_tsvector)
from pgsnake.utils.errors import PgError

INVALID_PARAMETER = "22023"
NULL_NOT_ALLOWED = "22004"
_WEIGHT_OF = {"a": 3, "A": 3, "b": 2, "B": 2, "c": 1, "C": 1, "d": 0, "D": 0}
DEFAULT_PARSER = 3722


def _char(value) -> str:
    return value.decode("latin-1") if isinstance(value, (bytes, bytearray)) else str(value)


def _weight(value) -> int:
    c = _char(value)
    if c not in _WEIGHT_OF:
        code = ord(c) if c else 0
        raise PgError("XX000", f"unrecognized weight: {code}")
    return _WEIGHT_OF[c]


def _flat_text_array(values, what: str = "lexeme") -> list:
    out = []
    for value in values:
        if isinstance(value, list):
            out.extend(_flat_text_array(value, what))
        else:
            out.append(value)
    return out


# --- tsvector ----------------------------------------------------------------------------

def tsvector_concat(left: TsVector, right: TsVector) -> TsVector:
    shift = max((pos for _lex, positions in left.entries for pos, _w in positions),
                default=0)
    merged: dict[str, list] = {}
    for lexeme, positions in left.entries:
        merged.setdefault(lexeme, []).extend(positions)
    for lexeme, positions in right.entries:
        shifted = [(min(pos + shift, MAX_POS), weight) for pos, weight in positions]
        merged.setdefault(lexeme, []).extend(shifted)
    return make_tsvector(merged.items())


def setweight(vector: TsVector, weight) -> TsVector:
    w = _weight(weight)
    return TsVector(tuple((lexeme, tuple((pos, w) for pos, _old in positions))
                          for lexeme, positions in vector.entries))


def setweight_filter(vector: TsVector, weight, lexemes) -> TsVector:
    w = _weight(weight)
    wanted = set()
    for lexeme in _flat_text_array(lexemes):
        if lexeme is None:
            raise PgError(NULL_NOT_ALLOWED, "lexeme array may not contain nulls")
        wanted.add(lexeme)
    return TsVector(tuple(
        (lexeme, tuple((pos, w) for pos, _old in positions) if lexeme in wanted
         else positions) for lexeme, positions in vector.entries))


def strip(vector: TsVector) -> TsVector:
    return TsVector(tuple((lexeme, ()) for lexeme, _positions in vector.entries))


def tsvector_length(vector: TsVector) -> int:
    return len(vector.entries)


def ts_delete_one(vector: TsVector, lexeme: str) -> TsVector:
    return TsVector(tuple(entry for entry in vector.entries if entry[0] != lexeme))


def ts_delete_many(vector: TsVector, lexemes) -> TsVector:
    doomed = set()
    for lexeme in _flat_text_array(lexemes):
        if lexeme is None:
            raise PgError(NULL_NOT_ALLOWED, "lexeme array may not contain nulls")
        doomed.add(lexeme)
    return TsVector(tuple(entry for entry in vector.entries if entry[0] not in doomed))


def ts_filter(vector: TsVector, weights) -> TsVector:
    mask = 0
    for value in _flat_text_array(weights):
        if value is None:
            raise PgError(NULL_NOT_ALLOWED, "weight array may not contain nulls")
        c = _char(value)
        if c not in _WEIGHT_OF:
            raise PgError(INVALID_PARAMETER, f'unrecognized weight: "{c}"')
        mask |= 1 << _WEIGHT_OF[c]
    entries = []
    for lexeme, positions in vector.entries:
        kept = tuple((pos, w) for pos, w in positions if mask & (1 << w))
        if kept:
            entries.append((lexeme, kept))
    return TsVector(tuple(entries))


def tsvector_to_array(vector: TsVector) -> list:
    return vector.lexemes()


def array_to_tsvector(values) -> TsVector:
    pairs = []
    for value in _flat_text_array(values):
        if value is None:
            raise PgError(NULL_NOT_ALLOWED, "lexeme array may not contain nulls")
        if value == "":
            raise PgError("2200F", "lexeme array may not contain empty strings")
        check_lexeme_length(value)
        pairs.append((value, ()))
    return make_tsvector(pairs)


def tsvector_unnest(vector: TsVector):
    for lexeme, positions in vector.entries:
        if positions:
            yield (lexeme, [pos for pos, _w in positions],
                   ["DCBA"[w] for _pos, w in positions])
        else:
            yield (lexeme, None, None)


# --- tsquery -----------------------------------------------------------------------------

def tsquery_and(a: TsQuery, b: TsQuery) -> TsQuery:
    if a.root is None:
        return b
    if b.root is None:
        return a
    return TsQuery(("&", a.root, b.root))


def tsquery_or(a: TsQuery, b: TsQuery) -> TsQuery:
    if a.root is None:
        return b
    if b.root is None:
        return a
    return TsQuery(("|", a.root, b.root))


def tsquery_not(a: TsQuery) -> TsQuery:
    return a if a.root is None else TsQuery(("!", a.root))


def tsquery_phrase(a: TsQuery, b: TsQuery, distance: int = 1) -> TsQuery:
    if distance < 0 or distance > tsq.MAX_DISTANCE:
        raise PgError(INVALID_PARAMETER, "distance in phrase operator must be an integer "
                                         f"value between zero and {tsq.MAX_DISTANCE} inclusive")
    if a.root is None:
        return b
    if b.root is None:
        return a
    return TsQuery(("<>", distance, a.root, b.root))


def _operand_set(query: TsQuery) -> set:
    return {node[1] for node in tsq.operands(query.root)}


def tsq_mcontains(a: TsQuery, b: TsQuery) -> bool:
    return _operand_set(b) <= _operand_set(a)


def tsq_mcontained(a: TsQuery, b: TsQuery) -> bool:
    return tsq_mcontains(b, a)


def numnode(query: TsQuery) -> int:
    return tsq.node_count(query.root)


def _without_not(node):
    kind = node[0]
    if kind == "v":
        return node
    if kind == "!":
        return None
    left, right = tsq.children(node)
    left, right = _without_not(left), _without_not(right)
    if kind == "|":
        if left is None or right is None:
            return None
        return ("|", left, right)
    if left is None:
        return right
    if right is None:
        return left
    return (node[0], node[1], left, right) if kind == "<>" else (kind, left, right)


def querytree(query: TsQuery) -> str:
    if query.root is None:
        return ""
    cleaned = _without_not(query.root)
    return "T" if cleaned is None else tsq.format_node(cleaned)


def ts_rewrite(query: TsQuery, target: TsQuery, substitute: TsQuery) -> TsQuery:
    return ts_rewrite_module.rewrite(query, target, substitute)


TSQUERY, TSVECTOR = 3615, 3614


def ts_rewrite_query(query: TsQuery, select: str) -> TsQuery:
    """ts_rewrite(query, 'SELECT target, substitute ...'): every row's pair applied in
    turn to one tree (tsquery_rewrite_query); an empty query is returned unread."""
    if query.root is None:
        return query
    columns, rows = query_runner.run(select)
    if len(columns) != 2 or any(type_oid != TSQUERY for _, type_oid, _ in columns):
        raise PgError("22023", "ts_rewrite query must return two tsquery columns")
    return ts_rewrite_module.rewrite_many(query, rows)


def ts_stat(select: str, weights: str | None = None):
    """ts_stat(query [, weights]): (word, ndoc, nentry) of every lexeme in the tsvector
    column the query returns; with weights, only positions of those weights count and a
    lexeme without one is left out (ts_accum, insertStatEntry)."""
    columns, rows = query_runner.run(select)
    if len(columns) != 1 or columns[0][1] != TSVECTOR:
        raise PgError("22023", "ts_stat query must return one tsvector column")
    wanted = None
    if weights is not None:
        wanted = {WEIGHT_LETTERS.index(c.upper()) for c in weights if c.upper() in "ABCD"} \
            or None                    # no weight letter: every position counts
    stats: dict[str, list[int]] = {}
    for (vector,) in rows:
        if vector is None:
            continue
        for lexeme, positions in vector.entries:
            if wanted is None:
                count = len(positions) or 1
            else:
                count = sum(1 for _, weight in positions if weight in wanted)
            if count:
                entry = stats.setdefault(lexeme, [0, 0])
                entry[0] += 1
                entry[1] += count
    # the order PostgreSQL's walk of its word tree gives: descending
    for lexeme in sorted(stats, key=lambda w: w.encode(), reverse=True):
        ndoc, nentry = stats[lexeme]
        yield lexeme, ndoc, nentry


# --- configurations ----------------------------------------------------------------------

def to_tsvector_byid(config: int, text: str) -> TsVector:
    return ts_config.to_tsvector(config, text)


def to_tsvector_default(text: str) -> TsVector:
    return ts_config.to_tsvector(ts_config.current_config(), text)


_FLAG_HINT = 'Possible values are: "string", "numeric", "boolean", "key", and "all".'
_FLAG_NAMES = ("string", "numeric", "boolean", "key")


def _index_flags(flags) -> set[str]:
    """parse_jsonb_index_flags: an array of flag names (or one name), case-insensitive."""
    tree = flags.tree
    if isinstance(tree, dict):
        raise PgError("22023", "wrong flag type, only arrays and scalars are allowed")
    out: set[str] = set()
    for item in tree if isinstance(tree, list) else [tree]:
        if not isinstance(item, str):
            raise PgError("22023", "flag array element is not a string", hint=_FLAG_HINT)
        name = item.lower()
        if name == "all":
            out.update(_FLAG_NAMES)
        elif name in _FLAG_NAMES:
            out.add(name)
        else:
            raise PgError("22023", f'wrong flag in flag array: "{item}"', hint=_FLAG_HINT)
    return out


def _jsonb_flagged(tree, flags: set[str], out: list) -> None:
    from pgsnake.datatypes.jsonb_value import JSON_NULL
    if isinstance(tree, dict):
        for key, child in tree.items():
            if "key" in flags:
                out.append(key)
            _jsonb_flagged(child, flags, out)
    elif isinstance(tree, list):
        for child in tree:
            _jsonb_flagged(child, flags, out)
    elif isinstance(tree, bool):
        if "boolean" in flags:
            out.append("true" if tree else "false")
    elif isinstance(tree, str):
        if "string" in flags:
            out.append(tree)
    elif tree is not JSON_NULL and tree is not None and "numeric" in flags:
        from pgsnake.datatypes import numeric
        out.append(numeric.numeric_output(tree))


def _json_flagged(node, flags: set[str], out: list) -> None:
    kind = node[0]
    if kind == "object":
        for key, child in node[1]:
            if "key" in flags:
                out.append(key)
            _json_flagged(child, flags, out)
    elif kind == "array":
        for child in node[1]:
            _json_flagged(child, flags, out)
    elif kind == "string" and "string" in flags:
        out.append(node[1])
    elif kind == "number" and "numeric" in flags:
        out.append(node[1])
    elif kind in ("true", "false") and "boolean" in flags:
        out.append(kind)


def jsonb_to_tsvector_flags(config: int, value, flags) -> TsVector:
    """jsonb_to_tsvector(config, jsonb, filter): the values the filter names (and keys)."""
    strings: list[str] = []
    _jsonb_flagged(value.tree, _index_flags(flags), strings)
    return ts_config.strings_to_tsvector(config, strings)


def json_to_tsvector_flags(config: int, text: str, flags) -> TsVector:
    from pgsnake.datatypes import json_text
    wanted = _index_flags(flags)
    strings: list[str] = []
    _json_flagged(json_text.parse(text), wanted, strings)
    return ts_config.strings_to_tsvector(config, strings)


def _json_node_strings(node, out: list) -> None:
    kind = node[0]
    if kind == "string":
        out.append(node[1])
    elif kind == "object":
        for _key, child in node[1]:
            _json_node_strings(child, out)
    elif kind == "array":
        for child in node[1]:
            _json_node_strings(child, out)


def _jsonb_strings(tree, out: list) -> None:
    if isinstance(tree, str):
        out.append(tree)
    elif isinstance(tree, dict):
        for child in tree.values():
            _jsonb_strings(child, out)
    elif isinstance(tree, list):
        for child in tree:
            _jsonb_strings(child, out)


def jsonb_to_tsvector_byid(config: int, value) -> TsVector:
    strings: list[str] = []
    _jsonb_strings(value.tree, strings)
    return ts_config.strings_to_tsvector(config, strings)


def json_to_tsvector_byid(config: int, text: str) -> TsVector:
    from pgsnake.datatypes import json_text
    strings: list[str] = []
    _json_node_strings(json_text.parse(text), strings)
    return ts_config.strings_to_tsvector(config, strings)


def _headline_jsonb_tree(tree, mark):
    if isinstance(tree, str):
        return mark(tree)
    if isinstance(tree, dict):
        return {key: _headline_jsonb_tree(child, mark) for key, child in tree.items()}
    if isinstance(tree, list):
        return [_headline_jsonb_tree(child, mark) for child in tree]
    return tree


def ts_headline_jsonb_byid(config: int, value, query: TsQuery, options: str | None = None):
    from pgsnake.datatypes import jsonb_value
    ts_headline.parse_options(options)
    return jsonb_value.Jsonb(_headline_jsonb_tree(
        value.tree, lambda text: ts_headline.headline(config, text, query, options)))


def ts_headline_json_byid(config: int, text: str, query: TsQuery, options: str | None = None):
    """The json text rebuilt without insignificant white space, each string value
    replaced by its headline (transform_json_string_values)."""
    from pgsnake.datatypes import json_text
    ts_headline.parse_options(options)

    def rebuild(node) -> str:
        kind = node[0]
        if kind == "string":
            return json_text.escape_string(ts_headline.headline(config, node[1], query, options))
        if kind == "object":
            return "{" + ",".join(json_text.escape_string(key) + ":" + rebuild(child)
                                  for key, child in node[1]) + "}"
        if kind == "array":
            return "[" + ",".join(rebuild(child) for child in node[1]) + "]"
        return text[node[2]:node[3]]
    return rebuild(json_text.parse(text))


def to_tsquery_byid(config: int, text: str) -> TsQuery:
    root = tsq.parse_query(text, ts_config.query_operand(config, "<>"))
    return ts_config.finish_query(root, text)


def plainto_tsquery_byid(config: int, text: str) -> TsQuery:
    root = ts_config.query_operand(config, "&")(text, 0, False) if text.strip() else None
    return ts_config.finish_query(root, text)


def phraseto_tsquery_byid(config: int, text: str) -> TsQuery:
    root = ts_config.query_operand(config, "<>")(text, 0, False) if text.strip() else None
    return ts_config.finish_query(root, text)


_WEBSEARCH_SEPARATORS = frozenset("!&|()<:")      # ":" too (weights are not read)


def _websearch_tokens(text: str):
    """('word', text) / ('phrase', text) / ('or',) / ('not',) of a web search string:
    '-' before an operand negates it, "..." is a phrase, a lone 'or' separates
    alternatives, the tsquery operator characters only separate words."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace() or c in _WEBSEARCH_SEPARATORS:
            i += 1
            continue
        if c == "-":
            yield ("not",)
            i += 1
            continue
        if c == '"':
            end = text.find('"', i + 1)
            if end < 0:
                end = n
            yield ("phrase", text[i + 1:end])
            i = end + 1
            continue
        start = i
        while i < n and not text[i].isspace() and text[i] != '"' \
                and text[i] not in _WEBSEARCH_SEPARATORS:
            i += 1
        word = text[start:i]
        if word[:2].lower() == "or" and (len(word) == 2 or not (word[2].isalnum()
                                                                 or word[2] in "_-")):
            yield ("or",)                # 'or' then punctuation: the punctuation is an
            if len(word) > 2:            # operand of its own (without lexemes)
                yield ("word", word[2:])
            continue
        yield ("word", word)


def websearch_to_tsquery_byid(config: int, text: str) -> TsQuery:
    make = ts_config.query_operand(config, "<>")
    terms = []                      # list of alternatives, each a list of nodes (ANDed)
    current: list = []
    negations = 0
    pending_or = False
    for token in _websearch_tokens(text):
        if token[0] == "or":
            if current and not negations and not pending_or:
                pending_or = True
                continue
            token = ("word", "or")      # no left operand, or right after an OR
        if token[0] == "not":
            negations += 1
            continue
        node = make(token[1], 0, False)
        for _ in range(negations):
            node = ("!", node)
        negations = 0
        if pending_or:
            terms.append(current)
            current = []
            pending_or = False
        current.append(node)
    if pending_or:                      # 'cat or' at the end: the word, ANDed
        current.append(make("or", 0, False))
    if current:
        terms.append(current)
    root = None
    for term in terms:
        branch = None
        for node in term:
            branch = node if branch is None else ("&", branch, node)
        root = branch if root is None else ("|", root, branch)
    if root is None and not text.strip():
        return ts_config.finish_query(None, text)
    cleaned = None if root is None else tsq.remove_stop_words(root)[0]
    if cleaned is None:
        from pgsnake.utils import notices
        notices.emit("00000", "text-search query contains only stop words or doesn't "
                              "contain lexemes, ignored")
    return TsQuery(cleaned)


def _current(fn):
    def call(*args):
        return fn(ts_config.current_config(), *args)
    return call


def ts_match_tt(document: str, query: str) -> bool:
    config = ts_config.current_config()
    return ts_match.matches(plainto_tsquery_byid(config, query),
                            ts_config.to_tsvector(config, document))


def ts_match_tq(document: str, query: TsQuery) -> bool:
    return ts_match.matches(query, to_tsvector_default(document))


def ts_lexize(dictionary: int, token: str):
    return ts_config.lexize(dictionary, token)


def _parser_oid(parser) -> int:
    if isinstance(parser, int):
        if parser != DEFAULT_PARSER:
            raise PgError("XX000", f"cache lookup failed for text search parser {parser}")
        return parser
    name = parser.strip()
    if name.lower() not in ("default", "pg_catalog.default"):
        raise PgError("42704", f'text search parser "{parser}" does not exist')
    return DEFAULT_PARSER


def ts_token_type(parser):
    _parser_oid(parser)
    for tokid, alias, description in TOKEN_TYPES:
        yield (tokid, alias, description)


def ts_parse(parser, text: str):
    _parser_oid(parser)
    for token_type, token in ts_parser.parse(text):
        yield (token_type, token)


def ts_debug(config: int, text: str):
    aliases = {tokid: (alias, description) for tokid, alias, description in TOKEN_TYPES}
    for token_type, token in ts_parser.parse(text):
        alias, description = aliases[token_type]
        dictionaries = ts_config._config_map(config).get(token_type, ())
        mapped, lexemes = ts_config.token_lexemes(config, token_type, token)
        dictionary_names = list(dictionaries)
        used = dictionary_names[0] if dictionary_names else None
        yield (alias, description, token, dictionary_names, used,
               lexemes if mapped else None)


def ts_headline_byid(config: int, text: str, query: TsQuery, options: str | None = None):
    return ts_headline.headline(config, text, query, options)


def get_current_ts_config() -> int:
    return ts_config.current_config()


def _ts_debug_default(text: str):
    return ts_debug(ts_config.current_config(), text)


_FUNCTIONS = {
    "tsvector_lt": lambda a, b: a < b, "tsvector_le": lambda a, b: a <= b,
    "tsvector_eq": lambda a, b: a == b, "tsvector_ne": lambda a, b: a != b,
    "tsvector_ge": lambda a, b: a >= b, "tsvector_gt": lambda a, b: a > b,
    "tsvector_cmp": lambda a, b: a._compare(b),
    "tsquery_lt": lambda a, b: a < b, "tsquery_le": lambda a, b: a <= b,
    "tsquery_eq": lambda a, b: a == b, "tsquery_ne": lambda a, b: a != b,
    "tsquery_ge": lambda a, b: a >= b, "tsquery_gt": lambda a, b: a > b,
    "tsquery_cmp": lambda a, b: a._compare(b),
    "tsvector_concat": tsvector_concat,
    "ts_match_vq": lambda v, q: ts_match.matches(q, v),
    "ts_match_qv": lambda q, v: ts_match.matches(q, v),
    "ts_match_tt": ts_match_tt, "ts_match_tq": ts_match_tq,
    "tsquery_and": tsquery_and, "tsquery_or": tsquery_or, "tsquery_not": tsquery_not,
    "tsquery_phrase": tsquery_phrase, "tsquery_phrase_distance": tsquery_phrase,
    "tsq_mcontains": tsq_mcontains, "tsq_mcontained": tsq_mcontained,
    "tsvector_filter": ts_filter, "tsvector_setweight_by_filter": setweight_filter,
    "tsvector_setweight": setweight, "tsvector_delete_str": ts_delete_one,
    "tsvector_delete_arr": ts_delete_many, "tsvector_unnest": tsvector_unnest,
    "tsvector_to_array": tsvector_to_array, "array_to_tsvector": array_to_tsvector,
    "tsvector_strip": strip, "tsvector_length": tsvector_length,
    "tsquery_numnode": numnode, "tsquerytree": querytree,
    "tsquery_rewrite": ts_rewrite, "tsquery_rewrite_query": ts_rewrite_query,
    "ts_rank_wttf": lambda w, v, q, m: ts_rank.rank(w, v, q, m),
    "ts_rank_wtt": lambda w, v, q: ts_rank.rank(w, v, q, 0),
    "ts_rank_ttf": lambda v, q, m: ts_rank.rank(None, v, q, m),
    "ts_rank_tt": lambda v, q: ts_rank.rank(None, v, q, 0),
    "ts_rankcd_wttf": lambda w, v, q, m: ts_rank.rank_cd(w, v, q, m),
    "ts_rankcd_wtt": lambda w, v, q: ts_rank.rank_cd(w, v, q, 0),
    "ts_rankcd_ttf": lambda v, q, m: ts_rank.rank_cd(None, v, q, m),
    "ts_rankcd_tt": lambda v, q: ts_rank.rank_cd(None, v, q, 0),
    "ts_token_type_byid": ts_token_type, "ts_token_type_byname": ts_token_type,
    "ts_parse_byid": ts_parse, "ts_parse_byname": ts_parse,
    "ts_lexize": ts_lexize,
    "ts_headline_byid_opt": ts_headline_byid, "ts_headline_byid": ts_headline_byid,
    "ts_headline_opt": _current(ts_headline_byid), "ts_headline": _current(ts_headline_byid),
    "to_tsvector_byid": to_tsvector_byid, "to_tsvector": to_tsvector_default,
    "to_tsquery_byid": to_tsquery_byid, "to_tsquery": _current(to_tsquery_byid),
    "plainto_tsquery_byid": plainto_tsquery_byid,
    "plainto_tsquery": _current(plainto_tsquery_byid),
    "phraseto_tsquery_byid": phraseto_tsquery_byid,
    "phraseto_tsquery": _current(phraseto_tsquery_byid),
    "websearch_to_tsquery_byid": websearch_to_tsquery_byid,
    "websearch_to_tsquery": _current(websearch_to_tsquery_byid),
    "jsonb_string_to_tsvector": _current(jsonb_to_tsvector_byid),
    "json_string_to_tsvector": _current(json_to_tsvector_byid),
    "jsonb_string_to_tsvector_byid": jsonb_to_tsvector_byid,
    "json_string_to_tsvector_byid": json_to_tsvector_byid,
    "ts_headline_jsonb_byid_opt": ts_headline_jsonb_byid,
    "ts_headline_jsonb_byid": ts_headline_jsonb_byid,
    "ts_headline_jsonb_opt": _current(ts_headline_jsonb_byid),
    "ts_headline_jsonb": _current(ts_headline_jsonb_byid),
    "ts_headline_json_byid_opt": ts_headline_json_byid,
    "ts_headline_json_byid": ts_headline_json_byid,
    "ts_headline_json_opt": _current(ts_headline_json_byid),
    "ts_headline_json": _current(ts_headline_json_byid),
    "get_current_ts_config": get_current_ts_config,
}

# Set-returning functions returning records: their OUT columns (name, type oid).
_OUT_COLUMNS = {
    3322: (("lexeme", 25), ("positions", 1005), ("weights", 1009)),
    3713: (("tokid", 23), ("alias", 25), ("description", 25)),
    3714: (("tokid", 23), ("alias", 25), ("description", 25)),
    3715: (("tokid", 23), ("token", 25)),
    3716: (("tokid", 23), ("token", 25)),
    6183: (("alias", 25), ("description", 25), ("token", 25), ("dictionaries", 3770),
           ("dictionary", 3769), ("lexemes", 1009)),
    6184: (("alias", 25), ("description", 25), ("token", 25), ("dictionaries", 3770),
           ("dictionary", 3769), ("lexemes", 1009)),
}
def _debug_with_oids(fn):
    """ts_debug's dictionaries as regdictionary values (OIDs)."""
    def call(*args):
        for alias, description, token, names, used, lexemes in fn(*args):
            yield (alias, description, token, [ts_config.dictionary_oid(n) for n in names],
                   None if used is None else ts_config.dictionary_oid(used), lexemes)
    return call


_BY_OID = {6183: _debug_with_oids(ts_debug), 6184: _debug_with_oids(_ts_debug_default)}


def install_operators(register) -> None:
    for oid, name, left, right, result, code in OPERATORS:
        fn = _FUNCTIONS[code.rsplit(".", 1)[-1]]
        register(oid, name, left or None, right, result, fn)


def install_functions(register) -> None:
    for oid, name, arg_types, result, _strict, volatility, prosrc, retset, rows in PROCS:
        fn = _BY_OID.get(oid) or _FUNCTIONS.get(prosrc)
        if fn is None:
            continue                 # send functions, triggers: not callable from SQL here
        register(name, arg_types, result, fn, oid=oid, strict=True, volatility=volatility,
                 returns_set=retset, out_columns=_OUT_COLUMNS.get(oid, ()),
                 rows=rows or 1000.0)
    # json(b)_to_tsvector with a filter (not among the generated rows)
    regconfig, json_oid, jsonb_oid, tsvector = 3734, 114, 3802, 3614
    for oid, name, arg_types, fn, volatility in (
            (4213, "jsonb_to_tsvector", (jsonb_oid, jsonb_oid),
             _current(jsonb_to_tsvector_flags), "s"),
            (4214, "jsonb_to_tsvector", (regconfig, jsonb_oid, jsonb_oid),
             jsonb_to_tsvector_flags, "i"),
            (4215, "json_to_tsvector", (json_oid, jsonb_oid),
             _current(json_to_tsvector_flags), "s"),
            (4216, "json_to_tsvector", (regconfig, json_oid, jsonb_oid),
             json_to_tsvector_flags, "i")):
        register(name, arg_types, tsvector, fn, oid=oid, strict=True, volatility=volatility)
