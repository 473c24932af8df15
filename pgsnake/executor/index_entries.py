"""The entry a table row gets in one index: its key values, and whether it gets one.

A plain index column takes the row's column; an expression column (indkey 0) takes the
value of the next of the index's expressions, computed from the row; a partial index
takes only the rows its predicate is true for. Both are analysed from pg_index's
stored text (rewrite/index_expression_text.py) and compiled once per statement.

Entry points: IndexEntryForm(index relation) -> .entry(values) (None: the row is left
out), .positions_used (the 0-based table columns the entry depends on, for HOT: an
UPDATE changing one of them cannot be heap-only), .is_plain; entry_function(index)
(what index builds call), expression_columns(index_row), make_estate().

PostgreSQL: catalog/index.c (FormIndexDatum), executor/execIndexing.c
(ExecInsertIndexTuples' predicate test), utils/cache/relcache.c
(RelationGetIndexExpressions, RelationGetIndexPredicate).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache, invalidation
from pgsnake.executor.expression_eval import ExecutorState, compile_expression
from pgsnake.parser.expression_nodes import Var, walk


def make_estate():
    """An executor state for index expressions (immutable: they read no parameters)."""
    return ExecutorState()


class IndexEntryForm:
    """How one index forms its entry from a table row (FormIndexDatum)."""

    __slots__ = ("positions", "expressions", "predicate", "positions_used", "is_plain",
                 "estate")

    def __init__(self, index, estate=None) -> None:
        description = index.index
        self.positions = tuple(attnum - 1 for attnum in description.heap_attnums)
        self.estate = estate if estate is not None else make_estate()
        self.expressions, self.predicate, used = _compiled(index.oid, description.heap_oid)
        self.positions_used = frozenset(
            p for p in used.union(p for p in self.positions if p >= 0) if p >= 0)
        self.is_plain = not self.expressions and self.predicate is None

    def entry(self, values: list) -> list | None:
        """The index entry's values for a table row; None if a partial index leaves the
        row out (its predicate is false or NULL)."""
        estate = self.estate
        if self.predicate is not None and self.predicate(values, estate) is not True:
            return None
        if not self.expressions:
            return [values[p] for p in self.positions]
        expressions = iter(self.expressions)
        return [next(expressions)(values, estate) if p < 0 else values[p]
                for p in self.positions]


# (index oid, indexprs, indpred, the table's columns) -> compiled code: analysing the
# stored texts once per backend, not once per statement (the functions are pure).
_compiled_cache: dict = {}


def _compiled(index_oid: int, heap_oid: int):
    """(compiled expressions, compiled predicate or None, 0-based columns they read)."""
    from pgsnake.rewrite import index_expression_text as texts
    row = catalog_cache.index_row(index_oid)
    heap = catalog_cache.get_relation(heap_oid)
    if row is None:
        return [], None, set()
    key = (index_oid, row.indexprs, row.indpred,
           tuple((a.attnum, a.name, a.type_oid) for a in heap.attributes))
    found = _compiled_cache.get(key)
    if found is not None:
        return found
    layout = {("var", 1, a.attnum): a.attnum - 1 for a in heap.attributes}
    used: set = set()
    expressions = []
    predicate = None
    if row.indexprs is not None:
        for expr in texts.analysed_list(row.indexprs, heap_oid):
            expressions.append(compile_expression(expr, layout))
            used.update(n.attnum - 1 for n in walk(expr) if isinstance(n, Var))
    if row.indpred is not None:
        expr = texts.analysed_predicate(row.indpred, heap_oid)
        predicate = compile_expression(expr, layout)
        used.update(n.attnum - 1 for n in walk(expr) if isinstance(n, Var))
    found = _compiled_cache[key] = (expressions, predicate, used)
    return found


def entry_function(index):
    """form_entry for catalog/index_creation.create_index: None for a plain index."""
    form = IndexEntryForm(index)
    return None if form.is_plain else form.entry


def _reset_cache() -> None:
    _compiled_cache.clear()            # a function the expressions call may have changed


invalidation.add_cache_reset(_reset_cache)
