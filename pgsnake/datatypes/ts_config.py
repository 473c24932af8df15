"""Text search configurations and dictionaries: from a document to lexemes.

Entry points: config_oid(name) / config_name(oid) (regconfig I/O), dictionary_oid(name)
/ dictionary_name(oid) (regdictionary I/O), current_config() (default_text_search_config),
lexize(dictionary oid, token) (ts_lexize), document_words(config, text) (parsetext:
(lexeme, position) pairs), to_tsvector(config, text), and query_operand(config, operator)
(to_tsquery's pushval_morph: the subtree an operand's text becomes).

Implemented: the 'simple' and 'english' configurations over the default parser, with the
dictionaries 'simple' (lower case, no stop words) and 'english_stem' (lower case, the
english.stop stop words, the Snowball English stemmer). Every other built-in
configuration or dictionary is known by name and OID (so regconfig prints it) but using
it fails with 0A000 naming it, never with a wrong answer.

Invariants: positions count the tokens a configuration maps to some dictionary (a stop
word takes a position, a blank does not), from 1, at most 16383; a token whose
dictionaries all return nothing is skipped.

PostgreSQL: tsearch/to_tsany.c (to_tsvector_byid, pushval_morph, make_tsvector),
tsearch/ts_parse.c (parsetext, LexizeExec), tsearch/dict_simple.c,
snowball/dict_snowball.c, utils/adt/regproc.c (regconfigin/out), utils/cache/ts_cache.c
(getTSCurrentConfig).
"""
from __future__ import annotations

from pgsnake.datatypes import snowball_english, ts_parser, tsquery
from pgsnake.datatypes.textsearch_catalog_facts import (CONFIG_MAP, CONFIGS, DICTS,
                                                        ENGLISH_STOP_WORDS)
from pgsnake.datatypes.tsvector import (MAX_LEXEME_BYTES, MAX_POS, check_total_length,
                                        make_tsvector)
from pgsnake.utils import notices, settings
from pgsnake.utils.errors import PgError

UNDEFINED_OBJECT = "42704"
FEATURE_NOT_SUPPORTED = "0A000"

_CONFIG_BY_NAME = {name: oid for oid, name in CONFIGS}
_CONFIG_BY_OID = {oid: name for oid, name in CONFIGS}
_DICT_BY_NAME = {row[1]: row[0] for row in DICTS}
_DICT_BY_OID = {row[0]: row[1] for row in DICTS}
_MAPS: dict[str, dict[int, tuple[str, ...]]] = {}
for _cfg, _token_type, _dict in CONFIG_MAP:
    _MAPS.setdefault(_cfg, {}).setdefault(_token_type, ())
    _MAPS[_cfg][_token_type] += (_dict,)


def _unqualified(name: str, kind: str) -> str:
    text = name.strip()
    parts = [part.strip() for part in text.split(".")]
    if len(parts) == 2 and parts[0].lower().strip('"') == "pg_catalog":
        return parts[1].strip('"').lower() if not parts[1].startswith('"') \
            else parts[1].strip('"')
    if len(parts) == 1:
        return parts[0].strip('"') if parts[0].startswith('"') else parts[0].lower()
    raise PgError(UNDEFINED_OBJECT, f'text search {kind} "{name}" does not exist')


def config_oid(name: str, typmod: int = -1) -> int:
    text = name.strip()
    if text.isdigit():
        return int(text)
    found = _CONFIG_BY_NAME.get(_unqualified(text, "configuration"))
    if found is None:
        raise PgError(UNDEFINED_OBJECT, f'text search configuration "{name}" does not exist')
    return found


def config_name(oid: int) -> str:
    return _CONFIG_BY_OID.get(oid, str(oid))


def dictionary_oid(name: str, typmod: int = -1) -> int:
    text = name.strip()
    if text.isdigit():
        return int(text)
    found = _DICT_BY_NAME.get(_unqualified(text, "dictionary"))
    if found is None:
        raise PgError(UNDEFINED_OBJECT, f'text search dictionary "{name}" does not exist')
    return found


def dictionary_name(oid: int) -> str:
    return _DICT_BY_OID.get(oid, str(oid))


def current_config() -> int:
    """default_text_search_config as a configuration OID (getTSCurrentConfig)."""
    name = str(settings.get("default_text_search_config"))
    return config_oid(name)


def _check_default_config(value: str) -> str:
    """default_text_search_config's check hook (check_TSCurrentConfig): in a database,
    the configuration must exist (22023; a value only checked gets a NOTICE) and is
    kept schema-qualified."""
    from pgsnake.utils import process_state
    if not process_state.database_oid:
        return value
    try:
        oid = config_oid(value)
    except PgError:
        if settings.checking_only():
            notices.emit(UNDEFINED_OBJECT, f'text search configuration "{value}" does not '
                                           f'exist')
            return value
        raise PgError("22023", f'invalid value for parameter "default_text_search_config": '
                               f'"{value}"') from None
    return f"pg_catalog.{config_name(oid)}"


