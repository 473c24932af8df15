"""Trigrams a regular expression's matches must contain, for pg_trgm's index searches
(~ and ~* through gin_trgm_ops and gist_trgm_ops).

The answer is a condition in disjunctive form: a list of alternatives, each a set of
trigrams; a string can match only if it holds every trigram of some alternative. None
means no condition (every row is a candidate). Both index classes recheck every row
they return, so the condition only has to be necessary: whatever this module does not
understand weakens it, never the reverse.

How: the pattern is read as top-level alternatives (`|` outside brackets and groups);
each alternative as a sequence of atoms: a word character (ASCII letter or digit), a
bracket expression of word characters ([abc], [a-d]: at most 8 characters), or
anything else, which breaks the sequence (., \\d, a group, a non-word character,
anchors). A quantifier makes its atom optional (?, *, {0,n}: a break) or repeats it
(+, {n,m} with n >= 1: the atom once, then a break, the atom beginning the next run).
Each unbroken run of atoms gives its trigrams (lower-cased, unpadded: a run may sit
inside a longer word), one set per spelling of its bracket expressions (at most 16),
and an alternative needs every run's trigrams; runs are combined into at most 16
alternatives (past that, the run with most spellings is dropped). An alternative with
no trigrams, or a pattern with embedded options ((?i), ***:), back references or
unbalanced brackets, gives None.

PostgreSQL builds a trigram graph from the expression's automaton (trgm_regexp.c),
which also pads trigrams at anchors and word bounds; what it extracts can be more
than this, the rows returned are the same.

Entry point: regex_condition(pattern) -> list[frozenset[bytes]] | None.

PostgreSQL: contrib/pg_trgm/trgm_regexp.c (createTrgmNFA, the color trigram graph).
"""
from __future__ import annotations

import functools
import itertools

from pgsnake.contrib import trigrams

_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_MAX_CLASS = 8
_MAX_SPELLINGS = 16
_MAX_ALTERNATIVES = 16
BREAK = None


class _GiveUp(Exception):
    """The pattern uses something this reader does not follow: no condition."""


def _bracket(pattern: str, i: int):
    """[...] starting at i -> (set of word characters or None, index after it)."""
    j = i + 1
    negated = j < len(pattern) and pattern[j] == "^"
    if negated:
        j += 1
    chars: set[str] = set()
    plain = True
    first = True
    while j < len(pattern) and (pattern[j] != "]" or first):
        first = False
        c = pattern[j]
        if c == "[" and j + 1 < len(pattern) and pattern[j + 1] in ":.=":
            end = pattern.find(pattern[j + 1] + "]", j + 2)
            if end < 0:
                raise _GiveUp
            plain = False
            j = end + 2
            continue
        if c == "\\":
            plain = False
            j += 2
            continue
        if j + 2 < len(pattern) and pattern[j + 1] == "-" and pattern[j + 2] != "]":
            low, high = c, pattern[j + 2]
            if low in _WORD and high in _WORD and ord(high) - ord(low) < _MAX_CLASS * 4:
                chars.update(chr(o) for o in range(ord(low), ord(high) + 1))
            else:
                plain = False
            j += 3
            continue
        chars.add(c)
        j += 1
    if j >= len(pattern):
        raise _GiveUp
    lowered = {c.lower() for c in chars}
    if negated or not plain or not lowered or not lowered <= _WORD \
            or len(lowered) > _MAX_CLASS or any(c not in _WORD for c in chars):
        return BREAK, j + 1
    return frozenset(lowered), j + 1


