"""Per-backend caches over the catalog heaps: relations, namespaces, types, defaults,
roles and databases.

Each cache is a plain dict filled by scanning one catalog heap in full (heapam.heap_scan)
with a fresh snapshot the first time it is needed; the catalogs are small, and a dict
lookup is far cheaper than a shared hash probe (design.md §1). Shared catalogs
(pg_database, pg_authid) are readable before the backend has chosen a database, which is
how startup finds the role and the database.

Rules
1. A cache holds only rows visible to the snapshot it was filled with; what may no
   longer be true is dropped: after this backend's own DDL, at the end of a transaction
   that changed catalogs (abort), and when `accept_invalidations()` reads another
   backend's committed changes (invalidation.py). Drops are per object where the
   invalidation message names one (`_invalidate`): a pg_class / pg_type message
   forgets that row (and the relation's descriptor), a pg_attribute message that
   relation's columns; the next lookup re-reads just those rows with a keyed scan
   (`_scan_keyed`: a full pass over the catalog's pages that decodes only tuples whose
   first column is one of the keys). Other catalogs' caches are dropped whole, and only
   for messages naming their catalog.
2. Catalog descriptors come from definitions.py, never from pg_attribute (bootstrap).

Entry points (docs/contracts.md, L5): get_relation, lookup_relation, get_namespace_oid,
lookup_database, lookup_role, column_default, accept_invalidations. Also used inside the
catalog package and by commands: get_type_row, lookup_type_row, namespace_name,
search_path_namespaces, relation_exists_in, reset_caches.

PostgreSQL: utils/cache/relcache.c, utils/cache/syscache.c, utils/cache/catcache.c,
catalog/namespace.c (RangeVarGetRelid, recomputeNamespacePath), utils/cache/inval.c.
"""
from __future__ import annotations

import contextlib

from pgsnake.access.common.tuple_descriptor import (Attribute, IndexDescription, Relation,
                                                     TupleDescriptor)
from pgsnake.catalog import catalog_indexes, catalog_locks
from pgsnake.catalog import definitions as d
from pgsnake.catalog import invalidation
from pgsnake.datatypes import text_format
from pgsnake.storage.smgr.relation_path import (DEFAULT_TABLESPACE_OID, GLOBAL_TABLESPACE_OID,
                                                RelFileLocator)
from pgsnake.utils import process_state, setting_values
from pgsnake.utils.errors import INVALID_SCHEMA_NAME, UNDEFINED_TABLE, PgError

DatabaseRow = d.row_class("pg_database")
RoleRow = d.row_class("pg_authid")
ClassRow = d.row_class("pg_class")
AttributeRow = d.row_class("pg_attribute")
TypeRow = d.row_class("pg_type")
NamespaceRow = d.row_class("pg_namespace")
IndexRow = d.row_class("pg_index")

# ---------------------------------------------------------------------------------------
# Reading a catalog heap


def in_transaction() -> bool:
    """Is a transaction running (including a single-statement one, which
    transaction_status() reports as idle 'I')?"""
    from pgsnake.access.transam import xact
    state = getattr(xact, "transaction_state", None)
    if state is not None:
        return state().name != "DEFAULT"
    return xact.transaction_status() != "I"


def scan_catalog(name: str, database_oid: int | None = None, *,
                 key: tuple | None = None) -> list:
    """All visible rows of catalog `name`, as its row_class tuples; with key=(column,
    value), only those whose column (an oid or int4 among the catalog's leading
    fixed-width NOT NULL columns) equals value: through the catalog index whose first
    column that is, else without decoding the others (`key_prefilter`); key may also
    be ((column, value), ...), leading columns of one index in its order (pg_depend's
    (classid, objid)), the heap's prefilter then using the last pair.

    Outside a transaction (backend startup), the scan runs in a short transaction of its
    own, as PostgreSQL's InitPostgres does, so that it has a snapshot."""
    from pgsnake.access.heap import heapam
    from pgsnake.access.transam import xact
    row = d.row_class(name)
    index, values = (None, ()) if database_oid is not None \
        else catalog_indexes.usable_for_key(name, key)
    prefilter = _key_prefilter(name, key) if index is None else None
    own_transaction = not in_transaction() and not process_state.is_bootstrap
    if own_transaction:
        xact.start_transaction_command()
    try:
        # locked before its file is named (catalog_locks.py rule 2); another
        # database's catalogs are read only by processes that lock nothing
        with catalog_locks.reading(d.catalog(name).oid if database_oid is None else 0):
            rel = d.catalog_relation(name, database_oid)
            snapshot = xact.get_catalog_snapshot()
            if index is not None:
                return [row(*found)
                        for _tid, found in catalog_indexes.lookup(index, values, snapshot)]
            rows = [row(*values) for page in heapam.heap_scan_pages(rel, snapshot,
                                                                    prefilter=prefilter)
                    for _tid, values in page]
    finally:
        if own_transaction:
            xact.commit_transaction_command()
    return rows


def scan_catalog_with_tids(name: str, key: tuple | None = None) -> list:
    """Like scan_catalog, with each row's ItemPointer (for heap_delete/heap_update)."""
    from pgsnake.access.heap import heapam
    from pgsnake.access.transam import xact
    with catalog_locks.reading(d.catalog(name).oid):
        rel = d.catalog_relation(name)
        row = d.row_class(name)
        snapshot = xact.get_catalog_snapshot()
        index, values = catalog_indexes.usable_for_key(name, key)
        if index is not None:
            return [(tid, row(*found))
                    for tid, found in catalog_indexes.lookup(index, values, snapshot)]
        prefilter = _key_prefilter(name, key)
        return [(tid, row(*values))
                for page in heapam.heap_scan_pages(rel, snapshot, prefilter=prefilter)
                for tid, values in page]


