"""PostgreSQL regular expressions (Henry Spencer's ARE flavour, plus ERE, BRE and quoted
literal patterns) translated to Python `re` patterns, compiled once and cached.

Entry points:
    parse_flags(flags)           the regexp functions' flags argument -> (RegexFlags, global?)
    compile_regex(pattern, fl)   -> CompiledRegex (cached); 2201B for an invalid pattern
    CompiledRegex.search(text, pos)   the leftmost match at or after pos, as ARE picks it
    CompiledRegex.matches(text)       True if the pattern matches anywhere (the ~ operators)

Translation rules (each with its PostgreSQL counterpart in regc_lex.c / regcomp.c):
 1. The pattern is parsed completely here and re-emitted in Python syntax: every literal
    is re.escape()d, every construct is spelled explicitly (`.` -> [^\\n] or (?s:.),
    `$` -> \\Z unless newline-anchored), so Python's own flags never change the meaning.
    Invalid patterns raise 2201B "invalid regular expression: <reason>" with the reason
    text PostgreSQL's regerror() gives, decided by this parser, not by Python's.
 2. Character classes, \\w, word boundaries and case folding are ASCII-only (re.ASCII),
    as PostgreSQL's regex code does under an LC_CTYPE of C. In a database whose LC_CTYPE
    is not C (C.UTF-8) PostgreSQL's also take non-ASCII letters: a pattern using them is
    refused (0A000) when it meets non-ASCII text there (CompiledRegex._check_ctype).
 3. ARE's overall match is leftmost-longest when the RE as a whole is greedy (its first
    quantified atom is greedy, or it has a top-level |) and leftmost-shortest when it is
    non-greedy; Python's backtracking picks its first alternative instead. search() keeps
    Python's leftmost start and then asks for the longest (or shortest) end with
    fullmatch(..., endpos), when the pattern could differ at all (alternation, a
    quantified group, several quantifiers with a non-greedy one); a pattern that looks
    past the match end ($, \\Z, lookahead, \\m \\M \\y \\Y), which endpos would hide,
    is tried with a lookahead that counts the characters left instead.
 4. Parentheses inside lookahead/lookbehind constraints do not capture (ARE rule);
    back references there are invalid, as in PostgreSQL.

PostgreSQL: backend/regex/regc_lex.c, regcomp.c (parse, parsebranch, parseqatom, brackpart),
regc_locale.c (character classes), utils/adt/regexp.c (parse_re_flags, RE_compile_and_cache).
"""
from __future__ import annotations

import dataclasses
import functools
import re

from pgsnake.utils.errors import PgError, FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE
from pgsnake.utils.interrupts import run_interruptible

INVALID_REGULAR_EXPRESSION = "2201B"

# regerror() reason texts (regex/regerrs.h)
EESCAPE = "invalid escape \\ sequence"
ESUBREG = "invalid backreference number"
EBRACK = "brackets [] not balanced"
EPAREN = "parentheses () not balanced"
EBRACE = "braces {} not balanced"
BADBR = "invalid repetition count(s)"
ERANGE = "invalid character range"
ECTYPE = "invalid character class"
ECOLLATE = "invalid collating element"
BADRPT = "quantifier operand invalid"
BADOPT = "invalid embedded option"

DUPMAX = 255          # largest repetition count (RE_DUPMAX)
# The longest atom _repeat() writes twice (captures kept only in the last iteration).
REPEAT_COPY_LIMIT = 2000

# POSIX character classes in the C locale, as Python class contents (ASCII only).
CLASSES = {
    "alnum": "0-9A-Za-z", "alpha": "A-Za-z", "blank": " \\t", "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9", "graph": "!-~", "lower": "a-z", "print": " -~",
    "punct": "!-/:-@\\[-`{-~", "space": " \\t\\n\\r\\f\\v", "upper": "A-Z",
    "xdigit": "0-9A-Fa-f", "word": "0-9A-Za-z_",
}
_SHORTHAND = {"d": "0-9", "s": " \\t\\n\\r\\f\\v", "w": "0-9A-Za-z_"}
_CHAR_ESCAPES = {"a": "\x07", "b": "\x08", "B": "\\", "e": "\x1b", "f": "\f", "n": "\n",
                 "r": "\r", "t": "\t", "v": "\v"}
