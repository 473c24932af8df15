# Proves that malformed json, jsonb and jsonpath input, and paths evaluated against odd
# documents, only ever fail with a PgError (a SQLSTATE and message for the client), never
# with a Python exception: a seeded random walk over mutated inputs.
from __future__ import annotations

import random

import pytest

from pgsnake.datatypes import json_functions, jsonpath, registry
from pgsnake.datatypes.jsonb_value import jsonb_input
from pgsnake.utils.errors import PgError

SEEDS_JSON = ['{"a": [1, 2.5e3, "x\\u00e9", null, true], "b": {"c": {}}}', '[[[]]]', '"\\ud83d\\ude00"',
              '-0.0', '{"a":1,"a":2}']
SEEDS_PATH = ['$.a[*] ? (@ > 1 && @ < $x)', 'strict $.**{1 to last}.type()', '$.a[last - 1 to last]',
              '-$.b.c.keyvalue().value', '$ ? (@.a like_regex "^x" flag "iq")', '($.a[0] + 2) * 3 % 4',
              'exists($.b ? (@.c starts with "x"))', '$.a.size().double().floor().abs()',
              '$.d[*] ? (@.datetime() < "2024-01-02 10:00:00+01".datetime())']
ALPHABET = list('{}[]",:.\\u0123456789eE+-$@*?()!&|<>=abcdefnrtlsx_ \t\n') + ["\x00", "é", "last", "to"]


def _mutations(text: str, rng: random.Random, count: int):
    for _ in range(count):
        chars = list(text)
        for _ in range(rng.randint(1, 4)):
            action = rng.randrange(3)
            position = rng.randrange(len(chars) + 1)
            if action == 0 and chars:
                del chars[min(position, len(chars) - 1)]
            elif action == 1:
                chars.insert(position, rng.choice(ALPHABET))
            elif chars:
                chars[min(position, len(chars) - 1)] = rng.choice(ALPHABET)
        yield "".join(chars)


def _only_pg_errors(fn, *args):
    try:
        return fn(*args)
    except PgError:
        return None


@pytest.mark.parametrize("seed", SEEDS_JSON)
def test_json_input_fails_cleanly(seed):
    rng = random.Random(seed)
    json_type, jsonb_type = registry.get_type(114), registry.get_type(3802)
    for text in _mutations(seed, rng, 300):
        _only_pg_errors(json_type.input, text)
        value = _only_pg_errors(jsonb_type.input, text)
        if value is not None:
            assert jsonb_type.output(jsonb_type.unpack(jsonb_type.pack(value))) == \
                jsonb_type.output(value)


@pytest.mark.parametrize("seed", SEEDS_PATH)
def test_jsonpath_input_and_evaluation_fail_cleanly(seed):
    rng = random.Random(seed)
    documents = [jsonb_input(d) for d in SEEDS_JSON] + [jsonb_input(
        '{"a": [1, "x", [2]], "b": {"c": "xy"}, "d": ["2024-01-02", "12:00:00+01", "2024-01-02 03:04:05"]}')]
    variables = jsonb_input('{"x": 5}')
    for text in _mutations(seed, rng, 200):
        path = _only_pg_errors(jsonpath.jsonpath_input, text)
        if path is None:
            continue
        again = jsonpath.jsonpath_input(path.text)    # the normal form reads back the same
        assert again.text == path.text
        for document in documents:
            for silent in (False, True):
                _only_pg_errors(json_functions.jsonb_path_query_array, document, path, variables, silent)
                _only_pg_errors(json_functions.jsonb_path_match, document, path, variables, silent)
                _only_pg_errors(json_functions._path_function("query_array", True), document, path,
                                variables, silent)
