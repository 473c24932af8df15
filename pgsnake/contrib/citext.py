"""citext 1.6: a case-insensitive character string type, as PostgreSQL 15's extension.

A citext value is a `Citext`, a Python str whose comparisons with another Citext fold
case first (lower() under the database's LC_CTYPE, as citext.c's str_tolower with the
default collation) and then compare code points, as the C / C.UTF-8 collation does. So
'A' and 'a' are equal and hash alike (DISTINCT, GROUP BY, UNIQUE, hash joins keep one),
and sorts and the B-tree order values by their folded form. Against a plain str (a
text value) a Citext compares as text does, so text's operators stay case-sensitive
when citext is cast to text (the cast is binary: extension_types makes the value again).
Stored, sent and printed exactly as text.

The type (its pg_type rows through extension_types), the C functions (citextin / out /
recv / send, citext_eq ... citext_cmp, citext_hash(_extended), citext_smaller / larger,
the citext_pattern_* ones, citext(bpchar | boolean | inet), texticlike / texticnlike /
texticregexeq / texticregexne, and the overloads of regexp_match(es), regexp_replace,
regexp_split_to_array / _table, strpos, replace, split_part and translate) are
registered here; CREATE EXTENSION then runs `SCRIPT` (the operators, min / max and
the casts, as the install script makes them) and adds the operator classes citext_ops
(btree, hash) and citext_pattern_ops (btree).

PostgreSQL: contrib/citext/citext.c, citext--1.4.sql and its updates to 1.6.
"""
from __future__ import annotations

from pgsnake.access.hash import hash_functions
from pgsnake.contrib import extension_types, extensions
from pgsnake.datatypes import (functions, like_match, network, regex_functions, registry,
                               string_functions)
from pgsnake.datatypes.type_info import TypeInfo

EXTENSION = "citext"
TEXT, BPCHAR, BOOL, INET, INT4, INT8 = 25, 1042, 16, 869, 23, 20
CSTRING, INTERNAL, BYTEA, TEXT_ARRAY = 2275, 2281, 17, 1009


def fold(value: str) -> str:
    """str_tolower under the database's default collation."""
    return functions.lower_in(value, functions.database_ctype_is_c())


class Citext(str):
    """A citext value: case-insensitive against another Citext, text-like otherwise."""

    __slots__ = ()

    def _key(self, other):
        if isinstance(other, Citext):
            return fold(self), fold(other)
        return None

    def __eq__(self, other):
        keys = self._key(other)
        return str.__eq__(self, other) if keys is None else keys[0] == keys[1]

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __lt__(self, other):
        keys = self._key(other)
        return str.__lt__(self, other) if keys is None else keys[0] < keys[1]

    def __le__(self, other):
        keys = self._key(other)
        return str.__le__(self, other) if keys is None else keys[0] <= keys[1]

    def __gt__(self, other):
        keys = self._key(other)
        return str.__gt__(self, other) if keys is None else keys[0] > keys[1]

    def __ge__(self, other):
        keys = self._key(other)
        return str.__ge__(self, other) if keys is None else keys[0] >= keys[1]

    def __hash__(self):
        return hash(fold(self))


def _make_info(oid: int, name: str, sql_name: str, array_oid: int) -> TypeInfo:
    text = registry.get_type(TEXT)
    info = TypeInfo(oid, name, -1, False, "i", "S", False, array_oid, 0, sql_name)
    info.input = lambda value, typmod=-1: Citext(value)
    info.output = str
    info.receive = lambda data, typmod=-1: Citext(text.receive(data))
    info.send = text.send
    info.pack = text.pack
    info.unpack = lambda data: Citext(text.unpack(data))
    return info


CITEXT_TYPE = extension_types.register_type(extension_types.BaseType(
    EXTENSION, "citext", "citextin", "citextout", "citextrecv", "citextsend", _make_info,
    hash_extended=lambda value, seed: hash_functions.hash_bytes_extended(
        fold(value).encode(), seed), category="S", collatable=True))
CITEXT = CITEXT_TYPE.placeholder
CITEXT_ARRAY = CITEXT_TYPE.array_placeholder