_HEX = "0123456789abcdefABCDEF"


def _error(reason: str) -> PgError:
    return PgError(INVALID_REGULAR_EXPRESSION, f"invalid regular expression: {reason}")


@dataclasses.dataclass(frozen=True, slots=True)
class RegexFlags:
    """regcomp's cflags: syntax ('advanced', 'extended', 'basic', 'quote') and options."""
    syntax: str = "advanced"
    icase: bool = False
    nlstop: bool = False       # . and [^...] do not match newline
    nlanch: bool = False       # ^ and $ match at newlines
    expanded: bool = False     # whitespace and # comments ignored

    def apply(self, letter: str) -> "RegexFlags | None":
        """The flags after one option letter (parse_re_flags / embedded options), or None
        if the letter is not an option."""
        replace = functools.partial(dataclasses.replace, self)
        return {
            "b": lambda: replace(syntax="basic"),
            "c": lambda: replace(icase=False),
            "e": lambda: replace(syntax="extended"),
            "i": lambda: replace(icase=True),
            "m": lambda: replace(nlstop=True, nlanch=True),
            "n": lambda: replace(nlstop=True, nlanch=True),
            "p": lambda: replace(nlstop=True, nlanch=False),
            "q": lambda: replace(syntax="quote"),
            "s": lambda: replace(nlstop=False, nlanch=False),
            "t": lambda: replace(expanded=False),
            "w": lambda: replace(nlstop=False, nlanch=True),
            "x": lambda: replace(expanded=True),
        }.get(letter, lambda: None)()


ADVANCED = RegexFlags()
ADVANCED_ICASE = RegexFlags(icase=True)


def parse_flags(flags: str | None) -> tuple[RegexFlags, bool]:
    """The flags string of regexp_replace & co. -> (cflags, 'g' given). PostgreSQL:
    regexp.c parse_re_flags."""
    result, glob = ADVANCED, False
    for letter in flags or "":
        if letter == "g":
            glob = True
            continue
        # PostgreSQL 15's parse_re_flags clears REG_EXTENDED along with REG_ADVANCED for
        # 'e', so the flag gives a basic RE (unlike the embedded option (?e)).
        changed = result.apply("b" if letter == "e" else letter)
        if changed is None:
            raise PgError(INVALID_PARAMETER_VALUE,
                          f'invalid regular expression option: "{letter}"')
        result = changed
    return result, glob


