"""Selectivity of pattern-match clauses (LIKE, ILIKE, ~, ~*, and their negations) whose
pattern is a constant, as PostgreSQL estimates them without statistics: the pattern's
fixed prefix (an anchored literal start) and a per-character heuristic for the rest.

Entry points: pattern_selectivity(expr) -> float for an OpExpr of one of
PATTERN_OPERATORS; pattern_parts(expr), the prefix analysis selectivity_stats.py uses
when the column has statistics (then the MCVs and histogram are consulted too).

Without pg_statistic PostgreSQL's patternsel comes down to:
  - a pattern that is all fixed prefix (`abc` for LIKE, `^abc$` for ~): as for `=`;
  - else prefix_selectivity (DEFAULT_MATCH_SEL when there is a prefix, 1 when not) times
    the heuristic selectivity of the rest, clamped to [0.0001, 0.9999];
  - a negated operator: 1 - that.
A clause that is not `expression OP constant text` gets DEFAULT_MATCH_SEL (its negation
1 - DEFAULT_MATCH_SEL), as PostgreSQL's patternsel does.

PostgreSQL: utils/adt/like_support.c (patternsel_common, like_fixed_prefix,
regex_fixed_prefix, like_selectivity, regex_selectivity(_sub), prefix_selectivity),
regex/regprefix.c (pg_regprefix: which prefix a compiled RE fixes).
"""
from __future__ import annotations

from pgsnake.parser.expression_nodes import Const, FuncExpr, OpExpr
from pgsnake.utils.errors import PgError

DEFAULT_EQ_SEL = 0.005
DEFAULT_MATCH_SEL = 0.005
FIXED_CHAR_SEL = 0.20
CHAR_RANGE_SEL = 0.25
ANY_CHAR_SEL = 0.9            # not 1: it does not match the end of the string
FULL_WILDCARD_SEL = 5.0
PARTIAL_WILDCARD_SEL = 2.0

# operator name -> (pattern kind, case-insensitive, negated)
PATTERN_OPERATORS = {
    "~~": ("like", False, False), "!~~": ("like", False, True),
    "~~*": ("like", True, False), "!~~*": ("like", True, True),
    "~": ("regex", False, False), "!~": ("regex", False, True),
    "~*": ("regex", True, False), "!~*": ("regex", True, True),
}
# the left-hand types patternsel knows (text, name, bpchar, bytea); varchar arrives
# coerced to text
_VARIABLE_TYPES = (25, 19, 1042, 17)


def pattern_selectivity(expr: OpExpr) -> float:
    kind, case_insensitive, negated = PATTERN_OPERATORS[expr.operator_name]
    default = 1.0 - DEFAULT_MATCH_SEL if negated else DEFAULT_MATCH_SEL
    if len(expr.args) != 2:
        return default
    variable, pattern = expr.args
    pattern = _estimated_value(pattern)
    if not isinstance(pattern, Const) or _is_constant(variable):
        return default
    if pattern.value is None:
        return 0.0
    if variable.type_oid not in _VARIABLE_TYPES or pattern.type_oid not in (25, 17):
        return default
    text = pattern.value
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("latin-1")
    if kind == "like":
        prefix, exact, rest = _like_prefix(text, case_insensitive)
    else:
        prefix, exact, rest = _regex_prefix(text, case_insensitive)
    if exact:
        selectivity = DEFAULT_EQ_SEL
    else:
        prefix_selectivity = DEFAULT_MATCH_SEL if prefix else 1.0
        selectivity = min(max(prefix_selectivity * rest, 0.0001), 0.9999)
    return 1.0 - selectivity if negated else selectivity


def pattern_parts(expr: OpExpr):
    """For statistics-based estimates (selectivity_stats.py): (variable, pattern Const,
    fixed prefix, whole pattern fixed?, rest selectivity, negated?) of `expression OP
    constant pattern` on a type patternsel knows, else None."""
    kind, case_insensitive, negated = PATTERN_OPERATORS[expr.operator_name]
    if len(expr.args) != 2:
        return None
    variable, pattern = expr.args
    pattern = _estimated_value(pattern)
    if not isinstance(pattern, Const) or pattern.value is None or _is_constant(variable):
        return None
    if variable.type_oid not in _VARIABLE_TYPES or pattern.type_oid not in (25, 17):
        return None
    text = pattern.value
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("latin-1")
    if kind == "like":
        prefix, exact, rest = _like_prefix(text, case_insensitive)
    else:
        prefix, exact, rest = _regex_prefix(text, case_insensitive)
    return variable, pattern, prefix, exact, rest, negated


