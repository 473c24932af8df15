"""pg_trgm: text similarity by trigrams, as PostgreSQL 15's extension (version 1.6).

    show_trgm(text) -> text[]                    the trigrams (trigrams.py)
    similarity(a, b), word_similarity(a, b), strict_word_similarity(a, b) -> real
    a % b, a <% b, a %> b, a <<% b, a %>> b      similarity over the pg_trgm.* threshold
    a <-> b, a <<-> b, a <->> b, a <<<-> b, a <->>> b   1 - similarity (distances)
    show_limit(), set_limit(real)                pg_trgm.similarity_threshold (deprecated)
    settings pg_trgm.similarity_threshold (0.3), pg_trgm.word_similarity_threshold (0.6),
    pg_trgm.strict_word_similarity_threshold (0.5)
    operator class gin_trgm_ops (pg_trgm_gin.py): LIKE, ILIKE, ~, ~*, %, <%, <<%, =

The functions are members as in every extension; the operators are made by the install
script (CREATE OPERATOR through SPI, as PostgreSQL's script does) and, with the GIN
operator family and class and their pg_amop / pg_amproc rows
(catalog/operator_class_creation.py), become members after it (`add_members`). The
settings are defined when the module "loads": at CREATE EXTENSION and at the first call
of one of its functions in a session (PostgreSQL loads the library then too), so
before that SHOW pg_trgm.similarity_threshold is unknown (42704), as in PostgreSQL.
The GiST class gist_trgm_ops and its gtrgm type are not made (no extension base types).

PostgreSQL: contrib/pg_trgm/trgm_op.c (_PG_init, set_limit, show_limit, show_trgm, the
*_op functions), pg_trgm--1.3.sql .. --1.6.sql.
"""
from __future__ import annotations

from pgsnake.contrib import extensions, trigrams
from pgsnake.datatypes import functions
from pgsnake.utils import settings
from pgsnake.utils.errors import PgError

EXTENSION = "pg_trgm"
_TEXT, _FLOAT4, _BOOL, _TEXT_ARRAY = 25, 700, 16, 1009
_INTERNAL, _INT2, _INT4, _CHAR = 2281, 21, 23, 18

SIMILARITY = "pg_trgm.similarity_threshold"
WORD_SIMILARITY = "pg_trgm.word_similarity_threshold"
STRICT_WORD_SIMILARITY = "pg_trgm.strict_word_similarity_threshold"
_SETTINGS = ((SIMILARITY, 0.3, "%"), (WORD_SIMILARITY, 0.6, "<%"),
             (STRICT_WORD_SIMILARITY, 0.5, "<<%"))


def load() -> None:
    """_PG_init: define the three settings (once per backend)."""
    if settings.is_defined(SIMILARITY) and not settings.lookup(SIMILARITY).placeholder:
        return
    for name, default, operator in _SETTINGS:
        settings.define_custom(settings.Setting(
            name, "real", trigrams.float4(default), settings.USERSET,
            short_desc=f"Sets the threshold used by the {operator} operator.",
            extra_desc="Valid range is 0.0 .. 1.0.", min_value=0.0, max_value=1.0,
            category="Customized Options"))
    settings.reserve_prefix("pg_trgm")


def threshold(name: str) -> float:
    load()
    return settings.get(name)


def _register(name, arg_types, result_type, fn, *, volatility="i", **kwargs) -> None:
    functions.register(name, arg_types, result_type, fn, oid=extensions.next_function_oid(),
                       volatility=volatility, extension=EXTENSION, **kwargs)


def _loaded(fn):
    def call(*args):
        load()
        return fn(*args)
    return call


def set_limit(limit: float) -> float:
    from pgsnake.datatypes import floats
    load()
    settings.set_value(SIMILARITY, floats.float4_output(limit))
    return trigrams.float4(settings.get(SIMILARITY))


def show_trgm(text: str) -> list[str]:
    return [trigrams.show(t) for t in trigrams.trigram_set(text)]


def _word(a: str, b: str, strict: bool) -> float:
    return trigrams.word_similarity(a, b, strict=strict)


def _word_op(pattern: str, text: str, strict: bool) -> bool:
    limit = threshold(STRICT_WORD_SIMILARITY if strict else WORD_SIMILARITY)
    return trigrams.word_similarity(pattern, text, strict=strict, check_only=True,
                                    threshold=limit) >= limit


_TT = (_TEXT, _TEXT)
_register("set_limit", (_FLOAT4,), _FLOAT4, set_limit, volatility="v")
_register("show_limit", (), _FLOAT4, lambda: trigrams.float4(threshold(SIMILARITY)),
          volatility="s")
_register("show_trgm", (_TEXT,), _TEXT_ARRAY, _loaded(show_trgm))
_register("similarity", _TT, _FLOAT4, _loaded(trigrams.similarity))
_register("similarity_op", _TT, _BOOL,
          lambda a, b: trigrams.similarity(a, b) >= threshold(SIMILARITY), volatility="s")
_register("similarity_dist", _TT, _FLOAT4,
          _loaded(lambda a, b: trigrams.float4(1.0 - trigrams.similarity(a, b))))