@dataclasses.dataclass(frozen=True, slots=True)
class CompiledRegex:
    """A translated, compiled pattern and what search() needs to pick ARE's match."""
    pattern: re.Pattern
    ngroups: int
    preference: str            # 'longest', 'shortest' or '' (no quantifier: one answer)
    adjust: bool               # search() must look for the longest/shortest end itself
    max_length: int | None     # the longest string the pattern can match (None: unbounded)
    end_sensitive: bool        # looks past its match end ($, lookahead, \M ...)
    # character classes, class shorthands, word boundaries or case-insensitivity: what
    # only the C ctype's ASCII-only meaning is implemented for
    ctype_dependent: bool = False
    # it has a quantifier: only then can Python's engine backtrack for long
    may_backtrack: bool = True

    def _check_ctype(self, text: str) -> None:
        """In a database whose LC_CTYPE is not C, such a pattern would classify
        non-ASCII letters differently from PostgreSQL: refused for non-ASCII text."""
        if self.ctype_dependent and not text.isascii():
            from pgsnake.utils import locale_names, settings
            if not locale_names.is_c(settings.get("lc_ctype") or "C"):
                raise PgError(FEATURE_NOT_SUPPORTED,
                              "character classes, word boundaries and case-insensitive "
                              "matching of non-ASCII text are not supported by pgsnake "
                              "when LC_CTYPE is not C")

    # Both entry points run a pattern with quantifiers through
    # interrupts.run_interruptible: Python's backtracking engine can take exponential
    # time on a pattern PostgreSQL's engine answers at once ('(a+)+$'), and there is no
    # other way to cancel it. (A pattern without any cannot, and skips the cost.)

    def matches(self, text: str) -> bool:
        self._check_ctype(text)
        if self.may_backtrack:
            return run_interruptible(self.pattern.search, text) is not None
        return self.pattern.search(text) is not None

    def search(self, text: str, pos: int = 0) -> re.Match | None:
        self._check_ctype(text)
        if self.may_backtrack:
            return run_interruptible(self._search, text, pos)
        return self._search(text, pos)

    def _search(self, text: str, pos: int) -> re.Match | None:
        found = self.pattern.search(text, pos)
        if found is None or not self.adjust:
            return found
        if self.max_length is not None and not self.end_sensitive:
            return self._best_by_endpos(text, found)
        return self._best_by_lookahead(text, found)

    def _best_by_endpos(self, text: str, found: re.Match) -> re.Match:
        """A pattern of bounded length that does not look past its end: try each end
        with fullmatch(endpos), at most max_length of them."""
        start = found.start()
        if self.preference == "longest":
            ends = range(min(len(text), start + self.max_length), found.end(), -1)
        else:
            ends = range(start, found.end())
        for end in ends:
            better = self.pattern.fullmatch(text, start, end)
            if better is not None:
                return better
        return found

    def _best_by_lookahead(self, text: str, found: re.Match) -> re.Match:
        """Ask Python for a match from the same start that ends further on (nearer,
        for the shortest) than the best so far, with a lookahead that bounds how many
        characters remain after it, until there is none; each answer improves the end."""
        start, best = found.start(), found
        longest = self.preference == "longest"
        while True:
            if longest:
                remaining = len(text) - best.end() - 1      # end >= best end + 1
            else:
                remaining = len(text) - best.end() + 1      # end <= best end - 1
            if remaining < 0 or (not longest and best.end() <= start):
                return best
            variant = _bounded_end(self.pattern.pattern, self.pattern.flags, remaining,
                                   longest)
            better = variant.match(text, start)
            if better is None:
                return best
            best = better

    def iterate(self, text: str, pos: int = 0):
        """Every match from pos on, as PostgreSQL's global search steps: the next search
        starts where the last match ended, one character later after an empty match."""
        while pos <= len(text):
            found = self.search(text, pos)
            if found is None:
                return
            yield found
            pos = found.end() + (1 if found.end() == found.start() else 0)


@functools.lru_cache(maxsize=1024)
def _bounded_end(source: str, flags: int, remaining: int, at_most: bool) -> re.Pattern:
    """The pattern followed by: at most (or at least) `remaining` characters to the end."""
    bound = f"{{0,{remaining}}}" if at_most else f"{{{remaining},}}"
    return re.compile(f"(?:{source})(?=(?s:.){bound}\\Z)", flags)


@functools.lru_cache(maxsize=256)
def compile_regex(pattern: str, flags: RegexFlags = ADVANCED) -> CompiledRegex:
    translator = _Translator(pattern, flags)
    python_pattern = translator.translate()
    re_flags = re.ASCII | (re.IGNORECASE if translator.flags.icase else 0)
    try:
        compiled = re.compile(python_pattern, re_flags)
    except re.error as err:
        if "look-behind" in str(err):
            raise PgError(FEATURE_NOT_SUPPORTED,
                          "lookbehind constraints that match strings of different lengths "
                          "are not supported by pgsnake") from None
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "this regular expression is not supported by pgsnake") from None
    except (RecursionError, OverflowError):
        raise _error("regular expression is too complex") from None
    may_differ = translator.alternations > 0 or translator.quantified_groups > 0 or \
        (translator.lazy_quantifiers > 0 and translator.quantifiers > 1)
    adjust = bool(translator.preference) and may_differ
    ctype_dependent = translator.flags.icase or (
        translator.flags.syntax != "quote"
        and ("[:" in pattern or re.search(r"\\[dswDSWmMyY<>]", pattern) is not None))
    return CompiledRegex(compiled, compiled.groups, translator.preference, adjust,
                         translator.max_length, translator.end_sensitive, ctype_dependent,
                         translator.quantifiers > 0)


def translate(pattern: str, flags: RegexFlags = ADVANCED) -> str:
    """The Python pattern for a PostgreSQL one (for tests and debugging)."""
    return _Translator(pattern, flags).translate()