_ALIGNMENT = {"c": 1, "s": 2, "i": 4, "d": 8}
NAMEDATALEN = 64
INTERNAL_LANGUAGE, C_LANGUAGE = 12, 13        # pg_language OIDs
_key_offsets: dict[tuple[str, str], int] = {}


def key_prefilter(name: str, column: str, value):
    """prefilter(raw tuple) -> bool for heap_scan_pages: is `column` (4-byte integer /
    oid, or a name) equal to `value`? (None, no filtering, when value is neither an
    int nor a str.) The column and every column before it must be fixed-width and NOT
    NULL, so the column sits at the same offset after the header in every tuple (what
    makes a keyed scan possible without a catalog index)."""
    found = _key_offsets.get((name, column))
    if found is None:
        offset = 0
        for attribute in d.catalog_relation(name).descriptor.attributes:
            if attribute.typlen <= 0 or not attribute.not_null:
                raise ValueError(f"{name}.{column} is not at a fixed offset")
            align = _ALIGNMENT[attribute.typalign]
            offset = (offset + align - 1) // align * align
            if attribute.name == column:
                if attribute.typlen not in (4, NAMEDATALEN):
                    raise ValueError(f"{name}.{column} is not a 4-byte or name key")
                break
            offset += attribute.typlen
        else:
            raise ValueError(f"{name} has no column {column}")
        found = _key_offsets[(name, column)] = (offset, attribute.typlen)
    offset, width = found
    if width == 4 and isinstance(value, int) and not isinstance(value, bool):
        wanted = (value & 0xFFFFFFFF).to_bytes(4, "little")
    elif width == NAMEDATALEN and isinstance(value, str):
        encoded = value.encode("utf-8")
        if len(encoded) >= NAMEDATALEN:
            return None
        wanted = encoded + b"\x00"        # a name is NUL-padded to NAMEDATALEN
    else:
        return None
    length = len(wanted)

    def prefilter(item) -> bool:
        start = item[22] + offset
        return item[start:start + length] == wanted
    return prefilter


def _key_prefilter(name: str, key):
    """key_prefilter for a keyed lookup's key: (column, value), or several such pairs
    (the last one's column; the caller's condition checks the rest)."""
    if key is None:
        return None
    if isinstance(key[0], tuple):
        key = key[-1]
    return key_prefilter(name, *key)


def key_prefilter_any(name: str, column: str, values):
    """As key_prefilter, for a 4-byte `column` equal to any of `values` (integers);
    None when one of them is not an integer."""
    if not values or not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return None
    key_prefilter(name, column, values[0])           # finds (and checks) the offset
    offset, width = _key_offsets[(name, column)]
    if width != 4:
        return None
    wanted = frozenset(bytes((v & 0xFFFFFFFF).to_bytes(4, "little")) for v in values)

    def prefilter(item) -> bool:
        start = item[22] + offset
        return bytes(item[start:start + 4]) in wanted
    return prefilter


# ---------------------------------------------------------------------------------------
# The caches (rule 1). Each is None until first filled.

_namespaces: dict[str, NamespaceRow] | None = None
_namespace_names: dict[int, str] | None = None
_classes: dict[int, ClassRow] | None = None
_class_names: dict[tuple[int, str], int] | None = None
_attributes: dict[int, list[AttributeRow]] | None = None
_types: dict[int, TypeRow] | None = None
_type_names: dict[tuple[int, str], int] | None = None
_defaults: dict[tuple[int, int], str] | None = None
_relations: dict[int, Relation] = {}
_databases: dict[str, DatabaseRow] | None = None
_roles: dict[str, RoleRow] | None = None
_indexes: dict[int, IndexRow] | None = None          # by indexrelid
_heap_indexes: dict[int, tuple[int, ...]] | None = None  # heap oid -> index oids, by oid
_operator_classes: dict | None = None   # the planner's B-tree operator facts (below)
_sequences: dict | None = None          # pg_sequence rows by seqrelid
_checks: dict | None = None             # conrelid -> CHECK constraint rows
_depends: dict | None = None            # pg_depend rows by referenced and by dependent
_cache_database = 0                 # database the per-database caches were filled for
# Objects whose rows a message dropped from a filled cache: re-read (all of them, one
# keyed scan) before the next lookup in that cache.
_stale_classes: set[int] = set()
_stale_types: set[int] = set()
_stale_attributes: set[int] = set()


def reset_caches() -> None:
    """Drop every cache; the next lookup re-reads the catalogs."""
    global _namespaces, _namespace_names, _classes, _class_names, _attributes, _types
    global _type_names, _defaults, _databases, _roles, _indexes, _heap_indexes, _operator_classes
    global _sequences, _checks, _depends
    _namespaces = _namespace_names = _classes = _class_names = _attributes = None
    _types = _type_names = _defaults = _databases = _roles = None
    _indexes = _heap_indexes = _operator_classes = _sequences = _checks = _depends = None
    _relations.clear()
    _search_path_memo.clear()
    _stale_classes.clear()
    _stale_types.clear()
    _stale_attributes.clear()


