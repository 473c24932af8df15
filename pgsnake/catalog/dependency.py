"""pg_depend: which object needs which, recorded as the objects are created.

A row says that the dependent object (classid, objid, objsubid) needs the referenced
one (refclassid, refobjid, refobjsubid), and how (deptype):
  'n' normal    the dependent must go first: DROP of the referenced object fails
                without CASCADE (a default calling a function, a FK's referenced key);
  'a' auto      the dependent goes silently with the referenced object (a CHECK
                constraint with its column, an index with its column);
  'i' internal  the dependent is part of the referenced object's implementation and
                is never dropped on its own (a table's row type, a constraint's index).
objsubid / refobjsubid name a column when non-zero. Objects made by initdb's bootstrap
(OIDs below FIRST_UNPINNED_OBJECT_ID) are pinned: nothing records a dependency on them,
as in PostgreSQL, except the public schema, which may be dropped and so is not.

While an extension's install script runs (`current_extension`, set by
contrib/extension_members.py), every object it creates becomes a member of the
extension ('e', PostgreSQL's recordDependencyOnCurrentExtension): an object that records
its schema dependency (tables, views, sequences, functions, aggregates, operators, types,
statistics) is recorded then, and casts, which live in no schema, by cast_creation.py
calling `record_on_current_extension`. Indexes, row types and other parts record no
schema dependency and so are not members, as in PostgreSQL.

pg_dump sorts its output by these rows (a serial column's default, which needs the
sequence that needs the table, is dumped as a separate ALTER TABLE ... SET DEFAULT),
and pg_describe_object / psql read them.

Entry points: ObjectAddress, record(dependent, referenced, deptype), record_all,
current_extension(oid) (a context), creating_extension(),
record_on_current_extension(address),
record_expression(dependent, stored_text, relation_oid) (what a stored default names),
index_expression_references, delete_dependencies(classid, objid) (when the dependent is
dropped).

PostgreSQL: catalog/pg_depend.c (recordMultipleDependencies), catalog/dependency.c
(recordDependencyOnSingleRelExpr, find_expr_references_walker).
"""
from __future__ import annotations

import contextlib
import dataclasses

from pgsnake.catalog import catalog_writes
from pgsnake.catalog import definitions as d

NORMAL, AUTO, INTERNAL, EXTENSION = "n", "a", "i", "e"
PG_PROC_OID, PG_OPERATOR_OID, PG_ATTRDEF_OID, PG_EXTENSION_OID = 1255, 2617, 2604, 3079
FIRST_UNPINNED_OBJECT_ID = 12000


@dataclasses.dataclass(frozen=True, slots=True, order=True)
class ObjectAddress:
    classid: int          # the catalog the object lives in (pg_class, pg_proc, ...)
    objid: int
    subid: int = 0        # a column number, for a column of a relation


def column(relation_oid: int, attnum: int) -> ObjectAddress:
    return ObjectAddress(d.PG_CLASS_OID, relation_oid, attnum)


def relation(relation_oid: int) -> ObjectAddress:
    return ObjectAddress(d.PG_CLASS_OID, relation_oid)


def is_pinned(address: ObjectAddress) -> bool:
    if address.classid == d.PG_NAMESPACE_OID and address.objid == d.PUBLIC_NAMESPACE:
        return False
    if address.classid == 2613:          # large objects are never pinned (IsPinnedObject)
        return False
    return address.objid < FIRST_UNPINNED_OBJECT_ID


# The extension whose install script is running (PostgreSQL's CurrentExtensionObject),
# or None.
_current_extension: list[int] = []


@contextlib.contextmanager
def current_extension(extension_oid: int):
    """Objects created inside the block become members of the extension."""
    _current_extension.append(extension_oid)
    try:
        yield
    finally:
        _current_extension.pop()


def creating_extension() -> int | None:
    """The OID of the extension whose install script is running, or None."""
    return _current_extension[-1] if _current_extension else None


def record_on_current_extension(address: ObjectAddress) -> None:
    """recordDependencyOnCurrentExtension: an 'e' row on the extension being created,
    if one is."""
    if _current_extension and address.classid != PG_EXTENSION_OID:
        record(address, ObjectAddress(PG_EXTENSION_OID, _current_extension[-1]), EXTENSION)


def record(dependent: ObjectAddress, referenced: ObjectAddress, deptype: str) -> None:
    """One pg_depend row, unless the referenced object is pinned. A new object's
    dependency on its schema also makes it a member of the extension being created."""
    if not is_pinned(referenced):
        catalog_writes.insert_row("pg_depend", d.row_values(
            "pg_depend", classid=dependent.classid, objid=dependent.objid,
            objsubid=dependent.subid, refclassid=referenced.classid, refobjid=referenced.objid,
            refobjsubid=referenced.subid, deptype=deptype))
    if _current_extension and deptype == NORMAL and referenced.classid == d.PG_NAMESPACE_OID \
            and dependent.subid == 0:
        record_on_current_extension(dependent)


def record_all(dependent: ObjectAddress, referenced, deptype: str) -> None:
    """One row per distinct referenced object, in a stable order."""
    for address in sorted(set(referenced)):
        record(dependent, address, deptype)


# What a stored expression names is found by analysing its text again, which is the
# parser's work, a layer above this one: the rewriter installs the readers when it is
# imported (rewrite/expression_dependencies.py). Without them (catalog-only unit tests)
# expressions record nothing.
_readers = None


def register_expression_readers(readers) -> None:
    """`readers` has stored_references(text, relation_oid) and index_references(
    expressions_text, predicate_text, heap_oid), each -> set[ObjectAddress]."""
    global _readers
    _readers = readers


def record_expression(dependent: ObjectAddress, stored_text: str, relation_oid: int) -> None:
    """Normal dependencies of `dependent` on what its stored expression names (the
    stored text is analysed again, over `relation_oid`'s columns)."""
    if _readers is not None:
        record_all(dependent, _readers.stored_references(stored_text, relation_oid), NORMAL)


def index_expression_references(expressions: str | None, predicate: str | None,
                                heap_oid: int) -> set[ObjectAddress]:
    """What an index's stored expressions and predicate name."""
    if _readers is None or (expressions is None and predicate is None):
        return set()
    return _readers.index_references(expressions, predicate, heap_oid)


def delete_dependencies(classid: int, objid: int) -> None:
    """Forget what an object (and each of its columns) depends on: it is being dropped."""
    catalog_writes.delete_rows("pg_depend", lambda r: r.classid == classid
                               and r.objid == objid,
                               key=(("classid", classid), ("objid", objid)))
