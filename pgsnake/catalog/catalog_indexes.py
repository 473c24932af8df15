"""The system catalogs' B-tree indexes: PostgreSQL 15's (pg_class_oid_index 2662,
pg_class_relname_nsp_index 2663, pg_attribute_relid_attnum_index 2659, ...), with their
OIDs, names, key columns and operator classes (generated/catalog_index_facts.py, read
from the oracle's pg_index), as real nbtree indexes.

Bootstrap ordering (catalog README, "Catalog indexes"):
  * like a catalog's own descriptor (definitions.py), a catalog index's Relation is
    compiled in (`index_relation`), never read from pg_class / pg_attribute / pg_index:
    maintaining pg_class_oid_index must not need pg_class_oid_index to find it;
  * which indexes a catalog has is compiled in too (`indexes_of`): catalog_writes.py
    maintains them from the facts, not from pg_index (which also lists them, for SQL);
  * initdb inserts every catalog's rows first (the indexes' own pg_class /
    pg_attribute / pg_index / pg_constraint rows among them: `initial_rows`), then
    creates and builds every index from its catalog (`build_all`), so heap and indexes
    agree from the start;
  * the indexes of pg_class, pg_attribute, pg_proc, pg_type and the shared catalogs
    are mapped (`is_nailed`): their file is what pg_filenode.map says
    (relation_map.py; pg_class.relfilenode is 0); the others' file is
    pg_class.relfilenode, read through the relation cache (which finds pg_class rows
    through the mapped pg_class_oid_index); REINDEX gives either kind a new file;
  * after initdb every catalog row written goes through catalog_writes.py, which calls
    `insert_entries` for each new heap tuple that is not heap-only (HOT), unique indexes
    checking as PostgreSQL's CatalogTupleInsert does (23505 with the index's name,
    waiting for a running inserter of an equal key); deletes leave entries for VACUUM.

Entry points: CatalogIndex, INDEXES, indexes_of(catalog), is_catalog_index(oid),
index_relation(oid, database_oid=None), indexed_positions(catalog), insert_entries(
catalog, values, tid), initial_rows() -> {catalog: rows}, build_all(); lookups:
index_for(catalog, column) / usable_for(catalog, column, value) / usable_for_key(
catalog, key), lookup(index, values, snapshot) (an index scan for equal leading keys: (tid, values) of visible rows),
equal_key_tids(index, values) (every entry's TID, for uniqueness probes).

PostgreSQL: catalog/indexing.c (CatalogOpenIndexes, CatalogIndexInsert), catalog/
index.c (index_register / build_indices at bootstrap), include/catalog/pg_*.h
(DECLARE_UNIQUE_INDEX), utils/cache/relcache.c (formrdesc, load_critical_index).
"""
from __future__ import annotations

import dataclasses
import functools

from pgsnake.access.common.tuple_descriptor import (Attribute, IndexDescription, Relation,
                                                     TupleDescriptor)
from pgsnake.catalog import definitions as d
from pgsnake.catalog.generated.catalog_index_facts import INDEXES as _FACTS
from pgsnake.storage.smgr.relation_path import (DEFAULT_TABLESPACE_OID, GLOBAL_TABLESPACE_OID,
                                                RelFileLocator)
from pgsnake.utils import process_state


@dataclasses.dataclass(frozen=True, slots=True)
class IndexColumnFacts:
    """One index column as the index's own pg_attribute row describes it."""
    name: str
    type_oid: int          # a name key is stored as cstring (2275), name_ops' opckeytype
    typlen: int
    typbyval: bool
    typalign: str
    storage: str
    collation: int
    ndims: int


@dataclasses.dataclass(frozen=True, slots=True)
class CatalogIndex:
    oid: int               # also its first relfilenode (initdb's)
    name: str
    catalog: str           # the indexed catalog's name
    unique: bool
    primary: bool
    indkey: tuple[int, ...]
    indclass: tuple[int, ...]
    indcollation: tuple[int, ...]
    indoption: tuple[int, ...]
    constraint_oid: int    # its PRIMARY KEY / UNIQUE constraint's pg_constraint row, or 0
    contype: str
    columns: tuple[IndexColumnFacts, ...]

    @property
    def is_shared(self) -> bool:
        return d.catalog(self.catalog).is_shared

    @property
    def positions(self) -> tuple[int, ...]:
        """The heap row positions (0-based) of the key columns."""
        return tuple(attnum - 1 for attnum in self.indkey)


