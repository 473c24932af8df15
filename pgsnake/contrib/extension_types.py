"""Base types an extension makes (citext, hstore; the GiST key types gbtreekey*, gtrgm,
ghstore), with their operator classes.

PostgreSQL's install scripts make a base type in three steps: a shell type, the C
input / output / receive / send functions naming it, then the full CREATE TYPE. pgsnake
does the same work in CREATE EXTENSION (extension_members.create_members calls in here):

  reserve(extension)        fresh OIDs for each type the extension declares and for its
                            array type (the registry's functions name the types by
                            placeholder OIDs, fixed numbers at the top of the OID space;
                            `fresh(oid)` maps them while the pg_proc rows are written)
  create_types(...)         the pg_type rows (the type: typtype 'b', its I/O functions
                            the members just made; its array type '_name'), members of
                            the extension ('e'); the array type is part of the type ('i')
  adopt_new(...)            what the rest of the install script (operators, casts, SQL
                            functions, aggregates, run through SPI) made becomes a member
  create_operator_classes   B-tree / hash / GIN / GiST operator classes and their
                            families (pg_opclass, pg_opfamily, pg_amop, pg_amproc), as
                            CREATE OPERATOR CLASS leaves them: the class depends on its
                            family (auto), each amop / amproc row on the class (internal;
                            GiST: operators and amprocs other than 1, 2, 5, 6, 7 on the
                            family, auto, as gistadjustmembers makes them); members ('e')

A value of such a type is whatever Python object the extension's module makes; its
TypeInfo (text and binary I/O, storage as a varlena) comes from the `make_info` the
extension registered, found through the type's input function (`build_info`, installed
as the catalog layer's base-type builder). Python's ordering, equality and hashing of
the value objects are the type's default B-tree / hash operator class, which is how
sorts, DISTINCT, GROUP BY, hash joins and the B-tree (through the `<` operator) order
them.

Calls of a member function find its Python body by name and argument types; those are
the fresh OIDs in pg_proc and placeholders in the registry, so the registry maps them
back (`placeholder_of`, installed in the function registry).

Entry points: BaseType, OperatorClass, register_type, register_signature_key_type,
refusing, register_operator_class,
reserve, fresh, create_types, create_operator_classes,
placeholder_of, build_info.

PostgreSQL: commands/typecmds.c (DefineType, shell types), catalog/pg_type.c
(TypeCreate, GenerateTypeDependencies), commands/opclasscmds.c (DefineOpClass,
storeOperators, storeProcedures), commands/extension.c (recordDependencyOnCurrentExtension).
"""
from __future__ import annotations

import dataclasses
import itertools
from typing import Callable

from pgsnake.access.hash import hash_functions
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import dependency, invalidation, user_types
from pgsnake.catalog import definitions as d
from pgsnake.datatypes import functions
from pgsnake.datatypes.type_info import TypeInfo

PLACEHOLDER_TYPE_OID_BASE = 4_289_000_000
_placeholders = itertools.count(PLACEHOLDER_TYPE_OID_BASE, 2)
PG_PROC, PG_EXTENSION = 1255, 3079
PG_OPCLASS, PG_OPFAMILY = 2616, 2753
BTREE, HASH, GIST, GIN = 403, 405, 783, 2742   # access methods of the operator classes
_GIST_HARD_SUPPORT = (1, 2, 5, 6, 7)   # GiST: the amprocs part of the class (the others
                                       # and every operator loose in the family, as
                                       # gistadjustmembers leaves them)
EXTENSION = "e"


@dataclasses.dataclass(frozen=True)
class BaseType:
    extension: str
    name: str
    input: str              # the member functions' names (prosrc)
    output: str
    receive: str
    send: str
    # make_info(oid, name, sql_name, array_oid) -> TypeInfo
    make_info: Callable[[int, str, str, int], TypeInfo]
    # hash_extended(value, seed) -> uint64: the hash operator class's amproc 2 (amproc 1
    # is its low half with seed 0, as PostgreSQL guarantees); hash indexes use it
    hash_extended: Callable | None = None
    category: str = "U"
    collatable: bool = False
    typlen: int = -1                    # fixed-length types (btree_gist's gbtreekeyN)
    storage: str = "x"
    alignment: str = "i"
    placeholder: int = dataclasses.field(default_factory=lambda: next(_placeholders))

    @property
    def array_placeholder(self) -> int:
        return self.placeholder + 1


@dataclasses.dataclass(frozen=True)
class OperatorClass:
    """CREATE OPERATOR CLASS name DEFAULT FOR TYPE type USING method [STORAGE key]:
    `operators` are (strategy, operator name) on (type, type) or (strategy, operator
    name, right type OID); `support` (number, function name): the extension's
    function of that name whose first argument is the type, else the built-in one
    (GIN's bttextcmp)."""
    extension: str
    name: str
    type_name: str
    method: int
    operators: tuple[tuple, ...]
    support: tuple[tuple[int, str], ...]
    default: bool = True
    key_type: int = 0                     # opckeytype (GIN: the stored keys' type; an
                                          # extension type by its placeholder: ghstore)


