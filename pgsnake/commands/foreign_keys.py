"""FOREIGN KEY constraints in CREATE TABLE and ALTER TABLE: checking the definition and
recording it (pg_constraint contype 'f').

The referenced columns (by default the referenced table's primary key) must be exactly
the key columns of one of its unique indexes, which the constraint records (conindid);
each pair of columns must be comparable with `=` (the operator is recorded in conpfeqop,
conppeqop, conffeqop). The name is <table>_<columns>_fkey. ALTER TABLE ADD checks the
existing rows unless NOT VALID. The constraint gets PostgreSQL's four internal RI
triggers (catalog/trigger_catalog.add_foreign_key_triggers), through which the executor
enforces it (executor/foreign_keys.py), at the end of the statement or, when DEFERRABLE
and deferred, at commit.

Entry points: add_foreign_key(relation, constraint node, column or None, source,
validate, only: ALTER TABLE ONLY), drop_foreign_key(row) (a DROP of the referenced
table finds the constraint through pg_depend: commands/dependent_objects.py). (pg_get_constraintdef's text: catalog/object_definitions.py.)

PostgreSQL: commands/tablecmds.c (ATAddForeignKeyConstraint, transformFkeyGetPrimaryKey,
transformFkeyCheckAttrs, validateForeignKeyConstraint), utils/adt/ruleutils.c
(pg_get_constraintdef_worker's FOREIGN KEY branch).
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import (catalog_writes, comments, dependency, invalidation, object_names,
                             relation_locks, trigger_catalog)
from pgsnake.catalog import definitions as d
from pgsnake.executor import spi
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils.errors import (DATATYPE_MISMATCH,
                                  FEATURE_NOT_SUPPORTED,
                                  FOREIGN_KEY_VIOLATION, UNDEFINED_COLUMN, UNDEFINED_TABLE,
                                  WRONG_OBJECT_TYPE, PgError)

INVALID_FOREIGN_KEY = "42830"


def _names(nodes) -> list[str]:
    return [n["String"]["sval"] for n in nodes or ()]


def _attribute(relation, name: str, referenced: bool):
    attribute = next((a for a in relation.attributes if a.name == name and not a.is_dropped),
                     None)
    if attribute is None:
        if any(system_name == name for system_name, *_ in d.SYSTEM_COLUMNS):
            raise PgError(FEATURE_NOT_SUPPORTED, "system columns cannot be used in foreign "
                                                 "keys")
        raise PgError(UNDEFINED_COLUMN, f'column "{name}" referenced in foreign key '
                      f'constraint does not exist')
    return attribute


def _delete_set_columns(relation, constraint: dict, fk_attributes) -> list | None:
    """ON DELETE SET NULL / SET DEFAULT (columns): the attnums of the referencing columns
    the action sets (pg_constraint.confdelsetcols); each must be one of the key's."""
    names = _names(constraint.get("fk_del_set_cols"))
    if not names:
        return None
    attnums = []
    for name in names:
        attribute = _attribute(relation, name, False)
        if attribute not in fk_attributes:
            raise PgError("42P10", f'column "{name}" referenced in ON DELETE SET action '
                                   f'must be part of foreign key')
        attnums.append(attribute.attnum)
    return attnums


def _referenced_key(referenced, pk_names: list[str]):
    """(index oid, referenced attributes in the constraint's order)."""
    indexes = [cc.index_row(oid) for oid in cc.index_oids_of(referenced.oid)]
    if not pk_names:
        primary = next((i for i in indexes if i is not None and i.indisprimary), None)
        if primary is None:
            raise PgError(INVALID_FOREIGN_KEY, f'there is no primary key for referenced '
                          f'table "{referenced.name}"')
        if not primary.indimmediate:
            raise PgError("55000", f'cannot use a deferrable primary key for referenced '
                          f'table "{referenced.name}"')
        by_attnum = {a.attnum: a for a in referenced.attributes}
        return primary.indexrelid, [by_attnum[n] for n in primary.indkey[:primary.indnkeyatts]]
    attributes = [_attribute(referenced, name, True) for name in pk_names]
    wanted = {a.attnum for a in attributes}
    found_deferrable = False
    for index in indexes:
        if index is not None and index.indisunique and index.indisvalid \
                and index.indpred is None and index.indexprs is None \
                and set(index.indkey[:index.indnkeyatts]) == wanted \
                and index.indnkeyatts == len(attributes):
            if not index.indimmediate:         # transformFkeyCheckAttrs skips it
                found_deferrable = True
                continue
            return index.indexrelid, attributes
    if found_deferrable:
        raise PgError("55000", f'cannot use a deferrable unique constraint for referenced '
                      f'table "{referenced.name}"')
    raise PgError(INVALID_FOREIGN_KEY, f'there is no unique constraint matching given keys '
                  f'for referenced table "{referenced.name}"')