def _invalidate(messages: list) -> None:
    """Drop what invalidation messages (catalog OID, key) name (rule 1)."""
    global _namespaces, _namespace_names, _defaults, _databases, _roles, _indexes
    global _heap_indexes, _operator_classes, _sequences, _checks, _depends
    for catalog, key in messages:
        if catalog == 0:
            reset_caches()
        elif catalog == 1259:                          # pg_class: the relation `key`
            _relations.pop(key, None)
            if _classes is not None:
                row = _classes.pop(key, None)
                if row is not None and _class_names.get((row.relnamespace, row.relname)) == key:
                    del _class_names[(row.relnamespace, row.relname)]
                _stale_classes.add(key)
        elif catalog == 1249:                          # pg_attribute: relation `key`'s columns
            _relations.pop(key, None)
            _defaults = None                           # domain defaults follow the columns
            if _attributes is not None:
                _attributes.pop(key, None)
                _stale_attributes.add(key)
        elif catalog == 1247:                          # pg_type: the type `key`
            _defaults = None                           # a domain's default
            if _types is not None:
                row = _types.pop(key, None)
                if row is not None and _type_names.get((row.typnamespace, row.typname)) == key:
                    del _type_names[(row.typnamespace, row.typname)]
                _stale_types.add(key)
        elif catalog == 2610:                          # pg_index: the index `key`
            _relations.pop(key, None)
            _indexes = _heap_indexes = None
        elif catalog == 2615:                          # pg_namespace: names in descriptors
            _namespaces = _namespace_names = None
            _search_path_memo.clear()
            _relations.clear()
        elif catalog in (2604, 2608):                  # pg_attrdef, pg_depend
            _defaults = None
            if catalog == 2608:
                _depends = None
        elif catalog == 2606:
            _checks = None
        elif catalog == 2224:
            _sequences = None
        elif catalog in (2602, 2616, 2617, 2753):   # pg_amop, _opclass, _operator, _opfamily
            _operator_classes = None
        elif catalog == 1262:
            _databases = None
        elif catalog == 1260:
            _roles = None


invalidation.add_invalidation_handler(_invalidate)


def _catalog_index_relfilenode(oid: int) -> int | None:
    """An unmapped catalog's or catalog index's pg_class.relfilenode
    (definitions.catalog_locator, catalog_indexes.index_relation)."""
    if process_state.is_bootstrap or process_state.proc_number < 0:
        return None                  # no backend (initdb, in-process unit tests): the OID
    row = class_row(oid)
    return None if row is None else row.relfilenode


catalog_indexes.set_relfilenode_resolver(_catalog_index_relfilenode)
d.set_relfilenode_resolver(_catalog_index_relfilenode)      # unmapped catalogs' heaps too


def accept_invalidations() -> None:
    """At transaction start and when a relation lock is first taken: apply the catalog
    changes other backends committed since we last looked (invalidation.py)."""
    _register_sql_functions()
    invalidation.accept()


def _first_oid(item) -> int:
    """A raw catalog tuple's first column (an oid), read at the header's end (t_hoff,
    byte 22) without decoding the tuple."""
    hoff = item[22]
    return int.from_bytes(item[hoff:hoff + 4], "little")


# Up to this many keys, a keyed lookup descends the catalog's index once per key;
# beyond, one pass over the heap that decodes only matching tuples is cheaper.
_INDEX_KEYS = 32


def _scan_keyed(name: str, keys: set[int]) -> list:
    """The visible rows of catalog `name` whose first column is in `keys`: index
    lookups (the catalog's index on its first column) for a few keys, else one heap
    pass that decodes only those tuples."""
    from pgsnake.access.heap import heapam
    from pgsnake.access.transam import xact
    row = d.row_class(name)
    column = d.catalog(name).columns[0].name
    index = catalog_indexes.usable_for(name, column, 0) if len(keys) <= _INDEX_KEYS else None
    own_transaction = not in_transaction() and not process_state.is_bootstrap
    if own_transaction:
        xact.start_transaction_command()
    try:
        with catalog_locks.reading(d.catalog(name).oid):
            rel = d.catalog_relation(name)
            snapshot = xact.get_catalog_snapshot()
            if index is not None:
                return [row(*values) for key in keys
                        for _tid, values in catalog_indexes.lookup(index, (key,), snapshot)]
            return [row(*values)
                    for page in heapam.heap_scan_pages(
                        rel, snapshot, prefilter=lambda item: _first_oid(item) in keys)
                    for _tid, values in page]
    finally:
        if own_transaction:
            xact.commit_transaction_command()


def _check_database() -> None:
    # A process that switches database (tests, bootstrap) must not keep another
    # database's rows.
    global _cache_database
    if process_state.database_oid != _cache_database:
        reset_caches()
        _cache_database = process_state.database_oid


def _load_namespaces(rows=None) -> None:
    global _namespaces, _namespace_names
    _check_database()
    rows = scan_catalog("pg_namespace") if rows is None else rows
    _namespaces = {r.nspname: r for r in rows}
    _namespace_names = {r.oid: r.nspname for r in rows}


def _load_classes(rows=None) -> None:
    global _classes, _class_names
    _check_database()
    rows = scan_catalog("pg_class") if rows is None else rows
    _classes = {r.oid: r for r in rows}
    _class_names = {(r.relnamespace, r.relname): r.oid for r in rows}
    _stale_classes.clear()


def _refresh_classes() -> None:
    keys = set(_stale_classes)
    _stale_classes.clear()
    for r in _scan_keyed("pg_class", keys):
        _classes[r.oid] = r
        _class_names[(r.relnamespace, r.relname)] = r.oid


# Relations initdb makes after the catalogs (information_schema's views, OIDs 12000 to
# 16383, as PostgreSQL's FirstUnpinnedObjectId..FirstNormalObjectId) hold some 600
# pg_attribute rows that few backends read: their columns are decoded on first use of
# each, so that every backend's first load decodes only the catalogs' and the user's.
_LATE_INITDB_OIDS = range(12000, d.FIRST_NORMAL_OBJECT_ID)


def _attrelid(item) -> int:
    """A raw pg_attribute tuple's attrelid: its first column, at the header's end
    (t_hoff, byte 22), read without decoding the tuple."""
    hoff = item[22]
    return int.from_bytes(item[hoff:hoff + 4], "little")