def _estimated_value(expr):
    """An immutable function of constants as the constant it gives (what
    estimate_expression_value sees after folding): SIMILAR TO's similar_to_escape(...)."""
    if isinstance(expr, FuncExpr) and getattr(expr, "volatility", "v") == "i" and \
            not getattr(expr, "returns_set", False) and \
            all(isinstance(arg, Const) for arg in expr.args):
        values = [arg.value for arg in expr.args]
        if expr.strict and None in values:
            return Const(expr.type_oid, None)
        try:
            return Const(expr.type_oid, expr.fn(*values))
        except PgError:
            return expr                     # the executor reports it
    return expr


def _is_constant(expr) -> bool:
    from pgsnake.optimizer.cost import is_pseudo_constant
    return is_pseudo_constant(expr)


# -- LIKE ----------------------------------------------------------------------------------

def _like_prefix(pattern: str, case_insensitive: bool) -> tuple[str, bool, float]:
    """(fixed prefix, whole pattern fixed?, selectivity of the rest) -- like_fixed_prefix:
    characters up to the first wildcard (for ILIKE, also up to the first letter)."""
    prefix = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c in "%_":
            break
        if c == "\\":
            i += 1
            if i >= len(pattern):
                break
            c = pattern[i]
        if case_insensitive and _is_letter(c):
            break
        prefix.append(c)
        i += 1
    if i == len(pattern):
        return "".join(prefix), True, 1.0
    return "".join(prefix), False, _like_rest(pattern[i:])


def _like_rest(rest: str) -> float:
    selectivity = 1.0
    i = 0
    while i < len(rest) and rest[i] in "%_":      # a leading wildcard is already counted
        i += 1
    while i < len(rest):
        c = rest[i]
        if c == "%":
            selectivity *= FULL_WILDCARD_SEL
        elif c == "_":
            selectivity *= ANY_CHAR_SEL
        else:
            if c == "\\":
                i += 1
                if i >= len(rest):
                    break
            selectivity *= FIXED_CHAR_SEL
        i += 1
    return min(selectivity, 1.0)


def _is_letter(c: str) -> bool:
    # pattern_char_isalpha in the C locale
    return ("A" <= c <= "Z") or ("a" <= c <= "z")


# -- regular expressions --------------------------------------------------------------------

def _regex_prefix(pattern: str, case_insensitive: bool) -> tuple[str, bool, float]:
    """(fixed prefix, whole pattern fixed?, selectivity of the rest). The prefix is what
    every match must start with: after a leading ^, the literal characters up to the
    first one that is optional, repeated or not a single character (pg_regprefix reads
    it off the compiled automaton; this reads it off the pattern's simple forms)."""
    prefix: list[str] = []
    exact = False
    if pattern.startswith("^") and not _has_top_level_bar(pattern):
        i = 1
        while i < len(pattern):
            c = pattern[i]
            if c == "$" and i == len(pattern) - 1:
                exact = True
                break
            if c == "(" and _plain_group(pattern, i):
                # a group without alternatives or quantifier adds no branch
                i += 3 if pattern.startswith("(?:", i) else 1
                continue
            if c == ")":
                i += 1
                continue
            if c == "\\":
                if i + 1 >= len(pattern) or pattern[i + 1].isalnum():
                    break
                c, width = pattern[i + 1], 2
            elif c in ".[](){}*+?|^$":
                break
            else:
                width = 1
            if case_insensitive and _is_letter(c):
                break
            after = pattern[i + width] if i + width < len(pattern) else ""
            if after in ("*", "?"):
                break
            if after == "{":
                # {m} is m fixed characters; PostgreSQL's automaton for {m,n} (m < n)
                # fixes none of them
                low, high, end = _bound(pattern, i + width)
                if low is None or low == 0 or high != low:
                    break
                prefix.append(c * low)
                i = end
                continue
            prefix.append(c)
            if after == "+":
                break
            i += width
    if not prefix and not exact:
        return "", False, _regex_rest(pattern, case_insensitive, 0)
    text = "".join(prefix)
    if exact:
        return text, True, 1.0
    return text, False, _regex_rest(pattern, case_insensitive, len(text))


