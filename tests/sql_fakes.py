# Fakes of the layers below the SQL packages (datatypes, catalog cache, heap, transactions,
# buffer manager), shaped exactly like docs/contracts.md, so that the parser, optimizer and
# executor can be tested on their own. `install(monkeypatch)` points every reference the
# SQL modules hold at these fakes and returns a FakeDatabase for creating tables.
from __future__ import annotations

import dataclasses
import datetime
import sys
import types
from decimal import Decimal

from pgsnake.access.common.tuple_descriptor import Attribute, Relation, TupleDescriptor
from pgsnake.storage.smgr.relation_path import RelFileLocator
from pgsnake.utils.errors import PgError


# -- datatypes ---------------------------------------------------------------------------------

@dataclasses.dataclass
class TypeInfo:
    oid: int
    name: str
    typlen: int
    category: str
    display: str
    parse: object
    typbyval: bool = True
    typalign: str = "i"
    array_oid: int = 0
    element_oid: int = 0

    def input(self, text, typmod=-1):
        value = self.parse(text)
        return apply_typmod(self.oid, value, typmod, False)

    def output(self, value):
        if self.oid == 16:
            return "t" if value else "f"
        return str(value)


def _int_parser(name, lo, hi):
    def parse(text):
        try:
            value = int(text.strip())
        except ValueError:
            raise PgError("22P02", f'invalid input syntax for type {name}: "{text}"') from None
        if not lo <= value <= hi:
            raise PgError("22003", f'value "{text}" is out of range for type {name}')
        return value
    return parse


def _bool_parse(text):
    t = text.strip().lower()
    if t in ("t", "true", "yes", "on", "1"):
        return True
    if t in ("f", "false", "no", "off", "0"):
        return False
    raise PgError("22P02", f'invalid input syntax for type boolean: "{text}"')


TYPES = {t.oid: t for t in [
    TypeInfo(16, "bool", 1, "B", "boolean", _bool_parse, typalign="c", array_oid=1000),
    TypeInfo(20, "int8", 8, "N", "bigint", _int_parser("bigint", -2**63, 2**63 - 1), array_oid=1016),
    TypeInfo(21, "int2", 2, "N", "smallint", _int_parser("smallint", -2**15, 2**15 - 1), array_oid=1005),
    TypeInfo(23, "int4", 4, "N", "integer", _int_parser("integer", -2**31, 2**31 - 1), array_oid=1007),
    TypeInfo(25, "text", -1, "S", "text", str, typbyval=False, array_oid=1009),
    TypeInfo(26, "oid", 4, "N", "oid", int, array_oid=1028),
    TypeInfo(27, "tid", 6, "U", "tid", str, array_oid=1010),
    TypeInfo(28, "xid", 4, "U", "xid", int, array_oid=1011),
    TypeInfo(19, "name", 64, "S", "name", str, array_oid=1003),
    TypeInfo(701, "float8", 8, "N", "double precision", float, array_oid=1022),
    TypeInfo(705, "unknown", -2, "X", "unknown", str),
    TypeInfo(1043, "varchar", -1, "S", "character varying", str, typbyval=False, array_oid=1015),
    TypeInfo(1082, "date", 4, "D", "date", datetime.date.fromisoformat, array_oid=1182),
    TypeInfo(1114, "timestamp", 8, "D", "timestamp without time zone", datetime.datetime.fromisoformat, array_oid=1115),
    TypeInfo(1184, "timestamptz", 8, "D", "timestamp with time zone", datetime.datetime.fromisoformat, array_oid=1185),
    TypeInfo(1700, "numeric", -1, "N", "numeric", Decimal, typbyval=False, array_oid=1231),
]}
NAMES = {"int": 23, "integer": 23, "int4": 23, "int8": 20, "bigint": 20, "int2": 21,
         "smallint": 21, "text": 25, "varchar": 1043, "character varying": 1043, "bool": 16,
         "boolean": 16, "numeric": 1700, "float8": 701, "double precision": 701, "date": 1082,
         "timestamp": 1114, "timestamptz": 1184, "oid": 26, "name": 19}