settings.lookup("default_text_search_config").check = _check_default_config


def _config_map(oid: int) -> dict[int, tuple[str, ...]]:
    name = _CONFIG_BY_OID.get(oid)
    if name is None:
        raise PgError("XX000", f"cache lookup failed for text search configuration {oid}")
    found = _MAPS.get(name)
    if found is None:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f'text search configuration "{name}" is not supported by pgsnake')
    return found


def _lexize_by_name(dictionary: str, token: str) -> list[str] | None:
    """A dictionary's lexemes for a token: a list (empty: a stop word) or None (the
    dictionary does not know the token; both built-ins know every token)."""
    if dictionary == "simple":
        return [token.lower()]
    if dictionary == "english_stem":
        word = token.lower()
        if word in ENGLISH_STOP_WORDS:
            return []
        return [snowball_english.stem(word)]
    raise PgError(FEATURE_NOT_SUPPORTED,
                  f'text search dictionary "{dictionary}" is not supported by pgsnake')


def lexize(dictionary_oid_: int, token: str) -> list[str] | None:
    name = _DICT_BY_OID.get(dictionary_oid_)
    if name is None:
        raise PgError("XX000", f"cache lookup failed for text search dictionary "
                               f"{dictionary_oid_}")
    return _lexize_by_name(name, token)


def token_lexemes(config: int, token_type: int, token: str):
    """(mapped, lexemes) of one parser token under a configuration."""
    dictionaries = _config_map(config).get(token_type)
    if not dictionaries:
        return False, []
    for dictionary in dictionaries:
        found = _lexize_by_name(dictionary, token)
        if found is not None:
            return True, found
    return True, []


def document_words(config: int, text: str) -> list[tuple[str, int]]:
    """(lexeme, position) for each lexeme of a document (parsetext)."""
    return parse_document(config, text, 0)[0]


def parse_document(config: int, text: str, position: int):
    """The lexemes of a document whose first token takes position + 1, and the last
    position used (the JSON forms parse several strings as one document)."""
    words: list[tuple[str, int]] = []
    mapping = _config_map(config)
    for token_type, token in ts_parser.parse(text):
        if len(token.encode()) > MAX_LEXEME_BYTES:
            notices.emit("00000", "word is too long to be indexed",
                         detail=f"Words longer than {MAX_LEXEME_BYTES} characters are ignored.")
            continue
        if not mapping.get(token_type):
            continue
        _mapped, lexemes = token_lexemes(config, token_type, token)
        position += 1
        for lexeme in lexemes:
            words.append((lexeme, position))
    return words, position


def strings_to_tsvector(config: int, strings):
    """One tsvector of several texts (the string values of a JSON document): positions
    continue from one text to the next, one further after a text that gave lexemes so
    that a phrase cannot match across two of them (to_tsany.c add_to_tsvector)."""
    words: list[tuple[str, int]] = []
    position = 0
    for text in strings:
        found, position = parse_document(config, text, position)
        if found:
            words.extend(found)
            position += 1
    return check_total_length(make_tsvector(
        (lexeme, [(min(pos, MAX_POS), 0)]) for lexeme, pos in words))


def to_tsvector(config: int, text: str):
    pairs = [(lexeme, [(min(position, MAX_POS), 0)])
             for lexeme, position in document_words(config, text)]
    return check_total_length(make_tsvector(pairs))


def query_operand(config: int, operator: str):
    """The function to_tsquery, plainto_tsquery, phraseto_tsquery and
    websearch_to_tsquery give the query parser: an operand's text becomes its lexemes
    joined by `operator` ('<>' or '&'), stop words as placeholders that widen phrase
    distances (pushval_morph)."""
    def make(text: str, weights: int, prefix: bool):
        words = document_words(config, text)
        if not words:
            return ("stop",)
        node = None
        last_position = 0
        for lexeme, position in words:
            item = tsquery.operand(lexeme, weights, prefix)
            if node is None:
                node = item
            else:
                while last_position + 1 < position:
                    node = tsquery.make_binary(operator, node, ("stop",), 1)
                    last_position += 1
                if position == last_position:
                    node = tsquery.make_binary("|" if operator != "&" else "&", node, item)
                else:
                    node = tsquery.make_binary(operator, node, item, 1)
            last_position = position
        return node
    return make


def finish_query(root, text: str):
    """Stop words removed; the NOTICE PostgreSQL gives when nothing is left."""
    if root is None:
        notices.emit("00000", f'text-search query doesn\'t contain lexemes: "{text}"')
        return tsquery.TsQuery(None)
    cleaned, _l, _r = tsquery.remove_stop_words(root)
    if cleaned is None:
        notices.emit("00000", "text-search query contains only stop words or doesn't "
                              "contain lexemes, ignored")
    return tsquery.TsQuery(cleaned)
