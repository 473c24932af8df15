# In-memory stand-ins for the packages the catalog layer calls (heapam, xact,
# transaction_ids, bufmgr, the datatypes registry and function registry), implementing
# just enough of docs/contracts.md to test catalogs, caches and DDL in one process.
# Rows are kept as Python values; visibility is xmin/xmax against committed xids.
"""Fake lower layers for catalog tests. install(monkeypatch) -> FakeWorld."""
from __future__ import annotations

import dataclasses
import functools
import importlib
import os
import pickle
import sys
import contextlib
import types

import pytest

from pgsnake.utils.errors import PgError


@dataclasses.dataclass
class FakeSnapshot:
    current_xid: int
    curcid: int


@dataclasses.dataclass
class StoredTuple:
    values: list
    xmin: int
    cmin: int
    xmax: int = 0
    cmax: int = 0


class FakeWorld:
    """State shared by the fakes: relation files, tuples, transactions."""

    def __init__(self) -> None:
        self.tuples: dict[tuple, list[StoredTuple]] = {}   # locator -> tuples
        self.committed = {1, 2}
        self.aborted: set[int] = set()
        self.next_xid = 3
        self.current_xid = 0
        self.in_transaction = False
        self.command_id = 0
        self.callbacks: list = []
        self.catalog_changed_marks = 0
        self.next_oid = 16384
        self.flushes = 0
        self.functions: dict[str, tuple] = {}
        self.io_overrides: dict[int, tuple] = {}

    # -- storage: tuples live in memory, keyed by absolute file path, and are written to
    # the file (pickled) by the fake flush_all_buffers, so copying a directory copies them.
    def path(self, locator) -> str:
        from pgsnake.storage.smgr.relation_path import relation_path
        return os.path.abspath(relation_path(locator))

    def relation_tuples(self, locator) -> list[StoredTuple]:
        path = self.path(locator)
        if path not in self.tuples:
            if not os.path.exists(path):
                raise AssertionError(f"no file {path}")
            with open(path, "rb") as f:
                data = f.read()
            self.tuples[path] = pickle.loads(data) if data else []
        return self.tuples[path]

    def flush(self) -> None:
        for path, tuples in self.tuples.items():
            if os.path.exists(path):
                with open(path, "wb") as f:
                    pickle.dump(tuples, f)