def get_type(oid):
    if oid not in TYPES:
        raise PgError("42704", f"type with OID {oid} does not exist")
    return TYPES[oid]


def lookup_type_name(name):
    oid = NAMES.get(name)
    return TYPES[oid] if oid else None


def format_type(oid, typmod=-1):
    base = TYPES[oid].display
    if oid == 1043 and typmod >= 4:
        return f"{base}({typmod - 4})"
    return base


def typmod_from_modifiers(oid, mods):
    return mods[0] + 4 if oid == 1043 else -1


def apply_typmod(oid, value, typmod, explicit):
    if oid == 1043 and typmod >= 4 and value is not None and len(value) > typmod - 4:
        if explicit:
            return value[:typmod - 4]
        raise PgError("22001", f"value too long for type character varying({typmod - 4})")
    return value


# -- operators, casts, functions, aggregates ----------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Operator:
    oid: int
    name: str
    left_type: int | None
    right_type: int
    result_type: int
    fn: object
    strict: bool = True


NUMERIC_RANK = {21: 1, 23: 2, 20: 3, 1700: 4, 701: 5}


def _int_result(name, limit):
    def check(v):
        if not -limit <= v < limit:
            raise PgError("22003", f"{name} out of range")
        return v
    return check


def _div(a, b):
    if b == 0:
        raise PgError("22012", "division by zero")
    if isinstance(a, int) and isinstance(b, int):
        q = abs(a) // abs(b)
        return q if (a >= 0) == (b >= 0) else -q
    return a / b


def _like(value, pattern):
    import re
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, re.S) is not None


ARITH = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": _div,
         "%": lambda a, b: a % b}
COMPARE = {"=": lambda a, b: a == b, "<>": lambda a, b: a != b, "<": lambda a, b: a < b,
           ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b}


def _category(t):
    return TYPES[t].category if t in TYPES else "X"


def resolve_operator(name, left, right, schema=None):
    if left is None:
        if name == "-" and right in NUMERIC_RANK:
            return Operator(1, name, None, right, right, lambda a: -a)
        if name == "-" and right == 705:
            return Operator(1, name, None, 23, 23, lambda a: -a)
        raise PgError("42883", f"operator does not exist: {name} {format_type(right)}",
                      hint="No operator matches the given name and argument types. "
                           "You might need to add explicit type casts.")
    if left == 705 and right == 705:
        left = right = 25
    elif left == 705:
        left = right if right != 1043 else 25
    elif right == 705:
        right = left if left != 1043 else 25
    if left == 1043:
        left = 25
    if right == 1043:
        right = 25
    if name in ("~~", "!~~") and left == 25 and right == 25:
        fn = _like if name == "~~" else (lambda a, b: not _like(a, b))
        return Operator(1209, name, 25, 25, 16, fn)
    if name == "||" and left == 25 and right == 25:
        return Operator(654, name, 25, 25, 25, lambda a, b: a + b)
    if left in (21, 23, 20) and right in (21, 23, 20) and name in COMPARE:
        # cross-type integer comparisons exist in pg_operator (int84gt, ...)
        return Operator(96 if name == "=" else 97, name, left, right, 16, COMPARE[name])
    if left in NUMERIC_RANK and right in NUMERIC_RANK:
        common = max(left, right, key=lambda t: NUMERIC_RANK[t])
        if common == 21:
            common = 23
        if name in ARITH:
            base = ARITH[name]
            check = _int_result({23: "integer", 20: "bigint"}.get(common, ""), 2**31 if common == 23 else 2**63)
            if common in (23, 20):
                fn = lambda a, b, base=base, check=check: check(base(a, b))
            else:
                fn = base
            return Operator(96, name, common, common, common, fn)
        if name in COMPARE:
            return Operator(96 if name == "=" else 97, name, common, common, 16, COMPARE[name])
    if left == right and name in COMPARE:
        return Operator(98, name, left, right, 16, COMPARE[name])
    raise PgError("42883", f"operator does not exist: {format_type(left)} {name} {format_type(right)}",
                  hint="No operator matches the given name and argument types. "
                       "You might need to add explicit type casts.")


