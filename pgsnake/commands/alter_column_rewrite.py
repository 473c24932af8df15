"""ALTER TABLE ... ALTER [COLUMN] c [SET DATA] TYPE t [USING expr] when the stored values
change (int -> text, text -> int USING ..., int -> bigint, any USING): the table is
rewritten into a new relfilenode (table_rewrite.rewrite_table).

A statement's consecutive ALTER COLUMN TYPE subcommands make one TypeChanges batch and
one rewrite (PostgreSQL's phase 3). `add()` runs each subcommand's checks in
PostgreSQL's order: the cast (42804 'column "c" cannot be cast automatically to type
integer' with the USING hint; with USING, 42804 'result of USING clause for column "c"
cannot be cast automatically to type integer'), the default (42804 'default for column
"c" cannot be cast automatically to type integer'), then the views reading the column
(0A000). `apply()` then:
  1. computes every row's new values with one query over the old table (the USING
     expression, or the column itself, cast to the new type; the new typmod is applied
     as an assignment would: 22001 for a value too long); a NULL in a NOT NULL column
     is 23502;
  2. drops what depends on the changed columns: foreign keys on them or referencing
     them, their indexes (and PRIMARY KEY / UNIQUE constraints), CHECK constraints and
     defaults, remembering their definitions;
  3. changes pg_attribute (type, typmod, length, alignment, storage, collation) and
     forgets the columns' statistics;
  4. rewrites the table with the new values, each row's xmin this transaction's;
  5. puts the defaults back, cast to the new type, then the CHECK constraints
     (re-analysed and re-validated against the new type: 42883 when the old
     expression no longer fits) and the indexes and constraints under their old names
     (the clustered index stays clustered), then the foreign keys.

Foreign keys on a changed column, or referencing it, are dropped and added again after
the rewrite (ALTER TABLE ... ADD CONSTRAINT from pg_get_constraintdef, which checks the
key types and the rows again), the other table locked AccessExclusive meanwhile.

Entry point: TypeChanges(relation_oid, source) with claim(attribute) (0A000 for a
column retyped twice in one statement), add(relation, attribute, cmd, type_oid, typmod)
and apply().

PostgreSQL: commands/tablecmds.c (ATPrepAlterColumnType, ATExecAlterColumnType,
ATPostAlterTypeCleanup, ATRewriteTable). Where we differ: comments on the rebuilt
indexes and constraints are not kept; the new values are computed before the catalogs
change (PostgreSQL re-parses the constraints first, so when both a constraint and a value
fail, the error reported may differ).
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import (catalog_writes, index_creation, invalidation, relation_locks,
                             statistic_rows, table_alteration, toast_creation)
from pgsnake.commands import check_constraints, foreign_keys, generated_columns, table_rewrite
from pgsnake.datatypes import registry
from pgsnake.datatypes.type_coercion import can_coerce
from pgsnake.executor import spi
from pgsnake.parser.operator_classes import is_binary_coercible
from pgsnake.parser.raw_parser import RawStatement, parse_sql
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils.errors import (DATATYPE_MISMATCH, FEATURE_NOT_SUPPORTED, INTERNAL_ERROR,
                                  NOT_NULL_VIOLATION, PgError)


UNKNOWN = 705                    # an untyped literal (USING NULL, USING '1') fits any type


def _is_untyped_literal(node: dict) -> bool:
    """NULL or a quoted string: a SELECT would make it text, a cast takes it as is."""
    const = node.get("A_Const")
    return const is not None and (bool(const.get("isnull")) or "sval" in const)


def _column_ref(name: str) -> dict:
    return {"ColumnRef": {"fields": [{"String": {"sval": name}}], "location": -1}}


def _cast_to(expr: dict, type_oid: int) -> dict:
    """expr::"schema"."typname" (no typmod: the caller applies it as an assignment)."""
    row = cc.get_type_row(type_oid)
    names = [{"String": {"sval": cc.namespace_name(row.typnamespace)}},
             {"String": {"sval": row.typname}}]
    return {"TypeCast": {"arg": expr, "typeName": {"names": names, "typemod": -1,
                                                   "location": -1}, "location": -1}}


def _select(relation, targets: list[dict], source) -> RawStatement:
    """SELECT targets FROM ONLY the table, as a parse tree (the USING expressions are
    the client's nodes: their errors point into the ALTER TABLE statement)."""
    range_var = {"RangeVar": {"schemaname": relation.namespace_name,
                              "relname": relation.name, "inh": False,
                              "relpersistence": "p", "location": -1}}
    node = {"SelectStmt": {"targetList": [{"ResTarget": {"val": t, "location": -1}}
                                          for t in targets],
                           "fromClause": [range_var], "limitOption": "LIMIT_OPTION_DEFAULT",
                           "op": "SETOP_NONE"}}
    if source is None:
        source = parse_sql("SELECT")[0].source
    return RawStatement(node, "", 0, "SelectStmt", source)


def _prepare(statement: RawStatement):
    from pgsnake.executor.portal_query import prepare_statement
    return prepare_statement(statement, [])


def _default_of(relation_oid: int, attnum: int) -> str | None:
    for row in cc.scan_catalog("pg_attrdef"):
        if row.adrelid == relation_oid and row.adnum == attnum:
            return row.adbin
    return None


class _Change:
    def __init__(self, attribute, type_oid: int, typmod: int, using: dict | None) -> None:
        self.attribute = attribute
        self.type_oid = type_oid
        self.typmod = typmod
        self.using = using
        self.default = None


class TypeChanges:
    """The ALTER COLUMN TYPE subcommands of one statement that need a rewrite."""

    def __init__(self, relation_oid: int, source=None) -> None:
        self.relation_oid = relation_oid
        self.source = source
        self.changes: list[_Change] = []
        self._altered: set[int] = set()       # every column this statement retypes

    def claim(self, attribute) -> None:
        """One ALTER COLUMN TYPE per column and statement (0A000 otherwise)."""
        if attribute.attnum in self._altered:
            raise PgError(FEATURE_NOT_SUPPORTED,
                          f'cannot alter type of column "{attribute.name}" twice')
        self._altered.add(attribute.attnum)

    def add(self, relation, attribute, cmd: dict, type_oid: int, typmod: int) -> None:
        """Check one subcommand (ATPrepAlterColumnType and ATExecAlterColumnType's
        checks) and keep it for apply()."""
        from pgsnake.commands import alter_column_type
        using = cmd["def"]["ColumnDef"].get("raw_default")
        shown = registry.format_type(type_oid, typmod)
        if using is not None and attribute.generated:
            raise PgError("42611", "cannot specify USING when altering type of generated "
                                   "column", detail=f'Column "{attribute.name}" is a generated '
                                                    f'column.')
        if using is not None:
            if _is_untyped_literal(using):
                source_type = UNKNOWN
            else:
                statement = _prepare(_select(relation, [using], self.source))
                source_type = statement.columns[0].type_oid
            if not (source_type in (type_oid, UNKNOWN) or is_binary_coercible(source_type, type_oid)
                    or can_coerce(source_type, type_oid, "assignment")):
                raise PgError(DATATYPE_MISMATCH, f'result of USING clause for column '
                              f'"{attribute.name}" cannot be cast automatically to type '
                              f'{shown}', hint="You might need to add an explicit cast.")
        change = _Change(attribute, type_oid, typmod, using)
        change.default = _default_of(relation.oid, attribute.attnum)
        if change.default is not None and not (
                is_binary_coercible(attribute.type_oid, type_oid)
                or can_coerce(attribute.type_oid, type_oid, "assignment")):
            raise PgError(DATATYPE_MISMATCH, f'default for column "{attribute.name}" cannot '
                                             f'be cast automatically to type {shown}')
        alter_column_type.refuse_if_used_by_views(relation, attribute)
        self.changes.append(change)

    # ---- apply --------------------------------------------------------------------

    def _new_rows(self, relation) -> list[list]:
        """Every row's values in the new shape, from the old table."""
        by_attnum = {c.attribute.attnum: c for c in self.changes}
        live = [a for a in relation.attributes if not a.is_dropped]
        targets = []
        for attribute in live:
            change = by_attnum.get(attribute.attnum)
            if change is None:
                targets.append(_column_ref(attribute.name))
            else:
                expr = change.using if change.using is not None else \
                    _column_ref(attribute.name)
                targets.append(_cast_to(expr, change.type_oid))
        result = _prepare(_select(relation, targets, self.source)).execute([])
        if len(result.rows) != table_rewrite.count_live_rows(relation):
            # The query must read every row (a row-level security policy, say, would hide
            # some): the rewrite would lose the rest.
            raise PgError(INTERNAL_ERROR, f'could not read every row of "{relation.name}" '
                                          f'to rewrite it')
        width = len(relation.attributes)
        out = []
        for row in result.rows:
            values = [None] * width
            for attribute, value in zip(live, row):
                change = by_attnum.get(attribute.attnum)
                if change is not None:
                    if value is None and attribute.not_null:
                        raise PgError(NOT_NULL_VIOLATION, f'column "{attribute.name}" of '
                                      f'relation "{relation.name}" contains null values',
                                      schema=relation.namespace_name, table=relation.name,
                                      column=attribute.name)
                    value = registry.apply_typmod(change.type_oid, value, change.typmod,
                                                  False)
                values[attribute.attnum - 1] = value
            out.append(values)
        return out

    def _foreign_keys(self, relation, index_oids: set[int]) -> list[tuple]:
        """The foreign keys on the changed columns (this table's, and other tables'
        that reference them or an index about to be rebuilt), dropped:
        [(referencing table oid, name, definition)]."""
        attnums = {c.attribute.attnum for c in self.changes}
        found = []
        for row in list(cc.scan_catalog("pg_constraint")):
            # a partition's clone of a foreign key goes and comes back with its parent's
            if row.contype != "f" or row.conparentid:
                continue
            mine = row.conrelid == relation.oid and attnums.intersection(row.conkey or ())
            theirs = row.confrelid == relation.oid and (
                attnums.intersection(row.confkey or ()) or row.conindid in index_oids)
            if not (mine or theirs):
                continue
            if row.conrelid != relation.oid:
                relation_locks.lock_relation_oid(row.conrelid, lock_modes.ACCESS_EXCLUSIVE)
            definition = spi.execute("SELECT pg_catalog.pg_get_constraintdef($1)",
                                     [26], [row.oid]).rows[0][0]
            found.append((row.conrelid, row.conname, definition))
            foreign_keys.drop_foreign_key(row)
        return found

    def _dependents(self, relation):
        """(index definitions, check definitions, foreign keys) on the changed columns,
        dropped."""
        attnums = {c.attribute.attnum for c in self.changes}
        rebuilt = {oid for oid in cc.index_oids_of(relation.oid)
                   if attnums.intersection(cc.index_row(oid).indkey or ())}
        references = self._foreign_keys(relation, rebuilt)
        indexes = []
        for index_oid in cc.index_oids_of(relation.oid):
            row = cc.index_row(index_oid)
            if not attnums.intersection(row.indkey or ()):
                continue
            constraint = next((c for c in cc.scan_catalog("pg_constraint")
                               if c.conindid == index_oid and c.contype in ("p", "u", "x")),
                              None)
            if constraint is not None:
                definition = spi.execute("SELECT pg_catalog.pg_get_constraintdef($1)",
                                         [26], [constraint.oid]).rows[0][0]
                text = (f"ALTER TABLE {spi.qualified_name(relation)} ADD CONSTRAINT "
                        f"{cc.quote_identifier(constraint.conname)} {definition}")
            else:
                text = spi.execute("SELECT pg_catalog.pg_get_indexdef($1)", [26],
                                   [index_oid]).rows[0][0]
            indexes.append((cc.class_row(index_oid).relname, text, row.indisclustered))
            relation_locks.lock_relation_oid(index_oid, lock_modes.ACCESS_EXCLUSIVE)
            index_creation.drop_index(index_oid)
        checks = []
        for row in cc.check_constraints(relation.oid):
            if attnums.intersection(row.conkey or ()):
                definition = spi.execute("SELECT pg_catalog.pg_get_constraintdef($1)",
                                         [26], [row.oid]).rows[0][0]
                checks.append((row.conname, definition))
                check_constraints.drop_check(row)
        return indexes, checks, references

    def _change_catalog(self, relation) -> None:
        for change in self.changes:
            attnum = change.attribute.attnum
            if change.default is not None and change.attribute.generated:
                table_alteration.store_generation_expression(relation.oid, attnum, None)
            elif change.default is not None:
                table_alteration.set_default(relation.oid, attnum, None)
            type_row = cc.get_type_row(change.type_oid)
            catalog_writes.update_rows(
                "pg_attribute", lambda r, a=attnum: r.attrelid == relation.oid and r.attnum == a,
                atttypid=change.type_oid, atttypmod=change.typmod, attlen=type_row.typlen,
                attbyval=type_row.typbyval, attalign=type_row.typalign,
                attstorage=type_row.typstorage, attcollation=type_row.typcollation,
                attndims=1 if type_row.typcategory == "A" and type_row.typelem else 0)
            statistic_rows.delete_statistics(relation.oid, attnum)
            from pgsnake.catalog import extended_statistics
            extended_statistics.forget_column_data(relation.oid, attnum)
            table_alteration.record_column_type(relation.oid, attnum, change.type_oid)
        invalidation.note_catalog_change()
        xact.command_counter_increment()

    def _restore(self, relation, indexes, checks, references) -> None:
        from pgsnake.commands.table_commands import default_text
        for change in self.changes:
            if change.default is not None:
                (statement,) = parse_sql(f"SELECT {change.default}")
                node = statement.node["SelectStmt"]["targetList"][0]["ResTarget"]["val"]
                if change.attribute.generated:     # analysed again over the new column
                    generated_columns.store_expressions(
                        relation.oid, [({"raw_expr": node}, change.attribute.name)])
                    continue
                table_alteration.set_default(
                    relation.oid, change.attribute.attnum,
                    default_text(node, change.type_oid, change.typmod, change.attribute.name))
        for name, definition in checks:
            (statement,) = parse_sql(f"ALTER TABLE x ADD CONSTRAINT "
                                     f"{cc.quote_identifier(name)} {definition}")
            cmd = statement.node["AlterTableStmt"]["cmds"][0]["AlterTableCmd"]
            check_constraints.add_check(cc.get_relation(relation.oid),
                                        cmd["def"]["Constraint"], None, None, validate=True)
        for name, text, clustered in indexes:
            spi.execute(text)
            if clustered:
                index_oid = cc.relation_oid_in(relation.namespace_oid, name)
                catalog_writes.update_rows("pg_index", lambda r: r.indexrelid == index_oid,
                                           indisclustered=True)
                invalidation.note_catalog_change()
                xact.command_counter_increment()
        for table_oid, name, definition in references:
            spi.execute(f"ALTER TABLE {spi.qualified_name(cc.get_relation(table_oid))} "
                        f"ADD CONSTRAINT {cc.quote_identifier(name)} {definition}")

    def apply(self) -> None:
        """Rewrite the table for the kept subcommands (nothing if there are none)."""
        if not self.changes:
            return
        relation = cc.get_relation(self.relation_oid)
        if relation.relkind != "p":
            from pgsnake.commands import event_trigger_firing
            event_trigger_firing.table_rewrite_starting(relation.oid,
                                                        event_trigger_firing.REWRITE_COLUMN)
        # A partitioned table stores no rows: its partitions are rewritten on their own.
        rows = self._new_rows(relation) if relation.relkind != "p" else None
        indexes, checks, references = self._dependents(relation)
        self._change_catalog(relation)
        # A column that became wide needs the TOAST table before the rows go in.
        toast_creation.create_toast_table_if_needed(relation.oid)
        xid = xact.get_current_xid()
        cid = xact.current_command_id(used=True)
        if rows is not None:
            table_rewrite.rewrite_table(relation.oid,
                                        lambda _old: [(values, xid, cid, 0) for values in rows])
        self._restore(cc.get_relation(relation.oid), indexes, checks, references)
        self.changes = []