def _scan_attributes(prefilter, relids=None) -> list:
    """pg_attribute rows: of the relations `relids` (a few: through
    pg_attribute_relid_attnum_index), else those whose raw tuple `prefilter` accepts."""
    from pgsnake.access.heap import heapam
    from pgsnake.access.transam import xact
    index = None
    if relids is not None and len(relids) <= _INDEX_KEYS:
        index = catalog_indexes.usable_for("pg_attribute", "attrelid", 0)
    own_transaction = not in_transaction() and not process_state.is_bootstrap
    if own_transaction:
        xact.start_transaction_command()
    try:
        with catalog_locks.reading(d.catalog("pg_attribute").oid):
            rel = d.catalog_relation("pg_attribute")
            snapshot = xact.get_catalog_snapshot()
            if index is not None:
                return [AttributeRow(*values) for relid in relids
                        for _tid, values in catalog_indexes.lookup(index, (relid,), snapshot)]
            return [AttributeRow(*values)
                    for page in heapam.heap_scan_pages(rel, snapshot, prefilter=prefilter)
                    for _tid, values in page]
    finally:
        if own_transaction:
            xact.commit_transaction_command()


def _group_attributes(rows, grouped: dict[int, list]) -> None:
    """Add `rows` (attnum > 0) to `grouped` by relation, each relation's in attnum order."""
    touched = set()
    for r in rows:
        if r.attnum > 0:
            grouped.setdefault(r.attrelid, []).append(r)
            touched.add(r.attrelid)
    for relid in touched:
        grouped[relid].sort(key=lambda r: r.attnum)


def _load_attributes(rows=None) -> None:
    global _attributes
    _check_database()
    grouped: dict[int, list] = {}
    _group_attributes(scan_attributes_at_load() if rows is None else rows, grouped)
    _attributes = grouped
    _stale_attributes.clear()


def scan_attributes_at_load() -> list:
    """The pg_attribute rows a first load decodes: all but the late initdb relations'."""
    return _scan_attributes(lambda item: _attrelid(item) not in _LATE_INITDB_OIDS)


def _attributes_of(relid: int) -> list:
    if _attributes is None or _cache_database != process_state.database_oid:
        _load_attributes()
    if _stale_attributes:
        keys = set(_stale_attributes)
        _stale_attributes.clear()
        for key in keys:
            _attributes.pop(key, None)
        _group_attributes(_scan_attributes(lambda item: _attrelid(item) in keys, keys),
                          _attributes)
    if relid in _LATE_INITDB_OIDS and relid not in _attributes:
        _group_attributes(_scan_attributes(lambda item: _attrelid(item) == relid, (relid,)),
                          _attributes)
        _attributes.setdefault(relid, [])
    return _attributes.get(relid, [])


def attribute_rows(relid: int) -> tuple:
    """The relation's pg_attribute rows with attnum > 0 (dropped ones included), in
    attnum order: for what the Relation descriptor leaves out (attstattarget,
    attcollation)."""
    return tuple(_attributes_of(relid))


def _load_indexes(rows=None) -> None:
    global _indexes, _heap_indexes
    _check_database()
    rows = scan_catalog("pg_index") if rows is None else rows
    _indexes = {r.indexrelid: r for r in rows}
    grouped: dict[int, list[int]] = {}
    for r in rows:
        grouped.setdefault(r.indrelid, []).append(r.indexrelid)
    # RelationGetIndexList's order: by index OID, so every backend maintains a table's
    # indexes (and reports a violation of two constraints) in the same order.
    _heap_indexes = {heap: tuple(sorted(oids)) for heap, oids in grouped.items()}


def _load_types(rows=None) -> None:
    global _types, _type_names
    _check_database()
    rows = scan_catalog("pg_type") if rows is None else rows
    _types = {r.oid: r for r in rows}
    _type_names = {(r.typnamespace, r.typname): r.oid for r in rows}
    _stale_types.clear()


def _type_rows() -> dict[int, TypeRow]:
    if _types is None or _cache_database != process_state.database_oid:
        _load_types()
    if _stale_types:
        keys = set(_stale_types)
        _stale_types.clear()
        for r in _scan_keyed("pg_type", keys):
            _types[r.oid] = r
            _type_names[(r.typnamespace, r.typname)] = r.oid
    return _types


def _load_defaults() -> None:
    """Column defaults: pg_attrdef's, and for an identity column nextval() of the
    sequence pg_depend says it owns ('i'), which PostgreSQL's rewriter supplies too."""
    global _defaults
    _check_database()
    _defaults = {(r.adrelid, r.adnum): r.adbin for r in scan_catalog("pg_attrdef")}
    _add_domain_defaults(_defaults)
    for r in scan_catalog("pg_depend"):
        if r.deptype == "i" and r.classid == 1259 and r.refclassid == 1259 and r.refobjsubid:
            name = relation_display_name(r.objid)
            if name is not None:
                literal = name.replace("'", "''")
                _defaults[(r.refobjid, r.refobjsubid)] = f"nextval('{literal}'::regclass)"


def _add_domain_defaults(defaults: dict) -> None:
    """A column of a domain type without a default of its own takes the domain's
    (pg_type.typdefault), as PostgreSQL's build_column_default does; so does a column
    of a base type CREATE TYPE gave a DEFAULT, whose typdefault is the value's text."""
    domain_defaults = {oid: r.typdefault for oid, r in _type_rows().items()
                       if r.typtype == "d" and r.typdefault is not None}
    domain_defaults.update(
        (oid, "'" + r.typdefault.replace("'", "''") + "'::" +
         quote_identifier(namespace_name(r.typnamespace) or "") + "." +
         quote_identifier(r.typname))
        for oid, r in _type_rows().items()
        if r.typtype == "b" and r.typdefault is not None and oid >= 16384)
    if not domain_defaults:
        return
    for r in scan_catalog("pg_attribute"):
        if r.atttypid in domain_defaults and r.attnum > 0 and not r.attisdropped:
            defaults.setdefault((r.attrelid, r.attnum), domain_defaults[r.atttypid])


# ---------------------------------------------------------------------------------------
# Namespaces and search_path


