"""Partition keys and partition bounds: what pg_partitioned_table and pg_class.relpartbound
record, read back, compared, printed, and used to find a row's partition.

A partitioned table (relkind 'p') has one pg_partitioned_table row: the strategy ('r'
range, 'l' list, 'h' hash), the key columns (partattrs) and their operator classes. Each
partition has a pg_inherits row naming its parent and relpartbound.

Entry points:
    PartitionKey, partition_key(relid) -> PartitionKey | None
    RangeBound / ListBound / HashBound / DEFAULT_BOUND, bound_text(bound, key) -> str
    partition_bound(relid, key) -> bound | None       relpartbound read back
    children(parent) -> [oid]                          pg_inherits, by child oid
    parents(child) -> [oid]                            pg_inherits, by inhseqno
    PartitionDescriptor, partition_descriptor(parent)  children and their bounds
    find_overlap(descriptor, bound) -> child oid | None
    constraint_text(relid) -> str | None               pg_get_partition_constraintdef
    MINVALUE, MAXVALUE                                 a range bound's infinite datums

Rules:
1. relpartbound holds the bound's text as pg_get_expr prints it ("FOR VALUES FROM (1) TO
   (10)", "FOR VALUES IN ('a', NULL)", "FOR VALUES WITH (modulus 4, remainder 1)",
   "DEFAULT"), not a node tree: the same deviation as adbin (catalog README). Reading it
   back parses that text and converts each literal with the key type's input function.
2. Values compare with the key type's B-tree order (access/nbtree/key_comparison's sort
   keys); a range bound datum is (kind, key) with kind 0 MINVALUE, 1 a value, 2 MAXVALUE,
   so tuples of datums compare as PostgreSQL's partition_rbound_cmp does.
3. A range partition holds lower <= key < upper (row comparison); a list partition its
   values (NULL only if listed); the default partition every row no other one takes.

PostgreSQL: catalog/partition.c, partitioning/partbounds.c, utils/cache/partcache.c,
utils/adt/ruleutils.c (get_rule_expr for PartitionBoundSpec, pg_get_partkeydef).
"""
from __future__ import annotations

import bisect

import dataclasses

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import definitions as d



class _Infinite:
    """MINVALUE / MAXVALUE in a range bound (a marker, never equal to a value)."""
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


MINVALUE = _Infinite("MINVALUE")
MAXVALUE = _Infinite("MAXVALUE")
DEFAULT_BOUND = "DEFAULT"
STRATEGY_NAMES = {"r": "RANGE", "l": "LIST", "h": "HASH"}


@dataclasses.dataclass(frozen=True)
class PartitionKey:
    relid: int
    strategy: str                     # 'r', 'l', 'h'
    attnums: tuple                    # key columns (0: an expression)
    type_oids: tuple
    typmods: tuple
    column_names: tuple               # a column's name, an expression's SQL text
    expressions: tuple = ()           # per key column: None, or the expression's SQL text
    # hash partitioning: per key column, support function 2 (extended hash) of a
    # user-defined operator class written in SQL or a PL, 0 for the type's own hash,
    # or (opclass name, type) when the class lacks it (the error, when a row is hashed)
    hash_procs: tuple = ()
    # range / list partitioning: per key column, the B-tree support function 1 of a
    # user-defined operator class written in SQL or a PL (0: the type's own order)
    order_procs: tuple = ()
    # per key column: is its operator class user-defined (CREATE OPERATOR CLASS)? Its
    # family has none of the type's own operators, so they prune nothing
    user_classes: tuple = ()

    def shown_columns(self) -> list[str]:
        """The key columns as pg_get_partkeydef and error messages show them: names
        quoted, an expression in parentheses unless it is a function call."""
        out = []
        for attnum, name in zip(self.attnums, self.column_names):
            if attnum:
                out.append(cc.quote_identifier(name))
            else:
                out.append(name if _looks_like_function(name) else f"({name})")
        return out

    def sort_keys(self) -> list:
        from pgsnake.access.nbtree.key_comparison import sort_key_for, support_function_key
        from pgsnake.catalog import partition_hash
        procs = self.order_procs or (0,) * len(self.type_oids)
        for proc in procs:
            partition_hash.missing_support_function(proc, "btree", 1)
        return [support_function_key(proc) if proc else sort_key_for(t)
                for t, proc in zip(self.type_oids, procs)]


