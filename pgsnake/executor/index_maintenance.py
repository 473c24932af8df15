"""Keeping a table's indexes up to date as rows are inserted and updated.

Every new row version (an INSERT, or the new version a non-HOT UPDATE writes) gets one
entry in each of the table's indexes, in index-OID order. An UPDATE that changes none
of `indexed_positions` and stays on its page is HOT (access/heap/hot.py): its new
version gets no entries, the old ones lead to it through the page's HOT chain. An EXCLUDE constraint's index checks after its entry
went in (exclusion_check.py). A unique index checks, before its entry goes in,
that no other row with an equal key is live (a committed one: 23505; one a running
transaction inserted: wait for it, then decide), asking the heap about each equal
entry's tuple as SnapshotDirty sees it (heapam.heap_unique_check_state).

Old entries are never removed here: an entry whose heap tuple is dead answers 'dead' to
the uniqueness check and is skipped by index scans, until VACUUM removes it.

An expression index's entry holds its expressions' values, and a partial index gets an
entry only for rows its predicate accepts (index_entries.py).

A DEFERRABLE constraint's index (indimmediate false) never raises here: a possible
conflict queues a recheck of the row instead (unique_recheck.py).

Entry point: TableIndexes(relation): .insert(values, tid[, speculative arbiters]),
.entry(index_oid, values).

PostgreSQL: executor/execIndexing.c (ExecOpenIndices, ExecInsertIndexTuples),
access/index/indexam.c (index_insert), catalog/index.c (FormIndexDatum).
"""
from __future__ import annotations

from pgsnake.access import index_am
from pgsnake.access.heap import heapam
from pgsnake.catalog import brin_index_catalog  # noqa: F401 (registers with access/brin)
from pgsnake.catalog import catalog_cache
from pgsnake.executor.index_entries import IndexEntryForm


class TableIndexes:
    """The indexes of one table, opened once per statement (ExecOpenIndices): each as
    (index relation, heap column positions of its columns)."""

    __slots__ = ("relation", "indexes", "indexed_positions", "forms", "exclusions",
                 "deferred", "recheck_triggers", "key_positions")

    def __init__(self, relation) -> None:
        self.relation = relation
        self.indexes = []
        # Expression and partial indexes: how each forms its entry (index_entries.py).
        self.forms = {}
        for index_oid in catalog_cache.index_oids_of(relation.oid):
            index = catalog_cache.get_relation(index_oid)
            positions = tuple(attnum - 1 for attnum in index.index.heap_attnums)
            self.indexes.append((index, positions))
            row = catalog_cache.index_row(index_oid)
            if row is not None and (row.indexprs is not None or row.indpred is not None):
                self.forms[index_oid] = IndexEntryForm(index)
        # EXCLUDE constraints' indexes: checked after their entry goes in.
        self.exclusions = {}
        for index, _positions in self.indexes:
            row = catalog_cache.index_row(index.oid)
            if row is not None and row.indisexclusion:
                from pgsnake.executor.exclusion_check import ExclusionCheck
                self.exclusions[index.oid] = ExclusionCheck(relation, index,
                                                            self.forms.get(index.oid))
        # DEFERRABLE constraints' indexes (not immediate): a possible conflict queues
        # a recheck through the constraint's enabled trigger (unique_recheck.py).
        self.deferred = frozenset(index.oid for index, _p in self.indexes
                                  if not getattr(catalog_cache.index_row(index.oid),
                                                 "indimmediate", True))
        self.recheck_triggers = {}
        if self.deferred:
            from pgsnake.catalog import trigger_catalog
            from pgsnake.executor.triggers import trigger_enabled
            for trigger in trigger_catalog.triggers_of(relation.oid):
                if trigger_catalog.is_unique_recheck(trigger) and trigger_enabled(trigger):
                    self.recheck_triggers[trigger.tgconstrindid] = trigger
        # The columns whose change makes an UPDATE a key update (heapam.heap_update):
        # those of unique indexes without expressions or predicates
        # (RelationGetIndexAttrBitmap's INDEX_ATTR_BITMAP_KEY).
        self.key_positions = tuple(sorted({
            p for index, positions in self.indexes if index.oid not in self.forms
            and getattr(catalog_cache.index_row(index.oid), "indisunique", False)
            for p in positions}))
        # The columns an UPDATE must leave alone to be HOT (heapam.heap_update): an
        # expression's or a predicate's columns too.
        self.indexed_positions = frozenset(p for _index, positions in self.indexes
                                           for p in positions if p >= 0).union(
            *(form.positions_used for form in self.forms.values()))

    def __bool__(self) -> bool:
        return bool(self.indexes)

    def insert(self, values: list, tid: tuple[int, int],
               speculative_for: frozenset = frozenset()) -> bool:
        """One entry per index for the new row version at `tid`. The unique indexes in
        `speculative_for` (ON CONFLICT's arbiters) only report a possible duplicate
        (UniqueCheck.PARTIAL: no error, no wait); returns False if one did."""
        from pgsnake.access.nbtree.unique_check import UniqueCheck
        heap = self.relation

        def check(existing_tid):
            return heapam.heap_unique_check_state(heap, existing_tid)
        clean = True
        for index, positions in self.indexes:
            description = index.index
            unique = description.unique
            deferred = index.oid in self.deferred
            if unique and (deferred or index.oid in speculative_for):
                unique = UniqueCheck.PARTIAL
            form = self.forms.get(index.oid)
            entry = [values[p] for p in positions] if form is None else form.entry(values)
            if entry is None:                 # a partial index leaves this row out
                continue
            inserted = index_am.insert(index, entry, tid,
                                    unique=unique,
                                    check_callback=check if description.unique else None,
                                    heap_rel=heap)
            exclusion = self.exclusions.get(index.oid)
            if deferred:
                if inserted is False or (exclusion is not None and exclusion.find_conflict(
                        entry, tid, wait=False) is not None):
                    self._queue_recheck(index, entry, tid, exclusion)
                continue
            clean = clean and inserted is not False
            if exclusion is not None:
                if index.oid in speculative_for:     # an arbiter: report, never raise
                    clean = clean and exclusion.find_conflict(entry, tid) is None
                else:
                    exclusion.check(entry, tid)
        return clean

    def _queue_recheck(self, index, entry, tid, exclusion) -> None:
        trigger = self.recheck_triggers.get(index.oid)
        if trigger is not None:              # (a disabled trigger checks nothing)
            from pgsnake.executor import unique_recheck
            unique_recheck.queue_recheck(trigger, self.relation, index, entry, tid,
                                         exclusion)

    def entry(self, index_oid: int, values: list) -> list | None:
        """The entry one of the table's indexes gives a row (None: a partial index
        leaves it out)."""
        form = self.forms.get(index_oid)
        if form is not None:
            return form.entry(values)
        return [values[p] for p in self.arbiter(index_oid)[1]]

    def arbiter(self, index_oid: int):
        """(index relation, heap column positions) of one of the table's indexes."""
        return next(entry for entry in self.indexes if entry[0].oid == index_oid)