def get_namespace_oid(name: str) -> int | None:
    """The schema's oid, or None; "pg_temp" is this backend's temporary schema (if it
    has one yet), as in PostgreSQL's LookupExplicitNamespace."""
    if name == "pg_temp":
        from pgsnake.catalog import temp_namespace
        return temp_namespace.my_temp_namespace()
    if _namespaces is None or _cache_database != process_state.database_oid:
        _load_namespaces()
    row = _namespaces.get(name)
    return None if row is None else row.oid


def namespace_name(oid: int) -> str | None:
    if _namespace_names is None or _cache_database != process_state.database_oid:
        _load_namespaces()
    return _namespace_names.get(oid)


# search_path_as(): the path a view's stored text is analysed with (its creator's)
_search_path_override: str | None = None


@contextlib.contextmanager
def search_path_as(setting: str | None):
    """Resolve unqualified names through `setting` (a search_path value) meanwhile;
    None leaves the session's search_path in force."""
    global _search_path_override
    saved = _search_path_override
    if setting is not None:
        _search_path_override = setting
    try:
        yield
    finally:
        _search_path_override = saved


def effective_search_path_text() -> str:
    """The schemas unqualified names resolve through now, as a search_path value."""
    return ", ".join(quote_identifier(namespace_name(oid) or "")
                     for oid in search_path_namespaces())


def search_path_setting() -> str:
    """The search_path value in force (an override of search_path_as, else the
    session's setting), as written."""
    return _search_path_setting()


def _search_path_setting() -> str:
    if _search_path_override is not None:
        return _search_path_override
    try:
        from pgsnake.utils import settings
        return str(settings.show("search_path"))
    except Exception:
        return '"$user", public'


def _split_search_path(text: str) -> list[str]:
    names = []
    for part in text.split(","):
        part = part.strip()
        if part.startswith('"') and part.endswith('"') and len(part) >= 2:
            names.append(part[1:-1].replace('""', '"'))
        elif part:
            names.append(part.lower())
    return names


_search_path_memo: dict[tuple[str, str], list[int]] = {}


def search_path_namespaces() -> list[int]:
    """Namespaces searched for unqualified names: this backend's temporary schema first
    if it has one (unless the path names pg_temp elsewhere), then pg_catalog
    (implicitly, unless the path names it elsewhere), then the existing schemas of
    search_path ("$user" is the current role's name). Function and operator lookups
    skip the temporary schema (`function_search_path`). Memoised per (setting, user)
    until the caches are reset (making the temporary schema resets them)."""
    key = (_search_path_setting(), process_state.user_name)
    if _namespaces is None or _cache_database != process_state.database_oid:
        _load_namespaces()
    found = _search_path_memo.get(key)
    if found is None:
        found = _search_path_memo[key] = _compute_search_path(key[0])
    return found


def _compute_search_path(setting: str) -> list[int]:
    from pgsnake.catalog import temp_namespace
    result: list[int] = []
    names = _split_search_path(setting)
    temp = temp_namespace.my_temp_namespace()
    if temp is not None and "pg_temp" not in names:
        result.append(temp)                      # recomputeNamespacePath's implicit pg_temp
    if "pg_catalog" not in names:
        result.append(d.PG_CATALOG_NAMESPACE)
    for name in names:
        if name == "$user":
            name = process_state.user_name
        oid = get_namespace_oid(name) if name else None
        if oid is not None and oid not in result:
            result.append(oid)
    return result


def function_search_path() -> list[int]:
    """search_path_namespaces() without the temporary schema: functions and operators are
    never looked up there implicitly (a trojan-horse defence in PostgreSQL)."""
    from pgsnake.catalog import temp_namespace
    temp = temp_namespace.my_temp_namespace()
    return [oid for oid in search_path_namespaces() if oid != temp]


def creation_namespace() -> int:
    """Where an unqualified CREATE puts the object: the first existing schema of
    search_path (never the implicit pg_catalog; pg_temp named first makes the temporary
    schema). 3F000 if there is none."""
    for name in _split_search_path(_search_path_setting()):
        if name == "pg_temp":
            from pgsnake.catalog import temp_namespace
            return temp_namespace.init_temp_namespace()
        if name == "$user":
            name = process_state.user_name
        oid = get_namespace_oid(name) if name else None
        if oid is not None:
            return oid
    raise PgError("3F000", "no schema has been selected to create in")


# ---------------------------------------------------------------------------------------
# Relations


def _class_rows() -> dict[int, ClassRow]:
    if _classes is None or _cache_database != process_state.database_oid:
        _load_classes()
    if _stale_classes:
        _refresh_classes()
    return _classes


def relation_oid_in(namespace_oid: int, name: str) -> int | None:
    """The oid of relation `name` in one namespace, or None."""
    _class_rows()
    return _class_names.get((namespace_oid, name))


def class_row(oid: int) -> ClassRow | None:
    return _class_rows().get(oid)


def lookup_relation_oid(name: str, schema: str | None = None, *,
                        schema_must_exist: bool = False) -> int | None:
    """The relation's oid, or None. A missing schema also gives None (SELECT reports
    'relation "s.t" does not exist', as PostgreSQL does), unless schema_must_exist,
    which raises 3F000 'schema "s" does not exist' (DDL, regclass input)."""
    if schema is not None:
        nsp = get_namespace_oid(schema)
        if nsp is None:
            if schema_must_exist:
                raise PgError(INVALID_SCHEMA_NAME, f'schema "{schema}" does not exist')
            return None
        return relation_oid_in(nsp, name)
    for nsp in search_path_namespaces():
        oid = relation_oid_in(nsp, name)
        if oid is not None:
            return oid
    return None


def lookup_relation(name: str, schema: str | None = None) -> Relation | None:
    oid = lookup_relation_oid(name, schema)
    return None if oid is None else get_relation(oid)