_TYPES: list[BaseType] = []
_CLASSES: list[OperatorClass] = []
_fresh: dict[int, int] = {}


def register_type(base_type: BaseType) -> BaseType:
    _TYPES.append(base_type)
    return base_type


def refusing(message: str) -> Callable:
    """A function that only raises (XX000 `message`): the text I/O of a key type only
    its operator class reads, as PostgreSQL's ghstore_in / gtrgm_in refuse."""
    def refuse(*_args, **_kwargs):
        from pgsnake.utils.errors import PgError
        raise PgError("XX000", message)
    return refuse


def register_signature_key_type(extension: str, name: str, message: str) -> BaseType:
    """A GiST key type holding opaque bytes (hstore's ghstore, pg_trgm's gtrgm): a
    plain-storage varlena whose text input and output refuse with `message`."""
    refuse = refusing(message)

    def make_info(oid: int, type_name: str, sql_name: str, array_oid: int) -> TypeInfo:
        info = TypeInfo(oid, type_name, -1, False, "i", "U", False, array_oid, 0, sql_name)
        info.input = info.output = refuse
        info.pack = info.unpack = bytes
        return info
    return register_type(BaseType(extension, name, f"{name}_in", f"{name}_out", "", "",
                                  make_info, storage="p"))


def register_operator_class(operator_class: OperatorClass) -> None:
    _CLASSES.append(operator_class)


def types_of(extension: str) -> list[BaseType]:
    return [t for t in _TYPES if t.extension == extension]


# ---------------------------------------------------------------------------------------
# CREATE EXTENSION


def reserve(extension: str) -> None:
    """Fresh OIDs for the extension's types and their array types."""
    from pgsnake.access.transam import transaction_ids
    _fresh.clear()
    for base_type in types_of(extension):
        _fresh[base_type.placeholder] = transaction_ids.get_new_oid()
        _fresh[base_type.array_placeholder] = transaction_ids.get_new_oid()


def fresh(type_oid: int) -> int:
    """The OID CREATE EXTENSION gave a placeholder type (other types: themselves)."""
    return _fresh.get(type_oid, type_oid)


def create_types(extension_oid: int, extension: str, namespace_oid: int) -> None:
    """The pg_type rows of the extension's types, members of the extension."""
    from pgsnake.commands import type_commands
    members = {r.proname: r.oid
               for r in cc.scan_catalog("pg_proc", key=("pronamespace", namespace_oid))}
    for base_type in types_of(extension):
        oid = fresh(base_type.placeholder)
        io = tuple(members[name] if name else 0 for name in      # "": no such function
                   (base_type.input, base_type.output, base_type.receive, base_type.send))
        type_commands.insert_type_rows(
            oid=oid, array_oid=fresh(base_type.array_placeholder), name=base_type.name,
            namespace=namespace_oid, typtype="b", category=base_type.category,
            typlen=base_type.typlen,
            typbyval=False, typalign=base_type.alignment, typstorage=base_type.storage,
            io=io, collation=100 if base_type.collatable else 0)
        dependency.record(dependency.ObjectAddress(d.PG_TYPE_OID, oid),
                          dependency.ObjectAddress(PG_EXTENSION, extension_oid), EXTENSION)
        for function_oid in filter(None, io):   # the I/O functions name the type (normal)
            dependency.record(dependency.ObjectAddress(d.PG_TYPE_OID, oid),
                              dependency.ObjectAddress(PG_PROC, function_oid),
                              dependency.NORMAL)
    _fresh.clear()
    _changed()