def _equality_operators(name, fk_attr, pk_attr, index_oid: int):
    """(pf, pp, ff): the equality operators comparing a referencing column with the
    referenced one, two referenced values, two referencing values (pg_constraint's
    conpfeqop, conppeqop, conffeqop), as ATAddForeignKeyConstraint finds them: the
    first in the operator family of the unique index's column, for (index type,
    referencing type); else, when both columns' types coerce implicitly to the index's
    input type, that type's own equality for all three. Neither: 42804
    "cannot be implemented" (numeric referencing integer has no operator in the integer
    family and numeric does not coerce implicitly to integer)."""
    from pgsnake.datatypes import operators, registry, type_coercion, user_type_facts
    incompatible = PgError(DATATYPE_MISMATCH, f'foreign key constraint "{name}" cannot be '
                           f'implemented',
                           detail=f'Key columns "{fk_attr.name}" and "{pk_attr.name}" are of '
                                  f'incompatible types: '
                                  f'{registry.format_type(fk_attr.type_oid)} and '
                                  f'{registry.format_type(pk_attr.type_oid)}.')
    index = cc.index_row(index_oid)
    # the index's column holding the referenced one (the key may list them in another
    # order than the index)
    position = list(index.indkey).index(pk_attr.attnum)
    opclass = next((r for r in cc.scan_catalog("pg_opclass")
                    if r.oid == index.indclass[position]), None)
    if opclass is not None and getattr(cc.get_type_row(opclass.opcintype), "typtype", "p") != "p":
        def member(left, right):
            return next((r.amopopr for r in cc.scan_catalog("pg_amop")
                         if r.amopfamily == opclass.opcfamily and r.amoplefttype == left
                         and r.amoprighttype == right and r.amopstrategy == 3), None)
        fk_type = user_type_facts.base_type(fk_attr.type_oid)
        same = member(opclass.opcintype, opclass.opcintype)
        found, fk_same = member(opclass.opcintype, fk_type), member(fk_type, fk_type)
        if found is not None and fk_same is not None:
            return found, same, fk_same
        if same is not None and all(type_coercion.can_coerce(t, opclass.opcintype, "implicit")
                                    for t in (pk_attr.type_oid, fk_attr.type_oid)):
            return same, same, same
        raise incompatible
    try:                    # a polymorphic operator class (arrays, enums, ranges, ...)
        found = operators.resolve_operator("=", pk_attr.type_oid, fk_attr.type_oid).oid
    except PgError:
        raise incompatible from None
    return found, found, found


_ATTRIBUTE_NAMES = {"CONSTR_ATTR_DEFERRABLE": "DEFERRABLE",
                    "CONSTR_ATTR_NOT_DEFERRABLE": "NOT DEFERRABLE",
                    "CONSTR_ATTR_DEFERRED": "INITIALLY DEFERRED",
                    "CONSTR_ATTR_IMMEDIATE": "INITIALLY IMMEDIATE"}


def apply_constraint_attributes(constraints: list) -> list:
    """A column's constraint list with its DEFERRABLE / INITIALLY ... items folded into
    the FOREIGN KEY, PRIMARY KEY or UNIQUE before them (transformConstraintAttrs); misplaced or repeated ones
    are 42601, with the clause's location as `node_location` (table_commands.column_spec
    turns it into the error position)."""
    out, last, seen_deferrable, seen_initially = [], None, False, False

    def refuse(constraint, message, sqlstate="42601"):
        error = PgError(sqlstate, message)
        error.node_location = constraint.get("location")
        return error
    for wrapped in constraints:
        constraint = wrapped["Constraint"]
        kind = constraint["contype"]
        if kind not in _ATTRIBUTE_NAMES:
            out.append(wrapped)
            last, seen_deferrable, seen_initially = constraint, False, False
            continue
        if last is None or last["contype"] not in ("CONSTR_FOREIGN", "CONSTR_PRIMARY",
                                                   "CONSTR_UNIQUE", "CONSTR_EXCLUSION"):
            raise refuse(constraint, f"misplaced {_ATTRIBUTE_NAMES[kind]} clause")
        if kind in ("CONSTR_ATTR_DEFERRABLE", "CONSTR_ATTR_NOT_DEFERRABLE"):
            if seen_deferrable:
                raise refuse(constraint, "multiple DEFERRABLE/NOT DEFERRABLE clauses not "
                             "allowed")
            seen_deferrable = True
            last["deferrable"] = kind == "CONSTR_ATTR_DEFERRABLE"
            if not last["deferrable"] and last.get("initdeferred"):
                raise refuse(constraint, "constraint declared INITIALLY DEFERRED must be "
                             "DEFERRABLE")
        else:
            if seen_initially:
                raise refuse(constraint, "multiple INITIALLY IMMEDIATE/DEFERRED clauses not "
                             "allowed")
            seen_initially = True
            last["initdeferred"] = kind == "CONSTR_ATTR_DEFERRED"
            if last["initdeferred"]:
                if seen_deferrable and not last.get("deferrable"):
                    raise refuse(constraint, "constraint declared INITIALLY DEFERRED must "
                                 "be DEFERRABLE")
                last["deferrable"] = True
    return out


