# Proves that regex_translate turns PostgreSQL's ARE syntax into Python patterns that match
# what ARE matches (classes, escapes, constraints, flags, directors, embedded options),
# that invalid patterns fail with PostgreSQL's 2201B reasons before Python sees them, that
# the overall match is ARE's longest (or shortest) one, and that the differences documented
# in pgsnake/datatypes/README.md behave as documented. Results against PostgreSQL itself
# are checked by tests/regress/sql/regex.sql.
from __future__ import annotations

import pytest

from pgsnake.datatypes import regex_functions as rf
from pgsnake.datatypes.regex_translate import (RegexFlags, compile_regex, parse_flags,
                                               translate)
from pgsnake.utils.errors import PgError


def matches(pattern: str, text: str, flags: str = "") -> bool:
    return compile_regex(pattern, parse_flags(flags)[0]).matches(text)


def first(pattern: str, text: str, flags: str = ""):
    found = compile_regex(pattern, parse_flags(flags)[0]).search(text)
    return None if found is None else found.group(0)


@pytest.mark.parametrize("pattern, text, expected", [
    (r"[[:alpha:]]+[[:digit:]]", "ab1", True),
    (r"^[[:space:]]$", "\v", True),
    (r"[[:word:]]", "_", True),
    (r"\d\s\w", "1 x", True),
    (r"[\d]", "x", False),
    (r"[^\d]", "x", True),
    (r"\mfoo\M", "a foo b", True),
    (r"\mfoo\M", "afoob", False),
    (r"\yfoo\y", "foo", True),
    (r"o\Yo", "foo", True),
    (r"\Aab\Z", "ab\n", False),
    (r"a\bc", "a\bc", True),          # \b is backspace in an ARE, not a word boundary
    (r"\B", "\\", True),              # \B is a backslash
    (r"\x41\u0042\U00000043\103", "ABCC", True),
    (r"\cA", "\x01", True),
    (r"a{,2}", "a{,2}", True),        # a brace not followed by a digit is literal
    (r"(a)\1", "aa", True),
    (r"é", "é", True),
])
def test_are_constructs(pattern, text, expected):
    assert matches(pattern, text) is expected


def test_c_locale_is_ascii_only():
    assert not matches(r"\w", "é")
    assert not matches("[[:alpha:]]", "é")
    assert not matches("É", "é", "i")
    assert matches("A", "a", "i")


def test_newline_sensitivity_flags():
    text = "a\nb"
    assert matches("a.b", text)                          # default: . matches newline
    assert not matches("a.b", text, "n")
    assert not matches("a[^x]b", text, "p")              # p: [^...] stops at newlines
    assert not matches("^b", text, "p")                  #    but ^ does not anchor there
    assert matches("^b", text, "w")                      # w: ^ anchors at newlines
    assert matches("a[^x]b", text, "w")                  #    and [^...] matches them
    assert matches(r"a\Db", text, "n")                   # \D still matches a newline
    assert matches("a.b", text, "ns")                    # the last flag wins


def test_directors_and_embedded_options():
    assert matches("***=a.", "xa.") and not matches("***=a.", "ab")
    assert matches("***:(?i)A", "a")
    assert matches("***=a.", "a.", "e")                  # directors in an ERE too
    assert matches("(?x) a b # comment", "ab")
    assert matches(r"(?x)a\ b", "a b")
    assert matches("(?#note)ab", "ab")
    assert matches("(?q)a.b", "a.b") and not matches("(?q)a.b", "axb")
    assert translate("(?i)abc") == "abc"


def test_flag_e_is_a_basic_re_as_in_postgresql_15():
    assert parse_flags("e")[0].syntax == "basic"
    assert matches("^a+$", "a+", "e")
    assert matches("(?e)^a+$", "aa")                     # the embedded option: ERE


def test_ere_and_bre_syntax():
    assert matches(r"(?e)a\db", "adb")                   # ERE: backslash quotes
    assert matches(r"a+c", "a+c", "b")                   # BRE: + is literal
    assert matches(r"\(a\)\1", "aa", "b")
    assert matches(r"a\{2\}", "aa", "b")
    assert matches(r"*a", "*a", "b")                     # a leading * is literal