def _load() -> dict[int, CatalogIndex]:
    out = {}
    for (oid, name, catalog, unique, primary, indkey, indclass, collation, option,
         constraint, contype, cols) in _FACTS:
        if catalog not in d.CATALOGS:         # a catalog pgsnake does not create
            continue
        out[oid] = CatalogIndex(oid, name, catalog, unique, primary, indkey, indclass,
                                collation, option, constraint, contype,
                                tuple(IndexColumnFacts(*c) for c in cols))
    return out


INDEXES: dict[int, CatalogIndex] = _load()
_BY_CATALOG: dict[str, tuple[CatalogIndex, ...]] = {}
for _index in INDEXES.values():
    _BY_CATALOG.setdefault(_index.catalog, ())
    _BY_CATALOG[_index.catalog] += (_index,)
_BY_NAME = {index.name: index for index in INDEXES.values()}


def indexes_of(catalog: str) -> tuple[CatalogIndex, ...]:
    """The catalog's indexes, in OID order (RelationGetIndexList's order)."""
    return _BY_CATALOG.get(catalog, ())


def is_catalog_index(oid: int) -> bool:
    return oid in INDEXES


def by_name(name: str) -> CatalogIndex:
    return _BY_NAME[name]


@functools.cache
def indexed_positions(catalog: str) -> frozenset[int]:
    """The heap columns (0-based) some index of the catalog keys on: an update that
    changes none of them may be HOT."""
    return frozenset(p for index in indexes_of(catalog) for p in index.positions)


@functools.cache
def _descriptor(oid: int) -> TupleDescriptor:
    index = INDEXES[oid]
    return TupleDescriptor(tuple(
        Attribute(attnum=i, name=c.name, type_oid=c.type_oid, typlen=c.typlen,
                  typbyval=c.typbyval, typalign=c.typalign, storage=c.storage)
        for i, c in enumerate(index.columns, start=1)))


@functools.cache
def _description(oid: int) -> IndexDescription:
    from pgsnake.catalog.catalog_cache import quote_identifier
    index = INDEXES[oid]
    return IndexDescription(
        heap_oid=d.catalog(index.catalog).oid, key_count=len(index.columns),
        unique=index.unique, options=index.indoption, collations=index.indcollation,
        heap_attnums=index.indkey,
        column_texts=tuple(quote_identifier(c.name) for c in index.columns))


_relations: dict[tuple[int, int, int], Relation] = {}

# False only under tests/catalog's fake heaps (no pages, no B-tree): no index files are
# made or maintained, and keyed lookups read the heap instead (tests/catalog/fakes.py).
USABLE = True


def is_nailed(oid: int) -> bool:
    """Is the index's file found through the relation map (relation_map.py) rather
    than its pg_class row? pg_class's own indexes (finding an index's pg_class row must
    not need that row), the shared catalogs' (whose pg_class row is one per database)
    and those of pg_attribute, pg_proc and pg_type: PostgreSQL's mapped relations."""
    from pgsnake.catalog import relation_map
    return relation_map.is_mapped(oid)


# relfilenode_of(index oid) -> its pg_class.relfilenode, or None while there is no row
# to read (initdb): installed by catalog_cache, which reads pg_class.
_relfilenode_of = None


def set_relfilenode_resolver(resolver) -> None:
    global _relfilenode_of
    _relfilenode_of = resolver


def index_relation(oid: int, database_oid: int | None = None) -> Relation:
    """The compiled-in Relation of a catalog index (formrdesc's counterpart for
    indexes): shared catalogs' indexes live in global/, the others in the (current)
    database's directory, in the file pg_class names (REINDEX gives one a new file)
    unless it is mapped (relation_map.py: then the map names it)."""
    from pgsnake.catalog import relation_map
    index = INDEXES[oid]
    if index.is_shared:
        locator = RelFileLocator(GLOBAL_TABLESPACE_OID, 0, relation_map.filenode(oid, True, 0))
    else:
        filenode = None
        if is_nailed(oid):
            filenode = relation_map.filenode(oid, False, database_oid)
        elif database_oid is None and _relfilenode_of is not None:
            filenode = _relfilenode_of(oid)
        if database_oid is None:
            database_oid = process_state.database_oid
        locator = RelFileLocator(DEFAULT_TABLESPACE_OID, database_oid, filenode or oid)
    key = (oid, locator.dboid, locator.relfilenode)
    rel = _relations.get(key)
    if rel is None:
        rel = _relations[key] = Relation(
            oid=oid, name=index.name, namespace_oid=d.PG_CATALOG_NAMESPACE, relkind="i",
            locator=locator, descriptor=_descriptor(oid), persistence="p",
            is_shared=index.is_shared, namespace_name="pg_catalog",
            index=_description(oid))
    return rel


# ---------------------------------------------------------------------------------------
# Maintenance (CatalogIndexInsert)