@dataclasses.dataclass(frozen=True)
class RangeBound:
    lower: tuple                      # values, MINVALUE or MAXVALUE
    upper: tuple


@dataclasses.dataclass(frozen=True)
class ListBound:
    values: tuple                     # None for NULL


@dataclasses.dataclass(frozen=True)
class HashBound:
    modulus: int
    remainder: int


def partition_key(relid: int) -> PartitionKey | None:
    row = next((r for r in cc.scan_catalog("pg_partitioned_table") if r.partrelid == relid),
               None)
    if row is None:
        return None
    attributes = {a.attnum: a for a in cc.attribute_rows(relid)}
    attnums = tuple(int(n) for n in _int_list(row.partattrs))
    # partexprs: the expressions' SQL texts, one a line, for the 0 entries in order;
    # an expression's type is its operator class's input type.
    texts = iter((row.partexprs or "").split("\n") if row.partexprs else ())
    classes = [int(c) for c in _int_list(row.partclass)]
    opclass_types = {r.oid: r.opcintype for r in cc.scan_catalog("pg_opclass")
                     if r.oid in classes}
    expressions, types, typmods, names = [], [], [], []
    for attnum, opclass in zip(attnums, classes):
        if attnum:
            expressions.append(None)
            types.append(attributes[attnum].atttypid)
            typmods.append(attributes[attnum].atttypmod)
            names.append(attributes[attnum].attname)
        else:
            text = next(texts)
            expressions.append(text)
            types.append(opclass_types.get(opclass, 25))
            typmods.append(-1)
            names.append(text)
    hashing = row.partstrat == "h"
    procs = _support_procs(classes, 2 if hashing else 1)
    return PartitionKey(relid, row.partstrat, attnums, tuple(types), tuple(typmods),
                        tuple(names), tuple(expressions), procs if hashing else (),
                        () if hashing else procs,
                        tuple(c >= d.FIRST_NORMAL_OBJECT_ID for c in classes))


def _support_procs(classes: list[int], number: int) -> tuple:
    """PartitionKey.hash_procs (number 2) / order_procs (number 1):
    RelationBuildPartitionKey's support function lookup for the user-defined classes;
    () when every class is built in."""
    if all(c < d.FIRST_NORMAL_OBJECT_ID for c in classes):
        return ()
    procs = []
    for opclass in classes:
        row = next(iter(cc.scan_catalog("pg_opclass", key=("oid", opclass))), None) \
            if opclass >= d.FIRST_NORMAL_OBJECT_ID else None
        if row is None:
            procs.append(0)
            continue
        proc = next((r.amproc for r in cc.scan_catalog("pg_amproc")
                     if r.amprocfamily == row.opcfamily and r.amprocnum == number
                     and r.amproclefttype == row.opcintype
                     and r.amprocrighttype == row.opcintype), 0)
        if not proc:
            procs.append((row.opcname, row.opcintype))
            continue
        function = next(iter(cc.scan_catalog("pg_proc", key=("oid", proc))), None)
        procs.append(0 if function is None or function.prolang in (
            cc.INTERNAL_LANGUAGE, cc.C_LANGUAGE) else proc)
    return tuple(procs) if any(procs) else ()


def _int_list(value) -> list:
    if isinstance(value, str):
        return [int(v) for v in value.split()]
    return list(value)


def key_definition(relid: int) -> str | None:
    """pg_get_partkeydef: 'RANGE (a, b)'."""
    key = partition_key(relid)
    if key is None:
        return None
    row = next(r for r in cc.scan_catalog("pg_partitioned_table") if r.partrelid == relid)
    columns = [shown + _opclass_shown(int(opclass), type_oid)
               for shown, opclass, type_oid in zip(key.shown_columns(),
                                                   _int_list(row.partclass), key.type_oids)]
    return f"{STRATEGY_NAMES[key.strategy]} ({', '.join(columns)})"


def _opclass_shown(opclass_oid: int, type_oid: int) -> str:
    """' name' of a key column's operator class unless it is its type's default
    (get_opclass_name), schema-qualified when its schema is not on the search path."""
    row = next(iter(cc.scan_catalog("pg_opclass", key=("oid", opclass_oid))), None)
    if row is None or (row.opcdefault and row.opcintype == type_oid):
        return ""
    name = cc.quote_identifier(row.opcname)
    if row.opcnamespace not in cc.search_path_namespaces():
        name = f"{cc.quote_identifier(cc.namespace_name(row.opcnamespace))}.{name}"
    return f" {name}"