def get_relation(oid: int) -> Relation:
    rel = _relations.get(oid)
    if rel is not None and _cache_database == process_state.database_oid:
        return rel
    row = class_row(oid)
    if row is None:
        if d.is_catalog(oid) and process_state.is_bootstrap:
            return d.catalog_relation(oid)
        if oid in catalog_indexes.INDEXES and process_state.is_bootstrap:
            return catalog_indexes.index_relation(oid)
        raise PgError(UNDEFINED_TABLE, f"relation with OID {oid} does not exist")
    if d.is_catalog(oid):
        rel = d.catalog_relation(oid)        # rule 2
    elif oid in catalog_indexes.INDEXES:
        rel = catalog_indexes.index_relation(oid)    # rule 2, for catalog indexes
    else:
        rel = _build_relation(row)
    _relations[oid] = rel
    return rel


def _build_relation(row: ClassRow) -> Relation:
    attributes = tuple(
        Attribute(attnum=a.attnum, name=a.attname, type_oid=a.atttypid, typmod=a.atttypmod,
                  not_null=a.attnotnull, typlen=a.attlen, typbyval=a.attbyval,
                  typalign=a.attalign, has_default=a.atthasdef, is_dropped=a.attisdropped,
                  identity=a.attidentity or "", storage=a.attstorage,
                  compression=a.attcompression or "", generated=a.attgenerated or "")
        for a in _attributes_of(row.oid))
    if row.relisshared:
        locator = RelFileLocator(GLOBAL_TABLESPACE_OID, 0, row.relfilenode)
    else:
        # A temporary relation's files are named for the backend owning its schema
        # (the relcache's rd_backend).
        backend = -1
        if row.relpersistence == "t":
            from pgsnake.catalog import temp_namespace
            backend = temp_namespace.backend_of_namespace_name(
                namespace_name(row.relnamespace))
        locator = RelFileLocator(row.reltablespace or DEFAULT_TABLESPACE_OID,
                                 process_state.database_oid, row.relfilenode, backend)
    index = _index_description(row, attributes) if row.relkind in ("i", "I") else None
    return Relation(oid=row.oid, name=row.relname, namespace_oid=row.relnamespace,
                    relkind=row.relkind, locator=locator,
                    descriptor=TupleDescriptor(attributes), persistence=row.relpersistence,
                    is_shared=row.relisshared,
                    namespace_name=namespace_name(row.relnamespace) or "", index=index,
                    toast_oid=row.reltoastrelid,
                    toast_tuple_target=_integer_reloption(row.reloptions,
                                                          "toast_tuple_target", 2032),
                    fillfactor=_integer_reloption(row.reloptions, "fillfactor", 100)
                    if row.relkind in ("r", "m", "t") else 100,
                    parallel_workers=_integer_reloption(row.reloptions, "parallel_workers", -1)
                    if row.relkind in ("r", "m") else -1)


def _integer_reloption(reloptions, wanted: str, default: int) -> int:
    """An integer reloption (toast_tuple_target, a heap's fillfactor or
    parallel_workers), else `default` (TOAST_TUPLE_TARGET 2032, HEAP_DEFAULT_FILLFACTOR
    100, -1 for no parallel_workers)."""
    for option in reloptions or ():
        name, _, value = option.partition("=")
        if name == wanted and value.isdigit():
            return int(value)
    return default


def _index_caches() -> None:
    """Empty per-key pg_index caches (filled one index / one table at a time through
    pg_index_indexrelid_index and pg_index_indrelid_index, dropped at any pg_index
    change), or the whole catalog at once where there are no index files."""
    global _indexes, _heap_indexes
    if _indexes is None or _heap_indexes is None \
            or _cache_database != process_state.database_oid:
        if not catalog_indexes.USABLE:
            _load_indexes()
            return
        _check_database()
        _indexes, _heap_indexes = {}, {}


def index_row(index_oid: int) -> IndexRow | None:
    """The pg_index row of an index, or None."""
    _index_caches()
    if not catalog_indexes.USABLE or index_oid in _indexes:
        return _indexes.get(index_oid)
    rows = scan_catalog("pg_index", key=("indexrelid", index_oid))
    row = _indexes[index_oid] = rows[0] if rows else None
    return row


def index_oids_of(heap_oid: int) -> tuple[int, ...]:
    """The OIDs of a table's indexes (RelationGetIndexList), in OID order."""
    _index_caches()
    if not catalog_indexes.USABLE or heap_oid in _heap_indexes:
        return _heap_indexes.get(heap_oid, ())
    rows = scan_catalog("pg_index", key=("indrelid", heap_oid))
    for row in rows:
        _indexes[row.indexrelid] = row
    # RelationGetIndexList's order: by index OID (see _load_indexes)
    oids = _heap_indexes[heap_oid] = tuple(sorted(r.indexrelid for r in rows))
    return oids


def _load_operator_classes(rows: dict | None = None) -> dict:
    """rows: {catalog name: rows} for pg_amop, pg_opclass and pg_operator (read when
    None)."""
    global _operator_classes
    _check_database()
    if rows is None:
        rows = {name: scan_catalog(name) for name in OPERATOR_CLASS_CATALOGS}
    strategies = {}
    for r in rows["pg_amop"]:
        if r.amopmethod == d.BTREE_ACCESS_METHOD and r.amoppurpose == "s":
            strategies[(r.amopfamily, r.amopopr)] = (r.amopstrategy, r.amoplefttype,
                                                     r.amoprighttype)
    _operator_classes = {
        "strategies": strategies,
        "families": {r.oid: r.opcfamily for r in rows["pg_opclass"]},
        "default_btree_families": {r.opcfamily for r in rows["pg_opclass"]
                                   if r.opcmethod == d.BTREE_ACCESS_METHOD and r.opcdefault},
        "commutators": {r.oid: r.oprcom for r in rows["pg_operator"]},
    }
    return _operator_classes


OPERATOR_CLASS_CATALOGS = ("pg_amop", "pg_opclass", "pg_operator")


