"""Tuple routing: which table of a partition tree or inheritance tree a row is stored in,
and the per-table state (indexes, CHECK constraints, row triggers) of that table.

INSERT (and COPY FROM, which feeds ModifyTable) into a partitioned table finds the leaf
partition for each new row from the partition key, level by level; no partition found
is 23514 'no partition of relation "t" found for row' naming the table at that level,
with the key's values in the DETAIL. UPDATE / DELETE through a parent act on the table
each row came from (its tableoid); an UPDATE whose new row belongs to another partition
deletes it from its partition and inserts it through the root again (PostgreSQL's
cross-partition UPDATE, without its trigger subtleties).

Entry points:
    router_for(relation, estate, check_options) -> Router | None (None: a plain table)
    partition_check(relation, estate) -> fn(values) | None   rows written straight into
        a partition must belong there (INSERT, UPDATE)
    child_key_values_function(key, parent, child) -> fn(child row) -> key values
        (ATTACH PARTITION's and the default partition's row checks)
    Router.leaf_for(values) -> Target        INSERT routing
    Router.target_for(tableoid) -> Target    UPDATE / DELETE on a row of a child
    Target: relation, indexes, checks, triggers (row level), to_child(values),
            to_parent(values)
A child whose columns are not the parent's in the same order (an inheritance child with
columns of its own) is reached through a column map: to_child(parent values,
current child values) and to_parent(child values).

PostgreSQL: executor/execPartition.c (ExecFindPartition, ExecInitPartitionInfo),
executor/nodeModifyTable.c (ExecCrossPartitionUpdate), partitioning/partbounds.c
(get_partition_for_tuple).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache
from pgsnake.catalog import partition_bounds as pb
from pgsnake.executor.constraint_checks import TableChecks
from pgsnake.executor.index_maintenance import TableIndexes
from pgsnake.executor.triggers import TableTriggers
from pgsnake.utils.errors import PgError

CHECK_VIOLATION = "23514"


class Target:
    """One table of the tree, opened for the statement."""

    __slots__ = ("relation", "indexes", "checks", "triggers", "column_map", "generated",
                 "partition_check")

    def __init__(self, relation, root, estate, operation: str, check_options,
                 updated_columns=None) -> None:
        self.relation = relation
        self.indexes = TableIndexes(relation)
        self.checks = TableChecks(relation, estate, check_options)
        self.triggers = TableTriggers(relation, operation, estate, updated_columns)
        self.column_map = column_map(root, relation)
        self.generated = False       # modify_table.leaf_generated's cache
        # a leaf's BEFORE ROW INSERT triggers may change the row: it is checked against
        # the partition's constraint again (ExecInsert's ExecPartitionCheck)
        self.partition_check = partition_check(relation, estate) \
            if operation == "INSERT" and self.triggers.before_row_triggers else None

    def to_child(self, values: list, current: list | None = None) -> list:
        """The parent's column values as this table's row (its own extra columns from
        `current`, or NULL)."""
        if self.column_map is None:
            return values
        out = list(current) if current is not None else [None] * len(self.relation.attributes)
        for parent_index, child_index in enumerate(self.column_map):
            if child_index is not None:
                out[child_index] = values[parent_index]
        return out

    def to_parent(self, values: list) -> list:
        if self.column_map is None:
            return values
        return [None if i is None else values[i] for i in self.column_map]


def column_map(parent, child) -> tuple | None:
    """For each parent column, the child's position of the column of that name (None for
    a dropped one); None when the layouts are the same."""
    if parent.oid == child.oid:
        return None
    positions = {a.name: i for i, a in enumerate(child.attributes) if not a.is_dropped}
    mapping = tuple(None if a.is_dropped else positions.get(a.name)
                    for a in parent.attributes)
    if len(parent.attributes) == len(child.attributes) \
            and mapping == tuple(None if a.is_dropped else i
                                 for i, a in enumerate(parent.attributes)):
        return None
    return mapping


class Router:
    def __init__(self, root, estate, operation: str, check_options,
                 updated_columns=None) -> None:
        self.root = root
        self.estate = estate
        self.operation = operation
        self.check_options = check_options
        self.updated_columns = updated_columns
        self._targets: dict = {}
        self._descriptors: dict = {}
        self._insert_targets: dict = {}
        self._key_functions: dict = {}
        self._delete_triggers: dict = {}

    def delete_triggers(self, relation) -> TableTriggers:
        """A partition's DELETE triggers, which fire when an UPDATE moves a row out of
        it (ExecCrossPartitionUpdate's ExecDelete)."""
        found = self._delete_triggers.get(relation.oid)
        if found is None:
            found = self._delete_triggers[relation.oid] = TableTriggers(
                relation, "DELETE", self.estate)
        return found

    def _descriptor(self, oid: int):
        found = self._descriptors.get(oid)
        if found is None:
            found = self._descriptors[oid] = pb.partition_descriptor(oid)
        return found

    def target_for(self, oid: int) -> Target:
        found = self._targets.get(oid)
        if found is None:
            relation = self.root if oid == self.root.oid else catalog_cache.get_relation(oid)
            found = self._targets[oid] = Target(relation, self.root, self.estate,
                                                self.operation, self.check_options,
                                                self.updated_columns)
        return found

    def insert_target(self, oid: int) -> Target:
        """A leaf opened for inserting (an UPDATE moving a row inserts through it)."""
        if self.operation == "INSERT":
            return self.target_for(oid)
        found = self._insert_targets.get(oid)
        if found is None:
            found = self._insert_targets[oid] = Target(
                catalog_cache.get_relation(oid), self.root, self.estate, "INSERT",
                self.check_options)
        return found

    def leaf_oid(self, values: list) -> int:
        """The leaf partition for a row in the root's layout (23514 if none)."""
        current = self.root
        while current.relkind == "p":
            descriptor = self._descriptor(current.oid)
            row = values
            if column_map(self.root, current) is not None:
                names = {a.name: i for i, a in enumerate(self.root.attributes)}
                row = [values[names[a.name]] if a.name in names else None
                       for a in current.attributes]
            key_values = self._key_values(current, descriptor.key)(row)
            oid = descriptor.route(key_values)
            if not oid:
                raise _no_partition(current, descriptor.key, key_values)
            current = catalog_cache.get_relation(oid)
        return current.oid

    def _key_values(self, relation, key):
        found = self._key_functions.get(relation.oid)
        if found is None:
            found = self._key_functions[relation.oid] = key_values_function(key, relation,
                                                                            self.estate)
        return found

    def leaf_for(self, values: list) -> Target:
        return self.insert_target(self.leaf_oid(values))


def key_values_function(key, relation, estate=None):
    """fn(row of `relation`) -> the partition key's values: columns read, expressions
    (partition keys like (a + 1) or lower(b)) computed."""
    if all(key.attnums):
        positions = [n - 1 for n in key.attnums]
        return lambda values: [values[p] for p in positions]
    from pgsnake.executor.expression_eval import compile_expression
    from pgsnake.rewrite.stored_expressions import analysed
    layout = {("var", 1, a.attnum): a.attnum - 1 for a in relation.attributes}
    parts = []
    for attnum, text in zip(key.attnums, key.expressions):
        if attnum:
            parts.append((attnum - 1, None))
        else:
            parts.append((None, compile_expression(analysed(text, key.relid), layout)))

    def compute(values):
        return [values[p] if fn is None else fn(values, estate) for p, fn in parts]
    return compute


def child_key_values_function(key, parent, child):
    """fn(row of `child`) -> the partition key of `parent` (key.relid) computed on it: the
    child's columns are matched to the parent's by name, as a table being attached (or
    the default partition) may order or number its columns differently."""
    if child.oid == parent.oid:
        return key_values_function(key, parent)
    names = {a.name: i for i, a in enumerate(child.attributes) if not a.is_dropped}
    positions = [None if a.is_dropped else names.get(a.name) for a in parent.attributes]
    parent_key = key_values_function(key, parent)
    return lambda values: parent_key([None if p is None else values[p] for p in positions])


def _no_partition(relation, key, key_values) -> PgError:
    from pgsnake.datatypes import registry
    columns = ", ".join(name if not attnum else catalog_cache.quote_identifier(name)
                        for attnum, name in zip(key.attnums, key.column_names))
    shown = ", ".join("null" if v is None else registry.get_type(t).output(v)
                      for v, t in zip(key_values, key.type_oids))
    return PgError(CHECK_VIOLATION, f'no partition of relation "{relation.name}" found for row',
                   detail=f"Partition key of the failing row contains ({columns}) = ({shown}).",
                   schema=relation.namespace_name, table=relation.name)


def partition_check(relation, estate):
    """ExecPartitionCheck for rows written straight into a partition (not routed
    through its root): fn(values) raising 23514 'new row for relation "p" violates
    partition constraint' when the row does not belong there, at any level up to the
    root; None when `relation` is no partition."""
    belongs = partition_membership(relation, estate)
    if belongs is None:
        return None

    def check(values: list) -> None:
        if not belongs(values):
            from pgsnake.executor.constraint_checks import failing_row
            raise PgError(CHECK_VIOLATION, f'new row for relation "{relation.name}" '
                          "violates partition constraint",
                          detail=failing_row(relation, values),
                          schema=relation.namespace_name, table=relation.name)
    return check


def partition_membership(relation, estate):
    """fn(values) -> whether a row of the partition `relation` (in its layout) meets its
    partition constraint, at every level up to the root (ExecPartitionCheck without
    emitError); None when `relation` is no partition."""
    row = catalog_cache.class_row(relation.oid)
    if row is None or not row.relispartition:
        return None
    names = {a.name: i for i, a in enumerate(relation.attributes) if not a.is_dropped}
    levels = []
    child = relation
    while True:
        parents = pb.parents(child.oid)
        if not parents:
            break
        parent = catalog_cache.get_relation(parents[0])
        if parent is None or parent.relkind != "p":
            break
        descriptor = pb.partition_descriptor(parent.oid)
        positions = [None if a.is_dropped else names.get(a.name) for a in parent.attributes]
        levels.append((descriptor, key_values_function(descriptor.key, parent, estate),
                       child.oid, positions))
        child = parent
    if not levels:
        return None

    def belongs(values: list) -> bool:
        for descriptor, key_values, child_oid, positions in levels:
            parent_row = [None if p is None else values[p] for p in positions]
            if descriptor.route(key_values(parent_row)) != child_oid:
                return False
        return True
    return belongs


def router_for(relation, estate, operation: str = "INSERT", check_options=(),
               updated_columns=None) -> Router | None:
    """A router when `relation` is partitioned (INSERT) or has children (UPDATE /
    DELETE reach them through the parent)."""
    if relation.relkind == "p":
        return Router(relation, estate, operation, check_options, updated_columns)
    if operation != "INSERT" and relation.relkind == "r":
        row = catalog_cache.class_row(relation.oid)
        if row is not None and row.relhassubclass:
            return Router(relation, estate, operation, check_options, updated_columns)
    return None