def _make_heapam(world: FakeWorld) -> types.ModuleType:
    m = types.ModuleType("pgsnake.access.heap.heapam")

    def visible(t: StoredTuple, snapshot) -> bool:
        own = snapshot.current_xid
        if t.xmin == own:
            if t.cmin >= snapshot.curcid:
                return False
        elif t.xmin not in world.committed:
            return False
        if t.xmax == 0:
            return True
        if t.xmax == own:
            return t.cmax >= snapshot.curcid
        return t.xmax not in world.committed

    def heap_create_storage(rel):
        path = world.path(rel.locator)
        assert not os.path.exists(path), f"{path} already exists"
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "wb").close()
        world.tuples[path] = []

    def heap_drop_storage(rel):
        os.unlink(world.path(rel.locator))
        world.tuples.pop(world.path(rel.locator), None)

    def heap_insert(rel, values):
        assert len(values) == len(rel.descriptor), (rel.name, len(values), len(rel.descriptor))
        for attr, v in zip(rel.descriptor.attributes, values):
            if attr.not_null and v is None:
                raise AssertionError(f"{rel.name}.{attr.name} is NOT NULL")
        store = world.relation_tuples(rel.locator)
        xid = xact_get_current_xid()
        store.append(StoredTuple(list(values), xid, world.command_id))
        return (0, len(store))

    def heap_scan(rel, snapshot):
        for i, t in enumerate(list(world.relation_tuples(rel.locator)), start=1):
            if visible(t, snapshot):
                yield (0, i), list(t.values)

    alignments = {"c": 1, "s": 2, "i": 4, "d": 8}

    def raw_item(rel, values) -> bytes:
        # What a prefilter reads of a real tuple: t_hoff (byte 22) and, from there, the
        # leading fixed-width columns as the heap lays them out (aligned, little-endian
        # integers, NUL-padded names, one-byte bools and "char"s).
        data = bytearray()
        for attribute, value in zip(rel.descriptor.attributes, values):
            if attribute.typlen <= 0 or value is None:
                break
            data += bytes(-len(data) % alignments[attribute.typalign])
            if isinstance(value, str):
                data += value.encode()[:attribute.typlen].ljust(attribute.typlen, b"\x00")
            elif isinstance(value, int):
                mask = (1 << (8 * attribute.typlen)) - 1
                data += (value & mask).to_bytes(attribute.typlen, "little")
            else:
                break
        return bytes(22) + bytes([24, 0]) + bytes(data)

    def heap_scan_pages(rel, snapshot, system_columns=(), prefilter=None):
        page = [(tid, values) for tid, values in heap_scan(rel, snapshot)
                if prefilter is None or prefilter(raw_item(rel, values))]
        if page:
            yield page

    def heap_scan_rows(rel, snapshot, system_columns=(), prefilter=None, upto=None):
        # scan rows: columns (past `upto` None, as the real heap leaves them), ctid, tableoid
        for page in heap_scan_pages(rel, snapshot, system_columns, prefilter):
            yield [(list(values) if upto is None or upto >= len(values) else
                    list(values[:upto]) + [None] * (len(values) - upto)) + [tid, rel.oid]
                   for tid, values in page]

    def heap_scan_dirty(rel, prefilter=None):
        # One process, one transaction at a time: nothing is ever in progress elsewhere,
        # so the rows present are the committed ones plus our own.
        snapshot = FakeSnapshot(world.current_xid if world.in_transaction else 0,
                                world.command_id + 1)
        for tid, values in heap_scan(rel, snapshot):
            if prefilter is None or prefilter(raw_item(rel, values)):
                yield tid, values, 0, 0

    def heap_delete(rel, tid, snapshot):
        t = world.relation_tuples(rel.locator)[tid[1] - 1]
        t.xmax = xact_get_current_xid()
        t.cmax = world.command_id
        return types.SimpleNamespace(status="ok", new_tid=None)

    def xact_get_current_xid():
        return sys.modules["pgsnake.access.transam.xact"].get_current_xid()

    m.heap_create_storage = heap_create_storage
    m.heap_drop_storage = heap_drop_storage
    m.heap_insert = heap_insert
    m.heap_scan = heap_scan
    m.heap_scan_pages = heap_scan_pages
    m.heap_scan_rows = heap_scan_rows
    m.heap_scan_dirty = heap_scan_dirty
    m.heap_delete = heap_delete
    return m


def _make_xact(world: FakeWorld) -> types.ModuleType:
    m = types.ModuleType("pgsnake.access.transam.xact")

    def start_transaction_command():
        assert not world.in_transaction
        world.in_transaction = True
        world.current_xid = 0
        world.command_id = 0

    def get_current_xid():
        assert world.in_transaction, "no transaction"
        if world.current_xid == 0:
            world.current_xid = world.next_xid
            world.next_xid += 1
        return world.current_xid

    def finish(event):
        if event == "commit" and world.current_xid:
            for fn in list(world.callbacks):
                fn("pre_commit")
            world.committed.add(world.current_xid)
        elif world.current_xid:
            world.aborted.add(world.current_xid)
        world.in_transaction = False
        for fn in list(world.callbacks):
            fn(event)
        world.current_xid = 0

    m.start_transaction_command = start_transaction_command
    m.commit_transaction_command = lambda: finish("commit")
    m.abort_current_transaction = lambda: finish("abort")
    # Like the real xact: a single-statement transaction reports 'I' to the client, so
    # only transaction_state() tells whether one is running.
    m.transaction_status = lambda: "I"
    m.transaction_state = lambda: types.SimpleNamespace(
        name="INPROGRESS" if world.in_transaction else "DEFAULT")
    m.get_current_xid = get_current_xid
    m.get_transaction_snapshot = lambda: FakeSnapshot(
        world.current_xid if world.in_transaction else 0, world.command_id)
    m.get_catalog_snapshot = m.get_transaction_snapshot
    m.current_command_id = lambda: world.command_id

    def command_counter_increment():
        world.command_id += 1

    def mark_catalog_changed():
        world.catalog_changed_marks += 1

    m.command_counter_increment = command_counter_increment
    m.register_callback = world.callbacks.append
    m.register_subxact_callback = lambda fn: None     # the fake has no savepoints
    m.subtransaction_depth = lambda: 0
    m.is_serializable = lambda: False                 # the fake has only READ COMMITTED
    m.mark_catalog_changed = mark_catalog_changed
    return m


