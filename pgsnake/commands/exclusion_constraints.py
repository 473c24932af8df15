"""EXCLUDE constraints: CREATE TABLE (..., EXCLUDE USING gist (room WITH =, during WITH
&&)) and ALTER TABLE ... ADD [CONSTRAINT name] EXCLUDE ...

A constraint is an index (GiST or B-tree) whose columns are the constraint's, made with
pg_index.indisexclusion and a pg_constraint row of contype 'x' whose conexclop lists
the operators (catalog/exclusion_operators.py resolves and checks them). Its name, when
none is given, is table_columns_excl. ADD CONSTRAINT checks the table's rows
(executor/exclusion_check.py: 23P01 "could not create exclusion constraint");
inserts and non-HOT updates check each new row (executor/index_maintenance.py).
INSERT ... ON CONFLICT DO NOTHING (without a target, or ON CONSTRAINT) takes them as
arbiters (parser/on_conflict.py, executor/on_conflict.py); DO UPDATE refuses them
(42809), as PostgreSQL does.

Entry points: index_spec(constraint node, source) -> IndexSpec, add_constraint(relation,
constraint node, source, position).

A DEFERRABLE constraint's index is not immediate (indimmediate false): a possible
conflict only queues a recheck of the row at the end of the statement or at commit
(executor/unique_recheck.py), as PostgreSQL's unique_key_recheck trigger does.

Not done (0A000): USING INDEX, other access methods than gist and btree.

PostgreSQL: parser/parse_utilcmd.c (transformIndexConstraint's exclusion part),
commands/indexcmds.c (DefineIndex, ComputeIndexAttrs), catalog/index.c
(index_constraint_create, IndexCheckExclusion).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.commands import index_commands
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, UNDEFINED_OBJECT, PgError


def index_spec(constraint: dict, source=None) -> index_commands.IndexSpec:
    if constraint.get("indexname"):
        raise PgError(FEATURE_NOT_SUPPORTED, "USING INDEX in a constraint is not supported yet")
    method = constraint.get("access_method") or "btree"
    if method not in ("btree", "gist"):
        if method in ("hash", "gin", "spgist", "brin"):
            raise PgError(FEATURE_NOT_SUPPORTED,
                          f'EXCLUDE USING {method} is not supported yet')
        raise PgError(UNDEFINED_OBJECT, f'access method "{method}" does not exist')
    pairs = [item["List"]["items"] for item in constraint.get("exclusions", [])]
    elems = [pair[0]["IndexElem"] for pair in pairs]
    operators = [[n["String"]["sval"] for n in pair[1]["List"]["items"]] for pair in pairs]
    spec = index_commands.IndexSpec(
        name=constraint.get("conname"),
        key_columns=[index_commands._index_elem_column(e) for e in elems],
        key_operator_classes=[index_commands._operator_class_name(e) for e in elems],
        key_operator_class_options=[e.get("opclassopts") for e in elems],
        include_columns=[k["String"]["sval"] for k in constraint.get("including", [])],
        key_expressions=[e.get("expr") for e in elems],
        key_collations=[index_commands._collation_name(e) for e in elems],
        predicate=constraint.get("where_clause"),
        source=source,
        constraint_type="x", exclusion_operators=operators,
        location=constraint.get("location"),
        deferrable=bool(constraint.get("deferrable")),
        initially_deferred=bool(constraint.get("initdeferred")))
    if method == "gist":
        from pgsnake.catalog import gist_index_catalog
        gist_index_catalog.check_spec(spec)
        spec.access_method = gist_index_catalog.GIST
        spec.extra_reloptions = gist_index_catalog.reloptions(constraint.get("options"))
    else:
        spec.fillfactor = index_commands._storage_options(constraint.get("options"))
    return spec


def add_constraint(relation, constraint: dict, source=None, position=None) -> None:
    """ALTER TABLE ... ADD EXCLUDE: the index, then every existing row checked."""
    spec = index_spec(constraint, source)
    index_oid = index_commands.create_index_from_spec(relation, spec, position=position)
    from pgsnake.executor import exclusion_check
    exclusion_check.check_existing(cc.get_relation(relation.oid), index_oid)