def insert_entries(catalog: str, values, tid: tuple[int, int]) -> None:
    """One entry in each of the catalog's indexes for the new heap tuple at `tid`; the
    unique ones first check for a live equal key (23505) or wait for the transaction
    still inserting one."""
    indexes = indexes_of(catalog)
    if not indexes or not USABLE:
        return
    from pgsnake.access.heap import heapam
    from pgsnake.access.nbtree import access_method as btree
    heap = d.catalog_relation(catalog)

    def check(existing_tid):
        return heapam.heap_unique_check_state(heap, existing_tid)
    for index in indexes:
        btree.insert(index_relation(index.oid), [values[p] for p in index.positions], tid,
                     unique=index.unique, check_callback=check if index.unique else None,
                     heap_rel=heap)


# ---------------------------------------------------------------------------------------
# Lookups (systable_beginscan / index_getnext on a catalog index)


@functools.cache
def index_for(catalog: str, column: str) -> CatalogIndex | None:
    """The catalog's index whose first key column is `column` (the one with the
    fewest columns), or None: what a keyed lookup `column = value` can descend."""
    attnum = d.catalog(catalog).attnum(column)
    found = [index for index in indexes_of(catalog) if index.indkey[0] == attnum]
    return min(found, key=lambda index: len(index.indkey)) if found else None


def _lookup_value(index: CatalogIndex, value) -> bool:
    """Can `value` be a scan argument of the index's first column?"""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return index.columns[0].type_oid in (26, 23, 21, 20)
    return isinstance(value, str) and index.columns[0].typlen == -2


def usable_for(catalog: str, column: str, value) -> CatalogIndex | None:
    """index_for(catalog, column), if the lookup `column = value` can use it now."""
    if not USABLE:
        return None
    index = index_for(catalog, column)
    return index if index is not None and _lookup_value(index, value) else None


def usable_for_key(catalog: str, key) -> tuple[CatalogIndex | None, tuple]:
    """For a keyed lookup `key`, (column, value) or ((column, value), ...) naming
    leading columns of one index in its order: (that index, the values), or (None, ())
    when no index can answer it now."""
    if not USABLE or key is None:
        return None, ()
    if not isinstance(key[0], tuple):
        index = usable_for(catalog, *key)
        return (index, (key[1],)) if index is not None else (None, ())
    definition = d.catalog(catalog)
    attnums = tuple(definition.attnum(column) for column, _value in key)
    values = tuple(value for _column, value in key)
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return None, ()
    for index in indexes_of(catalog):
        if index.indkey[:len(attnums)] == attnums and \
                all(c.type_oid in (26, 23, 21, 20) for c in index.columns[:len(attnums)]):
            return index, values
    return None, ()


def lookup(index: CatalogIndex, values: tuple, snapshot) -> list:
    """(tid, row values) of the rows `snapshot` sees whose leading index columns equal
    `values`, in index order (systable_beginscan + systable_getnext on the index)."""
    from pgsnake.access.heap import heapam
    from pgsnake.catalog import catalog_locks
    with catalog_locks.reading(d.catalog(index.catalog).oid, index.oid):
        heap = d.catalog_relation(index.catalog)
        fetched = (heapam.heap_hot_fetch(heap, tid, snapshot)
                   for tid in _equal_entries(index, values))
        return [found for found in fetched if found is not None]


def lookup_from(index: CatalogIndex, values: tuple, start, snapshot, limit: int,
                backward: bool = False) -> list:
    """Up to `limit` (tid, row values) of the rows `snapshot` sees whose leading index
    columns equal `values` and whose next key column is >= `start` (any, when None), in
    index order or, `backward`, from the end; only those rows' heap tuples are read."""
    from pgsnake.access.heap import heapam
    from pgsnake.access.nbtree import access_method as btree
    from pgsnake.access.nbtree.scan_keys import EQ, GE, ScanKey
    from pgsnake.catalog import catalog_locks
    keys = [ScanKey(i, EQ, v) for i, v in enumerate(values, start=1)]
    if start is not None:
        keys.append(ScanKey(len(values) + 1, GE, start))
    found = []
    with catalog_locks.reading(d.catalog(index.catalog).oid, index.oid):
        heap = d.catalog_relation(index.catalog)
        scan = btree.begin_scan(index_relation(index.oid), keys)
        tids = []
        try:
            while len(found) < limit and (batch := scan.next_batch()) is not None:
                if backward:                # (the whole range first, read from its end)
                    tids.extend(item.heap_tid for item in batch)
                    continue
                for item in batch:
                    row = heapam.heap_hot_fetch(heap, item.heap_tid, snapshot)
                    if row is not None and len(found) < limit:
                        found.append(row)
        finally:
            scan.end()
        for tid in reversed(tids):
            row = heapam.heap_hot_fetch(heap, tid, snapshot)
            if row is not None:
                found.append(row)
                if len(found) >= limit:
                    break
    return found


