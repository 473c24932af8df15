"""CHECK constraints in CREATE TABLE and ALTER TABLE.

The expression is analysed against the table (parser/constraint_expressions.py) and
stored in pg_constraint.conbin as the SQL text PostgreSQL's deparser would print for it
(rewrite/stored_expressions.stored_text: `(a > 0)`, `(b <> ''::text)`), with conkey
listing the columns it uses; a RENAME COLUMN stores the texts again under the new names
(restore_after_rename); pg_class.relchecks counts the table's CHECK constraints. An unnamed
constraint is called <table>_<column>_check when it uses exactly one column, else
<table>_check, numbered on a clash with another constraint of the schema. ALTER TABLE
ADD CONSTRAINT checks the existing rows unless NOT VALID.

Entry points: add_check(relation, constraint node, column name, source, validate),
drop_check(constraint row) (a DROP COLUMN finds the checks that use the column
through pg_depend: commands/dependent_objects.py),
analysed_checks(relation) and restore_after_rename(relation_oid, analysed).

PostgreSQL: catalog/heap.c (AddRelationNewConstraints, StoreRelCheck),
catalog/pg_constraint.c (ChooseConstraintName), commands/tablecmds.c
(ATAddCheckConstraint, validateCheckConstraint).
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, comments, dependency, invalidation, object_names
from pgsnake.catalog import definitions as d
from pgsnake.rewrite.expression_dependencies import expression_references
from pgsnake.executor import spi
from pgsnake.parser.expression_nodes import Var, walk
from pgsnake.rewrite.stored_expressions import analysed, stored_text
from pgsnake.utils.errors import CHECK_VIOLATION, DUPLICATE_OBJECT, PgError


def _set_relchecks(table_oid: int) -> None:
    count = sum(1 for r in cc.scan_catalog("pg_constraint", key=("conrelid", table_oid))
                if r.contype == "c")
    catalog_writes.update_rows("pg_class", lambda r: r.oid == table_oid, relchecks=count)


def _done() -> None:
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def analysed_checks(relation_oid: int) -> list:
    """[(constraint oid, analysed expression)] of the table's CHECK constraints: taken
    before a column is renamed, as the stored texts name the columns."""
    return [(r.oid, analysed(r.conbin, relation_oid)) for r in cc.scan_catalog("pg_constraint")
            if r.conrelid == relation_oid and r.contype == "c"]


def restore_after_rename(relation_oid: int, checks: list) -> None:
    """Store analysed_checks' expressions again, now printing the columns' new names
    (they are printed by attnum)."""
    for oid, expr in checks:
        catalog_writes.update_rows("pg_constraint", lambda r, oid=oid: r.oid == oid,
                                   conbin=stored_text(expr, relation_oid))
    if checks:
        _done()


def add_check(relation, constraint: dict, column: str | None, source=None,
              validate: bool = False) -> str | None:
    """Record a CHECK constraint (and with `validate`, prove the table's rows pass).
    NOT VALID counts only with `validate` (ALTER TABLE): a new table's constraints are
    valid, as transformCheckConstraints marks them. Its name; None when it merged into
    an existing constraint of that name (check_inheritance.merge_with_existing)."""
    from pgsnake.access.transam import transaction_ids
    from pgsnake.parser.constraint_expressions import analyze_check
    if relation.relkind == "p" and constraint.get("is_no_inherit"):
        raise PgError("42P16", f'cannot add NO INHERIT constraint to partitioned table '
                      f'"{relation.name}"')     # every partition must have it
    expr = analyze_check(relation, constraint["raw_expr"], source)
    attnums = sorted({n.attnum for n in walk(expr) if isinstance(n, Var) and n.attnum > 0})
    name = constraint.get("conname")
    if name is None:
        only = None
        if len(attnums) == 1:
            only = next(a.name for a in relation.attributes if a.attnum == attnums[0])
        name = object_names.choose_constraint_name(relation.name, only or "", "check",
                                                   relation.namespace_oid)
    conbin = stored_text(expr, relation.oid)
    skip = constraint.get("skip_validation", False)
    if constraint.get("conname") is not None:
        # CREATE TABLE's own CHECK over an inherited one merges; ALTER TABLE's only
        # into a purely inherited one (MergeWithExistingConstraint)
        from pgsnake.commands import check_inheritance
        if check_inheritance.merge_with_existing(
                relation, name, conbin, is_local=True, allow_merge=not validate,
                no_inherit=bool(constraint.get("is_no_inherit")),
                initially_valid=not (skip and validate)):
            return None
    if validate and not skip:
        # each table of a tree proves its own rows (children get their own copy)
        if spi.execute(f"SELECT 1 FROM ONLY {spi.qualified_name(relation)} "
                       f"WHERE NOT {conbin} LIMIT 1").rows:
            raise PgError(CHECK_VIOLATION, f'check constraint "{name}" of relation '
                          f'"{relation.name}" is violated by some row',
                          schema=relation.namespace_name, table=relation.name,
                          constraint=name)
    oid = transaction_ids.get_new_oid()
    catalog_writes.insert_row("pg_constraint", d.row_values(
        "pg_constraint", oid=oid, conname=name,
        connamespace=relation.namespace_oid, contype="c", condeferrable=False,
        condeferred=False, convalidated=not (skip and validate), conrelid=relation.oid,
        contypid=0,
        conindid=0, conparentid=0, confrelid=0, confupdtype=" ", confdeltype=" ",
        confmatchtype=" ", conislocal=True, coninhcount=0,
        connoinherit=bool(constraint.get("is_no_inherit")), conkey=attnums or None,
        confkey=None, conpfeqop=None, conppeqop=None, conffeqop=None, confdelsetcols=None,
        conexclop=None, conbin=conbin))
    # As CreateConstraintEntry and StoreRelCheck record them: the constraint goes with
    # its columns, and what its expression names (those columns too) must outlive it.
    address = dependency.ObjectAddress(d.PG_CONSTRAINT_OID, oid)
    dependency.record_all(address, [dependency.column(relation.oid, a) for a in attnums],
                          dependency.AUTO)
    dependency.record_all(address, expression_references(expr, relation.oid),
                          dependency.NORMAL)
    _done()
    _set_relchecks(relation.oid)
    _done()
    return name


def drop_check(row) -> None:
    comments.delete_comments(row.oid, d.PG_CONSTRAINT_OID)
    dependency.delete_dependencies(d.PG_CONSTRAINT_OID, row.oid)
    catalog_writes.delete_rows("pg_constraint", lambda r: r.oid == row.oid)
    _done()
    _set_relchecks(row.conrelid)
    _done()