def common_type(type_oids, context):
    known = [t for t in type_oids if t != 705]
    if all(t in NUMERIC_RANK for t in known):
        return max(known, key=lambda t: NUMERIC_RANK[t])
    if all(t in (25, 1043) for t in known):
        return 25
    raise PgError("42804", "types cannot be matched")


def find_cast(source, target, context):
    if source == target:
        return lambda v, typmod=-1: v
    if source in NUMERIC_RANK and target in NUMERIC_RANK:
        if NUMERIC_RANK[source] <= NUMERIC_RANK[target] or context != "implicit":
            conv = {21: int, 23: int, 20: int, 1700: Decimal, 701: float}[target]
            if target in (21, 23, 20) and source in (1700, 701):
                return lambda v, typmod=-1: int(round(v))
            return lambda v, typmod=-1, conv=conv: conv(v)
        return None
    if source in (25, 1043) and target in (25, 1043):
        return lambda v, typmod=-1: v
    if target in (25, 1043) and context != "implicit":
        return lambda v, typmod=-1, s=source: TYPES[s].output(v)
    if source in (25, 1043) and context == "explicit":
        return lambda v, typmod=-1, t=target: TYPES[t].input(v, typmod)
    return None


def can_coerce(source, target, context):
    return find_cast(source, target, context) is not None


@dataclasses.dataclass(frozen=True)
class Function:
    oid: int
    name: str
    arg_types: list
    result_type: int
    fn: object
    strict: bool = True
    volatility: str = "i"


FUNCTIONS = {
    ("upper", (25,)): Function(871, "upper", [25], 25, str.upper),
    ("lower", (25,)): Function(870, "lower", [25], 25, str.lower),
    ("length", (25,)): Function(1317, "length", [25], 23, len),
    ("abs", (23,)): Function(1397, "abs", [23], 23, abs),
    ("now", ()): Function(1299, "now", [], 1184,
                          lambda: datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
                          volatility="s"),
}


def resolve_function(name, arg_types):
    args = tuple(25 if t in (705, 1043) else t for t in arg_types)
    if (name, args) in FUNCTIONS:
        return FUNCTIONS[(name, args)]
    shown = ", ".join(format_type(t) for t in arg_types)
    raise PgError("42883", f"function {name}({shown}) does not exist",
                  hint="No function matches the given name and argument types. "
                       "You might need to add explicit type casts.")


@dataclasses.dataclass(frozen=True)
class Aggregate:
    oid: int
    name: str
    arg_types: list
    result_type: int
    init: object
    transition: object
    final: object


def resolve_aggregate(name, arg_types, star, schema=None, variadic=False):
    if name == "count":
        return Aggregate(2803 if star else 2147, "count", [] if star else list(arg_types), 20,
                         lambda: 0, lambda s, v: s + 1, lambda s: s)
    if len(arg_types) == 1:
        t = arg_types[0]
        if name == "sum" and t in NUMERIC_RANK:
            result = {21: 20, 23: 20, 20: 1700, 1700: 1700, 701: 701}[t]
            return Aggregate(2108, "sum", [t], result, lambda: None,
                             lambda s, v: v if s is None else s + v, lambda s: s)
        if name in ("min", "max") and t != 705:
            pick = min if name == "min" else max
            return Aggregate(2132, name, [t], t, lambda: None,
                             lambda s, v: v if s is None else pick(s, v), lambda s: s)
        if name == "avg" and t in NUMERIC_RANK:
            return Aggregate(2101, "avg", [t], 1700 if t != 701 else 701, lambda: (0, 0),
                             lambda s, v: (s[0] + v, s[1] + 1),
                             lambda s: None if s[1] == 0 else Decimal(s[0]) / s[1])
    raise PgError("42883", f"function {name}({', '.join(format_type(t) for t in arg_types)}) does not exist")