class _Translator:
    """One pass over the pattern: recursive descent as regcomp.c's parse/parsebranch/
    parseqatom, emitting Python syntax and collecting what search() needs to know."""

    def __init__(self, pattern: str, flags: RegexFlags):
        self.src = pattern
        self.i = 0
        self.flags = flags
        self.groups_opened = 0
        self.groups_closed: dict[int, int | None] = {}     # number -> longest match
        self.last_max_length: int | None = 0     # of the last _regex parsed
        self.atom_max_length: int | None = 1     # of the atom just parsed
        self.quantified_groups = 0
        self.lookaround = 0
        self.alternations = 0
        self.quantifiers = 0
        self.lazy_quantifiers = 0
        self.end_sensitive = False
        self.preference = ""
        self.max_length: int | None = 0

    # -- driver ---------------------------------------------------------------------------

    def translate(self) -> str:
        # Directors apply whatever the syntax (regc_lex.c prefixes): ***: makes the rest
        # an ARE, ***= a literal string; only AREs take embedded options.
        if self.flags.syntax != "quote":
            if self.src.startswith("***:"):
                self.flags = dataclasses.replace(self.flags, syntax="advanced")
                self.i = 4
            elif self.src.startswith("***="):
                self.flags = dataclasses.replace(self.flags, syntax="quote")
                self.i = 4
            if self.flags.syntax == "advanced":
                self._embedded_options()
        if self.flags.syntax == "quote":
            self.max_length = len(self.src) - self.i
            return "".join(_literal(c) for c in self.src[self.i:])
        body, self.preference = self._regex(top=True)
        self.max_length = self.last_max_length
        return body

    def _embedded_options(self) -> None:
        src = self.src
        if not src.startswith("(?", self.i) or self.i + 2 >= len(src) or \
                not src[self.i + 2].isalpha():
            return
        j = self.i + 2
        while j < len(src) and src[j] != ")":
            changed = self.flags.apply(src[j])
            if changed is None:
                raise _error(BADOPT)
            self.flags = changed
            j += 1
        if j >= len(src):
            raise _error(BADOPT)
        self.i = j + 1

    # -- lexing helpers -------------------------------------------------------------------

    @property
    def advanced(self) -> bool:
        return self.flags.syntax == "advanced"

    @property
    def basic(self) -> bool:
        return self.flags.syntax == "basic"

    def _peek(self, offset: int = 0) -> str:
        j = self.i + offset
        return self.src[j] if j < len(self.src) else ""

    def _skip_ignorable(self) -> None:
        """Expanded-syntax whitespace and # comments, and ARE (?#...) comments."""
        src = self.src
        while self.i < len(src):
            c = src[self.i]
            if self.flags.expanded and self.advanced and c in " \t\n\r\f\v":
                self.i += 1
            elif self.flags.expanded and self.advanced and c == "#":
                end = src.find("\n", self.i)
                self.i = len(src) if end < 0 else end + 1
            elif self.advanced and src.startswith("(?#", self.i):
                end = src.find(")", self.i)
                if end < 0:
                    raise _error(EPAREN)
                self.i = end + 1
            else:
                return

    # -- grammar --------------------------------------------------------------------------

    def _regex(self, top: bool) -> tuple[str, str]:
        """Branches separated by |, up to the closing parenthesis (or the end)."""
        branches = [self._branch()]
        while True:
            if self.basic:
                break
            if self._peek() == "|":
                self.i += 1
                self.alternations += 1
                branches.append(self._branch())
                continue
            break
        if top:
            if self.i < len(self.src):      # a ')' (or '\)') with no '('
                raise _error(EPAREN)
        else:
            if self.basic:
                if not self.src.startswith("\\)", self.i):
                    raise _error(EPAREN)
                self.i += 2
            else:
                if self._peek() != ")":
                    raise _error(EPAREN)
                self.i += 1
        if len(branches) > 1 and all(branch[2] is not None for branch in branches):
            # Alternatives that are plain strings: the longest first, so that Python's
            # first-alternative choice is ARE's longest one (the set matched is the same).
            branches.sort(key=lambda branch: -branch[2])  # type: ignore[operator]
        preference = "longest" if len(branches) > 1 else branches[0][1]
        lengths = [branch[3] for branch in branches]
        self.last_max_length = None if None in lengths else max(lengths)
        return "|".join(branch[0] for branch in branches), preference

    def _branch(self) -> tuple[str, str, int | None, int | None]:
        """-> (python text, greediness, its length if it is a plain string else None,
        the longest string it can match or None if unbounded)."""
        parts: list[str] = []
        preference = ""
        at_start = True
        literal_length: int | None = 0
        max_length: int | None = 0
        while True:
            self._skip_ignorable()
            c = self._peek()
            if not c or (c in "|)" and not self.basic) or \
                    (self.basic and self.src.startswith("\\)", self.i)):
                break
            self.atom_max_length = 1
            atom, atom_preference, quantifiable = self._atom(at_start)
            atom_max: int | None = self.atom_max_length if quantifiable else 0
            # a BRE's * is literal first in the RE, after \( and after a leading ^
            at_start = self.basic and atom in ("^", "(?m:^)") and not parts
            self._skip_ignorable()
            if not quantifiable and not at_start and self._starts_quantifier():
                raise _error(BADRPT)
            quantifier = None if at_start else self._quantifier()
            if quantifier is not None:
                if not quantifiable:
                    raise _error(BADRPT)
                text, kind = quantifier
                self.quantifiers += 1
                if atom.startswith("(") and not atom.startswith(("(?:\\", "(?s:")):
                    self.quantified_groups += 1
                upper = _repeat_upper(text)
                atom_max = None if upper is None or atom_max is None else atom_max * upper
                atom = _repeat(atom, text)
                if kind == "greedy":
                    atom_preference = "longest"
                elif kind == "lazy":
                    self.lazy_quantifiers += 1
                    atom_preference = "shortest"
                self._skip_ignorable()
                if self._starts_quantifier():
                    raise _error(BADRPT)
            if not preference and atom_preference:
                preference = atom_preference
            if literal_length is not None:
                plain = quantifier is None and atom != "^" and \
                    (len(atom) == 1 or (len(atom) == 2 and atom[0] == "\\" and
                                        not atom[1].isalnum()))
                literal_length = literal_length + 1 if plain else None
            max_length = None if max_length is None or atom_max is None \
                else max_length + atom_max
            parts.append(atom)
        return "".join(parts), preference, literal_length, max_length

    def _starts_quantifier(self) -> bool:
        c = self._peek()
        if self.basic:
            return c == "*" or self.src.startswith("\\{", self.i)
        return bool(c) and c in "*+?" or (c == "{" and self._peek(1).isdigit())

    def _quantifier(self) -> tuple[str, str] | None:
        """*, +, ?, {m}, {m,}, {m,n} (ARE: each may be followed by ? for non-greedy)."""
        c = self._peek()
        if self.basic:
            if c == "*":
                self.i += 1
                return "*", "greedy"
            if self.src.startswith("\\{", self.i):
                self.i += 2
                return self._bound(closing="\\}")
            return None
        if c and c in "*+?":
            self.i += 1
            text = c
        elif c == "{" and self._peek(1).isdigit():
            self.i += 1
            text, kind = self._bound(closing="}")
            if kind == "fixed" and self.advanced and self._peek() == "?":
                self.i += 1
                return text + "?", "fixed"
            if self.advanced and self._peek() == "?":
                self.i += 1
                return text + "?", "lazy"
            return text, kind
        else:
            return None
        if self.advanced and self._peek() == "?":
            self.i += 1
            return text + "?", "lazy"
        return text, "greedy"

    def _bound(self, closing: str) -> tuple[str, str]:
        """{m}, {m,} or {m,n} after the opening brace; {m} keeps the atom's own
        greediness, the others are greedy (even {m,m})."""
        low = self._number()
        high: int | None = low
        comma = self._peek() == ","
        if comma:
            self.i += 1
            high = self._number() if self._peek().isdigit() else None
        if self.i >= len(self.src):
            raise _error(EBRACE)
        if not self.src.startswith(closing, self.i):
            raise _error(BADBR)
        self.i += len(closing)
        if low > DUPMAX or (high is not None and (high > DUPMAX or high < low)):
            raise _error(BADBR)
        if not comma:
            return "{%d}" % low, "fixed"
        return ("{%d,}" % low if high is None else "{%d,%d}" % (low, high)), "greedy"

    def _number(self) -> int:
        start = self.i
        while self._peek().isdigit():
            self.i += 1
        if start == self.i:
            if self.i >= len(self.src):
                raise _error(EBRACE)
            raise _error(BADBR)
        return min(int(self.src[start:self.i]), DUPMAX + 1)

    def _atom(self, at_start: bool) -> tuple[str, str, bool]:
        """One atom -> (python text, its greediness, may it be quantified)."""
        c = self._peek()
        if self.basic:
            return self._basic_atom(c, at_start)
        if c == "(":
            return self._group()
        if c in "*+?":
            raise _error(BADRPT)
        if c == "{" and self._peek(1).isdigit():
            raise _error(BADRPT)
        self.i += 1
        if c == "^":
            return ("(?m:^)" if self.flags.nlanch else "^"), "", False
        if c == "$":
            self.end_sensitive = True
            return ("(?m:$)" if self.flags.nlanch else "\\Z"), "", False
        if c == ".":
            return self._dot(), "", True
        if c == "[":
            return self._bracket(), "", True
        if c == "\\":
            return self._escape()
        return _literal(c), "", True

    def _basic_atom(self, c: str, at_start: bool) -> tuple[str, str, bool]:
        if c == "*" and at_start:
            self.i += 1
            return _literal("*"), "", True
        if self.src.startswith("\\(", self.i):
            self.i += 2
            number = self.groups_opened = self.groups_opened + 1
            inner, preference = self._regex(top=False)
            self._close_group(number)
            return f"({inner})", preference, True
        if self.src.startswith("\\{", self.i):
            raise _error(BADRPT)
        self.i += 1
        if c == "^" and at_start:
            return ("(?m:^)" if self.flags.nlanch else "^"), "", False
        if c == "$" and (self.i >= len(self.src) or self.src.startswith("\\)", self.i)):
            self.end_sensitive = True
            return ("(?m:$)" if self.flags.nlanch else "\\Z"), "", False
        if c == ".":
            return self._dot(), "", True
        if c == "[":
            return self._bracket(), "", True
        if c == "\\":
            if self.i >= len(self.src):
                raise _error(EESCAPE)
            d = self.src[self.i]
            self.i += 1
            if d in "123456789":
                return self._backref(int(d)), "", True
            if d == "<":
                self.end_sensitive = True
                return r"\b(?=\w)", "", False
            if d == ">":
                return r"\b(?<=\w)", "", False
            return _literal(d), "", True
        return _literal(c), "", True

    def _dot(self) -> str:
        return "[^\\n]" if self.flags.nlstop else "(?s:.)"

    def _group(self) -> tuple[str, str, bool]:
        self.i += 1
        if self.advanced and self._peek() == "?":
            kind = self.src[self.i:self.i + 3]
            for prefix, opener in (("?:", "(?:"), ("?=", "(?="), ("?!", "(?!"),
                                   ("?<=", "(?<="), ("?<!", "(?<!")):
                if kind.startswith(prefix):
                    self.i += len(prefix)
                    if opener == "(?:":
                        inner, preference = self._regex(top=False)
                        self.atom_max_length = self.last_max_length
                        return f"(?:{inner})", preference, True
                    if opener in ("(?=", "(?!"):
                        self.end_sensitive = True
                    self.lookaround += 1
                    inner, _ = self._regex(top=False)
                    self.lookaround -= 1
                    return f"{opener}{inner})", "", False
            raise _error(BADRPT)
        if self.lookaround:
            inner, preference = self._regex(top=False)
            self.atom_max_length = self.last_max_length
            return f"(?:{inner})", preference, True
        number = self.groups_opened = self.groups_opened + 1
        inner, preference = self._regex(top=False)
        self._close_group(number)
        return f"({inner})", preference, True

    def _close_group(self, number: int) -> None:
        self.groups_closed[number] = self.last_max_length
        self.atom_max_length = self.last_max_length

    def _backref(self, number: int) -> str:
        if self.lookaround or number not in self.groups_closed:
            raise _error(ESUBREG)
        self.atom_max_length = self.groups_closed[number]
        return f"(?:\\{number})"

    def _escape(self) -> tuple[str, str, bool]:
        """After a backslash outside brackets."""
        if self.i >= len(self.src):
            raise _error(EESCAPE)
        c = self.src[self.i]
        if not self.advanced:                  # ERE: a backslash quotes any character
            self.i += 1
            return _literal(c), "", True
        if not c.isalnum() or not c.isascii():
            self.i += 1
            return _literal(c), "", True
        if c in "dswDSW":
            self.i += 1
            return "\\" + c, "", True
        if c in "AZmMyY":
            self.i += 1
            if c in "ZMyY":
                self.end_sensitive = True
            if c == "m":
                self.end_sensitive = True
            return {"A": "\\A", "Z": "\\Z", "m": r"\b(?=\w)", "M": r"\b(?<=\w)",
                    "y": r"\b", "Y": r"\B"}[c], "", False
        if c in "123456789":
            start = self.i
            while self._peek().isdigit():
                self.i += 1
            digits = self.src[start:self.i]
            number = int(digits)
            if len(digits) == 1 or number <= self.groups_opened:
                return self._backref(number), "", True
            self.i = start                     # \mnn that is no back reference: octal
        return _literal(self._char_escape()), "", True

    def _char_escape(self) -> str:
        """A character-entry escape (the backslash already consumed) -> the character."""
        c = self.src[self.i]
        self.i += 1
        if c in _CHAR_ESCAPES:
            return _CHAR_ESCAPES[c]
        if c == "c":
            if self.i >= len(self.src):
                raise _error(EESCAPE)
            x = self.src[self.i]
            self.i += 1
            return chr(ord(x) & 0x1F)
        if c in "uU":
            count = 4 if c == "u" else 8
            digits = self.src[self.i:self.i + count]
            if len(digits) != count or any(d not in _HEX for d in digits):
                raise _error(EESCAPE)
            self.i += count
            return _checked_chr(int(digits, 16))
        if c == "x":
            start = self.i
            while self._peek() and self._peek() in _HEX and self.i - start < 8:
                self.i += 1
            if start == self.i:
                raise _error(EESCAPE)
            return _checked_chr(int(self.src[start:self.i], 16))
        if c in "01234567":
            start = self.i - 1
            while self._peek() and self._peek() in "01234567" and self.i - start < 3:
                self.i += 1
            return _checked_chr(int(self.src[start:self.i], 8))
        raise _error(EESCAPE)

    def _bracket(self) -> str:
        """A bracket expression, the '[' consumed."""
        negate = False
        if self._peek() == "^":
            negate = True
            self.i += 1
        pieces: list[str] = []
        first = True
        while True:
            c = self._peek()
            if not c:
                raise _error(EBRACK)
            if c == "]" and not first:
                self.i += 1
                break
            first = False
            start, is_class = self._bracket_element()
            if start is None:                      # an unknown [:class:]
                raise _error(self._unless_at_end(ECTYPE))
            if is_class:
                if self._peek() == "-" and self._peek(1) != "]":
                    raise _error(ERANGE)
                pieces.append(start)
                continue
            if self._peek() == "-" and self._peek(1) not in ("]", ""):
                self.i += 1
                end, end_is_class = self._bracket_element()
                if end_is_class:
                    raise _error(ERANGE)
                if ord(end) < ord(start):
                    raise _error(self._unless_at_end(ERANGE))
                pieces.append(f"{_class_char(start)}-{_class_char(end)}")
            else:
                pieces.append(_class_char(start))
        if negate and self.flags.nlstop:
            pieces.append("\\n")
        return "[" + ("^" if negate else "") + "".join(pieces) + "]"

    def _unless_at_end(self, reason: str) -> str:
        """PostgreSQL reads one token past an element before judging it: at the end of
        the pattern that token is the missing ']'."""
        return EBRACK if self.i >= len(self.src) else reason

    def _bracket_element(self) -> tuple[str | None, bool]:
        """One element -> (a character, False) or (Python class contents, True);
        (None, True) for a class name that does not exist."""
        src = self.src
        c = src[self.i]
        if c == "[" and self._peek(1) in (":", ".", "="):
            kind = self._peek(1)
            end = src.find(kind + "]", self.i + 2)
            if end < 0:
                raise _error(EBRACK)
            name = src[self.i + 2:end]
            self.i = end + 2
            if kind == ":":
                if name not in CLASSES:
                    return None, True
                return CLASSES[name], True
            if len(name) != 1:
                raise _error(ECOLLATE)
            return name, False
        self.i += 1
        if c == "\\" and self.advanced:
            if self.i >= len(src):
                raise _error(EESCAPE)
            d = src[self.i]
            if d in "dsw":
                self.i += 1
                return _SHORTHAND[d], True
            if d in "DSW":
                self.i += 1
                return "\\" + d, True
            if d in "123456789":
                # a back reference is no bracket element; a longer number is octal
                digits = d
                while self.i + len(digits) < len(src) and src[self.i + len(digits)].isdigit():
                    digits += src[self.i + len(digits)]
                if len(digits) == 1 or int(digits) <= self.groups_opened:
                    raise _error(EESCAPE)
            if d.isalnum() and d.isascii():
                return self._char_escape(), False
            self.i += 1
            return d, False
        return c, False