def _looks_like_function(text: str) -> bool:
    """A plain function call's text (name(...)), which needs no parentheses of its own."""
    head, paren, _rest = text.partition("(")
    return bool(paren) and text.endswith(")") and head.replace("_", "a").replace(
        ".", "a").replace('"', "a").isalnum()


def _key_text(key: PartitionKey, index: int) -> str:
    """A key column in a partition constraint: its quoted name or its expression."""
    if key.attnums[index]:
        return cc.quote_identifier(key.column_names[index])
    return key.column_names[index]


# ---------------------------------------------------------------------------------------
# pg_inherits


def children(parent: int) -> list[int]:
    return sorted(r.inhrelid for r in cc.scan_catalog("pg_inherits", key=("inhparent", parent)))


def parents(child: int) -> list[int]:
    rows = sorted((r.inhseqno, r.inhparent)
                  for r in cc.scan_catalog("pg_inherits", key=("inhrelid", child)))
    return [parent for _seq, parent in rows]


def all_descendants(parent: int) -> list[int]:
    """Every relation below `parent`, breadth first (find_all_inheritors)."""
    found, queue = [], [parent]
    links = cc.scan_catalog("pg_inherits")
    while queue:
        current = queue.pop(0)
        for child in sorted(r.inhrelid for r in links if r.inhparent == current):
            if child not in found:
                found.append(child)
                queue.append(child)
    return found


# ---------------------------------------------------------------------------------------
# Bound text (rule 1)


def literal_text(value, type_oid: int) -> str:
    """A datum as get_const_expr prints it without a cast: numbers bare, booleans as
    true / false, anything else quoted."""
    from pgsnake.datatypes import registry
    if value is None:
        return "NULL"
    text = registry.get_type(type_oid).output(value)
    if type_oid in (20, 21, 23, 26, 700, 701, 1700) and not text.startswith("-") \
            and text.replace(".", "", 1).isdigit():
        return text
    if type_oid == 16:
        return "true" if value else "false"
    return "'" + text.replace("'", "''") + "'"


def _datum_text(value, type_oid: int) -> str:
    if value is MINVALUE or value is MAXVALUE:
        return value.name
    return literal_text(value, type_oid)


def bound_text(bound, key: PartitionKey) -> str:
    if bound == DEFAULT_BOUND:
        return "DEFAULT"
    if isinstance(bound, HashBound):
        return f"FOR VALUES WITH (modulus {bound.modulus}, remainder {bound.remainder})"
    if isinstance(bound, ListBound):
        items = ", ".join(_datum_text(v, key.type_oids[0]) for v in bound.values)
        return f"FOR VALUES IN ({items})"
    lower = ", ".join(_datum_text(v, t) for v, t in zip(bound.lower, key.type_oids))
    upper = ", ".join(_datum_text(v, t) for v, t in zip(bound.upper, key.type_oids))
    return f"FOR VALUES FROM ({lower}) TO ({upper})"


def _tokens(text: str) -> list:
    tokens, i = [], 0
    while i < len(text):
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "(),":
            tokens.append(c)
            i += 1
        elif c == "'":
            j, out = i + 1, []
            while True:
                if text[j] == "'" and text[j + 1:j + 2] == "'":
                    out.append("'")
                    j += 2
                elif text[j] == "'":
                    break
                else:
                    out.append(text[j])
                    j += 1
            tokens.append(("str", "".join(out)))
            i = j + 1
        else:
            j = i
            while j < len(text) and not text[j].isspace() and text[j] not in "(),":
                j += 1
            tokens.append(("word", text[i:j]))
            i = j
    return tokens


def _datum_from_token(token, type_oid: int, typmod: int):
    from pgsnake.datatypes import registry
    kind, text = token
    if kind == "word":
        upper = text.upper()
        if upper in ("MINVALUE", "MAXVALUE"):
            return MINVALUE if upper == "MINVALUE" else MAXVALUE
        if upper == "NULL":
            return None
    return registry.get_type(type_oid).input(text, typmod)


def _datum_lists(tokens: list) -> list[list]:
    lists, current = [], None
    for token in tokens:
        if token == "(":
            current = []
        elif token == ")":
            lists.append(current)
            current = None
        elif token != "," and current is not None:
            current.append(token)
    return lists