def add_foreign_key(relation, constraint: dict, column: str | None, source=None,
                    validate: bool = False, only: bool = False) -> str:
    from pgsnake.access.transam import transaction_ids
    pk_table = constraint["pktable"]
    referenced_oid = relation_locks.open_relation_oid(
        pk_table["relname"], pk_table.get("schemaname"), lock_modes.SHARE_ROW_EXCLUSIVE)
    if referenced_oid is None:
        raise PgError(UNDEFINED_TABLE, f'relation "{pk_table["relname"]}" does not exist')
    referenced = cc.get_relation(referenced_oid) if referenced_oid != relation.oid else relation
    if referenced.relkind not in ("r", "p"):
        raise PgError(WRONG_OBJECT_TYPE, f'referenced relation "{referenced.name}" is not a table')
    if relation.relkind == "p":          # a partitioned table's key goes to every partition
        if only:
            raise PgError(WRONG_OBJECT_TYPE, f'cannot use ONLY for foreign key on partitioned '
                          f'table "{relation.name}" referencing relation "{referenced.name}"')
        if constraint.get("skip_validation") and not constraint.get("initially_valid"):
            raise PgError(WRONG_OBJECT_TYPE, f'cannot add NOT VALID foreign key on partitioned '
                          f'table "{relation.name}" referencing relation "{referenced.name}"',
                          detail="This feature is not yet supported on partitioned tables.")
    from pgsnake.commands import temp_relations
    temp_relations.check_foreign_key_persistence(relation, referenced)
    fk_names = [column] if column is not None else _names(constraint.get("fk_attrs"))
    fk_attributes = [_attribute(relation, name, False) for name in fk_names]
    set_columns = _delete_set_columns(relation, constraint, fk_attributes)
    _check_generated_actions(fk_attributes, constraint)
    index_oid, pk_attributes = _referenced_key(referenced, _names(constraint.get("pk_attrs")))
    if len(pk_attributes) != len(fk_attributes):
        raise PgError(INVALID_FOREIGN_KEY, "number of referencing and referenced columns for "
                      "foreign key disagree")
    name = constraint.get("conname") or object_names.choose_constraint_name(
        relation.name, "_".join(fk_names), "fkey", relation.namespace_oid)
    pf, pp, ff = zip(*[_equality_operators(name, f, p, index_oid)
                       for f, p in zip(fk_attributes, pk_attributes)])
    match = constraint.get("fk_matchtype", "s")
    if match == "p":
        raise PgError(FEATURE_NOT_SUPPORTED, "MATCH PARTIAL not yet implemented")
    skip = constraint.get("skip_validation", False)
    if validate and not skip:
        validate_existing_rows(relation, referenced, name, fk_attributes, pk_attributes,
                               match)
    deferrable = bool(constraint.get("deferrable"))
    deferred = bool(constraint.get("initdeferred"))
    constraint_oid = transaction_ids.get_new_oid()
    catalog_writes.insert_row("pg_constraint", d.row_values(
        "pg_constraint", oid=constraint_oid, conname=name,
        connamespace=relation.namespace_oid, contype="f", condeferrable=deferrable,
        condeferred=deferred, convalidated=not (skip and validate), conrelid=relation.oid,
        contypid=0,
        conindid=index_oid, conparentid=0, confrelid=referenced.oid,
        confupdtype=constraint.get("fk_upd_action", "a"),
        confdeltype=constraint.get("fk_del_action", "a"), confmatchtype=match,
        conislocal=True, coninhcount=0, connoinherit=relation.relkind != "p",
        conkey=[a.attnum for a in fk_attributes], confkey=[a.attnum for a in pk_attributes],
        conpfeqop=list(pf), conppeqop=list(pp), conffeqop=list(ff),
        confdelsetcols=set_columns,
        conexclop=None, conbin=None))
    # As CreateConstraintEntry records a foreign key: it goes with its own columns and
    # needs the referenced columns and the unique index that makes them a key.
    address = dependency.ObjectAddress(d.PG_CONSTRAINT_OID, constraint_oid)
    dependency.record_all(address, [dependency.column(relation.oid, a.attnum)
                                    for a in fk_attributes], dependency.AUTO)
    dependency.record_all(address, [dependency.column(referenced.oid, a.attnum)
                                    for a in pk_attributes], dependency.NORMAL)
    dependency.record(address, dependency.relation(index_oid), dependency.NORMAL)
    # Enforced by its RI triggers (executor/foreign_keys.py runs them).
    trigger_catalog.add_foreign_key_triggers(
        constraint_oid, relation.oid, referenced.oid, index_oid,
        constraint.get("fk_del_action", "a"), constraint.get("fk_upd_action", "a"),
        deferrable, deferred)
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    from pgsnake.commands import partition_foreign_keys    # clones down partition trees
    partition_foreign_keys.after_add(constraint_oid)
    return name


