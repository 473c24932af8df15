"""EXCLUDE constraints: no two rows whose key columns all satisfy the constraint's
operators (`during WITH &&`: no two overlapping ranges).

    ExclusionCheck(heap, index).check(entry, tid)    after the new row's index entry
                                                      went in (ExecInsertIndexTuples)
    check_existing(heap, index_oid)                   ALTER TABLE ADD EXCLUDE: every
                                                      row against the others
    ExclusionCheck.find_conflicting_row(entry, tid)   ON CONFLICT DO NOTHING's pre-check
                                                      (an arbiter's speculative insert
                                                      reports a conflict, never raises)

The check runs after the new entry is in the index, so of two transactions inserting
conflicting rows at once the later checker always sees the earlier one's entry: it
finds the candidate rows through the index (a scan with the operators' strategies and
the new row's values as scan keys), asks
the heap about each as SnapshotDirty sees it, and re-evaluates the operators on the
row's values (existing op new). A live conflicting row raises 23P01; one a running
transaction inserted (or is deleting) makes us wait for that transaction, then start
over (both transactions may wait for each other: the deadlock detector ends one, as in
PostgreSQL). Our own row (its TID, or a member of its HOT chain) never conflicts; a key
with a NULL never conflicts (the operators are strict).

PostgreSQL: executor/execIndexing.c (check_exclusion_constraint,
check_exclusion_or_unique_constraint, index_recheck_constraint), catalog/index.c
(IndexCheckExclusion), access/index/genam.c (BuildIndexValueDescription).
"""
from __future__ import annotations

from pgsnake.access import index_am
from pgsnake.access.heap import heapam
from pgsnake.catalog import catalog_cache as cc
from pgsnake.datatypes import operators, registry
from pgsnake.utils.errors import PgError
from pgsnake.utils.interrupts import check_for_interrupts

EXCLUSION_VIOLATION = "23P01"
_BTREE_STRATEGIES = {1: "<", 2: "<=", 3: "=", 4: ">=", 5: ">"}


def _constraint_row(index_oid: int):
    return next((r for r in cc.scan_catalog("pg_constraint")
                 if r.conindid == index_oid and r.contype == "x"), None)