def _register(name: str, arg_types, result_type: int, fn, volatility: str = "i",
              **options) -> None:
    functions.register(name, list(arg_types), result_type, fn,
                       oid=extensions.next_function_oid(), volatility=volatility,
                       extension=EXTENSION, **options)


def _cmp(a: str, b: str) -> int:
    a, b = fold(a), fold(b)
    return (a > b) - (a < b)


def _pattern_cmp(a: str, b: str) -> int:
    """citext_pattern_cmp: folded strings compared byte by byte (memcmp), the shorter
    first on a common prefix."""
    a, b = fold(a).encode(), fold(b).encode()
    return (a > b) - (a < b)


def _signed32(value: int) -> int:
    return value - (1 << 32) if value >= 1 << 31 else value


def _signed64(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def _with_i(flags: str) -> str:
    """The flags of citext's regexp overloads: case-insensitive unless 'c' is given."""
    return flags if "c" in flags else flags + "i"


def _escaped(pattern: str) -> str:
    """A literal string as a regular expression (every non-word character escaped)."""
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch == "_") else "\\" + ch
                   for ch in pattern)


def _split_part(text: str, delimiter: str, n: int):
    parts = regex_functions.regexp_split_to_array(text, _escaped(delimiter), "i")
    return parts[n - 1] if 1 <= n <= len(parts) else None


def _translate(text: str, source: str, target: str) -> str:
    translate = string_functions.translate
    return translate(translate(str(text), fold(source), target),
                     functions.upper_in(source, functions.database_ctype_is_c()), target)