def parse_bound_text(text: str, key: PartitionKey):
    if text.strip().upper() == "DEFAULT":
        return DEFAULT_BOUND
    tokens = _tokens(text)
    words = [t[1].upper() for t in tokens if isinstance(t, tuple) and t[0] == "word"]
    lists = _datum_lists(tokens)
    if "WITH" in words[:3]:
        numbers = [int(t[1]) for t in lists[0] if t[0] == "word" and t[1].isdigit()]
        return HashBound(numbers[0], numbers[1])
    if "IN" in words[:3]:
        return ListBound(tuple(_datum_from_token(t, key.type_oids[0], key.typmods[0])
                               for t in lists[0]))
    lower, upper = lists[0], lists[1]
    return RangeBound(
        tuple(_datum_from_token(t, o, m) for t, o, m in zip(lower, key.type_oids, key.typmods)),
        tuple(_datum_from_token(t, o, m) for t, o, m in zip(upper, key.type_oids, key.typmods)))


def partition_bound(relid: int, key: PartitionKey):
    row = cc.class_row(relid)
    if row is None or not row.relpartbound:
        return None
    return parse_bound_text(row.relpartbound, key)


# ---------------------------------------------------------------------------------------
# Comparing and routing (rules 2 and 3)


def range_datums(values: tuple, sort_keys: list) -> tuple:
    out = []
    for value, key in zip(values, sort_keys):
        if value is MINVALUE:
            out.append((0, None))
        elif value is MAXVALUE:
            out.append((2, None))
        else:
            out.append((1, key(value)))
    return tuple(out)


@dataclasses.dataclass
class PartitionDescriptor:
    """A partitioned table's partitions: oids and bounds in oid order, the default's."""
    key: PartitionKey
    oids: list
    bounds: list
    default: int = 0

    def __post_init__(self) -> None:
        self.sort_keys = self.key.sort_keys()
        self.ranges = {}        # oid -> (lower datums, upper datums)
        self.null_partition = 0
        list_entries = []
        for oid, bound in zip(self.oids, self.bounds):
            if isinstance(bound, RangeBound):
                self.ranges[oid] = (range_datums(bound.lower, self.sort_keys),
                                    range_datums(bound.upper, self.sort_keys))
            elif isinstance(bound, ListBound):
                for value in bound.values:
                    if value is None:
                        self.null_partition = oid
                    else:
                        list_entries.append((self.sort_keys[0](value), oid))
        self.list_values = _ListValueMap(list_entries)   # sort key -> oid

    def non_default(self) -> list:
        return [o for o in self.oids if o != self.default]

    def route(self, key_values: list) -> int:
        """The partition for a row's key values (0: none takes it)."""
        strategy = self.key.strategy
        if strategy == "l":
            value = key_values[0]
            if value is None:
                found = self.null_partition
            else:
                found = self.list_values.get(self.sort_keys[0](value), 0)
        elif strategy == "r":
            found = 0
            if all(v is not None for v in key_values):
                point = tuple((1, k(v)) for v, k in zip(key_values, self.sort_keys))
                for oid, (lower, upper) in self.ranges.items():
                    if lower <= point < upper:
                        found = oid
                        break
        else:
            from pgsnake.catalog import partition_hash
            found = 0
            hashed = partition_hash.row_hash(key_values, self.key.type_oids,
                                             self.key.hash_procs)
            for oid, bound in zip(self.oids, self.bounds):
                if isinstance(bound, HashBound) and hashed % bound.modulus == bound.remainder:
                    found = oid
                    break
        return found or self.default


class _ListValueMap:
    """sort key -> oid of a list partitioning's values: a dict, and the same entries in
    key order for sort keys that order but do not hash (a type compared by its B-tree
    operator, such as money: functools.cmp_to_key wrappers), found by bisection."""

    def __init__(self, entries: list) -> None:
        try:
            self._by_key = dict(entries)
        except TypeError:                       # unhashable sort keys
            self._by_key = None
        entries = sorted(entries, key=lambda entry: entry[0])
        self._keys = [k for k, _oid in entries]
        self._oids = [oid for _k, oid in entries]

    def get(self, key, default=None):
        if self._by_key is not None:
            try:
                return self._by_key.get(key, default)
            except TypeError:
                pass
        i = bisect.bisect_left(self._keys, key)
        if i < len(self._keys) and self._keys[i] == key:
            return self._oids[i]
        return default

    def __getitem__(self, key):
        return self.get(key)

    def __iter__(self):
        return iter(self._keys)

    def items(self):
        return zip(self._keys, self._oids)