def _make_transaction_ids(world: FakeWorld) -> types.ModuleType:
    m = types.ModuleType("pgsnake.access.transam.transaction_ids")

    def get_new_oid():
        world.next_oid += 1
        return world.next_oid - 1

    m.get_new_oid = get_new_oid
    return m


def _make_bufmgr(world: FakeWorld) -> types.ModuleType:
    m = types.ModuleType("pgsnake.storage.buffer.buffer_manager")

    def flush_all_buffers():
        world.flushes += 1
        world.flush()

    m.flush_all_buffers = flush_all_buffers
    return m


# The datatypes fakes: only what catalog and commands call.
_TYPE_ALIASES = {"integer": 23, "int": 23, "int4": 23, "text": 25, "bigint": 20, "int8": 20,
                 "smallint": 21, "varchar": 1043, "numeric": 1700, "bool": 16, "boolean": 16,
                 "float8": 701, "double precision": 701, "timestamptz": 1184, "date": 1082}
_FORMAT = {23: "integer", 25: "text", 1043: "character varying", 1700: "numeric"}


def _make_registry(world: FakeWorld) -> types.ModuleType:
    m = types.ModuleType("pgsnake.datatypes.registry")

    def lookup_type_name(name):
        oid = _TYPE_ALIASES.get(name)
        return None if oid is None else types.SimpleNamespace(oid=oid, name=name, array_oid=0)

    def get_type(oid):
        if oid in (30, 22, 194, 1034, 2277, 28):      # pretend these are not implemented
            raise PgError("42704", f"type with OID {oid} does not exist")
        return types.SimpleNamespace(oid=oid, output=str)

    def typmod_from_modifiers(oid, mods):
        if oid == 1043:
            return mods[0] + 4
        if oid == 1700:
            precision, scale = (mods + [0])[:2]
            return ((precision << 16) | scale) + 4
        raise PgError("42601", "type modifier is not allowed for type")

    def format_type(oid, typmod):
        base = _FORMAT.get(oid, "???")
        if typmod >= 0 and oid == 1043:
            return f"{base}({typmod - 4})"
        return base

    def override_io(oid, input_fn, output_fn):
        world.io_overrides[oid] = (input_fn, output_fn)

    m.lookup_type_name = lookup_type_name
    m.get_type = get_type
    m.typmod_from_modifiers = typmod_from_modifiers
    m.format_type = format_type
    m.override_io = override_io
    m.set_other_type_namer = lambda namer: None
    return m


def _make_functions(world: FakeWorld) -> types.ModuleType:
    m = types.ModuleType("pgsnake.datatypes.functions")

    def register(name, arg_types, result_type, fn, *, oid=0, strict=True, volatility="v",
                 **_details):          # returns_set, out_columns, rows, ...: not modelled
        world.functions[name] = (tuple(arg_types), result_type, fn, oid, strict)

    def register_resolver(name, resolver):
        world.functions[name] = ("resolver", resolver)

    m.register = register
    m.register_resolver = register_resolver
    return m


_FAKED = (
    ("pgsnake.access.heap", "heapam", _make_heapam),
    ("pgsnake.access.transam", "xact", _make_xact),
    ("pgsnake.access.transam", "transaction_ids", _make_transaction_ids),
    ("pgsnake.storage.buffer", "buffer_manager", _make_bufmgr),
    ("pgsnake.datatypes", "registry", _make_registry),
    ("pgsnake.datatypes", "functions", _make_functions),
)