def btree_strategy(family: int, operator_oid: int) -> tuple[int, int, int] | None:
    """(strategy 1-5, left type, right type) of an operator in a B-tree operator
    family (pg_amop), or None when the family does not have it."""
    facts = _operator_classes if _operator_classes is not None else _load_operator_classes()
    return facts["strategies"].get((family, operator_oid))


def btree_family_operators(family: int, left_type: int, right_type: int) -> list[int]:
    """The OIDs of a B-tree operator family's operators on (left_type, right_type)."""
    facts = _operator_classes if _operator_classes is not None else _load_operator_classes()
    return [operator for (fam, operator), (_s, left, right) in facts["strategies"].items()
            if fam == family and left == left_type and right == right_type]


def operator_class_family(opclass_oid: int) -> int:
    facts = _operator_classes if _operator_classes is not None else _load_operator_classes()
    return facts["families"].get(opclass_oid, 0)


def is_default_btree_family(family: int) -> bool:
    """Is `family` the family of a default B-tree operator class (pg_opclass.opcdefault)?"""
    facts = _operator_classes if _operator_classes is not None else _load_operator_classes()
    return family in facts["default_btree_families"]


def operator_commutator(operator_oid: int) -> int:
    """pg_operator.oprcom: the operator with its arguments swapped (0 if none)."""
    facts = _operator_classes if _operator_classes is not None else _load_operator_classes()
    return facts["commutators"].get(operator_oid, 0)


def sequence_row(oid: int):
    """The pg_sequence row of a sequence, or None."""
    global _sequences
    if _sequences is None or _cache_database != process_state.database_oid:
        _check_database()
        _sequences = {r.seqrelid: r for r in scan_catalog("pg_sequence")}
    return _sequences.get(oid)


def _constraint_groups() -> dict:
    """pg_constraint rows grouped: ('c', table) CHECKs, ('f', table) the table's foreign
    keys, ('referenced', table) the foreign keys that point at the table."""
    global _checks
    if _checks is None or _cache_database != process_state.database_oid:
        _check_database()
        grouped: dict[tuple[str, int], list] = {}
        for r in scan_catalog("pg_constraint"):
            if r.contype in ("c", "f"):
                grouped.setdefault((r.contype, r.conrelid), []).append(r)
            if r.contype == "f":
                grouped.setdefault(("referenced", r.confrelid), []).append(r)
        _checks = grouped
    return _checks


def check_constraints(table_oid: int) -> list:
    """The table's CHECK constraints (pg_constraint rows with contype 'c')."""
    return _constraint_groups().get(("c", table_oid), [])


def foreign_keys_of(table_oid: int) -> list:
    """The table's own FOREIGN KEY constraints (it is the referencing table)."""
    return _constraint_groups().get(("f", table_oid), [])


def foreign_keys_referencing(table_oid: int) -> list:
    """FOREIGN KEY constraints whose referenced table is `table_oid` (its own too)."""
    return _constraint_groups().get(("referenced", table_oid), [])


def _depend_groups() -> dict:
    """pg_depend rows grouped as PostgreSQL's two pg_depend indexes find them:
    ('ref', refclassid, refobjid) what depends on an object (or one of its columns),
    ('dep', classid, objid) what an object (or one of its columns) depends on. Each
    group is in the rows' order on disk, which is their insertion order."""
    global _depends
    if _depends is None or _cache_database != process_state.database_oid:
        _check_database()
        grouped: dict[tuple, list] = {}
        for r in scan_catalog("pg_depend"):
            grouped.setdefault(("ref", r.refclassid, r.refobjid), []).append(r)
            grouped.setdefault(("dep", r.classid, r.objid), []).append(r)
        _depends = grouped
    return _depends


_DEPEND_INDEXES = {"ref": "pg_depend_reference_index", "dep": "pg_depend_depender_index"}


def _depend_rows(kind: str, classid: int, objid: int) -> list:
    """One object's pg_depend rows, found through PostgreSQL's pg_depend index for
    `kind` (in its order: by column, then insertion), cached until pg_depend changes;
    the whole catalog grouped at once where there are no index files (tests' fakes)."""
    global _depends
    if not catalog_indexes.USABLE:
        return _depend_groups().get((kind, classid, objid), [])
    if _depends is None or _cache_database != process_state.database_oid:
        _check_database()
        _depends = {}
    key = (kind, classid, objid)
    rows = _depends.get(key)
    if rows is None:
        from pgsnake.access.transam import xact
        index = catalog_indexes.by_name(_DEPEND_INDEXES[kind])
        own_transaction = not in_transaction() and not process_state.is_bootstrap
        if own_transaction:
            xact.start_transaction_command()
        try:
            row = d.row_class("pg_depend")
            rows = _depends[key] = [row(*values) for _tid, values in catalog_indexes.lookup(
                index, (classid, objid), xact.get_catalog_snapshot())]
        finally:
            if own_transaction:
                xact.commit_transaction_command()
    return rows


def depend_rows_referencing(classid: int, objid: int) -> list:
    """The pg_depend rows naming (classid, objid) as the referenced object (any column)."""
    return _depend_rows("ref", classid, objid)


def depend_rows_of(classid: int, objid: int) -> list:
    """The pg_depend rows of the dependent object (classid, objid) (any column)."""
    return _depend_rows("dep", classid, objid)


def relation_statistics(oid: int) -> tuple[int, float]:
    """pg_class (relpages, reltuples) of a relation: what VACUUM, ANALYZE or CREATE
    INDEX last saw (0, -1 if never)."""
    row = class_row(oid)
    if row is None:
        return 0, -1.0
    return row.relpages, row.reltuples