class ExclusionCheck:
    """One EXCLUDE constraint's index, opened for a statement."""

    def __init__(self, heap, index, form=None) -> None:
        self.heap = heap
        self.index = index
        self.form = form
        row = cc.index_row(index.oid)
        self.nkeys = row.indnkeyatts
        self.positions = [a - 1 for a in row.indkey[:self.nkeys]]
        constraint = _constraint_row(index.oid)
        self.name = constraint.conname if constraint is not None else index.name
        operator_rows = {r.oid: r for r in cc.scan_catalog("pg_operator")}
        heap_types = {a.attnum - 1: a.type_oid for a in heap.attributes}
        self.types = []
        self.functions = []
        self.strategies = []
        families = [cc.operator_class_family(c) for c in row.indclass[:self.nkeys]]
        operator_oids = constraint.conexclop if constraint is not None else ()
        if len(operator_oids or ()) != self.nkeys:     # no constraint (yet): nothing to do
            self.nkeys = 0
            operator_oids = ()
        for position, opoid, family in zip(self.positions, operator_oids, families):
            operator_row = operator_rows[opoid]
            type_oid = heap_types.get(position, operator_row.oprleft)
            self.types.append(type_oid)
            self.functions.append(operators.resolve_operator(
                operator_row.oprname, type_oid, type_oid).fn)
            self.strategies.append(next(
                (r.amopstrategy for r in cc.scan_catalog("pg_amop")
                 if r.amopfamily == family and r.amopopr == opoid), 0))

    def _entry(self, values):
        if self.form is not None:
            return self.form.entry(values)
        return [values[p] for p in self.positions]

    def _candidates(self, entry) -> list:
        if index_am.is_gist(self.index):
            from pgsnake.access.gist import access_method as gist
            keys = [(i, s, v) for i, (s, v) in enumerate(zip(self.strategies, entry))]
            tids, _recheck = gist.bitmap_scan(self.index, keys)
            return sorted(tids)
        if not index_am.is_gin(self.index):            # a B-tree: its own scan keys
            from pgsnake.access.nbtree import access_method as btree
            from pgsnake.access.nbtree.scan_keys import ScanKey
            keys = [ScanKey(i + 1, _BTREE_STRATEGIES[s], v)
                    for i, (s, v) in enumerate(zip(self.strategies, entry))]
            scan = btree.begin_scan(self.index, keys)
            tids = []
            try:
                while (batch := scan.next_batch()) is not None:
                    tids.extend(item.heap_tid for item in batch)
            finally:
                scan.end()
            return tids
        return [tid for tid, _values, _ins, _del in heapam.heap_scan_dirty(self.heap)]

    def _conflicts(self, existing, entry) -> bool:
        for fn, old, new in zip(self.functions, existing, entry):
            if old is None or fn(old, new) is not True:
                return False
        return True

    def describe(self, entry) -> str:
        texts = self.index.index.column_texts[:self.nkeys]
        shown = ["null" if v is None else registry.get_type(t).output(v)
                 for t, v in zip(self.types, entry)]
        return f"({', '.join(texts)})=({', '.join(shown)})"

    def find_conflict(self, entry, tid, wait: bool = True):
        """The entry of a live row conflicting with `entry` (waiting for running
        transactions first), or None. wait=False (a deferrable constraint's insertion,
        CEOUC_NOWAIT): a running transaction's conflicting row counts as a conflict."""
        found = self.find_conflicting_row(entry, tid, wait)
        return None if found is None else found[1]

    def find_conflicting_row(self, entry, tid, wait: bool = True):
        """(TID of the live version, its entry) of a row conflicting with `entry`, or
        None (ON CONFLICT DO NOTHING's pre-check uses the TID)."""
        if not self.nkeys or any(v is None for v in entry[:self.nkeys]):
            return None
        tid = tuple(tid)
        while True:
            check_for_interrupts()
            waited = False
            for candidate in self._candidates(entry[:self.nkeys]):
                if tuple(candidate) == tid:
                    continue
                state, xid, member = heapam.heap_unique_check_member(self.heap, candidate)
                if state == "dead" or tuple(member) == tid:
                    continue
                values = heapam.heap_fetch_version(self.heap, member)
                existing = None if values is None else self._entry(values)
                if existing is None or not self._conflicts(existing[:self.nkeys],
                                                           entry[:self.nkeys]):
                    continue
                if state == "in_progress" and wait:
                    from pgsnake.access.transam import transaction_ids
                    transaction_ids.wait_for_xid(
                        xid, f"while checking exclusion constraint on tuple "
                             f"({member[0]},{member[1]}) in relation \"{self.heap.name}\"")
                    waited = True
                    break
                return tuple(member), existing
            if not waited:
                return None

    def _error(self, message: str, detail: str) -> PgError:
        return PgError(EXCLUSION_VIOLATION, message, detail=detail,
                       schema=self.heap.namespace_name, table=self.heap.name,
                       constraint=self.name)

    def check(self, entry, tid) -> None:
        existing = self.find_conflict(entry, tid)
        if existing is not None:
            raise self._error(
                f'conflicting key value violates exclusion constraint "{self.name}"',
                f"Key {self.describe(entry)} conflicts with existing key "
                f"{self.describe(existing)}.")


def check_existing(heap, index_oid: int) -> None:
    """IndexCheckExclusion: after ADD CONSTRAINT ... EXCLUDE built its index, every
    live row checked against the others."""
    from pgsnake.executor.index_entries import IndexEntryForm
    index = cc.get_relation(index_oid)
    row = cc.index_row(index_oid)
    form = IndexEntryForm(index) if row.indexprs is not None or row.indpred is not None \
        else None
    check = ExclusionCheck(heap, index, form)
    for tid, values, _inserting, _deleting in list(heapam.heap_scan_dirty(heap)):
        entry = check._entry(values)
        if entry is None:
            continue
        existing = check.find_conflict(entry, tid)
        if existing is not None:
            raise check._error(
                f'could not create exclusion constraint "{check.name}"',
                f"Key {check.describe(entry)} conflicts with key "
                f"{check.describe(existing)}.")
