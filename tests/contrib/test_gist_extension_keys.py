# The GiST classes contrib registers (btree_gist's gist_<type>_ops, gist_trgm_ops,
# gist_hstore_ops) keep the tree's contract: a leaf key answers exactly as the operator
# does (or asks for a recheck), and an internal key (the union of some leaf keys) never
# says "nothing below matches" when one of them matches. Checked on random values against
# pgsnake's own operators, without a server.
from __future__ import annotations

import random

import pytest

from pgsnake.contrib import btree_gist_keys, hstore_value, pg_trgm_gist, trigrams
from pgsnake.datatypes import operators, registry

_STRATEGY_OPERATORS = {1: "<", 2: "<=", 3: "=", 4: ">=", 5: ">", 6: "<>"}
_SAMPLES = {
    "gist_int4_ops": ["-2147483648", "-5", "0", "1", "7", "7", "42", "2147483647"],
    "gist_int8_ops": ["-9223372036854775808", "-1", "0", "3", "99", "9223372036854775807"],
    "gist_float8_ops": ["-Infinity", "-1.5", "0", "2.25", "1e300", "Infinity", "NaN"],
    "gist_numeric_ops": ["-1e20", "-1", "0", "0.5", "3.14159", "1e20", "NaN"],
    "gist_text_ops": ["", "a", "ab", "abc", "b", "x9", "zzz", "é"],
    "gist_bpchar_ops": ["", "a", "a  ", "ab", "b "],
    "gist_date_ops": ["-infinity", "1999-12-31", "2000-01-01", "2024-02-29", "infinity"],
    "gist_timestamptz_ops": ["-infinity", "2000-01-01 00:00+00", "2000-01-01 00:00+02",
                             "2020-06-01 12:00+00", "infinity"],
    "gist_time_ops": ["00:00", "00:00:01", "12:30", "23:59:59.999999"],
    "gist_timetz_ops": ["00:00+00", "01:00+01", "12:00-03", "12:00+00", "23:00+05"],
    "gist_interval_ops": ["-1 day", "0", "1 mon", "30 days", "1 year", "00:00:01"],
    "gist_uuid_ops": ["00000000-0000-0000-0000-000000000000",
                      "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                      "ffffffff-ffff-ffff-ffff-ffffffffffff"],
    "gist_bytea_ops": ["\\x", "\\x00", "\\x0001", "\\xff"],
    "gist_bool_ops": ["f", "t"],
    "gist_macaddr_ops": ["00:00:00:00:00:00", "08:00:2b:01:02:03", "ff:ff:ff:ff:ff:ff"],
    "gist_int2_ops": ["-32768", "0", "5", "32767"],
    "gist_oid_ops": ["0", "1", "4294967295"],
    "gist_cash_ops": ["-1.00", "0", "12.34"],
    # lossy keys: addresses sharing a scalar (masks, IPv6 past the fifth byte)
    "gist_inet_ops": ["0.0.0.0/0", "10.1.2.3/8", "10.1.2.3", "10.1.2.4", "192.168.0.1/24",
                      "255.255.255.255", "::/0", "2001:db8::1", "2001:db8::2/64", "ffff::1"],
    "gist_cidr_ops": ["0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24",
                      "2001:db8::/32", "2001:db8::/64"],
}


@pytest.mark.parametrize("name", sorted(_SAMPLES))
def test_btree_gist_keys_answer_as_the_operators(name):
    spec = btree_gist_keys.SPECS[name]
    keys = btree_gist_keys.KeyClass(spec)
    info = registry.get_type(spec.type_oid)
    values = [info.input(text) for text in _SAMPLES[name]]
    rng = random.Random(name)
    for strategy, operator in _STRATEGY_OPERATORS.items():
        test = operators.resolve_operator(operator, spec.type_oid, spec.type_oid).fn
        for query in values:
            for value in values:
                found, recheck = keys.consistent(keys.compress(value), strategy, query, True)
                if not recheck:
                    assert found == bool(test(value, query)), (name, operator, value, query)
                elif test(value, query):
                    assert found, (name, operator, value, query)
            for _ in range(20):
                group = rng.sample(values, rng.randint(1, len(values)))
                union = keys.union([keys.compress(v) for v in group])
                if any(test(v, query) for v in group):
                    assert keys.consistent(union, strategy, query, False)[0], \
                        (name, operator, group, query)


def test_btree_gist_picksplit_and_penalty():
    keys = btree_gist_keys.KeyClass(btree_gist_keys.SPECS["gist_int4_ops"])
    stored = [keys.compress(v) for v in (5, 1, 9, 3, 7, 2)]
    left, right = keys.picksplit(stored)
    assert sorted(left + right) == list(range(6)) and left and right
    assert max(keys.decode(stored[i])[2] for i in left) <= \
        min(keys.decode(stored[i])[2] for i in right)
    wide = keys.union([keys.compress(1), keys.compress(9)])
    assert keys.penalty(wide, keys.compress(5)) == 0.0
    assert keys.penalty(wide, keys.compress(20)) > keys.penalty(wide, keys.compress(10))


@pytest.fixture
def c_ctype(monkeypatch):
    monkeypatch.setattr(trigrams, "_c_ctype", lambda: True)


def test_gist_trgm_ops_internal_keys_keep_matches(c_ctype, monkeypatch):
    from pgsnake.contrib import pg_trgm
    limits = {pg_trgm.SIMILARITY: 0.3, pg_trgm.WORD_SIMILARITY: 0.6,
              pg_trgm.STRICT_WORD_SIMILARITY: 0.5}
    monkeypatch.setattr(pg_trgm, "threshold", lambda name: trigrams.float4(limits[name]))
    keys = pg_trgm_gist._Keys(pg_trgm_gist.SIGLEN_DEFAULT)
    rng = random.Random(3)
    words = ["hello", "world", "postgres", "gist", "index", "yellow", "help", "word"]
    texts = [" ".join(rng.sample(words, rng.randint(1, 3))) for _ in range(60)]
    queries = ["hello", "wor", "postgresql", "gist index", "xyz", "hel"]
    for query in queries:
        for text in texts:
            leaf = keys.compress(text)
            found, recheck = keys.consistent(leaf, pg_trgm_gist.SIMILARITY, query, True)
            assert not recheck
            assert found == (trigrams.similarity(text, query) >= limits[pg_trgm.SIMILARITY])
        for _ in range(30):
            group = rng.sample(texts, rng.randint(1, 12))
            union = keys.union([keys.compress(t) for t in group])
            if any(trigrams.similarity(t, query) >= limits[pg_trgm.SIMILARITY] for t in group):
                assert keys.consistent(union, pg_trgm_gist.SIMILARITY, query, False)[0]
            if any(query in t for t in group):
                assert keys.consistent(union, pg_trgm_gist.LIKE, f"%{query}%", False)[0]
                assert keys.consistent(union, pg_trgm_gist.REGEX, query, False)[0]


def test_gist_hstore_ops_keys_keep_matches():
    from pgsnake.contrib import hstore_gist
    signatures = hstore_gist._Signatures(hstore_gist.SIGLEN_DEFAULT)
    rng = random.Random(5)
    values = [hstore_value.parse(", ".join(
        f"k{rng.randint(0, 30)}=>{rng.choice(['v1', 'v2', 'NULL'])}"
        for _ in range(rng.randint(0, 4)))) for _ in range(80)]
    queries = [hstore_value.parse(q) for q in ("k1=>v1", "k2=>NULL", "k3=>v2, k4=>v1", "")]
    for _ in range(40):
        group = rng.sample(values, rng.randint(1, 10))
        union = signatures.union([signatures.compress(v) for v in group])
        for query in queries:
            if any(all(v.get(k, "missing") == val for k, val in query.pairs) for v in group):
                assert signatures.consistent(union, hstore_gist.CONTAINS, query, False)[0]
        for key in ("k1", "k7", "k30"):
            if any(key in v for v in group):
                assert signatures.consistent(union, hstore_gist.EXISTS, key, False)[0]
                assert signatures.consistent(union, hstore_gist.EXISTS_ANY,
                                             [key, "zz"], False)[0]
