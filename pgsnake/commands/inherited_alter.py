"""ALTER TABLE column changes on tables in a partition tree or an inheritance tree: what
PostgreSQL refuses with ONLY or on an inherited column, and ALTER COLUMN TYPE carried
down to the children.

partition_commands.check_alter / alter_children call these around each subcommand:
    refuse_before(relation, cmd, recurse)   before it runs on `relation`
    refuse_after(relation, cmd, recurse)    after it ran (PostgreSQL checks these after
                                            the subcommand's own checks: the cast of
                                            ALTER TYPE comes first)
    alter_child_column_type(child, cmd)     ALTER COLUMN TYPE on one child

Refusals (SQLSTATE 42P16 unless said):
  - ALTER COLUMN TYPE of an inherited column (attinhcount > 0): 'cannot alter inherited
    column "c"'; of a descendant's column also inherited from outside the tree: 'cannot
    alter inherited column "c" of relation "t"'; of a partition key column of the table or of a partitioned child:
    'cannot alter column "c" because it is part of the partition key of relation "t"'
    (a key expression is taken to read every column whose name it contains); with ONLY on a table with children: 'type of inherited column "c" must
    be changed in child tables too'.
  - DROP COLUMN of a partition key column of the table, or of a partitioned descendant
    the drop reaches: 'cannot drop column "c" because it is part of the partition key of
    relation "t"'.
  - ADD COLUMN with ONLY on any table with children: 'column must be added to child
    tables too'.
  - DROP NOT NULL with ONLY on a partitioned table with partitions: 'cannot remove
    constraint from only the partitioned table when partitions exist' with the hint 'Do
    not specify the ONLY keyword.'; SET NOT NULL with ONLY on a partitioned table with
    a partition whose column is not NOT NULL yet: 'constraint must be added to child tables too'
    (PostgreSQL's AT_CheckNotNull).
  - DROP NOT NULL on a partition whose parent's column is NOT NULL: 'column "c" is
    marked NOT NULL in parent table' (an inheritance child may drop it).
SET NOT NULL looks for NULLs in each table's own rows only (alter_table._check_no_nulls
reads ONLY the table), so the error names the partition or child that holds one, as
PostgreSQL's per-table phase 3 does.

Where we differ: an ALTER COLUMN TYPE through a partitioned table that must rewrite the
partitions of a column a partitioned index covers is 0A000 (the partitioned index and
its partitions' indexes are not rebuilt together yet); changes that keep the stored
values (varchar(n) wider, ...) and rewrites of unindexed columns recurse as in
PostgreSQL.

PostgreSQL: commands/tablecmds.c (ATPrepAlterColumnType, ATExecAddColumn,
ATPrepSetNotNull, ATPrepDropNotNull, ATExecDropNotNull, ATSimpleRecursion).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import partition_bounds as pb
from pgsnake.utils.errors import PgError

INVALID_TABLE_DEFINITION, FEATURE_NOT_SUPPORTED = "42P16", "0A000"
_ONLY_HINT = "Do not specify the ONLY keyword."


def _attribute_row(relation_oid: int, name: str | None):
    return next((r for r in cc.attribute_rows(relation_oid)
                 if r.attname == name and not r.attisdropped), None)


def refuse_before(relation, cmd: dict, recurse: bool) -> None:
    subtype = cmd["subtype"]
    if subtype == "AT_AlterColumnType":
        attribute = _attribute_row(relation.oid, cmd.get("name"))
        if attribute is not None and attribute.attinhcount > 0:
            raise PgError(INVALID_TABLE_DEFINITION,
                          f'cannot alter inherited column "{attribute.attname}"')
        if attribute is not None:
            refuse_key_column(relation, attribute)
            if recurse:
                _refuse_column_shared_with_other_parents(relation, attribute.attname)
                _refuse_rewrite_under_partitioned_index(relation, attribute, cmd)
    elif subtype == "AT_DropColumn":
        _refuse_dropping_key_column(relation, cmd.get("name"), recurse)
    elif subtype == "AT_DropNotNull" and not recurse \
            and relation.relkind == "p" and pb.children(relation.oid):
        raise PgError(INVALID_TABLE_DEFINITION, "cannot remove constraint from only the "
                      "partitioned table when partitions exist", hint=_ONLY_HINT)
    elif subtype == "AT_DropNotNull":
        _refuse_drop_not_null_of_partition(relation, cmd.get("name"))
    elif subtype == "AT_DropExpression":                    # ATPrepDropExpression
        if not recurse and pb.children(relation.oid):
            raise PgError(FEATURE_NOT_SUPPORTED, "ALTER TABLE / DROP EXPRESSION must be "
                                                 "applied to child tables too")
        attribute = _attribute_row(relation.oid, cmd.get("name"))
        if attribute is not None and attribute.attinhcount > 0:
            raise PgError(INVALID_TABLE_DEFINITION, "cannot drop generation expression from "
                                                    "inherited column")


def _refuse_column_shared_with_other_parents(relation, name: str) -> None:
    """A descendant that inherits the column from more parents than the tree being
    altered gives it ('cannot alter inherited column "c" of relation "t"')."""
    tree = {relation.oid, *pb.all_descendants(relation.oid)}
    for child in sorted(tree - {relation.oid}):
        attribute = _attribute_row(child, name)
        in_tree = sum(1 for parent in pb.parents(child) if parent in tree)
        if attribute is not None and attribute.attinhcount > in_tree:
            raise PgError(INVALID_TABLE_DEFINITION, f'cannot alter inherited column "{name}" '
                                                    f'of relation "{cc.get_relation(child).name}"')


def refuse_key_column(relation, attribute, verb: str = "alter") -> None:
    """A partition key column (or one a key expression reads) keeps its type and cannot
    be dropped (`verb` "drop")."""
    import re
    key = pb.partition_key(relation.oid)
    if key is None:
        return
    word = re.compile(r"\b" + re.escape(attribute.attname) + r"\b")
    if attribute.attnum in key.attnums or any(
            text and word.search(text) for text in key.expressions):
        raise PgError(INVALID_TABLE_DEFINITION,
                      f'cannot {verb} column "{attribute.attname}" because it is part of '
                      f'the partition key of relation "{relation.name}"')


def _refuse_dropping_key_column(relation, name, recurse: bool) -> None:
    """DROP COLUMN of a key column of the table, or of a descendant the drop reaches (one
    whose column is inherited only: ATExecDropColumn's recursion)."""
    attribute = _attribute_row(relation.oid, name)
    if attribute is None:
        return
    refuse_key_column(relation, attribute, "drop")
    if not recurse:
        return
    for child in pb.children(relation.oid):
        inherited = _attribute_row(child, name)
        if inherited is not None and inherited.attinhcount == 1 \
                and not inherited.attislocal:
            _refuse_dropping_key_column(cc.get_relation(child), name, True)


def _refuse_rewrite_under_partitioned_index(relation, attribute, cmd: dict) -> None:
    """Rebuilding a partitioned index and its partitions' indexes around a rewrite is not
    done yet: such a change is 0A000 (a change that keeps the stored values is fine)."""
    from pgsnake.commands import alter_column_type
    from pgsnake.commands.table_commands import resolve_type_name
    if relation.relkind != "p":
        return
    if not any(attribute.attnum in (cc.index_row(oid).indkey or ())
               for oid in cc.index_oids_of(relation.oid)):
        return
    definition = cmd["def"]["ColumnDef"]
    type_oid, typmod = resolve_type_name(definition["typeName"])
    keeps, _check = alter_column_type._keeps_values(attribute.atttypid, attribute.atttypmod,
                                                    type_oid, typmod)
    if definition.get("raw_default") is not None or not keeps:
        raise PgError("0A000", f'ALTER COLUMN TYPE that rewrites the partitions of '
                               f'"{relation.name}" under a partitioned index on column '
                               f'"{attribute.attname}" is not supported yet')


def _refuse_drop_not_null_of_partition(relation, name) -> None:
    row = cc.class_row(relation.oid)
    if row is None or not row.relispartition:
        return
    attribute = _attribute_row(relation.oid, name)
    if attribute is None or not attribute.attnotnull:
        return
    for parent in pb.parents(relation.oid):
        parent_attribute = _attribute_row(parent, name)
        if parent_attribute is not None and parent_attribute.attnotnull:
            raise PgError(INVALID_TABLE_DEFINITION,
                          f'column "{name}" is marked NOT NULL in parent table')


def refuse_after(relation, cmd: dict, recurse: bool) -> None:
    if recurse or not pb.children(relation.oid):
        return
    subtype = cmd["subtype"]
    if subtype == "AT_AlterColumnType":
        raise PgError(INVALID_TABLE_DEFINITION, f'type of inherited column "{cmd["name"]}" '
                                                f'must be changed in child tables too')
    if subtype == "AT_AddColumn":
        raise PgError(INVALID_TABLE_DEFINITION, "column must be added to child tables too")
    if subtype == "AT_SetNotNull" and relation.relkind == "p":
        # ONLY on a partitioned table: every partition must be NOT NULL already
        for child in pb.all_descendants(relation.oid):
            attribute = _attribute_row(child, cmd.get("name"))
            if attribute is not None and not attribute.attnotnull:
                raise PgError(INVALID_TABLE_DEFINITION,
                              "constraint must be added to child tables too",
                              detail=f'Column "{cmd["name"]}" of relation '
                                     f'"{cc.class_row(child).relname}" is not already '
                                     f'NOT NULL.', hint=_ONLY_HINT)


def alter_child_column_type(child, cmd: dict) -> None:
    """The parent's ALTER COLUMN TYPE on one child (its own rewrite when one is needed)."""
    from pgsnake.commands import alter_column_type
    attribute = next((a for a in child.attributes
                      if a.name == cmd["name"] and not a.is_dropped), None)
    if attribute is not None:
        refuse_key_column(child, _attribute_row(child.oid, cmd["name"]))
        alter_column_type.alter_column_type(child, attribute, cmd, None)