@pytest.mark.parametrize("pattern, reason", [
    ("a(", "parentheses () not balanced"),
    ("a)", "parentheses () not balanced"),
    ("a[", "brackets [] not balanced"),
    ("[[:alpha:]", "brackets [] not balanced"),
    ("a{2", "braces {} not balanced"),
    ("a{3,2}", "invalid repetition count(s)"),
    ("a{256}", "invalid repetition count(s)"),
    ("a{1,2,3}", "invalid repetition count(s)"),
    ("*a", "quantifier operand invalid"),
    ("a**", "quantifier operand invalid"),
    ("a*??", "quantifier operand invalid"),
    ("^*", "quantifier operand invalid"),
    ("(?", "quantifier operand invalid"),
    (r"\q", "invalid escape \\ sequence"),
    ("a\\", "invalid escape \\ sequence"),
    (r"\x", "invalid escape \\ sequence"),
    ("[[:foo:]]", "invalid character class"),
    ("[z-a]", "invalid character range"),
    ("[[:alpha:]-z]", "invalid character range"),
    ("[[.ab.]]", "invalid collating element"),
    (r"\2", "invalid backreference number"),
    (r"\1(a)", "invalid backreference number"),
    (r"(?=\1)(a)", "invalid backreference number"),
    ("(?z)a", "invalid embedded option"),
    ("[z-a", "brackets [] not balanced"),        # judged one token later: the end
    ("[.-,b]", "invalid character range"),
    ("[[:foo:]", "brackets [] not balanced"),
    ("[[:alpha:]-", "invalid character range"),
    (r"(a)[\1]", "invalid escape \\ sequence"),   # no back reference in brackets
    ("[ \\", "invalid escape \\ sequence"),
    (r"\m{2", "quantifier operand invalid"),    # a constraint takes no bound at all
])
def test_invalid_patterns(pattern, reason):
    with pytest.raises(PgError) as raised:
        compile_regex(pattern)
    assert raised.value.sqlstate == "2201B"
    assert raised.value.message == f"invalid regular expression: {reason}"


def test_invalid_flag():
    with pytest.raises(PgError) as raised:
        parse_flags("gz")
    assert (raised.value.sqlstate, raised.value.message) == \
        ("22023", 'invalid regular expression option: "z"')
    assert parse_flags("gi") == (RegexFlags(icase=True), True)


def test_longest_and_shortest_overall_match():
    assert first("a|ab", "ab") == "ab"                   # alternation: longest
    assert first("(a*)(ab)?", "aab") == "aab"            # greedy RE: longest
    assert first(r"Y*?([0-9]{1,3})", "XY1234Z") == "Y1"  # non-greedy RE: shortest
    assert first(r"Y*([0-9]{1,3})", "XY1234Z") == "Y123"
    assert rf.regexp_match("abcd", "(a|ab)(c|bcd)(d*)") == ["ab", "c", "d"]


def test_global_iteration_steps_past_empty_matches():
    assert rf.regexp_replace_flags("abxd", "x*", "-", "g") == "-a-b--d-"
    assert rf.regexp_split_to_array("hello world", r"\s*") == list("helloworld")
    assert rf.regexp_count("aaa", "a*") == 2


def test_similar_escape():
    assert rf.similar_escape("a%b_c") == "^(?:a.*b.c)$"
    assert rf.similar_escape('a#"b#"c', "#") == "^(?:a){1,1}?(b){1,1}(?:c)$"
    assert rf.similar_escape("[]a]%", "") == "^(?:[]a].*)$"
    with pytest.raises(PgError) as raised:
        rf.similar_escape("a", "ab")
    assert raised.value.sqlstate == "22025"


# -- the documented differences (pgsnake/datatypes/README.md, "Where we differ") ---------

def test_documented_variable_length_lookbehind_is_refused():
    with pytest.raises(PgError) as raised:
        compile_regex("(?<=a+)b")
    assert raised.value.sqlstate == "0A000"
    assert compile_regex("(?<=ab)c").matches("abc")      # fixed length works


def test_repeated_group_reports_its_last_iteration():
    # ARE: a group inside a repeated atom is as it was in the last iteration (NULL if it
    # took no part there); Python alone would keep 'a' from the first iteration.
    assert rf.regexp_match("abcabc", "(?:(a)|b)+") == [None]
    assert rf.regexp_match("a1b2", r"(?:([a-z])(\d))+") == ["b", "2"]
    assert rf.regexp_match("abab", "((a)|b){2,3}?") == ["b", None]
    assert rf.regexp_match("xab", "x(?:(a)|b){0,2}") == [None]


def test_documented_empty_group_under_non_greedy_quantifier_is_null():
    # PostgreSQL reports {""} for these; pgsnake reports the group as unmatched.
    assert rf.regexp_match("", "(a?)??") == [None]
    assert rf.regexp_match("", "(a?)?") == [""]           # greedy: the same as PostgreSQL


def test_longest_search_sees_the_text_after_the_match():
    # lookahead, $ and \M look past the match end: the longest match is still found
    assert rf.regexp_match("xabc", "x(a|a[b])(?=[bc])") == ["ab"]
    assert first("(?!b)|.", "a") == "a"
    assert first(r"[^a]{0,2}?|(?=a)\w*?", "11x") == "11"
    assert first("(a|ab)(c|bcd)?$", "abcd") == "abcd"