for _prefix, _strict in (("", False), ("strict_", True)):
    _register(f"{_prefix}word_similarity", _TT, _FLOAT4,
              _loaded(lambda a, b, _s=_strict: _word(a, b, _s)))
    _register(f"{_prefix}word_similarity_op", _TT, _BOOL,
              lambda a, b, _s=_strict: _word_op(a, b, _s), volatility="s")
    _register(f"{_prefix}word_similarity_commutator_op", _TT, _BOOL,
              lambda a, b, _s=_strict: _word_op(b, a, _s), volatility="s")
    _register(f"{_prefix}word_similarity_dist_op", _TT, _FLOAT4,
              _loaded(lambda a, b, _s=_strict: trigrams.float4(1.0 - _word(a, b, _s))))
    _register(f"{_prefix}word_similarity_dist_commutator_op", _TT, _FLOAT4,
              _loaded(lambda a, b, _s=_strict: trigrams.float4(1.0 - _word(b, a, _s))))


def _internal(name: str):
    def refuse(*_args):
        raise PgError("0A000", f"function {name} is the GIN operator class's support "
                               f"function; pgsnake runs it inside the index only")
    return refuse


# GIN support functions: members with PostgreSQL's signatures; the index runs their
# Python counterparts (pg_trgm_gin.py), and a direct call can only pass NULL internals.
_GIN_SUPPORT = (
    ("gin_extract_value_trgm", (_TEXT, _INTERNAL), _INTERNAL),
    ("gin_extract_query_trgm", (_TEXT, _INTERNAL, _INT2) + (_INTERNAL,) * 4, _INTERNAL),
    ("gin_trgm_consistent", (_INTERNAL, _INT2, _TEXT, _INT4) + (_INTERNAL,) * 4, _BOOL),
    ("gin_trgm_triconsistent", (_INTERNAL, _INT2, _TEXT, _INT4) + (_INTERNAL,) * 3, _CHAR),
)
for _name, _args, _result in _GIN_SUPPORT:
    _register(_name, _args, _result, _internal(_name))


# ---- the install script's operators, and the GIN operator class --------------------------------

# (name, function, commutator, restriction estimator?)
OPERATORS = (
    ("%", "similarity_op", "%", True), ("<->", "similarity_dist", "<->", False),
    ("<%", "word_similarity_op", "%>", True),
    ("%>", "word_similarity_commutator_op", "<%", True),
    ("<<->", "word_similarity_dist_op", "<->>", False),
    ("<->>", "word_similarity_dist_commutator_op", "<<->", False),
    ("<<%", "strict_word_similarity_op", "%>>", True),
    ("%>>", "strict_word_similarity_commutator_op", "<<%", True),
    ("<<<->", "strict_word_similarity_dist_op", "<->>>", False),
    ("<->>>", "strict_word_similarity_dist_commutator_op", "<<<->", False),
)


def _operator_statement(name: str, function: str, commutator: str, estimated: bool) -> str:
    estimators = ", RESTRICT = matchingsel, JOIN = matchingjoinsel" if estimated else ""
    return (f"CREATE OPERATOR @extschema@.{name} (LEFTARG = text, RIGHTARG = text, "
            f"PROCEDURE = @extschema@.{function}, "
            f"COMMUTATOR = OPERATOR(@extschema@.{commutator}){estimators})")


SCRIPT = tuple(_operator_statement(*op) for op in OPERATORS)

GIN = 2742
_BUILTIN_TEXT_OPERATORS = {3: 1209, 4: 1627, 5: 641, 6: 1228, 11: 98}   # ~~ ~~* ~ ~* =
_GIN_OPERATORS = {1: "%", 7: "%>", 9: "%>>"}
_BTINT4CMP = 351


def add_members(extension_oid: int, namespace: int) -> None:
    """After the script (whose operators are members already, as everything it creates):
    the GIN operator family and class gin_trgm_ops with their operators (strategies 1,
    3-7, 9, 11) and support functions (1 btint4cmp, 2, 3, 4, 6) are made, members too."""
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.catalog import operator_class_creation as opclasses
    from pgsnake.catalog import operator_creation
    from pgsnake.contrib import extension_members
    load()
    operators = {}
    for name, *_rest in OPERATORS:
        row = operator_creation.find_operator(name, namespace, _TEXT, _TEXT)
        operators[name] = row.oid
    family = opclasses.create_family("gin_trgm_ops", GIN, namespace)
    opclass = opclasses.create_class("gin_trgm_ops", GIN, namespace, family, _TEXT, _INT4)
    strategies = dict(_BUILTIN_TEXT_OPERATORS)
    strategies.update({s: operators[name] for s, name in _GIN_OPERATORS.items()})
    for strategy in sorted(strategies):
        opclasses.add_operator(family, GIN, strategy, strategies[strategy], _TEXT, _TEXT)
    procs = {r.proname: r.oid for r in cc.scan_catalog("pg_proc")
             if r.pronamespace == namespace and r.proname in
             {name for name, _a, _r in _GIN_SUPPORT}}
    support = {1: _BTINT4CMP, 2: procs["gin_extract_value_trgm"],
               3: procs["gin_extract_query_trgm"], 4: procs["gin_trgm_consistent"],
               6: procs["gin_trgm_triconsistent"]}
    for number, function in support.items():
        opclasses.add_function(family, number, function, _TEXT, _TEXT)
    extension_members.add_member(extension_oid, opclasses.PG_OPFAMILY, family)
    extension_members.add_member(extension_oid, opclasses.PG_OPCLASS, opclass)
    from pgsnake.contrib import pg_trgm_gist       # gist_trgm_ops (its module imports this one)
    pg_trgm_gist.add_members(extension_oid, namespace)
    opclasses.changed()


extensions.add(extensions.Extension(
    EXTENSION, "1.6", True, "text similarity measurement and index searching based on "
    "trigrams", script=SCRIPT, parallel="s", parallel_unsafe=("set_limit",),
    after_script=add_members, trusted=True))
