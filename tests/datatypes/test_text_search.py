"""Full text search pieces the differential script (tests/regress/sql/text_search.sql)
cannot show: the English stemmer against the oracle's recorded stems, the binary wire
forms against the oracle's, pgsnake's refusal of configurations it does not implement,
and the GIN support functions access/gin's tsvector_ops uses."""
from __future__ import annotations

import json
import pathlib

import pytest

from pgsnake.datatypes import registry, ts_config, ts_functions, ts_match, tsquery, tsvector
from pgsnake.utils.errors import PgError

CASES = pathlib.Path(__file__).with_name("english_stem_cases.json")


def test_english_stem_matches_the_oracle():
    """Every recorded ts_lexize('english_stem', word) (tools/generate_textsearch_facts.py
    --stem-cases): stop words give {}, other words the Porter2 stem."""
    cases = json.loads(CASES.read_text())["cases"]
    assert len(cases) > 3000
    english_stem = ts_config.dictionary_oid("english_stem")
    wrong = [(word, expected, ts_config.lexize(english_stem, word))
             for word, expected in cases if ts_config.lexize(english_stem, word) != expected]
    assert wrong == []


def test_unimplemented_configuration_names_itself():
    french = ts_config.config_oid("french")
    assert ts_config.config_name(french) == "french"
    with pytest.raises(PgError) as caught:
        ts_functions.to_tsvector_byid(french, "bonjour")
    assert caught.value.sqlstate == "0A000"
    assert 'text search configuration "french" is not supported' in str(caught.value)


VECTORS = ("'a':1A,3 'b' 'c':2B,16383", "'it''s' 'a\\\\b'", "", "'x':1,2,3,4C")
QUERIES = ("'a' & !'b' | 'c':*AB <3> 'd'", "!!'x'", "'a' <-> ( 'b' <-> 'c' )", "'x'")


def test_storage_and_wire_round_trips():
    for oid, texts in ((3614, VECTORS), (3615, QUERIES)):
        info = registry.get_type(oid)
        for text in texts:
            value = info.input(text)
            assert info.output(info.receive(info.send(value))) == info.output(value)
            assert info.output(info.unpack(info.pack(value))) == info.output(value)


def test_binary_results_match_the_oracle(pgsnake_server, oracle):
    def fetch(server):
        with server.connect(autocommit=True) as conn:
            with conn.cursor(binary=True) as cur:
                vectors = [cur.execute("SELECT %s::tsvector", (text,)).fetchone()[0]
                           for text in VECTORS]
                queries = [cur.execute("SELECT %s::tsquery", (text,)).fetchone()[0]
                           for text in QUERIES]
            return [bytes(v) for v in vectors], [bytes(q) for q in queries]
    assert fetch(pgsnake_server) == fetch(oracle)


def test_gin_support_functions():
    vector = tsvector.tsvector_input("'cat':1 'fat':2 'rat':3")
    query = tsquery.tsquery_input("fat & !dog")
    assert ts_match.gin_extract_value(vector) == ["cat", "fat", "rat"]
    assert ts_match.gin_extract_query(query) == [("fat", False, 0), ("dog", False, 0)]
    assert ts_match.gin_consistent(query, [True, False]) == (True, False)
    assert ts_match.gin_consistent(query, [True, True]) == (False, False)
    assert ts_match.gin_consistent(query, [False, False]) == (False, False)
    phrase = tsquery.tsquery_input("fat <-> rat")
    assert ts_match.gin_consistent(phrase, [True, True]) == (True, True)
    assert ts_match.gin_consistent(phrase, [True, False]) == (False, False)
    weighted = tsquery.tsquery_input("fat:A")
    assert ts_match.gin_consistent(weighted, [True]) == (True, True)
    assert ts_match.gin_requires_full_scan(tsquery.tsquery_input("!dog"))
    assert not ts_match.gin_requires_full_scan(query)


def test_update_trigger_checks():
    """tsvector_update_trigger's refusals the regress script leaves out (each costs a
    CREATE TRIGGER on the shared server): messages and SQLSTATEs as PostgreSQL's."""
    from types import SimpleNamespace

    from pgsnake.pl import ts_update_trigger

    def column(name, type_oid):
        return SimpleNamespace(name=name, type_oid=type_oid, is_dropped=False)
    relation = SimpleNamespace(attributes=[column("id", 23), column("title", 25),
                                           column("cfg", 3734), column("tsv", 3614)])
    by_name = SimpleNamespace(prosrc="tsvector_update_trigger_byid")
    by_column = SimpleNamespace(prosrc="tsvector_update_trigger_bycolumn")

    def fire(function, arguments, row=(1, "The Fat Rats", None, None)):
        call = SimpleNamespace(relation=relation, operation="INSERT", timing="BEFORE",
                               level="ROW", old=None, new=list(row), arguments=arguments)
        return ts_update_trigger.call(function, call)

    assert str(fire(by_name, ["tsv", "pg_catalog.english", "title"])[3]) \
        == str(tsvector.tsvector_input("'fat':2 'rat':3"))
    for function, arguments, sqlstate, message in (
            (by_name, ["tsv", "english", "title"], "22023",
             'text search configuration name "english" must be schema-qualified'),
            (by_name, ["nosuch", "pg_catalog.english", "title"], "42703",
             'tsvector column "nosuch" does not exist'),
            (by_name, ["id", "pg_catalog.english", "title"], "42804",
             'column "id" is not of tsvector type'),
            (by_name, ["tsv", "pg_catalog.english", "id"], "42804",
             'column "id" is not of a character type'),
            (by_name, ["tsv", "pg_catalog.english"], "XX000",
             "tsvector_update_trigger: arguments must be tsvector_field, ts_config, "
             "text_field1, ...)"),
            (by_column, ["tsv", "cfg", "title"], "22004",
             'configuration column "cfg" must not be null')):
        with pytest.raises(PgError) as caught:
            fire(function, arguments)
        assert (caught.value.sqlstate, caught.value.message) == (sqlstate, message)
