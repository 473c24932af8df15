"""The system catalogs pgsnake creates: their OIDs, columns and storage, and the
Relation descriptors the heap uses to read and write them.

A catalog's descriptor cannot come from pg_class/pg_attribute, because reading those
needs their own descriptors first (the bootstrap chicken-and-egg). So, as PostgreSQL does
with its compiled-in "formrdesc" descriptors, these are built from the generated column
lists (generated/catalog_columns.py), never from the catalogs themselves.

Entry points:
    CATALOGS, catalog(name), catalog_by_oid(oid), is_catalog(oid)
    catalog_relation(name_or_oid, database_oid=None) -> Relation
    row_class(name) -> a NamedTuple type with one field per column
    SYSTEM_COLUMNS, well-known OIDs (PG_CATALOG_NAMESPACE, TEMPLATE1_DATABASE, ...)

PostgreSQL: utils/cache/relcache.c (formrdesc, RelationCacheInitializePhase2/3),
catalog/catalog.c (IsSharedRelation), include/catalog/pg_*.h (the facts, via genbki).
"""
from __future__ import annotations

import collections
import dataclasses
import functools

from pgsnake.access.common.tuple_descriptor import Attribute, Relation, TupleDescriptor
from pgsnake.catalog.generated.catalog_columns import CATALOGS as _GENERATED
from pgsnake.storage.smgr.relation_path import (DEFAULT_TABLESPACE_OID, GLOBAL_TABLESPACE_OID,
                                                RelFileLocator)
from pgsnake.utils import process_state

# Well-known OIDs (PostgreSQL's, from pg_*.dat).
PG_CATALOG_NAMESPACE = 11
PG_TOAST_NAMESPACE = 99
PUBLIC_NAMESPACE = 2200
BOOTSTRAP_SUPERUSER = 10
TEMPLATE1_DATABASE = 1
# Catalogs with a TOAST table (made by initdb, toast_creation.create_catalog_toast_tables):
# catalog oid -> (TOAST table oid, its index's oid), PostgreSQL's. Only pg_statistic's
# rows (long MCV lists, histograms, element statistics) need one here so far.
CATALOG_TOAST_TABLES = {2619: (2840, 2841)}
TEMPLATE0_DATABASE = 4
POSTGRES_DATABASE = 5
HEAP_ACCESS_METHOD = 2
BTREE_ACCESS_METHOD = 403
UTF8_ENCODING = 6
PG_TYPE_OID = 1247            # catalogs' own OIDs, as class ids in object lock tags
PG_NAMESPACE_OID = 2615
PG_CLASS_OID = 1259
PG_CONSTRAINT_OID = 2606
PG_DATABASE_OID = 1262
DATCONNLIMIT_INVALID_DB = -2  # pg_database.datconnlimit of a half-dropped database
FIRST_NORMAL_OBJECT_ID = 16384     # OIDs below this are built in (get_new_oid starts here)

# System columns every table has (attnum < 0): name, attnum, type oid, typlen, byval, align.
SYSTEM_COLUMNS = (
    ("ctid", -1, 27, 6, False, "s"),
    ("xmin", -2, 28, 4, True, "i"),
    ("cmin", -3, 29, 4, True, "i"),
    ("xmax", -4, 28, 4, True, "i"),
    ("cmax", -5, 29, 4, True, "i"),
    ("tableoid", -6, 26, 4, True, "i"),
)


@dataclasses.dataclass(frozen=True, slots=True)
class ColumnDefinition:
    """One catalog column, as pg_attribute describes it."""
    attnum: int
    name: str
    type_oid: int
    typlen: int
    typbyval: bool
    typalign: str
    not_null: bool
    typmod: int
    storage: str
    collation: int
    ndims: int


@dataclasses.dataclass(frozen=True, slots=True)
class CatalogDefinition:
    name: str
    oid: int                 # also its first relfilenode (catalog_locator says the current one)
    rowtype_oid: int         # pg_type row of its composite type
    is_shared: bool          # lives in global/, one copy for the cluster
    columns: tuple[ColumnDefinition, ...]

    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def attnum(self, column: str) -> int:
        for c in self.columns:
            if c.name == column:
                return c.attnum
        raise KeyError(column)


def _load() -> dict[str, CatalogDefinition]:
    out = {}
    for name, (oid, rowtype, shared, cols) in _GENERATED.items():
        out[name] = CatalogDefinition(name, oid, rowtype, shared, tuple(
            ColumnDefinition(i, *c) for i, c in enumerate(cols, start=1)))
    return out


CATALOGS: dict[str, CatalogDefinition] = _load()
_BY_OID = {d.oid: d for d in CATALOGS.values()}


def catalog(name: str) -> CatalogDefinition:
    return CATALOGS[name]


def catalog_by_oid(oid: int) -> CatalogDefinition | None:
    return _BY_OID.get(oid)


def is_catalog(oid: int) -> bool:
    return oid in _BY_OID


def is_shared_catalog(oid: int) -> bool:
    definition = _BY_OID.get(oid)
    return definition is not None and definition.is_shared