def install(monkeypatch) -> FakeWorld:
    """Replace the lower layers with fakes, and reload the catalog modules so that they
    start with empty caches and register against the fakes."""
    # Import the catalog modules first, so that their import-time registration (SQL
    # functions, regclass I/O) goes to the real datatypes package, not to the fakes.
    from pgsnake.catalog import catalog_cache, definitions, invalidation, sql_functions
    world = FakeWorld()
    for package_name, attr, factory in _FAKED:
        module = factory(world)
        package = importlib.import_module(package_name)
        monkeypatch.setitem(sys.modules, f"{package_name}.{attr}", module)
        monkeypatch.setattr(package, attr, module, raising=False)
    # Fresh descriptor caches for the fakes, and the real ones back afterwards.
    monkeypatch.setattr(definitions, "_storage_type",
                        functools.cache(definitions._storage_type.__wrapped__))
    monkeypatch.setattr(definitions, "_relations", {})
    monkeypatch.setattr(invalidation, "_callback_registered", False)
    monkeypatch.setattr(invalidation, "_changed_in_transaction", False)
    monkeypatch.setattr(invalidation, "_read_upto", None)
    monkeypatch.setattr(invalidation, "_command_messages", {})
    monkeypatch.setattr(invalidation, "_transaction_messages", {})
    from pgsnake.access.transam import pending_deletes
    monkeypatch.setattr(pending_deletes, "_registered", False)
    monkeypatch.setattr(pending_deletes, "_pending", [])
    monkeypatch.setattr(sql_functions, "_registered", False)
    monkeypatch.setattr(sql_functions, "_io_overridden", False)
    # The fakes have no B-tree and no heap_update: tables get no TOAST table here
    # (tests/regress/sql/toast.sql and tests/access/heap/test_toast_values.py cover them).
    from pgsnake.catalog import toast_creation
    monkeypatch.setattr(toast_creation, "create_toast_table_if_needed", lambda oid: 0)
    monkeypatch.setattr(toast_creation, "create_catalog_toast_tables", lambda: None)
    # Nor catalog indexes: their rows are there, their files and entries are not, and
    # keyed lookups read the fake heaps (catalog_indexes.USABLE false).
    from pgsnake.catalog import catalog_indexes
    monkeypatch.setattr(catalog_indexes, "USABLE", False)
    catalog_cache.reset_caches()
    sql_functions.register_all()
    return world


def bootstrap(world: FakeWorld, monkeypatch, data_dir, superuser="alice", verifier=None):
    """Run catalog bootstrap into data_dir (made the working directory)."""
    from pgsnake.catalog import bootstrap as catalog_bootstrap
    from pgsnake.utils import process_state
    monkeypatch.chdir(data_dir)
    monkeypatch.setattr(process_state, "is_bootstrap", True)
    monkeypatch.setattr(process_state, "database_oid", 1)
    catalog_bootstrap.bootstrap_catalogs(superuser, verifier)
    monkeypatch.setattr(process_state, "is_bootstrap", False)


# -- fixtures (imported by tests/catalog/conftest.py and tests/commands/conftest.py)

@pytest.fixture
def world(monkeypatch, tmp_path):
    """Fakes installed, catalogs bootstrapped into tmp_path, backend in database 5."""
    from pgsnake.utils import process_state
    w = install(monkeypatch)
    bootstrap(w, monkeypatch, tmp_path, superuser="alice", verifier="SCRAM-SHA-256$x")
    monkeypatch.setattr(process_state, "database_oid", 5)
    monkeypatch.setattr(process_state, "database_name", "postgres")
    monkeypatch.setattr(process_state, "user_name", "alice")
    monkeypatch.setattr(process_state, "user_oid", 10)
    from pgsnake.catalog import catalog_cache
    catalog_cache.reset_caches()
    yield w
    catalog_cache.reset_caches()       # no fake rows may outlive the test


@pytest.fixture
def transaction():
    """transaction() -> context manager: commit on success, abort on error."""
    @contextlib.contextmanager
    def run(rollback: bool = False):
        from pgsnake.access.transam import xact
        from pgsnake.catalog import catalog_cache
        xact.start_transaction_command()
        catalog_cache.accept_invalidations()
        try:
            yield
        except BaseException:
            xact.abort_current_transaction()
            raise
        if rollback:
            xact.abort_current_transaction()
        else:
            xact.commit_transaction_command()
    return run