datatypes_registry = types.SimpleNamespace(
    get_type=get_type, lookup_type_name=lookup_type_name, format_type=format_type,
    typmod_from_modifiers=typmod_from_modifiers, apply_typmod=apply_typmod)
datatypes_operators = types.SimpleNamespace(resolve_operator=resolve_operator, common_type=common_type)
datatypes_casts = types.SimpleNamespace(find_cast=find_cast, can_coerce=can_coerce)
datatypes_functions = types.SimpleNamespace(resolve_function=resolve_function)
datatypes_aggregates = types.SimpleNamespace(resolve_aggregate=resolve_aggregate)


# -- catalog, heap, transactions, buffers -------------------------------------------------------

@dataclasses.dataclass
class UpdateResult:
    status: str
    new_tid: tuple | None = None
    hot: bool = False               # the fake heap never makes heap-only tuples


def _first_columns(values: list, upto) -> list:
    if upto is None or upto >= len(values):
        return list(values)
    return list(values[:upto]) + [None] * (len(values) - upto)


class FakeDatabase:
    """Tables in memory: rows keyed by tid, with a per-tid 'latest version' chain so that
    tests can simulate a concurrent committed update."""

    def __init__(self):
        self.relations = {}
        self.defaults = {}
        self.rows = {}                 # oid -> {tid: values}
        self.next_oid = 16384
        self.counter_increments = 0
        self.concurrent_updates = {}   # (oid, tid) -> new values applied "by another session"
        self.nblocks = {}
        self.rows_per_page = 0

    # catalog_cache
    def create_table(self, name, columns, defaults=None):
        """columns: [(name, type_oid, typmod, not_null)]"""
        oid = self.next_oid
        self.next_oid += 1
        attrs = tuple(Attribute(i + 1, c[0], c[1], c[2] if len(c) > 2 else -1,
                                c[3] if len(c) > 3 else False, TYPES[c[1]].typlen)
                      for i, c in enumerate(columns))
        rel = Relation(oid, name, 2200, "r", RelFileLocator(1663, 5, oid), TupleDescriptor(attrs))
        self.relations[name] = rel
        self.rows[oid] = {}
        for attnum, text in (defaults or {}).items():
            self.defaults[(oid, attnum)] = text
        return rel

    def get_relation(self, oid):
        for rel in self.relations.values():
            if rel.oid == oid:
                return rel
        raise PgError("42P01", f"relation with OID {oid} does not exist")

    def lookup_relation(self, name, schema=None):
        return self.relations.get(name)

    def open_relation(self, name, schema, lock_mode):
        """relation_locks.open_relation: records which lock each statement asked for."""
        self.locks_taken = getattr(self, "locks_taken", [])
        relation = self.relations.get(name)
        if relation is not None:
            self.locks_taken.append((name, lock_mode))
        return relation

    def column_default(self, rel_oid, attnum):
        return self.defaults.get((rel_oid, attnum))

    # heapam
    def heap_insert(self, rel, values, cid=None):
        rows = self.rows[rel.oid]
        tid = (0, len(rows) + 1 + sum(1 for _ in self.concurrent_updates))
        while tid in rows:
            tid = (0, tid[1] + 1)
        rows[tid] = list(values)
        return tid

    def heap_scan(self, rel, snapshot):
        for tid, values in list(self.rows[rel.oid].items()):
            yield tid, list(values)

    def heap_scan_pages(self, rel, snapshot, system_columns=(), prefilter=None):
        """Pages of `rows_per_page` rows (all in one page unless a test sets it). The fake
        has no tuple headers: no test of it asks for xmin, cmin, xmax or cmax. It has no
        raw tuples either: a prefilter (a keyed catalog scan's) is not applied, which
        only leaves the rows it would skip to the scan's filter."""
        if system_columns:
            raise NotImplementedError("the fake heap has no tuple headers")
        rows = list(self.heap_scan(rel, snapshot))
        size = self.rows_per_page or max(len(rows), 1)
        for start in range(0, len(rows), size):
            yield rows[start:start + size]

    def heap_scan_rows(self, rel, snapshot, system_columns=(), prefilter=None, upto=None):
        """heap_scan_pages as scan rows: the columns (past `upto` None, as the real
        heap leaves them undecoded), ctid, tableoid."""
        for page in self.heap_scan_pages(rel, snapshot, system_columns, prefilter):
            yield [_first_columns(values, upto) + [tid, rel.oid] for tid, values in page]

    def heap_fetch(self, rel, tid, snapshot):
        values = self.rows[rel.oid].get(tid)
        return None if values is None else list(values)

    def heap_hot_fetch(self, rel, tid, snapshot, system_columns=(), upto=None):
        if system_columns:
            raise NotImplementedError("the fake heap has no tuple headers")
        values = self.heap_fetch(rel, tid, snapshot)
        return None if values is None else (tid, _first_columns(values, upto))

    def heap_update(self, rel, tid, values, snapshot, *, indexed_positions=None, cid=None,
                    key_positions=()):
        key = (rel.oid, tid)
        if key in self.concurrent_updates:
            new_values = self.concurrent_updates.pop(key)
            del self.rows[rel.oid][tid]
            new_tid = self.heap_insert(rel, new_values)
            self.latest = getattr(self, "latest", {})
            self.latest[(rel.oid, tid)] = new_tid
            return UpdateResult("updated", new_tid)
        if tid not in self.rows[rel.oid]:
            return UpdateResult("deleted")
        del self.rows[rel.oid][tid]
        return UpdateResult("ok", self.heap_insert(rel, values))

    def heap_delete(self, rel, tid, snapshot, *, cid=None):
        key = (rel.oid, tid)
        if key in self.concurrent_updates:
            new_values = self.concurrent_updates.pop(key)
            del self.rows[rel.oid][tid]
            new_tid = self.heap_insert(rel, new_values)
            self.latest = getattr(self, "latest", {})
            self.latest[(rel.oid, tid)] = new_tid
            return UpdateResult("updated", new_tid)
        if self.rows[rel.oid].pop(tid, None) is None:
            return UpdateResult("deleted")
        return UpdateResult("ok")

    def heap_get_latest_tid(self, rel, tid, snapshot):
        return getattr(self, "latest", {}).get((rel.oid, tid), tid)

    def heap_fetch_version(self, rel, tid):
        return self.heap_fetch(rel, tid, None)

    def lock_latest_version(self, rel, tid, mode, policy=0, *, find_last_version,
                            follow_updates=True):
        """heap_lock.lock_latest_version: follows the fake update chain (no waits)."""
        from pgsnake.access.heap.heap_lock import LockResult
        self.row_locks = getattr(self, "row_locks", [])
        latest = tid
        seen = set()
        while find_last_version and latest not in self.rows[rel.oid] and latest not in seen \
                and (rel.oid, latest) in getattr(self, "latest", {}):
            seen.add(latest)
            latest = self.latest[(rel.oid, latest)]
        if latest not in self.rows[rel.oid]:
            return LockResult("deleted")
        self.row_locks.append((rel.name, latest, mode))
        return LockResult("ok", latest, 0, latest != tid)

    # xact
    def get_transaction_snapshot(self):
        return ("snapshot",)

    def command_counter_increment(self):
        self.counter_increments += 1

    def current_command_id(self, used=False):
        return self.counter_increments

    # bufmgr
    def bufmgr_nblocks(self, locator, fork):
        return self.nblocks.get(locator.relfilenode if hasattr(locator, "relfilenode") else locator, 0)