def partition_descriptor(parent: int, key: PartitionKey | None = None) -> PartitionDescriptor:
    key = key or partition_key(parent)
    oids, bounds, default = [], [], 0
    for child in children(parent):
        bound = partition_bound(child, key)
        if bound is None:
            continue
        oids.append(child)
        bounds.append(bound)
        if bound == DEFAULT_BOUND:
            default = child
    return PartitionDescriptor(key, oids, bounds, default)


def find_overlap(descriptor: PartitionDescriptor, bound):
    """(existing partition the new bound overlaps, index of the datum to point at) or
    None. Range: the first overlapping partition in lower-bound order (the one holding
    the new lower bound, else the next one); list: the first value already taken."""
    if bound == DEFAULT_BOUND:
        return (descriptor.default, 0) if descriptor.default else None
    if isinstance(bound, ListBound):
        for index, value in enumerate(bound.values):
            if value is None:
                if descriptor.null_partition:
                    return descriptor.null_partition, index
            else:
                taken = descriptor.list_values.get(descriptor.sort_keys[0](value))
                if taken:
                    return taken, index
        return None
    if isinstance(bound, RangeBound):
        lower = range_datums(bound.lower, descriptor.sort_keys)
        upper = range_datums(bound.upper, descriptor.sort_keys)
        overlapping = sorted((lo, oid) for oid, (lo, hi) in descriptor.ranges.items()
                             if lower < hi and lo < upper)
        if not overlapping:
            return None
        lo, oid = overlapping[0]
        # The datum to point at: where the new bound first differs from the bound it
        # was compared with (the new lower one with the partition holding it, else the
        # new upper one with the next partition's lower one), counted over lower + upper.
        if lo <= lower:
            return oid, _first_difference(lower, lo)
        return oid, len(lower) + _first_difference(upper, lo)
    for oid, other in zip(descriptor.oids, descriptor.bounds):
        if isinstance(other, HashBound):
            small, large = sorted((other, bound), key=lambda b: b.modulus)
            if large.remainder % small.modulus == small.remainder:
                return oid, 0
    return None


def _first_difference(left: tuple, right: tuple) -> int:
    for index, (a, b) in enumerate(zip(left, right)):
        if a != b:
            return index
    return 0


# ---------------------------------------------------------------------------------------
# The partition constraint (pg_get_partition_constraintdef)


def _typed_literal(value, type_oid: int) -> str:
    from pgsnake.datatypes import registry
    text = literal_text(value, type_oid)
    if type_oid in (23, 1700, 16) and not text.startswith("'"):
        return text
    if type_oid == 1700 or type_oid == 23:
        return f"{text}::{registry.format_type(type_oid)}"
    return f"{text if text.startswith(chr(39)) else chr(39) + text + chr(39)}" \
           f"::{registry.format_type(type_oid)}"


def _range_conditions(bound: RangeBound, key: PartitionKey) -> list[str]:
    """Single-column ranges exactly as PostgreSQL prints them; on several columns the
    row comparison spelt out column by column (get_qual_for_range's simple case)."""
    names = [_key_text(key, i) for i in range(len(key.column_names))]
    parts = [f"({n} IS NOT NULL)" for n in names]
    if len(names) == 1:
        if bound.lower[0] not in (MINVALUE, MAXVALUE):
            parts.append(f"({names[0]} >= {_typed_literal(bound.lower[0], key.type_oids[0])})")
        if bound.upper[0] not in (MINVALUE, MAXVALUE):
            parts.append(f"({names[0]} < {_typed_literal(bound.upper[0], key.type_oids[0])})")
        return parts
    start = 0
    while start < len(names) and _finite(bound.lower[start]) \
            and bound.lower[start] == bound.upper[start]:
        parts.append(f"({names[start]} = "
                     f"{_typed_literal(bound.lower[start], key.type_oids[start])})")
        start += 1
    for values, strict, closing in ((bound.lower, ">", ">="), (bound.upper, "<", "<")):
        text = _row_bound(names, key.type_oids, values, start, strict, closing)
        if text:
            parts.append(text)
    return parts