def _register_all() -> None:
    _register("citextin", (CSTRING,), CITEXT, lambda v: Citext(v))
    _register("citextout", (CITEXT,), CSTRING, str)
    _register("citextrecv", (INTERNAL,), CITEXT,
              lambda data: Citext(registry.get_type(TEXT).receive(data)), volatility="s")
    _register("citextsend", (CITEXT,), BYTEA, lambda v: str(v).encode(), volatility="s")
    _register("citext", (BPCHAR,), CITEXT, lambda v: Citext(v.rstrip(" ")))
    _register("citext", (BOOL,), CITEXT, lambda v: Citext("true" if v else "false"))
    _register("citext", (INET,), CITEXT, lambda v: Citext(network.network_show(v)))
    both = (CITEXT, CITEXT)
    for name, test in (("eq", lambda c: c == 0), ("ne", lambda c: c != 0),
                       ("lt", lambda c: c < 0), ("le", lambda c: c <= 0),
                       ("gt", lambda c: c > 0), ("ge", lambda c: c >= 0)):
        _register(f"citext_{name}", both, BOOL, lambda a, b, t=test: t(_cmp(a, b)))
        if name not in ("eq", "ne"):
            _register(f"citext_pattern_{name}", both, BOOL,
                      lambda a, b, t=test: t(_pattern_cmp(a, b)))
    _register("citext_cmp", both, INT4, _cmp)
    _register("citext_pattern_cmp", both, INT4, _pattern_cmp)
    _register("citext_hash", (CITEXT,), INT4,
              lambda v: _signed32(hash_functions.hash_bytes(fold(v).encode())))
    _register("citext_hash_extended", (CITEXT, INT8), INT8,
              lambda v, seed: _signed64(hash_functions.hash_bytes_extended(
                  fold(v).encode(), seed & 0xFFFFFFFFFFFFFFFF)))
    _register("citext_smaller", both, CITEXT, lambda a, b: a if _cmp(a, b) < 0 else b)
    _register("citext_larger", both, CITEXT, lambda a, b: a if _cmp(a, b) > 0 else b)
    for right in (CITEXT, TEXT):
        _register("texticlike", (CITEXT, right), BOOL, like_match.ilike)
        _register("texticnlike", (CITEXT, right), BOOL,
                  lambda a, b: not like_match.ilike(a, b))
        _register("texticregexeq", (CITEXT, right), BOOL, regex_functions.icregex_eq)
        _register("texticregexne", (CITEXT, right), BOOL, regex_functions.icregex_ne)
    _register("regexp_match", both, TEXT_ARRAY,
              lambda t, p: regex_functions.regexp_match(str(t), str(p), "i"))
    _register("regexp_match", (CITEXT, CITEXT, TEXT), TEXT_ARRAY,
              lambda t, p, f: regex_functions.regexp_match(str(t), str(p), _with_i(f)))
    _register("regexp_matches", both, TEXT_ARRAY,
              lambda t, p: regex_functions.regexp_matches(str(t), str(p), "i"),
              returns_set=True, rows=1.0)
    _register("regexp_matches", (CITEXT, CITEXT, TEXT), TEXT_ARRAY,
              lambda t, p, f: regex_functions.regexp_matches(str(t), str(p), _with_i(f)),
              returns_set=True, rows=10.0)
    _register("regexp_replace", (CITEXT, CITEXT, TEXT), TEXT,
              lambda t, p, r: regex_functions.regexp_replace_flags(str(t), str(p), r, "i"))
    _register("regexp_replace", (CITEXT, CITEXT, TEXT, TEXT), TEXT,
              lambda t, p, r, f: regex_functions.regexp_replace_flags(str(t), str(p), r,
                                                                      _with_i(f)))
    _register("regexp_split_to_array", both, TEXT_ARRAY,
              lambda t, p: regex_functions.regexp_split_to_array(str(t), str(p), "i"))
    _register("regexp_split_to_array", (CITEXT, CITEXT, TEXT), TEXT_ARRAY,
              lambda t, p, f: regex_functions.regexp_split_to_array(str(t), str(p),
                                                                    _with_i(f)))
    _register("regexp_split_to_table", both, TEXT,
              lambda t, p: regex_functions.regexp_split_to_table(str(t), str(p), "i"),
              returns_set=True)
    _register("regexp_split_to_table", (CITEXT, CITEXT, TEXT), TEXT,
              lambda t, p, f: regex_functions.regexp_split_to_table(str(t), str(p),
                                                                    _with_i(f)),
              returns_set=True)
    _register("strpos", both, INT4, lambda t, s: fold(t).find(fold(s)) + 1)
    _register("replace", (CITEXT, CITEXT, CITEXT), TEXT,
              lambda t, f, r: regex_functions.regexp_replace_flags(
                  str(t), _escaped(f), _escaped_replacement(r), "gi"))
    _register("split_part", (CITEXT, CITEXT, INT4), TEXT, _split_part)
    _register("translate", (CITEXT, CITEXT, TEXT), TEXT, _translate)


def _escaped_replacement(replacement: str) -> str:
    """A replacement text taken literally by regexp_replace (backslashes doubled)."""
    return replacement.replace("\\", "\\\\")


def _qualified(type_name: str) -> str:
    return "@extschema@.citext" if type_name == "citext" else type_name


def _operator(name: str, left: str, right: str, function: str, *, commutator=None,
              negator=None, restrict=None, join=None, flags: str = "") -> str:
    items = [f"LEFTARG = {_qualified(left)}", f"RIGHTARG = {_qualified(right)}",
             f"FUNCTION = @extschema@.{function}"]
    for key, value in (("COMMUTATOR", commutator), ("NEGATOR", negator),
                       ("RESTRICT", restrict), ("JOIN", join)):
        if value:
            items.append(f"{key} = {value}")
    items.extend(flags.split())
    return f"CREATE OPERATOR @extschema@.{name} ({', '.join(items)})"


