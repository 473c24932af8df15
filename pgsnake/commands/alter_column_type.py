"""ALTER TABLE ... ALTER [COLUMN] c [SET DATA] TYPE t: the changes that keep every stored
value as it is.

PostgreSQL rewrites the table when the new type stores values differently, and skips the
rewrite when the old values are already values of the new type: varchar(n) to varchar(m)
or text, text to varchar(n) (after checking that every value fits: 22001 otherwise),
numeric(p, s) to numeric(q, s) with q >= p or to unconstrained numeric, and any type to
itself without a typmod. pgsnake does those (pg_attribute's atttypid / atttypmod of the
table and of its indexes' columns change; the rows do not), which is what ORMs' length
changes need (Django's `ALTER COLUMN "name" TYPE varchar(150)`). A change that would
rewrite the table, and USING, are 0A000 for now.

Checked in PostgreSQL's order: the column exists and is not a system column, the type
exists, an assignment cast exists (42804 'column "c" cannot be cast automatically to type
integer' with PostgreSQL's USING hint), no view or rule reads the column (0A000 with the
rule in DETAIL), then the values.

Entry points: alter_column_type(relation, attribute, cmd, batch),
refuse_if_used_by_views(relation, attribute).

PostgreSQL: commands/tablecmds.c (ATPrepAlterColumnType, ATColumnChangeRequiresRewrite,
ATExecAlterColumnType).
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import dependency
from pgsnake.catalog import (catalog_writes, invalidation, statistic_rows, table_alteration,
                             view_creation)
from pgsnake.datatypes import numeric, registry
from pgsnake.datatypes.type_coercion import can_coerce
from pgsnake.executor import spi
from pgsnake.parser.operator_classes import is_binary_coercible
from pgsnake.utils.errors import DATATYPE_MISMATCH, FEATURE_NOT_SUPPORTED, PgError

TEXT, VARCHAR, NUMERIC = 25, 1043, 1700
_STRINGS = (TEXT, VARCHAR)


def _keeps_values(old: int, old_typmod: int, new: int, new_typmod: int) -> tuple[bool, bool]:
    """(no rewrite needed, the values must be checked against the new typmod)."""
    if old in _STRINGS and new in _STRINGS:
        narrower = new == VARCHAR and new_typmod >= 0 and (
            old_typmod < 0 or new_typmod < old_typmod)
        return True, narrower
    if old == new and new_typmod < 0:
        return True, False
    if old == new == NUMERIC and old_typmod >= 0:
        old_precision, old_scale = numeric.typmod_precision_scale(old_typmod)
        new_precision, new_scale = numeric.typmod_precision_scale(new_typmod)
        return new_scale == old_scale and new_precision >= old_precision, False
    return old == new and old_typmod == new_typmod, False


def _change_identity_sequence(relation, attribute, type_oid: int) -> None:
    """An identity column's sequence takes the column's new type (ALTER SEQUENCE ... AS,
    bounds that were the old type's becoming the new type's); only smallint, integer
    and bigint can be identity columns (22023)."""
    if type_oid not in (21, 23, 20):
        raise PgError("22023", "identity column type must be smallint, integer, or bigint")
    from pgsnake.commands import identity_columns, sequence_commands
    sequence_oid = identity_columns.identity_sequence(relation, attribute)
    if sequence_oid is not None:
        sequence_commands.alter_sequence_options(cc.get_relation(sequence_oid),
                                                 {"as": (True, type_oid)})


def refuse_if_used_by_views(relation, attribute) -> None:
    """A column a view, rule or generated column reads keeps its type (0A000, as
    RememberAllDependentForRebuilding refuses it)."""
    generated = _generated_column_reading(relation, attribute)
    if generated is not None:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "cannot alter type of a column used by a generated column",
                      detail=f'Column "{attribute.name}" is used by generated column '
                             f'"{generated}".')
    views = view_creation.dependent_views(relation.oid, attribute.attnum)
    if views:
        view = cc.get_relation(views[0])
        kind = "materialized view" if view.relkind == "m" else "view"
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "cannot alter type of a column used by a view or rule",
                      detail=f'rule _RETURN on {kind} {view.name} '
                             f'depends on column "{attribute.name}"')
    rule = _rule_reading(relation.oid, attribute.attnum)
    if rule is not None:                # CREATE RULE's rules (ON INSERT / UPDATE / DELETE)
        owner = cc.get_relation(rule.ev_class)
        kind = {"v": "view", "m": "materialized view"}.get(owner.relkind, "table")
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "cannot alter type of a column used by a view or rule",
                      detail=f'rule {rule.rulename} on {kind} {owner.name} '
                             f'depends on column "{attribute.name}"')


def _rule_reading(relation_oid: int, attnum: int):
    """The first CREATE RULE rule (pg_rewrite row) that depends on the column."""
    rules = {r.oid: r for r in cc.scan_catalog("pg_rewrite") if r.ev_type != "1"}
    for r in sorted(cc.scan_catalog("pg_depend"), key=lambda r: r.objid):
        if r.classid == 2618 and r.objid in rules and r.refclassid == 1259 \
                and r.refobjid == relation_oid and r.refobjsubid == attnum \
                and r.deptype == "n":
            return rules[r.objid]
    return None


def _generated_column_reading(relation, attribute) -> str | None:
    """The name of another generated column whose expression reads `attribute` (its
    pg_attrdef row depends on the column), or None."""
    others = {a.attnum: a.name for a in relation.attributes
              if a.generated and not a.is_dropped and a.attnum != attribute.attnum}
    if not others:
        return None
    defaults = {r.oid: r.adnum for r in cc.scan_catalog("pg_attrdef",
                                                        key=("adrelid", relation.oid))}
    for row in cc.scan_catalog("pg_depend", key=("refobjid", relation.oid)):
        if row.classid == dependency.PG_ATTRDEF_OID and row.refobjsubid == attribute.attnum \
                and defaults.get(row.objid) in others:
            return others[defaults[row.objid]]
    return None


def _check_values(relation, attribute, type_oid: int, typmod: int) -> None:
    """Every stored value must take the new typmod as an assignment would (22001)."""
    rows = spi.execute(f"SELECT {cc.quote_identifier(attribute.name)} FROM "
                       f"{spi.qualified_name(relation)}").rows
    for (value,) in rows:
        registry.apply_typmod(type_oid, value, typmod, False)


def _set_column_type(relation_oid: int, attnum: int, type_oid: int, typmod: int) -> None:
    catalog_writes.update_rows("pg_attribute",
                               lambda r: r.attrelid == relation_oid and r.attnum == attnum,
                               atttypid=type_oid, atttypmod=typmod)
    table_alteration.record_column_type(relation_oid, attnum, type_oid)


def _rewrite(relation, attribute, cmd: dict, type_oid: int, typmod: int, batch) -> None:
    from pgsnake.commands import alter_column_rewrite
    if batch is None:
        batch = alter_column_rewrite.TypeChanges(relation.oid)
        batch.add(relation, attribute, cmd, type_oid, typmod)
        batch.apply()
    else:
        batch.add(relation, attribute, cmd, type_oid, typmod)


def alter_column_type(relation, attribute, cmd: dict, batch=None) -> None:
    """`attribute`: the table's column cmd names (resolved by the caller). `batch`: the
    statement's alter_column_rewrite.TypeChanges, which a change needing a rewrite
    joins (without one, the rewrite happens at once)."""
    from pgsnake.commands.table_commands import resolve_type_name
    definition = cmd["def"]["ColumnDef"]
    type_oid, typmod = resolve_type_name(definition["typeName"])
    if attribute.identity:
        _change_identity_sequence(relation, attribute, type_oid)
    if batch is not None:
        batch.claim(attribute)
    from pgsnake.commands import row_type_users
    if definition.get("raw_default") is not None:
        row_type_users.refuse_if_row_type_used(relation)
        _rewrite(relation, attribute, cmd, type_oid, typmod, batch)
        return
    if not (is_binary_coercible(attribute.type_oid, type_oid)
            or can_coerce(attribute.type_oid, type_oid, "assignment")):
        shown = registry.format_type(type_oid, typmod)
        raise PgError(DATATYPE_MISMATCH, f'column "{attribute.name}" cannot be cast '
                                         f'automatically to type {shown}',
                      hint=None if attribute.generated else
                      f'You might need to specify "USING {attribute.name}::{shown}".')
    row_type_users.refuse_if_row_type_used(relation)
    keeps, check = _keeps_values(attribute.type_oid, attribute.typmod, type_oid, typmod)
    if not keeps:
        _rewrite(relation, attribute, cmd, type_oid, typmod, batch)
        return
    refuse_if_used_by_views(relation, attribute)
    if check:
        _check_values(relation, attribute, type_oid, typmod)
    _set_column_type(relation.oid, attribute.attnum, type_oid, typmod)
    # the column's statistics were gathered for the old type (RemoveStatistics)
    statistic_rows.delete_statistics(relation.oid, attribute.attnum)
    from pgsnake.catalog import extended_statistics
    extended_statistics.forget_column_data(relation.oid, attribute.attnum)
    for index_oid in cc.index_oids_of(relation.oid):
        index = cc.index_row(index_oid)
        for position, attnum in enumerate(index.indkey or (), start=1):
            if attnum == attribute.attnum:
                _set_column_type(index_oid, position, type_oid, typmod)
    invalidation.note_catalog_change()
    xact.command_counter_increment()