def _repeat(atom: str, quantifier: str) -> str:
    """atom repeated. When the atom has capturing groups, every iteration but the last
    is emitted without them: ARE reports a group as it was in the last iteration (NULL
    if it took no part there), Python as it was the last time it matched."""
    plain = f"(?:{atom}){quantifier}"
    if len(atom) > REPEAT_COPY_LIMIT:        # nested repeats would double it each level
        return plain
    stripped = _without_captures(atom)
    if stripped is None or quantifier in ("?", "??"):
        return plain
    lazy = "?" if len(quantifier) > 1 and quantifier.endswith("?") else ""
    base = quantifier[:-1] if lazy else quantifier
    if base == "*":
        return f"(?:(?:{stripped})*{lazy}(?:{atom})){'?' + lazy}"
    if base == "+":
        return f"(?:(?:{stripped})*{lazy}(?:{atom}))"
    bounds = base.strip("{}").split(",")
    low = int(bounds[0])
    high = low if len(bounds) == 1 else (int(bounds[1]) if bounds[1] else None)
    if high == 0:
        return plain
    earlier = "{%d,%s}" % (max(low - 1, 0), "" if high is None else high - 1)
    last = f"(?:(?:{stripped}){earlier}{lazy}(?:{atom}))"
    return last if low >= 1 else f"(?:{last})?{lazy}"