def create_operator_classes(extension_oid: int, extension: str, namespace_oid: int) -> None:
    """The extension's operator classes, each with a family of the same name (as CREATE
    OPERATOR CLASS without FAMILY makes them: catalog/operator_class_creation)."""
    from pgsnake.catalog import operator_class_creation as opclasses
    operators = cc.scan_catalog("pg_operator", key=("oprnamespace", namespace_oid))
    procs = [r for nsp in (namespace_oid, d.PG_CATALOG_NAMESPACE)
             for r in cc.scan_catalog("pg_proc", key=("pronamespace", nsp))]
    owner = dependency.ObjectAddress(PG_EXTENSION, extension_oid)
    for spec in (c for c in _CLASSES if c.extension == extension):
        type_oid = cc.lookup_type_row(spec.type_name, namespace_oid).oid
        key_type = next((cc.lookup_type_row(t.name, namespace_oid).oid for t in _TYPES
                         if t.placeholder == spec.key_type), spec.key_type)
        family = opclasses.create_family(spec.name, spec.method, namespace_oid)
        opclass = opclasses.create_class(spec.name, spec.method, namespace_oid, family,
                                         type_oid, key_type, spec.default)
        gist = spec.method == GIST
        for classid, oid in ((PG_OPFAMILY, family), (PG_OPCLASS, opclass)):
            dependency.record(dependency.ObjectAddress(classid, oid), owner, EXTENSION)
        for strategy, operator_name, *right in spec.operators:
            right_oid = right[0] if right else type_oid
            opclasses.add_operator(family, spec.method, strategy,
                                   _operator(operators, operator_name, type_oid, right_oid,
                                             namespace_oid),
                                   type_oid, right_oid, opclass=0 if gist else opclass)
        for number, function_name in spec.support:
            hard = not gist or number in _GIST_HARD_SUPPORT
            opclasses.add_function(family, number,
                                   _function(procs, function_name, type_oid, namespace_oid),
                                   type_oid, type_oid, opclass=opclass if hard else 0)
    opclasses.changed()


def _operator(operators: list, name: str, left: int, right: int, namespace_oid: int) -> int:
    return next(r.oid for r in operators
                if r.oprname == name and r.oprleft == left and r.oprright == right
                and r.oprnamespace == namespace_oid)


def _function(procs: list, name: str, type_oid: int, namespace_oid: int) -> int:
    rows = [r for r in procs if r.proname == name]
    own = [r for r in rows if r.pronamespace == namespace_oid]
    for r in own:
        if r.proargtypes and r.proargtypes[0] == type_oid:
            return r.oid
    if own:
        return own[0].oid
    return next(r.oid for r in rows if r.pronamespace == d.PG_CATALOG_NAMESPACE)


def _changed() -> None:
    from pgsnake.access.transam import xact
    invalidation.note_catalog_change()
    xact.command_counter_increment()


# ---------------------------------------------------------------------------------------
# Using the types


_placeholder_cache: dict[int, int] = {}
invalidation.add_cache_reset(_placeholder_cache.clear)


def _spec_of_row(row) -> BaseType | None:
    """The registered type whose input function the pg_type row names."""
    if row is None or row.typtype != "b" or not _TYPES:
        return None
    proc = next(iter(cc.scan_catalog("pg_proc", key=("oid", row.typinput))), None)
    if proc is None or proc.prolang != 13:               # language C
        return None
    extension = (proc.probin or "").removeprefix("$libdir/")
    return next((t for t in _TYPES if t.input == proc.prosrc and t.extension == extension),
                None)


def placeholder_of(type_oid: int) -> int:
    """The placeholder the registry knows an extension type (or its array) by."""
    if type_oid < user_types.user_type_facts.FIRST_CATALOG_TYPE_OID or not _TYPES:
        return type_oid
    found = _placeholder_cache.get(type_oid)
    if found is None:
        row = cc.get_type_row(type_oid)
        found = type_oid
        if row is not None and row.typcategory == "A" and row.typelem:
            spec = _spec_of_row(cc.get_type_row(row.typelem))
            if spec is not None:
                found = spec.array_placeholder
        else:
            spec = _spec_of_row(row)
            if spec is not None:
                found = spec.placeholder
        _placeholder_cache[type_oid] = found
    return found


def build_info(row, sql_name: str) -> TypeInfo | None:
    """The TypeInfo of an extension's base type (the catalog layer's builder)."""
    spec = _spec_of_row(row)
    if spec is None:
        return None
    return spec.make_info(row.oid, row.typname, sql_name, row.typarray)


def _hash_support(type_oid: int):
    """The hash of an extension's type for hash indexes and hash partitioning: its
    Python extended hash and the pg_proc rows of its hash operator class's amproc 1 / 2."""
    if type_oid < user_types.user_type_facts.FIRST_CATALOG_TYPE_OID or not _TYPES:
        return None
    spec = _spec_of_row(cc.get_type_row(type_oid))
    if spec is None or spec.hash_extended is None:
        return None
    family = next((r.opcfamily for r in cc.scan_catalog("pg_opclass")
                   if r.opcintype == type_oid and r.opcmethod == HASH and r.opcdefault), None)
    procs = {r.amprocnum: r.amproc for r in cc.scan_catalog("pg_amproc")
             if r.amprocfamily == family}
    names = {r.oid: r.proname for r in cc.scan_catalog("pg_proc") if r.oid in procs.values()}
    return (spec.hash_extended, (procs.get(1, 0), names.get(procs.get(1), "")),
            (procs.get(2, 0), names.get(procs.get(2), "")))


user_types.set_base_type_builder(build_info)
hash_functions.set_extension_hash_lookup(_hash_support)
functions.set_extension_type_mapping(placeholder_of)