def install(monkeypatch) -> FakeDatabase:
    """Point the SQL packages' references to lower layers at fakes. Returns the database."""
    db = FakeDatabase()
    fakes = {
        "pgsnake.datatypes.registry": datatypes_registry,
        "pgsnake.datatypes.operators": datatypes_operators,
        "pgsnake.datatypes.casts": datatypes_casts,
        "pgsnake.datatypes.functions": datatypes_functions,
        "pgsnake.datatypes.aggregates": datatypes_aggregates,
        "pgsnake.catalog.catalog_cache": types.SimpleNamespace(
            get_relation=db.get_relation, lookup_relation=db.lookup_relation,
            column_default=db.column_default,
            index_oids_of=lambda oid: (),       # the fake tables have no indexes
            check_constraints=lambda oid: [],   # nor CHECK constraints
            foreign_keys_of=lambda oid: [], foreign_keys_referencing=lambda oid: [],
            relation_statistics=lambda oid: (0, -1.0),      # and were never vacuumed
            class_row=lambda oid: None),       # no row-level security, partitions or children
        "pgsnake.catalog.trigger_catalog": types.SimpleNamespace(
            triggers_of=lambda oid: ()),       # nor triggers
        "pgsnake.catalog.relation_locks": types.SimpleNamespace(
            open_relation=db.open_relation, lock_relation_oid=lambda oid, mode: None,
            lock_indexes_of=lambda oid, mode: None),
        "pgsnake.access.heap.heapam": types.SimpleNamespace(
            heap_insert=db.heap_insert, heap_scan=db.heap_scan, heap_fetch=db.heap_fetch,
            heap_scan_pages=db.heap_scan_pages, heap_scan_rows=db.heap_scan_rows,
            heap_hot_fetch=db.heap_hot_fetch,
            heap_update=db.heap_update, heap_delete=db.heap_delete,
            heap_get_latest_tid=db.heap_get_latest_tid,
            heap_fetch_version=db.heap_fetch_version,
            lock_latest_version=db.lock_latest_version, WAIT_BLOCK=0, WAIT_SKIP=1,
            WAIT_ERROR=2),
        # Buffered inserts (executor/multi_insert.py): the "tuple" is the row itself.
        "pgsnake.access.heap.heap_multi_insert": types.SimpleNamespace(
            prepare_tuple=lambda rel, values: values,
            insert_prepared=lambda rel, rows: [db.heap_insert(rel, v) for v in rows]),
        "pgsnake.access.transam.xact": types.SimpleNamespace(
            get_transaction_snapshot=db.get_transaction_snapshot,
            command_counter_increment=db.command_counter_increment,
            current_command_id=db.current_command_id,
            uses_transaction_snapshot=lambda: False,
            prevent_command_if_read_only=lambda command: None),
        "pgsnake.storage.buffer.buffer_manager": types.SimpleNamespace(
            nblocks=db.bufmgr_nblocks, buffer_usage=lambda: (0, 0, 0, 0)),
    }
    short = {name.rsplit(".", 1)[1]: fake for name, fake in fakes.items()}
    for module_name, module in list(sys.modules.items()):
        if not module_name.startswith(("pgsnake.parser", "pgsnake.optimizer", "pgsnake.executor",
                                       "pgsnake.commands.explain", "pgsnake.rewrite")):
            continue
        for attr in list(vars(module)):
            value = getattr(module, attr)
            if isinstance(value, types.ModuleType) and value.__name__ in fakes:
                monkeypatch.setattr(module, attr, fakes[value.__name__])
            elif isinstance(value, types.SimpleNamespace) and attr in short:
                monkeypatch.setattr(module, attr, short[attr])
    return db