def _group_end(pattern: str, i: int) -> int:
    """The index after the group opened at i (nested groups and brackets skipped)."""
    depth, j = 0, i
    while j < len(pattern):
        c = pattern[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            _atom, j = _bracket(pattern, j)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    raise _GiveUp


def _quantifier(pattern: str, i: int):
    """(least count, whether exactly that many, index after) for a quantifier at i;
    (1, True, i) where there is none."""
    if i >= len(pattern):
        return 1, True, i
    c = pattern[i]
    if c in "?*+":
        i += 1
        if i < len(pattern) and pattern[i] == "?":      # non-greedy
            i += 1
        return (1 if c == "+" else 0), False, i
    if c == "{":
        end = pattern.find("}", i)
        body = pattern[i + 1:end] if end > 0 else ""
        low, _comma, high = body.partition(",")
        if not low.isdigit() or (high and not high.isdigit()):
            return 1, True, i                            # a literal brace
        i = end + 1
        if i < len(pattern) and pattern[i] == "?":
            i += 1
        return int(low), "," not in body or high == low, i
    return 1, True, i


def _atoms(branch: str) -> list:
    """The branch as atoms: frozensets of spellings of one character, or BREAK."""
    out: list = []
    i = 0
    while i < len(branch):
        c = branch[i]
        if c == "\\":
            if i + 1 < len(branch) and branch[i + 1].isdigit():
                raise _GiveUp                           # a back reference
            atom, i = BREAK, i + 2
        elif c == "[":
            atom, i = _bracket(branch, i)
        elif c == "(":
            if branch.startswith("(?", i):
                raise _GiveUp                           # embedded options / lookaround
            atom, i = BREAK, _group_end(branch, i)
        elif c in _WORD:
            atom, i = frozenset(c.lower()), i + 1
        else:
            atom, i = BREAK, i + 1
        least, exact, i = _quantifier(branch, i)
        if atom is BREAK or least == 0:
            out.append(BREAK)
        elif exact:
            out.extend([atom] * least)
        else:
            # `least` copies, maybe more: the first copies follow what came before, the
            # last one precedes what comes after
            out.extend([atom] * least + [BREAK, atom])
    return out


def _split(pattern: str, bar: str = "|") -> list[str]:
    """Top-level alternatives."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            _atom, i = _bracket(pattern, i)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == bar and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _run_spellings(run: list) -> list[frozenset] | None:
    """The trigram sets of a run of atoms, one per spelling (None: too many)."""
    count = 1
    for atom in run:
        count *= len(atom)
        if count > _MAX_SPELLINGS:
            return None
    out = set()
    for letters in itertools.product(*[sorted(a) for a in run]):
        word = "".join(letters)
        out.add(frozenset(trigrams.wildcard_trigrams("%" + word + "%")))
    return sorted(out, key=lambda s: sorted(s))


def _branch_condition(branch: str) -> list[frozenset] | None:
    runs, current = [], []
    for atom in _atoms(branch) + [BREAK]:
        if atom is BREAK:
            if len(current) >= 3:
                runs.append(current)
            current = []
        else:
            current.append(atom)
    options = [s for s in (_run_spellings(r) for r in runs) if s]
    while options and _product_size(options) > _MAX_ALTERNATIVES:
        options.remove(max(options, key=len))
    if not options:
        return None
    alternatives = [frozenset().union(*combo) for combo in itertools.product(*options)]
    alternatives = [a for a in alternatives if a]
    return alternatives or None


def _product_size(options) -> int:
    size = 1
    for o in options:
        size *= len(o)
    return size


@functools.lru_cache(maxsize=256)
def _condition(pattern: str, c_ctype: bool):
    if pattern.startswith("***") or not c_ctype and not pattern.isascii():
        return None
    try:
        alternatives = []
        for branch in _split(pattern):
            found = _branch_condition(branch)
            if found is None:
                return None
            alternatives.extend(found)
    except _GiveUp:
        return None
    if len(alternatives) > _MAX_ALTERNATIVES:
        return None
    return tuple(dict.fromkeys(alternatives))


def regex_condition(pattern: str) -> list[frozenset] | None:
    found = _condition(pattern, trigrams._c_ctype())
    return None if found is None else list(found)
