"""ANALYZE's part for expression and partial indexes: statistics of the expression
columns, and a partial index's share of the table.

An index expression has no table column to keep statistics under, so ANALYZE computes
them from the same sample as the table's columns: each sampled row a partial index's
predicate accepts is put through the index's entry (index_entries.IndexEntryForm), and
each expression column gets the statistics a table column would (null fraction, width,
n_distinct, MCVs, histogram, correlation) in pg_statistic under the index's OID and the
column's number. The planner finds them when a clause's expression equals an index
expression (optimizer/index_expression_paths.examine_expression). A partial index's
reltuples becomes the fraction of sampled rows it accepts times the table's estimate.
Only a whole-table ANALYZE does this (a column list skips the indexes), as in
PostgreSQL.

Entry points: analyze_index_expressions(relation, sample, operators) -> {index oid:
fraction of rows indexed}; update_partial_index_sizes(relation, fractions, total_rows).

PostgreSQL: commands/analyze.c (compute_index_stats, do_analyze_rel's
vac_update_relstats of the indexes).
"""
from __future__ import annotations

import dataclasses
import math

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import statistic_rows
from pgsnake.optimizer import index_expression_paths
from pgsnake.parser.expression_nodes import expression_type
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils import settings


def _expression_or_partial(relation) -> list:
    out = []
    for index_oid in cc.index_oids_of(relation.oid):
        row = cc.index_row(index_oid)
        if row is not None and (row.indexprs is not None or row.indpred is not None):
            out.append((cc.get_relation(index_oid), row))
    return out


def analyze_index_expressions(relation, sample, operators) -> dict:
    """Statistics of every expression index column from the sample; returns each
    expression or partial index's fraction of sampled rows it indexes."""
    from pgsnake.commands import analyze
    from pgsnake.commands.column_statistics import AnalyzedColumn
    from pgsnake.executor.index_entries import IndexEntryForm
    fractions = {}
    for index, row in _expression_or_partial(relation):
        form = IndexEntryForm(index)
        entries = [e for e in (form.entry(values) for values in sample.rows) if e is not None]
        fractions[index.oid] = len(entries) / len(sample.rows) if sample.rows else 1.0
        if row.indexprs is None or not entries:
            continue
        attribute_rows = {r.attnum: r for r in cc.attribute_rows(index.oid)}
        expressions = iter(index_expression_paths.index_extras(index.oid, relation.oid)[0])
        columns = []
        for position, attnum in enumerate(row.indkey, start=1):
            if attnum != 0:
                continue
            attribute = index.attributes[position - 1]
            expression = next(expressions, None)
            if expression is not None and expression_type(expression) != attribute.type_oid:
                # The expression's type, not the column's: that may be the operator
                # class's storage type (GIN's text keys of a text[] expression), as
                # examine_attribute believes the expression tree.
                type_row = cc.get_type_row(expression_type(expression))
                attribute = dataclasses.replace(attribute, type_oid=type_row.oid,
                                                typlen=type_row.typlen)
            attribute_row = attribute_rows.get(position)
            target = attribute_row.attstattarget if attribute_row is not None else -1
            if target == 0:
                continue
            if target < 0:
                target = settings.get("default_statistics_target")
            eq, lt = operators.of(attribute.type_oid)
            # A computed value is not packed into a short header as a stored one is:
            # its width is the detoasted one (VARSIZE_ANY of a fresh datum).
            _stored, raw = analyze._width_functions(attribute.type_oid, attribute.typlen)
            stored = raw
            collation = attribute_row.attcollation if attribute_row is not None else 0
            columns.append(AnalyzedColumn(position, attribute.type_oid, attribute.typlen,
                                          target, eq, lt, collation, stored, raw))
        # The fraction of the table the index holds scales the row count (tupleFract).
        total = sample.total_rows * fractions[index.oid]
        stats = [analyze._column_stats(c, [e[c.attnum - 1] for e in entries], len(entries),
                                       total) for c in columns]
        statistic_rows.store_column_statistics(index.oid, False, stats)
    return fractions


def update_partial_index_sizes(relation, fractions: dict, total_rows: float) -> None:
    """A partial index's pages now and its reltuples: its share of the table's rows."""
    from pgsnake.commands import vacuum
    for index, row in _expression_or_partial(relation):
        if row.indpred is None or index.oid not in fractions:
            continue
        vacuum._inplace_update("pg_class", index.oid, dict(
            relpages=bufmgr.nblocks(index.locator, ForkNumber.MAIN),
            reltuples=float(math.ceil(fractions[index.oid] * total_rows))))