def _script() -> tuple[str, ...]:
    statements = [
        _operator("=", "citext", "citext", "citext_eq", commutator="=", negator="<>",
                  restrict="eqsel", join="eqjoinsel", flags="HASHES MERGES"),
        _operator("<>", "citext", "citext", "citext_ne", commutator="<>", negator="=",
                  restrict="neqsel", join="neqjoinsel"),
    ]
    for name, function, commutator, negator, selectivity in (
            ("<", "citext_lt", ">", ">=", "lt"), ("<=", "citext_le", ">=", ">", "le"),
            (">=", "citext_ge", "<=", "<", "ge"), (">", "citext_gt", "<", "<=", "gt")):
        statements.append(_operator(name, "citext", "citext", function,
                                    commutator=commutator, negator=negator,
                                    restrict=f"scalar{selectivity}sel",
                                    join=f"scalar{selectivity}joinsel"))
    for name, function, commutator, negator, selectivity in (
            ("~<~", "citext_pattern_lt", "~>~", "~>=~", "lt"),
            ("~<=~", "citext_pattern_le", "~>=~", "~>~", "lt"),
            ("~>=~", "citext_pattern_ge", "~<=~", "~<~", "gt"),
            ("~>~", "citext_pattern_gt", "~<~", "~<=~", "gt")):
        statements.append(_operator(name, "citext", "citext", function,
                                    commutator=commutator, negator=negator,
                                    restrict=f"scalar{selectivity}sel",
                                    join=f"scalar{selectivity}joinsel"))
    for right in ("citext", "text"):
        for names, function, negated, selectivity in (
                (("~~", "~~*"), "texticlike", ("!~~", "!~~*"), "iclike"),
                (("!~~", "!~~*"), "texticnlike", ("~~", "~~*"), "icnlike"),
                (("~", "~*"), "texticregexeq", ("!~", "!~*"), "icregexeq"),
                (("!~", "!~*"), "texticregexne", ("~", "~*"), "icregexne")):
            for name, negator in zip(names, negated):
                statements.append(_operator(name, "citext", right, function,
                                            negator=negator, restrict=f"{selectivity}sel",
                                            join=f"{selectivity}joinsel"))
    for name, function in (("min", "citext_smaller"), ("max", "citext_larger")):
        sort = "<" if name == "min" else ">"
        statements.append(f"CREATE AGGREGATE @extschema@.{name}(@extschema@.citext) (SFUNC = "
                          f"@extschema@.{function}, STYPE = @extschema@.citext, "
                          f"SORTOP = OPERATOR(@extschema@.{sort}), "
                          f"COMBINEFUNC = @extschema@.{function}, PARALLEL = SAFE)")
    for source, target, how in (
            ("citext", "text", "WITHOUT FUNCTION AS IMPLICIT"),
            ("citext", "varchar", "WITHOUT FUNCTION AS IMPLICIT"),
            ("citext", "bpchar", "WITHOUT FUNCTION AS ASSIGNMENT"),
            ("text", "citext", "WITHOUT FUNCTION AS ASSIGNMENT"),
            ("varchar", "citext", "WITHOUT FUNCTION AS ASSIGNMENT"),
            ("bpchar", "citext", "WITH FUNCTION @extschema@.citext(bpchar) AS ASSIGNMENT"),
            ("boolean", "citext", "WITH FUNCTION @extschema@.citext(boolean) AS ASSIGNMENT"),
            ("inet", "citext", "WITH FUNCTION @extschema@.citext(inet) AS ASSIGNMENT")):
        statements.append(f"CREATE CAST ({_qualified(source)} AS {_qualified(target)}) {how}")
    return tuple(statements)


_register_all()
for _spec in (
        extension_types.OperatorClass(EXTENSION, "citext_ops", "citext", extension_types.BTREE,
                                      ((1, "<"), (2, "<="), (3, "="), (4, ">="), (5, ">")),
                                      ((1, "citext_cmp"),)),
        extension_types.OperatorClass(EXTENSION, "citext_ops", "citext", extension_types.HASH,
                                      ((1, "="),),
                                      ((1, "citext_hash"), (2, "citext_hash_extended"))),
        extension_types.OperatorClass(EXTENSION, "citext_pattern_ops", "citext",
                                      extension_types.BTREE,
                                      ((1, "~<~"), (2, "~<=~"), (3, "="), (4, "~>=~"),
                                       (5, "~>~")),
                                      ((1, "citext_pattern_cmp"),), default=False)):
    extension_types.register_operator_class(_spec)
SCRIPT = _script()
extensions.add(extensions.Extension(
    EXTENSION, "1.6", True, "data type for case-insensitive character strings",
    script=SCRIPT, parallel="s", trusted=True))