def _without_captures(python_pattern: str) -> str | None:
    """The emitted pattern with its capturing groups made non-capturing; None if it has
    none, or has a back reference (which would then name a group not yet matched)."""
    out, i, captures = [], 0, False
    text = python_pattern
    while i < len(text):
        c = text[i]
        if c == "\\":
            if text[i + 1].isdigit():
                return None
            out.append(text[i:i + 2])
            i += 2
            continue
        if c == "[":                       # emitted classes hold no unescaped ']'
            end = i + 1
            while text[end] != "]" or text[end - 1] == "\\":
                end += 1
            out.append(text[i:end + 1])
            i = end + 1
            continue
        if c == "(" and text[i + 1] != "?":
            out.append("(?:")
            captures = True
        else:
            out.append(c)
        i += 1
    return "".join(out) if captures else None


def _repeat_upper(quantifier: str) -> int | None:
    """The most repetitions a Python quantifier allows (None: unbounded)."""
    if quantifier[0] in "*+":
        return None
    if quantifier[0] == "?":
        return 1
    bounds = quantifier.strip("{}?").split(",")
    return int(bounds[-1]) if bounds[-1] else None


def _literal(c: str) -> str:
    return re.escape(c)


def _class_char(c: str) -> str:
    """A character inside a Python [...]: escaped so that no character is special."""
    if c.isalnum() and c.isascii():
        return c
    return "\\x%02x" % ord(c) if ord(c) < 0x100 else "\\u%04x" % ord(c) \
        if ord(c) < 0x10000 else "\\U%08x" % ord(c)


def _checked_chr(value: int) -> str:
    if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        raise _error(EESCAPE)
    return chr(value)