def _plain_group(pattern: str, i: int) -> bool:
    """Is the group opening at i free of alternatives and not quantified? Then the
    automaton PostgreSQL reads the prefix from has no branch for it."""
    if pattern.startswith("(?", i) and not pattern.startswith("(?:", i):
        return False                        # a lookaround constraint
    depth = 0
    for j in range(i, len(pattern)):
        c = pattern[j]
        if c in "|[\\":
            return False
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                after = pattern[j + 1] if j + 1 < len(pattern) else ""
                return after not in ("*", "+", "?", "{")
    return False


def _bound(pattern: str, i: int) -> tuple[int | None, int | None, int]:
    """The {m}, {m,} or {m,n} at i -> (m, n or None, index after it); m None if none."""
    end = pattern.find("}", i)
    if end < 0:
        return None, None, i
    parts = pattern[i + 1:end].split(",")
    if not parts[0].isdigit() or len(parts) > 2 or (len(parts) == 2 and parts[1] and
                                                     not parts[1].isdigit()):
        return None, None, i
    low = int(parts[0])
    high = low if len(parts) == 1 else (int(parts[1]) if parts[1] else None)
    return low, high, end + 1


def _has_top_level_bar(pattern: str) -> bool:
    depth, i = 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _bracket_end(pattern, i)
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


def _bracket_end(pattern: str, i: int) -> int:
    """The index of the ']' closing the bracket at i (or the end), as regex_selectivity_sub
    skips it: a ']' first (after an optional ^) is a member."""
    i += 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 1
    return i


def _regex_rest(pattern: str, case_insensitive: bool, prefix_length: int) -> float:
    if pattern.endswith("$") and (len(pattern) == 1 or pattern[-2] != "\\"):
        selectivity = _regex_sub(pattern[:-1])
    else:
        selectivity = _regex_sub(pattern) * FULL_WILDCARD_SEL
    if prefix_length > 0:
        discount = FIXED_CHAR_SEL ** prefix_length
        if discount > 0.0:
            selectivity /= discount
    return min(max(selectivity, 0.0), 1.0)


def _regex_sub(pattern: str) -> float:
    """The per-character heuristic: fixed characters 0.2, brackets 0.25 (0.75 negated),
    . 0.9, quantifiers 2, parenthesized parts recursively, alternatives summed."""
    selectivity = 1.0
    depth = 0
    group_start = 0
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "(":
            if depth == 0:
                group_start = i
            depth += 1
        elif c == ")" and depth > 0:
            depth -= 1
            if depth == 0:
                selectivity *= _regex_sub(pattern[group_start + 1:i])
        elif c == "|" and depth == 0:
            selectivity += _regex_sub(pattern[i + 1:])
            break
        elif c == "[":
            negated = i + 1 < len(pattern) and pattern[i + 1] == "^"
            i = _bracket_end(pattern, i)
            if depth == 0:
                selectivity *= (1.0 - CHAR_RANGE_SEL) if negated else CHAR_RANGE_SEL
        elif c == ".":
            if depth == 0:
                selectivity *= ANY_CHAR_SEL
        elif c in "*?+":
            if depth == 0:
                selectivity *= PARTIAL_WILDCARD_SEL
        elif c == "{":
            while i < len(pattern) and pattern[i] != "}":
                i += 1
            if depth == 0:
                selectivity *= PARTIAL_WILDCARD_SEL
        elif c == "\\":
            i += 1
            if i >= len(pattern):
                break
            if depth == 0:
                selectivity *= FIXED_CHAR_SEL
        elif depth == 0:
            selectivity *= FIXED_CHAR_SEL
        i += 1
    return min(selectivity, 1.0)