def _check_generated_actions(fk_attributes, constraint: dict) -> None:
    """A stored generated referencing column cannot be written by the key's actions:
    ON UPDATE CASCADE / SET NULL / SET DEFAULT and ON DELETE SET NULL / SET DEFAULT are
    refused (ATAddForeignKeyConstraint)."""
    if not any(a.generated for a in fk_attributes):
        return
    if constraint.get("fk_upd_action", "a") in ("c", "n", "d"):
        raise PgError("42601", "invalid ON UPDATE action for foreign key constraint "
                               "containing generated column")
    if constraint.get("fk_del_action", "a") in ("n", "d"):
        raise PgError("42601", "invalid ON DELETE action for foreign key constraint "
                               "containing generated column")


def validate_existing_rows(relation, referenced, name, fk_attributes, pk_attributes,
                           match) -> None:
    """ALTER TABLE ADD FOREIGN KEY / VALIDATE CONSTRAINT: every existing row must
    reference a row (validateForeignKeyConstraint, as a join looking for an orphan; under
    MATCH FULL (`match` "f") a key with some NULLs is an orphan too, an all-NULL one is
    not)."""
    if relation.relkind == "p":          # each partition's rows, under its own name
        from pgsnake.commands import partition_foreign_keys
        partition_foreign_keys.validate_partitions(relation, referenced, name,
                                                   [a.name for a in fk_attributes],
                                                   pk_attributes, match)
        return
    quote = cc.quote_identifier
    joins = " AND ".join(f"c.{quote(f.name)} = p.{quote(p.name)}"
                         for f, p in zip(fk_attributes, pk_attributes))
    present = (" OR " if match == "f" else " AND ").join(
        f"c.{quote(f.name)} IS NOT NULL" for f in fk_attributes)
    columns = ", ".join(f"c.{quote(f.name)}" for f in fk_attributes)
    orphan = spi.execute(f"SELECT {columns} FROM {spi.qualified_name(relation)} c LEFT JOIN "
                         f"{spi.qualified_name(referenced)} p ON {joins} "
                         f"WHERE p.{quote(pk_attributes[0].name)} IS NULL AND ({present}) "
                         "LIMIT 1")
    if orphan.rows and match == "f" and None in orphan.rows[0]:
        raise PgError(FOREIGN_KEY_VIOLATION, f'insert or update on table "{relation.name}" '
                      f'violates foreign key constraint "{name}"',
                      detail="MATCH FULL does not allow mixing of null and nonnull key "
                             "values.")
    if orphan.rows:
        from pgsnake.executor.foreign_keys import key_text
        raise PgError(FOREIGN_KEY_VIOLATION, f'insert or update on table "{relation.name}" '
                      f'violates foreign key constraint "{name}"',
                      detail=f'Key {key_text(fk_attributes, orphan.rows[0])} is not present '
                             f'in table "{referenced.name}".')


def drop_foreign_key(row) -> None:
    from pgsnake.commands import partition_foreign_keys
    partition_foreign_keys.drop_clones(row.oid)
    trigger_catalog.drop_constraint_triggers(row.oid)
    comments.delete_comments(row.oid, d.PG_CONSTRAINT_OID)
    dependency.delete_dependencies(d.PG_CONSTRAINT_OID, row.oid)
    catalog_writes.delete_rows("pg_constraint", lambda r: r.oid == row.oid)
    invalidation.note_catalog_change()
    xact.command_counter_increment()