def _index_description(row: ClassRow, attributes: tuple[Attribute, ...]) -> IndexDescription:
    index = index_row(row.oid)
    if index is None:
        raise PgError(UNDEFINED_TABLE, f"cache lookup failed for index {row.oid}")
    names = tuple(quote_identifier(a.name) for a in attributes[:index.indnkeyatts])
    if index.indexprs is not None:          # expression columns print as pg_get_indexdef's
        from pgsnake.catalog import index_expressions
        expressions = iter(index_expressions.expression_column_texts(index, True) or ())
        names = tuple(next(expressions, name) if attnum == 0 else name
                      for attnum, name in zip(index.indkey, names))
    options = dict(_reloptions(row))
    return IndexDescription(
        heap_oid=index.indrelid, key_count=index.indnkeyatts, unique=index.indisunique,
        nulls_not_distinct=index.indnullsnotdistinct,
        options=tuple(index.indoption or ()), collations=tuple(index.indcollation or ()),
        heap_attnums=tuple(index.indkey or ()), column_texts=names,
        fillfactor=int(options.get("fillfactor", 75 if row.relam == 405 else 90)),  # hash: 75
        deduplicate_items=options.get("deduplicate_items", "on").lower()
        not in ("off", "false", "no", "0", "f", "n"),
        gin_fastupdate=setting_values.parse_bool(options.get("fastupdate", "on")) is not False,
        gin_pending_list_limit=int(options.get("gin_pending_list_limit", -1)),
        gist_buffering=options.get("buffering", "auto").lower(),
        access_method=row.relam, opclass_names=_opclass_names(row.relam, index.indclass),
        order_procs=_order_procs(row.relam, index.indclass, index.indnkeyatts))


def _order_procs(relam: int, indclass, key_count: int) -> tuple[int, ...]:
    """B-tree / hash: per key column, support function 1 of its operator class when
    that class was made by CREATE OPERATOR CLASS and the function is written in SQL or
    a PL (built-in and C functions are the orderings and hashes pgsnake runs natively);
    () when no column has one."""
    if relam not in (403, 405) or not indclass or \
            all(oid < d.FIRST_NORMAL_OBJECT_ID for oid in indclass[:key_count]):
        return ()
    procs = []
    for oid in indclass[:key_count]:
        proc = 0
        row = next(iter(scan_catalog("pg_opclass", key=("oid", oid))), None) \
            if oid >= d.FIRST_NORMAL_OBJECT_ID else None
        if row is not None:
            proc = next((r.amproc for r in scan_catalog("pg_amproc")
                         if r.amprocfamily == row.opcfamily and r.amprocnum == 1
                         and r.amproclefttype == row.opcintype
                         and r.amprocrighttype == row.opcintype), 0)
            function = next(iter(scan_catalog("pg_proc", key=("oid", proc))), None) \
                if proc else None
            if function is None or function.prolang in (INTERNAL_LANGUAGE, C_LANGUAGE):
                proc = 0
        procs.append(proc)
    return tuple(procs) if any(procs) else ()


def _opclass_names(relam: int, indclass) -> tuple[str, ...]:
    """Operator class names of a non-B-tree index's key columns (GIN finds its support
    functions by them, access/gin/opclass_support.py)."""
    if relam == 403 or not indclass:
        return ()
    names = {r.oid: r.opcname for r in scan_catalog("pg_opclass")}
    return tuple(names.get(oid, "") for oid in indclass)


def _reloptions(row: ClassRow) -> list[tuple[str, str]]:
    """pg_class.reloptions as (name, value) pairs."""
    pairs = []
    for text in getattr(row, "reloptions", None) or ():
        name, _, value = text.partition("=")
        pairs.append((name, value))
    return pairs


def relation_display_name(oid: int) -> str | None:
    """The name regclass output prints: unqualified if search_path finds it, else
    schema-qualified (quoted where needed); None if no such relation."""
    row = class_row(oid)
    if row is None:
        return None
    visible = lookup_relation_oid(row.relname) == oid
    name = quote_identifier(row.relname)
    if visible:
        return name
    return f"{quote_identifier(namespace_name(row.relnamespace) or '')}.{name}"


def quote_identifier(name: str) -> str:
    """Quote a name as PostgreSQL's quote_identifier does (keywords included)."""
    return text_format.quote_ident(name)


def column_default(rel_oid: int, attnum: int) -> str | None:
    if _defaults is None or _cache_database != process_state.database_oid:
        _load_defaults()
    return _defaults.get((rel_oid, attnum))


# ---------------------------------------------------------------------------------------
# Types


def get_type_row(oid: int) -> TypeRow | None:
    return _type_rows().get(oid)


def lookup_type_row(name: str, namespace_oid: int | None = None) -> TypeRow | None:
    _type_rows()
    spaces = [namespace_oid] if namespace_oid is not None else search_path_namespaces()
    for nsp in spaces:
        oid = _type_names.get((nsp, name))
        if oid is not None:
            return _types[oid]
    return None


# ---------------------------------------------------------------------------------------
# Shared catalogs: usable before a database is chosen


def lookup_database(name: str) -> DatabaseRow | None:
    global _databases
    if _databases is None:
        _databases = {r.datname: r for r in scan_catalog("pg_database")}
    return _databases.get(name)


def lookup_role(name: str) -> RoleRow | None:
    global _roles
    if _roles is None:
        _roles = {r.rolname: r for r in scan_catalog("pg_authid")}
    return _roles.get(name)


def role_row(oid: int) -> RoleRow | None:
    lookup_role("")
    for row in _roles.values():
        if row.oid == oid:
            return row
    return None


def role_name(oid: int) -> str | None:
    row = role_row(oid)
    return row.rolname if row is not None else None


def _register_sql_functions() -> None:
    from pgsnake.catalog import sql_functions
    if sql_functions.is_registered():
        return
    try:
        sql_functions.register_all()
    except ImportError:       # a datatypes module not built yet: retried at next transaction
        pass


def _register_toast_resolver() -> None:
    from pgsnake.catalog import toast_creation
    toast_creation.register_resolver()


_register_sql_functions()
_register_toast_resolver()