# relfilenode_of(catalog oid) -> its pg_class.relfilenode in the current database, or
# None while there is no row to read (initdb): installed by catalog_cache, which reads
# pg_class (a mapped catalog, so reading it never needs this).
_relfilenode_of = None


def set_relfilenode_resolver(resolver) -> None:
    global _relfilenode_of
    _relfilenode_of = resolver


def catalog_locator(definition: CatalogDefinition, database_oid: int | None = None) -> RelFileLocator:
    """Shared catalogs: global/<file>; the others: base/<database>/<file>. The file is
    what the relation map says for a mapped catalog (relation_map.py), else what the
    catalog's pg_class.relfilenode says in the current database (its OID from initdb
    until VACUUM FULL / CLUSTER gives it another); another database's unmapped
    catalog is read at its OID (only CREATE DATABASE's copy and the catalog warmer
    read other databases, before any rewrite could matter to them)."""
    from pgsnake.catalog import relation_map
    if definition.is_shared:
        return RelFileLocator(GLOBAL_TABLESPACE_OID, 0,
                              relation_map.filenode(definition.oid, True, 0))
    resolve = database_oid is None and _relfilenode_of is not None
    if database_oid is None:
        database_oid = process_state.database_oid
    assert database_oid, "a per-database catalog needs a database (process_state.database_oid)"
    filenode = definition.oid
    if definition.oid in relation_map.MAPPED_LOCAL:
        filenode = relation_map.filenode(definition.oid, False, database_oid)
    elif resolve:
        filenode = _relfilenode_of(definition.oid) or definition.oid
    return RelFileLocator(DEFAULT_TABLESPACE_OID, database_oid, filenode)


# Storage stand-ins, used only if the datatypes registry does not know a catalog column's
# real type. Each pair has the same on-disk layout (oidvector is a one-dimensional oid
# array, pg_node_tree is text, xid is an unsigned 4-byte word like oid); aclitem[] and
# anyarray columns are always NULL in pgsnake, so any varlena type will do.
# pg_statistic_ext_data.stxdexpr is a real pg_statistic[] (10028): catalog row types are
# built from these definitions (catalog/user_types.py), with no database needed.
_STORAGE_STAND_INS = {28: 26, 30: 1028, 22: 1005, 194: 25, 1034: 1009, 2277: 1009, 29: 26}


@functools.cache
def _storage_type(type_oid: int) -> int:
    try:
        from pgsnake.datatypes import registry
    except ImportError:            # datatypes not built yet: keep PostgreSQL's type
        return type_oid
    from pgsnake.catalog import user_types  # noqa: F401  (catalog row types' loader)
    try:
        registry.get_type(type_oid)
        return type_oid
    except Exception:
        return _STORAGE_STAND_INS.get(type_oid, type_oid)


_descriptors: dict[str, TupleDescriptor] = {}


def catalog_descriptor(definition: CatalogDefinition) -> TupleDescriptor:
    """One descriptor per catalog, shared by its Relation in every database, so that the
    tuple codec compiled for it (access/common/heap_tuple.py, cached by descriptor) is
    compiled once, in the postmaster before fork (postmaster/preload.py)."""
    descriptor = _descriptors.get(definition.name)
    if descriptor is None:
        descriptor = _descriptors[definition.name] = TupleDescriptor(tuple(
            Attribute(attnum=c.attnum, name=c.name, type_oid=_storage_type(c.type_oid),
                      typmod=c.typmod, not_null=c.not_null, typlen=c.typlen,
                      typbyval=c.typbyval, typalign=c.typalign, storage=c.storage)
            for c in definition.columns))
    return descriptor


_relations: dict[tuple[int, int], Relation] = {}


def catalog_relation(name_or_oid: str | int, database_oid: int | None = None) -> Relation:
    """The Relation of a catalog in the given (default: current) database."""
    definition = (CATALOGS[name_or_oid] if isinstance(name_or_oid, str)
                  else _BY_OID[name_or_oid])
    locator = catalog_locator(definition, database_oid)
    key = (definition.oid, locator.dboid, locator.relfilenode)
    rel = _relations.get(key)
    if rel is None:
        rel = Relation(oid=definition.oid, name=definition.name,
                       namespace_oid=PG_CATALOG_NAMESPACE, relkind="r", locator=locator,
                       descriptor=catalog_descriptor(definition), persistence="p",
                       is_shared=definition.is_shared, namespace_name="pg_catalog",
                       toast_oid=CATALOG_TOAST_TABLES.get(definition.oid, (0, 0))[0])
        _relations[key] = rel
    return rel


@functools.cache
def row_class(name: str) -> type:
    """A NamedTuple type for rows of catalog `name` (fields = column names)."""
    return collections.namedtuple(f"{name}_row", CATALOGS[name].column_names())


def row_values(name: str, **values) -> list:
    """A full row for catalog `name` in column order; unnamed columns are NULL."""
    columns = CATALOGS[name].column_names()
    unknown = set(values) - set(columns)
    assert not unknown, f"{name} has no columns {unknown}"
    return [values.get(c) for c in columns]