def equal_key_tids(index: CatalogIndex, values: tuple) -> list:
    """The heap TIDs of every entry whose key equals `values` (all key columns), live
    or not: what a uniqueness probe asks the heap about (catalog_unique.py)."""
    from pgsnake.catalog import catalog_locks
    with catalog_locks.reading(d.catalog(index.catalog).oid, index.oid):
        return _equal_entries(index, values)


def _equal_entries(index: CatalogIndex, values: tuple) -> list:
    """The heap TIDs of the index entries whose leading key columns equal `values`, in
    index order (the caller holds the catalog locks)."""
    from pgsnake.access.nbtree import access_method as btree
    from pgsnake.access.nbtree.scan_keys import EQ, ScanKey
    scan = btree.begin_scan(index_relation(index.oid),
                            [ScanKey(i, EQ, v) for i, v in enumerate(values, start=1)])
    out = []
    try:
        while True:
            batch = scan.next_batch()
            if batch is None:
                return out
            out.extend(item.heap_tid for item in batch)
    finally:
        scan.end()


# ---------------------------------------------------------------------------------------
# initdb


def initial_rows() -> dict[str, list[list]]:
    """The indexes' own pg_class, pg_attribute and pg_index rows (index_register), and
    the pg_constraint rows of the catalogs' primary keys and unique constraints
    (PostgreSQL 14's DECLARE_UNIQUE_INDEX_PKEY)."""
    from pgsnake.catalog import catalog_rows
    rows: dict[str, list[list]] = {"pg_class": [], "pg_attribute": [], "pg_index": [],
                                   "pg_constraint": []}
    class_def = d.catalog("pg_class")
    for index in INDEXES.values():
        values = catalog_rows.pg_class_row(
            oid=index.oid, name=index.name, namespace_oid=d.PG_CATALOG_NAMESPACE,
            rowtype_oid=0, natts=len(index.columns), is_shared=index.is_shared,
            relkind="i", is_catalog=True)
        values[class_def.attnum("relam") - 1] = d.BTREE_ACCESS_METHOD
        rows["pg_class"].append(values)
        for attnum, c in enumerate(index.columns, start=1):
            rows["pg_attribute"].append(catalog_rows.pg_attribute_row(
                index.oid, catalog_rows.ColumnRowSpec(
                    attnum=attnum, name=c.name, type_oid=c.type_oid, typmod=-1,
                    typlen=c.typlen, typbyval=c.typbyval, typalign=c.typalign,
                    typstorage=c.storage, collation=c.collation, not_null=False,
                    ndims=c.ndims)))
        rows["pg_index"].append(d.row_values(
            "pg_index", indexrelid=index.oid, indrelid=d.catalog(index.catalog).oid,
            indnatts=len(index.columns), indnkeyatts=len(index.columns),
            indisunique=index.unique, indnullsnotdistinct=False,
            indisprimary=index.primary, indisexclusion=False, indimmediate=True,
            indisclustered=False, indisvalid=True, indcheckxmin=False, indisready=True,
            indislive=True, indisreplident=False, indkey=list(index.indkey),
            indcollation=list(index.indcollation), indclass=list(index.indclass),
            indoption=list(index.indoption), indexprs=None, indpred=None))
        if index.constraint_oid:
            rows["pg_constraint"].append(d.row_values(
                "pg_constraint", oid=index.constraint_oid, conname=index.name,
                connamespace=d.PG_CATALOG_NAMESPACE, contype=index.contype,
                condeferrable=False, condeferred=False, convalidated=True,
                conrelid=d.catalog(index.catalog).oid, contypid=0, conindid=index.oid,
                conparentid=0, confrelid=0, confupdtype=" ", confdeltype=" ",
                confmatchtype=" ", conislocal=True, coninhcount=0, connoinherit=True,
                conkey=list(index.indkey)))
    return rows


def build_all() -> None:
    """Create and fill every catalog index of the current database (and the shared
    catalogs'), after initdb has inserted the catalogs' rows (build_indices)."""
    if not USABLE:
        return
    from pgsnake.access.heap import heapam
    from pgsnake.access.nbtree import access_method as btree
    for index in INDEXES.values():
        rel = index_relation(index.oid)
        heap = d.catalog_relation(index.catalog)
        btree.create_storage(rel)
        positions = index.positions
        btree.build(rel, heap, ((tid, [values[p] for p in positions], is_live)
                                for tid, values, is_live
                                in heapam.heap_scan_for_index_build(heap)))