def _finite(value) -> bool:
    return value is not MINVALUE and value is not MAXVALUE


def _row_bound(names, types, values, start: int, strict: str, closing: str) -> str | None:
    """One side of a multi-column range bound, column by column (get_qual_for_range):
    (k1 > v1) OR ((k1 = v1) AND (k2 >= v2)) for a lower bound; a column followed by an
    infinite datum compares inclusively and ends the list."""
    if start >= len(names) or not _finite(values[start]):
        return None
    last = start
    while last + 1 < len(names) and _finite(values[last + 1]):
        last += 1
    inclusive_end = last + 1 < len(names)       # an infinite datum follows
    op_last = (strict + "=") if inclusive_end else closing

    terms = []
    for j in range(start, last + 1):
        op = op_last if j == last else strict
        conditions = [f"({names[i]} = {_typed_literal(values[i], types[i])})"
                      for i in range(start, j)]
        conditions.append(f"({names[j]} {op} {_typed_literal(values[j], types[j])})")
        terms.append(conditions[0] if len(conditions) == 1
                     else "(" + " AND ".join(conditions) + ")")
    return terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")"


def _and_text(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"


def _bound_parts(bound, key: PartitionKey, parent: int) -> list[str]:
    """The partition constraint of one bound as AND-ed parts."""
    name = _key_text(key, 0)
    if isinstance(bound, HashBound):
        columns = ", ".join(_key_text(key, i) for i in range(len(key.column_names)))
        return [f"satisfies_hash_partition('{parent}'::oid, {bound.modulus}, "
                f"{bound.remainder}, {columns})"]
    if isinstance(bound, ListBound):
        values = [v for v in bound.values if v is not None]
        has_null = len(values) < len(bound.values)
        type_oid = key.type_oids[0]
        if len(values) == 1:
            test = f"({name} = {_typed_literal(values[0], type_oid)})"
        elif values:
            items = ", ".join(_typed_literal(v, type_oid) for v in values)
            test = f"({name} = ANY (ARRAY[{items}]))"
        else:
            test = None
        if has_null:
            return [f"(({name} IS NULL) OR {test})" if test else f"({name} IS NULL)"]
        return [f"({name} IS NOT NULL)", test]
    return _range_conditions(bound, key)


def _bound_condition(bound, key: PartitionKey, parent: int) -> str:
    return _and_text(_bound_parts(bound, key, parent))


def _own_parts(relid: int, parent: int) -> list[str]:
    key = partition_key(parent)
    bound = partition_bound(relid, key)
    if bound != DEFAULT_BOUND:
        return _bound_parts(bound, key, parent)
    descriptor = partition_descriptor(parent, key)
    others = [(o, b) for o, b in zip(descriptor.oids, descriptor.bounds) if o != relid]
    if not others:
        return []
    if key.strategy == "r":
        names = [_key_text(key, i) for i in range(len(key.column_names))]
        ranges = [_or_member(b, key) for _o, b in others]
        nulls = " AND ".join(f"({n} IS NOT NULL)" for n in names)
        if len(ranges) > 1:
            return [f"(NOT ({nulls} AND ({' OR '.join(ranges)})))"]
        return [f"(NOT ({nulls} AND {ranges[0]}))"]
    # A list default: NOT every other partition's values in one list (sorted).
    values = [v for _o, b in others for v in b.values]
    present = sorted((v for v in values if v is not None), key=descriptor.sort_keys[0])
    if None in values:
        present.append(None)
    return [f"(NOT {_bound_condition(ListBound(tuple(present)), key, parent)})"]


def _constraint_parts(relid: int) -> list[str]:
    """Every ancestor's partition constraint parts, the root's first."""
    row = cc.class_row(relid)
    if row is None or not row.relispartition:
        return []
    parent = parents(relid)[0]
    return _constraint_parts(parent) + _own_parts(relid, parent)


def constraint_text(relid: int) -> str | None:
    row = cc.class_row(relid)
    if row is None or not row.relispartition:
        return None
    parts = _constraint_parts(relid)
    if not parts:
        return None
    return _and_text(parts)


def _or_member(bound, key: PartitionKey) -> str:
    parts = _range_conditions(bound, key)[len(key.column_names):]
    return _and_text(parts) if parts else "true"
